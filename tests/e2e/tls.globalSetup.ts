/**
 * Playwright global setup: a throwaway CA and a localhost certificate for the local provider's
 * TLS (the openai SDK's realtime client forces wss://). The runner sets NODE_EXTRA_CA_CERTS before
 * any worker starts, and workers inherit the environment, so the harness's openai SDK (in the
 * worker process) trusts the provider exactly as a Node process trusts a corporate CA — no
 * test-only path in the product. startRealtimeProvider() picks the certificate up from the
 * OMNIDESK_TEST_TLS_* variables.
 */
import { createTestCertificate } from '../support/tls'

export default async function globalSetup(): Promise<void> {
  if (process.env.OMNIDESK_TEST_TLS_CERT && process.env.NODE_EXTRA_CA_CERTS) return
  const certificate = await createTestCertificate()
  process.env.NODE_EXTRA_CA_CERTS = certificate.caPath
  process.env.OMNIDESK_TEST_TLS_CERT = certificate.certPath
  process.env.OMNIDESK_TEST_TLS_KEY = certificate.keyPath
}
