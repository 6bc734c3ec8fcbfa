/**
 * Chunks of long attached documents (files/documents/chunk.ts) in the conversation database,
 * and retrieval of the chunks most relevant to a question (schema version 6: `document_chunks`
 * and its FTS5 index `document_chunks_index`, rowid = document_chunks.seq).
 *
 * The indexed text is searchText.toIndexText(chunk text), so CJK text is one token per character
 * as in the conversation search index. A question becomes an OR of its meaningful terms: words
 * other than very common English ones, and CJK runs as overlapping two-character phrases (most
 * Chinese words are two characters; a phrase "天 气" matches only those characters adjacent, in
 * order). Every term is a double-quoted FTS5 string of letters and numbers only, so nothing the
 * user types is read as FTS5 syntax. bm25 ranks the chunks.
 *
 * Deletes go through the trigger on document_chunks (the index has secure-delete on). Writes go
 * in batches with the event loop let through (see indexDocumentChunks); a caller that shares the
 * client with the conversation store should run them on the store's write queue.
 */
import type { Client, InStatement, Row } from '@libsql/client'
import { toIndexText } from './searchText'

export interface IndexedChunk {
  index: number
  pageFrom?: number | null
  pageTo?: number | null
  text: string
  tokens: number
}

export interface RetrieveOptions {
  /** The documents (attachment ids) to search; others are never returned. */
  documentIds: readonly string[]
  question: string
  /** How many chunks at most (default 12). */
  limit?: number
}

export interface RetrievedChunk {
  documentId: string
  index: number
  pageFrom: number | null
  pageTo: number | null
  text: string
  /** Relevance, higher is better (−bm25); 0 when the chunk was not ranked (see retrieveChunks). */
  score: number
}

export const DEFAULT_RETRIEVE_LIMIT = 12
export const MAX_RETRIEVE_LIMIT = 500
/** A pasted paragraph as the question must not become a query of hundreds of terms. */
const MAX_QUERY_TERMS = 64

/**
 * libsql runs on the calling thread (main): one write of a 2,000-page document's ~2,400 chunks
 * paused the event loop for 0.6–1 s (bench/files.bench.ts), and secure-delete makes deleting them
 * slower still. So writes go a batch at a time with the loop let through between.
 */
const WRITE_BATCH_CHUNKS = 100
const DELETE_BATCH_CHUNKS = 50
/** Suffixes of the ids a document's chunks carry while being written or replaced (never a real attachment id). */
const PENDING = '\u0000pending'
const REPLACED = '\u0000replaced'

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Replaces every chunk of `documentId` with `chunks`. Readers only ever see a complete set: the
 * new chunks are written, batch by batch, under a pending id, then one transaction swaps the ids
 * (an UPDATE of document_id leaves the index rows as they are), and the replaced chunks are
 * deleted afterwards, batch by batch. A write a crash interrupted leaves only pending rows,
 * cleared by the next write of that document.
 */
export async function indexDocumentChunks(client: Client, documentId: string, chunks: readonly IndexedChunk[]): Promise<void> {
  for (const chunk of chunks) {
    if (!Number.isSafeInteger(chunk.index)) throw new Error(`A chunk index must be an integer (got ${chunk.index})`)
  }
  const pendingId = documentId + PENDING
  const replacedId = documentId + REPLACED
  await deleteInBatches(client, pendingId)
  await deleteInBatches(client, replacedId)
  for (let start = 0; start < chunks.length; start += WRITE_BATCH_CHUNKS) {
    const statements: InStatement[] = []
    for (const chunk of chunks.slice(start, start + WRITE_BATCH_CHUNKS)) {
      statements.push(
        {
          sql: 'INSERT INTO document_chunks (document_id, idx, page_from, page_to, text, tokens) VALUES (?, ?, ?, ?, ?, ?)',
          args: [pendingId, chunk.index, chunk.pageFrom ?? null, chunk.pageTo ?? null, chunk.text, Math.round(chunk.tokens)]
        },
        {
          sql: 'INSERT INTO document_chunks_index (rowid, text) SELECT seq, ? FROM document_chunks WHERE document_id = ? AND idx = ?',
          args: [toIndexText(chunk.text), pendingId, chunk.index]
        }
      )
    }
    try {
      await client.batch(statements, 'write')
    } catch (error) {
      await deleteInBatches(client, pendingId)
      throw error
    }
    await yieldToEventLoop()
  }
  await client.batch(
    [
      { sql: 'UPDATE document_chunks SET document_id = ? WHERE document_id = ?', args: [replacedId, documentId] },
      { sql: 'UPDATE document_chunks SET document_id = ? WHERE document_id = ?', args: [documentId, pendingId] }
    ],
    'write'
  )
  await deleteInBatches(client, replacedId)
}

/** Deletes one document's chunks a batch at a time (their index rows go with them, by trigger). */
async function deleteInBatches(client: Client, documentId: string): Promise<void> {
  for (;;) {
    const deleted = await client.execute({
      sql: 'DELETE FROM document_chunks WHERE seq IN (SELECT seq FROM document_chunks WHERE document_id = ? LIMIT ?)',
      args: [documentId, DELETE_BATCH_CHUNKS]
    })
    if (deleted.rowsAffected === 0) return
    await yieldToEventLoop()
  }
}

export async function hasDocumentChunks(client: Client, documentId: string): Promise<boolean> {
  const result = await client.execute({ sql: 'SELECT 1 FROM document_chunks WHERE document_id = ? LIMIT 1', args: [documentId] })
  return result.rows.length > 0
}

/** Deletes the chunks of these documents (their index rows go with them, by trigger), a batch at a time. */
export async function deleteDocumentChunks(client: Client, documentIds: readonly string[]): Promise<void> {
  for (const id of new Set(documentIds)) {
    await deleteInBatches(client, id)
    await deleteInBatches(client, id + PENDING)
    await deleteInBatches(client, id + REPLACED)
  }
}

/**
 * The `limit` chunks of these documents that best match the question, returned in document
 * order (documents in the order of `documentIds`, chunks by index), since passages read better
 * in order. When the question has no meaningful term (empty, punctuation, only common words) or
 * matches nothing, the first chunks of the documents come back instead (score 0), so the model
 * still gets their beginning.
 */
export async function retrieveChunks(client: Client, opts: RetrieveOptions): Promise<RetrievedChunk[]> {
  const ids = [...new Set(opts.documentIds)]
  if (ids.length === 0) return []
  const limit = Math.min(MAX_RETRIEVE_LIMIT, Math.max(1, Math.floor(opts.limit ?? DEFAULT_RETRIEVE_LIMIT)))
  const order = new Map(ids.map((id, position) => [id, position]))
  const match = buildRetrievalQuery(opts.question)
  let rows: Row[] = []
  if (match !== undefined) {
    const result = await client.execute({
      sql: `SELECT c.document_id, c.idx, c.page_from, c.page_to, c.text, -bm25(document_chunks_index) AS score
        FROM document_chunks_index JOIN document_chunks AS c ON c.seq = document_chunks_index.rowid
        WHERE document_chunks_index MATCH ? AND c.document_id IN (${placeholders(ids.length)})
        ORDER BY rank LIMIT ?`,
      args: [match, ...ids, limit]
    })
    rows = result.rows
  }
  if (rows.length === 0) {
    // The beginning of every document, taken in turns (first chunks of each, then the second…).
    const result = await client.execute({
      sql: `SELECT document_id, idx, page_from, page_to, text, 0 AS score FROM document_chunks
        WHERE document_id IN (${placeholders(ids.length)}) ORDER BY idx, seq LIMIT ?`,
      args: [...ids, limit]
    })
    rows = result.rows
  }
  return rows
    .map(toChunk)
    .sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)! || a.index - b.index)
}

/** A row with document_id, idx, page_from, page_to, text and score as a RetrievedChunk (chunkVectors.ts reads the same rows). */
export function toChunk(row: Row): RetrievedChunk {
  return {
    documentId: String(row.document_id),
    index: Number(row.idx),
    pageFrom: row.page_from === null ? null : Number(row.page_from),
    pageTo: row.page_to === null ? null : Number(row.page_to),
    text: String(row.text),
    score: Number(row.score)
  }
}

export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ')

/** As in searchText: scripts written without spaces, letters and numbers only. */
const CJK = String.raw`(?:(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}])`
/** A run of CJK characters, or a run of other word characters (what unicode61 keeps, plus marks). */
const TERM_RUN = new RegExp(`(${CJK}+)|((?:(?!${CJK})[\\p{L}\\p{N}\\p{Co}\\p{M}])+)`, 'gu')
const INDEXABLE_CHAR = /[\p{L}\p{N}\p{Co}]/u
const DIGIT = /\p{N}/u

/**
 * Very common English words (articles, pronouns, auxiliaries, prepositions, question words):
 * they match almost every chunk and add only noise to an OR query.
 */
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below
  between both but by can cannot could couldn did didn do does doesn doing don down during each few for from
  further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn
  it its itself just let me more most mustn my myself no nor not now of off on once only or other ought our ours
  ourselves out over own same shan she should shouldn so some such than that the their theirs them themselves
  then there these they this those through to too under until up upon us very was wasn we were weren what when
  where which while who whom whose why will with won would wouldn you your yours yourself yourselves ll re ve
  tell please explain describe`
    .split(/\s+/u)
    .filter((word) => word !== '')
)

/** Single CJK characters that are grammar, not content (used only when a CJK run is one character). */
const CJK_STOP_CHARS = new Set([...'的了是在和与或也都就而及吗呢吧啊么这那哪谁何之其为以于把被给对从向'])

/** The question's terms as FTS5 strings (each double-quoted), deduplicated, in question order. */
export function retrievalTerms(question: string): string[] {
  const terms = new Set<string>()
  const add = (term: string): void => {
    if (terms.size < MAX_QUERY_TERMS) terms.add(`"${term.replaceAll('"', '""')}"`)
  }
  for (const match of question.matchAll(TERM_RUN)) {
    const [, cjk, other] = match
    if (cjk !== undefined) {
      const chars = [...cjk]
      if (chars.length === 1) {
        if (!CJK_STOP_CHARS.has(chars[0])) add(chars[0])
      } else {
        // The indexed text has a separator between CJK characters: a phrase of two tokens.
        for (let i = 0; i + 1 < chars.length; i++) add(`${chars[i]} ${chars[i + 1]}`)
      }
    } else if (other !== undefined) {
      const word = other.toLowerCase()
      if (!INDEXABLE_CHAR.test(word)) continue
      // A lone letter (the s of it's, a list marker) says nothing; a lone digit may (chapter 5).
      if ([...word].length === 1 && !DIGIT.test(word)) continue
      if (STOPWORDS.has(word)) continue
      add(word)
    }
  }
  return [...terms]
}

/** The FTS5 MATCH expression for a question, or undefined when it has no meaningful term. */
export function buildRetrievalQuery(question: string): string | undefined {
  const terms = retrievalTerms(question)
  return terms.length === 0 ? undefined : terms.join(' OR ')
}
