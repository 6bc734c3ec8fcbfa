// @vitest-environment jsdom
/**
 * Performance sanity (prints figures; no timed assertions): a ~20k-token synthetic answer streamed
 * in 5-character increments through the splitter and the block renderer, as MarkdownView drives
 * them (closed blocks rendered once, the open tail on every update).
 *
 * The sanitising step is left out here: under jsdom DOMPurify is ~100× slower than in Chromium and
 * gets slower with every call (jsdom keeps the documents it parses), so its figures would be
 * meaningless. The same kind of stream through the whole app in headless Chromium (sanitising
 * included) is `npm run bench -- render`.
 * What is asserted is structural: the characters re-lexed per update stay bounded by the largest
 * block, not by the answer.
 */
import { describe, expect, it } from 'vitest'
import { createBlockSplitter, renderBlockHtml } from '../../src/renderer/src/markdown'
import { renderBlockMarkup, renderFullMarkup } from '../../src/renderer/src/markdown/markup'
import { syntheticAnswer } from '../support/markdown/syntheticAnswer'

interface Run {
  totalMs: number
  updates: number
  msPerKcharFirstQuarter: number
  msPerKcharLastQuarter: number
  maxUpdateMs: number
  relexedChars: number
  maxRelexed: number
  renderCalls: number
}

function stream(text: string, step: number, render: (source: string, closed: boolean) => string): Run {
  const splitter = createBlockSplitter()
  const closedHtml = new Map<string, string>()
  const quarter = Math.floor(text.length / 4)
  let firstQ = 0
  let lastQ = 0
  let maxUpdateMs = 0
  let relexedChars = 0
  let maxRelexed = 0
  let renderCalls = 0
  let lastOpen = new Map<string, string>()
  const t0 = performance.now()
  let updates = 0
  for (let n = step; n < text.length + step; n += step) {
    const end = Math.min(n, text.length)
    const u0 = performance.now()
    const blocks = splitter.update(text.slice(0, end))
    const open = new Map<string, string>()
    for (const b of blocks) {
      if (b.closed) {
        if (!closedHtml.has(b.id)) {
          closedHtml.set(b.id, render(b.source, true))
          renderCalls++
        }
      } else {
        // as React.memo does: re-render an open block only when its source changed
        const key = b.source
        if (lastOpen.get(b.id) !== key) {
          render(b.source, false)
          renderCalls++
        }
        open.set(b.id, key)
      }
    }
    lastOpen = open
    const dt = performance.now() - u0
    updates++
    relexedChars += splitter.lastRelexedChars
    maxRelexed = Math.max(maxRelexed, splitter.lastRelexedChars)
    maxUpdateMs = Math.max(maxUpdateMs, dt)
    if (end <= quarter) firstQ += dt
    else if (end > text.length - quarter) lastQ += dt
  }
  const totalMs = performance.now() - t0
  return {
    totalMs,
    updates,
    msPerKcharFirstQuarter: firstQ / (quarter / 1000),
    msPerKcharLastQuarter: lastQ / (quarter / 1000),
    maxUpdateMs,
    relexedChars,
    maxRelexed,
    renderCalls
  }
}

const fmt = (r: Run): string =>
  `total ${r.totalMs.toFixed(0)} ms over ${r.updates} updates (${((r.totalMs / r.updates) * 1000).toFixed(0)} µs/update), ` +
  `first quarter ${r.msPerKcharFirstQuarter.toFixed(2)} ms/kchar, last quarter ${r.msPerKcharLastQuarter.toFixed(2)} ms/kchar ` +
  `(ratio ${(r.msPerKcharLastQuarter / r.msPerKcharFirstQuarter).toFixed(2)}), max update ${r.maxUpdateMs.toFixed(1)} ms, ` +
  `renders ${r.renderCalls}, re-lexed ${(r.relexedChars / 1e6).toFixed(2)} Mchar (max ${r.maxRelexed} per update)`

describe('markdown streaming performance (report only)', () => {
  it('streams a ~20k-token answer in 5-char increments with flat per-update cost', { timeout: 600_000 }, () => {
    const answer = syntheticAnswer(20_000)
    const { text } = answer
    console.log(
      `[markdown perf] answer: ${text.length} chars, ~${answer.approxTokens} tokens, ${answer.codeBlocks} code blocks, ` +
        `${answer.tables} tables, ${answer.mathExpressions} math expressions`
    )
    // warm-up (JIT, KaTeX/hljs first use)
    stream(text.slice(0, 4000), 5, (s, c) => renderBlockMarkup(s, c))

    const raw = stream(text, 5, (s, c) => renderBlockMarkup(s, c))
    console.log(`[markdown perf] split + marked/KaTeX/hljs (no DOMPurify): ${fmt(raw)}`)
    // DOMPurify under jsdom, on a short stretch only (see above)
    const short = stream(text.slice(0, 6000), 5, (s, c) => renderBlockHtml(s, { closed: c }))
    console.log(`[markdown perf] first 6k chars with DOMPurify under jsdom (not representative): ${fmt(short)}`)

    // the whole text, re-split from scratch at every update, for contrast (sampled: every 50th)
    const t0 = performance.now()
    let samples = 0
    for (let n = 5; n < text.length; n += 250) {
      createBlockSplitter().update(text.slice(0, n))
      samples++
    }
    const naiveSplitMs = ((performance.now() - t0) / samples) * Math.ceil(text.length / 5)
    console.log(`[markdown perf] contrast: re-lexing the whole prefix per update would cost ~${naiveSplitMs.toFixed(0)} ms for the split alone`)

    // Structural linearity: each update re-lexes only the open tail, never the answer.
    expect(raw.maxRelexed).toBeLessThan(6000)
    expect(raw.relexedChars / text.length).toBeLessThan(raw.updates * 0.05 * 5 + 400)
  })
})
