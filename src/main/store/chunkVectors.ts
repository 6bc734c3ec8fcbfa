/**
 * Vectors (embeddings) of document chunks, beside their FTS5 index in the same database, and
 * hybrid retrieval: full-text ranks and vector ranks merged by reciprocal rank fusion.
 *
 * One table per embedding dimension, `chunk_vectors_<dims>` (seq = document_chunks.seq, the
 * model that made the vector, the vector as F32_BLOB(<dims>)), with a libsql vector index
 * `chunk_vectors_<dims>_idx`: a fixed-size vector column cannot hold another size, and models
 * differ (1536, 1024, 768…). They are created on first use rather than by a migration, since
 * which sizes exist depends on the models the user picks. With each table goes a trigger that
 * deletes a chunk's vector with the chunk, as the FTS index's trigger does: chunk seqs are
 * reused once the highest ones are deleted (plain rowids), so a vector left behind would be
 * attached to another chunk later. Rows record the model: a vector is only ever compared with a
 * question embedded by the same model.
 *
 * libsql runs on the calling thread (main) and inserting into a vector index is slow (0.5–3 ms a
 * vector at 256 dimensions, more with more dimensions), so writes and deletes go in small
 * batches with the event loop let through between. A caller that shares the client with
 * the conversation store should run them on the store's write queue.
 */
import type { Client, InStatement } from '@libsql/client'
import {
  buildRetrievalQuery,
  DEFAULT_RETRIEVE_LIMIT,
  MAX_RETRIEVE_LIMIT,
  placeholders,
  retrievalTerms,
  retrieveChunks,
  toChunk,
  type RetrievedChunk,
  type RetrieveOptions
} from './documentChunks'

/** libsql's largest vector. */
export const MAX_VECTOR_DIMS = 65_536

/**
 * The vector index's tuning (libsql DiskANN). Measured on 20k clustered 256-dim vectors with
 * libsql 0.18's SQLite: the defaults (neighbours stored as full float32 vectors) took ~110 KB a
 * row and ~13 ms an insert; `float1bit` neighbours with at most 32 of them and a shorter insert
 * search took ~7 KB a row and ~1 ms an insert, and still found 99.8% of the exact top 50 within
 * its top 200 (float8 with 16 neighbours: 28%, with 24: 84%). Queries keep the default search
 * list (search_l 200). Changing these needs the tables rebuilt: they are fixed at creation.
 */
const VECTOR_INDEX_OPTIONS = ["'metric=cosine'", "'compress_neighbors=float1bit'", "'max_neighbors=32'", "'insert_l=40'"]

/**
 * Vector writes are sized by time, not count: one insert costs ~0.5 ms at 256 dimensions in a
 * fresh index and ~3 ms in one of 100k vectors (bench/knowledge.bench.ts), more with more
 * dimensions, and a batch holds main's event loop for all of it. Each batch is sized from the
 * pace of the one before to take about this long. The commits that trigger SQLite's WAL
 * checkpoint take ~15 ms more (the index touches many pages), hence a budget well under the
 * 16 ms of a frame.
 */
const WRITE_BUDGET_MS = 8
const FIRST_WRITE_BATCH = 8
const MAX_WRITE_BATCH = 256
/** A delete from the vector index costs ~0.25 ms (100k vectors, 256 dimensions): ~4 ms a batch. */
const DELETE_BATCH_VECTORS = 16

/** Reciprocal rank fusion's constant (Cormack et al. 2009): a rank r adds 1 / (RRF_K + r). */
export const RRF_K = 60
/** How deep each ranked list (full text, vectors) goes before fusion, by default. */
export const DEFAULT_PER_LIST_K = 50
const MAX_PER_LIST_K = 1000
/**
 * The vector index knows nothing of documents: its top k is over every chunk of that size, and
 * the chunks of the documents asked about are picked out afterwards. Asking for this many times
 * the list's length leaves enough when those documents are a fair part of the index.
 */
const ANN_OVERFETCH = 4
/** The index's search list is 200 deep by default: a far larger k only makes the query slower. */
const MAX_ANN_K = 2000
/**
 * Up to this many numbers (chunks × dimensions) the documents' vectors are all compared with the
 * question: exact, and where the index's top k, mostly other documents' chunks, could leave too
 * few. Measured in a 100k-vector database, 256 dimensions, the whole retrieval: 2,500 chunks
 * ~8 ms compared one by one, ~9 ms through the index; 5,000: ~12 and ~7 ms; 10,000: ~29 and ~9.
 */
const EXACT_SCAN_MAX_FLOATS = 1_000_000
/** See fullTextQuery: about 8 ms of bm25 scoring. */
const FULL_TEXT_SCORED_ROWS = 10_000

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const tableName = (dims: number): string => `chunk_vectors_${dims}`
const indexName = (dims: number): string => `chunk_vectors_${dims}_idx`
const triggerName = (dims: number): string => `chunk_vectors_${dims}_leave_chunks`
const TABLE_NAME = /^chunk_vectors_(\d+)$/

/** The dimension is spliced into SQL (table names, column type): it must be a plain integer. */
function checkDims(dims: number): void {
  if (!Number.isSafeInteger(dims) || dims < 1 || dims > MAX_VECTOR_DIMS) {
    throw new Error(`A vector must have 1 to ${MAX_VECTOR_DIMS} dimensions (got ${dims})`)
  }
}

/** Tables this client already made sure of (a CREATE … IF NOT EXISTS per write is a write transaction). */
const ensuredTables = new WeakMap<Client, Set<number>>()

async function ensureVectorTable(client: Client, dims: number): Promise<void> {
  checkDims(dims)
  let ensured = ensuredTables.get(client)
  if (ensured?.has(dims)) return
  const table = tableName(dims)
  await client.batch(
    [
      `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY, model TEXT NOT NULL, embedding F32_BLOB(${dims}) NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${indexName(dims)} ON ${table} (libsql_vector_idx(embedding, ${VECTOR_INDEX_OPTIONS.join(', ')}))`,
      `CREATE TRIGGER IF NOT EXISTS ${triggerName(dims)} AFTER DELETE ON document_chunks BEGIN
        DELETE FROM ${table} WHERE seq = old.seq;
      END`
    ],
    'write'
  )
  if (!ensured) ensuredTables.set(client, (ensured = new Set()))
  ensured.add(dims)
}

/** The dimensions that have a vector table in this database, smallest first. */
export async function vectorDimensions(client: Client): Promise<number[]> {
  const result = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'chunk_vectors_%'")
  return result.rows
    .map((row) => TABLE_NAME.exec(String(row.name)))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b)
}

async function hasVectorTable(client: Client, dims: number): Promise<boolean> {
  if (ensuredTables.get(client)?.has(dims)) return true
  const result = await client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [tableName(dims)] })
  return result.rows.length > 0
}

/** A vector as the bytes of its float32 values (what an F32_BLOB holds; vector32() checks its size). */
function vectorBlob(vector: ArrayLike<number>): Uint8Array {
  const floats = Float32Array.from(vector)
  return new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength)
}

export interface ChunkVector {
  /** document_chunks.seq of the chunk. */
  seq: number
  embedding: ArrayLike<number>
  /**
   * The chunk's document, when known: the vector is then stored only if the chunk still belongs
   * to it (a chunk deleted while its text was being embedded may have had its seq reused).
   */
  documentId?: string
}

export interface StoreChunkVectorsOptions {
  /** The embedding model that made the vectors. */
  model: string
  /** All of one dimension (one model makes one size). */
  vectors: readonly ChunkVector[]
}

/**
 * Stores chunks' vectors (replacing a chunk's earlier vector of the same size, whichever model
 * made it), a time-bounded batch at a time with the event loop let through between. A vector
 * whose chunk no longer exists is skipped. Returns how many were stored.
 */
export async function storeChunkVectors(client: Client, opts: StoreChunkVectorsOptions): Promise<number> {
  if (opts.vectors.length === 0) return 0
  const dims = opts.vectors[0].embedding.length
  for (const { seq, embedding } of opts.vectors) {
    if (!Number.isSafeInteger(seq)) throw new Error(`A chunk seq must be an integer (got ${seq})`)
    if (embedding.length !== dims) throw new Error(`Vectors of one model must have one size (${dims} and ${embedding.length})`)
    for (let i = 0; i < embedding.length; i++) {
      if (!Number.isFinite(embedding[i])) throw new Error(`A vector holds a number that is not finite (chunk ${seq})`)
    }
  }
  await ensureVectorTable(client, dims)
  const table = tableName(dims)
  let stored = 0
  let batch = FIRST_WRITE_BATCH
  for (let start = 0; start < opts.vectors.length; ) {
    const slice = opts.vectors.slice(start, start + batch)
    const statements: InStatement[] = slice.map(({ seq, embedding, documentId }) => ({
      // INSERT OR REPLACE: one vector a chunk and size, the latest wins (another model's included).
      sql: `INSERT OR REPLACE INTO ${table} (seq, model, embedding)
        SELECT ?, ?, vector32(?) WHERE EXISTS (SELECT 1 FROM document_chunks WHERE seq = ?${documentId === undefined ? '' : ' AND document_id = ?'})`,
      args: documentId === undefined ? [seq, opts.model, vectorBlob(embedding), seq] : [seq, opts.model, vectorBlob(embedding), seq, documentId]
    }))
    const started = performance.now()
    const results = await client.batch(statements, 'write')
    const took = performance.now() - started
    stored += results.reduce((sum, result) => sum + result.rowsAffected, 0)
    start += slice.length
    // As many as the last batch's pace fits in the budget, growing at most twofold a batch.
    const perVector = took / slice.length
    batch = Math.max(1, Math.min(MAX_WRITE_BATCH, batch * 2, Math.floor(WRITE_BUDGET_MS / Math.max(perVector, 0.001))))
    await yieldToEventLoop()
  }
  return stored
}

export interface MissingVectorsOptions {
  documentIds: readonly string[]
  model: string
  /** The model's vector size when known; without it, a vector of the model in any table counts. */
  dims?: number
  limit: number
  /** Only chunks after this seq (a run going through the documents in order; a new run starts at 0). */
  afterSeq?: number
}

export interface ChunkToEmbed {
  seq: number
  documentId: string
  index: number
  text: string
}

/** The NOT EXISTS conditions "no vector of `model`" over the tables to look in, and their args. */
async function withoutVectorOf(client: Client, model: string, dims: number | undefined): Promise<{ sql: string; args: string[] }> {
  if (dims !== undefined) checkDims(dims)
  const tables = dims === undefined ? await vectorDimensions(client) : (await hasVectorTable(client, dims)) ? [dims] : []
  return {
    sql: tables.map((d) => ` AND NOT EXISTS (SELECT 1 FROM ${tableName(d)} AS v WHERE v.seq = c.seq AND v.model = ?)`).join(''),
    args: tables.map(() => model)
  }
}

/**
 * The chunks of these documents that have no vector of `model` yet, in seq order (the order they
 * were written), at most `limit`: what an indexing run still has to embed, so a run that stopped
 * (an error, the app closed) goes on where it stopped.
 */
export async function chunksMissingVectors(client: Client, opts: MissingVectorsOptions): Promise<ChunkToEmbed[]> {
  const ids = [...new Set(opts.documentIds)]
  const limit = Math.floor(opts.limit)
  if (ids.length === 0 || !(limit > 0)) return []
  const without = await withoutVectorOf(client, opts.model, opts.dims)
  const result = await client.execute({
    sql: `SELECT c.seq, c.document_id, c.idx, c.text FROM document_chunks AS c
      WHERE c.document_id IN (${placeholders(ids.length)}) AND c.seq > ?${without.sql}
      ORDER BY c.seq LIMIT ?`,
    args: [...ids, opts.afterSeq ?? 0, ...without.args, limit]
  })
  return result.rows.map((row) => ({ seq: Number(row.seq), documentId: String(row.document_id), index: Number(row.idx), text: String(row.text) }))
}

/** How many chunks of these documents have no vector of `model` yet (see chunksMissingVectors). */
export async function countChunksMissingVectors(client: Client, opts: Omit<MissingVectorsOptions, 'limit' | 'afterSeq'>): Promise<number> {
  const ids = [...new Set(opts.documentIds)]
  if (ids.length === 0) return 0
  const without = await withoutVectorOf(client, opts.model, opts.dims)
  const result = await client.execute({
    sql: `SELECT count(*) FROM document_chunks AS c WHERE c.document_id IN (${placeholders(ids.length)})${without.sql}`,
    args: [...ids, ...without.args]
  })
  return Number(result.rows[0][0])
}

export type VectorsToDelete = { seqs: readonly number[] } | { documentIds: readonly string[] }

/**
 * Deletes vectors (of every size), a batch at a time with the event loop let through between:
 * of these chunks, or of every chunk of these documents. Deleting chunks deletes their vectors
 * anyway (by trigger), but inside the chunk delete's batches (~0.25 ms more a chunk and vector
 * size); deleting the vectors first leaves those batches as long as they were without vectors.
 */
export async function deleteChunkVectors(client: Client, target: VectorsToDelete): Promise<void> {
  const tables = await vectorDimensions(client)
  if (tables.length === 0) return
  if ('seqs' in target) {
    const seqs = [...new Set(target.seqs)]
    for (const seq of seqs) if (!Number.isSafeInteger(seq)) throw new Error(`A chunk seq must be an integer (got ${seq})`)
    for (const dims of tables) {
      for (let start = 0; start < seqs.length; start += DELETE_BATCH_VECTORS) {
        const part = seqs.slice(start, start + DELETE_BATCH_VECTORS)
        await client.execute({ sql: `DELETE FROM ${tableName(dims)} WHERE seq IN (${placeholders(part.length)})`, args: part })
        await yieldToEventLoop()
      }
    }
    return
  }
  for (const documentId of new Set(target.documentIds)) {
    for (const dims of tables) {
      const table = tableName(dims)
      for (;;) {
        const deleted = await client.execute({
          sql: `DELETE FROM ${table} WHERE seq IN (
            SELECT v.seq FROM document_chunks AS c JOIN ${table} AS v ON v.seq = c.seq WHERE c.document_id = ? LIMIT ?)`,
          args: [documentId, DELETE_BATCH_VECTORS]
        })
        if (deleted.rowsAffected === 0) break
        await yieldToEventLoop()
      }
    }
  }
}

/** Run before deleteDocumentChunks (see deleteChunkVectors for why first). */
export function deleteVectorsOfDocuments(client: Client, documentIds: readonly string[]): Promise<void> {
  return deleteChunkVectors(client, { documentIds })
}

export interface QuestionEmbedding {
  /** The model that embedded the question: only its vectors are compared. */
  model: string
  vector: ArrayLike<number>
}

export interface HybridRetrieveOptions extends RetrieveOptions {
  /** Without it (no embeddings for this provider, or embedding the question failed): retrieveChunks. */
  questionEmbedding?: QuestionEmbedding
  /** How deep each ranked list goes before fusion (default DEFAULT_PER_LIST_K, at least `limit`). */
  perListK?: number
  /**
   * How the vectors are searched: 'auto' (default) compares every vector of the documents when
   * they are few and uses the vector index otherwise (see rankByVector); tests and benches force
   * one or the other.
   */
  vectorSearch?: 'auto' | 'exact' | 'index'
}

/**
 * The reciprocal-rank-fusion scores of the chunks (by seq) in these ranked lists, best first (ties:
 * the earlier chunk). A chunk at rank r (from 1) of a list adds 1 / (RRF_K + r).
 */
export function reciprocalRankFusion(lists: ReadonlyArray<readonly number[]>): Array<{ seq: number; score: number }> {
  const scores = new Map<number, number>()
  for (const list of lists) list.forEach((seq, rank) => scores.set(seq, (scores.get(seq) ?? 0) + 1 / (RRF_K + rank + 1)))
  return [...scores.entries()].map(([seq, score]) => ({ seq, score })).sort((a, b) => b.score - a.score || a.seq - b.seq)
}

/**
 * The `limit` chunks of these documents that best match the question by reciprocal rank fusion
 * of two lists: bm25 over the full-text index (the question's terms as retrieveChunks builds
 * them, see fullTextQuery) and cosine distance to the question's embedding, each `perListK`
 * deep; a chunk scores Σ 1 / (RRF_K + its rank in each list). Returned in document order like
 * retrieveChunks, with the fused score. Without a question embedding, or when no chunk of these
 * documents has a vector of that model yet (indexing still running, or never done), it is
 * retrieveChunks: full text alone.
 */
export async function hybridRetrieve(client: Client, opts: HybridRetrieveOptions): Promise<RetrievedChunk[]> {
  const embedding = opts.questionEmbedding
  if (embedding === undefined || embedding.vector.length === 0) return retrieveChunks(client, opts)
  const ids = [...new Set(opts.documentIds)]
  if (ids.length === 0) return []
  const limit = Math.min(MAX_RETRIEVE_LIMIT, Math.max(1, Math.floor(opts.limit ?? DEFAULT_RETRIEVE_LIMIT)))
  const perListK = Math.min(MAX_PER_LIST_K, Math.max(limit, Math.floor(opts.perListK ?? DEFAULT_PER_LIST_K)))
  const byVector = await rankByVector(client, ids, embedding, perListK, opts.vectorSearch ?? 'auto')
  if (byVector.length === 0) return retrieveChunks(client, opts)
  const match = await fullTextQuery(client, opts.question)
  const byText = match === undefined ? [] : await rankByText(client, ids, match, perListK)

  const best = reciprocalRankFusion([byText, byVector]).slice(0, limit)
  // The ranking read seqs only; the texts of the few kept are read once, here.
  const rows = await client.execute({
    sql: `SELECT seq, document_id, idx, page_from, page_to, text FROM document_chunks WHERE seq IN (${placeholders(best.length)})`,
    args: best.map((chunk) => chunk.seq)
  })
  const score = new Map(best.map((chunk) => [chunk.seq, chunk.score]))
  const order = new Map(ids.map((id, position) => [id, position]))
  return rows.rows
    .map((row) => ({ ...toChunk(row), score: score.get(Number(row.seq)) ?? 0 }))
    .sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)! || a.index - b.index)
}

/**
 * The FTS5 expression for the question: retrieveChunks's terms, less the most common ones when
 * all of them together are in more than FULL_TEXT_SCORED_ROWS chunks (of the whole index: FTS5
 * matches before the documents are picked out). bm25 is computed for every chunk a term is in
 * (~0.75 µs a chunk: 23 ms for three terms in 30k of 100k chunks), and a term in a large share
 * of the chunks adds little to it (its IDF is low). The rarest term always stays, and the vector
 * list still sees the whole question. Below the threshold (any document of up to ~10k chunks)
 * this is buildRetrievalQuery's expression, unchanged.
 */
async function fullTextQuery(client: Client, question: string): Promise<string | undefined> {
  const terms = retrievalTerms(question)
  if (terms.length <= 1) return buildRetrievalQuery(question)
  // No term can be in more chunks than there are (max(seq) bounds their number, in one lookup).
  const highest = await client.execute('SELECT max(seq) FROM document_chunks')
  if (Number(highest.rows[0][0] ?? 0) <= FULL_TEXT_SCORED_ROWS) return buildRetrievalQuery(question)
  // One statement: a count per term (each reads its term's list of chunks, no scoring).
  const counted = await client.execute({
    sql: `SELECT ${terms.map(() => '(SELECT count(*) FROM document_chunks_index WHERE document_chunks_index MATCH ?)').join(', ')}`,
    args: terms
  })
  const counts = terms.map((term, i) => ({ term, count: Number(counted.rows[0][i]) }))
  let total = counts.reduce((sum, { count }) => sum + count, 0)
  const kept = new Set(terms)
  for (const { term, count } of [...counts].sort((a, b) => b.count - a.count)) {
    if (total <= FULL_TEXT_SCORED_ROWS || kept.size === 1) break
    kept.delete(term)
    total -= count
  }
  return terms.filter((term) => kept.has(term)).join(' OR ')
}

/** The chunks (seqs) of these documents that match the FTS5 expression, best (bm25) first. */
async function rankByText(client: Client, ids: string[], match: string, k: number): Promise<number[]> {
  const result = await client.execute({
    sql: `SELECT c.seq FROM document_chunks_index JOIN document_chunks AS c ON c.seq = document_chunks_index.rowid
      WHERE document_chunks_index MATCH ? AND c.document_id IN (${placeholders(ids.length)})
      ORDER BY rank LIMIT ?`,
    args: [match, ...ids, k]
  })
  return result.rows.map((row) => Number(row.seq))
}

/**
 * The chunks (seqs) with a vector of the question's model, nearest (cosine) first: all of the
 * documents' vectors compared when they are few (EXACT_SCAN_MAX_FLOATS), else the vector index's
 * top k over-fetched (ANN_OVERFETCH), narrowed to the documents and the model, and re-ranked by
 * exact distance. Chunks whose vector has no direction (all zeros: no distance) are left out.
 */
async function rankByVector(client: Client, ids: string[], embedding: QuestionEmbedding, k: number, search: 'auto' | 'exact' | 'index'): Promise<number[]> {
  const dims = embedding.vector.length
  if (dims > MAX_VECTOR_DIMS || !(await hasVectorTable(client, dims))) return []
  const table = tableName(dims)
  const question = vectorBlob(embedding.vector)
  let exact = search === 'exact'
  if (search === 'auto') {
    const exactMax = Math.max(1, Math.floor(EXACT_SCAN_MAX_FLOATS / dims))
    // Counting stops past the threshold: a count of a 100k-chunk selection would cost more than it tells.
    const counted = await client.execute({
      sql: `SELECT count(*) FROM (SELECT 1 FROM document_chunks WHERE document_id IN (${placeholders(ids.length)}) LIMIT ?)`,
      args: [...ids, exactMax + 1]
    })
    exact = Number(counted.rows[0][0]) <= exactMax
  }
  const result = exact
    ? await client.execute({
        sql: `SELECT c.seq, vector_distance_cos(v.embedding, vector32(?)) AS distance
          FROM document_chunks AS c JOIN ${table} AS v ON v.seq = c.seq
          WHERE c.document_id IN (${placeholders(ids.length)}) AND v.model = ?
          ORDER BY distance IS NULL, distance LIMIT ?`,
        args: [question, ...ids, embedding.model, k]
      })
    : await client.execute({
        sql: `SELECT c.seq, vector_distance_cos(v.embedding, vector32(?)) AS distance
          FROM vector_top_k('${indexName(dims)}', vector32(?), ?) AS top
          JOIN ${table} AS v ON v.seq = top.id
          JOIN document_chunks AS c ON c.seq = v.seq
          WHERE v.model = ? AND c.document_id IN (${placeholders(ids.length)})
          ORDER BY distance IS NULL, distance LIMIT ?`,
        args: [question, question, Math.min(MAX_ANN_K, k * ANN_OVERFETCH), embedding.model, ...ids, k]
      })
  return result.rows.filter((row) => row.distance !== null).map((row) => Number(row.seq))
}
