/**
 * Markdown → markup, the first of the engine's two stages (engine.ts sanitises what this makes):
 * one private `Marked` instance (GFM, math, safe links and images, raw HTML escaped, highlighted
 * code with a header).
 *
 * - `renderBlockMarkup(source, closed)` renders ONE top-level block (as cut by the splitter).
 *   `closed: false` is the streaming tail: code is shown escaped (highlighting is kept off the
 *   per-token path) and an unclosed display formula shows as a placeholder.
 * - `renderFullMarkup(text)` renders a whole text in one marked pass: the reference the block
 *   renderer is tested against.
 *
 * Not safe for the DOM on its own: everything the app shows goes through engine.ts. Tests that
 * compare thousands of prefixes use this stage directly (jsdom's HTML parser makes DOMPurify
 * ~100× slower than Chromium). Pure functions of their input: no global marked state is touched.
 */
import { Marked, Renderer, type Token, type Tokens } from 'marked'
import { highlightCode } from './highlight'
import { escapeHtml, findPendingDisplayMath, mathExtensions } from './math'
import { SAFE_IMAGE, SAFE_LINK } from './sanitize'

export interface MarkdownLabels {
  copy: string
  copied: string
  wrap: string
  /** Shown for an image whose alt text is empty. */
  image: string
  /** Shown above the source of a mermaid / chart block that could not be drawn. */
  diagramError: string
}

export const DEFAULT_LABELS: Readonly<MarkdownLabels> = Object.freeze({
  copy: 'Copy',
  copied: 'Copied',
  wrap: 'Wrap',
  image: 'Image',
  diagramError: 'Could not draw this diagram'
})

/** Table cells of at most this many characters never wrap (longer ones wrap between words). */
const SHORT_CELL_CHARS = 30

/** Fence languages drawn as diagrams once the block closes (see diagrams.ts). */
export const DIAGRAM_LANGS: ReadonlySet<string> = new Set(['mermaid', 'chart'])

interface RenderContext {
  highlight: boolean
  labels: MarkdownLabels
}

// Renderer callbacks read the options of the render in progress (rendering is synchronous).
let ctx: RenderContext = { highlight: true, labels: { ...DEFAULT_LABELS } }

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/

/** Whether a fenced code token's raw text contains its closing fence. */
export function isFenceClosed(raw: string): boolean {
  const open = FENCE_OPEN.exec(raw)
  if (!open) return false
  const body = raw.replace(/\n+$/, '')
  const lastNl = body.lastIndexOf('\n')
  if (lastNl === -1) return false
  const close = FENCE_CLOSE.exec(body.slice(lastNl + 1))
  return !!close && close[1][0] === open[1][0] && close[1].length >= open[1].length
}

/** http(s) and mailto only, normalised by the URL parser; anything else → null. */
export function safeLinkUrl(href: string | null | undefined, allowMailto = true): string | null {
  const h = (href ?? '').trim()
  if (!SAFE_LINK.test(h)) return null
  if (!allowMailto && /^mailto:/i.test(h)) return null
  try {
    const u = new URL(h)
    if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'mailto:') return null
    return u.href
  } catch {
    return null
  }
}

const baseRenderer = new Renderer()

/** Escape for text content, leaving entity references (`&amp;`, `&#x27;`) intact. */
function escapeText(s: string): string {
  return s.replace(/&(?!#?\w+;)|[<>"']/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : '&#39;'
  )
}

function codeBlockHtml(token: Tokens.Code): string {
  const info = (token.lang ?? '').trim()
  const lang = (info.split(/\s+/)[0] ?? '').replace(/[^\w+#.-]/g, '').slice(0, 40)
  const fenced = token.codeBlockStyle !== 'indented'
  const streaming = !ctx.highlight
  const open = fenced && !isFenceClosed(token.raw)
  // An indented block's trailing newlines depend on what follows it: never significant.
  const code = fenced ? token.text : token.text.replace(/\n+$/, '')
  const highlighted = streaming ? null : highlightCode(code, lang.toLowerCase())
  const body = highlighted ?? escapeHtml(code)
  const labels = ctx.labels
  const langAttr = lang ? ` data-lang="${escapeHtml(lang)}"` : ''
  const state = streaming ? (open ? ' data-state="open"' : ' data-state="pending"') : ' data-state="done"'
  const codeClass = highlighted ? `hljs language-${lang}` : lang ? `language-${lang}` : ''
  // A closed mermaid / chart fence gets a diagram slot, drawn lazily after it is in the DOM;
  // the source stays below it (hidden once drawn, shown with the error if drawing fails).
  const kind = lang.toLowerCase()
  const diagram =
    !streaming && fenced && !open && DIAGRAM_LANGS.has(kind)
      ? `<div class="od-md-diagram" data-kind="${kind}" data-state="pending" data-error-label="${escapeHtml(labels.diagramError)}" role="img" aria-label="${kind}"></div>`
      : ''
  // Wrap is for reading code; a drawn diagram has no lines to wrap (Copy still copies its source).
  const wrap = diagram ? '' : `<button type="button" class="od-md-code-btn" data-action="wrap" aria-pressed="false">${escapeHtml(labels.wrap)}</button>`
  return (
    `<div class="od-md-code"${langAttr}${state}${diagram ? ` data-diagram="${kind}"` : ''}>` +
    `<div class="od-md-code-header">` +
    `<span class="od-md-code-lang">${escapeHtml(lang || 'text')}</span>` +
    `<span class="od-md-code-actions">` +
    wrap +
    `<button type="button" class="od-md-code-btn" data-action="copy">${escapeHtml(labels.copy)}</button>` +
    `</span></div>` +
    diagram +
    `<pre class="od-md-pre"><code${codeClass ? ` class="${codeClass}"` : ''}>${body}</code></pre>` +
    `</div>\n`
  )
}

const md = new Marked({ gfm: true, breaks: false, async: false })
md.use({ extensions: mathExtensions })
md.use({
  tokenizer: {
    // No HTML blocks: a line starting with `<div>` or `<script>` is an ordinary paragraph (its
    // tags escaped as text), so an unclosed `<script>` can't swallow the rest of an answer.
    html() {
      return undefined
    }
  },
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text)
    },
    text(token: Tokens.Text | Tokens.Escape) {
      if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens)
      // Always escape: marked leaves text after an inline <script>/<pre> tag raw ("escaped"),
      // but since tags are shown as text here, what follows them is text too. Entity
      // references (&amp; &copy; &#35;) keep their meaning, as in CommonMark.
      return escapeText(token.text)
    },
    code(token: Tokens.Code) {
      return codeBlockHtml(token)
    },
    link(token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens)
      const url = safeLinkUrl(token.href)
      if (!url) {
        return `<span class="od-md-link-blocked" title="${escapeHtml(token.href ?? '')}">${inner}</span>`
      }
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : ''
      return `<a href="${escapeHtml(url)}" data-external=""${title} rel="noopener noreferrer">${inner}</a>`
    },
    image(token: Tokens.Image) {
      const href = (token.href ?? '').trim()
      const alt = token.text ?? ''
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : ''
      if (SAFE_IMAGE.test(href)) {
        return `<img class="od-md-img" src="${escapeHtml(href)}" alt="${escapeHtml(alt)}"${title}>`
      }
      const label = escapeHtml(alt || ctx.labels.image)
      const url = safeLinkUrl(href, false)
      if (url) {
        // Remote images are never fetched without consent: a link showing alt text and URL.
        return (
          `<a class="od-md-img-remote" href="${escapeHtml(url)}" data-external="" title="${escapeHtml(url)}">` +
          `<span class="od-md-img-alt">${label}</span> <span class="od-md-img-url">${escapeHtml(url)}</span></a>`
        )
      }
      return `<span class="od-md-img-blocked" title="${escapeHtml(href)}">${label}</span>`
    },
    table(token: Tokens.Table) {
      return `<div class="od-md-table-wrap">${baseRenderer.table.call(this, token)}</div>\n`
    },
    tablecell(cell: Tokens.TableCell) {
      // A short cell ("Returns", "O(n log n)", "时间复杂度") stays on one line: a table wider than
      // the message scrolls sideways in its wrapper instead of squeezing words apart.
      const html = baseRenderer.tablecell.call(this, cell)
      return cell.text.trim().length <= SHORT_CELL_CHARS ? html.replace(/^<(th|td)/, '<$1 class="od-md-cell-short"') : html
    },
    listitem(item: Tokens.ListItem) {
      const html = baseRenderer.listitem.call(this, item)
      return item.task ? html.replace(/^<li>/, '<li class="od-md-task">') : html
    }
  }
})

/** The block-level tokens of `src` (no inline pass): what the splitter cuts blocks from. */
export function lexBlocks(src: string): Token[] {
  const lexer = new md.Lexer(md.defaults)
  return lexer.blockTokens(src, [])
}

function parse(src: string): string {
  return md.parse(src, { async: false })
}

function pendingMathHtml(src: string): string {
  const tex = src.replace(/^\s*(?:\$\$|\\\[)[ \t]*\n?/, '')
  return `<div class="od-md-math-pending" aria-busy="true"><code>${escapeHtml(tex)}</code></div>\n`
}

/** For an open block: where an unclosed display formula starts (inside its last paragraph), or -1. */
function pendingMathOffset(source: string): number {
  if (source.indexOf('$$') === -1 && source.indexOf('\\[') === -1) return -1
  const tokens = lexBlocks(source)
  let offset = source.length
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]
    offset -= t.raw.length
    if (t.type === 'space') continue
    if (t.type !== 'paragraph') return -1
    const rel = findPendingDisplayMath(t.raw)
    return rel === -1 ? -1 : offset + rel
  }
  return -1
}

export function normaliseNewlines(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n')
}

function withContext<T>(next: RenderContext, fn: () => T): T {
  const prev = ctx
  ctx = next
  try {
    return fn()
  } finally {
    ctx = prev
  }
}

function contextFor(highlight: boolean, labels?: Partial<MarkdownLabels>): RenderContext {
  return { highlight, labels: labels ? { ...DEFAULT_LABELS, ...labels } : DEFAULT_LABELS }
}

/** What a block shows if rendering it throws: its source, escaped. */
export function fallbackHtml(source: string): string {
  return `<pre class="od-md-fallback">${escapeHtml(source)}</pre>`
}

function renderBlockRaw(src: string, closed: boolean): string {
  const pending = closed ? -1 : pendingMathOffset(src)
  return pending >= 0 ? parse(src.slice(0, pending)) + pendingMathHtml(src.slice(pending)) : parse(src)
}

/** One block (as cut by the splitter) → unsanitised markup. */
export function renderBlockMarkup(source: string, closed: boolean, labels?: Partial<MarkdownLabels>): string {
  return withContext(contextFor(closed, labels), () => renderBlockRaw(normaliseNewlines(source), closed))
}

/** A complete text in one marked pass (everything closed, code highlighted) → unsanitised markup. */
export function renderFullMarkup(text: string, labels?: Partial<MarkdownLabels>): string {
  return withContext(contextFor(true, labels), () => parse(normaliseNewlines(text)))
}
