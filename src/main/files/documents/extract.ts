/**
 * One document's text, in the process that calls it: checks size, sniffs the bytes, extracts
 * (pdf.js, mammoth, or text decoding) and chunks. `extractDocument` (runWorker.ts) runs this in a
 * worker thread; tests and the worker itself call it directly.
 */
import { chunkDocument, type DocumentChunk } from './chunk'
import { MAX_DOCUMENT_BYTES, SNIFF_SAMPLE_BYTES } from './config'
import { extractDocx } from './docx'
import { DocumentError } from './errors'
import { extractPdf, type DocumentPage } from './pdf'
import type { PageImage, RenderScannedPagesOptions } from './pdfRender'
import { extractPptx } from './pptx'
import { sniffDocument, type DocumentKind, type SniffResult } from './sniff'
import { decodeText } from './textDecode'

export interface ExtractOptions {
  /** The password of an encrypted PDF (asked for after a `needs_password` error). */
  password?: string
  /** Chunk size in estimated tokens (CHUNK_TARGET_TOKENS by default). */
  targetTokens?: number
  /** Size cap in bytes (MAX_DOCUMENT_BYTES by default; tests lower it). */
  maxBytes?: number
  /**
   * A scanned PDF's first `maxPages` pages as JPEGs of at most `maxSide` px (for models that read
   * images; SCANNED_RENDER_MAX_PAGES / SCANNED_RENDER_MAX_SIDE are the usual values). Without
   * it nothing is rendered.
   */
  renderScannedPages?: RenderScannedPagesOptions
}

export interface ExtractedDocument {
  name: string
  kind: DocumentKind
  /** Page texts in order; one page (number 1) for formats without pages. */
  pages: DocumentPage[]
  pageCount: number
  /** Text formats: the encoding the file was decoded with (utf-8, utf-16le, gb18030…). */
  encoding?: string
  /** csv/tsv: the field separator. */
  delimiter?: SniffResult['delimiter']
  /** PDF: (almost) no page has a text layer — it needs OCR to be read. */
  scanned: boolean
  /** Scanned PDF with `renderScannedPages`: its first pages as JPEGs (transferred, not copied, from the worker). */
  pageImages?: PageImage[]
  /** What the extractor noticed and the user may want to know (mammoth's messages…). */
  warnings: string[]
  chunks: DocumentChunk[]
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`

/** The empty/too-large checks, also made before a worker is started. */
export function checkSize(size: number, name: string, maxBytes = MAX_DOCUMENT_BYTES): void {
  if (size === 0) throw new DocumentError('empty', `${name} is empty.`)
  if (size > maxBytes) throw new DocumentError('too_large', `${name} is ${megabytes(size)}; files up to ${megabytes(maxBytes)} can be attached.`)
}

/** Spreadsheets and Parquet are read as data tables (files/data), not as documents. */
const UNSUPPORTED: Partial<Record<DocumentKind, string>> = {
  xlsx: 'Excel workbooks',
  parquet: 'Parquet files'
}

export async function extractDocumentInProcess(bytes: Uint8Array, name: string, opts: ExtractOptions = {}): Promise<ExtractedDocument> {
  checkSize(bytes.byteLength, name, opts.maxBytes)
  const sniff = sniffDocument(bytes, name)
  const result = (pages: DocumentPage[], extra: Partial<ExtractedDocument> = {}): ExtractedDocument => ({
    name,
    kind: sniff.kind,
    pages,
    pageCount: pages.length,
    scanned: false,
    warnings: [],
    chunks: chunkDocument(pages, { targetTokens: opts.targetTokens }),
    ...extra
  })
  const noText = (): never => {
    throw new DocumentError('empty', `${name} has no text.`)
  }

  switch (sniff.kind) {
    case 'binary':
      throw new DocumentError('binary', `${name} is not a document or text file (${sniff.reason ?? 'binary data'}), so it cannot be read.`)
    case 'xlsx':
    case 'parquet':
      throw new DocumentError('unsupported', `${name}: ${UNSUPPORTED[sniff.kind]} cannot be read as a document yet.`)
    case 'pdf': {
      const pdf = await extractPdf(bytes, name, opts.password, opts.renderScannedPages)
      return result(pdf.pages, {
        pageCount: pdf.pageCount,
        scanned: pdf.scanned,
        ...(pdf.pageImages?.length ? { pageImages: pdf.pageImages } : {}),
        warnings: [
          ...(pdf.scanned ? [`${name} looks scanned: its pages are images without a text layer, so there is little or no text to read.`] : []),
          ...pdf.renderWarnings
        ]
      })
    }
    case 'pptx':
      // One page per slide: pageCount is the number of slides.
      return result(extractPptx(bytes, name).pages)
    case 'docx': {
      const docx = await extractDocx(bytes, name)
      if (docx.text === '') noText()
      return result([{ number: 1, text: docx.text }], { warnings: docx.warnings })
    }
    default: {
      const decoded = decodeText(bytes, SNIFF_SAMPLE_BYTES, name)
      if (decoded.text.trim() === '') noText()
      return result([{ number: 1, text: decoded.text }], { encoding: decoded.encoding, delimiter: sniff.delimiter })
    }
  }
}
