/**
 * Reads an uploaded file once, when it is attached: recognises it from its content, then either
 * extracts a document's text in the document worker (pages kept for citations, chunks for
 * retrieval) or loads a data file's tables in the data worker (types inferred, skipped lines
 * counted). What it learns becomes the chip's facts (FileAttachmentInfo) and what the model is
 * given later. Every failure is an AppError whose code the UI translates and whose detail names
 * the file and says why.
 */
import { promises as fsp } from 'node:fs'
import { AppError, type ErrorCode } from '../../shared/errors'
import type { FileAttachmentInfo, FileFormat } from '../../shared/files/schemas'
import { estimateTokens } from '../chat/contextLimit'
import { PREVIEW_ROWS, PREVIEW_TEXT_CHARS } from './config'
import type { DataFileKind, LoadedTable } from './data/dataSession'
import { describeForModel } from './data/describe'
import { DataError } from './data/errors'
import type { OpenDataSession } from './dataSessions'
import { DocumentError, extractDocument, SCANNED_RENDER_MAX_PAGES, SCANNED_RENDER_MAX_SIDE, sniffDocument, type DocumentChunk, type SniffResult, type DocumentKind, type DocumentPage, type WorkerScript } from './documents'

export interface ReadFile {
  path: string
  name: string
  bytes: number
  /** The first bytes (SNIFF_SAMPLE_BYTES), from the upload. */
  head: Uint8Array
}

export interface ReadResult {
  info: Omit<FileAttachmentInfo, 'id'>
  /** Documents: page texts and the chunks to index. */
  pages?: DocumentPage[]
  chunks?: DocumentChunk[]
  pageImages?: Array<{ page: number; width: number; height: number; jpeg: Uint8Array }>
}

export interface FileReaderDeps {
  documentWorker: WorkerScript
  /** Loads a data file into its own session (kept for the conversation that sends it). */
  loadData: (file: { path: string; name: string; kind: DataFileKind }) => Promise<OpenDataSession>
}

export const DATA_KINDS: ReadonlySet<DocumentKind> = new Set(['csv', 'tsv', 'json', 'ndjson', 'parquet', 'xlsx'])

/** What a document reader's failure means to the user. */
const DOCUMENT_CODES: Record<DocumentError['code'], ErrorCode> = {
  empty: 'file_empty',
  too_large: 'file_too_large',
  binary: 'file_unreadable',
  corrupt: 'file_unreadable',
  unsupported: 'file_unreadable',
  timeout: 'file_unreadable',
  needs_password: 'file_needs_password',
  wrong_password: 'file_wrong_password'
}

export function readFailure(error: unknown, name: string): AppError {
  if (error instanceof AppError) return error
  if (error instanceof DocumentError) return new AppError({ code: DOCUMENT_CODES[error.code], detail: error.message })
  if (error instanceof DataError) return new AppError({ code: error.code === 'too_large' ? 'file_too_large' : 'file_unreadable', detail: error.message })
  return new AppError({ code: 'file_unreadable', detail: `${name} could not be read: ${error instanceof Error ? error.message : String(error)}` })
}

const startsWithAscii = (bytes: Uint8Array, magic: string): boolean => bytes.length >= magic.length && [...magic].every((c, i) => bytes[i] === c.charCodeAt(0))

/** The file's last `count` bytes (a Parquet file's closing magic). */
async function tailOf(path: string, size: number, count: number): Promise<Buffer> {
  const handle = await fsp.open(path, 'r')
  try {
    const out = Buffer.alloc(Math.min(count, size))
    await handle.read(out, 0, out.length, size - out.length)
    return out
  } finally {
    await handle.close()
  }
}

export async function readAttachedFile(deps: FileReaderDeps, file: ReadFile, password?: string): Promise<ReadResult> {
  // A ZIP (docx, pptx, xlsx) is told apart by its directory, at the end of the file: only then is
  // the whole file read (a CSV whose header starts "PK" is not a ZIP).
  const zip = startsWithAscii(file.head, 'PK\x03\x04')
  const bytes = zip ? await fsp.readFile(file.path) : undefined
  // Parquet has its magic at both ends; past the head, the sniffer sees only the first.
  const parquet = !zip && startsWithAscii(file.head, 'PAR1') && file.bytes >= 12 && (await tailOf(file.path, file.bytes, 4)).toString('latin1') === 'PAR1'
  const sniff: SniffResult = parquet ? { kind: 'parquet' } : sniffDocument(bytes ?? file.head, file.name)
  try {
    if (sniff.kind === 'binary') {
      throw new AppError({ code: 'file_unreadable', detail: `${file.name} is not a document or data file (${sniff.reason ?? 'binary data'}), so it cannot be read.` })
    }
    if (DATA_KINDS.has(sniff.kind)) return await readData(deps, file, sniff.kind as DataFileKind)
    return await readDocument(deps, file, bytes ?? (await fsp.readFile(file.path)), password)
  } catch (error) {
    throw readFailure(error, file.name)
  }
}

async function readDocument(deps: FileReaderDeps, file: ReadFile, bytes: Uint8Array, password: string | undefined): Promise<ReadResult> {
  const doc = await extractDocument(bytes, file.name, {
    worker: deps.documentWorker,
    password,
    renderScannedPages: { maxPages: SCANNED_RENDER_MAX_PAGES, maxSide: SCANNED_RENDER_MAX_SIDE }
  })
  const format = documentFormat(doc.kind)
  const text = doc.pages.map((p) => p.text).join('\n\n')
  const warnings = [...doc.warnings]
  const pageImages = doc.pageImages ?? []
  if (doc.scanned && pageImages.length) {
    warnings.push(
      pageImages.length < doc.pageCount
        ? `The first ${pageImages.length} of ${doc.pageCount} pages are sent as images, for models that read images.`
        : 'Its pages are sent as images, for models that read images.'
    )
  }
  return {
    info: {
      name: file.name,
      kind: 'document',
      format,
      bytes: file.bytes,
      pages: doc.pageCount,
      tokens: doc.chunks.reduce((sum, c) => sum + c.tokens, 0) || estimateTokens(text),
      previewText: text.slice(0, PREVIEW_TEXT_CHARS),
      ...(doc.scanned ? { scanned: true } : {}),
      ...(doc.encoding && !/^utf-?8$/i.test(doc.encoding) ? { encoding: doc.encoding } : {}),
      warnings: warnings.slice(0, 20)
    },
    pages: doc.pages,
    chunks: doc.chunks,
    ...(pageImages.length ? { pageImages } : {})
  }
}

async function readData(deps: FileReaderDeps, file: ReadFile, kind: DataFileKind): Promise<ReadResult> {
  const { tables } = await deps.loadData({ path: file.path, name: file.name, kind })
  return { info: dataInfo(file.name, file.bytes, kind, tables) }
}

/** The chip's facts of a loaded data file. */
export function dataInfo(name: string, bytes: number, kind: DataFileKind, tables: readonly LoadedTable[]): Omit<FileAttachmentInfo, 'id'> {
  const warnings: string[] = []
  for (const t of tables) {
    if (t.rejectedLines) {
      const where = tables.length > 1 ? ` (table ${t.table})` : ''
      warnings.push(`${t.rejectedLines} malformed line${t.rejectedLines === 1 ? ' was' : 's were'} skipped${where}: ${t.rejectedExamples?.[0] ?? ''}`.trim())
    }
    if (t.encoding && t.encoding !== 'utf-8') warnings.push(`Read as ${t.encoding === 'latin-1' ? 'Latin-1 (it is not valid UTF-8)' : t.encoding}.`)
  }
  return {
    name,
    kind: 'data',
    format: kind,
    bytes,
    rows: tables.reduce((sum, t) => sum + t.rowCount, 0),
    tokens: estimateTokens(describeForModel(tables)),
    tables: tables.map((t) => ({
      table: t.table,
      ...(t.sheet !== undefined ? { sheet: t.sheet } : {}),
      rowCount: t.rowCount,
      columns: t.columns,
      ...(t.rejectedLines ? { rejectedLines: t.rejectedLines, rejectedExamples: t.rejectedExamples ?? [] } : {}),
      sampleRows: t.sampleRows.slice(0, PREVIEW_ROWS)
    })),
    ...(tables.find((t) => t.encoding && t.encoding !== 'utf-8') ? { encoding: tables.find((t) => t.encoding && t.encoding !== 'utf-8')?.encoding } : {}),
    warnings: warnings.slice(0, 20)
  }
}

function documentFormat(kind: DocumentKind): FileFormat {
  switch (kind) {
    case 'pdf':
    case 'docx':
    case 'pptx':
    case 'markdown':
    case 'code':
      return kind
    default:
      return 'text'
  }
}
