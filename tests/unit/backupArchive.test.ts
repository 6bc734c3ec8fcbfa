/**
 * Backups as one file (issue 17): "Back up now" writes the database and attachments as one zip
 * while the store is open and written to; "Restore from file" checks such a file and stages it,
 * and the next open applies it (the current history and attachments kept aside). Every refusal
 * (not a zip, not ours, cut short, newer, a damaged database inside, no room) schedules nothing
 * and leaves nothing behind; a disk that fills while writing leaves no partial file.
 *
 * Real store, real SQLite files, real zips; only the dialogs and (for a full disk) the output
 * stream are fakes.
 */
import type { Client } from '@libsql/client'
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import yazl from 'yazl'
import { createAttachmentStore, type AttachmentStore } from '../../src/main/attachments/attachmentStore'
import { backupRefusal, refusalReason, type BackupRefusalReason, type CreateOutput } from '../../src/main/store/backupArchive'
import { createHistoryHandlers } from '../../src/main/store/backupHandlers'
import { backupsDir, pendingRestore } from '../../src/main/store/backups'
import { LATEST_SCHEMA_VERSION } from '../../src/main/store/migrations'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore, FileDialogPort } from '../../src/main/store/types'
import { backupRefusalOf } from '../../src/renderer/src/logic/backupRefusal'
import en from '../../src/renderer/src/i18n/en'
import zhCN from '../../src/renderer/src/i18n/zh-CN'

/** The restore check's quick_check runs in the integrity worker (its source, through tsx). */
const INTEGRITY_WORKER = { path: path.join(path.dirname(new URL(import.meta.url).pathname), '../../src/main/store/integrityWorker.ts'), execArgv: ['--require', 'tsx/cjs'] }
import { makePng } from '../support/images'

let root: string
let dataDir: string
let opened: Array<{ store: ConversationStore; database: Client }> = []

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'omnidesk-backup-file-'))
  dataDir = path.join(root, 'data')
})

afterEach(async () => {
  for (const { store } of opened.splice(0)) await store.close().catch(() => undefined)
  rmSync(root, { recursive: true, force: true })
})

async function openStore(): Promise<{ store: ConversationStore; database: Client; notices: unknown[] }> {
  const result = await openConversationStore({ dataDir })
  opened.push(result)
  return result
}

/** Dialogs answered from queues, like the harness's: null cancels. */
function scriptedDialogs(): FileDialogPort & { saves: Array<string | null>; opens: Array<string | null>; asked: string[] } {
  const saves: Array<string | null> = []
  const opens: Array<string | null> = []
  const asked: string[] = []
  return {
    saves,
    opens,
    asked,
    chooseSavePath: async ({ defaultName }) => {
      asked.push(`save:${defaultName}`)
      return saves.shift() ?? null
    },
    chooseOpenPath: async () => {
      asked.push('open')
      return opens.shift() ?? null
    }
  }
}

function handlersFor(
  database: Client,
  attachments: AttachmentStore | undefined,
  dialogs: FileDialogPort,
  extra: { createOutput?: CreateOutput; freeSpace?: (dir: string) => Promise<number | undefined> } = {}
): ReturnType<typeof createHistoryHandlers> {
  return createHistoryHandlers({ dataDir, database, attachments, fileDialogs: dialogs, appVersion: '1.2.3', now: () => Date.UTC(2026, 11, 7, 10), integrityWorker: INTEGRITY_WORKER, ...extra })
}

async function refusal(promise: unknown): Promise<BackupRefusalReason | 'no refusal'> {
  try {
    await promise
  } catch (error) {
    const reason = refusalReason(error)
    if (reason === undefined) throw error
    return reason
  }
  return 'no refusal'
}

/** What a staged or failed restore may leave in the backups folder: nothing but automatic backups. */
function backupsFolderLeftovers(): string[] {
  return existsSync(backupsDir(dataDir)) ? readdirSync(backupsDir(dataDir)).filter((name) => !/^omnidesk-v\d+-.*\.db$/.test(name)) : []
}

async function zipOf(files: Record<string, Buffer | string>, target: string): Promise<string> {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name)
  zip.end()
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(target)
    out.on('close', () => resolve())
    out.on('error', reject)
    zip.outputStream.pipe(out)
  })
  return target
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

function manifestFor(files: Record<string, Buffer>, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'omnidesk-backup',
    version: 1,
    schemaVersion: LATEST_SCHEMA_VERSION,
    createdAt: Date.UTC(2026, 0, 1),
    appVersion: '1.0.0',
    files: Object.entries(files).map(([name, data]) => ({ path: name, bytes: data.length, sha256: sha256(data) })),
    ...overrides
  })
}

describe('Back up now, then Restore from file', () => {
  it('a backup made while the store is being written restores exactly what was there at that moment, attachments included', async () => {
    const { store, database } = await openStore()
    const attachments = createAttachmentStore({ dataDir })
    const png = makePng(8, 6, (x, y) => [x * 30, y * 40, 200])
    const image = await attachments.add({ original: { data: png, width: 8, height: 6 }, encoded: [{ data: png, width: 8, height: 6 }], name: 'chart.png' })
    const first = await store.createConversation({ title: 'Before the backup' })
    await store.addMessage({
      conversationId: first.id,
      role: 'user',
      status: 'complete',
      parts: [
        { type: 'text', text: 'look at this' },
        { type: 'image', attachmentId: image.id, mime: 'image/png', width: 8, height: 6 }
      ]
    })

    const dialogs = scriptedDialogs()
    const handlers = handlersFor(database, attachments, dialogs)
    const target = path.join(root, 'Omnidesk backup.zip')
    dialogs.saves.push(target)

    // Messages keep arriving while the backup runs: the snapshot holds a prefix of them, no gaps.
    const streaming = await store.createConversation({ title: 'Streaming' })
    let writing = true
    const writer = (async () => {
      let written = 0
      while (writing || written < 5) {
        await store.addMessage({ conversationId: streaming.id, role: 'user', status: 'complete', parts: [{ type: 'text', text: `line ${written++}` }] })
        // SQLite answers synchronously: without a turn of the event loop this loop would starve it.
        await new Promise((resolve) => setImmediate(resolve))
      }
      return written
    })()
    const written = await handlers.backupNow()
    writing = false
    const total = await writer
    expect(written).toEqual({ path: target, bytes: statSync(target).size })
    expect(dialogs.asked).toEqual(['save:Omnidesk backup 2026-12-07.zip'])
    expect(readdirSync(root).sort()).toEqual(['Omnidesk backup.zip', 'data']) // no partial file beside it
    expect(backupsFolderLeftovers()).toEqual([]) // the work folder went

    // After the backup: a conversation that the restore must take away, and the image gone from disk.
    await store.createConversation({ title: 'After the backup' })
    rmSync(path.join(attachments.dir, 'blobs', image.original.sha256))
    rmSync(path.join(attachments.dir, `${image.id}.json`))

    dialogs.opens.push(target)
    const scheduled = await handlers.restoreFromFile()
    expect(scheduled?.pendingRestore).toMatch(/^restore-2026-12-07T10-00-00-000Z$/)
    expect(await pendingRestore(dataDir)).toEqual({ backupId: scheduled?.pendingRestore })

    await store.close()
    const reopened = await openStore()
    expect(reopened.notices).toEqual([expect.objectContaining({ kind: 'database-restored', backupCreatedAt: Date.UTC(2026, 11, 7, 10) })])
    const titles = (await reopened.store.listConversations()).map((c) => c.title).sort()
    expect(titles).toEqual(['Before the backup', 'Streaming'])
    const restoredLines = (await reopened.store.listMessages(streaming.id)).map((m) => (m.parts[0] as { text: string }).text)
    // Some lines were written after the snapshot (the zip takes many turns of the event loop).
    expect(restoredLines.length).toBeLessThan(total)
    expect(restoredLines).toEqual(Array.from({ length: restoredLines.length }, (_, i) => `line ${i}`))
    const [message] = await reopened.store.listMessages(first.id)
    expect(message.parts[1]).toMatchObject({ type: 'image', attachmentId: image.id })
    const restoredImage = await createAttachmentStore({ dataDir }).readOriginal(image.id)
    expect(restoredImage?.data.equals(png)).toBe(true)

    // The history and attachments it replaced are kept aside, not deleted.
    const names = readdirSync(dataDir)
    const keptDatabase = names.filter((name) => /^omnidesk\.db\.before-restore-[^-]/.test(name) && !/-(wal|shm)$/.test(name))
    expect(keptDatabase).toHaveLength(1)
    expect(names.filter((name) => name.startsWith('attachments.before-restore-'))).toHaveLength(1)
    // Nothing pending and nothing staged any more.
    expect(await pendingRestore(dataDir)).toBeUndefined()
    expect(backupsFolderLeftovers()).toEqual([])
  })

  it('the history kept aside by the restore still has what came after the backup', async () => {
    const { store, database } = await openStore()
    const dialogs = scriptedDialogs()
    const handlers = handlersFor(database, undefined, dialogs)
    await store.createConversation({ title: 'Old' })
    const target = path.join(root, 'b.zip')
    dialogs.saves.push(target)
    await handlers.backupNow()
    await store.createConversation({ title: 'New' })
    dialogs.opens.push(target)
    await handlers.restoreFromFile()
    await store.close()
    const reopened = await openStore()
    expect((await reopened.store.listConversations()).map((c) => c.title)).toEqual(['Old'])
    await reopened.store.close()
    // Open the kept file as the history: "New" is there.
    const kept = readdirSync(dataDir).find((name) => /^omnidesk\.db\.before-restore-/.test(name) && !/-(wal|shm)$/.test(name)) as string
    const keptDir = path.join(root, 'kept')
    rmSync(keptDir, { recursive: true, force: true })
    const { mkdirSync, copyFileSync } = await import('node:fs')
    mkdirSync(keptDir)
    for (const suffix of ['', '-wal']) if (existsSync(path.join(dataDir, kept + suffix))) copyFileSync(path.join(dataDir, kept + suffix), path.join(keptDir, `omnidesk.db${suffix}`))
    const aside = await openConversationStore({ dataDir: keptDir })
    opened.push(aside)
    expect((await aside.store.listConversations()).map((c) => c.title).sort()).toEqual(['New', 'Old'])
  })

  it('a restore a crash interrupted after the attachments moved in finishes at the next start', async () => {
    const { store, database } = await openStore()
    const attachments = createAttachmentStore({ dataDir })
    const png = makePng(4, 4, () => [10, 20, 30])
    const image = await attachments.add({ original: { data: png, width: 4, height: 4 }, encoded: [{ data: png, width: 4, height: 4 }] })
    await store.createConversation({ title: 'Backed up' })
    const dialogs = scriptedDialogs()
    const handlers = handlersFor(database, attachments, dialogs)
    const target = path.join(root, 'b.zip')
    dialogs.saves.push(target)
    await handlers.backupNow()
    await store.createConversation({ title: 'Later' })
    dialogs.opens.push(target)
    const staged = (await handlers.restoreFromFile())?.pendingRestore as string
    await store.close()
    // The crash: the attachments swapped (database.ts's last step), the marker still there.
    const { renameSync } = await import('node:fs')
    renameSync(path.join(dataDir, 'attachments'), path.join(dataDir, 'attachments.before-restore-crash'))
    renameSync(path.join(backupsDir(dataDir), staged, 'attachments'), path.join(dataDir, 'attachments'))

    const reopened = await openStore()
    expect(reopened.notices).toEqual([expect.objectContaining({ kind: 'database-restored' })])
    expect((await reopened.store.listConversations()).map((c) => c.title)).toEqual(['Backed up'])
    expect((await createAttachmentStore({ dataDir }).readOriginal(image.id))?.data.equals(png)).toBe(true)
    expect(readdirSync(dataDir).filter((name) => name.startsWith('attachments.'))).toEqual(['attachments.before-restore-crash'])
    expect(await pendingRestore(dataDir)).toBeUndefined()
    expect(backupsFolderLeftovers()).toEqual([])
  })

  it('cancelled dialogs return null and write or schedule nothing', async () => {
    const { database } = await openStore()
    const dialogs = scriptedDialogs()
    const handlers = handlersFor(database, undefined, dialogs)
    expect(await handlers.backupNow()).toBeNull()
    expect(await handlers.restoreFromFile()).toBeNull()
    expect(dialogs.asked).toHaveLength(2)
    expect(readdirSync(root)).toEqual(['data'])
    expect(await pendingRestore(dataDir)).toBeUndefined()
    // No dialog port at all (a shell without dialogs): cancelled too.
    const withoutDialogs = createHistoryHandlers({ dataDir, database, appVersion: '1' })
    expect(await withoutDialogs.backupNow()).toBeNull()
    expect(await withoutDialogs.restoreFromFile()).toBeNull()
  })

  it('a disk that fills while the backup is written: refused as disk-full, the partial file removed, an older file of that name kept', async () => {
    const { store, database } = await openStore()
    await store.createConversation({ title: 'Something to back up' })
    for (let i = 0; i < 50; i++) await store.createConversation({ title: `filler ${i} ${'x'.repeat(2000)}` })
    const dialogs = scriptedDialogs()
    let partial: string | undefined
    // A real file that stops accepting bytes after 4 KiB, as a full disk does.
    const fillingDisk: CreateOutput = (file) => {
      partial = file
      const real = createWriteStream(file, { flags: 'wx' })
      let room = 4096
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (chunk.length > room) {
            real.write(chunk.subarray(0, room), () => done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })))
            room = 0
            return
          }
          room -= chunk.length
          real.write(chunk, done)
        },
        destroy(error, done) {
          real.destroy()
          done(error)
        },
        final(done) {
          real.end(done)
        }
      })
    }
    const handlers = handlersFor(database, undefined, dialogs, { createOutput: fillingDisk })
    const target = path.join(root, 'backup.zip')
    writeFileSync(target, 'an older backup')
    dialogs.saves.push(target)
    expect(await refusal(handlers.backupNow())).toBe('disk-full')
    expect(partial).toBeDefined()
    expect(existsSync(partial as string)).toBe(false)
    expect(readFileSync(target, 'utf8')).toBe('an older backup')
    expect(readdirSync(root).sort()).toEqual(['backup.zip', 'data'])
    expect(backupsFolderLeftovers()).toEqual([])
  })
})

describe('Restore from file refuses what it cannot restore, and schedules nothing', () => {
  let handlers: ReturnType<typeof createHistoryHandlers>
  let dialogs: ReturnType<typeof scriptedDialogs>
  let database: Client

  beforeEach(async () => {
    ;({ database } = await openStore())
    dialogs = scriptedDialogs()
    handlers = handlersFor(database, undefined, dialogs)
  })

  async function restoreOf(file: string): Promise<BackupRefusalReason | 'no refusal'> {
    dialogs.opens.push(file)
    const reason = await refusal(handlers.restoreFromFile())
    expect(await pendingRestore(dataDir)).toBeUndefined()
    expect(backupsFolderLeftovers()).toEqual([])
    return reason
  }

  it('a file that is not a zip', async () => {
    const file = path.join(root, 'notes.txt')
    writeFileSync(file, 'just some notes, not a backup')
    expect(await restoreOf(file)).toBe('not-a-backup')
  })

  it('a zip without our manifest (a ChatGPT export, say)', async () => {
    expect(await restoreOf(await zipOf({ 'conversations.json': '[]' }, path.join(root, 'export.zip')))).toBe('not-a-backup')
    expect(await restoreOf(await zipOf({ 'manifest.json': '{"format":"something-else"}' }, path.join(root, 'other.zip')))).toBe('not-a-backup')
  })

  it('a backup cut short, and one with a changed byte', async () => {
    const { store } = opened[0]
    await store.createConversation({ title: 'Backed up' })
    const whole = path.join(root, 'whole.zip')
    dialogs.saves.push(whole)
    await handlers.backupNow()
    const bytes = readFileSync(whole)
    const cut = path.join(root, 'cut.zip')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect(await restoreOf(cut)).toBe('damaged')

    // Same size, one byte of the stored database changed: the checksum catches it.
    const files = { 'omnidesk.db': Buffer.alloc(8192, 1) }
    const manifest = manifestFor(files)
    const changed = path.join(root, 'changed.zip')
    await zipOf({ 'omnidesk.db': Buffer.concat([Buffer.alloc(8191, 1), Buffer.from([2])]), 'manifest.json': manifest }, changed)
    expect(await restoreOf(changed)).toBe('damaged')
    // A file the manifest lists but the zip lacks.
    await zipOf({ 'manifest.json': manifestFor({ ...files, [`attachments/blobs/${'a'.repeat(64)}`]: Buffer.from('x') }), 'omnidesk.db': files['omnidesk.db'] }, changed)
    expect(await restoreOf(changed)).toBe('damaged')
  })

  it('a backup from a newer Omnidesk (a newer backup format, or a newer history format)', async () => {
    const files = { 'omnidesk.db': Buffer.alloc(4096) }
    const newerFormat = await zipOf({ 'manifest.json': manifestFor(files, { version: 2 }), ...files }, path.join(root, 'v2.zip'))
    expect(await restoreOf(newerFormat)).toBe('newer')
    const newerSchema = await zipOf({ 'manifest.json': manifestFor(files, { schemaVersion: LATEST_SCHEMA_VERSION + 1 }), ...files }, path.join(root, 'schema.zip'))
    expect(await restoreOf(newerSchema)).toBe('newer')
  })

  it('a damaged database inside a well-formed backup', async () => {
    // Passes the header check (a valid SQLite header, 2 pages of 4096 bytes), fails SQLite's own.
    const database = Buffer.alloc(8192, 0x5a)
    Buffer.from('SQLite format 3\0', 'binary').copy(database, 0)
    database.writeUInt16BE(4096, 16)
    database.writeUInt8(1, 18)
    database.writeUInt8(1, 19)
    database.writeUInt8(64, 21)
    database.writeUInt8(32, 22)
    database.writeUInt8(32, 23)
    database.writeUInt32BE(1, 24)
    database.writeUInt32BE(2, 28)
    database.writeUInt32BE(0, 32)
    database.writeUInt32BE(0, 36)
    database.writeUInt32BE(4, 44)
    database.writeUInt32BE(1, 56)
    database.writeUInt32BE(LATEST_SCHEMA_VERSION, 60)
    database.writeUInt32BE(1, 92)
    database.writeUInt32BE(3045000, 96)
    const files = { 'omnidesk.db': database }
    const file = await zipOf({ 'manifest.json': manifestFor(files), ...files }, path.join(root, 'damaged-db.zip'))
    expect(await restoreOf(file)).toBe('damaged-database')
    const garbage = { 'omnidesk.db': Buffer.from('not a database at all') }
    expect(await restoreOf(await zipOf({ 'manifest.json': manifestFor(garbage), ...garbage }, path.join(root, 'garbage.zip')))).toBe('damaged-database')
  })

  it('no room for the restore', async () => {
    const { store } = opened[0]
    await store.createConversation({ title: 'Backed up' })
    const whole = path.join(root, 'whole.zip')
    dialogs.saves.push(whole)
    await handlers.backupNow()
    handlers = handlersFor(database, undefined, dialogs, { freeSpace: async () => 1024 })
    expect(await restoreOf(whole)).toBe('no-space')
  })

  it('a refused file leaves the restore asked for before as it was', async () => {
    const { store } = opened[0]
    await store.createConversation({ title: 'Backed up' })
    const whole = path.join(root, 'whole.zip')
    dialogs.saves.push(whole)
    await handlers.backupNow()
    dialogs.opens.push(whole)
    const first = await handlers.restoreFromFile()
    const notes = path.join(root, 'notes.txt')
    writeFileSync(notes, 'not a backup')
    dialogs.opens.push(notes)
    expect(await refusal(handlers.restoreFromFile())).toBe('not-a-backup')
    expect((await handlers.backups()).pendingRestore).toBe(first?.pendingRestore)
    expect(readdirSync(backupsDir(dataDir))).toContain(first?.pendingRestore)
    // Cancelling drops the staged content too.
    await handlers.cancelRestore()
    expect(backupsFolderLeftovers()).toEqual([])
  })
})

describe('what the user reads', () => {
  const reasons: BackupRefusalReason[] = ['not-a-backup', 'damaged', 'newer', 'damaged-database', 'no-space', 'disk-full', 'write-failed', 'unreadable']

  it('every refusal main makes is recognised by Settings and worded in both languages', () => {
    for (const reason of reasons) {
      const info = backupRefusal(reason).info
      expect(backupRefusalOf(info)).toEqual({ reason })
      expect(en.history.refused[reason]).toMatch(/\.$/)
      expect(zhCN.history.refused[reason]).toMatch(/。$/)
    }
    // The system's own words come along on their own line, shown under the sentence.
    expect(backupRefusalOf(backupRefusal('write-failed', 'EACCES: permission denied').info)).toEqual({ reason: 'write-failed', why: 'EACCES: permission denied' })
    // Any other error is not taken for a refusal.
    expect(backupRefusalOf({ code: 'bad_request', detail: 'The provider said no' })).toBeUndefined()
    expect(backupRefusalOf({ code: 'unknown', detail: 'damaged: something' })).toBeUndefined()
  })
})
