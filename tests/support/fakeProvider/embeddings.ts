/**
 * `POST /v1/embeddings` of the local provider, and the embedding it serves: a hashed bag of words,
 * deterministic and computed in-process too (benches import `fakeEmbedding` instead of going
 * through HTTP).
 *
 * The text's tokens are its lowercase words (runs of letters and numbers) and, in CJK runs,
 * overlapping two-character pieces (one character when the run is one character long). Each token
 * is hashed (FNV-1a, 32 bits) into one of `dims` buckets and adds ±1 there, the sign taken from a
 * second hash of the token, so unrelated tokens that share a bucket cancel out on average rather
 * than add up. The vector is L2-normalised: cosine similarity is then the overlap of the two
 * bags of words. Two things make it a little more like a real embedding model, which places
 * "replaced" near "replace" and does not make two texts similar because both say "the": very
 * common English words are left out, and common English suffixes are folded (see `foldWord`).
 * It knows nothing of synonyms: a question phrased with other words than the passage shares only
 * the words it still has in common with it.
 *
 * The request as OpenAI takes it: `model`, `input` (a string, an array of strings, or token
 * arrays, whose numbers are read as words), optional `dimensions` and `encoding_format` ('float',
 * or 'base64': little-endian float32 bytes, what the openai SDK asks for by default). The answer:
 * `{ object: 'list', data: [{ object: 'embedding', index, embedding }], model, usage }` with the
 * model echoed and usage counted as the chat routes count it (4 characters a token). Dimensions:
 * the request's `dimensions`, else the provider's `embeddingDims` option (one number, or per
 * model), else DEFAULT_EMBEDDING_DIMS. With the `embeddingModels` option, other models get 404
 * model_not_found; without it any model is served. Failures are scripted like any route: a rule
 * with `match: { path: '/v1/embeddings' }` and a `status` (times: how many requests fail).
 */
import type { ApiRequestContext } from './apiRoutes'
import { sendJson } from './httpIo'
import { errorBody, modelNotFoundError } from './openaiShapes'

export const DEFAULT_EMBEDDING_DIMS = 256
/** OpenAI's limit on inputs per request; a client must batch beyond it. */
export const MAX_EMBEDDING_INPUTS = 2048
/** libsql's (and most providers') largest vector. */
const MAX_DIMS = 65_536

export interface EmbeddingRouteOptions {
  /** Dimensions of the vectors served: one number for every model, or per model (others: the default). */
  embeddingDims?: number | Record<string, number>
  /** When given, only these models are served; others get 404 model_not_found. */
  embeddingModels?: string[]
}

/** Words too common to say anything about a text (a real embedding gives them little weight). */
const STOPWORDS = new Set(
  `a an and are as at be been by can could did do does for from had has have how i if in into is it its
  of on or our so than that the their them then there these they this those to was we were what when where
  which who why will with would you your`.split(/\s+/u)
)

const CJK = String.raw`[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]`
const TOKEN_RUN = new RegExp(`(${CJK}+)|((?:(?!${CJK})[\\p{L}\\p{N}])+)`, 'gu')

/**
 * A crude English stemmer: "replaced", "replaces", "replacing" and "replace" all become
 * "replac"; "filters" becomes "filter". Only words of five letters or more, so "bus" and "gas"
 * stay as they are; the result keeps at least three letters.
 */
export function foldWord(word: string): string {
  if (word.length < 5 || /\p{N}/u.test(word)) return word
  for (const suffix of ['ing', 'ies', 'ed', 'es', 's', 'e']) {
    if (suffix === 's' && word.endsWith('ss')) continue
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const stem = word.slice(0, -suffix.length)
      // A stem left ending in e loses it too, so "agreed" and "agree" meet at "agr".
      return suffix === 'ies' ? `${stem}y` : stem.endsWith('e') && stem.length > 3 ? stem.slice(0, -1) : stem
    }
  }
  return word
}

/** The tokens the fake embedding counts, in text order (repeats kept: a word said twice weighs more). */
export function embeddingTokens(text: string): string[] {
  const tokens: string[] = []
  for (const [, cjk, other] of text.matchAll(TOKEN_RUN)) {
    if (cjk !== undefined) {
      const chars = [...cjk]
      if (chars.length === 1) tokens.push(chars[0])
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1])
    } else if (other !== undefined) {
      const word = other.toLowerCase()
      if (STOPWORDS.has(word) || (word.length === 1 && !/\p{N}/u.test(word))) continue
      tokens.push(foldWord(word))
    }
  }
  return tokens
}

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193
/** Another offset basis for the sign: an independent bit, not one the bucket already depends on. */
const SIGN_OFFSET = 0x050c5d1f

/** FNV-1a over the UTF-16 code units of `text` (32-bit, unsigned). */
export function fnv1a(text: string, offset = FNV_OFFSET): number {
  let hash = offset
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, FNV_PRIME)
  }
  return hash >>> 0
}

/** The fake provider's embedding of `text`: a unit vector of `dims` numbers (see the file comment). */
export function fakeEmbedding(text: string, dims = DEFAULT_EMBEDDING_DIMS): number[] {
  if (!Number.isSafeInteger(dims) || dims < 1 || dims > MAX_DIMS) throw new Error(`dims must be an integer in 1..${MAX_DIMS} (got ${dims})`)
  const vector = new Array<number>(dims).fill(0)
  const tokens = embeddingTokens(text)
  // A text with no word (punctuation, only common words) still gets a vector: a zero vector has
  // no direction, and no real provider sends one.
  if (tokens.length === 0) tokens.push(`\u0000${text}`)
  for (const token of tokens) {
    const bucket = fnv1a(token) % dims
    vector[bucket] += (fnv1a(token, SIGN_OFFSET) & 1) === 0 ? 1 : -1
  }
  let norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))
  // Every token may have cancelled out (two tokens in one bucket with opposite signs).
  if (norm === 0) {
    vector[fnv1a(tokens[0]) % dims] = 1
    norm = 1
  }
  return vector.map((value) => value / norm)
}

function dimsFor(model: string, requested: unknown, option: EmbeddingRouteOptions['embeddingDims']): number | undefined {
  if (requested !== undefined) return typeof requested === 'number' && Number.isSafeInteger(requested) && requested >= 1 && requested <= MAX_DIMS ? requested : undefined
  if (typeof option === 'number') return option
  return option?.[model] ?? DEFAULT_EMBEDDING_DIMS
}

/** The inputs as texts, or undefined when `input` is not one of the shapes OpenAI takes. */
function inputTexts(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input]
  if (!Array.isArray(input) || input.length === 0) return undefined
  if (input.every((item) => typeof item === 'string')) return input as string[]
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')]
  if (input.every((item) => Array.isArray(item) && item.length > 0 && item.every((n) => typeof n === 'number'))) {
    return (input as number[][]).map((tokens) => tokens.join(' '))
  }
  return undefined
}

export function embeddings(ctx: ApiRequestContext, opts: EmbeddingRouteOptions): void {
  const { res, body } = ctx
  if (typeof body !== 'object' || body === null) {
    return sendJson(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', null))
  }
  const request = body as Record<string, unknown>
  if (typeof request.model !== 'string') {
    return sendJson(res, 400, errorBody('you must provide a model parameter', 'invalid_request_error', null))
  }
  if (opts.embeddingModels !== undefined && !opts.embeddingModels.includes(request.model)) {
    return sendJson(res, 404, modelNotFoundError(request.model))
  }
  const texts = inputTexts(request.input)
  if (texts === undefined || texts.some((text) => text === '')) {
    return sendJson(res, 400, errorBody("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error', null))
  }
  if (texts.length > MAX_EMBEDDING_INPUTS) {
    return sendJson(res, 400, errorBody(`'$.input' must have at most ${MAX_EMBEDDING_INPUTS} items.`, 'invalid_request_error', null))
  }
  const dims = dimsFor(request.model, request.dimensions, opts.embeddingDims)
  if (dims === undefined) {
    return sendJson(res, 400, errorBody(`Invalid 'dimensions': ${String(request.dimensions)}.`, 'invalid_request_error', null))
  }
  const base64 = request.encoding_format === 'base64'
  const data = texts.map((text, index) => {
    const vector = fakeEmbedding(text, dims)
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector
    return { object: 'embedding', index, embedding }
  })
  const promptTokens = texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0)
  sendJson(res, 200, { object: 'list', data, model: request.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } })
}
