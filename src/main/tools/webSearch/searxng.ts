/**
 * SearXNG, the self-hosted metasearch engine: GET <instance>/search?q=…&format=json.
 * See https://docs.searxng.org/dev/search_api.html. No key; the catch is that instances ship with
 * only the HTML format enabled, and then answer format=json with a bare 403 — the one failure
 * almost every first-time user meets, so it gets its own message naming the fix.
 */
import { z } from 'zod'
import { rateLimitedError, type BackendRequest } from './backend'
import { SETTINGS_PLACE, WebSearchError } from './errors'
import { collectHits, type Freshness, type SearchHit } from './hits'
import { describeHttpFailure, exchange, notJsonError, statusPhrase, unexpectedShapeError } from './http'

const SERVICE = 'SearXNG'

/** SearXNG's own `time_range` values are the same words (day, week, month, year). */
const TIME_RANGE: Record<Freshness, string> = { day: 'day', week: 'week', month: 'month', year: 'year' }

const text = z.string().optional().catch(undefined)
const Result = z.object({ title: text, url: text, content: text }).catch({})
/** results[] may be missing or hold odd entries (answers, infobox-like rows): those are just skipped. */
const Body = z.object({ results: z.array(Result).catch([]) })

/**
 * The instance's search endpoint from what the user typed: the instance root, a sub-path
 * (https://host/searx/), or a pasted search page (…/search?q=x) all mean the same instance.
 * Credentials in the address (https://user:pass@host) become a Basic Authorization header, as
 * fetch refuses URLs that carry them.
 */
export function searxngEndpoint(address: string | undefined): { url: URL; authorization?: string } {
  const typed = (address ?? '').trim()
  if (!typed) {
    throw new WebSearchError('not-configured', `Web search uses SearXNG, but no SearXNG address is set: add your instance's address in ${SETTINGS_PLACE}.`)
  }
  let url: URL | undefined
  try {
    // "localhost:8888" typed without a scheme means http, as a browser would take it.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new WebSearchError('not-configured', `The SearXNG address “${typed}” is not an http(s) address: fix it in ${SETTINGS_PLACE}.`)
  }
  let authorization: string | undefined
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username)
    const password = decodeURIComponent(url.password)
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    url.username = ''
    url.password = ''
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/search$/, '')}/search`
  url.search = ''
  url.hash = ''
  return { url, authorization }
}

export async function searchSearxng(address: string | undefined, req: BackendRequest): Promise<SearchHit[]> {
  const { url, authorization } = searxngEndpoint(address)
  url.searchParams.set('q', req.query)
  url.searchParams.set('format', 'json')
  if (req.freshness) url.searchParams.set('time_range', TIME_RANGE[req.freshness])

  const headers: Record<string, string> = { accept: 'application/json' }
  if (authorization) headers.authorization = authorization
  const answer = await exchange(url, { method: 'GET', headers }, { service: SERVICE, signal: req.signal, timeoutMs: req.timeoutMs })

  if (answer.status === 403) {
    throw new WebSearchError(
      'json-disabled',
      `The SearXNG instance refuses JSON results (${statusPhrase(answer)}): enable \`json\` in search.formats of settings.yml on the instance, then restart it.`,
      403
    )
  }
  if (answer.status === 401) {
    throw new WebSearchError(
      'bad-key',
      `The SearXNG instance asks for a login (${statusPhrase(answer)}): put the user name and password in its address (https://user:password@host) in ${SETTINGS_PLACE}.`,
      401
    )
  }
  if (answer.status === 404) {
    throw new WebSearchError('http', `There is no SearXNG search at ${url.origin}${url.pathname} (HTTP 404): check the address in ${SETTINGS_PLACE}.`, 404)
  }
  if (answer.status === 429) {
    // The instance's limiter (bot detection) — meant for public instances, often on by default.
    const error = rateLimitedError(SERVICE, answer)
    throw new WebSearchError(
      'rate-limited',
      `${error.message} On your own instance, turning off \`limiter\` in the server section of settings.yml stops this.`,
      429
    )
  }
  if (answer.status < 200 || answer.status >= 300) throw describeHttpFailure(SERVICE, answer)
  if (answer.json === undefined) {
    throw notJsonError(SERVICE, answer, `Check that the address in ${SETTINGS_PLACE} is the SearXNG instance itself.`)
  }
  const body = Body.safeParse(answer.json)
  if (!body.success) throw unexpectedShapeError(SERVICE, answer)
  return collectHits(
    body.data.results.map((r) => ({ title: r.title, url: r.url, snippet: r.content })),
    req.maxResults
  )
}
