/**
 * Opens the conversation database: checks the file, keeps an unreadable one aside (never
 * overwriting or deleting it), sets the connection up and migrates the schema.
 */
import { createClient, type Client } from '@libsql/client'
import { access, mkdir, open, rename } from 'node:fs/promises'
import path from 'node:path'
import type { StartupNotice } from '../../shared/ipc/contract'
import { LATEST_SCHEMA_VERSION, migrate, readSchemaVersion } from './migrations'

export const DATABASE_FILE_NAME = 'omnidesk.db'

/** Every SQLite database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'binary')
/** Files SQLite keeps next to a database; they belong to it and move with it. */
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const

export interface OpenedDatabase {
  client: Client
  notices: StartupNotice[]
}

/**
 * An unusable file comes with the connection that inspected it, still open: see openDatabase for
 * why it is closed only once the file has been moved aside.
 */
type Inspection = { kind: 'usable'; client: Client } | { kind: 'corrupt' | 'newer'; client?: Client }

export async function openDatabase(opts: { dataDir: string; now: () => number }): Promise<OpenedDatabase> {
  await mkdir(opts.dataDir, { recursive: true })
  const file = path.join(opts.dataDir, DATABASE_FILE_NAME)
  const notices: StartupNotice[] = []

  const inspection = await inspectDatabaseFile(file)
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
    client = connect(file)
  }

  try {
    await configureConnection(client)
    await migrate(client)
  } catch (error) {
    client.close()
    throw error
  }
  return { client, notices }
}

/**
 * Reads without writing: the header, a quick_check, the schema version. Nothing may change the
 * file before we know we can use it (even switching to WAL rewrites its header). The caller
 * closes the connection of an unusable file after moving the file aside.
 */
async function inspectDatabaseFile(file: string): Promise<Inspection> {
  const header = await readHeader(file)
  // A missing or empty file is a new database: SQLite initialises it on first write.
  if (header !== undefined && header.length > 0 && !header.equals(SQLITE_HEADER)) return { kind: 'corrupt' }

  let client: Client | undefined
  try {
    client = connect(file)
    const check = await client.execute('PRAGMA quick_check')
    const healthy = check.rows.length === 1 && check.rows[0][0] === 'ok'
    if (!healthy) return { kind: 'corrupt', client }
    if ((await readSchemaVersion(client)) > LATEST_SCHEMA_VERSION) return { kind: 'newer', client }
    return { kind: 'usable', client }
  } catch {
    // "file is not a database", "database disk image is malformed"...: unreadable either way.
    return { kind: 'corrupt', client }
  }
}

async function readHeader(file: string): Promise<Buffer | undefined> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const buffer = Buffer.alloc(SQLITE_HEADER.length)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * Renames the database and its companions to `<file>.<reason>-<timestamp>` and returns that
 * path. The companions go first: a -wal left behind next to a new, empty database would be
 * replayed into it by SQLite, bringing the unreadable content back.
 */
async function moveAside(file: string, reason: 'corrupt' | 'newer', timestamp: number): Promise<string> {
  const stamp = new Date(timestamp).toISOString().replace(/[:.]/g, '-')
  let backupPath = `${file}.${reason}-${stamp}`
  for (let attempt = 1; (await exists(backupPath)) || (await anyCompanionExists(backupPath)); attempt++) {
    backupPath = `${file}.${reason}-${stamp}-${attempt}`
  }
  for (const suffix of COMPANION_SUFFIXES) {
    // Gone since the check: another process's last connection checkpointed and deleted it.
    if (await exists(file + suffix)) await rename(file + suffix, backupPath + suffix).catch(ignoreMissing)
  }
  await rename(file, backupPath)
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
 * only connection and make concurrent calls fail instead of wait.
 */
function connect(file: string): Client {
  return createClient({ url: toFileUrl(file), concurrency: 1 })
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
  await client.execute('PRAGMA busy_timeout = 5000')
}
