// `npm run provider:fake [-- --tls] [-- --key KEY]`: the local provider alone, for trying the app
// (or curl) against it by hand. Stays up until Ctrl+C.
import { createTestCertificate } from '../tls'
import { startFakeProvider } from './index'

interface CliFlags {
  tls: boolean
  apiKey?: string
}

function parseFlags(argv: string[]): CliFlags {
  const flags: CliFlags = { tls: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--tls') flags.tls = true
    else if (arg === '--key') flags.apiKey = argv[++i]
    else if (arg.startsWith('--key=')) flags.apiKey = arg.slice('--key='.length)
    else if (arg === '--help' || arg === '-h') {
      console.log('Usage: npm run provider:fake -- [--tls] [--key KEY]   (port: PORT env, default 8787)')
      process.exit(0)
    } else {
      console.error(`Unknown flag ${arg}`)
      process.exit(2)
    }
  }
  if (flags.apiKey === '') {
    console.error('--key needs a value')
    process.exit(2)
  }
  return flags
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2))
  const certificate = flags.tls ? await createTestCertificate() : undefined
  const provider = await startFakeProvider({
    port: Number(process.env.PORT ?? 8787),
    host: process.env.HOST ?? '127.0.0.1',
    apiKey: flags.apiKey,
    tls: certificate && { cert: certificate.certPath, key: certificate.keyPath }
  })

  console.log(`Fake OpenAI provider listening.
  base URL:   ${provider.baseURL}
  API key:    ${flags.apiKey ? flags.apiKey : '(any)'}`)
  if (certificate) console.log(`  trust it:   NODE_EXTRA_CA_CERTS=${certificate.caPath}`)
  console.log(`Control endpoints:
  POST ${provider.url}/__control/script    body: a ScriptRule JSON (or an array); "Infinity" for times
  POST ${provider.url}/__control/reset
  GET  ${provider.url}/__control/requests
Example:
  curl -X POST ${provider.url}/__control/script -d '{"status":429,"retryAfterSeconds":1}'${certificate ? ` --cacert ${certificate.caPath}` : ''}
Ctrl+C to stop.`)

  const stop = () => {
    void provider.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
