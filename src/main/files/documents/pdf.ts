/**
 * Page texts of a PDF with pdf.js (the legacy build, the one that runs in Node). Nothing is
 * fetched: the bytes are passed in, fonts are never turned into FontFaces, no eval; CJK PDFs that
 * name a predefined CMap and PDFs with non-embedded standard fonts read them from pdf.js's own
 * cmaps/ and standard_fonts/ folders on disk (in Node its factories read files, not URLs). In Node pdf.js runs its "fake worker" on the calling thread — extraction is
 * moved off main by running this whole module in our own worker (worker.ts). A scanned PDF's
 * first pages can also be drawn as images (pdfRender.ts), from the same open document.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { MIN_TEXT_CHARS_PER_PAGE, SCANNED_MAX_TEXT_PAGE_SHARE } from './config'
import { DocumentError } from './errors'
import { renderPageImages, type PageImage, type RenderScannedPagesOptions } from './pdfRender'

export interface DocumentPage {
  /** 1-based, as the viewer shows it. */
  number: number
  text: string
}

export interface PdfText {
  pages: DocumentPage[]
  pageCount: number
  /** (Almost) no page has a text layer: the PDF is images of pages and needs OCR. */
  scanned: boolean
  pagesWithText: number
  /** Scanned PDFs when rendering was asked for: the first pages as JPEGs. */
  pageImages?: PageImage[]
  /** Why fewer page images than asked for (no canvas module, a page that failed to draw…). */
  renderWarnings: string[]
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
let pdfjs: Promise<PdfJs> | undefined
/** pdf.js is ESM-only and large: loaded on first use, through import() (main is CommonJS). */
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'))

let packageDir: string | undefined
/** A folder of pdf.js's package on disk (trailing slash: pdf.js appends file names to it). */
function pdfjsDir(folder: 'cmaps' | 'standard_fonts'): string {
  packageDir ??= dirname(createRequire(__filename).resolve('pdfjs-dist/package.json'))
  return join(packageDir, folder) + '/'
}

/** Text items of a page joined the way they are laid out: an item ending a line ends it. */
function pageText(items: ReadonlyArray<{ str?: string; hasEOL?: boolean }>): string {
  let text = ''
  for (const item of items) {
    if (typeof item.str !== 'string') continue
    text += item.str
    if (item.hasEOL) text += '\n'
  }
  return text.replace(/[ \t]+\n/g, '\n').trim()
}

/** pdf.js's PasswordException codes (pdfjs-dist's PasswordResponses). */
const NEED_PASSWORD = 1
const INCORRECT_PASSWORD = 2

/**
 * The page texts; with `renderScanned`, a scanned PDF's first pages as images too, drawn from
 * the same open document (so with the same password).
 */
export async function extractPdf(bytes: Uint8Array, name: string, password?: string, renderScanned?: RenderScannedPagesOptions): Promise<PdfText> {
  const { getDocument } = await loadPdfJs()
  const task = getDocument({
    // pdf.js may detach what it is given; the caller's bytes stay usable.
    data: new Uint8Array(bytes),
    password,
    cMapUrl: pdfjsDir('cmaps'),
    cMapPacked: true,
    // Fonts a PDF names but does not embed (Helvetica…): their metrics from the package, not the web.
    standardFontDataUrl: pdfjsDir('standard_fonts'),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    enableXfa: false,
    verbosity: 0
  })
  let doc: Awaited<typeof task.promise>
  try {
    doc = await task.promise
  } catch (error) {
    await task.destroy().catch(() => undefined)
    const { name: errorName, code } = (error ?? {}) as { name?: string; code?: number }
    if (errorName === 'PasswordException' && code === INCORRECT_PASSWORD) {
      throw new DocumentError('wrong_password', `The password for ${name} is not right. Check it and try again.`)
    }
    if (errorName === 'PasswordException' && code === NEED_PASSWORD) {
      throw new DocumentError('needs_password', `${name} is protected with a password. Enter it to read the file.`)
    }
    const detail = error instanceof Error ? error.message : String(error)
    throw new DocumentError('corrupt', `${name} is damaged or not a valid PDF (${detail}).`)
  }
  try {
    const pages: DocumentPage[] = []
    let pagesWithText = 0
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number)
      const content = await page.getTextContent()
      const text = pageText(content.items as Array<{ str?: string; hasEOL?: boolean }>)
      page.cleanup()
      if (text.replace(/\s/g, '').length >= MIN_TEXT_CHARS_PER_PAGE) pagesWithText++
      pages.push({ number, text })
    }
    const pageCount = doc.numPages
    const scanned = pageCount > 0 && pagesWithText <= Math.floor(pageCount * SCANNED_MAX_TEXT_PAGE_SHARE)
    if (!scanned || !renderScanned) return { pages, pageCount, scanned, pagesWithText, renderWarnings: [] }
    const rendered = await renderPageImages(doc, name, renderScanned)
    return { pages, pageCount, scanned, pagesWithText, pageImages: rendered.pageImages, renderWarnings: rendered.warnings }
  } catch (error) {
    if (error instanceof DocumentError) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw new DocumentError('corrupt', `${name} is damaged: a page could not be read (${detail}).`)
  } finally {
    await doc.destroy()
  }
}
