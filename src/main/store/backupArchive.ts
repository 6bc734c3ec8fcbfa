/**
 * The one-file backup's format: a zip (so any archive tool can open it and the user's attachments
 * are never locked inside Omnidesk) holding
 *
 *   omnidesk.db                      the database snapshot (conversations, messages, assistants,
 *                                    memories, knowledge passages), made by VACUUM INTO
 *   attachments/<id>.json            attachment manifests
 *   attachments/blobs/<sha256>       attachment contents (images, files, extracted text)
 *   manifest.json                    written last: format, version, schemaVersion, createdAt,
 *                                    appVersion and every file above with its size and sha256
 *
 * Nothing else: no preferences, no API keys or other secrets (those stay on this machine).
 *
 * The manifest names what a whole backup holds and its checksums, so a reader can tell "not a
 * backup" (no manifest of ours) from "damaged" (a file missing, cut short or changed) from "made
 * by a newer Omnidesk" without trusting anything else in the zip. Only paths of the three shapes
 * above are ever extracted, so an entry cannot name a file outside the folder it goes to.
 *
 * Both directions fail whole: a write that fails removes its partial file (the target, if it
 * existed, is left as it was); a read that fails leaves the caller to remove its folder.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises'
import path from 'node:path'
import { Readable, Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'
import yazl from 'yazl'
import { z } from 'zod'
import { AppError } from '../../shared/errors'

export const BACKUP_FORMAT = 'omnidesk-backup'
/** Grows when a reader of the previous version would misread a backup. */
export const BACKUP_FORMAT_VERSION = 1
export const BACKUP_DATABASE_ENTRY = 'omnidesk.db'
const MANIFEST_ENTRY = 'manifest.json'
/** A manifest lists a line per file: thousands of attachments stay far below this. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024
/** Entries a backup may hold, besides the manifest. */
const ENTRY_PATH = /^(?:omnidesk\.db|attachments\/[a-f0-9]{64}\.json|attachments\/blobs\/[a-f0-9]{64})$/
/** Room kept free after a restore's extraction: the database must still be able to grow. */
const SPARE_BYTES = 16 * 1024 * 1024

const ListedFile = z.object({ path: z.string().regex(ENTRY_PATH), bytes: z.number().int().min(0), sha256: z.string().regex(/^[a-f0-9]{64}$/) })
const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1),
  schemaVersion: z.number().int().min(0),
  createdAt: z.number(),
  appVersion: z.string().max(100),
  files: z.array(ListedFile)
})
export type BackupManifest = z.infer<typeof BackupManifest>

/**
 * Why a backup could not be made or restored. The renderer words each in the UI's language
 * (history.refused.<reason>); the English sentence after the reason is for logs and other clients.
 */
export type BackupRefusalReason = 'not-a-backup' | 'damaged' | 'newer' | 'damaged-database' | 'no-space' | 'disk-full' | 'write-failed' | 'unreadable'

const SENTENCES: Record<BackupRefusalReason, string> = {
  'not-a-backup': 'This file is not an Omnidesk backup: choose a file made with Back up now. Nothing was changed.',
  damaged: 'This backup is incomplete or damaged (perhaps it was cut short while being copied). Nothing was changed.',
  newer: 'This backup was made by a newer version of Omnidesk. Update Omnidesk, then restore it again. Nothing was changed.',
  'damaged-database': 'The history inside this backup is damaged and cannot be restored. Nothing was changed.',
  'no-space': 'There is not enough free space to restore this backup. Free some space and try again; nothing was changed.',
  'disk-full': 'The disk is full: the backup was not written and the partial file was removed. Free some space or choose another disk, then back up again.',
  'write-failed': 'The backup could not be written; the partial file was removed.',
  unreadable: 'The file could not be read. Nothing was changed.'
}

/**
 * `bad_request` whose detail starts with the reason (`damaged: This backup is…`) and ends, on a
 * line of its own, with the system's words when there are some (`ENOSPC…`, `EACCES…`).
 */
export function backupRefusal(reason: BackupRefusalReason, why?: string): AppError {
  return new AppError({ code: 'bad_request', detail: `${reason}: ${SENTENCES[reason]}${why ? `\n${why.slice(0, 500)}` : ''}` })
}

/** Reads the reason back from an error (tests, logs); undefined for any other error. */
export function refusalReason(error: unknown): BackupRefusalReason | undefined {
  if (!(error instanceof AppError) || error.info.code !== 'bad_request') return undefined
  const reason = /^([a-z-]+): /.exec(error.info.detail ?? '')?.[1]
  return reason !== undefined && reason in SENTENCES ? (reason as BackupRefusalReason) : undefined
}

export interface ArchiveEntry {
  /** The path inside the zip (one of ENTRY_PATH's shapes). */
  path: string
  /** The file on disk it is read from. */
  file: string
  /** Images and other compressed blobs gain nothing from deflate: stored as they are. */
  compress: boolean
}

/** Where the zip is written (tests pass one that fails like a full disk). */
export type CreateOutput = (file: string) => Writable

const defaultOutput: CreateOutput = (file) => createWriteStream(file, { flags: 'wx', mode: 0o600 })

/**
 * Writes the entries and their manifest as a zip at `target`: into a temporary file beside it,
 * flushed to the disk, then renamed over it. Throws a refusal (disk-full / write-failed) after
 * removing the temporary file.
 */
export async function writeBackupArchive(opts: {
  target: string
  entries: ArchiveEntry[]
  meta: Omit<BackupManifest, 'format' | 'version' | 'files'>
  createOutput?: CreateOutput
}): Promise<{ bytes: number }> {
  const temp = path.join(path.dirname(opts.target), `.${path.basename(opts.target)}.${randomBytes(4).toString('hex')}.partial`)
  const zip = new yazl.ZipFile()
  const listed: BackupManifest['files'] = []
  for (const entry of opts.entries) {
    if (!ENTRY_PATH.test(entry.path)) throw new Error(`Not a backup entry: ${entry.path}`)
    // Lazy: one file open at a time however many attachments there are; hashed as it streams.
    zip.addReadStreamLazy(entry.path, { compress: entry.compress, mode: 0o100600 }, (callback) => {
      const hash = createHash('sha256')
      let bytes = 0
      const source = createReadStream(entry.file)
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk)
          bytes += chunk.length
          done(null, chunk)
        },
        flush(done) {
          listed.push({ path: entry.path, bytes, sha256: hash.digest('hex') })
          done()
        }
      })
      source.on('error', (error) => hashing.destroy(error))
      callback(null, source.pipe(hashing))
    })
  }
  // Last, so every file before it has been read and hashed when yazl asks for it.
  zip.addReadStreamLazy(MANIFEST_ENTRY, { mode: 0o100600 }, (callback) => {
    const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, ...opts.meta, files: listed }
    callback(null, Readable.from([Buffer.from(JSON.stringify(manifest, null, 1))]))
  })
  zip.end()
  try {
    const output = (opts.createOutput ?? defaultOutput)(temp)
    await pipeline(zip.outputStream as unknown as Readable, output)
    if (listed.length !== opts.entries.length) throw new Error('Not every file reached the backup')
    const handle = await open(temp, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, opts.target)
  } catch (error) {
    await rm(temp, { force: true })
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOSPC' || code === 'EDQUOT') throw backupRefusal('disk-full')
    throw backupRefusal('write-failed', error instanceof Error ? error.message : String(error))
  }
  return { bytes: (await stat(opts.target)).size }
}

/** How much room a folder's volume has left; undefined when the system will not say. */
export type FreeSpace = (dir: string) => Promise<number | undefined>

const defaultFreeSpace: FreeSpace = async (dir) => {
  try {
    const space = await statfs(dir)
    return space.bavail * space.bsize
  } catch {
    return undefined
  }
}

/**
 * Checks `file` is a whole backup this version can restore and extracts its files, each checked
 * against the manifest's size and sha256, into the folder `destination` gives once the manifest
 * has passed (an existing, empty folder). Returns the manifest. Throws a refusal; the caller
 * removes that folder then.
 */
export async function readBackupArchive(
  file: string,
  opts: { latestSchemaVersion: number; destination: (manifest: BackupManifest) => Promise<string>; freeSpace?: FreeSpace }
): Promise<BackupManifest> {
  if (!(await startsLikeZip(file))) throw backupRefusal('not-a-backup')
  const zip = await openZip(file)
  try {
    const entries = await readEntries(zip)
    const manifestEntry = entries.get(MANIFEST_ENTRY)
    if (manifestEntry === undefined) throw backupRefusal('not-a-backup')
    if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES) throw backupRefusal('damaged')
    const manifest = parseManifest(await readEntryText(zip, manifestEntry), opts.latestSchemaVersion)
    const seen = new Set<string>()
    let total = 0
    for (const listed of manifest.files) {
      const entry = entries.get(listed.path)
      if (seen.has(listed.path) || entry === undefined || entry.uncompressedSize !== listed.bytes) throw backupRefusal('damaged')
      seen.add(listed.path)
      total += listed.bytes
    }
    if (!seen.has(BACKUP_DATABASE_ENTRY)) throw backupRefusal('damaged')
    const destDir = await opts.destination(manifest)
    const free = await (opts.freeSpace ?? defaultFreeSpace)(destDir)
    if (free !== undefined && free < total + SPARE_BYTES) throw backupRefusal('no-space')
    for (const listed of manifest.files) await extractEntry(zip, entries.get(listed.path) as yauzl.Entry, listed, destDir)
    return manifest
  } finally {
    zip.close()
  }
}

/** A zip starts with a local file header (or, empty, with the end record). */
async function startsLikeZip(file: string): Promise<boolean> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    throw backupRefusal('unreadable', (error as NodeJS.ErrnoException).code ?? String(error))
  }
  try {
    const head = Buffer.alloc(4)
    const { bytesRead } = await handle.read(head, 0, 4, 0)
    return bytesRead === 4 && (head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.equals(Buffer.from([0x50, 0x4b, 0x05, 0x06])))
  } finally {
    await handle.close()
  }
}

/** A file that starts like a zip but cannot be opened as one was cut short or damaged. */
function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (error, zip) => {
      if (error || !zip) reject(backupRefusal('damaged'))
      else resolve(zip)
    })
  })
}

function readEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>()
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', () => reject(backupRefusal('damaged')))
    zip.readEntry()
  })
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(backupRefusal('damaged'))
      else resolve(stream)
    })
  })
}

async function readEntryText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of await openEntry(zip, entry)) chunks.push(chunk as Buffer)
  } catch {
    throw backupRefusal('damaged')
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Ours or not first, then newer or not, then whole or not: the most useful sentence wins. */
function parseManifest(text: string, latestSchemaVersion: number): BackupManifest {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw backupRefusal('damaged')
  }
  const head = raw as { format?: unknown; version?: unknown; schemaVersion?: unknown }
  if (typeof raw !== 'object' || raw === null || head.format !== BACKUP_FORMAT) throw backupRefusal('not-a-backup')
  if (typeof head.version === 'number' && head.version > BACKUP_FORMAT_VERSION) throw backupRefusal('newer')
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > latestSchemaVersion) throw backupRefusal('newer')
  const parsed = BackupManifest.safeParse(raw)
  if (!parsed.success) throw backupRefusal('damaged')
  return parsed.data
}

async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, listed: BackupManifest['files'][number], destDir: string): Promise<void> {
  const target = path.join(destDir, ...listed.path.split('/'))
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
  const hash = createHash('sha256')
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      done(null, chunk)
    }
  })
  try {
    await pipeline(await openEntry(zip, entry), hashing, createWriteStream(target, { flags: 'wx', mode: 0o600 }))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOSPC' || code === 'EDQUOT') throw backupRefusal('no-space')
    if (error instanceof AppError) throw error
    // yauzl's own errors (bad compressed data, a size that does not match) mean a damaged file.
    throw backupRefusal('damaged')
  }
  if (hash.digest('hex') !== listed.sha256) throw backupRefusal('damaged')
}
