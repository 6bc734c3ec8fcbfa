/**
 * Tavily, a search API made for LLM agents: POST <endpoint>/search with a JSON body, the key as
 * `Authorization: Bearer`. See https://docs.tavily.com/documentation/api-reference/endpoint/search.
 * Its failures by status (help.tavily.com, "Errors Code"): 401 missing or invalid key, 429 too
 * many requests, 432 the plan's usage limit, 433 the pay-as-you-go limit; the reason is in
 * `detail.error`.
 */
import { z } from 'zod'
import { apiUrl, badKeyError, missingKeyError, outOfCreditsError, rateLimitedError, type BackendRequest } from './backend'
import { collectHits, type Freshness, type SearchHit } from './hits'
import { describeHttpFailure, exchange, notJsonError, serviceDetail, unexpectedShapeError } from './http'

const SERVICE = 'Tavily'
export const TAVILY_ENDPOINT = 'https://api.tavily.com'
/** Tavily's max_results range. */
const MAX_RESULTS = 20

/** Tavily's `time_range` takes the same words. */
const TIME_RANGE: Record<Freshness, string> = { day: 'day', week: 'week', month: 'month', year: 'year' }

const text = z.string().optional().catch(undefined)
const Result = z.object({ title: text, url: text, content: text }).catch({})
const Body = z.object({ results: z.array(Result).catch([]) })

/** A 429 that is about the plan's quota rather than the pace (the body says which). */
const QUOTA_WORDS = /usage limit|credit|quota|plan's|upgrade/i

export async function searchTavily(endpoint: string, apiKey: string | undefined, req: BackendRequest): Promise<SearchHit[]> {
  const key = apiKey?.trim()
  if (!key) throw missingKeyError(SERVICE)
  const body: Record<string, unknown> = {
    query: req.query,
    max_results: Math.min(req.maxResults, MAX_RESULTS),
    // Basic costs one credit and answers fast; the snippets are what the model reads anyway.
    search_depth: 'basic',
    include_answer: false,
    include_raw_content: false,
    include_images: false
  }
  if (req.freshness) body.time_range = TIME_RANGE[req.freshness]

  const answer = await exchange(
    apiUrl(endpoint, '/search'),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body)
    },
    { service: SERVICE, signal: req.signal, timeoutMs: req.timeoutMs }
  )

  if (answer.status === 401 || answer.status === 403) throw badKeyError(SERVICE, answer)
  if (answer.status === 432 || answer.status === 433) throw outOfCreditsError(SERVICE, answer)
  if (answer.status === 429) {
    throw QUOTA_WORDS.test(serviceDetail(answer) ?? '') ? outOfCreditsError(SERVICE, answer) : rateLimitedError(SERVICE, answer)
  }
  if (answer.status < 200 || answer.status >= 300) throw describeHttpFailure(SERVICE, answer)
  if (answer.json === undefined) throw notJsonError(SERVICE, answer, 'Try again later.')
  const parsed = Body.safeParse(answer.json)
  if (!parsed.success) throw unexpectedShapeError(SERVICE, answer)
  return collectHits(
    parsed.data.results.map((r) => ({ title: r.title, url: r.url, snippet: r.content })),
    req.maxResults
  )
}
