/**
 * `npm run web`: the app in a browser. Starts the web harness (real main-process services in
 * Node, the built renderer, the WebSocket bridge) and prints the URL to open.
 *
 *   npm run web -- [--data DIR] [--port N] [--fake-provider] [--keyring unavailable] [--locale zh-CN]
 *                  [--capture DIR|demo]
 *
 * --fake-provider also starts the local OpenAI-protocol server (tests/support/fakeProvider) and
 * prints its base URL, to add as a "custom" provider in onboarding.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { captureFixturesFromDir } from './harnessCapture'
import { startHarness, type KeyringOption } from './server'

const USAGE = `Usage: npm run web -- [options]
  --data DIR          where the database, preferences and key file live (default .harness-data/)
  --port N            port on 127.0.0.1 (default 5199; 0 = any free port)
  --fake-provider     also start the local fake OpenAI provider and print its base URL
  --provider-port N   port of the fake provider (default any free port)
  --keyring MODE      available | unavailable (simulate a desktop without an OS keyring)
  --locale TAG        the OS language the app sees (default: this machine's)
  --capture DIR|demo  screens for the screenshot button: every PNG in DIR is a display
                      (NAME@2x.png = Retina), window-*.png are windows; "demo": two
                      synthetic screens and a window (written to DATA/capture-demo)
  --renderer DIR      built renderer (default out/renderer)
  --bridge FILE       built bridge (default out/harness/bridge.js)
  -h, --help`

/** Bad command line: printed with the usage. */
class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '.harness-data' },
      port: { type: 'string', default: '5199' },
      'fake-provider': { type: 'boolean', default: false },
      'provider-port': { type: 'string' },
      keyring: { type: 'string', default: 'available' },
      locale: { type: 'string' },
      capture: { type: 'string' },
      renderer: { type: 'string', default: 'out/renderer' },
      bridge: { type: 'string', default: 'out/harness/bridge.js' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port: ${values.port}`)
  if (values.keyring !== 'available' && values.keyring !== 'unavailable') {
    throw new UsageError(`--keyring: expected available or unavailable, got ${values.keyring}`)
  }

  const closers: Array<() => Promise<void>> = []
  let providerLine = ''
  if (values['fake-provider']) {
    // Loaded only on demand: the fake provider is test support, not part of the app.
    const { startFakeProvider } = await import('../../../tests/support/fakeProvider')
    const providerPort = values['provider-port'] === undefined ? 0 : Number(values['provider-port'])
    const provider = await startFakeProvider({ port: providerPort })
    closers.push(() => provider.close())
    providerLine =
      `Fake provider:  ${provider.baseURL}\n` +
      `  In onboarding choose "Custom", base URL ${provider.baseURL}, any API key, model gpt-4o.\n`
  }

  const dataDir = path.resolve(values.data)
  let captureDir = values.capture === undefined ? undefined : path.resolve(values.capture)
  if (values.capture === 'demo') {
    // Test support, loaded only on demand (like the fake provider): synthetic screens to click through.
    const { writeDemoCaptureScreens } = await import('../../../tests/support/captureDemo')
    captureDir = await writeDemoCaptureScreens(path.join(dataDir, 'capture-demo'))
  }
  const captureFixtures = captureDir ? await captureFixturesFromDir(captureDir) : undefined
  const harness = await startHarness({
    dataDir,
    rendererDir: values.renderer,
    bridgeScript: values.bridge,
    port,
    keyring: values.keyring as KeyringOption,
    locale: values.locale,
    captureFixtures
  })
  closers.unshift(() => harness.close())

  console.log(
    `\nOmnidesk web harness\n` +
      `Open:           ${harness.url}\n` +
      `Data folder:    ${dataDir}\n` +
      (values.keyring === 'unavailable' ? `Keyring:        simulated as unavailable\n` : '') +
      providerLine +
      (captureFixtures
        ? `Screens:        ${captureFixtures.displays.map((d) => `${d.label} (${d.bounds.width}×${d.bounds.height} @${d.scaleFactor}x)`).join(', ')}\n` +
          `  Region… prints one overlay page per display here: open it in another tab of this browser.\n`
        : '') +
      `Ctrl+C to stop.\n`
  )

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    console.log('\nStopping...')
    Promise.allSettled(closers.map((c) => c())).then(() => process.exit(0))
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  const code = (error as { code?: unknown } | null)?.code
  if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) console.error(`\n${USAGE}`)
  process.exit(1)
})
