/**
 * Copies of the history taken before a schema migration, and the restore of one of them.
 *
 * A migration rewrites the user's only copy of their history; a bug in one (or a crash in the
 * middle of a long one on a machine that lies about fsync) could lose it. So before openDatabase
 * migrates an existing database it takes a snapshot with `VACUUM INTO`: one consistent read
 * transaction, WAL content included, no free pages (deleted text is not carried over), written to
 * `<dataDir>/backups/omnidesk-v<from>-<stamp>.db` (0600). The newest KEPT_BACKUPS are kept.
 *
 * A restore cannot swap files under an open connection, so it is asked for now and applied at the
 * next start: scheduleRestore writes a marker, openDatabase (database.ts) applies it before
 * anything reads the database. The backup is only ever copied, never moved: it stays listed and
 * can be restored again.
 *
 * A backup the user made with "Back up now" (one file, ./backupFile.ts) is restored the same way:
 * checked and extracted into `<dataDir>/backups/restore-<when it was made>/` (its database and
 * attachments folder), that folder named by the marker. Only one such folder lives at a time; it
 * goes when the restore is applied or cancelled.
 */
import type { Client } from '@libsql/client'
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './privateFiles'

export const BACKUPS_DIR_NAME = 'backups'
/** Three: the state before each of the last three upgrades, at a few megabytes each. */
export const KEPT_BACKUPS = 3
/** In the backups folder: which backup to restore at the next start. */
const RESTORE_MARKER_NAME = 'restore-pending.json'

export interface BackupInfo {
  /** The file name in the backups folder; what scheduleRestore takes. */
  id: string
  /** The schema version of the history in it (the version before the migration it preceded). */
  schemaVersion: number
  /** When it was taken (ms since the epoch). */
  createdAt: number
  bytes: number
}

export interface PendingRestore {
  /** An automatic backup's file name, or a staged restore's folder name (STAGED_NAME). */
  backupId: string
}

/**
 * `omnidesk-v3-2025-01-02T03-04-05-678Z.db`, `-1`, `-2`… when two are taken in the same
 * millisecond. Nothing but these characters can be in an id, so an id can never name a path
 * outside the backups folder (no separator, no `..`).
 */
const BACKUP_NAME = /^omnidesk-v(\d{1,9})-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-(\d{1,4}))?\.db$/

/**
 * `restore-2025-01-02T03-04-05-678Z` (when the backup was made), `-1`… : the folder a backup file's
 * content is extracted into, in the backups folder. Like BACKUP_NAME, it cannot name a path
 * outside it.
 */
const STAGED_NAME = /^restore-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-(\d{1,4}))?$/
/** In a staged restore's folder: the attachments folder that replaces the current one. */
export const STAGED_ATTACHMENTS_DIR = 'attachments'
/** In a staged restore's folder: the database that replaces the current one. */
export const STAGED_DATABASE_FILE = 'omnidesk.db'

/** Is this pending restore a backup file's (a staged folder) rather than an automatic backup's? */
export function isStagedRestore(backupId: string): boolean {
  return STAGED_NAME.test(backupId)
}

/** A time as it appears in the names of kept files: ISO 8601 with `:` and `.` made file-safe. */
export function fileStamp(time: number): string {
  return new Date(time).toISOString().replace(/[:.]/g, '-')
}

function stampTime(stamp: string): number {
  // 2025-01-02T03-04-05-678Z → 2025-01-02T03:04:05.678Z
  return Date.parse(`${stamp.slice(0, 10)}T${stamp.slice(11, 13)}:${stamp.slice(14, 16)}:${stamp.slice(17, 19)}.${stamp.slice(20, 23)}Z`)
}

/** When a backup was made, from its id (file name); undefined for a name that is not a backup's. */
export function backupTime(backupId: string): number | undefined {
  const match = BACKUP_NAME.exec(backupId)
  if (match) return stampTime(match[2])
  const staged = STAGED_NAME.exec(backupId)
  return staged ? stampTime(staged[1]) : undefined
}

/** Flushes a file's content to the disk (fsync) before anything relies on it being there. */
export async function syncToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_DIR_NAME)
}

/**
 * Snapshots the database behind `client` into a new backup and prunes the old ones. Throws if the
 * snapshot cannot be written (no half-written file is left): the caller must not migrate then.
 */
export async function backupBeforeMigration(opts: {
  client: Client
  dataDir: string
  schemaVersion: number
  now: number
}): Promise<BackupInfo> {
  const dir = backupsDir(opts.dataDir)
  await ensurePrivateDir(dir)
  const base = `omnidesk-v${opts.schemaVersion}-${fileStamp(opts.now)}`
  // VACUUM INTO needs a missing or empty target. Creating it first, exclusively and 0600, picks a
  // name no other backup has and gives the snapshot its mode before a byte of history is in it.
  let id = `${base}.db`
  for (let attempt = 1; !(await createEmptyPrivateFile(path.join(dir, id))); attempt++) id = `${base}-${attempt}.db`
  const file = path.join(dir, id)
  try {
    await opts.client.execute({ sql: 'VACUUM INTO ?', args: [file] })
    // On disk before the migration starts rewriting the original.
    await syncToDisk(file)
  } catch (error) {
    await rm(file, { force: true })
    throw error
  }
  await pruneBackups(opts.dataDir)
  return { id, schemaVersion: opts.schemaVersion, createdAt: opts.now, bytes: (await stat(file)).size }
}

async function createEmptyPrivateFile(file: string): Promise<boolean> {
  try {
    await writeFile(file, '', { flag: 'wx', mode: PRIVATE_FILE_MODE })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** The backups, newest first. Only regular files with a backup's name count (not links). */
export async function listBackups(dataDir: string): Promise<BackupInfo[]> {
  const dir = backupsDir(dataDir)
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const backups: Array<BackupInfo & { order: number }> = []
  for (const name of names) {
    const match = BACKUP_NAME.exec(name)
    if (match === null) continue
    const stats = await lstat(path.join(dir, name)).catch(() => undefined)
    if (stats === undefined || !stats.isFile()) continue
    backups.push({
      id: name,
      schemaVersion: Number(match[1]),
      createdAt: stampTime(match[2]),
      bytes: stats.size,
      order: Number(match[3] ?? 0)
    })
  }
  backups.sort((a, b) => b.createdAt - a.createdAt || b.order - a.order)
  return backups.map(({ order: _order, ...backup }) => backup)
}

/**
 * Deletes all but the newest KEPT_BACKUPS; the one a pending restore names is never deleted. An
 * old backup that cannot be deleted is left for the next time: it must not stop the app.
 */
async function pruneBackups(dataDir: string): Promise<void> {
  try {
    const pending = await pendingRestore(dataDir)
    const backups = await listBackups(dataDir)
    for (const old of backups.slice(KEPT_BACKUPS)) {
      if (old.id === pending?.backupId) continue
      await rm(path.join(backupsDir(dataDir), old.id), { force: true })
    }
  } catch {
    // Kept, see above.
  }
}

/**
 * Asks for `backupId` to replace the history at the next start. Only an id listBackups returns is
 * taken: anything else (a path, `..`, a name that is not a backup) is refused.
 */
export async function scheduleRestore(dataDir: string, backupId: string): Promise<void> {
  if (!BACKUP_NAME.test(backupId)) throw new AppError({ code: 'bad_request', detail: 'Not a backup name' })
  const known = await listBackups(dataDir)
  if (!known.some((backup) => backup.id === backupId)) throw new AppError({ code: 'not_found', detail: `No backup ${backupId}` })
  await writeRestoreMarker(dataDir, backupId)
  // A backup file staged before is not what will be restored any more.
  await removeStagedRestores(dataDir)
}

/**
 * Makes a folder stageRestoreFolder gave (and the caller filled and checked) the restore of the
 * next start, in place of whatever restore was asked for before.
 */
export async function scheduleStagedRestore(dataDir: string, stagedId: string): Promise<void> {
  if (!STAGED_NAME.test(stagedId)) throw new AppError({ code: 'bad_request', detail: 'Not a staged restore' })
  await writeRestoreMarker(dataDir, stagedId)
  await removeStagedRestores(dataDir, stagedId)
}

/**
 * Creates the empty folder (0700) a backup file made at `createdAt` is extracted into, with a
 * name no other has. Restores staged before and never scheduled (an interrupted check) go first.
 */
export async function stageRestoreFolder(dataDir: string, createdAt: number): Promise<{ id: string; dir: string }> {
  const dir = backupsDir(dataDir)
  await ensurePrivateDir(dir)
  const pending = await pendingRestore(dataDir)
  await removeStagedRestores(dataDir, pending?.backupId)
  const base = `restore-${fileStamp(createdAt)}`
  for (let attempt = 0; ; attempt++) {
    const id = attempt === 0 ? base : `${base}-${attempt}`
    try {
      await mkdir(path.join(dir, id), { mode: PRIVATE_DIR_MODE })
      return { id, dir: path.join(dir, id) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

/** Deletes the staged restores' folders but `keep`. One that cannot be deleted now goes next time. */
export async function removeStagedRestores(dataDir: string, keep?: string): Promise<void> {
  const names = await readdir(backupsDir(dataDir)).catch(() => [] as string[])
  for (const name of names) {
    if (!STAGED_NAME.test(name) || name === keep) continue
    await rm(path.join(backupsDir(dataDir), name), { recursive: true, force: true }).catch(() => undefined)
  }
}

async function writeRestoreMarker(dataDir: string, backupId: string): Promise<void> {
  const marker = path.join(backupsDir(dataDir), RESTORE_MARKER_NAME)
  // Whole or absent: a marker cut by a crash would be read as no restore at all.
  const temp = `${marker}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, JSON.stringify({ backupId } satisfies PendingRestore), { mode: PRIVATE_FILE_MODE })
    await rename(temp, marker)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** Drops the restore asked for (and a backup file's staged content with it). */
export async function cancelRestore(dataDir: string): Promise<void> {
  await rm(path.join(backupsDir(dataDir), RESTORE_MARKER_NAME), { force: true })
  await removeStagedRestores(dataDir)
}

/** The restore asked for, if any. A marker that does not name a backup's file is ignored. */
export async function pendingRestore(dataDir: string): Promise<PendingRestore | undefined> {
  let text: string
  try {
    text = await readFile(path.join(backupsDir(dataDir), RESTORE_MARKER_NAME), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const parsed = JSON.parse(text) as { backupId?: unknown }
    if (typeof parsed.backupId === 'string' && (BACKUP_NAME.test(parsed.backupId) || STAGED_NAME.test(parsed.backupId))) return { backupId: parsed.backupId }
  } catch {
    // An unreadable marker asks for nothing.
  }
  return undefined
}

/**
 * Where the backup a pending restore names is, once it has been checked: a regular file that
 * looks like a whole SQLite database of a schema this version can open. `missing` when the file
 * is gone, `unusable` when it is not such a file. The caller applies or drops the restore.
 */
export async function locatePendingBackup(
  dataDir: string,
  backupId: string
): Promise<{ ok: true; file: string; attachmentsDir?: string } | { ok: false; reason: 'missing' | 'unusable' }> {
  if (STAGED_NAME.test(backupId)) return locateStagedRestore(dataDir, backupId)
  if (!BACKUP_NAME.test(backupId)) return { ok: false, reason: 'missing' }
  const file = path.join(backupsDir(dataDir), backupId)
  const stats = await lstat(file).catch(() => undefined)
  if (stats === undefined || !stats.isFile()) return { ok: false, reason: 'missing' }
  return (await looksLikeWholeDatabase(file, stats.size)) ? { ok: true, file } : { ok: false, reason: 'unusable' }
}

/**
 * A backup file's staged content: its database, checked like an automatic backup, and its
 * attachments folder. No attachments folder means a restore a crash interrupted already moved it
 * in (database.ts moves the database first, then the attachments): the database alone is left.
 */
async function locateStagedRestore(
  dataDir: string,
  stagedId: string
): Promise<{ ok: true; file: string; attachmentsDir?: string } | { ok: false; reason: 'missing' | 'unusable' }> {
  const dir = path.join(backupsDir(dataDir), stagedId)
  const file = path.join(dir, STAGED_DATABASE_FILE)
  const stats = await lstat(file).catch(() => undefined)
  if (stats === undefined || !stats.isFile()) return { ok: false, reason: 'missing' }
  if (!(await looksLikeWholeDatabase(file, stats.size))) return { ok: false, reason: 'unusable' }
  const attachments = await lstat(path.join(dir, STAGED_ATTACHMENTS_DIR)).catch(() => undefined)
  return attachments?.isDirectory() ? { ok: true, file, attachmentsDir: path.join(dir, STAGED_ATTACHMENTS_DIR) } : { ok: true, file }
}

/**
 * Reads the 100-byte SQLite header without opening a connection (a connection to a WAL-mode file
 * would create -wal/-shm files next to the backup): the magic string, a valid page size, a file
 * size matching the page count the header records (VACUUM INTO writes a valid one) and a schema
 * version no newer than this build's.
 */
export async function looksLikeWholeDatabase(file: string, size: number): Promise<boolean> {
  if (size < 100) return false
  const header = Buffer.alloc(100)
  const handle = await open(file, 'r')
  try {
    await handle.read(header, 0, 100, 0)
  } finally {
    await handle.close()
  }
  if (!header.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'binary'))) return false
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return false
  const pageCountIsValid = header.readUInt32BE(92) === header.readUInt32BE(24)
  if (pageCountIsValid && header.readUInt32BE(28) * pageSize !== size) return false
  if (size % pageSize !== 0) return false
  return header.readUInt32BE(60) <= LATEST_SCHEMA_VERSION
}
