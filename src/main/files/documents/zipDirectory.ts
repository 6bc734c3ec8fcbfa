/**
 * The entry names of a ZIP file, read from its central directory only (the end of the file), so
 * telling a .docx from a .xlsx costs a few KB of reading and never an unzip. ZIP64 archives are
 * followed through their locator. Returns null when there is no readable directory (a truncated
 * or damaged archive).
 */

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
/** The end record is 22 bytes plus a comment of at most 65,535. */
const MAX_EOCD_SEARCH = 22 + 0xffff
/** Enough names to classify any Office file; a directory with more is read only this far. */
const MAX_ENTRIES = 20_000

export function zipEntryNames(bytes: Uint8Array): string[] | null {
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
  const names: string[] = []
  const decoder = new TextDecoder('utf-8')
  let at = dirOffset
  for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
    if (at + 46 > size || view.getUint32(at, true) !== CENTRAL) return names.length > 0 ? names : null
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    if (at + 46 + nameLength > size) break
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)))
    at += 46 + nameLength + extraLength + commentLength
  }
  return names
}
