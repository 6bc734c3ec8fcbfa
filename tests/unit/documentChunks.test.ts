import { createClient, type Client } from '@libsql/client'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME } from '../../src/main/store/database'
import {
  buildRetrievalQuery,
  deleteDocumentChunks,
  hasDocumentChunks,
  indexDocumentChunks,
  retrieveChunks,
  type IndexedChunk
} from '../../src/main/store/documentChunks'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, readSchemaVersion } from '../../src/main/store/migrations'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'

let dataDir: string
const clients: Client[] = []

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-chunks-'))
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await rm(dataDir, { recursive: true, force: true })
})

const dbFile = (): string => path.join(dataDir, DATABASE_FILE_NAME)

function rawClient(): Client {
  const client = createClient({ url: `file:${dbFile()}` })
  clients.push(client)
  return client
}

/** A database migrated by the store itself (the store does not expose its client: it is closed, the file reopened). */
async function migratedClient(): Promise<Client> {
  const { store } = await openConversationStore({ dataDir })
  await store.close()
  const client = rawClient()
  await client.execute('PRAGMA foreign_keys = ON')
  return client
}

const chunk = (index: number, text: string, page = index + 1): IndexedChunk => ({ index, pageFrom: page, pageTo: page, text, tokens: Math.ceil(text.length / 4) })

const MANUAL: IndexedChunk[] = [
  chunk(0, 'Introduction. This manual describes the installation of the Heron water pump and its controller.'),
  chunk(1, 'Safety. Always disconnect the mains supply before opening the housing. Wear gloves.'),
  chunk(2, 'Maintenance. Replace the impeller seal every 18 months; the filter cartridge every 6 months.'),
  chunk(3, 'Troubleshooting. If the pump hums but does not start, the capacitor has probably failed.'),
  chunk(4, 'Warranty. The warranty lasts 24 months from the date of purchase, excluding wear parts.'),
  chunk(5, 'Specifications. Flow rate 3,600 litres per hour, head 42 metres, power 750 watts.')
]

const REPORT: IndexedChunk[] = [
  chunk(0, '年度报告概述。本公司今年的营业收入增长了百分之十二。'),
  chunk(1, '研发投入主要集中在电池技术和储能系统。'),
  chunk(2, '项目截止日期为二零二五年六月三十日，逾期将支付违约金。'),
  chunk(3, '员工总数达到三千人，其中研发人员占四成。'),
  chunk(4, '天气对物流运输造成了一定影响。')
]

async function indexRows(client: Client, documentId?: string): Promise<number> {
  const sql = documentId
    ? 'SELECT count(*) FROM document_chunks_index WHERE rowid IN (SELECT seq FROM document_chunks WHERE document_id = ?)'
    : 'SELECT count(*) FROM document_chunks_index'
  return Number((await client.execute({ sql, args: documentId ? [documentId] : [] })).rows[0][0])
}

describe('document chunks', () => {
  it('retrieves the chunk with the answer to an English question, in document order', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'report', REPORT)
    expect(await hasDocumentChunks(client, 'manual')).toBe(true)
    expect(await hasDocumentChunks(client, 'other')).toBe(false)

    const top3 = await retrieveChunks(client, { documentIds: ['manual', 'report'], question: 'How long is the warranty?', limit: 3 })
    expect(top3.map((c) => c.index)).toContain(4)
    expect(top3.every((c) => c.documentId === 'manual')).toBe(true)
    const found = top3.find((c) => c.index === 4)!
    expect(found).toMatchObject({ pageFrom: 5, pageTo: 5, text: MANUAL[4].text })
    expect(found.score).toBeGreaterThan(0)

    const many = await retrieveChunks(client, { documentIds: ['manual'], question: 'When should the seal and the filter be replaced? What if the pump hums?' })
    expect(many.map((c) => c.index)).toEqual([...many.map((c) => c.index)].sort((a, b) => a - b))
    expect(many.map((c) => c.index)).toEqual(expect.arrayContaining([2, 3]))
  })

  it('retrieves Chinese chunks by a Chinese question', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'report', REPORT)
    const top3 = await retrieveChunks(client, { documentIds: ['manual', 'report'], question: '项目的截止日期是什么时候？', limit: 3 })
    expect(top3[0]).toBeDefined()
    expect(top3.map((c) => `${c.documentId}:${c.index}`)).toContain('report:2')
    // Ranked first: alone with limit 1.
    const best = await retrieveChunks(client, { documentIds: ['report'], question: '研发人员有多少？', limit: 1 })
    expect(best.map((c) => c.index)).toEqual([3])
    // A two-character word inside a sentence written without spaces.
    expect((await retrieveChunks(client, { documentIds: ['report'], question: '天气', limit: 1 }))[0].index).toBe(4)
  })

  it('returns only chunks of the given documents', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'a', [chunk(0, 'The quarterly budget for marketing.'), chunk(1, 'Unrelated notes.')])
    await indexDocumentChunks(client, 'b', [chunk(0, 'The quarterly budget for engineering and marketing budget budget.')])
    const onlyA = await retrieveChunks(client, { documentIds: ['a'], question: 'marketing budget' })
    expect(onlyA.map((c) => `${c.documentId}:${c.index}`)).toEqual(['a:0'])
    const both = await retrieveChunks(client, { documentIds: ['b', 'a'], question: 'marketing budget' })
    expect(both.map((c) => `${c.documentId}:${c.index}`)).toEqual(['b:0', 'a:0']) // in the order of documentIds
    expect(await retrieveChunks(client, { documentIds: [], question: 'marketing' })).toEqual([])
    expect(await retrieveChunks(client, { documentIds: ['missing'], question: 'marketing' })).toEqual([])
  })

  it('reads FTS5 syntax in the question as plain text', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    const questions = [
      'what is the "warranty',
      'warranty*',
      'NEAR(warranty capacitor, 2)',
      'warranty AND OR NOT capacitor',
      'text:warranty',
      'col: warranty ^ ( ) { } - + : "" \'',
      '"',
      '*',
      'NEAR(',
      'AND OR NOT',
      'col:'
    ]
    for (const question of questions) {
      const match = buildRetrievalQuery(question)
      if (match !== undefined) expect(match).toMatch(/^"[^"]+"( OR "[^"]+")*$/u)
      const result = await retrieveChunks(client, { documentIds: ['manual'], question, limit: 3 })
      expect(result.length, question).toBeGreaterThan(0)
      if (/warranty/u.test(question)) expect(result.map((c) => c.index), question).toContain(4)
    }
    // `text:` is not a column filter and NEAR( not an operator: both are words.
    expect(buildRetrievalQuery('text:warranty')).toBe('"text" OR "warranty"')
    expect(buildRetrievalQuery('NEAR(warranty capacitor, 2)')).toBe('"near" OR "warranty" OR "capacitor" OR "2"')
  })

  it('returns the first chunks, in order, for an empty or stopwords-only question', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'report', REPORT)
    for (const question of ['', '   ', 'What is it that they do?', '?!…', 'the and of']) {
      expect(buildRetrievalQuery(question)).toBeUndefined()
      const first = await retrieveChunks(client, { documentIds: ['manual'], question, limit: 3 })
      expect(first.map((c) => c.index)).toEqual([0, 1, 2])
      expect(first.every((c) => c.score === 0)).toBe(true)
    }
    // Several documents share the budget: the beginning of each.
    const both = await retrieveChunks(client, { documentIds: ['manual', 'report'], question: 'what?', limit: 4 })
    expect(both.map((c) => `${c.documentId}:${c.index}`)).toEqual(['manual:0', 'manual:1', 'report:0', 'report:1'])
  })

  it("replaces a document's chunks and deletes them with their index rows", async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'report', REPORT)
    expect(await indexRows(client)).toBe(MANUAL.length + REPORT.length)

    await indexDocumentChunks(client, 'manual', [chunk(0, 'Version two: the warranty is now 36 months.'), chunk(1, 'Nothing else changed.')])
    expect(await indexRows(client)).toBe(2 + REPORT.length)
    const count = await client.execute({ sql: 'SELECT count(*) FROM document_chunks WHERE document_id = ?', args: ['manual'] })
    expect(Number(count.rows[0][0])).toBe(2)
    expect(await retrieveChunks(client, { documentIds: ['manual'], question: 'capacitor' })).toEqual([
      expect.objectContaining({ index: 0, score: 0 }), // matches nothing any more: the beginning
      expect.objectContaining({ index: 1, score: 0 })
    ])
    expect((await retrieveChunks(client, { documentIds: ['manual'], question: 'warranty', limit: 1 }))[0].text).toContain('36 months')

    // A failing replacement (two chunks with one index) leaves the previous chunks.
    await expect(indexDocumentChunks(client, 'manual', [chunk(0, 'x'), chunk(0, 'y')])).rejects.toThrow()
    expect(await indexRows(client, 'manual')).toBe(2)

    await deleteDocumentChunks(client, ['manual', 'unknown'])
    expect(await hasDocumentChunks(client, 'manual')).toBe(false)
    expect(await indexRows(client)).toBe(REPORT.length)
    const matches = await client.execute({ sql: 'SELECT count(*) FROM document_chunks_index WHERE document_chunks_index MATCH ?', args: ['warranty'] })
    expect(Number(matches.rows[0][0])).toBe(0)
    await deleteDocumentChunks(client, ['report'])
    expect(await indexRows(client)).toBe(0)
    await deleteDocumentChunks(client, [])
  })

  it('writes a large document in batches; readers see the old set or the new one, never a mix; an interrupted write is cleared', async () => {
    const client = await migratedClient()
    const many = (version: string, n: number): IndexedChunk[] => Array.from({ length: n }, (_, i) => chunk(i, `${version} passage ${i} about pumps`))
    await indexDocumentChunks(client, 'big', many('first', 250))
    // Readers during a replacement: every answer comes from one version only.
    const seen = new Set<string>()
    const replacing = indexDocumentChunks(client, 'big', many('second', 250))
    let done = false
    void replacing.then(() => (done = true))
    while (!done) {
      const found = await retrieveChunks(client, { documentIds: ['big'], question: 'pumps', limit: 500 })
      const versions = new Set(found.map((c) => c.text.split(' ')[0]))
      expect(versions.size, [...versions].join(', ')).toBe(1)
      expect(found.length === 0 || found.length === 250).toBe(true)
      for (const v of versions) seen.add(v)
      // libsql answers within microtasks: let the writer's batches (after setImmediate) through.
      await new Promise((resolve) => setImmediate(resolve))
    }
    await replacing
    expect(seen.size).toBeGreaterThan(0)
    expect((await retrieveChunks(client, { documentIds: ['big'], question: 'pumps', limit: 500 })).every((c) => c.text.startsWith('second'))).toBe(true)
    expect(await indexRows(client)).toBe(250)

    // A write a crash interrupted: rows under the pending id, never returned, cleared by the next write.
    await client.execute({ sql: 'INSERT INTO document_chunks (document_id, idx, text, tokens) VALUES (?, 0, ?, 1)', args: ['big\u0000pending', 'orphan pumps'] })
    expect((await retrieveChunks(client, { documentIds: ['big'], question: 'orphan', limit: 500 })).some((c) => c.text.includes('orphan'))).toBe(false)
    await indexDocumentChunks(client, 'big', many('third', 3))
    const rows = await client.execute('SELECT count(*) FROM document_chunks')
    expect(Number(rows.rows[0][0])).toBe(3)
  })

  it('migrates a version 5 database and keeps its data', async () => {
    const old = rawClient()
    await migrate(old, MIGRATIONS.filter((m) => m.version <= 5))
    expect(await readSchemaVersion(old)).toBe(5)
    await old.execute({ sql: "INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('c1', 'kept', 0, 1, 1)" })
    old.close()
    clients.splice(clients.indexOf(old), 1)

    const { store } = await openConversationStore({ dataDir })
    expect((await store.getConversation('c1'))?.title).toBe('kept')
    await store.close()
    const client = rawClient()
    expect(await readSchemaVersion(client)).toBe(LATEST_SCHEMA_VERSION)
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(6)
    await indexDocumentChunks(client, 'manual', MANUAL)
    expect((await retrieveChunks(client, { documentIds: ['manual'], question: 'capacitor', limit: 1 }))[0].index).toBe(3)
    const secure = await client.execute(`SELECT v FROM document_chunks_index_config WHERE k = 'secure-delete'`)
    expect(Number(secure.rows[0]?.[0])).toBe(1)
  })
})
