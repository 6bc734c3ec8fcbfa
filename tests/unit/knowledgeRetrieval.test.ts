import { createClient, type Client } from '@libsql/client'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import OpenAI from 'openai'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createEmbedder, EmbeddingError, indexDocumentVectors, type Embedder } from '../../src/main/knowledge/embeddings'
import {
  chunksMissingVectors,
  countChunksMissingVectors,
  deleteChunkVectors,
  deleteVectorsOfDocuments,
  hybridRetrieve,
  reciprocalRankFusion,
  storeChunkVectors,
  vectorDimensions
} from '../../src/main/store/chunkVectors'
import { DATABASE_FILE_NAME } from '../../src/main/store/database'
import { deleteDocumentChunks, indexDocumentChunks, retrieveChunks, type IndexedChunk } from '../../src/main/store/documentChunks'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import { fakeEmbedding, startFakeProvider, type FakeProvider } from '../support/fakeProvider'

const MODEL = 'text-embedding-fake'

let provider: FakeProvider
let dataDir: string
const clients: Client[] = []

beforeAll(async () => {
  provider = await startFakeProvider({ embeddingDims: { 'embed-768': 768 } })
})
afterAll(() => provider.close())
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-knowledge-'))
})
afterEach(async () => {
  provider.reset()
  for (const client of clients.splice(0)) client.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** A database migrated by the store itself (closed, then the file reopened: the store keeps its client). */
async function migratedClient(): Promise<Client> {
  const { store } = await openConversationStore({ dataDir })
  await store.close()
  const client = createClient({ url: `file:${path.join(dataDir, DATABASE_FILE_NAME)}` })
  clients.push(client)
  await client.execute('PRAGMA foreign_keys = ON')
  return client
}

const sdk = (): OpenAI => new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-test', maxRetries: 0 })
const embedder = (opts: { model?: string; batchSize?: number } = {}): Embedder => createEmbedder({ client: sdk(), model: opts.model ?? MODEL, batchSize: opts.batchSize })

const chunk = (index: number, text: string): IndexedChunk => ({ index, pageFrom: index + 1, pageTo: index + 1, text, tokens: Math.ceil(text.length / 4) })

const MANUAL = [
  'Introduction. This manual describes the installation of the Heron water pump and its controller.',
  'Safety. Always disconnect the mains supply before opening the housing. Wear gloves when handling the impeller.',
  'Maintenance. Replace the impeller seal every 18 months and the filter cartridge every 6 months.',
  'Troubleshooting. If the pump hums but does not start, the capacitor has probably failed.',
  'Warranty. The warranty lasts 24 months from the date of purchase, excluding wear parts such as seals.',
  'Specifications. Flow rate 3,600 litres per hour, head 42 metres, power 750 watts.'
].map((text, i) => chunk(i, text))

const GARDEN = [
  'Sowing. Tomato seeds germinate in a week at 20 degrees; sow them indoors in early spring.',
  'Watering. Water the seedlings in the morning so the leaves dry before nightfall and mildew cannot spread.',
  'Pruning. Pinch out the side shoots of cordon tomatoes as they appear between stem and leaf.',
  'Harvest. Pick the fruit when it is fully coloured; green tomatoes ripen on a sunny windowsill.',
  'Pests. Aphids gather under the leaves; a spray of soapy water keeps them down without poisons.',
  'Soil. Tomatoes like rich, well drained soil with plenty of compost dug in the autumn before.'
].map((text, i) => chunk(i, text))

async function vectorRows(client: Client, dims = 256, documentId?: string): Promise<number> {
  const sql = documentId
    ? `SELECT count(*) FROM chunk_vectors_${dims} WHERE seq IN (SELECT seq FROM document_chunks WHERE document_id = ?)`
    : `SELECT count(*) FROM chunk_vectors_${dims}`
  return Number((await client.execute({ sql, args: documentId ? [documentId] : [] })).rows[0][0])
}

/** Embeds the question the way the app will: through the provider. */
async function questionEmbedding(question: string, model = MODEL) {
  const [vector] = await embedder({ model }).embed([question])
  return { model, vector }
}

async function indexBoth(client: Client): Promise<void> {
  await indexDocumentChunks(client, 'manual', MANUAL)
  await indexDocumentChunks(client, 'garden', GARDEN)
  await indexDocumentVectors({ client, embedder: embedder(), documentIds: ['manual', 'garden'] })
}

describe('chunk vectors', () => {
  it('stores the vectors of every chunk and finds a chunk by its vector, by index and by exact scan', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'garden', GARDEN)
    const progress: number[] = []
    const done = await indexDocumentVectors({
      client,
      embedder: embedder({ batchSize: 4 }),
      documentIds: ['manual', 'garden'],
      onProgress: (p) => progress.push(p.embedded)
    })
    expect(done).toEqual({ embedded: 12, total: 12 })
    expect(progress).toEqual([4, 8, 12])
    expect(await vectorDimensions(client)).toEqual([256])
    expect(await vectorRows(client)).toBe(12)
    expect(await countChunksMissingVectors(client, { documentIds: ['manual', 'garden'], model: MODEL })).toBe(0)
    // Three requests of at most 4 inputs, the model echoed, floats asked for.
    const requests = provider.requests.filter((r) => r.path === '/v1/embeddings')
    expect(requests.map((r) => (r.body as { input: string[] }).input.length)).toEqual([4, 4, 4])
    expect(requests[0].body).toMatchObject({ model: MODEL, encoding_format: 'float' })

    // The stored vector is the provider's (float32).
    const stored = await client.execute({
      sql: 'SELECT vector_extract(v.embedding) AS e FROM chunk_vectors_256 v JOIN document_chunks c ON c.seq = v.seq WHERE c.document_id = ? AND c.idx = 2',
      args: ['manual']
    })
    const vector = JSON.parse(String(stored.rows[0].e)) as number[]
    fakeEmbedding(MANUAL[2].text).forEach((value, i) => expect(vector[i]).toBeCloseTo(value, 6))

    const question = 'Which watts does the pump need?'
    for (const vectorSearch of ['exact', 'index'] as const) {
      const found = await hybridRetrieve(client, { documentIds: ['manual', 'garden'], question, questionEmbedding: await questionEmbedding(question), limit: 2, vectorSearch })
      expect(found.map((c) => [c.documentId, c.index])).toContainEqual(['manual', 5])
      expect(found).toHaveLength(2)
    }
  })

  it('keeps one table per dimension, and compares a question only with vectors of its model', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'garden', GARDEN)
    await indexDocumentVectors({ client, embedder: embedder(), documentIds: ['manual'] })
    await indexDocumentVectors({ client, embedder: embedder({ model: 'embed-768' }), documentIds: ['garden'] })
    expect(await vectorDimensions(client)).toEqual([256, 768])
    expect(await vectorRows(client, 256)).toBe(6)
    expect(await vectorRows(client, 768)).toBe(6)
    expect(await countChunksMissingVectors(client, { documentIds: ['manual', 'garden'], model: MODEL })).toBe(6)
    expect(await countChunksMissingVectors(client, { documentIds: ['manual', 'garden'], model: 'embed-768', dims: 768 })).toBe(6)
    expect((await chunksMissingVectors(client, { documentIds: ['manual', 'garden'], model: MODEL, limit: 100 })).map((c) => c.documentId)).toEqual(Array(6).fill('garden'))

    // A 768-dimension question finds the garden's chunks by vector (the manual has none of that size).
    const question = 'When should tomato seeds be sown?'
    const garden = await hybridRetrieve(client, { documentIds: ['garden', 'manual'], question, questionEmbedding: await questionEmbedding(question, 'embed-768'), limit: 3 })
    expect(garden.map((c) => c.documentId)).toEqual(['garden', 'garden', 'garden'])
    expect(garden.map((c) => c.index)).toContain(0)

    // The same size but another model: no vector to compare with, so full text alone.
    const other = { model: 'another-model', vector: fakeEmbedding(question) }
    expect(await hybridRetrieve(client, { documentIds: ['garden'], question, questionEmbedding: other, limit: 3 })).toEqual(
      await retrieveChunks(client, { documentIds: ['garden'], question, limit: 3 })
    )
    // Vectors of another size than any stored: full text alone too.
    expect(await hybridRetrieve(client, { documentIds: ['garden'], question, questionEmbedding: { model: MODEL, vector: [0.6, 0.8] }, limit: 3 })).toEqual(
      await retrieveChunks(client, { documentIds: ['garden'], question, limit: 3 })
    )
  })

  it('retrieves at least as well as full text alone on questions worded unlike the passage', async () => {
    const client = await migratedClient()
    await indexBoth(client)
    // Each question uses a synonym or another form of the passage's key word ("guarantee" for
    // "warranty", "filters … replaced" for "Replace the filter"), and shares other words with it.
    const labelled: Array<{ question: string; answer: [string, number] }> = [
      { question: 'How often should the filters be replaced?', answer: ['manual', 2] },
      { question: 'How long is the guarantee on seals and other wearing parts?', answer: ['manual', 4] },
      { question: 'The pump is humming and will not start: what failed?', answer: ['manual', 3] },
      { question: 'What should be switched off before the housing is opened?', answer: ['manual', 1] },
      { question: 'How do I get rid of aphid insects on the leaf undersides?', answer: ['garden', 4] },
      { question: 'When are the tomatoes ready for picking?', answer: ['garden', 3] },
      { question: 'Best time of day for watering seedlings?', answer: ['garden', 1] },
      { question: 'Which shoots are pinched when pruning cordons?', answer: ['garden', 2] }
    ]
    let hybridHits = 0
    let ftsHits = 0
    const ids = ['manual', 'garden']
    for (const { question, answer } of labelled) {
      const isAnswer = (c: { documentId: string; index: number }): boolean => c.documentId === answer[0] && c.index === answer[1]
      const fts = await retrieveChunks(client, { documentIds: ids, question, limit: 2 })
      const hybrid = await hybridRetrieve(client, { documentIds: ids, question, questionEmbedding: await questionEmbedding(question), limit: 2 })
      if (fts.some(isAnswer)) ftsHits++
      if (hybrid.some(isAnswer)) hybridHits++
    }
    expect(hybridHits).toBeGreaterThanOrEqual(ftsHits)
    expect(hybridHits).toBe(labelled.length)
    // The set does tell them apart: full text alone misses some.
    expect(ftsHits).toBeLessThan(labelled.length)
    // The first question has no word of its passage as FTS5 sees words ("filters", "replaced"):
    // full text falls back to the documents' beginnings; the vectors find it.
    const question = labelled[0].question
    expect((await retrieveChunks(client, { documentIds: ids, question, limit: 2 })).map((c) => c.score)).toEqual([0, 0])
    const hybrid = await hybridRetrieve(client, { documentIds: ids, question, questionEmbedding: await questionEmbedding(question), limit: 1 })
    expect(hybrid.map((c) => [c.documentId, c.index])).toEqual([['manual', 2]])
  })

  it('resumes an indexing run stopped by a failed embeddings request, embedding only what was missing', async () => {
    const client = await migratedClient()
    const long = Array.from({ length: 40 }, (_, i) => chunk(i, `Section ${i}. The ${['red', 'green', 'blue', 'amber'][i % 4]} valve number ${i} is checked weekly.`))
    await indexDocumentChunks(client, 'long', long)
    // Two requests go through, the third fails (no retry: maxRetries 0).
    provider.script({ match: { path: '/v1/embeddings' }, times: 2 })
    provider.script({ match: { path: '/v1/embeddings' }, status: 500 })
    const seen: number[] = []
    const error = await indexDocumentVectors({ client, embedder: embedder({ batchSize: 8 }), documentIds: ['long'], onProgress: (p) => seen.push(p.embedded) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmbeddingError)
    expect((error as EmbeddingError).kind).toBe('failed')
    expect((error as EmbeddingError).info).toMatchObject({ code: 'server', status: 500 })
    expect(seen).toEqual([8, 16])
    expect(await vectorRows(client)).toBe(16)
    // Full text works meanwhile.
    expect((await retrieveChunks(client, { documentIds: ['long'], question: 'amber valve 7', limit: 1 }))[0].index).toBe(7)

    provider.reset()
    const resumed = await indexDocumentVectors({ client, embedder: embedder({ batchSize: 8 }), documentIds: ['long'] })
    expect(resumed).toEqual({ embedded: 24, total: 24 })
    const inputs = provider.requests.flatMap((r) => (r.body as { input: string[] }).input)
    expect(inputs).toEqual(long.slice(16).map((c) => c.text))
    expect(await vectorRows(client)).toBe(40)
    // Nothing left: a third run asks the provider nothing.
    provider.reset()
    expect(await indexDocumentVectors({ client, embedder: embedder(), documentIds: ['long'] })).toEqual({ embedded: 0, total: 0 })
    expect(provider.requests).toHaveLength(0)
  })

  it('deletes the vectors of deleted documents, and of chunks a re-index replaced', async () => {
    const client = await migratedClient()
    await indexBoth(client)
    await deleteVectorsOfDocuments(client, ['manual'])
    expect(await vectorRows(client, 256, 'manual')).toBe(0)
    expect(await vectorRows(client, 256, 'garden')).toBe(6)
    await deleteDocumentChunks(client, ['manual'])
    expect(await vectorRows(client)).toBe(6)

    // Deleting chunks alone takes their vectors too (the trigger), so a reused seq never inherits one.
    await deleteDocumentChunks(client, ['garden'])
    expect(await vectorRows(client)).toBe(0)

    // Re-indexing a document replaces its chunks (new seqs): their old vectors go, the new chunks need embedding.
    await indexBoth(client)
    expect(await vectorRows(client)).toBe(12)
    await indexDocumentChunks(client, 'garden', GARDEN.slice(0, 3))
    expect(await vectorRows(client, 256, 'garden')).toBe(0)
    expect(await vectorRows(client)).toBe(6)
    expect(await countChunksMissingVectors(client, { documentIds: ['garden'], model: MODEL })).toBe(3)

    // By seq, across every size.
    const seqs = (await client.execute("SELECT seq FROM document_chunks WHERE document_id = 'manual' ORDER BY idx LIMIT 2")).rows.map((r) => Number(r.seq))
    await deleteChunkVectors(client, { seqs })
    expect(await vectorRows(client, 256, 'manual')).toBe(4)
  })

  it('skips vectors of chunks that are gone, and refuses vectors of mixed sizes', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    const seq = Number((await client.execute("SELECT seq FROM document_chunks WHERE document_id = 'manual' AND idx = 0")).rows[0].seq)
    const stored = await storeChunkVectors(client, {
      model: MODEL,
      vectors: [
        { seq, embedding: fakeEmbedding('a') },
        { seq: 999_999, embedding: fakeEmbedding('b') },
        { seq, embedding: fakeEmbedding('c'), documentId: 'garden' }
      ]
    })
    expect(stored).toBe(1)
    // A later vector of the chunk (here another model's) replaces it, in the index too.
    expect(await storeChunkVectors(client, { model: 'other', vectors: [{ seq, embedding: fakeEmbedding('pump warranty') }] })).toBe(1)
    expect(await vectorRows(client)).toBe(1)
    const top = await client.execute({ sql: "SELECT v.model FROM vector_top_k('chunk_vectors_256_idx', vector32(?), 5) AS t JOIN chunk_vectors_256 v ON v.seq = t.id", args: [JSON.stringify(fakeEmbedding('pump warranty'))] })
    expect(top.rows.map((r) => r.model)).toEqual(['other'])
    await expect(storeChunkVectors(client, { model: MODEL, vectors: [{ seq, embedding: [1, 0] }, { seq, embedding: [1, 0, 0] }] })).rejects.toThrow(/one size/)
    await expect(storeChunkVectors(client, { model: MODEL, vectors: [{ seq, embedding: [1, Number.NaN] }] })).rejects.toThrow(/finite/)
  })

  it('is full text alone without a question embedding, or before any vector is stored', async () => {
    const client = await migratedClient()
    await indexDocumentChunks(client, 'manual', MANUAL)
    await indexDocumentChunks(client, 'garden', GARDEN)
    const ids = ['garden', 'manual']
    for (const question of ['How long does the warranty last?', 'the', '']) {
      const fts = await retrieveChunks(client, { documentIds: ids, question, limit: 3 })
      expect(await hybridRetrieve(client, { documentIds: ids, question, limit: 3 })).toEqual(fts)
      expect(await hybridRetrieve(client, { documentIds: ids, question, limit: 3, questionEmbedding: await questionEmbedding(question || ' ') })).toEqual(fts)
    }
    expect(await hybridRetrieve(client, { documentIds: [], question: 'x', questionEmbedding: { model: MODEL, vector: fakeEmbedding('x') } })).toEqual([])
  })

  it('fuses ranked lists by reciprocal rank: a chunk in both beats one first in a single list', () => {
    const fused = reciprocalRankFusion([
      [1, 2, 3],
      [3, 4]
    ])
    expect(fused.map((f) => f.seq)).toEqual([3, 1, 2, 4])
    expect(fused[0].score).toBeCloseTo(1 / 63 + 1 / 61, 12)
    expect(fused[1].score).toBeCloseTo(1 / 61, 12)
    expect(reciprocalRankFusion([[], []])).toEqual([])
  })

  it('returns the fused best chunks in document order with their fused scores', async () => {
    const client = await migratedClient()
    await indexBoth(client)
    const question = 'How long does the warranty on the pump last?'
    const found = await hybridRetrieve(client, { documentIds: ['garden', 'manual'], question, questionEmbedding: await questionEmbedding(question), limit: 4 })
    expect(found).toHaveLength(4)
    const order = found.map((c) => [c.documentId, c.index] as const)
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] === 'garden' ? -1 : 1))
    expect(order).toEqual(sorted)
    expect(order).toContainEqual(['manual', 4])
    // The warranty chunk is first in both lists: 2 / (60 + 1), the most a chunk can score.
    expect(found.find((c) => c.documentId === 'manual' && c.index === 4)!.score).toBeCloseTo(2 / 61, 10)
    for (const c of found) expect(c.score).toBeGreaterThan(0)
  })
})

describe('embedder', () => {
  it('keeps the order of the texts across batches and checks every answer has the same size', async () => {
    const calls: string[][] = []
    let reversed = false
    const fakeClient = {
      embeddings: {
        create: async (body: { input: string[] }) => {
          calls.push(body.input)
          // A server that answers out of order (with indexes), then one that changes size.
          const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: calls.length === 3 ? [1, 0, 0] : [text.length, 1] }))
          if (!reversed) data.reverse()
          reversed = true
          return { object: 'list', data, model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } }
        }
      }
    } as unknown as OpenAI
    const e = createEmbedder({ client: fakeClient, model: 'm', batchSize: 2 })
    expect(await e.embed(['a', 'bb', 'ccc', 'dddd'])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]])
    expect(calls).toEqual([['a', 'bb'], ['ccc', 'dddd']])
    expect(e.dims).toBe(2)
    const error = await e.embed(['x']).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EmbeddingError)
    expect((error as EmbeddingError).kind).toBe('failed')
    expect((error as Error).message).toMatch(/3 and 2 dimensions/)
  })

  it('says embeddings are unavailable for an unknown model or a missing endpoint, and classifies a rate limit', async () => {
    const strict = await startFakeProvider({ embeddingModels: ['text-embedding-3-small'] })
    try {
      const client = new OpenAI({ baseURL: strict.baseURL, apiKey: 'sk-test', maxRetries: 0 })
      const unknown = await createEmbedder({ client, model: 'gpt-4o' }).embed(['x']).catch((e: unknown) => e)
      expect(unknown).toMatchObject({ name: 'EmbeddingError', kind: 'unavailable', info: { code: 'model_not_found', status: 404 } })
      expect(await createEmbedder({ client, model: 'text-embedding-3-small' }).embed(['x'])).toHaveLength(1)
    } finally {
      await strict.close()
    }
    // A server without the endpoint (its 404 names no model).
    provider.script({ match: { path: '/v1/embeddings' }, status: 404, error: { message: 'Invalid URL (POST /v1/embeddings)' } })
    expect(await embedder().embed(['x']).catch((e: unknown) => e)).toMatchObject({ kind: 'unavailable', info: { code: 'not_found' } })
    provider.script({ match: { path: '/v1/embeddings' }, status: 429, retryAfterSeconds: 3 })
    expect(await embedder().embed(['x']).catch((e: unknown) => e)).toMatchObject({ kind: 'rate_limit', retryAfterMs: 3000 })
    provider.script({ match: { path: '/v1/embeddings' }, status: 429, error: { code: 'insufficient_quota', message: 'You exceeded your current quota.' } })
    expect(await embedder().embed(['x']).catch((e: unknown) => e)).toMatchObject({ kind: 'failed', info: { code: 'quota' } })
  })

  it('stops at an abort without classifying it', async () => {
    const controller = new AbortController()
    provider.script({ match: { path: '/v1/embeddings' }, firstByteDelayMs: 5000 })
    const pending = createEmbedder({ client: sdk(), model: MODEL, signal: controller.signal }).embed(['x']).catch((e: unknown) => e)
    setTimeout(() => controller.abort(), 50)
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError)
  })
})
