/**
 * The one open fenced code block at the tail of a streaming answer, rendered by React as text
 * chunks instead of as HTML: each update only appends to the last chunk's text node, so a long
 * block streams without re-parsing, re-sanitising or re-shaping the lines already shown (setting
 * innerHTML again per token made an 80-line block cost ~10 ms per update in Chromium).
 * Text nodes can't inject markup, so there is nothing to sanitise. Once the fence closes, the block
 * goes back to renderBlockHtml (highlighted, once). Same classes and header as a rendered block.
 */
import { memo, useMemo, type ReactElement } from 'react'
import type { MarkdownLabels } from './engine'

const OPENER = /^(?:[ \t]*\n)*( {0,3})(`{3,}|~{3,})([^\n]*)(?:\n|$)/
const LINES_PER_CHUNK = 40

export interface OpenFence {
  lang: string
  /** The code as marked's tokenizer gives it. */
  code: string
}

/**
 * For a block known to be an unclosed fenced code block: its language and code so far, exactly as
 * marked's fence tokenizer would give them (so the text matches renderBlockHtml's, quirks included:
 * marked only strips the fence's indentation from content lines for backtick fences).
 */
export function parseOpenFence(source: string): OpenFence | null {
  const m = OPENER.exec(source)
  if (!m) return null
  const info = m[3].trim()
  if (m[2][0] === '`' && info.includes('`')) return null
  const lang = (info.split(/\s+/)[0] ?? '').replace(/[^\w+#.-]/g, '').slice(0, 40)
  const body = m[0].endsWith('\n') ? source.slice(m[0].length) : ''
  if (body === '') return { lang, code: '' }
  let code = body.endsWith('\n') ? body.slice(0, -1) : body
  const indent = m[2][0] === '`' ? m[1].length : 0
  if (indent > 0) {
    code = code
      .split('\n')
      .map((line) => line.slice(Math.min(/^\s*/.exec(line)![0].length, indent)))
      .join('\n')
  }
  if (code === '' || code.endsWith('\n')) code += '\n'
  return { lang, code }
}

function chunk(code: string): string[] {
  const chunks: string[] = []
  let start = 0
  let lines = 0
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) {
    if (++lines === LINES_PER_CHUNK) {
      chunks.push(code.slice(start, i + 1))
      start = i + 1
      lines = 0
    }
  }
  chunks.push(code.slice(start))
  return chunks
}

const Chunk = memo(function Chunk({ text }: { text: string }): ReactElement {
  return <span className="od-md-code-chunk">{text}</span>
})

export const StreamingCode = memo(function StreamingCode({
  fence,
  labels
}: {
  fence: OpenFence
  labels: MarkdownLabels
}): ReactElement {
  const chunks = useMemo(() => chunk(fence.code), [fence.code])
  const { lang } = fence
  return (
    <div className="od-md-code" data-lang={lang || undefined} data-state="open">
      <div className="od-md-code-header">
        <span className="od-md-code-lang">{lang || 'text'}</span>
        <span className="od-md-code-actions">
          <button type="button" className="od-md-code-btn" data-action="wrap" aria-pressed="false">
            {labels.wrap}
          </button>
          <button type="button" className="od-md-code-btn" data-action="copy">
            {labels.copy}
          </button>
        </span>
      </div>
      <pre className="od-md-pre">
        <code className={lang ? `language-${lang}` : undefined}>
          {chunks.map((text, i) => (
            <Chunk key={i} text={text} />
          ))}
        </code>
      </pre>
    </div>
  )
})
