/**
 * What the tool asks of a search backend, and the status meanings most of them share. Each
 * backend (searxng.ts, tavily.ts, brave.ts) turns one request into its service's HTTP call and
 * its answer into SearchHits, throwing WebSearchError for everything else.
 */
import { SETTINGS_PLACE, WebSearchError } from './errors'
import type { Freshness } from './hits'
import { statusPhrase, type HttpAnswer } from './http'

export interface BackendRequest {
  query: string
  freshness?: Freshness
  /** How many hits to hand back (1–20); services that cannot limit are cut here. */
  maxResults: number
  signal?: AbortSignal
  timeoutMs: number
}

export const badKeyError = (service: string, answer: HttpAnswer): WebSearchError =>
  new WebSearchError('bad-key', `${service} rejected the API key (${statusPhrase(answer)}). Check the key in ${SETTINGS_PLACE}.`, answer.status)

export const rateLimitedError = (service: string, answer: HttpAnswer): WebSearchError =>
  new WebSearchError(
    'rate-limited',
    `${service} is limiting how fast searches may run (${statusPhrase(answer)}). Wait a moment, then try again.`,
    answer.status
  )

export const outOfCreditsError = (service: string, answer: HttpAnswer): WebSearchError =>
  new WebSearchError(
    'out-of-credits',
    `${service} has no searches left on this key's plan (${statusPhrase(answer)}). Add credits or upgrade the plan, or choose another search service in ${SETTINGS_PLACE}.`,
    answer.status
  )

export const missingKeyError = (service: string): WebSearchError =>
  new WebSearchError('not-configured', `Web search uses ${service}, but no ${service} API key is set: add one in ${SETTINGS_PLACE}.`)

/** An API base URL (the endpoints option, tests' fake) joined with a path, keeping any path prefix. */
export function apiUrl(base: string, path: string): URL {
  const url = new URL(base)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`
  return url
}
