/**
 * Documents and data files attached to a message (src/main/files): the shapes shared by main, the
 * renderer and the IPC contract. A file is stored once, content-addressed beside the images
 * (src/main/attachments), and referenced from messages by its attachment id like an image, so
 * the same collector deletes it with the last message that uses it.
 * Pure: no Node, no DOM.
 */
import { z } from 'zod'

/** A cell of a data file as it crosses IPC (DuckDB's JSON form: text, number, boolean, null, lists, objects). */
export const CellValue = z.unknown()

/**
 * What was recognised from the content (never only the name): documents have text that goes to
 * the model; data files are loaded as tables the model queries with `query_data`.
 */
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'pptx', 'markdown', 'text', 'code'] as const
export const DATA_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet', 'xlsx'] as const
export const FileFormat = z.enum([...DOCUMENT_FORMATS, ...DATA_FORMATS])
export type FileFormat = z.infer<typeof FileFormat>
export const FileKind = z.enum(['document', 'data'])
export type FileKind = z.infer<typeof FileKind>

export const DataColumnInfo = z.object({ name: z.string().max(1000), type: z.string().max(1000) })
export type DataColumnInfo = z.infer<typeof DataColumnInfo>

/** One table of a data file (one per file; one per non-empty sheet of a workbook). */
export const DataTableInfo = z.object({
  /** The name the model queries it by. */
  table: z.string().max(200),
  /** A workbook's sheet. */
  sheet: z.string().max(300).optional(),
  rowCount: z.number().int().nonnegative(),
  columns: z.array(DataColumnInfo).max(10_000),
  /** Lines skipped when loading (ragged, bad quoting, wrong type), counted whole. */
  rejectedLines: z.number().int().nonnegative().optional(),
  /** A few of them, as they were in the file. */
  rejectedExamples: z.array(z.string().max(2000)).max(10).optional(),
  /** The first rows, in column order (the preview). */
  sampleRows: z.array(z.array(CellValue)).max(50)
})
export type DataTableInfo = z.infer<typeof DataTableInfo>

/** A stored file as the composer's chip and the history show it. */
export const FileAttachmentInfo = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(300),
  kind: FileKind,
  format: FileFormat,
  bytes: z.number().int().nonnegative(),
  /** Documents: pages (PDF), slides (PPTX); 1 for formats without pages. */
  pages: z.number().int().nonnegative().optional(),
  /** Data: rows of every table together. */
  rows: z.number().int().nonnegative().optional(),
  /** Estimated tokens the model reads: a document's whole text; a data file's description. */
  tokens: z.number().int().nonnegative(),
  /** Documents: the beginning of the text. */
  previewText: z.string().max(20_000).optional(),
  /** Data: each table with its first rows. */
  tables: z.array(DataTableInfo).max(200).optional(),
  /** A PDF whose pages have no text layer (a scan). */
  scanned: z.boolean().optional(),
  /** The encoding a text file was read in, when it was not UTF-8 (gb18030, utf-16le, latin-1…). */
  encoding: z.string().max(40).optional(),
  /** What the user should know (skipped lines, a scan…), in English. */
  warnings: z.array(z.string().max(2000)).max(20)
})
export type FileAttachmentInfo = z.infer<typeof FileAttachmentInfo>

/** A query's result as the results table and a chart show it. */
export const DataQueryResult = z.object({
  columns: z.array(DataColumnInfo),
  rows: z.array(z.array(CellValue)),
  /** Rows returned (at most the cap). */
  rowCount: z.number().int().nonnegative(),
  /** The result had more rows than were returned. */
  truncated: z.boolean(),
  /** All rows of the result, when counting was cheap. */
  totalRows: z.number().int().nonnegative().optional()
})
export type DataQueryResult = z.infer<typeof DataQueryResult>

/** Largest piece of a file per `attachments.fileChunk` call (base64 in the request). */
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024
export const FILE_CHUNK_CHARS = 4 * Math.ceil(FILE_CHUNK_BYTES / 3)

/**
 * Largest file that can be attached: the data engine's cap (1 GiB, streamed into DuckDB).
 * Documents and workbooks have lower caps of their own (main says which when the upload begins,
 * before a byte is read).
 */
export const MAX_ATTACHED_FILE_BYTES = 1024 * 1024 * 1024
/** Files attached to one message. */
export const MAX_FILES_PER_MESSAGE = 10
/** Rows of a query result kept with its step and shown in the results table. */
export const RESULT_TABLE_ROWS = 100
