/**
 * Reading a zip (ChatGPT's data export) by random access from the file: the central directory
 * lists every entry, and only the entries the import needs are inflated (conversations.json and
 * the images its messages point to), however large the archive. A truncated or damaged zip fails
 * with ZipDamagedError, which the import turns into its sentence.
 */
import yauzl from 'yauzl'

export class ZipDamagedError extends Error {}

export interface ZipArchive {
  /** Every file's path in the archive (folders left out). */
  readonly names: readonly string[]
  read(name: string): Promise<Buffer>
  close(): void
}

/** Largest entry inflated in memory (a conversations.json of years of chats is hundreds of MB). */
const MAX_ENTRY_BYTES = 1024 * 1024 * 1024

export function openZip(filePath: string): Promise<ZipArchive> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(new ZipDamagedError(error?.message ?? 'unreadable zip'))
      const entries = new Map<string, yauzl.Entry>()
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry)
        zip.readEntry()
      })
      zip.on('error', (e: Error) => {
        zip.close()
        reject(new ZipDamagedError(e.message))
      })
      zip.on('end', () =>
        resolve({
          names: [...entries.keys()],
          read: (name) => readEntry(zip, entries.get(name), name),
          close: () => zip.close()
        })
      )
      zip.readEntry()
    })
  })
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (!entry) return reject(new ZipDamagedError(`${name} is not in the zip`))
    if (entry.uncompressedSize > MAX_ENTRY_BYTES) return reject(new ZipDamagedError(`${name} is too large`))
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(new ZipDamagedError(error?.message ?? `${name} is unreadable`))
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (e: Error) => reject(new ZipDamagedError(e.message)))
      stream.on('end', () => resolve(Buffer.concat(chunks)))
    })
  })
}

/** Zip files begin with a local file header (PK\x03\x04), or PK\x05\x06 when empty. */
export const looksLikeZip = (head: Uint8Array): boolean => head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)
