/**
 * The history bench's UI figures: the web harness (real main services in Node on a copy of the
 * big history + the built renderer, `npm run build && npm run build:harness` first) in Debian's
 * Chromium.
 *
 * - Sidebar first row: `page.reload()`, then in the page, from navigation start
 *   (performance.timeOrigin, performance.now() = 0) to the animation frame in which the first
 *   `[data-testid="conversation-item"]` is in the DOM with a non-empty box (requestAnimationFrame
 *   after the mutation that made it so: the frame that paints it). An init script arms a
 *   MutationObserver on the document before the page's own scripts run. Its peers, reloaded in
 *   turn with it: the app on a small history (does the history's size still cost anything?) and
 *   a floor page with no framework (what the harness itself costs: page, bridge, one request).
 * - Typed to hit: the search box is cleared (the list back), then the query is typed with
 *   Playwright's keyboard at 60 ms between keys (a quick typist; CJK text arrives as input
 *   events). From the last `input` event on `[data-testid="search"]` (its event.timeStamp, the
 *   page's clock) to the frame in which a visible `[data-testid="search-hit"]` that is not inside
 *   an `[aria-busy="true"]` list (stale hits of an earlier query) and whose text contains the
 *   query's last word (for a prefix, the typed part) is in the DOM. The sidebar's debounce is
 *   part of what is measured: it is what the user waits.
 */
import { mkdir, writeFile } from 'node:fs/promises'
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
  /** The reloads before Chromium's code cache holds the page's scripts (not in firstRowMs). */
  firstRowFirstLoadsMs: number[]
  /** The same reloads on a small history, and on the floor page (null without peers). */
  firstRowSmallHistoryMs: number[] | null
  firstRowFloorMs: number[] | null
  /** The reload whose first row was the median one. */
  medianReload: ReloadTrace | null
  /** Rows in the DOM right after the first one appeared settled (the list's virtualisation). */
  rowsInDom: number
  typed: Array<{ query: string; ms: number | null }>
}

/** Reloads before the measured ones: Chromium compiles a script anew until its second load. */
const WARM_UP_RELOADS = 2

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

/**
 * A page that does only what the first row needs, with no framework: the first page of
 * `conversations:list` through the same bridge, 30 titles as plain buttons. It shows what the
 * harness itself costs on this machine (the page, the bridge, one request), the floor under the
 * app's own figure. Its script's name has the shape of the bundler's hashed names, so the harness
 * lets Chromium keep it as it keeps the app's.
 */
const FLOOR_PAGE = {
  html: '<!doctype html>\n<html lang="en"><head><meta charset="UTF-8" /><title>floor</title>\n<script type="module" src="./assets/floor-00000000.js"></script></head><body><div id="root"></div></body></html>\n',
  script: `window.omnidesk.conversations.list({ limit: 100 }).then((r) => {
  const root = document.getElementById('root')
  for (const c of r.value.conversations.slice(0, 30)) {
    const b = document.createElement('button')
    b.dataset.testid = 'conversation-item'
    b.textContent = c.title
    b.style.display = 'block'
    root.appendChild(b)
  }
})
`
}

/** The history's own size and the harness's floor, measured in the same reloads as the app on the big history. */
export interface FirstRowPeers {
  /** A small history (a few hundred conversations) in the same app. */
  smallDataDir: string
  /** Another small history, for the floor page's harness. */
  floorDataDir: string
  /** Where to write the floor page (a renderer directory of its own). */
  floorDir: string
}

interface ReloadTarget {
  name: 'app' | 'small' | 'floor'
  page: Page
  harness: Harness
  samples: number[]
}

export async function measureUi(opts: {
  root: string
  dataDir: string
  reloads: number
  queries: string[]
  rounds: number
  peers?: FirstRowPeers
  log: (line: string) => void
}): Promise<UiResult> {
  let provider: FakeProvider | undefined
  const harnesses: Harness[] = []
  let browser: Browser | undefined
  try {
    provider = await startFakeProvider({})
    const bridgeScript = path.join(opts.root, 'out/harness/bridge.js')
    const rendererDir = path.join(opts.root, 'out/renderer')
    const start = async (dataDir: string, dir = rendererDir): Promise<Harness> => {
      const h = await startHarness({ dataDir, rendererDir: dir, bridgeScript, validateResponses: 'off', log: () => undefined })
      harnesses.push(h)
      const draft = ProviderDraft.parse({ presetId: 'custom', name: 'Local', baseURL: provider!.baseURL, apiKey: 'sk-bench', defaultModel: 'gpt-4o' })
      const saved = await h.services.handlers.providers.save(draft)
      await h.services.handlers.settings.update({ defaultProviderId: saved.id })
      return h
    }
    const started = performance.now()
    const harness = await start(opts.dataDir)
    const harnessStartMs = performance.now() - started
    opts.log(`harness started on the big history in ${Math.round(harnessStartMs)} ms`)

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
    const open = async (name: ReloadTarget['name'], h: Harness): Promise<ReloadTarget> => {
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
      await page.addInitScript(FIRST_ROW_INIT)
      page.on('pageerror', (e) => opts.log(`[page error] ${name}: ${e.message}`))
      await page.goto(h.url)
      await page.getByTestId('conversation-item').first().waitFor({ timeout: 120_000 })
      return { name, page, harness: h, samples: [] }
    }
    const app = await open('app', harness)
    const targets = [app]
    if (opts.peers) {
      targets.push(await open('small', await start(opts.peers.smallDataDir)))
      await mkdir(path.join(opts.peers.floorDir, 'assets'), { recursive: true })
      await writeFile(path.join(opts.peers.floorDir, 'index.html'), FLOOR_PAGE.html)
      await writeFile(path.join(opts.peers.floorDir, 'assets', 'floor-00000000.js'), FLOOR_PAGE.script)
      targets.push(await open('floor', await start(opts.peers.floorDataDir, opts.peers.floorDir)))
    }
    const page = app.page

    // --- reload → first row (the app and its peers in turn, so they share the machine's moods) ---
    // The first reloads are the page's first loads for Chromium's code cache (it keeps a script's
    // compiled code from its second load on, as the app's scheme lets it): reported apart, as
    // what the first start after an install or an update costs, and not in the p50.
    const traces: ReloadTrace[] = []
    const firstLoads: number[] = []
    for (let i = 0; i < opts.reloads + WARM_UP_RELOADS; i++) {
      for (const target of targets) {
        await target.page.waitForTimeout(300)
        const loop = monitorEventLoopDelay({ resolution: 5 })
        loop.enable()
        await target.page.reload({ waitUntil: 'commit' })
        const ms = await target.page.evaluate(() => (window as unknown as { __firstRow: Promise<number> }).__firstRow)
        loop.disable()
        if (i < WARM_UP_RELOADS) {
          if (target === app) firstLoads.push(ms)
          continue
        }
        target.samples.push(ms)
        if (target !== app) continue
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
    }
    for (const target of targets) if (target !== app) await target.page.close()
    const firstRowMs = app.samples
    const peerSamples = { small: targets.find((t) => t.name === 'small')?.samples ?? null, floor: targets.find((t) => t.name === 'floor')?.samples ?? null }
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
    return { harnessStartMs, firstRowMs, firstRowFirstLoadsMs: firstLoads, firstRowSmallHistoryMs: peerSamples.small, firstRowFloorMs: peerSamples.floor, medianReload, rowsInDom, typed }
  } finally {
    await browser?.close().catch(() => undefined)
    for (const h of harnesses) await h.close().catch(() => undefined)
    await provider?.close().catch(() => undefined)
  }
}
