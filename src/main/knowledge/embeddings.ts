/**
 * Embeddings of document chunks from the provider's OpenAI-compatible `/embeddings` endpoint
 * (through the openai SDK, the only HTTP client for providers), and the indexing run that embeds
 * the chunks of some documents and stores their vectors (store/chunkVectors.ts).
 *
 * Indexing is resumable by construction: each round asks the database which chunks still have no
 * vector of the model, embeds those and stores them, so a run cut short (an error, a rate limit,
 * the app closed) is picked up by the next run where it stopped. Full-text retrieval works all the
 * while: the chunks are already in the FTS index, and hybridRetrieve uses vectors only once some
 * exist.
 */
import type { Client } from '@libsql/client'
import OpenAI from 'openai'
import type { ErrorInfo } from '../../shared/errors'
import { toChatError } from '../providers/errors'
import { chunksMissingVectors, countChunksMissingVectors, storeChunkVectors } from '../store/chunkVectors'

/**
 * Inputs per request. OpenAI takes up to 2048 inputs and 300k tokens a request; chunks are ~425
 * tokens (files/documents/config.ts), so 64 stay far below both and below what smaller
 * OpenAI-compatible servers (llama.cpp, Ollama) take at once, while keeping requests few.
 */
export const DEFAULT_EMBEDDING_BATCH = 64
const MAX_EMBEDDING_BATCH = 2048

/**
 * What went wrong, as the indexer and the UI need it:
 * - unavailable: this provider or model has no embeddings (endpoint missing, model unknown, not
 *   an embedding model). Retrying will not help: fall back to full text alone.
 * - rate_limit: the provider asks to slow down (after the SDK's own retries); try again later,
 *   after `retryAfterMs` when the provider said.
 * - failed: anything else (server error, connection, bad answer, quota, key).
 */
export type EmbeddingErrorKind = 'unavailable' | 'rate_limit' | 'failed'

export class EmbeddingError extends Error {
  override readonly name = 'EmbeddingError'
  /** rate_limit: how long the provider asked to wait, when it said (retry-after). */
  readonly retryAfterMs: number | undefined
  constructor(
    readonly kind: EmbeddingErrorKind,
    /** The app's error (code and the provider's words, keys redacted). */
    readonly info: ErrorInfo,
    options?: { cause?: unknown; retryAfterMs?: number }
  ) {
    super(info.detail ?? info.code, { cause: options?.cause })
    this.retryAfterMs = options?.retryAfterMs
  }
}

/** Servers without embeddings say so in words rather than with a 404 (llama.cpp: 501; Ollama: 400/500). */
const NO_EMBEDDINGS_TEXT = /does not support embeddings|embeddings? (?:are |is )?not (?:supported|enabled)|not an embedding model|--embeddings?/i

/**
 * What a failed embeddings call means. Aborts are not classified: the caller's own signal stopped
 * it, and they are rethrown as they are.
 */
export function toEmbeddingError(error: unknown): EmbeddingError {
  if (error instanceof EmbeddingError) return error
  const info = toChatError(error)
  const status = error instanceof OpenAI.APIError ? error.status : undefined
  if (info.code === 'model_not_found' || info.code === 'not_found' || status === 405 || status === 501 || NO_EMBEDDINGS_TEXT.test(info.detail ?? '')) {
    return new EmbeddingError('unavailable', info, { cause: error })
  }
  if (info.code === 'rate_limit') return new EmbeddingError('rate_limit', info, { cause: error, retryAfterMs: retryAfterMs(error) })
  return new EmbeddingError('failed', info, { cause: error })
}

function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof OpenAI.APIError)) return undefined
  const header = error.headers?.get('retry-after')
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

const isAbort = (error: unknown): boolean =>
  error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === 'AbortError')

export interface EmbedderOptions {
  client: OpenAI
  model: string
  /** Inputs per request (default DEFAULT_EMBEDDING_BATCH). */
  batchSize?: number
  /** Stops the requests under way (the SDK's APIUserAbortError is thrown as it is). */
  signal?: AbortSignal
}

export interface Embedder {
  readonly model: string
  /** The model's vector size, known once it has answered (every answer is checked against it). */
  readonly dims: number | undefined
  /** Inputs per request. */
  readonly batchSize: number
  /** One vector per text, in the texts' order; a batch of requests when there are many. */
  embed(texts: readonly string[]): Promise<number[][]>
}

export function createEmbedder(opts: EmbedderOptions): Embedder {
  const batchSize = Math.min(MAX_EMBEDDING_BATCH, Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_EMBEDDING_BATCH)))
  let dims: number | undefined

  const fail = (detail: string): EmbeddingError => new EmbeddingError('failed', { code: 'bad_request', detail })

  async function embedBatch(texts: string[]): Promise<number[][]> {
    let response: OpenAI.Embeddings.CreateEmbeddingResponse
    try {
      // 'float' asked for explicitly: the SDK's default (base64, decoded by the SDK) is not
      // understood by every OpenAI-compatible server, and those ignoring the field send floats.
      response = await opts.client.embeddings.create({ model: opts.model, input: texts, encoding_format: 'float' }, { signal: opts.signal })
    } catch (error) {
      if (isAbort(error)) throw error
      throw toEmbeddingError(error)
    }
    const data = Array.isArray(response?.data) ? [...response.data] : []
    if (data.length !== texts.length) throw fail(`The provider sent ${data.length} embeddings for ${texts.length} texts`)
    // OpenAI sends them in input order with their index; a server may not keep the order (and
    // one that sends no index is taken at its order).
    const indexed = data.every((item) => typeof item?.index === 'number')
    if (indexed) data.sort((a, b) => a.index - b.index)
    return data.map((item, position) => {
      if (indexed && item.index !== position) throw fail(`The provider sent embeddings for inputs ${data.map((d) => d.index).join(', ')}`)
      const vector = toNumbers(item?.embedding as unknown)
      if (vector === undefined) throw fail('The provider sent an embedding that is not a list of numbers')
      dims ??= vector.length
      if (vector.length !== dims || dims === 0) throw fail(`The provider sent embeddings of ${vector.length} and ${dims} dimensions`)
      return vector
    })
  }

  return {
    model: opts.model,
    batchSize,
    get dims() {
      return dims
    },
    async embed(texts) {
      const out: number[][] = []
      for (let start = 0; start < texts.length; start += batchSize) {
        // Providers refuse an empty input; a chunk is never empty, but a space costs nothing.
        const batch = texts.slice(start, start + batchSize).map((text) => (text === '' ? ' ' : text))
        out.push(...(await embedBatch(batch)))
      }
      return out
    }
  }
}

/** An embedding as numbers: a list of finite numbers, or base64 float32 from a server that ignored 'float'. */
function toNumbers(value: unknown): number[] | undefined {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'base64')
    if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) return undefined
    value = Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)))
  }
  if (!Array.isArray(value) || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined
  return value as number[]
}

export interface IndexProgress {
  /** Chunks embedded and stored by this run so far (not those deleted meanwhile). */
  embedded: number
  /** Chunks that had no vector when the run started (what a complete run embeds). */
  total: number
}

export interface IndexDocumentVectorsOptions {
  /** The conversation database (its chunks are already indexed for full text). */
  client: Client
  embedder: Embedder
  /** The embedder's model, as recorded with each vector (default: embedder.model). */
  model?: string
  documentIds: readonly string[]
  onProgress?: (progress: IndexProgress) => void
  /** Checked between rounds (the embedder's own signal stops a request under way). */
  signal?: AbortSignal
}

/**
 * Embeds the chunks of these documents that have no vector of the model yet, one embedder batch
 * at a time, storing each batch before asking for the next: everything stored stays stored when
 * a later batch fails, and the next run embeds only what is still missing. Returns what this run
 * did; throws the EmbeddingError that stopped it.
 */
export async function indexDocumentVectors(opts: IndexDocumentVectorsOptions): Promise<IndexProgress> {
  const model = opts.model ?? opts.embedder.model
  const { client, embedder, documentIds } = opts
  const total = await countChunksMissingVectors(client, { documentIds, model, dims: embedder.dims })
  const progress: IndexProgress = { embedded: 0, total }
  // The rounds go forward through the chunks (by seq): a chunk stored by this run is never asked
  // for again, and one that vanished meanwhile (its document deleted) is simply passed over.
  let afterSeq = 0
  for (;;) {
    opts.signal?.throwIfAborted()
    const missing = await chunksMissingVectors(client, { documentIds, model, dims: embedder.dims, limit: embedder.batchSize, afterSeq })
    if (missing.length === 0) return progress
    const vectors = await embedder.embed(missing.map((chunk) => chunk.text))
    opts.signal?.throwIfAborted()
    progress.embedded += await storeChunkVectors(client, {
      model,
      vectors: missing.map((chunk, i) => ({ seq: chunk.seq, documentId: chunk.documentId, embedding: vectors[i] }))
    })
    afterSeq = missing[missing.length - 1].seq
    opts.onProgress?.({ ...progress })
  }
}
