/**
 * Bench page (not part of the app): the two peers of `npm run bench -- render`, fed the same
 * deltas the app received, at the same pace, batched per animation frame like the app.
 *
 * - streamdown 2.7 with code highlighting and math on. Its own plugins (@streamdown/code = shiki,
 *   @streamdown/math) are not installed here, so they are given through streamdown's plugin
 *   interface: math = remark-math + rehype-katex (what @streamdown/math wraps), code = highlight.js
 *   turned into streamdown's token format (cached per code string, like shiki's plugin).
 * - naive: react-markdown + remark-gfm + remark-math + rehype-katex + rehype-highlight-like
 *   highlighting is NOT added (favours naive); it re-renders the whole message per update. A full
 *   run takes many minutes, so only every Nth frame is rendered (synchronously, with layout) and
 *   the total is extrapolated (sum of sampled costs × N).
 */
import 'katex/dist/katex.min.css'
import hljs from 'highlight.js/lib/common'
import { createElement, useEffect, useState, type ReactElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import ReactMarkdown from 'react-markdown'
import rehypeKatex from 'rehype-katex'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import { Streamdown } from 'streamdown'

type Token = { content: string; color?: string }
type HighlightResult = { tokens: Token[][]; fg?: string; bg?: string }

const COLORS: Record<string, string> = {
  keyword: '#cf222e',
  string: '#0a3069',
  number: '#0550ae',
  comment: '#6e7781',
  title: '#8250df',
  attr: '#953800',
  built_in: '#0550ae',
  meta: '#1f6feb',
  literal: '#0550ae',
  type: '#953800'
}

const hlCache = new Map<string, HighlightResult>()

function hljsTokens(code: string, language: string): HighlightResult {
  const key = language + '\u0000' + code
  const hit = hlCache.get(key)
  if (hit) return hit
  const lang = hljs.getLanguage(language) ? language : 'plaintext'
  const html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value
  const doc = new DOMParser().parseFromString(`<pre>${html}</pre>`, 'text/html')
  const lines: Token[][] = [[]]
  const walk = (node: Node, color: string | undefined): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parts = (node.textContent ?? '').split('\n')
      parts.forEach((p, i) => {
        if (i > 0) lines.push([])
        if (p) lines[lines.length - 1].push({ content: p, color })
      })
      return
    }
    const cls = (node as Element).className?.toString?.() ?? ''
    const m = /hljs-([\w]+)/.exec(cls)
    const c = (m && COLORS[m[1]]) || color
    node.childNodes.forEach((child) => walk(child, c))
  }
  walk(doc.body.firstChild as Node, undefined)
  const result = { tokens: lines, fg: '#1f2328', bg: '#f6f8fa' }
  hlCache.set(key, result)
  if (hlCache.size > 500) hlCache.delete(hlCache.keys().next().value as string)
  return result
}

const codePlugin = {
  name: 'shiki' as const,
  type: 'code-highlighter' as const,
  getSupportedLanguages: () => hljs.listLanguages(),
  getThemes: () => ['github-light', 'github-dark'] as [string, string],
  supportsLanguage: (l: string) => !!hljs.getLanguage(l),
  highlight: (opts: { code: string; language: string }) => hljsTokens(opts.code, opts.language)
}
const mathPlugin = { name: 'katex' as const, type: 'math' as const, remarkPlugin: remarkMath, rehypePlugin: rehypeKatex }

function StreamdownPeer({ text }: { text: string }): ReactElement {
  return createElement(Streamdown as unknown as (p: Record<string, unknown>) => ReactElement, {
    children: text,
    plugins: { code: codePlugin, math: mathPlugin },
    isAnimating: true
  })
}

function NaivePeer({ text }: { text: string }): ReactElement {
  return createElement(ReactMarkdown, { remarkPlugins: [remarkGfm, remarkMath], rehypePlugins: [rehypeKatex] }, text)
}

interface RunOptions {
  kind: 'streamdown' | 'naive'
  chunks: string[]
  /** Chunks per second (the provider's pace). */
  chunksPerSecond: number
  /** naive: render every Nth frame only. */
  sampleEvery?: number
}

interface RunResult {
  frames: number
  renders: number
  wallMs: number
  /** naive: measured render+layout ms of the sampled frames, with the text length at each. */
  samples: Array<{ chars: number; ms: number }>
  firstGlyphMs: number | null
}

let setText: ((t: string) => void) | null = null

function Host({ kind }: { kind: RunOptions['kind'] }): ReactElement {
  const [text, set] = useState('')
  useEffect(() => {
    setText = set
  }, [])
  return createElement('div', { className: 'peer' }, createElement(kind === 'streamdown' ? StreamdownPeer : NaivePeer, { text }))
}

async function run(opts: RunOptions): Promise<RunResult> {
  const mount = document.getElementById('root')!
  const root = createRoot(mount)
  flushSync(() => root.render(createElement(Host, { kind: opts.kind })))
  await new Promise((r) => requestAnimationFrame(r))
  const samples: RunResult['samples'] = []
  let frames = 0
  let renders = 0
  let firstGlyphMs: number | null = null
  const t0 = performance.now()
  let sent = 0
  let text = ''
  await new Promise<void>((resolve) => {
    const frame = (): void => {
      const due = Math.min(opts.chunks.length, Math.floor(((performance.now() - t0) * opts.chunksPerSecond) / 1000) + 1)
      if (due > sent) {
        while (sent < due) text += opts.chunks[sent++]
        frames++
        if (opts.kind === 'naive') {
          const every = opts.sampleEvery ?? 1
          if (frames % every === 0 || sent === opts.chunks.length) {
            const s = performance.now()
            flushSync(() => setText!(text))
            void mount.offsetHeight
            samples.push({ chars: text.length, ms: performance.now() - s })
            renders++
          }
        } else {
          setText!(text)
          renders++
        }
        if (firstGlyphMs === null) {
          const at = performance.now()
          requestAnimationFrame(() => {
            if (firstGlyphMs === null && (mount.textContent ?? '').length > 0) firstGlyphMs = performance.now() - at
          })
        }
      }
      if (sent < opts.chunks.length) requestAnimationFrame(frame)
      else setTimeout(resolve, 300)
    }
    requestAnimationFrame(frame)
  })
  const wallMs = performance.now() - t0
  root.unmount()
  return { frames, renders, wallMs, samples, firstGlyphMs }
}

;(window as unknown as { runPeer: typeof run }).runPeer = run
