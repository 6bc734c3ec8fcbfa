import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type { Duplex } from 'node:stream'

/** Which requests a rule applies to. Every given field must match. */
export interface RuleMatch {
  /** Exact `model` of the request body. */
  model?: string
  /** Substring of the text of the last `user` message. */
  lastUserContains?: string
  /** Exact request path without query. Default: '/v1/chat/completions'. */
  path?: string
  /** At least this many messages (a model's context limit: long conversations fail, short ones pass). */
  minMessages?: number
}

export interface ScriptedToolCall {
  /** Default: `call_<n>`. */
  id?: string
  name: string
  /** An object is sent as its JSON text. */
  arguments: string | Record<string, unknown>
}

export interface ScriptedUsage {
  prompt_tokens?: number
  completion_tokens?: number
  total_tokens?: number
}

/**
 * One scripted behaviour. Rules are queued; the first rule that matches a request wins and is
 * used up after `times` matches. Requests no rule matches get the default echo answer.
 */
export interface ScriptRule {
  match?: RuleMatch
  /** How many requests this rule answers. Default 1; `Infinity` keeps it forever. */
  times?: number
  /** Require `Authorization: Bearer <apiKey>` for requests this rule matches (else 401). */
  apiKey?: string
  /** Answer with this HTTP status and an OpenAI-shaped error body. */
  status?: number
  /** Overrides the default error body fields for `status` (other fields are sent as given). */
  error?: { message?: string; type?: string; code?: string | number | null; [field: string]: unknown }
  /** Sent as the `retry-after` header with `status`. */
  retryAfterSeconds?: number
  /** Wait this long before sending anything (headers included). */
  firstByteDelayMs?: number
  /** Pace of content / tool-call delta chunks. Default: as fast as possible. */
  tokensPerSecond?: number
  /** Answer text, streamed one word (plus its following whitespace) per chunk. */
  content?: string
  /** Answer as these exact content deltas (wins over `content`). */
  chunks?: string[]
  /**
   * Answer as these exact delta objects, before any tool calls (wins over `content` and
   * `chunks`): reasoning as other providers send it (`{ reasoning_content }`, `{ reasoning }`),
   * a refusal (`{ refusal }`), or content with inline `<think>` tags.
   */
  deltas?: Array<Record<string, unknown>>
  /** Stream tool_call deltas after any content; finish_reason becomes 'tool_calls'. */
  toolCalls?: ScriptedToolCall[]
  /** Default 'stop', or 'tool_calls' when `toolCalls` is given. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter'
  /** Fields replacing the estimated usage. */
  usage?: ScriptedUsage
  /** After N delta chunks (role chunk not counted), destroy the socket: no finish_reason, no [DONE]. */
  dropAfterChunks?: number
  /** After N delta chunks, send `data: {not json` and end the response. */
  malformedAfterChunks?: number
  /** After N delta chunks, send nothing more but keep the socket open until the client or close() ends it. */
  stallAfterChunks?: number
  /**
   * After `chunks` delta chunks, wait until `until` settles, then go on (in-process scripts only:
   * a test holds the answer mid-stream while it checks what streaming looks like). A request
   * that is not streamed waits before its whole answer.
   */
  pause?: { afterChunks: number; until: Promise<unknown> }
}

export interface RecordedRequest {
  method: string
  /** Path without query. */
  path: string
  headers: IncomingHttpHeaders
  /** Parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown
  /** Date.now() when the request was received. */
  time: number
  /** Date.now() when the response's first byte was written (after any `firstByteDelayMs`). */
  firstByteAt?: number
  /** Date.now() when the response ended (its last byte was written). */
  lastByteAt?: number
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

export interface FakeProviderOptions {
  /** Default 0 (any free port). */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Serve https. Each value is PEM text or a path to a PEM file. */
  tls?: { cert: string; key: string }
  /** Require `Authorization: Bearer <apiKey>` on every /v1 request. */
  apiKey?: string
  /** Served by GET /v1/models. Default ['gpt-4o', 'gpt-4o-mini', 'deepseek-chat']. */
  models?: string[]
  /** Reject chat requests for models not in `models` with 404 model_not_found. Default true. */
  strictModels?: boolean
  /**
   * Dimensions of the vectors /v1/embeddings serves: one number, or per model (others get the
   * default, 256). A request's own `dimensions` wins.
   */
  embeddingDims?: number | Record<string, number>
  /** Models /v1/embeddings serves (others: 404 model_not_found). Default: any model. */
  embeddingModels?: string[]
  /** Handles HTTP upgrades (the realtime WebSocket); without it upgrade requests are refused. */
  onUpgrade?: UpgradeHandler
}

export interface FakeProvider {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string
  /** `${url}/v1`, what the openai SDK takes as baseURL. */
  baseURL: string
  port: number
  /** The underlying server, for attaching more listeners. */
  server: HttpServer | HttpsServer
  script(rule: ScriptRule): void
  /** Forget scripted rules and recorded requests. */
  reset(): void
  /** Every /v1 request received, oldest first (live array). */
  readonly requests: RecordedRequest[]
  /** Stops listening and ends every open connection, stalled streams included. */
  close(): Promise<void>
}
