/**
 * The history at scale (issue 17), against the real SQLite store in a temp folder: the list a
 * page at a time, the sidebar's search a page at a time, whole-conversation imports, and the
 * background integrity check's schedule.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Conversation, Message } from '../../src/shared/domain'
import { CHECK_INTERVAL_MS, INTEGRITY_FILE_NAME, readIntegrityRecord, scheduleIntegrityCheck, writeIntegrityRecord } from '../../src/main/store/integrityCheck'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore, ImportedConversation } from '../../src/main/store/types'

let dir: string
let store: ConversationStore
let clock = Date.UTC(2026, 0, 1)

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'omnidesk-scale-'))
  store = (await openConversationStore({ dataDir: dir, now: () => clock })).store
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

function conversation(title: string, updatedAt: number, texts: string[]): ImportedConversation {
  const id = randomUUID()
  const c: Conversation = { id, title, titleIsAuto: true, createdAt: updatedAt - 1000, updatedAt }
  const messages: Message[] = texts.map((text, i) => ({
    id: randomUUID(),
    conversationId: id,
    role: i % 2 ? 'assistant' : 'user',
    parts: [{ type: 'text', text }],
    status: 'complete',
    createdAt: updatedAt - 1000 + i,
    updatedAt: updatedAt - 1000 + i
  }))
  return { conversation: c, messages }
}

describe('the list, a page at a time', () => {
  it('walks every conversation once, newest first, also across equal times, and never a temporary chat', async () => {
    const items = Array.from({ length: 57 }, (_, i) => conversation(`c${i}`, 1000 + Math.floor(i / 5), ['hello']))
    await store.importConversations(items)
    await store.createConversation({ title: 'temp', temporary: true })
    const seen: Conversation[] = []
    let page = await store.listConversationPage({ limit: 10 })
    for (;;) {
      expect(page.conversations.length).toBeLessThanOrEqual(10)
      seen.push(...page.conversations)
      if (!page.next) break
      page = await store.listConversationPage({ limit: 10, after: page.next })
    }
    expect(seen.map((c) => c.title).sort()).toEqual(items.map((i) => i.conversation.title).sort())
    expect(new Set(seen.map((c) => c.id)).size).toBe(57)
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1].updatedAt).toBeGreaterThanOrEqual(seen[i].updatedAt)
    expect(seen.map((c) => c.id)).toEqual((await store.listConversations()).map((c) => c.id))
  })
})

describe('the sidebar search, a page at a time', () => {
  async function allPages(query: string, limit: number): Promise<{ ids: string[]; pages: number; titles: boolean[] }> {
    const ids: string[] = []
    const titles: boolean[] = []
    let pages = 0
    let after: string | undefined
    do {
      const page = await store.searchPage(query, { after, limit })
      pages += 1
      for (const hit of page.hits) {
        ids.push(hit.conversationId)
        titles.push(hit.messageId === undefined)
      }
      after = page.next ?? undefined
    } while (after !== undefined && pages < 100)
    return { ids, pages, titles }
  }

  it('lists every matching conversation exactly once, title matches first, then the most recently written', async () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      conversation(i % 10 === 0 ? `weather notes ${i}` : `chat ${i}`, 2000 + i, Array.from({ length: 6 }, (_, j) => (j % 3 === 0 ? `the weather today ${i}.${j}` : `nothing here ${j}`)))
    )
    items.push(conversation('unrelated', 5000, ['no match at all']))
    await store.importConversations(items)
    const { ids, pages, titles } = await allPages('weather', 7)
    expect(pages).toBeGreaterThan(4)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.sort()).toEqual(items.filter((i) => i.conversation.title !== 'unrelated').map((i) => i.conversation.id).sort())
    // Titles first: the four conversations named "weather notes …".
    expect(titles.slice(0, 4)).toEqual([true, true, true, true])
    expect(titles.slice(4).every((t) => !t)).toBe(true)
  })

  it('the first page comes with snippets, "more" for other matches, and the newest message first', async () => {
    const older = conversation('first', 1000, ['zephyr one', 'x', 'zephyr two', 'y', 'zephyr three'])
    const newer = conversation('second', 2000, ['zephyr in the newer chat'])
    await store.importConversations([older, newer])
    const page = await store.searchPage('zeph')
    expect(page.next).toBeNull()
    expect(page.hits.map((h) => h.conversationTitle)).toEqual(['second', 'first'])
    expect(page.hits[1].snippet).toContain('\u0001zephyr\u0002 three')
    expect(page.hits[1].moreInConversation).toBe(2)
    expect(page.hits[1].messageId).toBe(older.messages[4].id)
  })

  it('Chinese words, nothing found, a query of punctuation, and a forged cursor are answers, not errors', async () => {
    await store.importConversations([conversation('天气', 1000, ['今天天气很好', '明天下雨']), conversation('别的', 2000, ['天空'])])
    expect((await store.searchPage('天气')).hits.map((h) => h.conversationTitle)).toEqual(['天气'])
    expect((await store.searchPage('天')).hits.map((h) => h.conversationTitle).sort()).toEqual(['别的', '天气'])
    expect(await store.searchPage('qqqzzz')).toEqual({ hits: [], next: null })
    expect(await store.searchPage('!!!')).toEqual({ hits: [], next: null })
    for (const after of ['x', '"; DROP TABLE messages; --', 'abc.m.99999999999999999999', '..', 'a.q.1']) {
      expect((await store.searchPage('天', { after })).hits.length).toBe(2)
    }
  })

  it('a word being typed: its whole-word matches first, then the words it begins, each conversation once; under 3 letters a whole word', async () => {
    const whole = Array.from({ length: 5 }, (_, i) => conversation(`w${i}`, 1000 + i, [`the harbour ${i}`]))
    const longer = Array.from({ length: 5 }, (_, i) => conversation(`p${i}`, 3000 + i, [`harbours and harboured ${i}`]))
    const both = conversation('both', 5000, ['harbour ship', 'harbourmaster'])
    await store.importConversations([...whole, ...longer, both])
    const { ids } = await allPages('harb', 3)
    const titleOf = new Map([...whole, ...longer, both].map((i) => [i.conversation.id, i.conversation.title]))
    const titles = ids.map((id) => titleOf.get(id))
    // "harb" is no whole word here: straight to the words it begins, newest first.
    expect(titles).toEqual(['both', 'p4', 'p3', 'p2', 'p1', 'p0', 'w4', 'w3', 'w2', 'w1', 'w0'])
    const exactFirst = (await allPages('harbour', 3)).ids.map((id) => titleOf.get(id))
    expect(exactFirst).toEqual(['both', 'w4', 'w3', 'w2', 'w1', 'w0', 'p4', 'p3', 'p2', 'p1', 'p0'])
    expect((await store.searchPage('ha')).hits).toEqual([])
    // A short word being typed after others is left out until it has 3 letters.
    expect((await allPages('harbour ma', 30)).ids.map((id) => titleOf.get(id))).toEqual(exactFirst)
    expect((await allPages('harbour shi', 30)).ids.map((id) => titleOf.get(id))).toEqual(['both'])
  })

  it('a temporary chat is never found', async () => {
    const temp = await store.createConversation({ title: 'secret zanzibar', temporary: true })
    await store.addMessage({ conversationId: temp.id, role: 'user', parts: [{ type: 'text', text: 'zanzibar' }], status: 'complete' })
    expect((await store.searchPage('zanzibar')).hits).toEqual([])
  })
})

describe('importing whole conversations', () => {
  it('is all or nothing: a failing conversation leaves none of them', async () => {
    const good = conversation('good', 1000, ['kept text'])
    const clash = conversation('clash', 2000, ['other'])
    clash.messages[0].id = good.messages[0].id // a message id used twice: the second insert fails
    await expect(store.importConversations([good, clash])).rejects.toThrow()
    expect(await store.listConversations()).toEqual([])
    expect((await store.searchPage('kept')).hits).toEqual([])
    await store.importConversations([good])
    expect((await store.searchPage('kept')).hits.map((h) => h.conversationId)).toEqual([good.conversation.id])
    expect(await store.takenIds([good.conversation.id, good.messages[0].id, 'free'])).toEqual(new Set([good.conversation.id, good.messages[0].id]))
    expect(await store.listMessages(good.conversation.id)).toEqual(good.messages)
  })
})

describe('the background integrity check', () => {
  const worker = { path: path.join(path.dirname(new URL(import.meta.url).pathname), '../../src/main/store/integrityWorker.ts'), execArgv: ['--require', 'tsx/cjs'] }
  const file = (): string => path.join(dir, 'omnidesk.db')

  it('runs in a worker after its delay, writes its verdict, and not again within the week', async () => {
    const first = scheduleIntegrityCheck({ dataDir: dir, file: file(), worker, now: () => clock, delayMs: 0 })
    expect(await first.done).toMatchObject({ ok: true, checkedAt: clock })
    expect(await readIntegrityRecord(dir)).toMatchObject({ ok: true })
    clock += CHECK_INTERVAL_MS - 1
    const soon = scheduleIntegrityCheck({ dataDir: dir, file: file(), worker, now: () => clock, delayMs: 0 })
    expect(await soon.done).toBeUndefined()
    clock += 2
    const due = scheduleIntegrityCheck({ dataDir: dir, file: file(), worker, now: () => clock, delayMs: 0 })
    expect(await due.done).toMatchObject({ ok: true, checkedAt: clock })
  })

  it('disposed before its time, it never starts', async () => {
    const schedule = scheduleIntegrityCheck({ dataDir: dir, file: file(), worker, now: () => clock, delayMs: 60_000 })
    schedule.dispose()
    expect(await schedule.done).toBeUndefined()
    expect(existsSync(path.join(dir, INTEGRITY_FILE_NAME))).toBe(false)
  })

  it('a check that cannot run (no file) gives no verdict and leaves the record alone', async () => {
    await writeIntegrityRecord(dir, { checkedAt: 1, ok: true })
    const schedule = scheduleIntegrityCheck({ dataDir: dir, file: path.join(dir, 'missing', 'nope.db'), worker, now: () => clock, delayMs: 0 })
    expect(await schedule.done).toBeUndefined()
    expect(await readIntegrityRecord(dir)).toEqual({ checkedAt: 1, ok: true })
  })
})
