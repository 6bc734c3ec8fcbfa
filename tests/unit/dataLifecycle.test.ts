/**
 * The history's life on disk (issue 14): a database that cannot be used now (locked, read-only, no
 * permission, disk full, I/O error) is left alone and reported; a damaged one is kept aside byte
 * for byte; deleted text leaves the file; files are private; a backup precedes every migration
 * and can be restored at the next start.
 *
 * Real SQLite files throughout, no mocks. What the current user cannot be denied runs in a child
 * process: as `nobody` when the tests run as root (root ignores file modes), and in a private
 * mount namespace (`unshare`) on a small tmpfs for a full disk and a read-only file system. A case
 * the machine cannot set up is skipped with the reason.
 */
import { createClient, type Client } from '@libsql/client'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src/shared/errors'
import { cancelRestore, KEPT_BACKUPS, listBackups, pendingRestore, scheduleRestore } from '../../src/main/store/backups'
import {
  classifyDatabaseError,
  DATABASE_FILE_NAME,
  DatabaseUnavailableError,
  openDatabase,
  type DatabaseUnavailableReason,
  type OpenedDatabase
} from '../../src/main/store/database'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, readSchemaVersion } from '../../src/main/store/migrations'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import { damageReported, runIntegrityCheck, writeIntegrityRecord } from '../../src/main/store/integrityCheck'
import { createJsonFilePreferences } from '../../src/main/store/jsonFilePreferences'
import { createElectronStorePreferences, type StoreConstructor } from '../../src/main/app/electronStorePreferences'
import { databaseUnavailableDialog } from '../../src/main/app/databaseUnavailableDialog'

const REPO = path.resolve(__dirname, '../..')
const requireHere = createRequire(import.meta.url)
/** The integrity worker's source, through tsx (as the harness runs it before a build). */
const INTEGRITY_WORKER = { path: path.join(path.dirname(new URL(import.meta.url).pathname), '../../src/main/store/integrityWorker.ts'), execArgv: ['--require', 'tsx/cjs'] }
const LIBSQL_CLIENT = requireHere.resolve('@libsql/client')
const LIBSQL = requireHere.resolve('libsql')
const DATABASE_MODULE = path.join(REPO, 'src/main/store/database.ts')
const posix = process.platform !== 'win32'
const isRoot = process.getuid?.() === 0
const NOBODY = 65534
/** A child that hangs must not hang the run (spawnSync blocks vitest's own timeout). */
const CHILD_TIMEOUT_MS = 45_000

let root: string
let dataDir: string
let clock: number
const clients: Client[] = []

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'omnidesk-lifecycle-'))
  chmodSync(root, 0o755) // a child running as nobody reaches its runner and data folder through it
  dataDir = path.join(root, 'data')
  clock = Date.UTC(2025, 0, 2, 3, 4, 5, 678)
})

afterEach(() => {
  for (const client of clients.splice(0)) client.close()
  // Modes the tests took away would stop the clean-up of a non-root run.
  spawnSync('chmod', ['-R', 'u+rwX', root])
  rmSync(root, { recursive: true, force: true })
})

const dbFile = (dir = dataDir): string => path.join(dir, DATABASE_FILE_NAME)
/** The sha256 sums `sha256sum` printed, in order. */
const sums = (stdout: string): string[] => stdout.split('\n').filter((line) => /^[0-9a-f]{64}\s/.test(line)).map((line) => line.slice(0, 64))
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')
const modeOf = (file: string): number => statSync(file).mode & 0o777

async function open(opts: { busyWaitMs?: number; dir?: string } = {}): Promise<OpenedDatabase> {
  const opened = await openDatabase({ dataDir: opts.dir ?? dataDir, now: () => clock, busyWaitMs: opts.busyWaitMs ?? 1000 })
  clients.push(opened.client)
  return opened
}

/** Closes like the store does: everything checkpointed into the main file first. */
async function closeClient(client: Client): Promise<void> {
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  client.close()
  clients.splice(clients.indexOf(client), 1)
}

/**
 * A real database at schema `version` holding one conversation per title, written by a child
 * process: a connection of this process would be let go at garbage collection, and SQLite's last
 * connection checkpoints and deletes the -wal then, under a test that planted one. `keepWal`
 * leaves the last conversation in the -wal (the child exits without checkpointing).
 */
function makeDatabase(file: string, opts: { version: number; titles?: string[]; keepWal?: boolean }): void {
  mkdirSync(path.dirname(file), { recursive: true })
  const schema = MIGRATIONS.slice(0, opts.version).flatMap((m) => m.statements)
  const titles = opts.titles ?? ['kept']
  const script = `
    const { createClient } = require(${JSON.stringify(LIBSQL_CLIENT)})
    const { file, schema, version, titles, keepWal } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'))
    ;(async () => {
      const c = createClient({ url: 'file:' + file })
      await c.execute('PRAGMA journal_mode = WAL')
      await c.batch([...schema, 'PRAGMA user_version = ' + version], 'write')
      const insert = (t, i) => ({ sql: "INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES (?, ?, 0, 1, 1)", args: ['c' + i, t] })
      await c.batch(titles.slice(0, keepWal ? -1 : undefined).map(insert), 'write')
      await c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
      if (keepWal) await c.execute(insert(titles[titles.length - 1], titles.length - 1))
      process.exit(0)
    })().catch((e) => { console.error(e); process.exit(1) })`
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: REPO,
    input: JSON.stringify({ file, schema, version: opts.version, titles, keepWal: opts.keepWal ?? false }),
    timeout: CHILD_TIMEOUT_MS,
    encoding: 'utf8'
  })
  expect(result.status, result.stderr).toBe(0)
}

/** Titles of the conversations in a database file, read from a copy (the original stays untouched). */
async function titlesIn(file: string): Promise<string[]> {
  const copyDir = mkdtempSync(path.join(root, 'read-'))
  const copy = path.join(copyDir, 'copy.db')
  writeFileSync(copy, readFileSync(file))
  if (existsSync(`${file}-wal`)) writeFileSync(`${copy}-wal`, readFileSync(`${file}-wal`))
  const client = createClient({ url: `file:${copy}` })
  clients.push(client)
  const rows = await client.execute('SELECT title FROM conversations ORDER BY seq')
  return rows.rows.map((row) => String(row.title))
}

function listing(dir: string): string[] {
  return readdirSync(dir).sort()
}

/** A process holding the database the way another program would, until told to let go. */
async function holdDatabase(file: string, how: 'exclusive' | 'write-transaction'): Promise<{ release: () => Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(LIBSQL)})
    const db = new Database(process.argv[1])
    if (process.argv[2] === 'exclusive') {
      // What a database browser or backup tool does to keep everyone else out, readers included.
      db.exec('PRAGMA locking_mode = EXCLUSIVE')
      db.exec('BEGIN EXCLUSIVE')
      db.exec('COMMIT')
    } else {
      db.exec('BEGIN IMMEDIATE')
      db.exec("INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('held', 'held', 0, 1, 1)")
    }
    process.stdout.write('held\\n')
    process.stdin.once('data', () => { try { db.exec('ROLLBACK') } catch {} db.close(); process.exit(0) })`
  const child = spawn(process.execPath, ['-e', script, file, how], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    release: async () => {
      child.stdin.write('go\n')
      await exited
    }
  }
}

interface ChildOutcome {
  ok: boolean
  name?: string
  reason?: DatabaseUnavailableReason
  cause?: string
  notices?: unknown[]
}

/** A script that opens the database in `argv[2]` with openDatabase and prints what happened. */
function writeRunner(): string {
  const runner = path.join(root, 'runner.mts')
  writeFileSync(
    runner,
    `import { openDatabase } from ${JSON.stringify(DATABASE_MODULE)}
    try {
      const opened = await openDatabase({ dataDir: process.argv[2], now: () => ${clock}, busyWaitMs: 300 })
      console.log(JSON.stringify({ ok: true, notices: opened.notices }))
    } catch (error) {
      const cause = error.cause
      console.log(JSON.stringify({ ok: false, name: error.name, reason: error.reason, cause: cause ? (cause.code || '') + ' ' + cause.message : String(error) }))
    }
    process.exit(0)`,
    { mode: 0o644 }
  )
  return runner
}

function parseOutcome(stdout: string): ChildOutcome {
  const line = stdout.split('\n').find((l) => l.startsWith('{"ok"'))
  if (line === undefined) throw new Error(`no outcome in: ${stdout}`)
  return JSON.parse(line) as ChildOutcome
}

/**
 * openDatabase in a child process as a user file modes apply to: this user, or nobody when the
 * tests run as root. A string (why) when the child could not run it.
 */
function openAsUnprivileged(): ChildOutcome | string {
  const runner = writeRunner()
  const uid = isRoot ? { uid: NOBODY, gid: NOBODY } : {}
  const result = spawnSync(process.execPath, ['--import', 'tsx', runner, dataDir], { cwd: REPO, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, ...uid })
  if (result.status !== 0 || !result.stdout.includes('{"ok"')) return `the child could not run openDatabase: ${result.stderr.slice(0, 300)}`
  return parseOutcome(result.stdout)
}

/** The data folder given to the user the child runs as. */
function giveToChildUser(...paths: string[]): void {
  if (!isRoot) return
  for (const p of paths) chownSync(p, NOBODY, NOBODY)
}

function canRunAsNobody(): string | undefined {
  if (!posix) return 'file modes do not deny access on Windows'
  if (!isRoot) return undefined
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(LIBSQL_CLIENT)})`], { uid: NOBODY, gid: NOBODY, cwd: REPO })
  return probe.status === 0 ? undefined : 'running as root and the user nobody cannot read the repository'
}

/**
 * Runs `setup` (shell) then openDatabase, then `after` (shell), in a private mount namespace whose
 * `mnt` is a fresh tmpfs of `sizeKb`: a real full disk or read-only file system that nobody else
 * on the machine sees. A string (why) when namespaces or tmpfs mounts are not allowed here.
 */
function openInTmpfs(sizeKb: number, setup: string, after: string): { outcome: ChildOutcome; stdout: string } | string {
  if (process.platform !== 'linux') return 'needs Linux mount namespaces'
  const mnt = path.join(root, 'mnt')
  mkdirSync(mnt)
  const probe = spawnSync('unshare', ['-Urm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${mnt}`], { encoding: 'utf8' })
  if (probe.status !== 0) return `no private tmpfs mount here (unshare -Urm: ${(probe.stderr || String(probe.error)).trim()})`
  const runner = writeRunner()
  const script = [
    'set -e',
    `mount -t tmpfs -o size=${sizeKb}k tmpfs "$MNT"`,
    setup,
    `"$NODE" --import tsx "$RUNNER" "$MNT/data"`,
    after
  ].join('\n')
  const result = spawnSync('unshare', ['-Urm', 'sh', '-c', script], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    env: { ...process.env, MNT: mnt, NODE: process.execPath, RUNNER: runner, SRC: dataDir }
  })
  if (result.status !== 0) throw new Error(`tmpfs run failed: ${result.stderr}`)
  return { outcome: parseOutcome(result.stdout), stdout: result.stdout }
}

// Child processes (tsx start-up) are slow on a busy machine.
describe('a database that cannot be used now is left alone', { timeout: 60_000 }, () => {
  it('waits for another program holding an exclusive lock, then reports busy without moving anything', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: ['mine'] })
    const holder = await holdDatabase(dbFile(), 'exclusive')
    try {
      const before = { files: listing(dataDir), bytes: sha(dbFile()) }
      const started = Date.now()
      const failure = await open({ busyWaitMs: 800 }).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(DatabaseUnavailableError)
      expect((failure as DatabaseUnavailableError).reason).toBe('busy')
      expect((failure as DatabaseUnavailableError).file).toBe(dbFile())
      expect(Date.now() - started).toBeGreaterThanOrEqual(500)
      expect(listing(dataDir)).toEqual(before.files)
      expect(sha(dbFile())).toBe(before.bytes)
    } finally {
      await holder.release()
    }
    const { client, notices } = await open()
    expect(notices).toEqual([])
    expect((await client.execute('SELECT title FROM conversations')).rows.map((r) => r.title)).toEqual(['mine'])
  })

  it('opens once the lock is released within the wait', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: ['mine'] })
    const holder = await holdDatabase(dbFile(), 'exclusive')
    const released = new Promise<void>((resolve) => setTimeout(() => void holder.release().then(resolve), 600))
    const { client, notices } = await open({ busyWaitMs: 10_000 })
    await released
    expect(notices).toEqual([])
    expect((await client.execute('SELECT title FROM conversations')).rows.map((r) => r.title)).toEqual(['mine'])
  })

  it('reports busy when another program keeps a write transaction open (it could read, it could never save)', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: ['mine'] })
    const holder = await holdDatabase(dbFile(), 'write-transaction')
    try {
      const bytes = sha(dbFile())
      const failure = await open({ busyWaitMs: 600 }).catch((error: unknown) => error)
      expect(failure).toMatchObject({ name: 'DatabaseUnavailableError', reason: 'busy' })
      expect(listing(dataDir).filter((name) => name.includes('corrupt'))).toEqual([])
      expect(sha(dbFile())).toBe(bytes)
    } finally {
      await holder.release()
    }
  })

  it('a read-only database file is reported, not moved', async (ctx) => {
    const cannot = canRunAsNobody()
    if (cannot !== undefined) ctx.skip(cannot)
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION })
    rmSync(`${dbFile()}-wal`, { force: true })
    rmSync(`${dbFile()}-shm`, { force: true })
    giveToChildUser(dataDir, dbFile())
    chmodSync(dbFile(), 0o444)
    const bytes = sha(dbFile())
    const outcome = openAsUnprivileged()
    if (typeof outcome === 'string') return ctx.skip(outcome)
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'read-only' })
    expect(outcome.cause).toContain('SQLITE_READONLY')
    expect(sha(dbFile())).toBe(bytes)
    expect(listing(dataDir).filter((name) => name.startsWith(`${DATABASE_FILE_NAME}.`))).toEqual([])
  })

  it('a database in a read-only folder is reported, not moved', async (ctx) => {
    const cannot = canRunAsNobody()
    if (cannot !== undefined) ctx.skip(cannot)
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION })
    rmSync(`${dbFile()}-wal`, { force: true })
    rmSync(`${dbFile()}-shm`, { force: true })
    giveToChildUser(dataDir, dbFile())
    chmodSync(dataDir, 0o555)
    const before = { files: listing(dataDir), bytes: sha(dbFile()) }
    const outcome = openAsUnprivileged()
    if (typeof outcome === 'string') return ctx.skip(outcome)
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'read-only' })
    expect(listing(dataDir)).toEqual(before.files)
    expect(sha(dbFile())).toBe(before.bytes)
  })

  it('a database the user may not open (mode 000: EACCES) is reported as a permission problem, not moved', async (ctx) => {
    const cannot = canRunAsNobody()
    if (cannot !== undefined) ctx.skip(cannot)
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION })
    giveToChildUser(dataDir, dbFile(), `${dbFile()}-wal`, `${dbFile()}-shm`)
    chmodSync(dbFile(), 0o000)
    const before = listing(dataDir)
    const outcome = openAsUnprivileged()
    if (typeof outcome === 'string') return ctx.skip(outcome)
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'permission' })
    expect(outcome.cause).toContain('EACCES')
    expect(listing(dataDir)).toEqual(before)
  })

  it('a database owned by another user is reported as a permission problem', async (ctx) => {
    if (!isRoot) return ctx.skip('needs root to make a file another user owns')
    const cannot = canRunAsNobody()
    if (cannot !== undefined) ctx.skip(cannot)
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION })
    rmSync(`${dbFile()}-wal`, { force: true })
    rmSync(`${dbFile()}-shm`, { force: true })
    chmodSync(dbFile(), 0o600) // root's, 0600: nobody can neither read nor change it
    giveToChildUser(dataDir)
    const bytes = sha(dbFile())
    const outcome = openAsUnprivileged()
    if (typeof outcome === 'string') return ctx.skip(outcome)
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'permission' })
    expect(sha(dbFile())).toBe(bytes)
  })

  it('a read-only file system (EROFS, a real remounted tmpfs) is reported, not moved', async (ctx) => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: ['mine'] })
    const run = openInTmpfs(
      2048,
      ['mkdir "$MNT/data"', 'cp "$SRC/omnidesk.db" "$MNT/data/"', 'sha256sum "$MNT/data/omnidesk.db"', 'mount -o bind,remount,ro "$MNT"' /* the mount read-only: what a user namespace may do */].join('\n'),
      'sha256sum "$MNT/data/omnidesk.db"; ls "$MNT/data"'
    )
    if (typeof run === 'string') return ctx.skip(run)
    expect(run.outcome).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'read-only' })
    expect(sums(run.stdout)).toEqual([sha(dbFile()), sha(dbFile())])
  })

  it('a full disk (ENOSPC on a real, filled tmpfs) stops before the migration: reported, nothing changed, no partial backup', async (ctx) => {
    // An old schema, so this open has to write: the backup first, then the migration.
    makeDatabase(dbFile(), { version: 1, titles: Array.from({ length: 400 }, (_, i) => `conversation ${i} `.repeat(20)) })
    rmSync(`${dbFile()}-wal`, { force: true })
    rmSync(`${dbFile()}-shm`, { force: true })
    const run = openInTmpfs(
      1024,
      [
        'mkdir "$MNT/data"',
        'cp "$SRC/omnidesk.db" "$MNT/data/"',
        'sha256sum "$MNT/data/omnidesk.db"',
        // Leave 48 KiB: room for SQLite's -shm (32 KiB), not for a copy of the history.
        'avail=$(df --output=avail -B1 "$MNT" | tail -1)',
        'head -c $((avail - 49152)) /dev/zero > "$MNT/fill" || true'
      ].join('\n'),
      'sha256sum "$MNT/data/omnidesk.db"; ls "$MNT/data" "$MNT/data/backups" 2>/dev/null || true'
    )
    if (typeof run === 'string') return ctx.skip(run)
    expect(run.outcome, run.stdout).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'disk-full' })
    expect(run.outcome.cause).toContain('SQLITE_FULL')
    expect(sums(run.stdout)).toEqual([sha(dbFile()), sha(dbFile())])
    expect(run.stdout).not.toMatch(/omnidesk-v1-.*\.db/)
  })

  it('an I/O error (the kernel refusing a write: EFBIG under a file size limit) is reported as io, not moved', async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('uses ulimit -f and Linux /proc')
    makeDatabase(dbFile(), { version: 1, titles: Array.from({ length: 400 }, (_, i) => `conversation ${i} `.repeat(20)) })
    const bytes = sha(dbFile())
    const runner = writeRunner()
    // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG, which SQLite reports as
    // SQLITE_IOERR_WRITE: the backup (as big as the history) cannot be written.
    const limitKb = Math.floor(statSync(dbFile()).size / 1024 / 2)
    const result = spawnSync('sh', ['-c', `ulimit -f ${limitKb}; exec "$0" --import tsx "$1" "$2"`, process.execPath, runner, dataDir], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS
    })
    const outcome = parseOutcome(result.stdout)
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseUnavailableError', reason: 'io' })
    expect(outcome.cause).toContain('SQLITE_IOERR')
    expect(sha(dbFile())).toBe(bytes)
    expect(await listBackups(dataDir)).toEqual([])
  })
})

describe('classifying failures', () => {
  it('reads the errors libsql really throws', async () => {
    // SQLITE_FULL, really produced by SQLite (a page limit, not a full disk: see the tmpfs test).
    const client = createClient({ url: `file:${path.join(root, 'small.db')}` })
    clients.push(client)
    await client.execute('CREATE TABLE t (x)')
    await client.execute('PRAGMA max_page_count = 3')
    const full = await client.execute(`INSERT INTO t VALUES (zeroblob(100000))`).catch((error: unknown) => error)
    expect(full).toMatchObject({ code: 'SQLITE_FULL', rawCode: 13 })
    expect(classifyDatabaseError(full)).toBe('disk-full')

    // Opening a file in a folder that does not exist: a plain Error, the code only in the message.
    let cantOpen: unknown
    try {
      createClient({ url: `file:${path.join(root, 'no', 'such', 'folder.db')}` })
    } catch (error) {
      cantOpen = error
    }
    expect(String((cantOpen as Error).message)).toMatch(/Unable to open connection to local database .*: 14/)
    expect(classifyDatabaseError(cantOpen)).toBe('io')

    writeFileSync(path.join(root, 'garbage.db'), Buffer.concat([Buffer.from('SQLite format 3\0', 'binary'), Buffer.alloc(8192, 7)]))
    const garbage = createClient({ url: `file:${path.join(root, 'garbage.db')}` })
    clients.push(garbage)
    const notADatabase = await garbage.execute('PRAGMA quick_check').catch((error: unknown) => error)
    expect(notADatabase).toMatchObject({ code: 'SQLITE_NOTADB' })
    expect(classifyDatabaseError(notADatabase)).toBe('damaged')
  })

  it('maps file system errors and leaves anything else alone', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code })
    expect(classifyDatabaseError(errno('EACCES'))).toBe('permission')
    expect(classifyDatabaseError(errno('EPERM'))).toBe('permission')
    expect(classifyDatabaseError(errno('EROFS'))).toBe('read-only')
    expect(classifyDatabaseError(errno('ENOSPC'))).toBe('disk-full')
    expect(classifyDatabaseError(errno('EBUSY'))).toBe('busy')
    expect(classifyDatabaseError(errno('EIO'))).toBe('io')
    expect(classifyDatabaseError(new TypeError('a bug'))).toBeUndefined()
    expect(classifyDatabaseError(Object.assign(new Error('x'), { code: 'SQLITE_ERROR', rawCode: 1 }))).toBeUndefined()
    expect(classifyDatabaseError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY', rawCode: 517 }))).toBe('busy') // BUSY_SNAPSHOT
  })

  it('has a message for every reason, in both languages, naming the file and saying nothing was changed', () => {
    const reasons: DatabaseUnavailableReason[] = ['busy', 'read-only', 'permission', 'disk-full', 'io']
    for (const [language, unchanged] of [['en', 'has not been changed'], ['zh-CN', '没有被改动']] as const) {
      const dialogs = reasons.map((reason) => databaseUnavailableDialog(reason, '/home/me/omnidesk.db', language))
      expect(new Set(dialogs.map((d) => d.detail)).size).toBe(reasons.length)
      for (const dialog of dialogs) {
        expect(dialog.detail).toContain('/home/me/omnidesk.db')
        expect(dialog.detail).toContain(unchanged)
        expect(dialog.buttons).toHaveLength(2)
      }
    }
  })
})

describe('a damaged database is kept aside, byte for byte', () => {
  async function expectKeptAside(expected: { main: Buffer; wal?: Buffer }): Promise<void> {
    const { client, notices } = await open()
    expect(notices).toHaveLength(1)
    expect(notices[0].kind).toBe('database-corrupt')
    const kept = notices[0].backupPath!
    expect(readFileSync(kept).equals(expected.main)).toBe(true)
    if (expected.wal !== undefined) expect(readFileSync(`${kept}-wal`).equals(expected.wal)).toBe(true)
    expect((await client.execute('SELECT count(*) AS n FROM conversations')).rows[0].n).toBe(0)
  }

  it('not a database (valid header, garbage after it: SQLITE_NOTADB)', async () => {
    mkdirSync(dataDir)
    const bytes = Buffer.concat([Buffer.from('SQLite format 3\0', 'binary'), Buffer.alloc(8192 - 16, 0x5a)])
    writeFileSync(dbFile(), bytes)
    await expectKeptAside({ main: bytes })
  })

  it('damaged pages in the middle (SQLITE_CORRUPT): found by the background check, kept aside at the next start', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: Array.from({ length: 300 }, (_, i) => `title ${i} `.repeat(30)) })
    // The last leaf page of the conversations table: deep in the file, off the path start-up
    // reads (each table's first row).
    const pages = createClient({ url: `file:${dbFile()}` })
    const leaf = Number((await pages.execute("SELECT max(pageno) AS n FROM dbstat WHERE name = 'conversations' AND pagetype = 'leaf'")).rows[0].n)
    pages.close()
    const bytes = readFileSync(dbFile())
    bytes.fill(0xa5, (leaf - 1) * 4096, leaf * 4096)
    writeFileSync(dbFile(), bytes)
    // Start-up no longer reads every page (issue 17): this start opens the file as it is…
    const first = await open()
    expect(first.notices).toEqual([])
    await closeClient(first.client)
    // …the check in the worker finds the damage and writes it down…
    const check = runIntegrityCheck(dbFile(), INTEGRITY_WORKER)
    const verdict = await check.result
    expect(verdict).toMatchObject({ ok: false })
    await writeIntegrityRecord(dataDir, { checkedAt: clock, ok: false, problems: verdict.problems })
    // …and the next start runs the full check first: kept aside, byte for byte, a fresh history.
    await expectKeptAside({ main: bytes })
    expect(await damageReported(dataDir)).toBe(false)
  })

  it('a truncated file', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: Array.from({ length: 300 }, (_, i) => `title ${i} `.repeat(30)) })
    const bytes = readFileSync(dbFile()).subarray(0, Math.floor(statSync(dbFile()).size / 2) + 100)
    writeFileSync(dbFile(), bytes)
    await expectKeptAside({ main: bytes })
  })

  it('a -wal SQLite would silently drop (damaged header), with its database', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: ['checkpointed', 'only in the wal'], keepWal: true })
    expect(await titlesIn(dbFile())).toEqual(['checkpointed', 'only in the wal'])
    const wal = readFileSync(`${dbFile()}-wal`)
    wal.writeUInt32BE(0xdeadbeef, 16) // a salt: the header checksum no longer matches
    writeFileSync(`${dbFile()}-wal`, wal)
    const main = readFileSync(dbFile())
    await expectKeptAside({ main, wal })
  })

  it('a healthy -wal, and an all-zero one (an interrupted start of a new WAL), are not damage', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION, titles: ['checkpointed', 'only in the wal'], keepWal: true })
    const first = await open()
    expect(first.notices).toEqual([])
    expect((await first.client.execute('SELECT title FROM conversations ORDER BY seq')).rows.map((r) => r.title)).toEqual([
      'checkpointed',
      'only in the wal'
    ])
    await closeClient(first.client)

    const other = path.join(root, 'other')
    makeDatabase(dbFile(other), { version: LATEST_SCHEMA_VERSION, titles: ['kept'] })
    writeFileSync(`${dbFile(other)}-wal`, Buffer.alloc(4096))
    const second = await open({ dir: other })
    expect(second.notices).toEqual([])
    expect((await second.client.execute('SELECT title FROM conversations')).rows.map((r) => r.title)).toEqual(['kept'])
  })
})

describe('deleted text leaves the file', () => {
  it('no trace of a deleted conversation in the database or its -wal (rows, free pages, search index)', async () => {
    const marker = 'qzxjvmarker'
    const { store } = await openConversationStore({ dataDir, now: () => clock })
    const kept = await store.createConversation({ title: 'kept' })
    for (let i = 0; i < 20; i++) {
      await store.addMessage({ conversationId: kept.id, role: 'user', parts: [{ type: 'text', text: `ordinary words ${i}` }], status: 'complete' })
    }
    const secret = await store.createConversation({ title: `secret ${marker}title` })
    for (let i = 0; i < 30; i++) {
      const text = `my password is ${marker}${i} and ${'filler '.repeat(i * 5)}`
      await store.addMessage({ conversationId: secret.id, role: 'user', parts: [{ type: 'text', text }], status: 'complete' })
    }
    const onDisk = (): boolean =>
      ['', '-wal'].some((suffix) => existsSync(dbFile() + suffix) && readFileSync(dbFile() + suffix).includes(marker))
    expect(onDisk(), 'the marker is written before the delete').toBe(true)
    expect(await store.search(`${marker}5`)).toHaveLength(1)

    await store.deleteConversation(secret.id)
    expect(await store.search(`${marker}5`)).toEqual([])
    // Gone from disk as soon as it is deleted, the app still running (the WAL checkpointed).
    expect(onDisk(), 'while the app runs').toBe(false)
    await store.close()
    expect(onDisk()).toBe(false)
  })
})

describe('files are private (POSIX)', () => {
  it.skipIf(!posix)('data folder 0700, database and its -wal/-shm 0600, tightened when an older version left them open', async () => {
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    makeDatabase(dbFile(), { version: 1 })
    chmodSync(dbFile(), 0o644)
    chmodSync(`${dbFile()}-wal`, 0o644)
    const { client, backup } = await open()
    await client.execute("INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('x', 'x', 0, 1, 1)")
    expect(modeOf(dataDir)).toBe(0o700)
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(dbFile() + suffix), suffix).toBe(0o600)
    expect(modeOf(path.join(dataDir, 'backups'))).toBe(0o700)
    expect(modeOf(path.join(dataDir, 'backups', backup!.id))).toBe(0o600)

    const fresh = path.join(root, 'fresh')
    const opened = await open({ dir: fresh })
    await opened.client.execute("INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('x', 'x', 0, 1, 1)")
    expect(modeOf(fresh)).toBe(0o700)
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(dbFile(fresh) + suffix), suffix).toBe(0o600)
  })

  it.skipIf(!posix)('keeps a read-only file read-only (only group and other access are taken away)', async () => {
    makeDatabase(dbFile(), { version: LATEST_SCHEMA_VERSION })
    chmodSync(dbFile(), 0o444)
    const { client } = await open().catch(() => ({ client: undefined }))
    client?.close()
    expect(modeOf(dbFile()) & 0o077).toBe(0)
    expect(modeOf(dbFile()) & 0o200).toBe(0)
  })

  it.skipIf(!posix)('never takes a shared (sticky) folder from its other users', async () => {
    const shared = path.join(root, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o1777)
    await open({ dir: shared })
    expect(statSync(shared).mode & 0o7777).toBe(0o1777)
    expect(modeOf(dbFile(shared))).toBe(0o600)
  })

  it.skipIf(!posix)('the harness preferences file 0600 in a 0700 folder, tightened on load', () => {
    const folder = path.join(root, 'prefs')
    mkdirSync(folder, { mode: 0o755 })
    chmodSync(folder, 0o755)
    const file = path.join(folder, 'preferences.json')
    writeFileSync(file, '{"a":1}', { mode: 0o644 })
    chmodSync(file, 0o644)
    const prefs = createJsonFilePreferences(file)
    expect(modeOf(folder)).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    prefs.set('b', 2)
    expect(modeOf(file)).toBe(0o600)
    expect(prefs.get('a')).toBe(1)
  })

  it.skipIf(!posix)('electron-store\'s engine (the real conf 16) writes preferences 0600 and tightens an old 0644 file', async () => {
    // electron-store itself imports electron (which would download Electron here); it only renames
    // `name` to conf's `configName` and passes every other option on, so conf is what writes.
    const { default: Conf } = await import('conf')
    const loadStore = async (): Promise<StoreConstructor> =>
      class extends Conf {
        constructor(options: ConstructorParameters<StoreConstructor>[0]) {
          const { name, ...rest } = options
          super({ ...rest, configName: name })
        }
      } as unknown as StoreConstructor
    const folder = path.join(root, 'userData')
    mkdirSync(folder, { mode: 0o755 })
    chmodSync(folder, 0o755)
    const file = path.join(folder, 'preferences.json')
    writeFileSync(file, '{"settings":{"theme":"dark"}}')
    chmodSync(file, 0o644)
    const prefs = await createElectronStorePreferences({ dataDir: folder, loadStore })
    expect(modeOf(folder)).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    expect(prefs.get('settings')).toEqual({ theme: 'dark' })
    prefs.set('secrets', { p1: { scheme: 'plaintext', data: 'sk-x' } })
    expect(modeOf(file)).toBe(0o600)

    rmSync(file)
    const again = await createElectronStorePreferences({ dataDir: folder, loadStore })
    again.set('k', 1)
    expect(modeOf(file)).toBe(0o600)
  })
})

describe('backups before a migration', () => {
  it('snapshots an older database (WAL content included) before migrating it', async () => {
    makeDatabase(dbFile(), { version: 1, titles: ['in the file', 'in the wal'], keepWal: true })
    const { client, backup } = await open()
    expect(await readSchemaVersion(client)).toBe(LATEST_SCHEMA_VERSION)
    expect(backup).toMatchObject({ id: 'omnidesk-v1-2025-01-02T03-04-05-678Z.db', schemaVersion: 1, createdAt: clock })
    const listed = await listBackups(dataDir)
    expect(listed).toEqual([backup])
    const file = path.join(dataDir, 'backups', listed[0].id)
    expect(listed[0].bytes).toBe(statSync(file).size)
    expect(readFileSync(file).readUInt32BE(60), 'user_version of the snapshot').toBe(1)
    expect(existsSync(`${file}-wal`)).toBe(false)
    expect(await titlesIn(file)).toEqual(['in the file', 'in the wal'])
  })

  it('takes none for a new database or one already at the latest version', async () => {
    const first = await open()
    expect(first.backup).toBeUndefined()
    await closeClient(first.client)
    const second = await open()
    expect(second.backup).toBeUndefined()
    expect(await listBackups(dataDir)).toEqual([])
  })

  it(`keeps only the newest ${KEPT_BACKUPS}`, async () => {
    const taken: string[] = []
    for (let run = 0; run < 5; run++) {
      // Each run starts from an older database again, as five upgrades in a row would.
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile() + suffix, { force: true })
      makeDatabase(dbFile(), { version: 1 + (run % (LATEST_SCHEMA_VERSION - 1)), titles: [`run ${run}`] })
      clock += 60_000
      const { client, backup } = await open()
      await closeClient(client)
      taken.push(backup!.id)
    }
    const listed = await listBackups(dataDir)
    expect(listed.map((b) => b.id)).toEqual(taken.slice(-KEPT_BACKUPS).reverse())
    expect(listing(path.join(dataDir, 'backups'))).toEqual([...taken.slice(-KEPT_BACKUPS)].sort())
  })
})

describe('restoring a backup at the next start', () => {
  async function upgradedWithBackup(): Promise<string> {
    makeDatabase(dbFile(), { version: 1, titles: ['before the upgrade'] })
    const { client, backup } = await open()
    await client.execute("INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('n', 'after the upgrade', 0, 1, 1)")
    await closeClient(client)
    return backup!.id
  }

  it('replaces the history with the backup, keeps the current one aside, and migrates the backup', async () => {
    const backupId = await upgradedWithBackup()
    await scheduleRestore(dataDir, backupId)
    expect(await pendingRestore(dataDir)).toEqual({ backupId })
    const current = readFileSync(dbFile())

    clock += 1000
    const opened = await open()
    expect(opened.restored).toEqual({ backupId, previousPath: path.join(dataDir, 'omnidesk.db.before-restore-2025-01-02T03-04-06-678Z') })
    expect(readFileSync(opened.restored!.previousPath!).equals(current)).toBe(true)
    expect(await titlesIn(opened.restored!.previousPath!)).toEqual(['before the upgrade', 'after the upgrade'])
    expect((await opened.client.execute('SELECT title FROM conversations')).rows.map((r) => r.title)).toEqual(['before the upgrade'])
    expect(await readSchemaVersion(opened.client)).toBe(LATEST_SCHEMA_VERSION)
    expect(opened.backup?.schemaVersion).toBe(1) // the restored, older history was backed up before its migration
    expect(await pendingRestore(dataDir)).toBeUndefined()
    expect((await listBackups(dataDir)).map((b) => b.id)).toContain(backupId)

    await closeClient(opened.client)
    const next = await open()
    expect(next.restored).toBeUndefined()
  })

  it('does nothing once cancelled, and reports a backup that is gone', async () => {
    const backupId = await upgradedWithBackup()
    await scheduleRestore(dataDir, backupId)
    await cancelRestore(dataDir)
    expect(await pendingRestore(dataDir)).toBeUndefined()
    const bytes = sha(dbFile())
    const first = await open()
    expect(first.restored).toBeUndefined()
    await closeClient(first.client)
    expect(sha(dbFile())).toBe(bytes)

    await scheduleRestore(dataDir, backupId)
    rmSync(path.join(dataDir, 'backups', backupId))
    const second = await open()
    expect(second.restored).toBeUndefined()
    expect(second.restoreFailed).toEqual({ backupId, reason: 'missing' })
    expect((await second.client.execute('SELECT count(*) AS n FROM conversations')).rows[0].n).toBe(2)
    expect(await pendingRestore(dataDir)).toBeUndefined()
  })

  it('refuses ids that are not listed backups: paths, traversal, links out of the folder, a forged marker', async () => {
    const backupId = await upgradedWithBackup()
    const refused = async (id: string) => (await scheduleRestore(dataDir, id).catch((error: unknown) => error)) as AppError
    for (const id of ['../omnidesk.db', '/etc/passwd', `${backupId}/../../omnidesk.db`, `..\\${backupId}`, 'omnidesk.db', '']) {
      const error = await refused(id)
      expect(error, id).toBeInstanceOf(AppError)
      expect(error.info.code).toBe('bad_request')
    }
    expect((await refused('omnidesk-v1-2030-01-01T00-00-00-000Z.db')).info.code).toBe('not_found')

    const link = 'omnidesk-v1-2020-01-01T00-00-00-000Z.db'
    symlinkSync(dbFile(), path.join(dataDir, 'backups', link))
    expect((await listBackups(dataDir)).map((b) => b.id)).toEqual([backupId])
    expect((await refused(link)).info.code).toBe('not_found')
    expect(await pendingRestore(dataDir)).toBeUndefined()

    writeFileSync(path.join(dataDir, 'backups', 'restore-pending.json'), JSON.stringify({ backupId: '../../etc/passwd' }))
    expect(await pendingRestore(dataDir)).toBeUndefined()
    const bytes = sha(dbFile())
    const opened = await open()
    expect(opened.restored).toBeUndefined()
    expect(opened.restoreFailed).toBeUndefined()
    await closeClient(opened.client)
    expect(sha(dbFile())).toBe(bytes)
  })
})
