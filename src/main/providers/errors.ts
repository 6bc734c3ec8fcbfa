/**
 * Turns whatever a provider call threw into an ErrorInfo: a code the renderer translates into
 * a human sentence, plus the provider's own words. Built on the openai SDK's error classes
 * (the only HTTP client for providers) rather than on status-code sniffing of our own. Failures
 * we raise ourselves are AppErrors, already classified.
 */
import OpenAI from 'openai'
import { AppError, type ErrorCode, type ErrorInfo } from '../../shared/errors'
import { billingPage, classifyProviderError } from './errorTaxonomy'
import { redactSecrets } from './redact'

/** The provider's message, without the SDK's "401 " status prefix. */
function providerDetail(error: InstanceType<typeof OpenAI.APIError>): string | undefined {
  const body = error.error as { message?: unknown } | undefined
  if (body && typeof body.message === 'string' && body.message) return body.message
  return error.message?.replace(/^\d{3}\s+/, '') || undefined
}

function codeForStatus(status: number | undefined, detail: string | undefined): ErrorCode {
  if (status === 401 || status === 403) return 'auth'
  if (status === 429) return 'rate_limit'
  // A 404 that does not name a model is a wrong address (base URL path), not a missing model.
  if (status === 404) return detail && /model|deployment/i.test(detail) ? 'model_not_found' : 'not_found'
  if (status === 408) return 'timeout'
  if (status === 400 || status === 422) return /model/i.test(detail ?? '') && /(not exist|not found|unknown|invalid)/i.test(detail ?? '') ? 'model_not_found' : 'bad_request'
  if (status !== undefined && status >= 500) return 'server'
  return 'unknown'
}

/** The provider's error body fields the taxonomy reads (the SDK keeps `error.error` as sent). */
function meaningOf(error: InstanceType<typeof OpenAI.APIError>, detail: string | undefined) {
  const body = (error.error ?? {}) as { code?: unknown; type?: unknown; innererror?: { code?: unknown }; n_prompt_tokens?: unknown; n_ctx?: unknown }
  return classifyProviderError({
    status: error.status,
    code: body.code ?? error.code,
    type: body.type ?? error.type,
    innerCode: body.innererror?.code,
    message: detail,
    promptTokens: body.n_prompt_tokens,
    contextTokens: body.n_ctx
  })
}

export interface ChatErrorOptions {
  /** The provider's base URL: lets a quota error point at the provider's billing page. */
  baseURL?: string
  /** Keys sent with the request, cut out of the detail wherever the provider echoed them. */
  secrets?: ReadonlyArray<string | undefined>
}

/**
 * Whatever a provider call threw, as the contract's error. Its detail never carries a key: the
 * keys given in `secrets` and anything shaped like a key are redacted (redact.ts) here, before
 * the error reaches IPC, a log or the database. (The client's fetch already cut the exact key out
 * of the provider's answer, clientFactory.ts; this also covers keys it never knew.)
 */
export function toChatError(error: unknown, opts: ChatErrorOptions = {}): ErrorInfo {
  const info = describe(error, opts)
  return info.detail === undefined ? info : { ...info, detail: redactSecrets(info.detail, opts.secrets) }
}

function describe(error: unknown, opts: ChatErrorOptions): ErrorInfo {
  if (error instanceof AppError) return error.info
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { code: 'timeout', detail: error.message }
  if (error instanceof OpenAI.APIConnectionError) {
    // What our own fetch refused (a redirect off the provider's origin) arrives wrapped as a
    // connection error: it is its own, clearer error.
    if (error.cause instanceof AppError) return error.cause.info
    const cause = (error as { cause?: { message?: string; code?: string } }).cause
    const detail = [error.message, cause?.code ?? cause?.message].filter(Boolean).join(': ')
    return { code: 'connection', detail }
  }
  if (error instanceof OpenAI.APIError) {
    const detail = providerDetail(error)
    const meaning = meaningOf(error, detail)
    if (!meaning) return { code: codeForStatus(error.status, detail), detail, status: error.status }
    const info: ErrorInfo = { code: meaning.code, detail, status: error.status }
    if (meaning.tokens) info.tokens = meaning.tokens
    const helpUrl = meaning.code === 'quota' ? billingPage(detail, opts.baseURL) : undefined
    if (helpUrl) info.helpUrl = helpUrl
    return info
  }
  if (error instanceof Error) {
    // The SDK raises plain errors for broken SSE (malformed JSON chunks).
    if (error instanceof SyntaxError || /JSON/.test(error.message)) return { code: 'stream_dropped', detail: error.message }
    return { code: 'unknown', detail: error.message }
  }
  return { code: 'unknown', detail: String(error) }
}

/** True for the abort the engine itself causes when the user presses Stop. */
export function isUserAbort(error: unknown): boolean {
  return error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === 'AbortError')
}

/** A transient rate limit (worth the fallback model), not a quota or billing problem. */
export function isRateLimit(error: unknown): boolean {
  return error instanceof OpenAI.RateLimitError && meaningOf(error, providerDetail(error))?.code !== 'quota'
}
