/**
 * Documents and data files on their way to main, without React: which dropped files are images
 * (they keep the image path), the upload in base64 pieces read slice by slice (a 1 GB file is
 * never in memory whole), and the rules the chips and Send follow. Main recognises each file by
 * its content, so nothing here looks at extensions.
 */
import type { FilePart } from '../../../shared/domain'
import { AppError, type ErrorInfo } from '../../../shared/errors'
import { sniffImageMime } from '../../../shared/attachments/imageFormat'
import {
  FILE_CHUNK_BYTES,
  MAX_ATTACHED_FILE_BYTES,
  MAX_FILES_PER_MESSAGE,
  type FileAttachmentInfo
} from '../../../shared/files/schemas'
import { formatBytes } from '../logic/paste'
import { bytesToBase64 } from '../logic/base64'

/** The attachments channels an upload uses (`api.attachments` fits; tests pass a fake). */
export interface FileUploadApi {
  beginFile(req: { name: string; bytes: number }): Promise<{ uploadId: string; maxBytes: number }>
  fileChunk(req: { uploadId: string; offset: number; data: string }): Promise<unknown>
  finishFile(req: { uploadId: string; password?: string }): Promise<FileAttachmentInfo>
  cancelFile(req: { uploadId: string }): Promise<unknown>
}

/** What an upload needs of a File: its size and slices (a picked, dropped or pasted File). */
export interface SliceableFile {
  readonly name: string
  readonly size: number
  /** The MIME type the system gave it ('' when it had none). */
  readonly type?: string
  slice(start: number, end: number): Blob
}

export type FileChipState = 'uploading' | 'reading' | 'ready' | 'password' | 'error'

/** One chip of the composer. */
export interface FileItem {
  key: string
  name: string
  bytes: number
  state: FileChipState
  /** Bytes main has received so far (the progress while uploading). */
  sent: number
  info?: FileAttachmentInfo
  /** Why it failed; in the password state, that the last password was wrong. */
  error?: ErrorInfo
}

/** The [start, end) ranges a file of `size` bytes is sent in, in order. */
export function chunkRanges(size: number, chunkBytes = FILE_CHUNK_BYTES): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = []
  for (let start = 0; start < size; start += chunkBytes) ranges.push({ start, end: Math.min(size, start + chunkBytes) })
  return ranges
}

/** A cap as people say it: caps are whole binary gigabytes or megabytes ("1 GB", "100 MB"). */
function limitText(limit: number): string {
  if (limit % 1024 ** 3 === 0) return `${limit / 1024 ** 3} GB`
  if (limit % 1024 ** 2 === 0) return `${limit / 1024 ** 2} MB`
  return formatBytes(limit)
}

function tooLarge(name: string, size: number, limit: number): AppError {
  return new AppError({
    code: 'file_too_large',
    detail: `${name} is ${formatBytes(size)}; the largest file that can be attached is ${limitText(limit)}.`
  })
}

/** The refusal for a file over the cap, decided from its size alone (before a byte is read or sent). */
export function refuseBySize(file: SliceableFile, name = file.name): AppError | null {
  return file.size > MAX_ATTACHED_FILE_BYTES ? tooLarge(name, file.size, MAX_ATTACHED_FILE_BYTES) : null
}

async function readSlice(file: SliceableFile, name: string, start: number, end: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(start, end).arrayBuffer())
  } catch (error) {
    // The file was moved, deleted or changed on disk since it was picked.
    throw new AppError({
      code: 'file_unreadable',
      detail: `${name} could not be read from the disk: ${error instanceof Error ? error.message : String(error)}`
    })
  }
}

export interface UploadHooks {
  /** Main opened the upload: from now on removing the chip must cancel it. */
  onBegun(uploadId: string): void
  onProgress(sentBytes: number): void
  /** The chip was removed: stop before the next piece. */
  cancelled(): boolean
}

/**
 * Sends a file's bytes: beginFile (main refuses an empty or too large file before any byte), then
 * each slice in order. Resolves the upload id for finishFile, or null when cancelled on the way
 * (the caller cancels the upload with main). Throws an AppError. `name`: what main is told (a
 * pasted file may have none).
 */
export async function sendFileBytes(file: SliceableFile, api: FileUploadApi, hooks: UploadHooks, name = file.name): Promise<string | null> {
  const refused = refuseBySize(file, name)
  if (refused) throw refused
  const { uploadId, maxBytes } = await api.beginFile({ name, bytes: file.size })
  hooks.onBegun(uploadId)
  if (file.size > maxBytes) {
    // Main's cap for this kind is lower than the general one: keep to it, never send the bytes.
    await api.cancelFile({ uploadId }).catch(() => undefined)
    throw tooLarge(name, file.size, maxBytes)
  }
  for (const { start, end } of chunkRanges(file.size)) {
    if (hooks.cancelled()) return null
    const bytes = await readSlice(file, name, start, end)
    await api.fileChunk({ uploadId, offset: start, data: bytesToBase64(bytes) })
    hooks.onProgress(start + bytes.length)
  }
  return hooks.cancelled() ? null : uploadId
}

/** Bytes a sniff needs: the longest image signature checked (WebP: RIFF....WEBP). */
const SNIFF_BYTES = 16

/** A file without a type (a pasted screenshot from some apps, a name without extension): its first bytes say. */
async function startsLikeImage(file: SliceableFile): Promise<boolean> {
  if (file.size === 0) return false
  try {
    return sniffImageMime(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())) !== undefined
  } catch {
    // Unreadable here: main says so, with the file's name.
    return false
  }
}

/**
 * Splits files into images, which keep the image path (it checks their content and refuses what
 * it cannot send, saying so), and everything else, which goes to main as a file: main recognises
 * the format by content, and explains a file that is none (an image named .csv included). Typed
 * files go by their type; only an untyped file's first bytes are read.
 */
export async function partitionImageFiles<F extends SliceableFile>(files: readonly F[]): Promise<{ images: F[]; others: F[] }> {
  const images: F[] = []
  const others: F[] = []
  for (const file of files) {
    const image = file.type ? file.type.startsWith('image/') : await startsLikeImage(file)
    ;(image ? images : others).push(file)
  }
  return { images, others }
}

/** Splits new files by the per-message limit, counting the chips already there that will be sent. */
export function withinFileLimit<F>(current: readonly FileItem[], adding: readonly F[], limit = MAX_FILES_PER_MESSAGE): { accepted: F[]; refused: F[] } {
  const room = Math.max(0, limit - current.filter((it) => it.state !== 'error').length)
  return { accepted: adding.slice(0, room), refused: adding.slice(room) }
}

/** Send waits for these: bytes still going, main still reading, or a password to type. */
export function filesBlockSend(items: readonly FileItem[]): boolean {
  return items.some((it) => it.state === 'uploading' || it.state === 'reading' || it.state === 'password')
}

/** The files that go with the message, in the order they were added. */
export function readyFiles(items: readonly FileItem[]): FileAttachmentInfo[] {
  return items.flatMap((it) => (it.state === 'ready' && it.info ? [it.info] : []))
}

/** Whole percent of the bytes sent (an empty file counts as done). */
export function uploadPercent(item: Pick<FileItem, 'sent' | 'bytes'>): number {
  if (item.bytes <= 0) return 100
  return Math.min(100, Math.floor((item.sent / item.bytes) * 100))
}

/** The message part main will store for a file: the optimistic message shows it at once. */
export function filePartOf(info: FileAttachmentInfo): FilePart {
  return {
    type: 'file',
    attachmentId: info.id,
    name: info.name,
    kind: info.kind,
    format: info.format,
    bytes: info.bytes,
    ...(info.pages !== undefined ? { pages: info.pages } : {}),
    ...(info.rows !== undefined ? { rows: info.rows } : {}),
    tokens: info.tokens
  }
}

/** "850", "3.4k", "12k", "1.2M": the token estimate is rough, so its figure is too. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n)
  if (n < 1_000_000) return `${trimZero(n / 1000, n < 10_000 ? 1 : 0)}k`
  return `${trimZero(n / 1_000_000, n < 10_000_000 ? 1 : 0)}M`
}

function trimZero(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.0$/, '')
}

/** Lines skipped when the tables were loaded, all tables together. */
export function skippedLines(info: FileAttachmentInfo): number {
  return (info.tables ?? []).reduce((sum, table) => sum + (table.rejectedLines ?? 0), 0)
}

/** A cell of a preview table as text (DuckDB's JSON form: lists and structs as JSON), cut for the small table. */
export function cellText(value: unknown, max = 200): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
