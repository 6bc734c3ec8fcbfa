/**
 * Files arriving from a window, a piece at a time (attachments.beginFile / fileChunk), written to
 * `<attachments>/uploads/<uploadId>.part` and hashed as they come, so a 1 GB CSV never sits in
 * memory and the same path serves Electron and the harness.
 *
 * What is refused, and when (a clear reason, before more bytes are read than needed):
 * - at begin: an empty file, one larger than any file can be (MAX_ATTACHED_FILE_BYTES);
 * - at the first piece: one larger than its kind allows, recognised from its first bytes (a PDF
 *   200 MB, a workbook 50 MB, a CSV 1 GB — the readers' own caps);
 * - any piece out of order, or past the size announced.
 * An upload is kept until it is read (and, for a PDF asking for a password, until the user gives
 * one or gives up); one left alone UPLOAD_IDLE_MS is deleted.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'
import { MAX_ATTACHED_FILE_BYTES } from '../../shared/files/schemas'
import { MAX_FILE_BYTES, MAX_XLSX_BYTES } from './data/config'
import { MAX_DOCUMENT_BYTES, SNIFF_SAMPLE_BYTES } from './documents/config'
import { sniffDocument, type DocumentKind } from './documents/sniff'
import { MAX_OPEN_UPLOADS, UPLOAD_IDLE_MS } from './config'

export interface CompleteUpload {
  uploadId: string
  path: string
  name: string
  bytes: number
  sha256: string
  /** The first bytes (what the kind is recognised from). */
  head: Uint8Array
}

export interface Uploads {
  begin(name: string, bytes: number): Promise<{ uploadId: string; maxBytes: number }>
  /** Writes a piece; the first one answers the kind its bytes look like (what will read it). */
  chunk(uploadId: string, offset: number, data: Uint8Array): Promise<{ kind?: DocumentKind }>
  /** The upload, once every byte arrived (throws otherwise). It stays until `discard`. */
  complete(uploadId: string): Promise<CompleteUpload>
  /** Deletes the upload's bytes (read and stored elsewhere, refused, or cancelled). */
  discard(uploadId: string): Promise<void>
  /** Deletes every upload (shutdown). */
  close(): Promise<void>
}

const megabytes = (bytes: number): string => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 ? 1 : 0)} GB` : `${Math.ceil(bytes / (1024 * 1024))} MB`)

/** The largest file of this kind the readers take. */
export function capForKind(kind: DocumentKind): number {
  switch (kind) {
    case 'xlsx':
      return MAX_XLSX_BYTES
    case 'csv':
    case 'tsv':
    case 'json':
    case 'ndjson':
    case 'parquet':
      return MAX_FILE_BYTES
    default:
      return MAX_DOCUMENT_BYTES
  }
}

const startsWithAscii = (bytes: Uint8Array, magic: string): boolean => bytes.length >= magic.length && [...magic].every((c, i) => bytes[i] === c.charCodeAt(0))

/**
 * The kind the first piece shows, for the cap. Two formats keep what tells them apart at their
 * end, past the first piece of a large file: a ZIP's directory (a workbook is then taken at its
 * name's word) and Parquet's closing magic (its opening one is taken at its word). Only the cap
 * depends on it: the reader recognises the whole file again.
 */
function firstPieceKind(data: Uint8Array, name: string): DocumentKind {
  const kind = sniffDocument(data.subarray(0, SNIFF_SAMPLE_BYTES), name).kind
  if (kind !== 'binary') return kind
  if (startsWithAscii(data, 'PAR1')) return 'parquet'
  if (startsWithAscii(data, 'PK\x03\x04')) {
    const ext = path.extname(name).toLowerCase()
    if (ext === '.xlsx' || ext === '.docx' || ext === '.pptx') return ext.slice(1) as DocumentKind
  }
  return kind
}

const KIND_WORDS: Partial<Record<DocumentKind, string>> = {
  pdf: 'PDFs',
  docx: 'Word documents',
  pptx: 'presentations',
  xlsx: 'Excel workbooks',
  markdown: 'text files',
  text: 'text files',
  code: 'text files'
}

interface Upload {
  id: string
  name: string
  bytes: number
  path: string
  handle?: FileHandle
  hash: Hash
  received: number
  head: Uint8Array
  sha256?: string
  timer?: ReturnType<typeof setTimeout>
}

const tooLarge = (detail: string): AppError => new AppError({ code: 'file_too_large', detail })

export function createUploads(opts: { dir: string; idleMs?: number }): Uploads {
  const open = new Map<string, Upload>()
  const idleMs = opts.idleMs ?? UPLOAD_IDLE_MS

  const find = (uploadId: string): Upload => {
    const upload = open.get(uploadId)
    if (!upload) throw new AppError({ code: 'not_found', detail: 'This upload is no longer open: attach the file again.' })
    touch(upload)
    return upload
  }

  /** Restarts the idle clock; an upload left alone is deleted. */
  const touch = (upload: Upload): void => {
    if (upload.timer) clearTimeout(upload.timer)
    upload.timer = setTimeout(() => void discard(upload.id), idleMs)
    upload.timer.unref?.()
  }

  const discard = async (uploadId: string): Promise<void> => {
    const upload = open.get(uploadId)
    if (!upload) return
    open.delete(uploadId)
    if (upload.timer) clearTimeout(upload.timer)
    await upload.handle?.close().catch(() => undefined)
    await fsp.rm(upload.path, { force: true })
  }

  return {
    async begin(name, bytes) {
      if (bytes === 0) throw new AppError({ code: 'file_empty', detail: `${name} is empty.` })
      if (bytes > MAX_ATTACHED_FILE_BYTES) {
        throw tooLarge(`${name} is ${megabytes(bytes)}; files up to ${megabytes(MAX_ATTACHED_FILE_BYTES)} can be attached (data files; documents up to ${megabytes(MAX_DOCUMENT_BYTES)}).`)
      }
      if (open.size >= MAX_OPEN_UPLOADS) throw new AppError({ code: 'bad_request', detail: 'Too many files are being attached at once. Wait for some to finish.' })
      await fsp.mkdir(opts.dir, { recursive: true, mode: 0o700 })
      const id = randomUUID()
      const file = path.join(opts.dir, `${id}.part`)
      const upload: Upload = { id, name, bytes, path: file, hash: createHash('sha256'), received: 0, head: new Uint8Array(0) }
      upload.handle = await fsp.open(file, 'wx', 0o600)
      open.set(id, upload)
      touch(upload)
      return { uploadId: id, maxBytes: MAX_ATTACHED_FILE_BYTES }
    },

    async chunk(uploadId, offset, data) {
      const upload = find(uploadId)
      if (!upload.handle || upload.sha256) throw new AppError({ code: 'bad_request', detail: 'This upload is already complete.' })
      if (offset !== upload.received) throw new AppError({ code: 'bad_request', detail: `The file's pieces arrived out of order (expected byte ${upload.received}, got ${offset}).` })
      if (upload.received + data.byteLength > upload.bytes) {
        await discard(uploadId)
        throw new AppError({ code: 'bad_request', detail: `${upload.name} is larger than announced; attach it again.` })
      }
      let firstKind: DocumentKind | undefined
      if (upload.received === 0) {
        // The kind decides the cap: refused now, before the rest of a 900 MB PDF is sent.
        firstKind = firstPieceKind(data, upload.name)
        const kind = firstKind
        const cap = capForKind(kind)
        if (upload.bytes > cap) {
          await discard(uploadId)
          throw tooLarge(`${upload.name} is ${megabytes(upload.bytes)}; ${KIND_WORDS[kind] ?? 'files like this'} can be attached up to ${megabytes(cap)}.`)
        }
      }
      if (upload.head.byteLength < SNIFF_SAMPLE_BYTES) {
        const more = data.subarray(0, SNIFF_SAMPLE_BYTES - upload.head.byteLength)
        const head = new Uint8Array(upload.head.byteLength + more.byteLength)
        head.set(upload.head)
        head.set(more, upload.head.byteLength)
        upload.head = head
      }
      await upload.handle.write(data, 0, data.byteLength, offset)
      upload.hash.update(data)
      upload.received += data.byteLength
      return firstKind ? { kind: firstKind } : {}
    },

    async complete(uploadId) {
      const upload = find(uploadId)
      if (upload.received !== upload.bytes) {
        throw new AppError({ code: 'bad_request', detail: `${upload.name} did not arrive whole (${upload.received} of ${upload.bytes} bytes); attach it again.` })
      }
      if (!upload.sha256) {
        await upload.handle?.close()
        upload.handle = undefined
        upload.sha256 = upload.hash.digest('hex')
      }
      return { uploadId, path: upload.path, name: upload.name, bytes: upload.bytes, sha256: upload.sha256, head: upload.head }
    },

    discard,

    async close() {
      await Promise.all([...open.keys()].map(discard))
    }
  }
}
