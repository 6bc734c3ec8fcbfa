/**
 * HTML → readable markdown for read_url: the article without the site's navigation, footer and
 * ads, in a form the model reads well and the user can see rendered.
 *
 *   jsdom         parses the page. Never with scripts (runScripts is left unset) and never with
 *                 subresources (resources left unset): the page is data, nothing of it runs and
 *                 nothing it names is fetched. A silent VirtualConsole keeps its CSS parse errors
 *                 out of the app's log.
 *   Readability   (Firefox Reader View) finds the article; when it finds none, the body is used
 *                 with the obvious chrome (nav, header, footer, aside, forms) removed.
 *   turndown      writes markdown; links and images are made absolute (jsdom resolves them
 *                 against the page's URL and <base>), other schemes (javascript:, data:) are dropped.
 *
 * The three libraries are loaded on first use: jsdom alone takes over a second to load, which
 * app start should not pay for a tool that may never be called.
 *
 * All of this is synchronous and runs in the main process, so the work is bounded (measured on a
 * 5 MB page of paragraphs: 6 s to parse, 6 s in Readability, 20 s and more in turndown, whose
 * output joining grows quadratically):
 *   - script, style, svg and math contents and comments are cut out of the source before parsing
 *     (stripRawText), then the source is capped at HTML_LIMIT characters and MAX_SOURCE_TAGS tags;
 *   - nesting is bounded: Readability's time grows steeply with depth (14 s for one chain of 500
 *     divs) and the parser's with depth × elements, so a source nested beyond MAX_SOURCE_DEPTH
 *     is refused before parsing, and a document deeper than MAX_DOM_DEPTH skips Readability and
 *     is copied flat;
 *   - turndown gets a copy of the chosen element holding only about maxChars of text, since no
 *     more than that reaches the model anyway (turndown also recurses: the copy is never deeper
 *     than MAX_DOM_DEPTH).
 */
import type { JSDOM as JsdomClass } from 'jsdom'
import type TurndownService from 'turndown'
import { PageError } from './pageError'

export interface Extracted {
  /** The article's title ('' when the page has none). */
  title: string
  markdown: string
  /** A sentence or two from the page (for the cited source). */
  excerpt: string
  /** Text was left out (the source was capped or the content pruned): the page continues. */
  cut: boolean
}

/**
 * Characters of HTML (after removing scripts, styles, comments) that are parsed, whatever the
 * number of tags: parsing takes about 1–2 s per million characters here, blocking the main
 * process, and this much source holds far more than maxChars of text.
 */
export const HTML_LIMIT = 750_000

/**
 * Start tags that are parsed (the source is cut before the next one). This is what bounds
 * Readability, whose time grows faster than the element count on wide pages (1 s for 1 000
 * sibling divs, 6 s for 8 000, about a minute for 25 000 here: it rewrites the jsdom tree a node
 * at a time). A typical
 * article page has 1 500–4 000 elements; on longer ones the first 6 000 still hold far more text
 * than maxChars.
 */
export const MAX_SOURCE_TAGS = 6_000
/** Elements handed to turndown, whose output joining grows quadratically with them. */
const MAX_COPY_ELEMENTS = 5_000
/** Nesting estimated from the source (estimateDepth) beyond which a page is refused. Chromium's parser flattens beyond 512. */
export const MAX_SOURCE_DEPTH = 512
/** DOM depth beyond which Readability is skipped and the body is copied flat. Real pages stay well under 100. */
const MAX_DOM_DEPTH = 256
/** Elements beyond which Readability is skipped: a guard, MAX_SOURCE_TAGS (plus the elements the parser adds) stays under it. */
const MAX_READABILITY_ELEMENTS = 8_000

interface Libraries {
  JSDOM: typeof import('jsdom').JSDOM
  VirtualConsole: typeof import('jsdom').VirtualConsole
  Readability: typeof import('@mozilla/readability').Readability
  turndown: TurndownService
}

let libraries: Promise<Libraries> | undefined

function loadLibraries(): Promise<Libraries> {
  libraries ??= Promise.all([import('jsdom'), import('@mozilla/readability'), import('turndown')]).then(
    ([jsdom, readability, turndown]) => ({
      JSDOM: jsdom.JSDOM,
      VirtualConsole: jsdom.VirtualConsole,
      Readability: readability.Readability,
      turndown: createTurndown(turndown.default)
    })
  )
  // A failed load (a broken install) should not be cached forever.
  libraries.catch(() => {
    libraries = undefined
  })
  return libraries
}

/**
 * Elements that never carry readable text (or are code and media we cannot show). Not noscript:
 * with scripting off, its content is what a reader sees ("enable JavaScript", fallback content).
 */
const NOISE = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'canvas', 'svg', 'math', 'head'])
/** Site furniture, dropped when Readability found no article and the whole body is used. */
const CHROME =
  'nav, header, footer, aside, form, dialog, [role="navigation"], [role="banner"], [role="contentinfo"], [role="search"], [aria-hidden="true"], [hidden]'

/** Characters that would end or break a markdown link destination. */
const escapeDestination = (href: string): string =>
  href.replace(/[()\s<>]/g, (c) => ({ '(': '%28', ')': '%29', '<': '%3C', '>': '%3E' })[c] ?? '%20')

const WEB_LINK = /^(https?|mailto):/i
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

function createTurndown(Service: typeof TurndownService): TurndownService {
  const td = new Service({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', hr: '---', emDelimiter: '_' })
  td.remove((node) => NOISE.has(node.nodeName.toLowerCase()))
  td.addRule('absoluteLinks', {
    filter: (node) => node.nodeName === 'A' && node.hasAttribute('href'),
    replacement: (content, node) => {
      // The href property is the attribute resolved against the document's base URL.
      const href = (node as unknown as HTMLAnchorElement).href
      const text = oneLine(content)
      if (!text) return ''
      return WEB_LINK.test(href) ? `[${text}](${escapeDestination(href)})` : text
    }
  })
  td.addRule('absoluteImages', {
    filter: 'img',
    replacement: (_content, node) => {
      // Only images that say what they show: a bare image URL costs the model tokens and tells it nothing.
      const img = node as unknown as HTMLImageElement
      const alt = oneLine(img.getAttribute('alt') ?? '').replace(/[[\]]/g, '')
      const src = img.src
      return alt && /^https?:/i.test(src) ? `![${alt}](${escapeDestination(src)})` : ''
    }
  })
  return td
}

/** Parses `html` as if it had been loaded from `url`; nothing runs, nothing loads (see the module comment). */
function parse(libs: Libraries, html: string, url: string): JsdomClass {
  // text/html also for application/xhtml+xml: the HTML parser never fails on a malformed page,
  // where the XML parser would reject the whole document.
  return new libs.JSDOM(html, { url, contentType: 'text/html', virtualConsole: new libs.VirtualConsole() })
}

/**
 * The readable content of `html` as markdown, as if loaded from `url`; about `maxChars` of text
 * at most (the caller cuts exactly). Throws PageError for a page it will not parse.
 */
export async function extractHtml(html: string, url: string, maxChars: number): Promise<Extracted> {
  const libs = await loadLibraries()
  const stripped = stripRawText(html)
  const end = sourceEnd(stripped)
  const capped = end < stripped.length
  const source = capped ? stripped.slice(0, end) : stripped
  if (estimateDepth(source) > MAX_SOURCE_DEPTH) {
    throw new PageError(`${url} could not be read: its HTML is nested more than ${MAX_SOURCE_DEPTH} levels deep.`)
  }
  // A little more text than will be shown, so the caller's cut (and its note) still happens.
  const budget = Math.ceil(maxChars * 1.1) + 100
  // No window.close() afterwards: without scripts and subresources there are no timers or loads
  // to stop, and closing tears the whole tree down (up to a second on a large page) when the
  // garbage collector would free it anyway.
  let document = parse(libs, source, url).window.document
  const pageTitle = oneLine(document.title)
  // Readability only where its time stays bounded (see MAX_DOM_DEPTH, MAX_READABILITY_ELEMENTS).
  const readable =
    !!document.body &&
    document.getElementsByTagName('*').length <= MAX_READABILITY_ELEMENTS &&
    domDepth(document.body, MAX_DOM_DEPTH) <= MAX_DOM_DEPTH
  if (readable) {
    let article: ReturnType<InstanceType<typeof libs.Readability<Element>>['parse']> = null
    try {
      // serializer: hand back the element itself, so turndown reads the live DOM (no re-parse).
      article = new libs.Readability<Element>(document, { serializer: (node) => node as Element }).parse()
    } catch {
      article = null // Readability gives up on some odd documents: use the body as below.
    }
    if (article?.content && oneLine(article.textContent ?? '')) {
      const { copy, cut } = copyWithin(article.content, budget)
      const markdown = libs.turndown.turndown(copy as unknown as TurndownService.Node).trim()
      if (markdown) {
        const title = oneLine(article.title ?? '') || pageTitle
        return { title, markdown, excerpt: oneLine(article.excerpt ?? '') || firstWords(markdown), cut: capped || cut }
      }
    }
    // Readability has rewritten this document: the body comes from a fresh parse.
    document = parse(libs, source, url).window.document
  }
  const body = fromBody(libs, document, pageTitle, budget)
  return { ...body, cut: body.cut || capped }
}

/** Where the parsed part of the source ends: at HTML_LIMIT characters or before the MAX_SOURCE_TAGS + 1st start tag. */
function sourceEnd(source: string): number {
  const startTag = /<[a-zA-Z]/g
  for (let count = 0; startTag.exec(source); count++) {
    if (startTag.lastIndex - 2 >= HTML_LIMIT) break
    if (count === MAX_SOURCE_TAGS) return startTag.lastIndex - 2
  }
  return Math.min(source.length, HTML_LIMIT)
}

/** Elements whose end tag may be left out (the parser closes them) and void elements: they do not nest by themselves. */
const NO_NESTING = new Set(
  (
    'area base br col embed hr img input link meta source track wbr param keygen frame basefont bgsound ' +
    'p li dt dd tr td th option optgroup rb rt rp rtc tbody thead tfoot colgroup caption html head body'
  ).split(' ')
)

/**
 * How deep the elements of `source` nest, estimated from its tags before any parsing: each start
 * tag opens, an end tag closes up to the open element of its name (a stray one is ignored, as
 * the parser does). Elements the parser closes by itself are not counted, so a real document is
 * at most a few times deeper than this. Linear: a count per name avoids searching the stack.
 */
export function estimateDepth(source: string): number {
  const stack: string[] = []
  const open = new Map<string, number>()
  let deepest = 0
  for (const match of source.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    const name = match[2].toLowerCase()
    if (NO_NESTING.has(name)) continue
    if (!match[1]) {
      stack.push(name)
      open.set(name, (open.get(name) ?? 0) + 1)
      deepest = Math.max(deepest, stack.length)
    } else if ((open.get(name) ?? 0) > 0) {
      for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
        open.set(top, (open.get(top) ?? 1) - 1)
        if (top === name) break
      }
    }
  }
  return deepest
}

/**
 * The depth of the deepest element under `root`, counting up to `limit` + 1 at most. Walks by
 * sibling links: indexing jsdom's live child lists is slow on an element with many children.
 */
function domDepth(root: Element, limit: number): number {
  let deepest = 0
  let depth = 0
  let element: Element | null = root
  while (element) {
    deepest = Math.max(deepest, depth)
    if (deepest > limit) return deepest
    if (element.firstElementChild) {
      element = element.firstElementChild
      depth += 1
      continue
    }
    while (element && element !== root && !element.nextElementSibling) {
      element = element.parentElement
      depth -= 1
    }
    element = element && element !== root ? element.nextElementSibling : null
  }
  return deepest
}

/**
 * The source without the contents of <script>, <style>, <svg> and <math> elements and comments,
 * found the way the HTML tokenizer finds their ends (the first `</script`, `</style`, `-->`; for
 * svg and math, whose content is markup, the first `</svg` or `</math`: a nested one leaves some
 * of the outer's markup, never text worth reading; turndown drops both anyway). One
 * forward scan with simple patterns: nothing a page could make backtrack. JSON-LD scripts stay:
 * Readability reads the title and byline from them. Inline SVG icons and scripts are often most
 * of a modern page's bytes, and none of its text.
 *
 * Only a saving, not a sanitizer (jsdom never runs scripts anyway), so when in doubt it keeps the
 * source: an opening without its end (which may be a `<script>` written inside a title or an
 * attribute) leaves the rest of the document to the real parser.
 */
export function stripRawText(html: string): string {
  const opening = /<!--|<(script|style|svg|math)(?=[\s/>])/gi
  const parts: string[] = []
  let copied = 0 // html[0, copied) is in parts
  for (let match = opening.exec(html); match; match = opening.exec(html)) {
    const open = match.index
    let drop: [number, number] // the range [from, to) to leave out
    if (!match[1]) {
      // `<!-->` and `<!--->` are complete (empty) comments; others end at the first `-->`.
      const close = html.indexOf('-->', open + 4)
      if (html.startsWith('<!-->', open)) drop = [open, open + 5]
      else if (html.startsWith('<!--->', open)) drop = [open, open + 6]
      else if (close !== -1) drop = [open, close + 3]
      else break
    } else {
      const tagEnd = html.indexOf('>', open)
      if (tagEnd === -1) break
      if (match[1].toLowerCase() === 'script' && /ld\+json/i.test(html.slice(open, tagEnd))) {
        opening.lastIndex = tagEnd + 1
        continue
      }
      // Keep both tags (the closing one stays in the rest); leave out what is between them.
      const closing = new RegExp(`</${match[1]}`, 'gi')
      closing.lastIndex = tagEnd + 1
      const close = closing.exec(html)
      if (!close) break
      drop = [tagEnd + 1, close.index]
    }
    parts.push(html.slice(copied, drop[0]))
    copied = drop[1]
    opening.lastIndex = Math.max(drop[1], open + 1)
  }
  if (copied === 0) return html
  parts.push(html.slice(copied))
  return parts.join('')
}

/**
 * A copy of `root` with about `budget` characters of (whitespace-collapsed) text and at most
 * MAX_COPY_ELEMENTS elements, in document order, leaving out NOISE and the elements matching
 * `skip`; `cut` when something was left out.
 *
 * A copy rather than removing from the page: jsdom takes about a millisecond per node removed
 * from a large document (seconds for a long page), while copying costs only what is kept. A loop,
 * not recursion: pages can nest deeply.
 */
function copyWithin(root: Element, budget: number, skip?: string): { copy: Element; text: number; cut: boolean } {
  const copy = root.cloneNode(false) as Element
  // The source elements being walked into, each with the copy its children go into and that
  // copy's depth. Walked by sibling links: indexing jsdom's live child lists is slow.
  const open: Array<{ source: Node; target: Node; depth: number }> = [{ source: root, target: copy, depth: 0 }]
  let node: Node | null = root.firstChild
  let used = 0
  let elements = 0
  while (open.length > 0) {
    if (!node) {
      node = (open.pop() as { source: Node }).source
      node = open.length > 0 ? node.nextSibling : null
      continue
    }
    const { target, depth } = open[open.length - 1]
    if (node.nodeType === 3) {
      // Counted collapsed (as it will read), copied as it is (whitespace matters in <pre>).
      const text = node.nodeValue ?? ''
      const length = text.replace(/\s+/g, ' ').length
      const room = budget - used
      const clone = target.appendChild(node.cloneNode(false))
      if (length > room) {
        clone.nodeValue = text.slice(0, Math.max(0, room))
        return { copy, text: budget, cut: true }
      }
      used += text.trim() ? length : 0
    } else if (node.nodeType === 1 && !NOISE.has(node.nodeName.toLowerCase()) && !(skip && (node as Element).matches(skip))) {
      if (++elements > MAX_COPY_ELEMENTS) return { copy, text: used, cut: true }
      // Past MAX_DOM_DEPTH the element itself is left out and its content joins its parent's.
      const flat = depth >= MAX_DOM_DEPTH
      const into = flat ? target : target.appendChild(node.cloneNode(false))
      if (node.firstChild) {
        open.push({ source: node, target: into, depth: flat ? depth : depth + 1 })
        node = node.firstChild
        continue
      }
    }
    node = node.nextSibling
  }
  return { copy, text: used, cut: false }
}

/** No article found: the body without its chrome, or with it when nothing else is left. */
function fromBody(libs: Libraries, document: Document, title: string, budget: number): Extracted {
  const body = document.body
  if (!body) return { title, markdown: '', excerpt: '', cut: false }
  let chosen = copyWithin(body, budget, CHROME)
  if (chosen.text === 0) chosen = copyWithin(body, budget)
  const markdown = libs.turndown.turndown(chosen.copy as unknown as TurndownService.Node).trim()
  return { title, markdown, excerpt: firstWords(markdown), cut: chosen.cut }
}

/** About the first 200 characters of prose, markdown syntax removed, for a citation's snippet. */
function firstWords(markdown: string): string {
  const text = oneLine(markdown.replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[#>*_`|-]+/g, ' '))
  return text.length > 200 ? `${text.slice(0, 200).replace(/\s+\S*$/, '')}…` : text
}
