/**
 * A ZIP file read from its central directory (the end of the file): `zipEntryNames` tells a .docx
 * from a .xlsx for a few KB of reading and never an unzip; `zipEntries` + `readZipEntry` unpack
 * the few parts a reader needs (pptx.ts) with Node's zlib, each under a size cap because a ZIP's
 * declared sizes are whatever its writer claims (a "zip bomb" inflates 1000:1 or more). ZIP64
 * archives are followed through their locator and extra fields.
 */
import { inflateRawSync } from 'node:zlib'

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
/** The ZIP64 extra field: 64-bit sizes and offset for the 32-bit fields set to 0xffffffff. */
const ZIP64_EXTRA = 0x0001
/** The end record is 22 bytes plus a comment of at most 65,535. */
const MAX_EOCD_SEARCH = 22 + 0xffff
/** Enough names to classify any Office file; a directory with more is read only this far. */
const MAX_ENTRIES = 20_000
const STORED = 0
const DEFLATED = 8
const FLAG_ENCRYPTED = 0x1

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated; other methods cannot be read here. */
  method: number
  flags: number
  compressedSize: number
  /** As the archive declares it: a cap is checked against it and again while inflating. */
  uncompressedSize: number
  localHeaderOffset: number
}

/** Why an entry could not be read: `too_large` (over the cap), `corrupt`, `unsupported` (encrypted, or a method other than store/deflate). */
export class ZipEntryError extends Error {
  constructor(
    readonly reason: 'too_large' | 'corrupt' | 'unsupported',
    message: string
  ) {
    super(message)
    this.name = 'ZipEntryError'
  }
}

/** The sizes and offset a ZIP64 extra field holds in place of the 32-bit fields that are 0xffffffff. */
function applyZip64Extra(view: DataView, extraStart: number, extraEnd: number, entry: ZipEntry): void {
  for (let at = extraStart; at + 4 <= extraEnd; ) {
    const id = view.getUint16(at, true)
    const length = view.getUint16(at + 2, true)
    if (id === ZIP64_EXTRA) {
      let field = at + 4
      const end = Math.min(at + 4 + length, extraEnd)
      const next = (): number | undefined => {
        if (field + 8 > end) return undefined
        const value = Number(view.getBigUint64(field, true))
        field += 8
        return value
      }
      // The order is fixed, and only the fields whose 32-bit copy is 0xffffffff are present.
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next() ?? entry.uncompressedSize
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next() ?? entry.localHeaderOffset
      return
    }
    at += 4 + length
  }
}

/** The entries of the central directory, in its order; null when there is no readable directory (a truncated or damaged archive). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = bytes.byteLength
  let eocd = -1
  for (let at = size - 22; at >= Math.max(0, size - MAX_EOCD_SEARCH); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at
      break
    }
  }
  if (eocd < 0) return null
  let count = view.getUint16(eocd + 10, true)
  let dirOffset = view.getUint32(eocd + 16, true)
  if ((dirOffset === 0xffffffff || count === 0xffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const zip64 = Number(view.getBigUint64(eocd - 20 + 8, true))
    if (zip64 + 56 > size || view.getUint32(zip64, true) !== ZIP64_EOCD) return null
    count = Number(view.getBigUint64(zip64 + 32, true))
    dirOffset = Number(view.getBigUint64(zip64 + 48, true))
  }
  const entries: ZipEntry[] = []
  const decoder = new TextDecoder('utf-8')
  let at = dirOffset
  for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
    if (at + 46 > size || view.getUint32(at, true) !== CENTRAL) return entries.length > 0 ? entries : null
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    if (at + 46 + nameLength > size) break
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true)
    }
    const extraStart = at + 46 + nameLength
    applyZip64Extra(view, extraStart, Math.min(extraStart + extraLength, size), entry)
    entries.push(entry)
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

export function zipEntryNames(bytes: Uint8Array): string[] | null {
  return zipEntries(bytes)?.map((entry) => entry.name) ?? null
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`

/**
 * The uncompressed bytes of one entry, refused (ZipEntryError 'too_large') when it declares or
 * inflates to more than `maxBytes`: zlib stops at the cap, so a lying header costs at most that
 * much memory and time.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array {
  if (entry.flags & FLAG_ENCRYPTED) throw new ZipEntryError('unsupported', `${entry.name} is encrypted.`)
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    throw new ZipEntryError('unsupported', `${entry.name} is compressed with method ${entry.method}, which cannot be read.`)
  }
  if (entry.uncompressedSize > maxBytes) {
    throw new ZipEntryError('too_large', `${entry.name} unpacks to ${megabytes(entry.uncompressedSize)}; parts up to ${megabytes(maxBytes)} are read.`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const local = entry.localHeaderOffset
  if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL) {
    throw new ZipEntryError('corrupt', `${entry.name}: its local header is missing.`)
  }
  // The local header's own name and extra lengths (they may differ from the central directory's).
  const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
  const dataEnd = dataStart + entry.compressedSize
  if (dataEnd > bytes.byteLength) throw new ZipEntryError('corrupt', `${entry.name} is cut off.`)
  const data = bytes.subarray(dataStart, dataEnd)
  let out: Uint8Array
  if (entry.method === STORED) {
    out = data
  } else {
    try {
      // One byte over the cap tells "exactly the cap" from "more than the cap".
      out = inflateRawSync(data, { maxOutputLength: maxBytes + 1 })
    } catch (error) {
      const { code } = (error ?? {}) as { code?: string }
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ZipEntryError('too_large', `${entry.name} unpacks to more than ${megabytes(maxBytes)}, the most read for one part.`)
      }
      const detail = error instanceof Error ? error.message : String(error)
      throw new ZipEntryError('corrupt', `${entry.name} cannot be unpacked (${detail}).`)
    }
    if (out.byteLength > maxBytes) {
      throw new ZipEntryError('too_large', `${entry.name} unpacks to more than ${megabytes(maxBytes)}, the most read for one part.`)
    }
  }
  if (out.byteLength !== entry.uncompressedSize) {
    throw new ZipEntryError('corrupt', `${entry.name} unpacks to ${out.byteLength} bytes, not the ${entry.uncompressedSize} its directory says.`)
  }
  return out
}
