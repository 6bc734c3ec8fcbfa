/**
 * The markdown engine's public face: markup.ts turns markdown into markup, this module sanitises
 * it (DOMPurify) so what reaches the DOM is always safe.
 *
 * - `renderBlockHtml(source, { closed })` renders ONE top-level block (as cut by the splitter) to
 *   sanitised HTML; `closed: false` is the streaming tail.
 * - `renderMarkdownFull(text)` renders a whole text in one marked pass: the reference the block
 *   renderer is tested against.
 *
 * Pure functions of their input (plus a DOM for DOMPurify). Never throw: a block that fails to
 * render shows its source.
 */
import { fallbackHtml, normaliseNewlines, renderBlockMarkup, renderFullMarkup, type MarkdownLabels } from './markup'
import { renderTex, withMathSlots } from './math'
import { sanitizeHtml } from './sanitize'

export {
  DEFAULT_LABELS,
  DIAGRAM_LANGS,
  isFenceClosed,
  lexBlocks,
  safeLinkUrl,
  type MarkdownLabels
} from './markup'

export interface RenderBlockOptions {
  /** false for the growing tail of a streaming answer. */
  closed: boolean
  labels?: Partial<MarkdownLabels>
}

// Each formula's KaTeX HTML, sanitised once (see withMathSlots in math.ts).
const SAFE_TEX_MAX = 2000
const safeTex = new Map<string, string>()

function sanitizedTex(tex: string, display: boolean): string {
  const key = (display ? 'D' : 'I') + tex
  let html = safeTex.get(key)
  if (html === undefined) {
    html = sanitizeHtml(renderTex(tex, display))
    safeTex.set(key, html)
    if (safeTex.size > SAFE_TEX_MAX) safeTex.delete(safeTex.keys().next().value as string)
  }
  return html
}

/** `raw()` sanitised, its formulas sanitised on their own (once each) and put back in place. */
function sanitizedWithMath(raw: () => string): string {
  return withMathSlots(() => sanitizeHtml(raw()), sanitizedTex)
}

/** One block (as cut by the splitter) → sanitised HTML. Never throws. */
export function renderBlockHtml(source: string, opts: RenderBlockOptions): string {
  try {
    return sanitizedWithMath(() => renderBlockMarkup(source, opts.closed, opts.labels))
  } catch (err) {
    console.error('markdown: block render failed', err)
    return sanitizeHtml(fallbackHtml(normaliseNewlines(source)))
  }
}

/** A complete text in one marked pass (everything closed, code highlighted). The reference. */
export function renderMarkdownFull(text: string, opts: { labels?: Partial<MarkdownLabels> } = {}): string {
  try {
    return sanitizedWithMath(() => renderFullMarkup(text, opts.labels))
  } catch (err) {
    console.error('markdown: render failed', err)
    return sanitizeHtml(fallbackHtml(normaliseNewlines(text)))
  }
}
