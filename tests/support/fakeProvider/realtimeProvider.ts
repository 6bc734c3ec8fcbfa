/**
 * The local provider with Realtime over TLS: `startRealtimeProvider()` starts the HTTPS provider
 * (chat, audio endpoints) with the Realtime WebSocket on the same port.
 *
 * The certificate: the one named by OMNIDESK_TEST_TLS_CERT / OMNIDESK_TEST_TLS_KEY (made by
 * Playwright's global setup, whose CA the test process trusts through NODE_EXTRA_CA_CERTS), or a
 * fresh one (then pass `caPem` to clients yourself: Node reads NODE_EXTRA_CA_CERTS only at start).
 */
import { readFileSync } from 'node:fs'
import { createTestCertificate } from '../tls'
import { createRealtimeFake, type RealtimeFake, type RealtimeFakeOptions } from './realtime'
import { startFakeProvider } from './server'
import type { FakeProvider, FakeProviderOptions } from './types'

export interface RealtimeProvider {
  provider: FakeProvider
  realtime: RealtimeFake
  /** The CA that signed the provider's certificate. */
  caPem: string
  close(): Promise<void>
}

export async function startRealtimeProvider(
  opts: { provider?: Omit<FakeProviderOptions, 'tls' | 'onUpgrade'>; realtime?: RealtimeFakeOptions } = {}
): Promise<RealtimeProvider> {
  let tls: { cert: string; key: string }
  let caPem: string
  const envCert = process.env.OMNIDESK_TEST_TLS_CERT
  const envKey = process.env.OMNIDESK_TEST_TLS_KEY
  const envCa = process.env.NODE_EXTRA_CA_CERTS
  if (envCert && envKey && envCa) {
    tls = { cert: envCert, key: envKey }
    caPem = readFileSync(envCa, 'utf8')
  } else {
    const certificate = await createTestCertificate()
    tls = { cert: certificate.certPem, key: certificate.keyPem }
    caPem = certificate.caPem
  }
  const realtime = createRealtimeFake({ apiKey: opts.provider?.apiKey, ...opts.realtime })
  const provider = await startFakeProvider({ ...opts.provider, tls, onUpgrade: realtime.onUpgrade })
  return {
    provider,
    realtime,
    caPem,
    async close() {
      realtime.close()
      await provider.close()
    }
  }
}
