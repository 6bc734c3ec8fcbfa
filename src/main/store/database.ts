/**
 * Opens the conversation database: applies a restore asked for at the last run, checks the file,
 * keeps a damaged one aside (never overwriting or deleting it), backs it up before a schema
 * migration, sets the connection up and migrates the schema.
 *
 * Two kinds of failure, kept apart (issue 14, M2): a file that is damaged (not a database, failed
 * quick_check, truncated, a WAL SQLite would silently drop) is moved aside and a fresh history
 * starts; a database that is fine but cannot be used right now (another program holds it locked,
 * read-only, no permission, disk full, I/O error) is left exactly as it is and openDatabase throws
 * a DatabaseUnavailableError, which the app turns into "Retry / Quit". Moving a good history aside
 * because a backup tool had it open would hide it from the user for no reason.
 */
import { createClient, type Client } from '@libsql/client'
import { constants as fsConstants } from 'node:fs'
import { access, copyFile, open, readdir, rename, rm, stat, statfs } from 'node:fs/promises'
import path from 'node:path'
import type { StartupNotice } from '../../shared/ipc/contract'
import { backupBeforeMigration, backupTime, syncToDisk, cancelRestore, fileStamp, locatePendingBackup, pendingRestore, type BackupInfo } from './backups'
import { LATEST_SCHEMA_VERSION, migrate, readSchemaVersion } from './migrations'
import { damageReported, writeIntegrityRecord } from './integrityCheck'
import { ensurePrivateDir, makeFilePrivate, PRIVATE_FILE_MODE } from './privateFiles'

export const DATABASE_FILE_NAME = 'omnidesk.db'
/** The attachment store's folder in the data folder (src/main/attachments), replaced by a backup file's restore. */
const RESTORED_ATTACHMENTS_DIR = 'attachments'

/** Every SQLite database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'binary')
/** Files SQLite keeps next to a database; they belong to it and move with it. */
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const
const WAL_HEADER_BYTES = 32

/**
 * While opening, each statement waits this long for a lock (SQLite's busy handler sleeps on the
 * calling thread, which is the main process's): short, so the app stays responsive, and the
 * wait is spread over attempts with pauses in between (BUSY_RETRY_PAUSE_MS).
 */
const OPEN_BUSY_TIMEOUT_MS = 250
const BUSY_RETRY_PAUSE_MS = 250
/**
 * How long a database another program holds locked is waited for before giving up with
 * `busy`: long enough for a backup or antivirus scan of the file to finish, short enough that
 * the user is not left without a window and without a word.
 */
export const DEFAULT_BUSY_WAIT_MS = 5000
/** Once open: a write waits this long for another writer (the old value, unchanged). */
const RUNNING_BUSY_TIMEOUT_MS = 5000
/**
 * An I/O error on a volume with less free space than this is taken as the disk being full: SQLite
 * reports some out-of-space writes as I/O errors (growing the -shm file, for one) and a
 * transaction needs room for several pages.
 */
const NEARLY_FULL_BYTES = 1024 * 1024

export type DatabaseUnavailableReason = 'busy' | 'read-only' | 'permission' | 'disk-full' | 'io'

/** The history is fine (as far as we know) but cannot be used now; nothing was moved or changed. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
  constructor(
    readonly reason: DatabaseUnavailableReason,
    readonly file: string,
    options?: { cause?: unknown }
  ) {
    super(`The history database cannot be used (${reason}): ${file}`, options)
  }
}

/**
 * What a failure from libsql or the file system says about the database: `damaged` (keep the file
 * aside), a reason it is unavailable, or undefined (something else: a bug, out of memory…).
 *
 * libsql's errors, as @libsql/client 0.18 throws them (checked against real files, see
 * tests/unit/dataLifecycle.test.ts): a LibsqlError with `code` the primary result code
 * ('SQLITE_BUSY'), `extendedCode` and `rawCode` (the extended number: base = rawCode & 0xff;
 * 1544 is SQLITE_READONLY_DIRECTORY); a failure to open the file at all is a plain Error with an
 * empty code and the result code only in its message: `ConnectionFailed("Unable to open
 * connection to local database <path>: 14")`.
 */
export function classifyDatabaseError(error: unknown): 'damaged' | DatabaseUnavailableReason | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, rawCode, message } = error as { code?: unknown; rawCode?: unknown; message?: unknown }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return fromErrno(code)
  let base: number | undefined
  if (typeof rawCode === 'number') base = rawCode & 0xff
  else if (typeof code === 'string' && code.startsWith('SQLITE_')) base = SQLITE_CODES[code.split('_').slice(0, 2).join('_')]
  if (base === undefined && typeof message === 'string') {
    const opening = /Unable to open connection to local database .*: (\d+)"?\)?\s*$/.exec(message)
    if (opening !== null) base = Number(opening[1]) & 0xff
  }
  switch (base) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return 'damaged'
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL: // a WAL lock race another connection is in the middle of
      return 'busy'
    case SQLITE_READONLY:
      return 'read-only'
    case SQLITE_PERM:
      return 'permission'
    case SQLITE_FULL:
      return 'disk-full'
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: // why it cannot be opened is asked of the file system (diagnose)
      return 'io'
    default:
      return undefined
  }
}

const SQLITE_PERM = 3
const SQLITE_BUSY = 5
const SQLITE_LOCKED = 6
const SQLITE_READONLY = 8
const SQLITE_IOERR = 10
const SQLITE_CORRUPT = 11
const SQLITE_FULL = 13
const SQLITE_CANTOPEN = 14
const SQLITE_PROTOCOL = 15
const SQLITE_NOTADB = 26
const SQLITE_CODES: Record<string, number> = {
  SQLITE_PERM,
  SQLITE_BUSY,
  SQLITE_LOCKED,
  SQLITE_READONLY,
  SQLITE_IOERR,
  SQLITE_CORRUPT,
  SQLITE_FULL,
  SQLITE_CANTOPEN,
  SQLITE_PROTOCOL,
  SQLITE_NOTADB
}

function fromErrno(code: string): DatabaseUnavailableReason | undefined {
  switch (code) {
    case 'EBUSY':
      return 'busy'
    case 'EROFS':
      return 'read-only'
    case 'EACCES':
    case 'EPERM':
      return 'permission'
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk-full'
    case 'EIO':
      return 'io'
    default:
      return undefined
  }
}

export interface OpenDatabaseOptions {
  dataDir: string
  /** Names kept files and backups (a test clock in tests). Waiting uses the real clock. */
  now: () => number
  /** How long to wait for a database another program holds locked; DEFAULT_BUSY_WAIT_MS. */
  busyWaitMs?: number
}

export interface OpenedDatabase {
  client: Client
  notices: StartupNotice[]
  /** The restore scheduleRestore asked for, applied by this open. */
  restored?: { backupId: string; previousPath: string | undefined }
  /** A restore was asked for but its backup is gone or unusable: nothing was changed. */
  restoreFailed?: { backupId: string; reason: 'missing' | 'unusable' }
  /** The backup taken before this open migrated the schema. */
  backup?: BackupInfo
}

/**
 * An unusable file comes with the connection that inspected it, still open: see openDatabase for
 * why it is closed only once the file has been moved aside.
 */
type Inspection = { kind: 'usable'; client: Client } | { kind: 'corrupt' | 'newer'; client?: Client }

/** Throws DatabaseUnavailableError when the history exists but cannot be used now. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const file = path.join(opts.dataDir, DATABASE_FILE_NAME)
  const deadline = Date.now() + (opts.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS)
  try {
    return await openOrFail(file, opts, deadline)
  } catch (error) {
    throw await asUnavailable(error, file)
  }
}

async function openOrFail(file: string, opts: OpenDatabaseOptions, deadline: number): Promise<OpenedDatabase> {
  await ensurePrivateDir(opts.dataDir)
  const restore = await applyPendingRestore(opts.dataDir, file, opts.now)
  await prepareDatabaseFile(file)
  const notices: StartupNotice[] = []
  if (restore.restored) {
    notices.push({ kind: 'database-restored', backupPath: restore.restored.previousPath, backupCreatedAt: backupTime(restore.restored.backupId) })
  } else if (restore.restoreFailed) {
    notices.push({ kind: 'database-restore-failed', backupCreatedAt: backupTime(restore.restoreFailed.backupId) })
  }

  let inspecting: Client | undefined
  let inspection: Inspection
  // The full check reads the whole file: only when the background check (integrityCheck.ts)
  // found damage last time. Otherwise start-up costs the same for 10 or 10,000 conversations.
  const fullCheck = await damageReported(opts.dataDir)
  try {
    inspection = await retryWhileBusy(deadline, async () => {
      if (await hasDamagedBytes(file)) return { kind: 'corrupt', client: inspecting }
      // One connection for every attempt: libsql lets a closed one go only at garbage collection.
      inspecting ??= connect(file)
      return inspectWithSqlite(inspecting, file, fullCheck ? 'full' : 'quick')
    })
  } catch (error) {
    inspecting?.close()
    throw error
  }

  // The full check has had its say (the file passed, or goes aside now): the record is done with.
  if (fullCheck) await writeIntegrityRecord(opts.dataDir, { checkedAt: opts.now(), ok: true })

  let client: Client
  if (inspection.kind === 'usable') {
    client = inspection.client
  } else {
    // libsql's close() lets a connection go only when it is garbage collected. Closed before the
    // move, the inspecting connection would be let go at an unpredictable moment, and SQLite's
    // last connection to a database, on going, checkpoints the -wal into the file and deletes
    // the -wal and -shm: the file we keep "untouched" would change, or a companion would vanish
    // between the check and the rename in moveAside. Open, it holds its shared lock, so no other
    // connection of this process checkpoints either. Once the file is renamed, SQLite sees that
    // it has moved and lets the connection go without touching any file.
    let backupPath: string
    try {
      backupPath = await moveAside(file, inspection.kind, opts.now())
    } finally {
      inspection.client?.close()
    }
    notices.push({ kind: inspection.kind === 'corrupt' ? 'database-corrupt' : 'database-newer', backupPath })
    await prepareDatabaseFile(file)
    client = connect(file)
  }

  try {
    let backup: BackupInfo | undefined
    await retryWhileBusy(deadline, async () => {
      await checkWritable(client)
      await configureConnection(client)
      const version = await readSchemaVersion(client)
      if (backup === undefined && version > 0 && version < LATEST_SCHEMA_VERSION) {
        backup = await backupBeforeMigration({ client, dataDir: opts.dataDir, schemaVersion: version, now: opts.now() })
      }
      await migrate(client)
    })
    await client.execute(`PRAGMA busy_timeout = ${RUNNING_BUSY_TIMEOUT_MS}`)
    return { client, notices, ...restore, ...(backup === undefined ? {} : { backup }) }
  } catch (error) {
    client.close()
    throw error
  }
}

/**
 * A database we can read but not write would fail at the first message (and start-up recovery
 * writes): find out now, as a reason the user can act on. Taking the write lock is not enough
 * (SQLite grants it on a read-only file and refuses only the first page written), so the probe
 * writes the schema version over itself and rolls back: the file is not changed.
 */
async function checkWritable(client: Client): Promise<void> {
  const transaction = await client.transaction('write')
  try {
    const version = Number((await transaction.execute('PRAGMA user_version')).rows[0]?.[0] ?? 0)
    await transaction.execute(`PRAGMA user_version = ${version}`)
  } finally {
    transaction.close()
  }
}

/** Runs `step` again while the database is locked by someone else, until `deadline`. */
async function retryWhileBusy<T>(deadline: number, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step()
    } catch (error) {
      if (classifyDatabaseError(error) !== 'busy' || Date.now() + BUSY_RETRY_PAUSE_MS > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_PAUSE_MS))
    }
  }
}

/**
 * A DatabaseUnavailableError for failures that say the database cannot be used now; any other
 * error as it was. SQLite cannot say why it could not open a file, and reports some full disks
 * as I/O errors: the file system is asked. Damage found only after the inspection passed (in the
 * middle of a migration: quick_check does not verify indexes) is thrown as it is, the file left
 * where it is: the migration was rolled back and the backup taken before it is there.
 */
async function asUnavailable(error: unknown, file: string): Promise<unknown> {
  if (error instanceof DatabaseUnavailableError) return error
  const verdict = classifyDatabaseError(error)
  if (verdict === undefined || verdict === 'damaged') return error
  const reason = verdict === 'io' ? ((await diagnoseAccess(file)) ?? 'io') : verdict
  return new DatabaseUnavailableError(reason, file, { cause: error })
}

async function diagnoseAccess(file: string): Promise<DatabaseUnavailableReason | undefined> {
  const dir = path.dirname(file)
  const checks: Array<[string, number]> = [
    [dir, fsConstants.R_OK | fsConstants.W_OK | fsConstants.X_OK],
    [file, fsConstants.R_OK | fsConstants.W_OK]
  ]
  for (const [target, mode] of checks) {
    try {
      await access(target, mode)
    } catch (error) {
      const reason = fromErrno((error as NodeJS.ErrnoException).code ?? '')
      if (reason !== undefined) return reason
    }
  }
  try {
    const space = await statfs(dir)
    if (space.bavail * space.bsize < NEARLY_FULL_BYTES) return 'disk-full'
  } catch {
    // No answer about free space: an I/O error it stays.
  }
  return undefined
}

/**
 * Reads without writing: the file's structure and the schema version. Nothing may change the file
 * before we know we can use it (even switching to WAL rewrites its header). The caller closes the
 * connection of an unusable file after moving the file aside. Errors other than damage (a lock,
 * an I/O error) are thrown: the file is not judged on them.
 *
 * `quick` (every start) costs the same however long the history: a file shorter than its header
 * says (truncated), the schema read (page 1 and the schema's pages: "not a database",
 * "malformed") and each table's first row (its root pages). Damage deeper in the file is found by the background check (integrityCheck.ts),
 * after which the next start runs `full`: SQLite's quick_check, which reads every page.
 */
async function inspectWithSqlite(client: Client, file: string, mode: 'quick' | 'full'): Promise<Inspection> {
  try {
    if (mode === 'full') {
      const check = await client.execute('PRAGMA quick_check')
      const healthy = check.rows.length === 1 && check.rows[0][0] === 'ok'
      if (!healthy) return { kind: 'corrupt', client }
    } else {
      if (await isShorterThanItsHeaderSays(file)) return { kind: 'corrupt', client }
      // The schema, then the first row of every table: their root pages (and a path down to a
      // leaf), a few dozen pages whatever the size of the history.
      const tables = await client.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
      for (const row of tables.rows) await client.execute(`SELECT 1 FROM "${String(row.name).replaceAll('"', '""')}" LIMIT 1`)
    }
    if ((await readSchemaVersion(client)) > LATEST_SCHEMA_VERSION) return { kind: 'newer', client }
    return { kind: 'usable', client }
  } catch (error) {
    // "file is not a database", "database disk image is malformed" (a truncated file too).
    if (classifyDatabaseError(error) === 'damaged') return { kind: 'corrupt', client }
    throw error
  }
}

/**
 * Damage SQLite would not report: a file that does not start like a database (a missing or empty
 * one is a new database), and a -wal SQLite would silently treat as empty. A WAL whose header is
 * not valid is ignored on open and overwritten by the next write, and the transactions in it are
 * lost without a word; kept aside with its database, they can still be recovered by hand.
 * A WAL shorter than its header, or with an all-zero header, is an interrupted start of a new
 * WAL (SQLite syncs the header before writing any frame after it), so nothing committed is in it.
 */
async function hasDamagedBytes(file: string): Promise<boolean> {
  const header = await readStart(file, SQLITE_HEADER.length)
  if (header !== undefined && header.length > 0 && !header.equals(SQLITE_HEADER)) return true
  const wal = await readStart(file + '-wal', WAL_HEADER_BYTES)
  if (wal === undefined || wal.length < WAL_HEADER_BYTES || wal.every((byte) => byte === 0)) return false
  return !isValidWalHeader(wal)
}

/** The WAL header as SQLite checks it (https://sqlite.org/fileformat2.html#walformat). */
function isValidWalHeader(header: Buffer): boolean {
  const magic = header.readUInt32BE(0)
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return false
  if (header.readUInt32BE(4) !== 3007000) return false
  const pageSize = header.readUInt32BE(8)
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return false
  // The checksum's words are big-endian when the magic's low bit is set, else little-endian.
  const bigEndian = (magic & 1) === 1
  let s1 = 0
  let s2 = 0
  for (let i = 0; i < 24; i += 8) {
    const x0 = bigEndian ? header.readUInt32BE(i) : header.readUInt32LE(i)
    const x1 = bigEndian ? header.readUInt32BE(i + 4) : header.readUInt32LE(i + 4)
    s1 = (s1 + x0 + s2) >>> 0
    s2 = (s2 + x1 + s1) >>> 0
  }
  return s1 === header.readUInt32BE(24) && s2 === header.readUInt32BE(28)
}

/**
 * A database file holds at least the pages its header counts (bytes 28–31, trusted only when the
 * "version-valid-for" number at 92–95 equals the change counter at 24–27, as SQLite does): a
 * shorter one was cut (a copy or a disk that stopped midway).
 * https://sqlite.org/fileformat2.html#in_header_database_size
 */
async function isShorterThanItsHeaderSays(file: string): Promise<boolean> {
  const header = await readStart(file, 100)
  if (header === undefined || header.length < 100) return false
  const pageSizeField = header.readUInt16BE(16)
  const pageSize = pageSizeField === 1 ? 65536 : pageSizeField
  const pages = header.readUInt32BE(28)
  if (pages === 0 || header.readUInt32BE(92) !== header.readUInt32BE(24)) return false
  const { size } = await stat(file)
  return size < pages * pageSize
}

async function readStart(file: string, length: number): Promise<Buffer | undefined> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * The database file 0600 before SQLite opens it: SQLite creates the -wal and -shm with the mode of
 * the database file, and a file it creates itself gets 0644. So a missing one is created here,
 * empty (SQLite's "new database"), and an existing one (and companions older versions left
 * readable) loses group and other access.
 */
async function prepareDatabaseFile(file: string): Promise<void> {
  try {
    await (await open(file, 'wx', PRIVATE_FILE_MODE)).close()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    await makeFilePrivate(file)
  }
  for (const suffix of COMPANION_SUFFIXES) await makeFilePrivate(file + suffix)
}

/**
 * Applies the restore scheduleRestore asked for, before anything opens the database: the current
 * database and its companions are moved to `omnidesk.db.before-restore-<time>` (never deleted),
 * a copy of the backup takes its place, the marker goes. The copy is made under a temporary name
 * and renamed in last, so a crash at any point leaves either the old database or the marker that
 * makes the next start do it again, and never a half-copied history under the real name.
 *
 * A backup file's restore (staged by backupFile.ts) brings its attachments too: once the database
 * is in place, the current `attachments` folder is moved to `attachments.before-restore-<time>`
 * (never deleted) and the staged one renamed in. A crash between the two leaves the marker: the
 * next start does the database again (the restored one is moved aside too: nothing is lost) and
 * then the attachments; a crash after the attachments moved leaves no staged attachments folder,
 * which locatePendingBackup reports, and only the database is done again.
 */
async function applyPendingRestore(
  dataDir: string,
  file: string,
  now: () => number
): Promise<Pick<OpenedDatabase, 'restored' | 'restoreFailed'>> {
  const pending = await pendingRestore(dataDir)
  if (pending === undefined) return {}
  const located = await locatePendingBackup(dataDir, pending.backupId)
  if (!located.ok) {
    await cancelRestore(dataDir)
    return { restoreFailed: { backupId: pending.backupId, reason: located.reason } }
  }
  // Copies left by a restore a crash interrupted (the backup they copy is still there).
  const prefix = `${path.basename(file)}.restoring-`
  for (const name of await readdir(dataDir)) if (name.startsWith(prefix)) await rm(path.join(dataDir, name), { force: true })

  const time = now()
  const temp = `${file}.restoring-${fileStamp(time)}`
  try {
    await copyFile(located.file, temp, fsConstants.COPYFILE_EXCL)
    await makeFilePrivate(temp)
    await syncToDisk(temp)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  const previousPath = (await exists(file)) || (await anyCompanionExists(file)) ? await moveAside(file, 'before-restore', time) : undefined
  await rename(temp, file)
  if (located.attachmentsDir !== undefined) await swapAttachments(dataDir, located.attachmentsDir, time)
  await cancelRestore(dataDir)
  return { restored: { backupId: pending.backupId, previousPath } }
}

/** Moves the current attachments folder aside (kept) and the restored one in its place. */
async function swapAttachments(dataDir: string, restored: string, timestamp: number): Promise<void> {
  const current = path.join(dataDir, RESTORED_ATTACHMENTS_DIR)
  if (await exists(current)) {
    let aside = `${current}.before-restore-${fileStamp(timestamp)}`
    for (let attempt = 1; await exists(aside); attempt++) aside = `${current}.before-restore-${fileStamp(timestamp)}-${attempt}`
    await rename(current, aside)
  }
  await rename(restored, current)
}

/**
 * Renames the database and its companions to `<file>.<reason>-<timestamp>` and returns that
 * path. The companions go first: a -wal left behind next to a new, empty database would be
 * replayed into it by SQLite, bringing the unreadable content back.
 */
async function moveAside(file: string, reason: 'corrupt' | 'newer' | 'before-restore', timestamp: number): Promise<string> {
  const stamp = fileStamp(timestamp)
  let backupPath = `${file}.${reason}-${stamp}`
  for (let attempt = 1; (await exists(backupPath)) || (await anyCompanionExists(backupPath)); attempt++) {
    backupPath = `${file}.${reason}-${stamp}-${attempt}`
  }
  for (const suffix of COMPANION_SUFFIXES) {
    // Gone since the check: another process's last connection checkpointed and deleted it.
    if (await exists(file + suffix)) await rename(file + suffix, backupPath + suffix).catch(ignoreMissing)
  }
  // Missing only when companions were left without their database (a restore moves those too).
  await rename(file, backupPath).catch(ignoreMissing)
  return backupPath
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
}

async function anyCompanionExists(file: string): Promise<boolean> {
  for (const suffix of COMPANION_SUFFIXES) if (await exists(file + suffix)) return true
  return false
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}

/**
 * One connection: per-connection settings (foreign keys, synchronous) then hold for every
 * statement, and SQLite writes one transaction at a time anyway. Multi-statement writes use
 * `batch` (one transaction on that connection); an interactive `transaction()` would hold the
 * only connection and make concurrent calls fail instead of wait. `timeout` is SQLite's busy
 * timeout, set as the connection opens: it already applies to the first read of the file.
 */
function connect(file: string): Client {
  return createClient({ url: toFileUrl(file), concurrency: 1, timeout: OPEN_BUSY_TIMEOUT_MS })
}

/**
 * libsql percent-decodes the path of a `file:` URL. Not pathToFileURL: its `file:///C:/...`
 * form would reach SQLite as `/C:/...` on Windows.
 */
function toFileUrl(file: string): string {
  return `file:${file.split(path.sep).map(encodeURIComponent).join('/')}`
}

async function configureConnection(client: Client): Promise<void> {
  // WAL: readers never block the writer, and a crash cannot corrupt the file. With WAL,
  // synchronous=NORMAL keeps every committed transaction through an app crash; only a power
  // loss can drop the last few, which is the right price for cheap writes while streaming.
  await client.execute('PRAGMA journal_mode = WAL')
  await client.execute('PRAGMA synchronous = NORMAL')
  await client.execute('PRAGMA foreign_keys = ON')
  // Deleted rows are overwritten with zeros instead of lingering in free space, where anyone
  // with the file could read a deleted conversation (issue 14, L7). The search index is made to
  // forget deleted text by migration 5 (FTS5 secure-delete). Measured cost: none noticeable.
  await client.execute('PRAGMA secure_delete = ON')
}
