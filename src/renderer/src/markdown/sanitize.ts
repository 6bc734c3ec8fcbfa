/**
 * DOMPurify over every block's HTML. Our own renderer already escapes raw HTML and rewrites links
 * and images; this is the second wall. KaTeX's markup (span classes and inline styles, the svg it
 * uses for stretchy glyphs, MathML if ever enabled) is allowed; script-capable things are not.
 */
import createDOMPurify from 'dompurify'
import type { DOMPurify as Purifier, Config } from 'dompurify'

/** Schemes a link may keep. Everything else (javascript:, file:, data:, vbscript:, relative) is dropped. */
export const SAFE_LINK = /^(?:https?:|mailto:)/i
/** Images that may show: inline data only (CSP: img-src 'self' data: blob:; remote needs consent). */
export const SAFE_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp);/i

const CONFIG: Config = {
  FORBID_TAGS: ['style', 'form', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'template', 'textarea', 'select'],
  FORBID_ATTR: ['srcset', 'action', 'formaction', 'background', 'ping'],
  ALLOW_DATA_ATTR: true,
  ALLOW_ARIA_ATTR: true,
  ALLOW_UNKNOWN_PROTOCOLS: false
}

let purifier: Purifier | null = null

function getPurifier(): Purifier {
  if (purifier) return purifier
  const win = (globalThis as { window?: Window & typeof globalThis }).window
  if (!win?.document) throw new Error('markdown: sanitising needs a DOM window (run in the renderer or under jsdom)')
  const p = createDOMPurify(win)
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element
    const tag = el.tagName
    if (tag === 'A') {
      const href = el.getAttribute('href')
      if (href !== null && !SAFE_LINK.test(href.trim())) {
        el.removeAttribute('href')
        el.removeAttribute('data-external')
      }
      el.removeAttribute('target')
    } else if (tag === 'IMG') {
      const src = el.getAttribute('src')
      if (src !== null && !SAFE_IMAGE.test(src.trim())) el.removeAttribute('src')
    } else if (tag === 'INPUT') {
      // GFM task list checkboxes only, and never editable.
      if (el.getAttribute('type') !== 'checkbox') el.setAttribute('type', 'checkbox')
      el.setAttribute('disabled', '')
    }
  })
  purifier = p
  return p
}

export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, CONFIG) as unknown as string
}

/**
 * A mermaid diagram's SVG. mermaid (securityLevel 'strict') already sanitises its labels; this
 * is the second wall, as for every block: SVG and the HTML of its labels (foreignObject) stay,
 * scripts, event handlers and unsafe URLs go. Its own <style> must stay (the diagram's look; the
 * CSP keeps it from loading anything).
 */
const DIAGRAM_CONFIG: Config = {
  USE_PROFILES: { svg: true, svgFilters: true, html: true },
  ADD_TAGS: ['style', 'foreignObject'],
  // mermaid's labels are HTML inside <foreignObject>: let HTML live there (and only there).
  HTML_INTEGRATION_POINTS: { foreignobject: true },
  FORBID_TAGS: ['script', 'form', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'template', 'textarea', 'select'],
  FORBID_ATTR: ['srcset', 'action', 'formaction', 'background', 'ping'],
  ALLOW_UNKNOWN_PROTOCOLS: false
}

export function sanitizeDiagramSvg(svg: string): string {
  return getPurifier().sanitize(svg, DIAGRAM_CONFIG) as unknown as string
}
