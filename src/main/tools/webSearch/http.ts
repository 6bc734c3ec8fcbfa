/**
 * One HTTP exchange with a search service, with the failures every backend shares turned into
 * WebSearchErrors: the caller's Stop (at once, also while the body still streams in), our own
 * time limit, and "nothing answered" (refused, unknown host, TLS). What a status means is each
 * backend's business; `describeHttpFailure` covers what is left once a backend has had its say.
 *
 * Global fetch (Node's undici) rather than a client library: three small JSON APIs do not need one.
 */
import { stoppedError, WebSearchError } from './errors'

export interface HttpAnswer {
  status: number
  statusText: string
  contentType: string
  text: string
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  json: unknown
}

export interface ExchangeOptions {
  /** The service's name as the user knows it ("Tavily"), for messages. */
  service: string
  signal?: AbortSignal
  timeoutMs: number
}

export async function exchange(url: URL, init: RequestInit, opts: ExchangeOptions): Promise<HttpAnswer> {
  if (opts.signal?.aborted) throw stoppedError()
  // Our own controller rather than AbortSignal.timeout: its timer is cleared as soon as we are done.
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), opts.timeoutMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal
  try {
    const res = await fetch(url, { ...init, signal, redirect: 'follow' })
    // The time limit covers the whole answer, body included: a service that stalls mid-body times out too.
    const text = await res.text()
    return {
      status: res.status,
      statusText: res.statusText,
      contentType: res.headers.get('content-type') ?? '',
      text,
      json: parseJson(text)
    }
  } catch (error) {
    // Stop wins over the time limit when both fired: the user asked for it.
    if (opts.signal?.aborted) throw stoppedError()
    if (timeout.signal.aborted) {
      throw new WebSearchError('timeout', `${opts.service} did not answer within ${seconds(opts.timeoutMs)}. Try again in a moment.`)
    }
    throw new WebSearchError('network', `Could not reach ${opts.service} at ${url.host}: ${networkReason(error)}.`)
  } finally {
    clearTimeout(timer)
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** 15000 → "15 s", 2500 → "2.5 s", 150 → "150 ms". */
const seconds = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`)

/** undici puts the system error under `cause` (an AggregateError when it tried several addresses). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown }
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = causeCode(errors[0])
      if (inner) return inner
    }
    current = cause
  }
  return undefined
}

function networkReason(error: unknown): string {
  const code = causeCode(error)
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is the service running at that address?)'
    case 'ENOTFOUND':
      return 'the host name does not resolve (check the address)'
    case 'EAI_AGAIN':
      return 'the host name could not be looked up (are you offline?)'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed before an answer came'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting timed out'
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'the network cannot reach that host (are you offline?)'
    default:
      if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `its TLS certificate is not trusted (${code})`
      if (code) return code
      return error instanceof Error && error.message ? error.message : String(error)
  }
}

/** The service's own words about a failure, from the usual error-body shapes, short. */
export function serviceDetail(answer: HttpAnswer): string | undefined {
  const body = answer.json as Record<string, unknown> | undefined
  const candidates: unknown[] = []
  if (body && typeof body === 'object') {
    const detail = body.detail as Record<string, unknown> | string | undefined
    const error = body.error as Record<string, unknown> | string | undefined
    candidates.push(
      typeof detail === 'object' && detail ? detail.error : detail,
      typeof error === 'object' && error ? (error.detail ?? error.message) : error,
      body.message
    )
  } else if (answer.text && !/^\s*</.test(answer.text)) {
    // Plain text is the service talking; an HTML page is a proxy's or a framework's, not worth quoting.
    candidates.push(answer.text)
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim().length > 0)
  if (!found) return undefined
  const oneLine = found.replace(/\s+/g, ' ').trim()
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine
}

/** "HTTP 500 Internal Server Error: <detail>", the shared tail of failure messages. */
export function statusPhrase(answer: HttpAnswer): string {
  const detail = serviceDetail(answer)
  const head = `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`
  return detail ? `${head}: ${detail}` : head
}

/** A status no backend claimed: a server error, or a request it would not take. */
export function describeHttpFailure(service: string, answer: HttpAnswer): WebSearchError {
  if (answer.status >= 500) {
    return new WebSearchError('http', `${service} had a server error (${statusPhrase(answer)}). Try again later.`, answer.status)
  }
  return new WebSearchError('http', `${service} refused the search (${statusPhrase(answer)}).`, answer.status)
}

/** A 2xx answer that is not JSON: usually the address points at something other than the API. */
export function notJsonError(service: string, answer: HttpAnswer, hint: string): WebSearchError {
  const start = answer.text.replace(/\s+/g, ' ').trim().slice(0, 60)
  const what = answer.contentType ? answer.contentType.split(';')[0] : 'no content type'
  return new WebSearchError(
    'bad-response',
    `${service} answered with something other than JSON (${what}${start ? `, starting “${start}”` : ', empty'}). ${hint}`,
    answer.status
  )
}

export function unexpectedShapeError(service: string, answer: HttpAnswer): WebSearchError {
  return new WebSearchError('bad-response', `${service} answered with JSON of an unexpected shape, so its results could not be read.`, answer.status)
}
