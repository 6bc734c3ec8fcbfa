import { createClient, type Client } from '@libsql/client'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ContentPart } from '../../src/shared/domain'
import { DATABASE_FILE_NAME } from '../../src/main/store/database'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, readSchemaVersion, type Migration } from '../../src/main/store/migrations'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore, OpenedStore } from '../../src/main/store/types'

const text = (value: string): ContentPart[] => [{ type: 'text', text: value }]
const START = '\u0001'
const END = '\u0002'

let dataDir: string
let clock: number
const opened: ConversationStore[] = []
const rawClients: Client[] = []

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-store-'))
  clock = Date.UTC(2025, 0, 2, 3, 4, 5, 678)
})

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close().catch(() => undefined)
  for (const client of rawClients.splice(0)) client.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function openStore(dir = dataDir): Promise<OpenedStore> {
  let counter = 0
  const result = await openConversationStore({
    dataDir: dir,
    now: () => clock,
    newId: () => `id-${String(++counter).padStart(4, '0')}-${randomBytes(3).toString('hex')}`
  })
  opened.push(result.store)
  return result
}

async function closeStore(store: ConversationStore): Promise<void> {
  await store.close()
  opened.splice(opened.indexOf(store), 1)
}

function rawClient(file: string): Client {
  const client = createClient({ url: `file:${file}` })
  rawClients.push(client)
  return client
}

const dbFile = (): string => path.join(dataDir, DATABASE_FILE_NAME)

describe('migrations', () => {
  it('migrates an empty database to the latest version, and only once', async () => {
    const client = rawClient(dbFile())
    expect(await readSchemaVersion(client)).toBe(0)
    expect(await migrate(client)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(await readSchemaVersion(client)).toBe(LATEST_SCHEMA_VERSION)
    expect(await migrate(client)).toEqual([])

    const tables = await client.execute(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
    const names = tables.rows.map((row) => row.name)
    expect(names).toEqual(expect.arrayContaining(['conversations', 'messages', 'search_index']))
  })

  it('applies each migration in its own transaction and skips those already applied', async () => {
    const client = rawClient(dbFile())
    const first: Migration = { version: 1, description: 'a', statements: ['CREATE TABLE runs (n INTEGER)'] }
    const second: Migration = { version: 2, description: 'b', statements: ['INSERT INTO runs VALUES (2)'] }
    expect(await migrate(client, [first, second])).toEqual([1, 2])
    expect(await migrate(client, [first, second])).toEqual([])
    expect((await client.execute('SELECT count(*) AS n FROM runs')).rows[0].n).toBe(1)

    const broken: Migration = {
      version: 3,
      description: 'fails half way',
      statements: ['CREATE TABLE half (n INTEGER)', 'INSERT INTO no_such_table VALUES (1)']
    }
    await expect(migrate(client, [first, second, broken])).rejects.toThrow()
    expect(await readSchemaVersion(client)).toBe(2)
    const half = await client.execute(`SELECT name FROM sqlite_schema WHERE name = 'half'`)
    expect(half.rows).toHaveLength(0)
  })

  it('a version 1 database keeps its messages, and they gain how an answer ended (v2)', async () => {
    const client = rawClient(dbFile())
    await migrate(client, MIGRATIONS.slice(0, 1))
    await client.execute(`INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('c1', 'Old', 1, 1, 1)`)
    await client.execute(
      `INSERT INTO messages (id, conversation_id, role, parts, status, created_at, updated_at) VALUES ('m1', 'c1', 'assistant', '[{"type":"text","text":"Hi"}]', 'complete', 1, 1)`
    )
    client.close()
    const { store } = await openStore()
    const [old] = await store.listMessages('c1')
    expect(old).toMatchObject({ id: 'm1', status: 'complete', parts: text('Hi') })
    expect(old.finish).toBeUndefined()
    const cut = await store.updateMessage('m1', {
      finish: 'length',
      parts: [{ type: 'reasoning', text: 'thinking', durationMs: 1200 }, ...text('Hi')]
    })
    expect(cut.finish).toBe('length')
    expect(await store.getMessage('m1')).toMatchObject({ finish: 'length', parts: [{ type: 'reasoning', durationMs: 1200 }, { type: 'text' }] })
    expect((await store.listMessages('c1'))[0].finish).toBe('length')
    expect((await store.updateMessage('m1', { finish: null })).finish).toBeUndefined()
  })

  it('refuses migrations out of order', async () => {
    const client = rawClient(dbFile())
    const two: Migration = { version: 2, description: '', statements: [] }
    const one: Migration = { version: 1, description: '', statements: [] }
    await expect(migrate(client, [two, one])).rejects.toThrow(/increasing/)
  })

  it('re-opening keeps the data and runs no migration again', async () => {
    const { store } = await openStore()
    const conversation = await store.createConversation({ title: 'Kept', providerId: 'p1', model: 'm1' })
    await store.addMessage({ conversationId: conversation.id, role: 'user', parts: text('hello'), status: 'complete' })
    await closeStore(store)

    const client = rawClient(dbFile())
    expect(await readSchemaVersion(client)).toBe(LATEST_SCHEMA_VERSION)
    expect(await migrate(client)).toEqual([])
    client.close()

    const reopened = await openStore()
    expect(reopened.notices).toEqual([])
    expect(await reopened.store.listConversations()).toEqual([{ ...conversation, updatedAt: clock }])
    expect((await reopened.store.listMessages(conversation.id)).map((m) => m.parts)).toEqual([text('hello')])
  })

  it('leaves the database in WAL mode', async () => {
    const { store } = await openStore()
    await closeStore(store)
    const client = rawClient(dbFile())
    expect((await client.execute('PRAGMA journal_mode')).rows[0][0]).toBe('wal')
  })

  it('opens a data folder whose path has spaces, # and non-ASCII characters', async () => {
    const odd = path.join(dataDir, 'my data #1', '数据')
    const { store, notices } = await openStore(odd)
    expect(notices).toEqual([])
    await store.createConversation({ title: 'x' })
    expect(existsSync(path.join(odd, DATABASE_FILE_NAME))).toBe(true)
  })
})

describe('conversations and messages', () => {
  it('creates, reads, lists by recency and renames conversations', async () => {
    const { store } = await openStore()
    const first = await store.createConversation({ title: 'First', providerId: 'openai', model: 'gpt-4o' })
    expect(first).toEqual({
      id: first.id,
      title: 'First',
      titleIsAuto: true,
      providerId: 'openai',
      model: 'gpt-4o',
      createdAt: clock,
      updatedAt: clock
    })
    clock += 10
    const second = await store.createConversation({ title: 'Second' })
    expect(second).not.toHaveProperty('providerId')
    expect(await store.getConversation(first.id)).toEqual(first)
    expect(await store.getConversation('missing')).toBeUndefined()
    expect((await store.listConversations()).map((c) => c.id)).toEqual([second.id, first.id])

    clock += 10
    await store.addMessage({ conversationId: first.id, role: 'user', parts: text('hi'), status: 'complete' })
    expect((await store.listConversations()).map((c) => c.id)).toEqual([first.id, second.id])
    expect((await store.getConversation(first.id))?.updatedAt).toBe(clock)

    const renamed = await store.renameConversation(first.id, 'Chosen by me')
    expect(renamed).toMatchObject({ title: 'Chosen by me', titleIsAuto: false })
    const autoAfterUser = await store.renameConversation(first.id, 'Automatic', { auto: true })
    expect(autoAfterUser.title).toBe('Chosen by me')
    const autoOnAuto = await store.renameConversation(second.id, 'Better automatic', { auto: true })
    expect(autoOnAuto).toMatchObject({ title: 'Better automatic', titleIsAuto: true })
    expect(await store.getConversation(second.id)).toEqual(autoOnAuto)
    await expect(store.renameConversation('missing', 'x')).rejects.toMatchObject({ info: { code: 'not_found', detail: 'That conversation no longer exists.' } })
  })

  it('keeps messages in creation order even when timestamps tie', async () => {
    const { store } = await openStore()
    const conversation = await store.createConversation({ title: 't' })
    const ids: string[] = []
    for (const word of ['one', 'two', 'three', 'four']) {
      const message = await store.addMessage({ conversationId: conversation.id, role: 'user', parts: text(word), status: 'complete' })
      ids.push(message.id)
    }
    expect((await store.listMessages(conversation.id)).map((m) => m.id)).toEqual(ids)
    await expect(
      store.addMessage({ conversationId: 'missing', role: 'user', parts: text('x'), status: 'complete' })
    ).rejects.toMatchObject({ info: { code: 'not_found' } })
  })

  it('patches messages: undefined keeps a field, null clears it, updatedAt moves', async () => {
    const { store } = await openStore()
    const conversation = await store.createConversation({ title: 't' })
    const added = await store.addMessage({
      conversationId: conversation.id,
      role: 'assistant',
      parts: [],
      status: 'streaming',
      model: 'gpt-4o'
    })
    expect(added).toEqual({
      id: added.id,
      conversationId: conversation.id,
      role: 'assistant',
      parts: [],
      model: 'gpt-4o',
      status: 'streaming',
      createdAt: clock,
      updatedAt: clock
    })

    clock += 5
    const withFallback = await store.updateMessage(added.id, {
      parts: text('partial'),
      model: 'gpt-4o-mini',
      fallback: { requestedModel: 'gpt-4o', reason: 'rate_limit' }
    })
    expect(withFallback).toMatchObject({ model: 'gpt-4o-mini', fallback: { requestedModel: 'gpt-4o' }, updatedAt: clock })

    clock += 5
    const done = await store.updateMessage(added.id, {
      parts: text('partial and the rest'),
      status: 'error',
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      error: { code: 'stream_dropped', detail: 'socket hang up' }
    })
    expect(await store.getMessage(added.id)).toEqual(done)
    expect(done.createdAt).toBe(added.createdAt)
    expect(done.updatedAt).toBe(clock)

    const cleared = await store.updateMessage(added.id, { fallback: null, error: null, status: 'complete' })
    expect(cleared).not.toHaveProperty('fallback')
    expect(cleared).not.toHaveProperty('error')
    expect(cleared.usage).toEqual({ promptTokens: 3, completionTokens: 4, totalTokens: 7 })
    expect(await store.getMessage(added.id)).toEqual(cleared)
    await expect(store.updateMessage('missing', { status: 'complete' })).rejects.toThrow(/missing/)
    expect(await store.getMessage('missing')).toBeUndefined()
  })

  it('serialises concurrent patches of one message without losing fields', async () => {
    const { store } = await openStore()
    const conversation = await store.createConversation({ title: 't' })
    const message = await store.addMessage({ conversationId: conversation.id, role: 'assistant', parts: [], status: 'streaming' })
    await Promise.all([
      store.updateMessage(message.id, { parts: text('abc') }),
      store.updateMessage(message.id, { usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } }),
      store.updateMessage(message.id, { model: 'm' })
    ])
    expect(await store.getMessage(message.id)).toMatchObject({ parts: text('abc'), usage: { totalTokens: 2 }, model: 'm' })
  })

  it('deletes the messages after a given one, and only in its conversation', async () => {
    const { store } = await openStore()
    const a = await store.createConversation({ title: 'a' })
    const b = await store.createConversation({ title: 'b' })
    const add = (conversationId: string, words: string) =>
      store.addMessage({ conversationId, role: 'user', parts: text(words), status: 'complete' })
    const keep1 = await add(a.id, 'keep one')
    const pivot = await add(a.id, 'pivot')
    const other = await add(b.id, 'other conversation afterword')
    await add(a.id, 'dropped afterword')
    await add(a.id, 'dropped too')

    await store.deleteMessagesAfter(a.id, pivot.id)
    expect((await store.listMessages(a.id)).map((m) => m.id)).toEqual([keep1.id, pivot.id])
    expect((await store.listMessages(b.id)).map((m) => m.id)).toEqual([other.id])
    expect((await store.search('afterword')).map((hit) => hit.messageId)).toEqual([other.id])

    await store.deleteMessagesAfter(a.id, 'missing')
    expect(await store.listMessages(a.id)).toHaveLength(2)
  })

  it('deleting a conversation deletes its messages and their search entries', async () => {
    const { store } = await openStore()
    const doomed = await store.createConversation({ title: 'Doomed zebra' })
    const kept = await store.createConversation({ title: 'Kept' })
    await store.addMessage({ conversationId: doomed.id, role: 'user', parts: text('zebra crossing'), status: 'complete' })
    await store.addMessage({ conversationId: kept.id, role: 'user', parts: text('zebra stripes'), status: 'complete' })
    // One row per conversation: the doomed one (its title, and 1 more: its message) and the kept one.
    expect((await store.search('zebra')).map((hit) => hit.moreInConversation)).toEqual([1, 0])

    await store.deleteConversation(doomed.id)
    expect(await store.getConversation(doomed.id)).toBeUndefined()
    expect(await store.listMessages(doomed.id)).toEqual([])
    expect((await store.search('zebra')).map((hit) => hit.conversationId)).toEqual([kept.id])

    const client = rawClient(dbFile())
    expect((await client.execute('SELECT count(*) AS n FROM messages')).rows[0].n).toBe(1)
    expect((await client.execute('SELECT count(*) AS n FROM search_index')).rows[0].n).toBe(2)
    await store.deleteConversation('missing')
  })
})

describe('interrupted answers', () => {
  it('a streaming answer closed half way is stopped, with its text, after re-opening', async () => {
    const first = await openStore()
    const conversation = await first.store.createConversation({ title: 't' })
    const answer = await first.store.addMessage({ conversationId: conversation.id, role: 'assistant', parts: [], status: 'streaming' })
    for (const partial of ['The wea', 'The weather is', 'The weather is sunny, 今天天气很好']) {
      await first.store.updateMessage(answer.id, { parts: text(partial) })
    }
    await closeStore(first.store)

    const { store } = await openStore()
    expect(await store.search('sunny')).toEqual([])
    expect(await store.recoverInterruptedMessages()).toBe(1)
    expect(await store.getMessage(answer.id)).toMatchObject({
      status: 'stopped',
      parts: text('The weather is sunny, 今天天气很好')
    })
    expect((await store.search('天气')).map((hit) => hit.messageId)).toEqual([answer.id])
    expect(await store.recoverInterruptedMessages()).toBe(0)
  })

  it('survives the process being killed mid-stream (no close, WAL not checkpointed)', async () => {
    const storeModule = path.resolve('src/main/store/sqliteConversationStore.ts')
    const script = `
      const mod = await import(${JSON.stringify(storeModule)})
      const { openConversationStore } = mod.openConversationStore ? mod : mod.default
      const { store } = await openConversationStore({ dataDir: ${JSON.stringify(dataDir)} })
      const c = await store.createConversation({ title: 'crash' })
      const m = await store.addMessage({ conversationId: c.id, role: 'assistant', parts: [], status: 'streaming' })
      await store.updateMessage(m.id, { parts: [{ type: 'text', text: 'half an answer' }] })
      process.stdout.write(m.id)
      process.kill(process.pid, 'SIGKILL')
    `
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 15_000
    })
    expect(child.signal, child.stderr).toBe('SIGKILL')
    const messageId = child.stdout.trim()
    expect(existsSync(`${dbFile()}-wal`)).toBe(true)

    const { store, notices } = await openStore()
    expect(notices).toEqual([])
    expect(await store.recoverInterruptedMessages()).toBe(1)
    expect(await store.getMessage(messageId)).toMatchObject({ status: 'stopped', parts: text('half an answer') })
  })
})

describe('search', () => {
  async function seed() {
    const { store } = await openStore()
    const conversation = await store.createConversation({ title: 'Misc' })
    const say = async (words: string, conversationId = conversation.id) =>
      (await store.addMessage({ conversationId, role: 'user', parts: text(words), status: 'complete' })).id
    return { store, conversation, say }
  }

  it('finds an English word and marks it in the snippet', async () => {
    const { store, conversation, say } = await seed()
    const id = await say('The quick brown fox jumps over the lazy dog')
    await say('Nothing to see here')
    const hits = await store.search('fox')
    expect(hits).toEqual([
      {
        conversationId: conversation.id,
        conversationTitle: 'Misc',
        messageId: id,
        snippet: `The quick brown ${START}fox${END} jumps over the lazy dog`,
        updatedAt: clock,
        moreInConversation: 0
      }
    ])
  })

  it('matches the last word as a prefix, ignores case and diacritics, ANDs words', async () => {
    const { store, say } = await seed()
    const fox = await say('The quick brown fox')
    await say('A brown bear')
    const cafe = await say('Un café crème')
    expect((await store.search('fox bro')).map((hit) => hit.messageId)).toEqual([fox])
    expect((await store.search('QUICK')).map((hit) => hit.messageId)).toEqual([fox])
    expect((await store.search('cafe')).map((hit) => hit.messageId)).toEqual([cafe])
    expect(await store.search('fox bear')).toEqual([])
    // Only the last word is a prefix.
    expect(await store.search('qui fox')).toEqual([])
  })

  it('finds a Chinese word inside a longer Chinese sentence, with a natural snippet', async () => {
    const { store, say } = await seed()
    const id = await say('今天天气很好，我们去公园散步吧。')
    const hits = await store.search('天气')
    expect(hits.map((hit) => hit.messageId)).toEqual([id])
    expect(hits[0].snippet).toBe(`今天${START}天气${END}很好，我们去公园散步吧。`)
    expect((await store.search('园')).map((hit) => hit.messageId)).toEqual([id])
    // Characters must be adjacent and in order.
    expect(await store.search('气天')).toEqual([])
    expect(await store.search('天好')).toEqual([])
  })

  it('keeps the original spacing of CJK text in snippets', async () => {
    const { store, say } = await seed()
    await say('中文 与 English 混排：用Python写代码')
    const [hit] = await store.search('python')
    expect(hit.snippet).toBe(`中文 与 English 混排：用${START}Python${END}写代码`)
  })

  it('finds Japanese and Korean words', async () => {
    const { store, say } = await seed()
    const japanese = await say('東京タワーに行きました。とても楽しかったです。')
    const korean = await say('안녕하세요 여러분, 반갑습니다')
    expect((await store.search('タワー')).map((hit) => hit.messageId)).toEqual([japanese])
    expect((await store.search('楽しかった')).map((hit) => hit.messageId)).toEqual([japanese])
    expect((await store.search('하세')).map((hit) => hit.messageId)).toEqual([korean])
    const [hit] = await store.search('東京')
    expect(hit.snippet).toBe(`${START}東京${END}タワーに行きました。とても楽しかったです。`)
  })

  it('handles mixed English and Chinese queries', async () => {
    const { store, say } = await seed()
    const mixed = await say('Let us check the 天气 in Beijing天安门 tomorrow')
    await say('天气 only')
    expect((await store.search('天气 beijing')).map((hit) => hit.messageId)).toEqual([mixed])
    expect((await store.search('Beijing天安')).map((hit) => hit.messageId)).toEqual([mixed])
    expect((await store.search('天气 tomor')).map((hit) => hit.messageId)).toEqual([mixed])
  })

  it('finds titles, without a messageId, ranked above the same word in a message', async () => {
    const { store, say } = await seed()
    const trip = await store.createConversation({ title: '旅行计划 Travel plan' })
    await say('我的旅行很长，讲了很多很多关于旅行的故事和细节')
    const hits = await store.search('旅行')
    expect(hits).toHaveLength(2)
    expect(hits[0]).toEqual({
      conversationId: trip.id,
      conversationTitle: '旅行计划 Travel plan',
      snippet: `${START}旅行${END}计划 Travel plan`,
      updatedAt: trip.updatedAt,
      moreInConversation: 0
    })
    expect(hits[1].messageId).toBeDefined()

    await store.renameConversation(trip.id, 'Voyage')
    expect((await store.search('travel')).map((hit) => hit.conversationId)).toEqual([])
    expect(await store.search('voyage')).toEqual([expect.objectContaining({ conversationTitle: 'Voyage', snippet: `${START}Voyage${END}` })])
  })

  it('indexes an answer when it stops streaming, and re-indexes edited text', async () => {
    const { store, conversation } = await seed()
    const answer = await store.addMessage({ conversationId: conversation.id, role: 'assistant', parts: text('penguins'), status: 'streaming' })
    await store.updateMessage(answer.id, { parts: text('penguins and walruses') })
    expect(await store.search('walruses')).toEqual([])
    await store.updateMessage(answer.id, { status: 'complete', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } })
    expect((await store.search('walruses')).map((hit) => hit.messageId)).toEqual([answer.id])

    await store.updateMessage(answer.id, { parts: text('only seals now') })
    expect(await store.search('walruses')).toEqual([])
    expect((await store.search('seals')).map((hit) => hit.messageId)).toEqual([answer.id])

    await store.updateMessage(answer.id, { parts: [{ type: 'image', attachmentId: 'a1', mime: 'image/png' }] })
    expect(await store.search('seals')).toEqual([])
  })

  // Issue 19 item 7: a conversation was listed several times under one title.
  it('lists a conversation once: its best hit, and how many more of its messages match', async () => {
    const { store, conversation, say } = await seed()
    const other = await store.createConversation({ title: 'Other' })
    await say('regenerated answer about llamas')
    await say('regenerated answer about llamas')
    expect(await store.search('llamas')).toEqual([expect.objectContaining({ conversationId: conversation.id, moreInConversation: 1 })])

    const best = await say('alpaca alpaca alpaca: all about the alpaca')
    for (let i = 0; i < 5; i++) await say(`an alpaca note number ${i} in a longer message than the best one`)
    await say('alpaca elsewhere', other.id)
    const hits = await store.search('alpaca')
    expect(hits.map((hit) => [hit.conversationId, hit.moreInConversation])).toEqual(
      expect.arrayContaining([
        [conversation.id, 5],
        [other.id, 0]
      ])
    )
    expect(hits).toHaveLength(2)
    expect(hits.find((hit) => hit.conversationId === conversation.id)?.messageId).toBe(best)
    expect(await store.search('alpaca', 1)).toHaveLength(1)
    expect(await store.search('alpaca', 0)).toEqual([])

    // A title hit counts every matching message as more.
    const titled = await store.createConversation({ title: 'Vicuña facts' })
    await say('vicuña wool', titled.id)
    await say('a vicuña herd', titled.id)
    expect(await store.search('vicuna')).toEqual([expect.objectContaining({ conversationId: titled.id, moreInConversation: 2 })])
    expect((await store.search('vicuna'))[0].messageId).toBeUndefined()
  })

  it('cuts long texts into a snippet around the match', async () => {
    const { store, say } = await seed()
    const filler = 'lorem ipsum dolor sit amet '.repeat(40)
    await say(`${filler} needle ${filler}`)
    const [hit] = await store.search('needle')
    expect(hit.snippet).toContain(`${START}needle${END}`)
    expect(hit.snippet.length).toBeLessThan(300)
    expect(hit.snippet.startsWith('…')).toBe(true)
  })

  it('never throws on hostile queries', async () => {
    const { store, say } = await seed()
    await say('and or not near "quoted" (parens) star* minus-sign 😀 emoji')
    const hostile = ['"', '""', '*', 'AND (', '-', '😀', 'NEAR(', 'a OR', '^foo', 'title:foo', 'body : x', ')', '{a b}',
      "'; DROP TABLE messages; --", '\u0001', '\\', 'NOT', 'a AND', '"unterminated', '*prefix', '+', ':', '   ', '']
    for (const query of hostile) {
      await expect(store.search(query), query).resolves.toBeInstanceOf(Array)
    }
    expect(await store.search('😀')).toEqual([])
    expect(await store.search('AND (')).toHaveLength(1)
    expect(await store.search('"quoted"')).toHaveLength(1)
    expect(await store.search('minus-sign')).toHaveLength(1)
    expect(await store.listMessages((await store.listConversations())[0].id)).toHaveLength(1)
  })
})

describe('unreadable database files', () => {
  async function filesIn(dir: string): Promise<string[]> {
    return (await readdir(dir)).sort()
  }

  it('keeps a file that is not a database aside, with its -wal, and starts fresh', async () => {
    const garbage = randomBytes(8192)
    const walGarbage = randomBytes(1024)
    await writeFile(dbFile(), garbage)
    await writeFile(`${dbFile()}-wal`, walGarbage)

    const { store, notices } = await openStore()
    const backupPath = path.join(dataDir, 'omnidesk.db.corrupt-2025-01-02T03-04-05-678Z')
    expect(notices).toEqual([{ kind: 'database-corrupt', backupPath }])
    expect((await readFile(backupPath)).equals(garbage)).toBe(true)
    expect((await readFile(`${backupPath}-wal`)).equals(walGarbage)).toBe(true)

    expect(await store.listConversations()).toEqual([])
    await store.createConversation({ title: 'fresh' })
    await closeStore(store)
    const again = await openStore()
    expect(again.notices).toEqual([])
    expect((await again.store.listConversations()).map((c) => c.title)).toEqual(['fresh'])
    expect(await filesIn(dataDir)).toEqual(
      expect.arrayContaining(['omnidesk.db', 'omnidesk.db.corrupt-2025-01-02T03-04-05-678Z', 'omnidesk.db.corrupt-2025-01-02T03-04-05-678Z-wal'])
    )
  })

  it('keeps a database with a valid header but damaged pages aside', async () => {
    const { store } = await openStore()
    const conversation = await store.createConversation({ title: 't' })
    for (let i = 0; i < 200; i++) {
      await store.addMessage({ conversationId: conversation.id, role: 'user', parts: text(`message ${i} `.repeat(50)), status: 'complete' })
    }
    await closeStore(store)
    // Everything is in the main file, so the damage below cannot be repaired from the WAL.
    expect(existsSync(`${dbFile()}-wal`) ? statSync(`${dbFile()}-wal`).size : 0).toBe(0)
    const handle = await open(dbFile(), 'r+')
    await handle.write(randomBytes(16 * 4096), 0, 16 * 4096, 4096)
    await handle.close()
    const damaged = await readFile(dbFile())

    const reopened = await openStore()
    expect(reopened.notices).toHaveLength(1)
    expect(reopened.notices[0].kind).toBe('database-corrupt')
    expect((await readFile(reopened.notices[0].backupPath!)).equals(damaged)).toBe(true)
    expect(await reopened.store.listConversations()).toEqual([])
  })

  it('keeps a database from a newer version aside, untouched, and starts fresh', async () => {
    const { store } = await openStore()
    await store.createConversation({ title: 'from the future' })
    await closeStore(store)
    const client = rawClient(dbFile())
    await client.execute('PRAGMA user_version = 999')
    // Into the file itself, so that `original` is the whole database. Left in the -wal, it would
    // be written into the file whenever libsql lets these connections go (on garbage collection:
    // SQLite's last connection checkpoints on closing), maybe after `original` was read.
    const checkpoint = await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    expect(checkpoint.rows[0][0], 'checkpoint blocked').toBe(0)
    client.close()
    const original = await readFile(dbFile())
    expect(original.readUInt32BE(60), 'user_version in the file header').toBe(999)

    clock += 1000
    const { store: fresh, notices } = await openStore()
    const backupPath = path.join(dataDir, 'omnidesk.db.newer-2025-01-02T03-04-06-678Z')
    expect(notices).toEqual([{ kind: 'database-newer', backupPath }])
    expect((await readFile(backupPath)).equals(original)).toBe(true)
    expect(await fresh.listConversations()).toEqual([])

    const backup = rawClient(backupPath)
    expect(await readSchemaVersion(backup)).toBe(999)
    expect((await backup.execute('SELECT title FROM conversations')).rows.map((row) => row.title)).toEqual(['from the future'])
  })

  it('never reuses a backup name', async () => {
    await writeFile(dbFile(), randomBytes(100))
    await writeFile(path.join(dataDir, 'omnidesk.db.corrupt-2025-01-02T03-04-05-678Z'), 'earlier backup')
    const { notices } = await openStore()
    expect(notices[0].backupPath).toBe(path.join(dataDir, 'omnidesk.db.corrupt-2025-01-02T03-04-05-678Z-1'))
    expect(await readFile(path.join(dataDir, 'omnidesk.db.corrupt-2025-01-02T03-04-05-678Z'), 'utf8')).toBe('earlier backup')
  })

  it('treats an empty file as a new database', async () => {
    await writeFile(dbFile(), '')
    const { store, notices } = await openStore()
    expect(notices).toEqual([])
    await store.createConversation({ title: 'ok' })
  })
})
