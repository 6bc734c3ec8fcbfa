/**
 * Brave Search API: GET <endpoint>/res/v1/web/search?q=…&count=…&freshness=…, the key in
 * `X-Subscription-Token`. See https://api-dashboard.search.brave.com/app/documentation/web-search.
 * Errors come as `{ type: "ErrorResponse", error: { status, code, detail, meta } }`; note that a
 * wrong key is a 422 with code SUBSCRIPTION_TOKEN_INVALID, not a 401, and that a 429 is either the
 * per-second pace (RATE_LIMITED) or the month's quota (meta.quota_current reaching quota_limit).
 * Descriptions mark the query words with <strong> and escape characters as entities: hits.ts
 * cleans them.
 */
import { z } from 'zod'
import { apiUrl, badKeyError, missingKeyError, outOfCreditsError, rateLimitedError, type BackendRequest } from './backend'
import { collectHits, type Freshness, type SearchHit } from './hits'
import { describeHttpFailure, exchange, notJsonError, unexpectedShapeError, type HttpAnswer } from './http'

const SERVICE = 'Brave Search'
export const BRAVE_ENDPOINT = 'https://api.search.brave.com'
/** Brave's `count` range. */
const MAX_COUNT = 20

/** Brave's `freshness`: past day, week, month, year. */
const FRESHNESS: Record<Freshness, string> = { day: 'pd', week: 'pw', month: 'pm', year: 'py' }

const text = z.string().optional().catch(undefined)
const Result = z.object({ title: text, url: text, description: text }).catch({})
/** `web` is absent when nothing was found (or the query only had news, videos…): no results then. */
const Body = z.object({
  web: z.object({ results: z.array(Result).catch([]) }).optional().catch(undefined)
})

const ErrorBody = z.object({
  error: z.object({
    code: text,
    detail: text,
    meta: z.object({ quota_limit: z.number().nullish().catch(undefined), quota_current: z.number().nullish().catch(undefined) }).optional().catch(undefined)
  })
})

function errorFields(answer: HttpAnswer): z.infer<typeof ErrorBody>['error'] | undefined {
  const parsed = ErrorBody.safeParse(answer.json)
  return parsed.success ? parsed.data.error : undefined
}

function quotaUsedUp(error: z.infer<typeof ErrorBody>['error'] | undefined): boolean {
  if (!error) return false
  if (error.code && /QUOTA/i.test(error.code)) return true
  if (error.detail && /quota/i.test(error.detail)) return true
  const { quota_limit: limit, quota_current: current } = error.meta ?? {}
  return typeof limit === 'number' && typeof current === 'number' && limit > 0 && current >= limit
}

export async function searchBrave(endpoint: string, apiKey: string | undefined, req: BackendRequest): Promise<SearchHit[]> {
  const key = apiKey?.trim()
  if (!key) throw missingKeyError(SERVICE)
  const url = apiUrl(endpoint, '/res/v1/web/search')
  url.searchParams.set('q', req.query)
  url.searchParams.set('count', String(Math.min(req.maxResults, MAX_COUNT)))
  if (req.freshness) url.searchParams.set('freshness', FRESHNESS[req.freshness])

  const answer = await exchange(
    url,
    { method: 'GET', headers: { accept: 'application/json', 'x-subscription-token': key } },
    { service: SERVICE, signal: req.signal, timeoutMs: req.timeoutMs }
  )

  const error = answer.status >= 400 ? errorFields(answer) : undefined
  if (answer.status === 401 || answer.status === 403 || error?.code === 'SUBSCRIPTION_TOKEN_INVALID') throw badKeyError(SERVICE, answer)
  if (answer.status === 429) throw quotaUsedUp(error) ? outOfCreditsError(SERVICE, answer) : rateLimitedError(SERVICE, answer)
  if (answer.status < 200 || answer.status >= 300) throw describeHttpFailure(SERVICE, answer)
  if (answer.json === undefined) throw notJsonError(SERVICE, answer, 'Try again later.')
  const parsed = Body.safeParse(answer.json)
  if (!parsed.success) throw unexpectedShapeError(SERVICE, answer)
  return collectHits(
    (parsed.data.web?.results ?? []).map((r) => ({ title: r.title, url: r.url, snippet: r.description })),
    req.maxResults
  )
}
