/**
 * Playwright fixtures for E2E specs against the web harness.
 *
 *   import { test, expect, addProvider, seedProvider } from './fixtures'
 *
 *   test('streams', async ({ seededApp: page, provider }) => { ... })     // provider configured
 *   test('onboarding', async ({ app: page, provider }) => {               // first run
 *     await addProvider(page, provider)
 *   })
 *   test.use({ harnessOptions: { keyring: 'unavailable', locale: 'zh-CN' } })
 *
 * Every test gets its own fake provider, its own temp data folder and its own harness; all are
 * closed after the test (the data folder is kept when the test failed, and its path printed).
 * Build first: `npm run test:e2e` runs `npm run build && npm run build:harness` before Playwright.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test'
import { startHarness, type Harness, type HarnessOptions } from '../../src/main/harness/server'
import type { MainServices } from '../../src/main/services'
import type { BridgeApi, ContractHandlers } from '../../src/shared/ipc/contract'
import { ProviderDraft, type PresetId, type ProviderView } from '../../src/shared/settings'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'

export { expect }
export type { FakeProvider, Page }

/** Options a spec may set with `test.use({ harnessOptions: {...} })`. */
export type HarnessFixtureOptions = Pick<HarnessOptions, 'keyring' | 'locale' | 'clientOptions' | 'partialWriteIntervalMs' | 'captureFixtures'>

/** The openai SDK settings E2E runs with: few retries, short timeouts, so failures show fast. */
export const E2E_CLIENT_OPTIONS = { maxRetries: 2, timeoutMs: 5_000 } as const

export interface HarnessHandle {
  /** http://127.0.0.1:PORT/ — stays the same across restart(). */
  readonly url: string
  readonly origin: string
  readonly port: number
  readonly dataDir: string
  /** The run's secret (kept across restart(), like the port, so open pages reconnect). */
  readonly token: string
  /** A renderer page's URL with the token, e.g. pageUrl('companion.html'). */
  pageUrl(page: string): string
  /** The current services (a new instance after restart()). */
  readonly services: MainServices
  /** Shortcut for services.handlers: call the main side directly (input is NOT validated). */
  readonly handlers: ContractHandlers
  /** URLs the app asked to open in the OS browser (recorded, never opened), since the last start. */
  readonly openedUrls: string[]
  /** setLaunchAtLogin calls since the last start. */
  readonly launchAtLoginCalls: boolean[]
  /** Times the app asked to quit and start again, since the last start (call restart() to do it). */
  readonly relaunchRequests: number[]
  /** Fixture screen capture: overlay pages opened, permission switch (since the last start). */
  readonly capture: Harness['capture']
  /** The companion's desktop side: recorded calls (`calls`), fake clipboard, fake global shortcuts (since the last start). */
  readonly companion: Harness['companion']
  /** The fake updater: `respondWith` a check's answer, `emit` updater events, `fireTimer()` the automatic check (since the last start). */
  readonly updates: Harness['updates']
  /** Save / Open dialogs: `nextSave(path)` / `nextOpen(path)` script the next answer (null: cancel); `requests` (since the last start). */
  readonly fileDialogs: Harness['fileDialogs']
  /** Bridge sockets currently connected. */
  connectionCount(): number
  /**
   * Like quitting and relaunching the app: closes the services (streams stop, partials saved,
   * database closed) and starts them again on the same data folder and port. An open page
   * reconnects by itself; reload it to see the app as it starts.
   */
  restart(opts?: { beforeStart?: () => Promise<void> }): Promise<void>
}

/** `window.omnidesk` inside page.evaluate (tests compile without DOM types). */
/** The page's `window.omnidesk`: invokes resolve to their IpcResult ({ ok, value } | { ok: false, error }). */
export type PageGlobal = { omnidesk: BridgeApi }

export interface ProviderOptions {
  presetId?: PresetId
  name?: string
  apiKey?: string
  /** Default 'gpt-4o'. */
  model?: string
  fallbackModel?: string
}

type Fixtures = {
  harnessOptions: HarnessFixtureOptions
  provider: FakeProvider
  harness: HarnessHandle
  /** The app loaded in the page, nothing configured (onboarding shows). */
  app: Page
  /** The app loaded in the page with `provider` already configured as the default provider. */
  seededApp: Page
}

export const test = base.extend<Fixtures>({
  harnessOptions: [{}, { option: true }],

  // Page errors and console errors go to the test output: a blank screen then says why.
  page: async ({ page }, use) => {
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`))
    page.on('console', (msg) => {
      // The bridge reconnecting while a harness restarts or shuts down is expected, not an app error.
      if (msg.type() === 'error' && !msg.text().includes('/__harness/ipc')) console.log(`[page console.error] ${msg.text()}`)
    })
    await use(page)
  },

  provider: async ({}, use) => {
    const provider = await startFakeProvider({})
    try {
      await use(provider)
    } finally {
      await provider.close()
    }
  },

  harness: async ({ harnessOptions }, use, testInfo) => {
    const root = testInfo.config.configFile ? path.dirname(testInfo.config.configFile) : process.cwd()
    const dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-e2e-'))
    const start = (port?: number, token?: string): Promise<Harness> =>
      startHarness({
        dataDir,
        // OMNIDESK_E2E_RENDERER_DIR: run the specs against another renderer build.
        rendererDir: process.env.OMNIDESK_E2E_RENDERER_DIR ?? path.join(root, 'out/renderer'),
        bridgeScript: path.join(root, 'out/harness/bridge.js'),
        port,
        token,
        ...harnessOptions,
        clientOptions: { ...E2E_CLIENT_OPTIONS, ...harnessOptions.clientOptions },
        log: (line) => console.log(line)
      })
    let current: Harness | undefined = await start()
    const live = (): Harness => {
      if (!current) throw new Error('The harness is not running (a restart failed?)')
      return current
    }
    const handle: HarnessHandle = {
      get url() {
        return live().url
      },
      get origin() {
        return live().origin
      },
      get port() {
        return live().port
      },
      get token() {
        return live().token
      },
      pageUrl: (page) => live().pageUrl(page),
      dataDir,
      get services() {
        return live().services
      },
      get handlers() {
        return live().services.handlers
      },
      get openedUrls() {
        return live().openedUrls
      },
      get launchAtLoginCalls() {
        return live().launchAtLoginCalls
      },
      get relaunchRequests() {
        return live().relaunchRequests
      },
      get capture() {
        return live().capture
      },
      get companion() {
        return live().companion
      },
      get updates() {
        return live().updates
      },
      get fileDialogs() {
        return live().fileDialogs
      },
      connectionCount: () => live().connectionCount(),
      async restart(opts) {
        const { port, token } = live()
        const old = current
        current = undefined
        await old?.close()
        // While "the app is closed": e.g. damage the database file.
        await opts?.beforeStart?.()
        current = await start(port, token)
      }
    }
    try {
      await use(handle)
    } finally {
      await current?.close()
      if (testInfo.status === testInfo.expectedStatus) await rm(dataDir, { recursive: true, force: true })
      else console.log(`[harness] data folder kept for inspection: ${dataDir}`)
    }
  },

  app: async ({ page, harness }, use) => {
    await page.goto(harness.url)
    await use(page)
  },

  seededApp: async ({ page, harness, provider }, use) => {
    await seedProvider(harness, provider)
    await page.goto(harness.url)
    await use(page)
  }
})

/**
 * Configures `provider` as a custom OpenAI-compatible provider WITHOUT the UI, straight through
 * the services (the draft is validated with the contract's schema first), and makes it the
 * default provider. Call it before the page loads (or reload after).
 */
export async function seedProvider(harness: HarnessHandle, provider: FakeProvider, opts: ProviderOptions = {}): Promise<ProviderView> {
  const draft = ProviderDraft.parse({
    presetId: opts.presetId ?? 'custom',
    name: opts.name ?? 'Fake provider',
    baseURL: provider.baseURL,
    apiKey: opts.apiKey ?? 'sk-test',
    defaultModel: opts.model ?? 'gpt-4o',
    ...(opts.fallbackModel ? { fallbackModel: opts.fallbackModel } : {})
  })
  const saved = await harness.handlers.providers.save(draft)
  await harness.handlers.settings.update({ defaultProviderId: saved.id })
  return saved
}

/**
 * Adds `provider` through the onboarding screen, as a user would: pick the preset (default
 * "custom"), fill base URL, key, model (and fallback), optionally test the connection, save, and
 * wait for the composer. The page must be showing onboarding.
 */
export async function addProvider(
  page: Page,
  provider: FakeProvider,
  opts: ProviderOptions & { testConnection?: boolean } = {}
): Promise<void> {
  await expect(page.getByTestId('onboarding')).toBeVisible()
  await page.getByTestId(`preset-${opts.presetId ?? 'custom'}`).click()
  await page.getByTestId('provider-base-url').fill(provider.baseURL)
  await page.getByTestId('provider-api-key').fill(opts.apiKey ?? 'sk-test')
  await page.getByTestId('provider-model').fill(opts.model ?? 'gpt-4o')
  if (opts.fallbackModel) await page.getByTestId('provider-fallback-model').fill(opts.fallbackModel)
  if (opts.testConnection) {
    await page.getByTestId('test-connection').click()
    await expect(page.getByTestId('connection-result')).toBeVisible()
  }
  await page.getByTestId('save-provider').click()
  await expect(page.getByTestId('composer')).toBeVisible()
}

/** Opens Settings from the sidebar at one of its pages (the sidebar of Settings, as a user clicks it). */
export async function openSettingsAt(page: Page, section: string): Promise<void> {
  await page.getByTestId('settings-open').click()
  await page.getByTestId(`settings-nav-${section}`).click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-section', section)
}

/** Waits until the window.omnidesk bridge socket is connected (after a restart, for instance). */
export async function waitForBridge(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() =>
        (globalThis as unknown as PageGlobal).omnidesk.settings.get().then(
          (result) => result.ok,
          () => false
        )
      )
    )
    .toBe(true)
}

/**
 * The companion's page as a second tab of the context, loaded and subscribed, then shown through
 * the real shortcut registry and companion service ("pressing" the global shortcut).
 */
export async function showCompanion(context: BrowserContext, harness: HarnessHandle): Promise<Page> {
  const companion = await context.newPage()
  await companion.goto(harness.pageUrl('companion.html'))
  await expect(companion.getByTestId('companion')).toBeVisible()
  await expect.poll(() => harness.connectionCount()).toBeGreaterThan(1)
  expect(harness.companion.pressShortcut()).toBe(true)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
  return companion
}
