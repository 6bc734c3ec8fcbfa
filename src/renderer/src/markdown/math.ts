/**
 * Math for marked: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` rendered with KaTeX (html output,
 * throwOnError: false). Dollar heuristics (pandoc's): the opening `$` is followed by a non-space,
 * the closing `$` (the next unescaped one) is preceded by a non-space and not followed by a digit,
 * so "$5 and $10" stays currency; and (ours) a `$` right after an ASCII letter or digit ("US$5")
 * opens nothing. Math inside code spans and fences is never seen here: marked
 * consumes those first.
 */
import katex from 'katex'
import type { TokenizerAndRendererExtension, Tokens } from 'marked'

export interface MathToken extends Tokens.Generic {
  type: 'inlineMath' | 'blockMath'
  raw: string
  text: string
  display: boolean
}

const KATEX_CACHE_MAX = 2000
const katexCache = new Map<string, string>()

/**
 * Formulas of the render in progress (see withMathSlots), or null: KaTeX's HTML inline.
 * KaTeX's markup is most of a math-heavy block's HTML (a formula is 1–3 KB of spans); with slots,
 * the block's own HTML is sanitised without it and each formula's HTML is sanitised once, when
 * first seen, not on every update of the streaming paragraph that contains it.
 */
let slots: Array<{ tex: string; display: boolean }> | null = null
const SLOT = /<span data-od-math="(\d+)"><\/span>/g

function texHtml(tex: string, display: boolean): string {
  if (!slots) return renderTex(tex, display)
  slots.push({ tex, display })
  return `<span data-od-math="${slots.length - 1}"></span>`
}

/**
 * Runs `render` with formulas left as slots, then puts `fill(tex, display)` in each slot of its
 * output. Slots are numbered per render and can't be forged: the markdown renderer escapes raw
 * HTML, so every `data-od-math` span in its output is one of ours.
 */
export function withMathSlots(render: () => string, fill: (tex: string, display: boolean) => string): string {
  const outer = slots
  const mine: Array<{ tex: string; display: boolean }> = []
  slots = mine
  try {
    const html = render()
    return html.replace(SLOT, (_, i: string) => {
      const f = mine[Number(i)]
      return f ? fill(f.tex, f.display) : ''
    })
  } finally {
    slots = outer
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : '&#39;'
  )
}

/** KaTeX to HTML, memoised (the growing tail paragraph re-renders its formulas on every update). */
export function renderTex(tex: string, display: boolean): string {
  const key = (display ? 'D' : 'I') + tex
  const hit = katexCache.get(key)
  if (hit !== undefined) {
    // refresh LRU position
    katexCache.delete(key)
    katexCache.set(key, hit)
    return hit
  }
  let html: string
  try {
    html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      output: 'html',
      strict: 'ignore',
      trust: false,
      maxExpand: 1000,
      maxSize: 50
    })
  } catch {
    // throwOnError:false covers parse errors; anything else still must not break the answer.
    html = `<code class="od-md-math-error">${escapeHtml(tex)}</code>`
  }
  katexCache.set(key, html)
  if (katexCache.size > KATEX_CACHE_MAX) {
    const oldest = katexCache.keys().next().value
    if (oldest !== undefined) katexCache.delete(oldest)
  }
  return html
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9'

/** Index of the next `$` at or after `from` that is not backslash-escaped, or -1. */
function nextUnescapedDollar(src: string, from: number): number {
  for (let i = src.indexOf('$', from); i !== -1; i = src.indexOf('$', i + 1)) {
    let backslashes = 0
    for (let j = i - 1; j >= 0 && src.charCodeAt(j) === 92; j--) backslashes++
    if (backslashes % 2 === 0) return i
  }
  return -1
}

const BLANK_LINE = /\n[ \t]*\n/

const ASCII_ALNUM = /[A-Za-z0-9]/

function inlineMathAt(src: string, prevChar: string): MathToken | undefined {
  const c0 = src.charCodeAt(0)
  if (c0 === 36 /* $ */) {
    // "US$5", "HK$20", "5$": a dollar glued to a latin word or number is money, not math.
    // (CJK text glues formulas to words all the time: "设$x$为", so only ASCII counts.)
    if (ASCII_ALNUM.test(prevChar)) return undefined
    if (src.charCodeAt(1) === 36) {
      // $$…$$ inside a paragraph: display math.
      const end = src.indexOf('$$', 2)
      if (end === -1) return undefined
      const text = src.slice(2, end)
      if (!text.trim() || BLANK_LINE.test(text)) return undefined
      return { type: 'inlineMath', raw: src.slice(0, end + 2), text, display: true }
    }
    if (isSpace(src[1]) || src.length < 3) return undefined
    const end = nextUnescapedDollar(src, 1)
    if (end === -1) return undefined
    if (isSpace(src[end - 1]) || isDigit(src[end + 1])) return undefined
    const text = src.slice(1, end)
    if (BLANK_LINE.test(text)) return undefined
    return { type: 'inlineMath', raw: src.slice(0, end + 1), text, display: false }
  }
  if (c0 === 92 /* \ */) {
    const c1 = src[1]
    if (c1 !== '(' && c1 !== '[') return undefined
    const close = c1 === '(' ? '\\)' : '\\]'
    const end = src.indexOf(close, 2)
    if (end === -1) return undefined
    const text = src.slice(2, end)
    if (!text.trim() || BLANK_LINE.test(text)) return undefined
    return { type: 'inlineMath', raw: src.slice(0, end + 2), text, display: c1 === '[' }
  }
  return undefined
}

// A display-math block: `$$` or `\[` opening a block (≤ 3 spaces indent), closed by `$$` / `\]`
// at the end of a line. It may span lines but not a blank line (like a paragraph), so a stray
// `$$` can never swallow the rest of an answer.
const BLOCK_DOLLAR = /^ {0,3}\$\$((?:[^$]|\$(?!\$))+?)\$\$[ \t]*(?:\n|$)/
const BLOCK_BRACKET = /^ {0,3}\\\[((?:[^\\]|\\(?!\]))+?)\\\][ \t]*(?:\n|$)/
function blockMathAt(src: string): MathToken | undefined {
  const m = BLOCK_DOLLAR.exec(src) ?? BLOCK_BRACKET.exec(src)
  if (!m) return undefined
  const text = m[1]
  if (!text.trim() || BLANK_LINE.test(text)) return undefined
  return { type: 'blockMath', raw: m[0], text, display: true }
}

export const mathExtensions: TokenizerAndRendererExtension[] = [
  {
    name: 'blockMath',
    level: 'block',
    // No `start`: display math does not interrupt a paragraph ("Text\n$$x$$" stays one paragraph
    // with the formula shown in display style inline). Interrupting would let a formula closing
    // later re-cut a paragraph that is already on screen.
    tokenizer(src: string) {
      return blockMathAt(src)
    },
    renderer(token) {
      return `<div class="od-md-math-block">${texHtml((token as MathToken).text, true)}</div>\n`
    }
  },
  {
    name: 'inlineMath',
    level: 'inline',
    start(src: string) {
      const i = src.search(/\$|\\[([]/)
      return i === -1 ? undefined : i
    },
    tokenizer(src: string, tokens) {
      const prev = tokens[tokens.length - 1]?.raw ?? ''
      return inlineMathAt(src, prev.slice(-1))
    },
    renderer(token) {
      const t = token as MathToken
      const html = texHtml(t.text, t.display)
      return t.display ? `<span class="od-md-math-display">${html}</span>` : html
    }
  }
]

/**
 * For the growing tail only: the offset of a display-math opener that has not been closed yet
 * (`$$` or `\[` starting a line, with no closer after it), or -1. Such a formula is shown as a
 * quiet placeholder with its TeX source until it closes, instead of flashing through markdown.
 */
export function findPendingDisplayMath(src: string): number {
  const re = /(?:^|\n) {0,3}(\$\$|\\\[)/g
  let found = -1
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const open = m.index + m[0].length - 2
    const closer = m[1] === '$$' ? '$$' : '\\]'
    const close = src.indexOf(closer, open + 2)
    if (close === -1) {
      found = open
      break
    }
    re.lastIndex = close + 2
  }
  if (found === -1) return -1
  // Not if a blank line follows the opener: that formula can no longer close.
  if (BLANK_LINE.test(src.slice(found))) return -1
  // Back up to the start of its line.
  const lineStart = src.lastIndexOf('\n', found - 1) + 1
  return lineStart
}
