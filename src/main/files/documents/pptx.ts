/**
 * The text of a PowerPoint presentation (.pptx, Office Open XML): one page per slide, in the
 * order the deck shows them (ppt/presentation.xml's slide list through its relationships, not
 * the file names, which keep the order slides were created in), with the slide's speaker notes
 * after a "Notes:" line. Only the parts that hold text are unpacked, each under a size cap
 * (zipDirectory.ts), and read with a small tolerant tag scanner: no DOM in the worker, and a
 * slightly malformed part still gives its text.
 */
import { posix } from 'node:path'
import { MAX_PPTX_PART_BYTES, MAX_PPTX_TOTAL_BYTES } from './config'
import { DocumentError } from './errors'
import type { DocumentPage } from './pdf'
import { readZipEntry, zipEntries, ZipEntryError, type ZipEntry } from './zipDirectory'

export interface PptxLimits {
  /** The most one part may unpack to (MAX_PPTX_PART_BYTES by default). */
  partBytes: number
  /** The most all parts read may unpack to together (MAX_PPTX_TOTAL_BYTES by default). */
  totalBytes: number
}

const DEFAULT_LIMITS: PptxLimits = { partBytes: MAX_PPTX_PART_BYTES, totalBytes: MAX_PPTX_TOTAL_BYTES }

// --- XML -----------------------------------------------------------------------------------------

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** XML's five named entities and numeric references; anything else is left as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
    return valid ? String.fromCodePoint(code) : whole
  })
}

type XmlEvent =
  | { type: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'text'; text: string }

/**
 * Tags and text of an XML string, in order. Names are local (the namespace prefix dropped: the
 * prefixes are conventions, and every real writer uses a:, p:, r:). Comments, processing
 * instructions and DOCTYPEs are skipped; CDATA is text. Linear in the input, whatever it holds.
 */
function scanXml(xml: string, visit: (event: XmlEvent) => void): void {
  const token = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<[?!][^>]*>|<(\/?)(?:[\w.-]+:)?([\w.-]+)([^>]*)>|([^<]+)/g
  for (let match = token.exec(xml); match; match = token.exec(xml)) {
    const [whole, cdata, slash, name, rest, text] = match
    if (text !== undefined) visit({ type: 'text', text: decodeXmlEntities(text) })
    else if (cdata !== undefined) visit({ type: 'text', text: cdata })
    else if (name === undefined || whole.startsWith('<!') || whole.startsWith('<?')) continue
    else if (slash) visit({ type: 'close', name })
    else {
      const selfClosing = rest.endsWith('/')
      visit({ type: 'open', name, attrs: parseAttributes(rest), selfClosing })
      if (selfClosing) visit({ type: 'close', name })
    }
  }
}

/** Attributes by their qualified name (r:id stays r:id: it differs from id). */
function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const [, name, double, single] of text.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[name] = decodeXmlEntities(double ?? single ?? '')
  }
  return attrs
}

/** UTF-8 (with or without a BOM) as Office writes it; UTF-16 LE when a BOM says so. */
function decodeXmlBytes(bytes: Uint8Array): string {
  const utf16 = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe
  return new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes)
}

// --- Slide text ----------------------------------------------------------------------------------

/**
 * Placeholders whose text the slide's layout fills in by itself: the slide number and date on a
 * slide, and in notes also the slide picture, header and footer. Read, they are noise ("7",
 * "3/14/2025") in every page.
 */
const SLIDE_NOISE: ReadonlySet<string> = new Set(['sldNum', 'dt'])
const NOTES_NOISE: ReadonlySet<string> = new Set(['sldNum', 'dt', 'sldImg', 'hdr', 'ftr'])

/**
 * The text of one slide or notes part: each shape a block of lines (one per paragraph, `a:br`
 * a line break), each table a block of rows with its cells separated by " | ", blocks separated
 * by a blank line — the breaks chunk.ts cuts at.
 */
export function slidePartText(xml: string, noisePlaceholders: ReadonlySet<string> = SLIDE_NOISE): string {
  const blocks: string[] = []
  // mc:Fallback repeats what mc:Choice holds (e.g. an equation as a picture or plain text): read once.
  let fallbackDepth = 0
  let shape: { lines: string[]; noise: boolean } | undefined
  let table: { rows: string[]; row?: string[]; cell?: string[] } | undefined
  let paragraph: string | undefined
  let inText = false
  // Paragraphs in a text body outside any shape or table (rare: some writers' graphic frames).
  let loose: string[] = []
  const flushLoose = (): void => {
    if (loose.length > 0) blocks.push(loose.join('\n'))
    loose = []
  }

  scanXml(xml, (event) => {
    if (event.type !== 'text' && event.name === 'Fallback') {
      // A self-closing one is an open and a close: the depth comes back.
      fallbackDepth = Math.max(0, fallbackDepth + (event.type === 'open' ? 1 : -1))
      return
    }
    if (fallbackDepth > 0) return

    if (event.type === 'text') {
      if (inText && paragraph !== undefined) paragraph += event.text
      return
    }
    if (event.type === 'open') {
      switch (event.name) {
        case 'sp':
          shape = { lines: [], noise: false }
          break
        case 'ph':
          if (shape && noisePlaceholders.has(event.attrs.type ?? '')) shape.noise = true
          break
        case 'tbl':
          table = { rows: [] }
          break
        case 'tr':
          if (table) table.row = []
          break
        case 'tc':
          if (table) table.cell = []
          break
        case 'p':
          paragraph = ''
          break
        case 't':
          inText = true
          break
        case 'br':
          if (paragraph !== undefined) paragraph += '\n'
          break
      }
      return
    }
    switch (event.name) {
      case 't':
        inText = false
        break
      case 'p': {
        const text = (paragraph ?? '').replace(/[ \t]+$/gm, '')
        paragraph = undefined
        if (text.trim() === '') break
        if (table?.cell) table.cell.push(text.replace(/\s*\n\s*/g, ' ').trim())
        else if (shape) shape.lines.push(text)
        else loose.push(text)
        break
      }
      case 'tc':
        // Empty and merged cells stay as empty fields: the columns of every row line up.
        if (table?.row && table.cell) table.row.push(table.cell.join(' '))
        if (table) table.cell = undefined
        break
      case 'tr':
        if (table?.row?.some((cell) => cell !== '')) table.rows.push(table.row.join(' | ').trimEnd())
        if (table) table.row = undefined
        break
      case 'tbl':
        if (table && table.rows.length > 0) blocks.push(table.rows.join('\n'))
        table = undefined
        break
      case 'sp':
        if (shape && !shape.noise && shape.lines.length > 0) blocks.push(shape.lines.join('\n'))
        shape = undefined
        break
      case 'txBody':
        if (!shape && !table) flushLoose()
        break
    }
  })
  flushLoose()
  return blocks.join('\n\n').trim()
}

// --- Package -------------------------------------------------------------------------------------

interface Relationship {
  type: string
  /** The part it points to, as a path in the ZIP (no leading slash). */
  target: string
}

/** Where a part's relationships are: ppt/slides/slide1.xml → ppt/slides/_rels/slide1.xml.rels. */
const relsPathOf = (part: string): string => posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`)

/** A relationship target (relative to its source part's folder, or absolute from the package root) as a ZIP path. */
function resolveTarget(sourcePart: string, target: string): string {
  let decoded = target
  try {
    decoded = decodeURIComponent(target)
  } catch {
    // A stray % is a character of the name.
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(sourcePart), decoded)
  return posix.normalize(path).replace(/^(\.\.\/)+/, '')
}

const SLIDE_FILE = /^ppt\/slides\/slide(\d+)\.xml$/i

/** The text pages of a .pptx: one per slide, numbered in presentation order. */
export function extractPptx(bytes: Uint8Array, name: string, limits: PptxLimits = DEFAULT_LIMITS): { pages: DocumentPage[] } {
  const entries = zipEntries(bytes)
  if (!entries) throw new DocumentError('corrupt', `${name} is damaged: its list of contents cannot be read.`)
  // Part names are case-insensitive in Office packages (ECMA-376 part 2).
  const byName = new Map<string, ZipEntry>()
  for (const entry of entries) byName.set(entry.name.toLowerCase(), entry)
  let unpacked = 0

  const readPart = (part: string): string | undefined => {
    const entry = byName.get(part.toLowerCase())
    if (!entry) return undefined
    try {
      if (unpacked + entry.uncompressedSize > limits.totalBytes) throw totalTooLarge()
      const data = readZipEntry(bytes, entry, limits.partBytes)
      unpacked += data.byteLength
      if (unpacked > limits.totalBytes) throw totalTooLarge()
      return decodeXmlBytes(data)
    } catch (error) {
      if (!(error instanceof ZipEntryError)) throw error
      if (error.reason === 'too_large') throw new DocumentError('too_large', `${name} cannot be read safely: ${error.message}`)
      if (error.reason === 'unsupported') throw new DocumentError('unsupported', `${name} cannot be read: ${error.message}`)
      throw new DocumentError('corrupt', `${name} is damaged: ${error.message}`)
    }
  }
  const totalTooLarge = (): ZipEntryError =>
    new ZipEntryError('too_large', `its slides unpack to more than ${Math.round(limits.totalBytes / (1024 * 1024))} MB, the most read from one presentation.`)

  const relationships = (part: string): Map<string, Relationship> => {
    const rels = new Map<string, Relationship>()
    const xml = readPart(relsPathOf(part))
    if (xml === undefined) return rels
    scanXml(xml, (event) => {
      if (event.type !== 'open' || event.name !== 'Relationship') return
      const { Id: id, Type: type = '', Target: target, TargetMode: mode } = event.attrs
      if (id && target && mode !== 'External') rels.set(id, { type, target: resolveTarget(part, target) })
    })
    return rels
  }

  const slides = slideOrder(byName, readPart, relationships)
  if (slides.length === 0) throw new DocumentError('empty', `${name} has no slides.`)

  const pages: DocumentPage[] = slides.map((slide, index) => {
    const xml = readPart(slide) ?? ''
    const slideText = slidePartText(xml, SLIDE_NOISE)
    const notesPart = [...relationships(slide).values()].find((rel) => rel.type.endsWith('/notesSlide'))?.target
    const notesXml = notesPart === undefined ? undefined : readPart(notesPart)
    const notes = notesXml === undefined ? '' : slidePartText(notesXml, NOTES_NOISE)
    const text = notes === '' ? slideText : `${slideText}\n\nNotes:\n${notes}`.trim()
    return { number: index + 1, text }
  })
  if (pages.every((page) => page.text === '')) throw new DocumentError('empty', `${name} has no text.`)
  return { pages }
}

/**
 * The slide parts in the order the deck shows them: the main part (from the package's
 * relationships, ppt/presentation.xml in practice), its p:sldIdLst, each id through the main
 * part's relationships. A deck whose list cannot be followed falls back to the slide files in
 * numeric order (slide2 before slide10).
 */
function slideOrder(
  byName: ReadonlyMap<string, ZipEntry>,
  readPart: (part: string) => string | undefined,
  relationships: (part: string) => Map<string, Relationship>
): string[] {
  const officeDocument = [...relationships('').values()].find((rel) => rel.type.endsWith('/officeDocument'))?.target
  const main = officeDocument && byName.has(officeDocument.toLowerCase()) ? officeDocument : 'ppt/presentation.xml'
  const presentation = readPart(main)
  const ordered: string[] = []
  if (presentation !== undefined) {
    const rels = relationships(main)
    let inList = false
    scanXml(presentation, (event) => {
      if (event.type !== 'text' && event.name === 'sldIdLst') inList = event.type === 'open' && !event.selfClosing
      if (!inList || event.type !== 'open' || event.name !== 'sldId') return
      // The relationship id is the namespaced id (r:id); the bare `id` is the slide's own number.
      const relId = Object.entries(event.attrs).find(([attr]) => /^[\w.-]+:id$/.test(attr))?.[1]
      const rel = relId === undefined ? undefined : rels.get(relId)
      if (rel && byName.has(rel.target.toLowerCase()) && !ordered.includes(rel.target)) ordered.push(rel.target)
    })
  }
  if (ordered.length > 0) return ordered
  return [...byName.values()]
    .map((entry) => ({ part: entry.name, number: SLIDE_FILE.exec(entry.name)?.[1] }))
    .filter((slide): slide is { part: string; number: string } => slide.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number))
    .map((slide) => slide.part)
}
