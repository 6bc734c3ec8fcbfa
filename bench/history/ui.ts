/**
 * The history bench's UI figures: the web harness (real main services in Node on a copy of the
 * big history + the built renderer, `npm run build && npm run build:harness` first) in Debian's
 * Chromium.
 *
 * - Sidebar first row: `page.reload()`, then in the page, from navigation start
 *   (performance.timeOrigin, performance.now() = 0) to the animation frame in which the first
 *   `[data-testid="conversation-item"]` is in the DOM with a non-empty box (requestAnimationFrame
 *   after the mutation that made it so: the frame that paints it). An init script arms a
 *   MutationObserver on the document before the page's own scripts run.
 * - Typed to hit: the search box is cleared (the list back), then the query is typed with
 *   Playwright's keyboard at 60 ms between keys (a quick typist; CJK text arrives as input
 *   events). From the last `input` event on `[data-testid="search"]` (its event.timeStamp, the
 *   page's clock) to the frame in which a visible `[data-testid="search-hit"]` that is not inside
 *   an `[aria-busy="true"]` list (stale hits of an earlier query) and whose text contains the
 *   query's last word (for a prefix, the typed part) is in the DOM. The sidebar's debounce is
 *   part of what is measured: it is what the user waits.
 */
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { chromium, type Browser, type Page } from '@playwright/test'
import { startHarness, type Harness } from '../../src/main/harness/server'
import { ProviderDraft } from '../../src/shared/settings'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/support/chromium'
import { startFakeProvider, type FakeProvider } from '../../tests/support/fakeProvider'

export interface ReloadTrace {
  firstRow: number
  responseEnd: number
  domContentLoaded: number
  wsOpen: number | null
  /** The page's scripts: how many, their bytes (decoded), when the last one finished loading (ms since navigation start). */
  scripts: { count: number; kb: number; lastResponseEnd: number }
  /** The longest the harness's event loop (main's services, in this process) was held up between the reload and the first row. */
  mainEventLoopDelayMaxMs: number
  /** Bridge requests sent before the first row, in order: channel, sent → answered (ms since navigation start), answer size. */
  requests: string[]
}

export interface UiResult {
  harnessStartMs: number
  firstRowMs: number[]
  /** The reload whose first row was the median one. */
  medianReload: ReloadTrace | null
  /** Rows in the DOM right after the first one appeared settled (the list's virtualisation). */
  rowsInDom: number
  typed: Array<{ query: string; ms: number | null }>
}

const FIRST_ROW_INIT = `(() => {
  window.__name = (f) => f
  // Diagnostics: the bridge's socket and its requests (channel, sent, answered; page clock).
  const trace = (window.__bridgeTrace = { wsCreated: null, wsOpen: null, requests: {} })
  const NativeWebSocket = window.WebSocket
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args)
      if (String(args[0]).includes('/__harness/ipc')) {
        trace.wsCreated ??= performance.now()
        this.addEventListener('open', () => { trace.wsOpen ??= performance.now() })
        this.addEventListener('message', (ev) => {
          if (typeof ev.data !== 'string') return
          const m = /^\\{"id":(\\d+)/.exec(ev.data)
          const r = m && trace.requests[m[1]]
          if (r && r.answered === null) { r.answered = performance.now(); r.bytes = ev.data.length }
        })
      }
    }
    send(data) {
      if (typeof data === 'string') {
        const m = /"id":(\\d+),"channel":"([^"]+)"/.exec(data)
        if (m && !trace.requests[m[1]]) trace.requests[m[1]] = { channel: m[2], sent: performance.now(), answered: null, bytes: 0 }
      }
      return super.send(data)
    }
  }
  window.__firstRow = new Promise((resolve) => {
    const check = () => {
      const el = document.querySelector('[data-testid="conversation-item"]')
      if (el && el.getBoundingClientRect().height > 0) {
        requestAnimationFrame(() => resolve(performance.now()))
        return true
      }
      return false
    }
    if (check()) return
    const mo = new MutationObserver(() => { if (check()) mo.disconnect() })
    mo.observe(document, { childList: true, subtree: true })
  })
})()`

async function armHit(page: Page, query: string): Promise<void> {
  await page.evaluate((full) => {
    const w = window as unknown as { __lastInput: number; __hit: Promise<number> }
    w.__lastInput = 0
    const input = document.querySelector<HTMLInputElement>('[data-testid="search"]')!
    // performance.now() in the listener, not event.timeStamp: synthetic key events may carry
    // another clock's time.
    input.addEventListener('input', () => (w.__lastInput = performance.now()))
    const words = full.trim().split(/\s+/)
    const needle = words[words.length - 1].toLowerCase()
    w.__hit = new Promise<number>((resolve) => {
      const check = (): boolean => {
        // Only hits shown once the whole query is in the box count (not an earlier prefix's).
        if (input.value !== full || w.__lastInput === 0) return false
        for (const h of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="search-hit"]'))) {
          if (h.closest('[aria-busy="true"]') || h.getBoundingClientRect().height === 0) continue
          if (!(h.textContent ?? '').toLowerCase().includes(needle)) continue
          requestAnimationFrame(() => resolve(performance.now()))
          return true
        }
        return false
      }
      const mo = new MutationObserver(() => {
        if (check()) mo.disconnect()
      })
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] })
    })
  }, query)
}

export async function measureUi(opts: {
  root: string
  dataDir: string
  reloads: number
  queries: string[]
  rounds: number
  log: (line: string) => void
}): Promise<UiResult> {
  let provider: FakeProvider | undefined
  let harness: Harness | undefined
  let browser: Browser | undefined
  try {
    provider = await startFakeProvider({})
    const started = performance.now()
    harness = await startHarness({
      dataDir: opts.dataDir,
      rendererDir: path.join(opts.root, 'out/renderer'),
      bridgeScript: path.join(opts.root, 'out/harness/bridge.js'),
      validateResponses: 'off',
      log: () => undefined
    })
    const harnessStartMs = performance.now() - started
    opts.log(`harness started on the big history in ${Math.round(harnessStartMs)} ms`)
    const draft = ProviderDraft.parse({ presetId: 'custom', name: 'Local', baseURL: provider.baseURL, apiKey: 'sk-bench', defaultModel: 'gpt-4o' })
    const saved = await harness.services.handlers.providers.save(draft)
    await harness.services.handlers.settings.update({ defaultProviderId: saved.id })

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.addInitScript(FIRST_ROW_INIT)
    page.on('pageerror', (e) => opts.log(`[page error] ${e.message}`))
    await page.goto(harness.url)
    await page.getByTestId('conversation-item').first().waitFor({ timeout: 120_000 })

    // --- reload → first row --------------------------------------------------------------
    const firstRowMs: number[] = []
    const traces: ReloadTrace[] = []
    for (let i = 0; i < opts.reloads; i++) {
      await page.waitForTimeout(300)
      const loop = monitorEventLoopDelay({ resolution: 5 })
      loop.enable()
      await page.reload({ waitUntil: 'commit' })
      const ms = await page.evaluate(() => (window as unknown as { __firstRow: Promise<number> }).__firstRow)
      loop.disable()
      firstRowMs.push(ms)
      const mainEventLoopDelayMaxMs = Math.round(loop.max / 1e6)
      traces.push(
        await page.evaluate(({ firstRow, delay }) => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
          const t = (window as unknown as { __bridgeTrace: { wsOpen: number | null; requests: Record<string, { channel: string; sent: number; answered: number | null; bytes: number }> } }).__bridgeTrace
          const r1 = (x: number | null): string => (x === null ? '…' : x.toFixed(0))
          const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.initiatorType === 'script' || /\.m?js(\?|$)/.test(e.name))
          return {
            firstRow,
            mainEventLoopDelayMaxMs: delay,
            scripts: {
              count: scripts.length,
              kb: Math.round(scripts.reduce((sum, e) => sum + e.decodedBodySize, 0) / 1024),
              lastResponseEnd: Math.round(Math.max(0, ...scripts.map((e) => e.responseEnd)))
            },
            responseEnd: Math.round(nav?.responseEnd ?? 0),
            domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? 0),
            wsOpen: t.wsOpen === null ? null : Math.round(t.wsOpen),
            requests: Object.values(t.requests)
              .filter((r) => r.sent <= firstRow)
              .map((r) => `${r.channel} ${r1(r.sent)}→${r1(r.answered)} (${r.bytes} B)`)
          }
        }, { firstRow: ms, delay: mainEventLoopDelayMaxMs })
      )
    }
    const sorted = [...traces].sort((a, b) => a.firstRow - b.firstRow)
    const medianReload = sorted[Math.ceil(sorted.length / 2) - 1] ?? null
    await page.getByTestId('conversation-item').first().waitFor()
    await page.waitForTimeout(500)
    const rowsInDom = await page.locator('[data-testid="conversation-item"]').count()

    // --- typed → first hit -----------------------------------------------------------------
    const typed: UiResult['typed'] = []
    const search = page.getByTestId('search')
    for (let r = 0; r < opts.rounds; r++) {
      for (const query of opts.queries) {
        await search.fill('')
        await page.getByTestId('search-hit').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined)
        await page.getByTestId('conversation-item').first().waitFor({ timeout: 30_000 })
        await page.waitForTimeout(250)
        await armHit(page, query)
        await search.click()
        await page.keyboard.type(query, { delay: 60 })
        const ms = await page
          .evaluate(
            () =>
              Promise.race([
                (window as unknown as { __hit: Promise<number> }).__hit.then((t) => t - (window as unknown as { __lastInput: number }).__lastInput),
                new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))
              ]),
            undefined
          )
          .catch(() => null)
        typed.push({ query, ms })
      }
    }
    await search.fill('')
    return { harnessStartMs, firstRowMs, medianReload, rowsInDom, typed }
  } finally {
    await browser?.close().catch(() => undefined)
    await harness?.close().catch(() => undefined)
    await provider?.close().catch(() => undefined)
  }
}
