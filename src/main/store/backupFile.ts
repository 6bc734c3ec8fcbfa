/**
 * "Back up now" and "Restore from file": the whole history (database and attachments) as one
 * file (./backupArchive.ts), made while the app runs, and such a file checked and staged for the
 * next start (./backups.ts stages it, ./database.ts applies it).
 *
 * The snapshot: @libsql/client does not expose SQLite's online backup API (sqlite3_backup_*), so
 * the database is copied with `VACUUM INTO`, SQLite's other consistent online copy: one read
 * transaction on the open connection (WAL content included, writes made meanwhile are simply not
 * in it, no free pages so deleted text is not carried over). It runs inside the attachment
 * store's `exclusive` turn together with hard links to every attachment file: no attachment is
 * added or collected in between, so the database snapshot and the attachments are of the same
 * moment. Attachment files are never changed in place (written under a temporary name and
 * renamed), so a link keeps the content as it was however long the zip then takes. The turn
 * itself lasts the VACUUM INTO and one link per file.
 */
import { createClient, type Client } from '@libsql/client'
import { copyFile, link, lstat, mkdir, open, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { BACKUP_DATABASE_ENTRY, backupRefusal, readBackupArchive, writeBackupArchive, type ArchiveEntry, type CreateOutput, type FreeSpace } from './backupArchive'
import { backupsDir, looksLikeWholeDatabase, scheduleStagedRestore, STAGED_ATTACHMENTS_DIR, STAGED_DATABASE_FILE, stageRestoreFolder } from './backups'
import { classifyDatabaseError } from './database'
import { runIntegrityCheck, type IntegrityWorkerScript } from './integrityCheck'
import { LATEST_SCHEMA_VERSION, readSchemaVersion } from './migrations'
import { ensurePrivateDir } from './privateFiles'

/** The attachment store as a backup needs it (src/main/attachments' AttachmentStore fits). */
export interface AttachmentsGate {
  /** `<dataDir>/attachments`. */
  readonly dir: string
  /** Runs `task` while no attachment is added or deleted. */
  exclusive<T>(task: () => Promise<T>): Promise<T>
}

const MANIFEST_NAME = /^[a-f0-9]{64}\.json$/
const BLOB_NAME = /^[a-f0-9]{64}$/
/** Work folders of backups being made, in the backups folder (removed when done, or by the next). */
const WORK_PREFIX = '.making-'

/**
 * `Omnidesk backup 2026-12-07.zip`: the user's local date (what they look for later), and a zip,
 * which any archive tool opens, so what is inside can be seen and taken out without Omnidesk.
 */
export function defaultBackupName(now: number): string {
  const date = new Date(now)
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, '0')).join('-')
  return `Omnidesk backup ${day}.zip`
}

/** Writes the history as one backup file at `target`. Throws a refusal (disk-full, write-failed). */
export async function makeBackupFile(opts: {
  client: Client
  dataDir: string
  attachments?: AttachmentsGate
  target: string
  appVersion: string
  now: () => number
  createOutput?: CreateOutput
}): Promise<{ path: string; bytes: number }> {
  const backups = backupsDir(opts.dataDir)
  await ensurePrivateDir(backups)
  // Calls are serialised by the handlers: any work folder here is one a crash or kill left.
  for (const name of await readdir(backups)) if (name.startsWith(WORK_PREFIX)) await rm(path.join(backups, name), { recursive: true, force: true })
  const work = path.join(backups, `${WORK_PREFIX}${randomBytes(4).toString('hex')}`)
  await mkdir(work, { mode: 0o700 })
  try {
    const snapshot = async (): Promise<{ schemaVersion: number; entries: ArchiveEntry[] }> => {
      const schemaVersion = await readSchemaVersion(opts.client)
      const database = path.join(work, BACKUP_DATABASE_ENTRY)
      try {
        await opts.client.execute({ sql: 'VACUUM INTO ?', args: [database] })
      } catch (error) {
        throw classifyDatabaseError(error) === 'disk-full' ? backupRefusal('disk-full') : error
      }
      const entries: ArchiveEntry[] = [{ path: BACKUP_DATABASE_ENTRY, file: database, compress: true }]
      if (opts.attachments) entries.push(...(await linkAttachments(opts.attachments.dir, path.join(work, 'attachments'))))
      return { schemaVersion, entries }
    }
    const { schemaVersion, entries } = opts.attachments ? await opts.attachments.exclusive(snapshot) : await snapshot()
    const written = await writeBackupArchive({
      target: opts.target,
      entries,
      meta: { schemaVersion, createdAt: opts.now(), appVersion: opts.appVersion },
      createOutput: opts.createOutput
    })
    return { path: opts.target, bytes: written.bytes }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Links (or, where the file system has no hard links, copies) every attachment file into `to`. */
async function linkAttachments(from: string, to: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = []
  const names = async (dir: string): Promise<string[]> => readdir(dir).catch(() => [] as string[])
  await mkdir(path.join(to, 'blobs'), { recursive: true, mode: 0o700 })
  const take = async (source: string, target: string, entryPath: string): Promise<void> => {
    const stats = await lstat(source).catch(() => undefined)
    if (!stats?.isFile()) return
    try {
      await link(source, target)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOSPC') throw backupRefusal('disk-full')
      await copyFile(source, target).catch((copyError: NodeJS.ErrnoException) => {
        throw copyError.code === 'ENOSPC' ? backupRefusal('disk-full') : copyError
      })
    }
    entries.push({ path: entryPath, file: target, compress: !(await isCompressedMedia(target)) })
  }
  for (const name of await names(from)) if (MANIFEST_NAME.test(name)) await take(path.join(from, name), path.join(to, name), `attachments/${name}`)
  for (const name of await names(path.join(from, 'blobs'))) {
    if (BLOB_NAME.test(name)) await take(path.join(from, 'blobs', name), path.join(to, 'blobs', name), `attachments/blobs/${name}`)
  }
  return entries
}

/** Images, PDFs and zips (office files) are already compressed: deflate would only cost time. */
async function isCompressedMedia(file: string): Promise<boolean> {
  const head = Buffer.alloc(12)
  const handle = await open(file, 'r')
  try {
    await handle.read(head, 0, 12, 0)
  } finally {
    await handle.close()
  }
  const starts = (...bytes: number[]): boolean => bytes.every((byte, i) => head[i] === byte)
  return (
    starts(0x89, 0x50, 0x4e, 0x47) || // PNG
    starts(0xff, 0xd8, 0xff) || // JPEG
    starts(0x47, 0x49, 0x46, 0x38) || // GIF
    (starts(0x52, 0x49, 0x46, 0x46) && head.subarray(8, 12).toString('latin1') === 'WEBP') ||
    starts(0x25, 0x50, 0x44, 0x46) || // PDF
    starts(0x50, 0x4b, 0x03, 0x04) // zip: docx, xlsx, pptx
  )
}

/**
 * Checks a backup file and makes it the restore of the next start: extracted into a staged
 * folder, every file checked against its checksum, the database checked by SQLite itself. Throws
 * a refusal and leaves nothing behind (the restore asked for before, if any, stays asked for).
 */
export async function stageRestoreFromFile(opts: { dataDir: string; file: string; freeSpace?: FreeSpace; integrityWorker?: IntegrityWorkerScript }): Promise<void> {
  let staged: { id: string; dir: string } | undefined
  try {
    const manifest = await readBackupArchive(opts.file, {
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      freeSpace: opts.freeSpace,
      destination: async (found) => {
        staged = await stageRestoreFolder(opts.dataDir, found.createdAt)
        return staged.dir
      }
    })
    const dir = (staged as { dir: string }).dir
    // Always there, even empty: its absence means "already moved in" to an interrupted restore.
    await mkdir(path.join(dir, STAGED_ATTACHMENTS_DIR, 'blobs'), { recursive: true, mode: 0o700 })
    await checkDatabase(path.join(dir, STAGED_DATABASE_FILE), manifest.schemaVersion, opts.integrityWorker)
    await scheduleStagedRestore(opts.dataDir, (staged as { id: string }).id)
  } catch (error) {
    if (staged) await rm(staged.dir, { recursive: true, force: true }).catch(() => undefined)
    throw error
  }
}

/**
 * The checksums say the file is what was written; this says what was written is a database
 * SQLite can read whole (a backup of an already damaged history would pass the checksums).
 */
async function checkDatabase(file: string, schemaVersion: number, worker: IntegrityWorkerScript | undefined): Promise<void> {
  const stats = await lstat(file)
  if (!(await looksLikeWholeDatabase(file, stats.size))) throw backupRefusal('damaged-database')
  // quick_check reads every page: in the integrity worker when there is one, so the windows stay
  // responsive while a large backup is checked; on this thread when it cannot run there.
  let checked = false
  if (worker !== undefined) {
    const verdict = await runIntegrityCheck(file, worker).result
    if (!verdict.failed && !verdict.ok) throw backupRefusal('damaged-database')
    checked = !verdict.failed
  }
  const client = createClient({ url: `file:${file.split(path.sep).map(encodeURIComponent).join('/')}` })
  try {
    if (!checked) {
      const check = await client.execute('PRAGMA quick_check')
      if (check.rows.length !== 1 || check.rows[0][0] !== 'ok') throw backupRefusal('damaged-database')
    }
    if ((await readSchemaVersion(client)) !== schemaVersion) throw backupRefusal('damaged-database')
  } catch (error) {
    if (classifyDatabaseError(error) === 'damaged') throw backupRefusal('damaged-database')
    throw error
  } finally {
    client.close()
  }
}
