/**
 * Page script for run-chromium-bench.mjs (not part of the app): streams the synthetic ~20k-token
 * answer in 5-char updates (1) through the pure pipeline — splitter + renderBlockHtml with DOMPurify,
 * closed blocks rendered once — and (2) through MarkdownView in a 700-px scroller kept at the
 * bottom, forcing style + layout after every update. Interim tool until `npm run bench -- render`.
 */
import { createElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { MarkdownView } from '../MarkdownView'
import { renderBlockHtml } from '../engine'
import { createBlockSplitter } from '../splitter'
import { syntheticAnswer } from './syntheticAnswer'

interface Stats {
  totalMs: number
  updates: number
  usPerUpdate: number
  msPerKcharFirstQuarter: number
  msPerKcharLastQuarter: number
  p50: number
  p95: number
  max: number
}

function stats(durations: number[], ends: number[], length: number, totalMs: number): Stats {
  const q = Math.floor(length / 4)
  let first = 0
  let last = 0
  durations.forEach((d, i) => {
    if (ends[i] <= q) first += d
    else if (ends[i] > length - q) last += d
  })
  const sorted = [...durations].sort((a, b) => a - b)
  return {
    totalMs,
    updates: durations.length,
    usPerUpdate: (totalMs / durations.length) * 1000,
    msPerKcharFirstQuarter: first / (q / 1000),
    msPerKcharLastQuarter: last / (q / 1000),
    p50: sorted[sorted.length >> 1],
    p95: sorted[Math.floor(sorted.length * 0.95)],
    max: sorted[sorted.length - 1]
  }
}

function pipeline(text: string, step: number): Stats {
  const splitter = createBlockSplitter()
  const closedHtml = new Map<string, string>()
  let lastOpen = new Map<string, string>()
  const durations: number[] = []
  const ends: number[] = []
  const t0 = performance.now()
  for (let n = step; n < text.length + step; n += step) {
    const end = Math.min(n, text.length)
    const u0 = performance.now()
    const blocks = splitter.update(text.slice(0, end))
    const open = new Map<string, string>()
    for (const b of blocks) {
      if (b.closed) {
        if (!closedHtml.has(b.id)) closedHtml.set(b.id, renderBlockHtml(b.source, { closed: true }))
      } else {
        if (lastOpen.get(b.id) !== b.source) renderBlockHtml(b.source, { closed: false })
        open.set(b.id, b.source)
      }
    }
    lastOpen = open
    durations.push(performance.now() - u0)
    ends.push(end)
  }
  return stats(durations, ends, text.length, performance.now() - t0)
}

const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(0)
  })

async function view(text: string, step: number): Promise<Stats & { blocks: number; katex: number; hljs: number }> {
  const scroller = document.createElement('div')
  scroller.style.cssText = 'height:700px;overflow:auto;width:760px'
  const host = document.createElement('div')
  scroller.appendChild(host)
  document.body.appendChild(scroller)
  const root = createRoot(host)
  const durations: number[] = []
  const ends: number[] = []
  const noop = (): void => undefined
  const t0 = performance.now()
  for (let n = step; n < text.length + step; n += step) {
    const end = Math.min(n, text.length)
    const u0 = performance.now()
    flushSync(() => root.render(createElement(MarkdownView, { text: text.slice(0, end), streaming: true, onOpenLink: noop })))
    await nextTask() // the deferred render
    scroller.scrollTop = 1e9
    void host.offsetHeight // style + layout
    durations.push(performance.now() - u0)
    ends.push(end)
  }
  flushSync(() => root.render(createElement(MarkdownView, { text, streaming: false, onOpenLink: noop })))
  await nextTask()
  const result = {
    ...stats(durations, ends, text.length, performance.now() - t0),
    blocks: host.querySelectorAll('.od-md-block').length,
    katex: host.querySelectorAll('.katex').length,
    hljs: host.querySelectorAll('code.hljs').length
  }
  root.unmount()
  scroller.remove()
  return result
}

// The runner calls window.runMarkdownBench(); no global type augmentation for the app's sake.
;(window as unknown as { runMarkdownBench: () => Promise<unknown> }).runMarkdownBench = async () => {
  const answer = syntheticAnswer(20_000)
  pipeline(answer.text.slice(0, 5000), 5) // warm-up
  return {
    answer: { chars: answer.text.length, tokens: answer.approxTokens, codeBlocks: answer.codeBlocks, tables: answer.tables, math: answer.mathExpressions },
    pipeline: pipeline(answer.text, 5),
    view: await view(answer.text, 5)
  }
}
