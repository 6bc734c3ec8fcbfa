import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'

export interface TestCertificate {
  /** Temp directory holding the three files. */
  dir: string
  /** The CA certificate: what NODE_EXTRA_CA_CERTS (or an https agent's `ca`) must point at. */
  caPath: string
  /** Server certificate for localhost, 127.0.0.1 and ::1, signed by the CA. */
  certPath: string
  keyPath: string
  caPem: string
  certPem: string
  keyPem: string
}

const ONE_DAY_MS = 24 * 60 * 60 * 1000

/**
 * Makes a throwaway CA and a server certificate signed by it, so Node trusts the local provider
 * through NODE_EXTRA_CA_CERTS the same way it would trust a corporate proxy's CA.
 * A CA plus leaf, rather than one self-signed leaf, is what TLS stacks expect of a trust anchor.
 * EC keys because they are generated in milliseconds.
 */
export async function createTestCertificate(): Promise<TestCertificate> {
  // Back-dated so a slightly skewed clock in a child process never sees a not-yet-valid cert.
  const notBeforeDate = new Date(Date.now() - ONE_DAY_MS)
  const notAfterDate = new Date(Date.now() + 30 * ONE_DAY_MS)
  const ca = await generate([{ name: 'commonName', value: 'Omnidesk test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
    ]
  })
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' }
        ]
      }
    ]
  })

  const dir = mkdtempSync(join(tmpdir(), 'omnidesk-tls-'))
  const files = { caPath: join(dir, 'ca.pem'), certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') }
  writeFileSync(files.caPath, ca.cert)
  writeFileSync(files.certPath, server.cert)
  writeFileSync(files.keyPath, server.private, { mode: 0o600 })
  return { dir, ...files, caPem: ca.cert, certPem: server.cert, keyPem: server.private }
}
