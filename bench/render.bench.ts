/**
 * `npm run bench -- render` (issue 5): streaming markdown through the REAL app, against two peers.
 *
 * 1. The web harness (real main services in Node + the built renderer, `npm run build && npm run
 *    build:harness` first) in Debian's headless Chromium; the local provider streams a synthetic
 *    ~20k-token answer (prose, lists, 10 code blocks of 30–80 lines, 3 tables, ~90 formulas, CJK)
 *    at 1,000 tokens/s, one ~4-char token per SSE chunk.
 * 2. Main-thread time from a Chrome trace (RunTask events of the page's CrRendererMain thread):
 *    total, busy share, per-token cost over the first / last 1k tokens, the longest task.
 * 3. The same deltas, at the same pace, through the peers (bench/render/peers.ts) in the same
 *    run: streamdown (code highlighting + math, per-frame batching, traced the same way) and naive
 *    react-markdown (every Nth frame rendered synchronously and timed, then extrapolated).
 * 4. First glyph (the provider's first byte, after a realistic time to first token → first text
 *    painted, p50 of several short answers; also a reasoning model, whose first visible token is
 *    its thinking; also with a provider answering at once) and opening a
 *    seeded 2,000-message conversation (click → last messages painted).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { build } from 'esbuild'
import { startHarness, type Harness } from '../src/main/harness/server'
import { syntheticAnswer } from '../tests/support/markdown/syntheticAnswer'
import { ProviderDraft } from '../src/shared/settings'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium'
import { startFakeProvider, type FakeProvider } from '../tests/support/fakeProvider'
import { seedLongConversation } from './render/seed'
import type { BenchContext, BenchResult } from './run'
import { percentile } from './stats'

const TOKENS_PER_SECOND = 1000
/** Tokens per SSE chunk: 2 keeps the bench's own Node process (provider + harness on one thread) at pace. */
const TOKENS_PER_CHUNK = 2
const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'devtools.timeline', 'blink.user_timing']
const NAIVE_SAMPLE_EVERY = 20
/** Time to first token of the provider in the first-glyph runs (real models: 100s of ms). */
const TTFT_MS = 150

/** ~4-char tokens: words split into pieces of at most 4 chars, whitespace attached; CJK 1 char. */
function tokenize(text: string): string[] {
  const out: string[] = []
  const re = /[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]{1,4}\s*|\s+/g
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[0])
  return out
}

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { nodeId?: number } }
}

/** RunTask events (start ms, duration ms) of the busiest renderer main thread, on the trace clock. */
function mainThreadTasks(trace: Buffer): Array<{ start: number; dur: number }> {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const byThread = new Map<string, Array<{ start: number; dur: number }>>()
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`)) continue
    const key = `${e.pid}:${e.tid}`
    if (!byThread.has(key)) byThread.set(key, [])
    byThread.get(key)!.push({ start: e.ts / 1000, dur: (e.dur ?? 0) / 1000 })
  }
  let best: Array<{ start: number; dur: number }> = []
  let bestSum = -1
  for (const tasks of byThread.values()) {
    const sum = tasks.reduce((s, t) => s + t.dur, 0)
    if (sum > bestSum) {
      bestSum = sum
      best = tasks
    }
  }
  return best.sort((a, b) => a.start - b.start)
}

/** Diagnostics: the elements behind the most Paint events in [start, end] (trace ms), described through CDP. */
async function logPaintedNodes(page: Page, trace: Buffer, start: number, end: number, log: (line: string) => void): Promise<void> {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  const byNode = new Map<number, { n: number; ms: number }>()
  for (const e of events) {
    const node = e.args?.data?.nodeId
    if (e.name !== 'Paint' || e.ph !== 'X' || node === undefined || e.ts / 1000 < start || e.ts / 1000 >= end) continue
    const s = byNode.get(node) ?? { n: 0, ms: 0 }
    s.n++
    s.ms += (e.dur ?? 0) / 1000
    byNode.set(node, s)
  }
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.getDocument', { depth: 0 })
  for (const [node, s] of [...byNode].sort((a, b) => b[1].n - a[1].n).slice(0, 25)) {
    let what = '?'
    try {
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node })) as { object: { objectId: string } }
      const { result } = (await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function () { const el = this.nodeType === 1 ? this : this.parentElement; return this.nodeName + " ." + (el?.className ?? "") + " " + (el ? getComputedStyle(el).position + "/" + getComputedStyle(el).contain + "/" + getComputedStyle(el).overflow : "") + " " + (this.textContent ?? "").slice(0, 40) }',
        returnByValue: true
      })) as { result: { value: string } }
      what = result.value
    } catch (err) {
      what = `(gone: ${(err as Error).message})`
    }
    log(`paints ${String(s.n).padStart(4)} × ${(s.ms / s.n).toFixed(2)} ms  node ${node}: ${what}`)
  }
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d

interface StreamStats {
  totalMs: number
  wallMs: number
  busyShare: number
  firstKMs: number
  lastKMs: number
  growth: number
  longestTaskP95: number
  longestTaskMax: number
  longTasksOver50: number
}

/** Main-thread figures for the window [start, end] (trace clock, ms) of a steady stream. */
function streamStats(tasks: Array<{ start: number; dur: number }>, start: number, end: number, tokens: number): StreamStats {
  const inWin = tasks.filter((t) => t.start >= start && t.start < end)
  const totalMs = inWin.reduce((s, t) => s + t.dur, 0)
  const wallMs = end - start
  // Tokens arrive at a steady rate: the first / last 1k tokens are the first / last 1000/tokens of the window.
  const kWin = (wallMs * 1000) / tokens
  const sumIn = (a: number, b: number) => inWin.filter((t) => t.start >= a && t.start < b).reduce((s, t) => s + t.dur, 0)
  const firstKMs = sumIn(start, start + kWin)
  const lastKMs = sumIn(end - kWin, end)
  // Longest task per 1-s window; p95 over the windows.
  const longest: number[] = []
  for (let a = start; a < end; a += 1000) longest.push(Math.max(0, ...inWin.filter((t) => t.start >= a && t.start < a + 1000).map((t) => t.dur)))
  return {
    totalMs: round(totalMs),
    wallMs: round(wallMs),
    busyShare: round(totalMs / wallMs, 3),
    firstKMs: round(firstKMs),
    lastKMs: round(lastKMs),
    growth: round(lastKMs / Math.max(firstKMs, 0.001), 3),
    longestTaskP95: round(percentile(longest, 0.95)),
    longestTaskMax: round(Math.max(0, ...inWin.map((t) => t.dur))),
    longTasksOver50: inWin.filter((t) => t.dur > 50).length
  }
}

async function seedProvider(harness: Harness, provider: FakeProvider): Promise<void> {
  const draft = ProviderDraft.parse({ presetId: 'custom', name: 'Local', baseURL: provider.baseURL, apiKey: 'sk-bench', defaultModel: 'gpt-4o' })
  const saved = await harness.services.handlers.providers.save(draft)
  await harness.services.handlers.settings.update({ defaultProviderId: saved.id })
}

/** Trace-clock now in the page (trace timestamps are base::TimeTicks, like performance.now + timeOrigin offset). */
/** A trace mark; returns the wall-clock time (ms, epoch) it was made, to place other clocks' events on the trace. */
async function traceMark(page: Page, label: string): Promise<number> {
  return page.evaluate((l) => {
    performance.mark(l)
    return performance.timeOrigin + performance.now()
  }, label)
}

function markTime(trace: Buffer, label: string): number | null {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  const e = events.find((ev) => ev.name === label && (ev.ph === 'R' || ev.ph === 'I' || ev.ph === 'n' || ev.ph === 'b'))
  return e ? e.ts / 1000 : null
}

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
}

/** In the page: resolves with the wall-clock time (ms, epoch) of the frame painting the Nth assistant message's first text. */
async function armFirstGlyph(page: Page, assistantIndex: number): Promise<void> {
  await page.evaluate((n) => {
    const w = window as unknown as { __firstGlyph: Promise<number> }
    w.__firstGlyph = new Promise<number>((resolve) => {
      const check = (): boolean => {
        const msgs = document.querySelectorAll('[data-testid="message"][data-role="assistant"]')
        const m = msgs[n]
        if (m && (m.querySelector('.od-md')?.textContent ?? '').length > 0) {
          requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()))
          return true
        }
        return false
      }
      if (check()) return
      const mo = new MutationObserver(() => {
        if (check()) mo.disconnect()
      })
      mo.observe(document.body, { childList: true, subtree: true, characterData: true })
    })
  }, assistantIndex)
}

async function servePeers(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]
    const file = path.join(dir, name === '/' ? 'index.html' : path.normalize(name).replace(/^(\.\.[/\\])+/, ''))
    readFile(file).then(
      (body) => {
        const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream'
        res.writeHead(200, { 'content-type': type })
        res.end(body)
      },
      () => {
        res.writeHead(404)
        res.end()
      }
    )
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address() as { port: number }
  return { server, url: `http://127.0.0.1:${addr.port}/` }
}

export default async function renderBench(ctx: BenchContext): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-render-bench-'))
  const dataDir = path.join(dir, 'data')
  const answer = syntheticAnswer(20_000)
  const tokens = tokenize(answer.text)
  const chunks: string[] = []
  for (let i = 0; i < tokens.length; i += TOKENS_PER_CHUNK) chunks.push(tokens.slice(i, i + TOKENS_PER_CHUNK).join(''))
  const chunksPerSecond = TOKENS_PER_SECOND / TOKENS_PER_CHUNK
  ctx.log(`answer: ${answer.text.length} chars, ~${answer.approxTokens} tokens, ${tokens.length} ~4-char tokens in ${chunks.length} SSE chunks at ${TOKENS_PER_SECOND} tokens/s`)

  const provider = await startFakeProvider({})
  let harness: Harness | undefined
  let browser: Browser | undefined
  let peerServer: Server | undefined
  try {
    // --- seed: a 2,000-message conversation and a short one, then the app ----------------------
    await seedLongConversation(dataDir, 2000, 'Long conversation')
    await seedLongConversation(dataDir, 4, 'Short conversation')
    harness = await startHarness({
      dataDir,
      rendererDir: path.join(ctx.root, 'out/renderer'),
      bridgeScript: path.join(ctx.root, 'out/harness/bridge.js'),
      // The Electron app doesn't re-validate responses against the contract; the harness's dev check would add its cost.
      validateResponses: 'off',
      log: () => undefined
    })
    await seedProvider(harness, provider)
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // tsx compiles this file with keepNames: functions passed to page.evaluate call __name().
    await page.addInitScript('window.__name = (f) => f')
    page.on('pageerror', (e) => ctx.log(`[page error] ${e.message}`))
    await page.goto(harness.url)
    await page.getByTestId('composer').waitFor()

    // --- open the 2,000-message conversation: click → last messages painted ------------------
    const quick = !!process.env.RENDER_BENCH_ONLY_OURS
    const openTimes: number[] = []
    for (let i = 0; i < (quick ? 0 : 6); i++) {
      await page.getByTestId('conversation-item').filter({ hasText: 'Short conversation' }).click()
      await page.locator('[data-testid="message"]').filter({ hasText: 'Answer 3' }).last().waitFor()
      await page.waitForTimeout(200)
      const ms = await page.evaluate(async () => {
        const item = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="conversation-item"]')).find((el) =>
          (el.textContent ?? '').includes('Long conversation')
        )!
        const painted = new Promise<number>((resolve) => {
          const check = (): boolean => {
            const msgs = document.querySelectorAll('[data-testid="message"]')
            if ((msgs[msgs.length - 1]?.textContent ?? '').includes('Answer 1999')) {
              requestAnimationFrame(() => resolve(performance.now()))
              return true
            }
            return false
          }
          const mo = new MutationObserver(() => {
            if (check()) mo.disconnect()
          })
          mo.observe(document.body, { childList: true, subtree: true, characterData: true })
        })
        const t0 = performance.now()
        item.click()
        return (await painted) - t0
      })
      openTimes.push(ms)
    }
    ctx.log(`open 2000: ${openTimes.map((t) => t.toFixed(1)).join(', ')} ms`)

    // --- first glyph: several short answers in a new chat -------------------------------------
    // Measured from the first byte the provider sends. Real models take 100s of ms to their first
    // token (TTFT_MS here), so by then the page has finished reacting to Send; a second series with
    // a provider that answers at once (from request receipt) shows that overlap too.
    await page.getByTestId('new-chat').click()
    const glyphs: number[] = []
    const glyphsInstant: number[] = []
    // A reasoning model's first visible token is its thinking (the thinking block's first words),
    // interleaved with the plain answers so both see the same machine.
    const glyphsReasoning: number[] = []
    type GlyphRun = { ttft: number; reasoning: boolean }
    const series: GlyphRun[] = quick
      ? []
      : [
          ...Array.from({ length: 7 }, (): GlyphRun[] => [{ ttft: TTFT_MS, reasoning: false }, { ttft: TTFT_MS, reasoning: true }]).flat(),
          ...Array.from({ length: 7 }, (): GlyphRun => ({ ttft: 0, reasoning: false }))
        ]
    for (let i = 0; i < series.length; i++) {
      const { ttft, reasoning } = series[i]
      const answerChunks = ['Hello', ' there', ', this is answer ', String(i), '.']
      provider.script({
        ...(reasoning
          ? { deltas: [{ reasoning_content: 'The user ' }, { reasoning_content: 'says hello.' }, ...answerChunks.map((content) => ({ content }))] }
          : { chunks: answerChunks }),
        tokensPerSecond: TOKENS_PER_SECOND,
        firstByteDelayMs: ttft || undefined
      })
      await armFirstGlyph(page, i)
      const before = provider.requests.length
      await ask(page, `short ${i}`)
      const painted = await page.evaluate(() => (window as unknown as { __firstGlyph: Promise<number> }).__firstGlyph)
      const req = provider.requests.slice(before).find((r) => r.path === '/v1/chat/completions')
      if (req && ttft > 0 && req.firstByteAt !== undefined) (reasoning ? glyphsReasoning : glyphs).push(painted - req.firstByteAt)
      if (req && ttft === 0) glyphsInstant.push(painted - req.time)
      await page.locator('[data-testid="message"][data-role="assistant"]').nth(i).and(page.locator('[data-status="complete"]')).waitFor()
    }
    ctx.log(
      `first glyph: ${glyphs.map((t) => t.toFixed(1)).join(', ')} ms; thinking first: ${glyphsReasoning.map((t) => t.toFixed(1)).join(', ')} ms; provider answering at once: ${glyphsInstant.map((t) => t.toFixed(1)).join(', ')} ms`
    )

    // --- the 20k-token stream through the app ---------------------------------------------------
    await page.getByTestId('new-chat').click()
    provider.script({ chunks, tokensPerSecond: chunksPerSecond })
    // RENDER_BENCH_PROFILE=1: a JS CPU profile of the stream instead of nothing (diagnostics).
    const cdp = process.env.RENDER_BENCH_PROFILE ? await page.context().newCDPSession(page) : null
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    await armFirstGlyph(page, 0)
    await ask(page, 'bench: a long answer')
    await page.evaluate(() => (window as unknown as { __firstGlyph: Promise<number> }).__firstGlyph)
    const startEpoch = await traceMark(page, 'od-stream-start')
    const before = provider.requests.length
    const t0 = Date.now()
    // Polled twice a second: a locator's per-frame polling would add its own DOM queries to the trace.
    await page.waitForFunction(() => document.querySelector('[data-testid="message"][data-role="assistant"][data-status="complete"]') !== null, undefined, {
      polling: 500,
      timeout: 180_000
    })
    await traceMark(page, 'od-stream-end')
    const streamWall = Date.now() - t0
    const oursTrace = await browser.stopTracing()
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>; samples: number[]; timeDeltas: number[] } }
      const self = new Map<number, number>()
      profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))
      const byFn = new Map<string, number>()
      for (const n of profile.nodes) {
        const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
        byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0))
      }
      for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40)) ctx.log(`profile ${v.toFixed(0).padStart(6)} ms ${k}`)
      // Inclusive (self + callees) time per function: where a render's time goes.
      const children = new Map<number, number[]>()
      for (const n of profile.nodes as Array<{ id: number; children?: number[] }>) children.set(n.id, n.children ?? [])
      const total = new Map<number, number>()
      const sumOf = (id: number): number => {
        const known = total.get(id)
        if (known !== undefined) return known
        const t = (self.get(id) ?? 0) + (children.get(id) ?? []).reduce((a, c) => a + sumOf(c), 0)
        total.set(id, t)
        return t
      }
      const inclusive = new Map<string, number>()
      const visit = (id: number, onStack: Set<string>): void => {
        const n = profile.nodes.find((x) => x.id === id)!
        const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
        // Recursion: count a function once per stack.
        if (!onStack.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + sumOf(id))
        const next = new Set(onStack).add(key)
        for (const c of children.get(id) ?? []) visit(c, next)
      }
      visit(profile.nodes[0].id, new Set())
      for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) ctx.log(`inclusive ${v.toFixed(0).padStart(6)} ms ${k}`)
    }
    if (process.env.RENDER_BENCH_TRACE) await writeFile(process.env.RENDER_BENCH_TRACE, oursTrace)
    const oursTasks = mainThreadTasks(oursTrace)
    const s0 = markTime(oursTrace, 'od-stream-start')
    const endSeen = markTime(oursTrace, 'od-stream-end')
    if (s0 === null || endSeen === null) throw new Error('trace marks missing')
    // The stream's window ends when its last byte leaves the provider (placed on the trace clock
    // through the start mark's wall-clock time), not when the bench's twice-a-second poll sees the
    // answer complete: the last 1k-token window then holds the last 1k tokens, not up to half a
    // second of idle page plus the once-per-answer completion (title, sidebar, final highlight).
    const lastByteAt = provider.requests.slice(before).find((r) => r.path === '/v1/chat/completions')?.lastByteAt
    if (lastByteAt === undefined) throw new Error('the provider recorded no end of the stream')
    const s1 = Math.min(endSeen, s0 + (lastByteAt - startEpoch))
    const ours = streamStats(oursTasks, s0, s1, tokens.length)
    // The peers replay the same chunks at the pace the app actually got them (the provider runs in
    // this Node process and may fall behind 1,000 tokens/s while Chromium takes the other core).
    const replayChunksPerSecond = (chunks.length * 1000) / ours.wallMs
    const rendered = await page.locator('[data-testid="message"][data-role="assistant"] .od-md').last().evaluate((el) => ({
      codeBlocks: el.querySelectorAll('.od-md-code').length,
      highlighted: el.querySelectorAll('.od-md-code pre code.hljs').length,
      tables: el.querySelectorAll('table').length,
      katex: el.querySelectorAll('.katex').length
    }))
    ctx.log(`ours: ${JSON.stringify(ours)} wall ${streamWall} ms, rendered ${JSON.stringify(rendered)}`)
    // RENDER_BENCH_PAINTS=1 (diagnostics): which elements were painted most in the last 1k-token window.
    if (process.env.RENDER_BENCH_PAINTS) await logPaintedNodes(page, oursTrace, s1 - (ours.wallMs * 1000) / tokens.length, s1, ctx.log)
    await page.close()
    if (quick) throw new Error('RENDER_BENCH_ONLY_OURS: stopping after our stream (diagnostics run, nothing written)')

    // --- peers ---------------------------------------------------------------------------------
    const peerDir = path.join(dir, 'peers')
    await build({
      entryPoints: [path.join(ctx.root, 'bench/render/peers.ts')],
      bundle: true,
      outdir: peerDir,
      format: 'esm',
      splitting: true,
      jsx: 'automatic',
      minify: true,
      loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'error'
    })
    await writeFile(
      path.join(peerDir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="peers.css">' +
        '<style>body{margin:0;font:15px/1.6 system-ui}#scroller{height:900px;overflow:auto}#root{max-width:820px;margin:0 auto;padding:16px}</style>' +
        '<div id="scroller"><div id="root"></div></div><script type="module" src="peers.js"></script>'
    )
    const served = await servePeers(peerDir)
    peerServer = served.server
    const peerPage = async (): Promise<Page> => {
      const p = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
      await p.addInitScript('window.__name = (f) => f')
      p.on('pageerror', (e) => ctx.log(`[peer page error] ${e.message}`))
      await p.goto(served.url)
      await p.waitForFunction(() => typeof (window as unknown as { runPeer?: unknown }).runPeer === 'function')
      return p
    }

    // streamdown: traced like ours.
    const sdPage = await peerPage()
    await browser.startTracing(sdPage, { categories: TRACE_CATEGORIES })
    await traceMark(sdPage, 'od-stream-start')
    const sdRun = await sdPage.evaluate(
      (o) => (window as unknown as { runPeer: (o: unknown) => Promise<{ wallMs: number; frames: number; firstGlyphMs: number | null }> }).runPeer(o),
      { kind: 'streamdown', chunks, chunksPerSecond: replayChunksPerSecond }
    )
    await traceMark(sdPage, 'od-stream-end')
    const sdTrace = await browser.stopTracing()
    const sdS0 = markTime(sdTrace, 'od-stream-start')!
    const sdS1 = markTime(sdTrace, 'od-stream-end')!
    const streamdown = streamStats(mainThreadTasks(sdTrace), sdS0, sdS1, tokens.length)
    ctx.log(`streamdown: ${JSON.stringify(streamdown)} frames ${sdRun.frames}`)
    await sdPage.close()

    // naive: sampled every Nth frame, extrapolated.
    const nvPage = await peerPage()
    const nvRun = await nvPage.evaluate(
      (o) =>
        (window as unknown as { runPeer: (o: unknown) => Promise<{ frames: number; samples: Array<{ chars: number; ms: number }>; wallMs: number }> }).runPeer(o),
      { kind: 'naive', chunks, chunksPerSecond: replayChunksPerSecond, sampleEvery: NAIVE_SAMPLE_EVERY }
    )
    await nvPage.close()
    const sampled = nvRun.samples.reduce((s, x) => s + x.ms, 0)
    const naiveTotal = (sampled * nvRun.frames) / Math.max(1, nvRun.samples.length)
    ctx.log(`naive: ${nvRun.samples.length} sampled renders of ${nvRun.frames} frames, ${sampled.toFixed(0)} ms sampled → ${naiveTotal.toFixed(0)} ms extrapolated`)

    const figures = {
      ours_total_main_thread_ms: ours.totalMs,
      streamdown_total_main_thread_ms: streamdown.totalMs,
      naive_total_main_thread_ms_extrapolated: round(naiveTotal),
      ours_over_streamdown_total_ms: round(ours.totalMs / streamdown.totalMs, 3),
      naive_over_ours_total_ms: round(naiveTotal / ours.totalMs, 1),
      per_token_cost_growth: ours.growth,
      ours_first_1k_tokens_ms: ours.firstKMs,
      ours_last_1k_tokens_ms: ours.lastKMs,
      main_thread_busy_share: ours.busyShare,
      longest_task_ms_p95: ours.longestTaskP95,
      longest_task_ms_max: ours.longestTaskMax,
      long_tasks_over_50ms: ours.longTasksOver50,
      first_glyph_ms_p50: round(percentile(glyphs, 0.5)),
      first_glyph_instant_provider_ms_p50: round(percentile(glyphsInstant, 0.5)),
      first_glyph_reasoning_ms_p50: round(percentile(glyphsReasoning, 0.5)),
      open_2000_message_conversation_ms: round(percentile(openTimes, 0.5)),
      stream_wall_ms: ours.wallMs,
      stream_tokens_per_second_effective: round((tokens.length * 1000) / ours.wallMs, 0),
      streamdown_wall_ms: streamdown.wallMs,
      streamdown_busy_share: streamdown.busyShare,
      streamdown_longest_task_ms_p95: streamdown.longestTaskP95,
      streamdown_longest_task_ms_max: streamdown.longestTaskMax,
      streamdown_per_token_cost_growth: streamdown.growth,
      streamdown_first_glyph_ms: sdRun.firstGlyphMs === null ? null : round(sdRun.firstGlyphMs)
    }
    return {
      figures,
      targets: [
        { metric: 'ours_over_streamdown_total_ms', op: '<=', value: 0.5 },
        { metric: 'naive_over_ours_total_ms', op: '>=', value: 20 },
        { metric: 'per_token_cost_growth', op: '<=', value: 1.2 },
        { metric: 'main_thread_busy_share', op: '<=', value: 0.2 },
        { metric: 'longest_task_ms_p95', op: '<=', value: 50 },
        { metric: 'first_glyph_ms_p50', op: '<=', value: 16 },
        { metric: 'first_glyph_reasoning_ms_p50', op: '<=', value: 16 },
        { metric: 'open_2000_message_conversation_ms', op: '<=', value: 150 }
      ],
      notes: {
        answer: { chars: answer.text.length, approxTokens: answer.approxTokens, tokens: tokens.length, sseChunks: chunks.length, codeBlocks: answer.codeBlocks, tables: answer.tables, math: answer.mathExpressions },
        renderedInApp: rendered,
        stream: `Local provider, ${TOKENS_PER_CHUNK} ~4-char tokens per SSE chunk, ${TOKENS_PER_SECOND} tokens/s asked; the effective pace (stream_tokens_per_second_effective) is lower when the bench's Node process (provider + harness) competes with Chromium on a 2-core machine. The peers replay the same chunks at that effective pace.`,
        mainThread:
          'Chrome trace (devtools.timeline): RunTask durations on the page CrRendererMain thread between performance marks at the first painted glyph and at data-status=complete. Ours = the whole app (IPC bridge, controller, React, markdown, style/layout/paint).',
        perTokenGrowth: 'Main-thread ms in the last 1k-token window ÷ the first 1k-token window of the stream (windows = 1000/tokens of the stream wall time; the pace is steady). Our stream runs from its first glyph to the moment its last byte leaves the provider (the once-per-answer completion work after that is not a per-token cost); the peers replay the same chunks and end with the last one.',
        longestTask: 'longest_task_ms_p95: the longest main-thread task in each 1-s window of the stream, 95th percentile over the windows.',
        firstGlyph: `The first byte of the answer leaves the local provider (its status line and role chunk, written after a ${TTFT_MS}-ms time to first token, recorded by the provider) → the animation frame painting the first answer text; p50 of 7 short answers. first_glyph_reasoning_ms_p50: the same for 7 answers of a reasoning model (reasoning_content first), interleaved with those: its first visible token is the thinking block's first words. first_glyph_instant_provider_ms_p50: the same with a provider answering at once, measured from request receipt: it also contains the page's own reaction to Send (rendering the question, a frame), which overlaps when the answer comes back within a few ms. Clocks: both are the machine wall clock (Node Date.now, page timeOrigin+now).`,
        open2000: 'Click on a seeded 2,000-message conversation (from a 4-message one) → the frame painting the last message; p50 of 6 opens. Includes the IPC round trip that loads the 2,000 messages from SQLite.',
        streamdown: `streamdown 2.7.1 in the same Chromium, same deltas at the same pace, one React update per animation frame; highlighting through streamdown's code-highlighter plugin interface backed by highlight.js (@streamdown/code/shiki not installed), math = remark-math + rehype-katex as the math plugin. Traced like ours (its page only: no IPC, no app shell).`,
        naive: `react-markdown 10 + remark-gfm + remark-math + rehype-katex re-rendering the whole text; only every ${NAIVE_SAMPLE_EVERY}th frame (plus the last) rendered with flushSync + forced layout and timed; total = mean sampled cost × frames (${nvRun.frames} frames, ${nvRun.samples.length} samples). No highlighting (favours naive).`,
        openTimesMs: openTimes.map((t) => round(t)),
        firstGlyphsMs: glyphs.map((t) => round(t)),
        firstGlyphsInstantProviderMs: glyphsInstant.map((t) => round(t)),
        firstGlyphsReasoningMs: glyphsReasoning.map((t) => round(t)),
        streamdownFrames: sdRun.frames
      }
    }
  } finally {
    await browser?.close()
    await harness?.close()
    await provider.close()
    peerServer?.close()
    await rm(dir, { recursive: true, force: true })
  }
}
