/**
 * web_search against tests/support/fakeSearch: each backend's request (query, key header,
 * freshness in the service's own words) and parsing, the numbered result and its sources, and
 * every failure as the sentence the model gets. No sleeps: a delayed answer plus a short
 * timeoutMs stands for a slow service, and waitForRequests says when a request is in flight.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  braveQuotaLimitedBody,
  cannedPages,
  FAKE_BRAVE_KEY,
  FAKE_TAVILY_KEY,
  startFakeSearch,
  TAVILY_MESSAGES,
  tavilyErrorBody,
  type FakeSearch
} from '../support/fakeSearch'
import { cleanText, clip } from '../../src/main/tools/webSearch/text'
import {
  createWebSearchTool,
  searchWeb,
  WEB_SEARCH_SPEC,
  WebSearchError,
  type WebSearchConfig
} from '../../src/main/tools/webSearch/webSearchTool'
import { ToolSource } from '../../src/shared/tools/schemas'

let fake: FakeSearch

beforeAll(async () => {
  fake = await startFakeSearch()
})
afterEach(() => fake.reset())
afterAll(() => fake.close())

const searxng = (): WebSearchConfig => ({ backend: 'searxng', searxngUrl: fake.url })
const tavily = (apiKey: string | undefined = FAKE_TAVILY_KEY): WebSearchConfig => ({ backend: 'tavily', apiKey })
const brave = (apiKey: string | undefined = FAKE_BRAVE_KEY): WebSearchConfig => ({ backend: 'brave', apiKey })

function tool(config: WebSearchConfig | (() => WebSearchConfig | Promise<WebSearchConfig>), extra: { timeoutMs?: number; maxResults?: number } = {}) {
  return createWebSearchTool({
    config: typeof config === 'function' ? config : () => config,
    endpoints: { tavily: fake.url, brave: fake.url },
    ...extra
  })
}

const ctx = (signal: AbortSignal = new AbortController().signal) => ({ signal })

/** searchWeb's rejection, as the WebSearchError it must be. */
async function failureOf(promise: Promise<unknown>): Promise<WebSearchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(WebSearchError)
  return error as WebSearchError
}

const opts = () => ({ endpoints: { tavily: fake.url, brave: fake.url } })

describe('the spec', () => {
  it('is web_search, built in, read-only, with a query and an optional freshness', () => {
    const { spec } = tool(searxng())
    expect(spec).toBe(WEB_SEARCH_SPEC)
    expect(spec).toMatchObject({ name: 'web_search', source: 'builtin', readOnly: true })
    expect(spec.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/)
    expect(spec.parameters).toEqual({
      type: 'object',
      properties: {
        query: expect.objectContaining({ type: 'string' }),
        freshness: expect.objectContaining({ type: 'string', enum: ['day', 'week', 'month', 'year'] })
      },
      required: ['query'],
      additionalProperties: false
    })
    // Tells the model when to search and how to cite.
    expect(spec.description).toMatch(/current|recent/)
    expect(spec.description).toContain('[1]')
  })
})

describe('SearXNG', () => {
  it('GETs <instance>/search with q, format=json and time_range, no key', async () => {
    await searchWeb('rust async', searxng(), { freshness: 'week' })
    expect(fake.requests).toHaveLength(1)
    const [req] = fake.requests
    expect(req).toMatchObject({ service: 'searxng', method: 'GET', path: '/search', query: { q: 'rust async', format: 'json', time_range: 'week' } })
    expect(req.headers.authorization).toBeUndefined()
    expect(req.headers['x-subscription-token']).toBeUndefined()
  })

  it.each([['day'], ['month'], ['year']] as const)('maps freshness %s to time_range %s', async (freshness) => {
    await searchWeb('x', searxng(), { freshness })
    expect(fake.requests[0].query.time_range).toBe(freshness)
  })

  it('sends no time_range without freshness', async () => {
    await searchWeb('x', searxng())
    expect(fake.requests[0].query).not.toHaveProperty('time_range')
  })

  it('reads results[] (title, url, content) and cuts them to maxResults', async () => {
    const hits = await searchWeb('rust async', searxng())
    const pages = cannedPages('rust async')
    expect(pages.length).toBeGreaterThan(6)
    expect(hits).toHaveLength(6)
    expect(hits[0]).toEqual({ title: pages[0].title, url: pages[0].url, snippet: pages[0].text })
    expect(hits.map((h) => h.url)).toEqual(pages.slice(0, 6).map((p) => p.url))
    expect(await searchWeb('rust async', searxng(), { maxResults: 2 })).toHaveLength(2)
  })

  it('takes the address with a trailing slash, a sub-path, a pasted /search, or without a scheme', async () => {
    const host = new URL(fake.url).host
    for (const address of [`${fake.url}/`, `${fake.url}/search?q=old`, ` ${fake.url} `, host]) {
      await searchWeb('x', { backend: 'searxng', searxngUrl: address })
    }
    expect(fake.requests.map((r) => r.path)).toEqual(['/search', '/search', '/search', '/search'])
    fake.reset()
    fake.script({ status: 404, body: '<h1>Not Found</h1>' })
    const error = await failureOf(searchWeb('x', { backend: 'searxng', searxngUrl: `${fake.url}/searx/` }))
    expect(fake.requests[0].path).toBe('/searx/search')
    expect(error.message).toContain('no SearXNG search at')
  })

  it('sends credentials in the address as Basic auth', async () => {
    const withLogin = fake.url.replace('http://', 'http://me:s%3Acret@')
    await searchWeb('x', { backend: 'searxng', searxngUrl: withLogin })
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('me:s:cret').toString('base64')}`)
  })

  it('tolerates missing fields: no content, no title, no url, odd entries, no results key', async () => {
    fake.script({
      body: {
        results: [
          { url: 'https://a.example/1', title: 'Only title' },
          { url: 'https://a.example/2', content: 'Only content' },
          { title: 'No address', content: 'dropped' },
          { url: 'javascript:alert(1)', title: 'Not http' },
          null,
          'text',
          { url: 'https://a.example/1', title: 'Same address again' },
          { url: 'https://a.example/3', title: 42, content: ['x'] }
        ]
      }
    })
    expect(await searchWeb('x', searxng())).toEqual([
      { title: 'Only title', url: 'https://a.example/1' },
      { title: 'a.example', url: 'https://a.example/2', snippet: 'Only content' },
      { title: 'a.example', url: 'https://a.example/3' }
    ])
    fake.script({ body: { query: 'x', answers: [] } })
    expect(await searchWeb('x', searxng())).toEqual([])
  })

  it('a stock instance (json not in search.formats) answers 403: the message names the fix', async () => {
    const stock = await startFakeSearch({ searxngFormats: ['html'] })
    try {
      const error = await failureOf(searchWeb('x', { backend: 'searxng', searxngUrl: stock.url }))
      expect(stock.requests[0].query.format).toBe('json')
      expect(error.kind).toBe('json-disabled')
      expect(error.status).toBe(403)
      expect(error.message).toContain('enable `json` in search.formats of settings.yml')
    } finally {
      await stock.close()
    }
  })

  it('its limiter (429) is rate limiting, with the setting that turns it off', async () => {
    fake.script({ status: 429 })
    const error = await failureOf(searchWeb('x', searxng()))
    expect(error.kind).toBe('rate-limited')
    expect(error.message).toContain('limiter')
  })

  it('an HTML page instead of JSON: check the address', async () => {
    fake.script({ status: 200, body: '<!doctype html><html><title>Login</title></html>' })
    const error = await failureOf(searchWeb('x', searxng()))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toMatch(/not JSON|other than JSON/)
    expect(error.message).toContain('text/html')
    expect(error.message).toContain('Settings → Tools')
  })

  it('no address, or not an http(s) one: not configured, no request', async () => {
    for (const searxngUrl of [undefined, '', '   ']) {
      const error = await failureOf(searchWeb('x', { backend: 'searxng', searxngUrl }))
      expect(error.kind).toBe('not-configured')
      expect(error.message).toContain('SearXNG address')
    }
    const error = await failureOf(searchWeb('x', { backend: 'searxng', searxngUrl: 'ftp://files.example' }))
    expect(error.message).toContain('not an http(s) address')
    expect(fake.requests).toHaveLength(0)
  })
})

describe('Tavily', () => {
  it('POSTs /search with JSON { query, max_results, time_range } and a Bearer key', async () => {
    await searchWeb('electron ipc', tavily(), { ...opts(), freshness: 'month' })
    const [req] = fake.requests
    expect(req).toMatchObject({ service: 'tavily', method: 'POST', path: '/search' })
    expect(req.headers.authorization).toBe(`Bearer ${FAKE_TAVILY_KEY}`)
    expect(req.headers['content-type']).toContain('application/json')
    expect(req.body).toMatchObject({ query: 'electron ipc', max_results: 6, time_range: 'month', include_answer: false, include_raw_content: false })
  })

  it('sends no time_range without freshness, and maxResults as max_results (at most 20)', async () => {
    await searchWeb('x', tavily(), { ...opts(), maxResults: 3 })
    await searchWeb('x', tavily(), { ...opts(), maxResults: 50 })
    expect(fake.requests[0].body).not.toHaveProperty('time_range')
    expect(fake.requests[0].body).toMatchObject({ max_results: 3 })
    expect(fake.requests[1].body).toMatchObject({ max_results: 20 })
  })

  it('reads results[] (title, url, content)', async () => {
    const hits = await searchWeb('electron ipc', tavily(), opts())
    const pages = cannedPages('electron ipc')
    expect(hits).toEqual(pages.slice(0, 6).map((p) => ({ title: p.title, url: p.url, snippet: p.text })))
  })

  it('a wrong key: the fake answers 401 like Tavily, the message says to check the key', async () => {
    const error = await failureOf(searchWeb('x', tavily('tvly-wrong'), opts()))
    expect(fake.requests[0].headers.authorization).toBe('Bearer tvly-wrong')
    expect(error).toMatchObject({ kind: 'bad-key', status: 401 })
    expect(error.message).toContain('Tavily rejected the API key')
    expect(error.message).toContain(TAVILY_MESSAGES[401])
    expect(error.message).toContain('Settings → Tools')
  })

  it('403 is a refused key too', async () => {
    fake.script({ status: 403, body: tavilyErrorBody('Forbidden') })
    expect(await failureOf(searchWeb('x', tavily(), opts()))).toMatchObject({ kind: 'bad-key', status: 403 })
  })

  it('429 is rate limiting; 432, 433 and a 429 about the plan are out of credits', async () => {
    fake.script({ status: 429 })
    const rate = await failureOf(searchWeb('x', tavily(), opts()))
    expect(rate.kind).toBe('rate-limited')
    expect(rate.message).toContain('Wait a moment')
    expect(rate.message).toContain(TAVILY_MESSAGES[429])

    for (const status of [432, 433]) {
      fake.script({ status })
      const credits = await failureOf(searchWeb('x', tavily(), opts()))
      expect(credits).toMatchObject({ kind: 'out-of-credits', status })
      expect(credits.message).toContain('no searches left')
    }
    fake.script({ status: 429, body: tavilyErrorBody(TAVILY_MESSAGES[432]) })
    expect((await failureOf(searchWeb('x', tavily(), opts()))).kind).toBe('out-of-credits')
  })

  it('no key: not configured, no request', async () => {
    for (const key of [undefined, '', '  ']) {
      const error = await failureOf(searchWeb('x', { backend: 'tavily', apiKey: key }, opts()))
      expect(error.kind).toBe('not-configured')
      expect(error.message).toBe('Web search uses Tavily, but no Tavily API key is set: add one in Settings → Tools.')
    }
    expect(fake.requests).toHaveLength(0)
  })

  it('a body that is not JSON, or JSON of another shape', async () => {
    fake.script({ status: 200, body: '{"results": [', headers: { 'content-type': 'application/json' } })
    const broken = await failureOf(searchWeb('x', tavily(), opts()))
    expect(broken.kind).toBe('bad-response')
    expect(broken.message).toContain('other than JSON')
    fake.script({ status: 200, body: [1, 2, 3] })
    const shape = await failureOf(searchWeb('x', tavily(), opts()))
    expect(shape.kind).toBe('bad-response')
    expect(shape.message).toContain('unexpected shape')
  })

  it('a server error quotes the service', async () => {
    fake.script({ status: 500 })
    const error = await failureOf(searchWeb('x', tavily(), opts()))
    expect(error).toMatchObject({ kind: 'http', status: 500 })
    expect(error.message).toContain('Tavily had a server error (HTTP 500 Internal Server Error')
  })
})

describe('Brave', () => {
  it('GETs /res/v1/web/search with q, count and freshness, the key in X-Subscription-Token', async () => {
    await searchWeb('vitest mocks', brave(), { ...opts(), freshness: 'day' })
    const [req] = fake.requests
    expect(req).toMatchObject({ service: 'brave', method: 'GET', path: '/res/v1/web/search', query: { q: 'vitest mocks', count: '6', freshness: 'pd' } })
    expect(req.headers['x-subscription-token']).toBe(FAKE_BRAVE_KEY)
    expect(req.headers.accept).toContain('application/json')
  })

  it.each([
    ['week', 'pw'],
    ['month', 'pm'],
    ['year', 'py']
  ] as const)('maps freshness %s to %s', async (freshness, code) => {
    await searchWeb('x', brave(), { ...opts(), freshness })
    expect(fake.requests[0].query.freshness).toBe(code)
  })

  it('sends no freshness without one', async () => {
    await searchWeb('x', brave(), opts())
    expect(fake.requests[0].query).not.toHaveProperty('freshness')
  })

  it('reads web.results[] and strips <strong> and entities from descriptions', async () => {
    const query = "beginner's guide"
    const hits = await searchWeb(query, brave(), opts())
    const pages = cannedPages(query)
    expect(hits.map((h) => h.url)).toEqual(pages.slice(0, 6).map((p) => p.url))
    expect(hits.map((h) => h.snippet)).toEqual(pages.slice(0, 6).map((p) => p.text))
    // What went over the wire was marked up: the fake sends Brave's decorations.
    for (const hit of hits) expect(hit.snippet).not.toMatch(/<strong>|&amp;|&#x27;|&quot;/)
    expect(hits[5].snippet).toContain('<10 minutes')
  })

  it('no web key (nothing found) is no results', async () => {
    fake.script({ body: { type: 'search', query: { original: 'x' }, mixed: { main: [] } } })
    expect(await searchWeb('x', brave(), opts())).toEqual([])
  })

  it('a wrong key: the fake answers 422 SUBSCRIPTION_TOKEN_INVALID like Brave, read as a wrong key', async () => {
    const error = await failureOf(searchWeb('x', brave('BSA-wrong'), opts()))
    expect(error).toMatchObject({ kind: 'bad-key', status: 422 })
    expect(error.message).toContain('Brave Search rejected the API key')
    expect(error.message).toContain('The provided subscription token is invalid.')
  })

  it('401 is a wrong key too', async () => {
    fake.script({ status: 401 })
    expect((await failureOf(searchWeb('x', brave(), opts()))).kind).toBe('bad-key')
  })

  it('429 RATE_LIMITED is rate limiting; the month quota used up is out of credits', async () => {
    fake.script({ status: 429 })
    const rate = await failureOf(searchWeb('x', brave(), opts()))
    expect(rate.kind).toBe('rate-limited')
    expect(rate.message).toContain('Request rate limit exceeded for plan')

    fake.script({ status: 429, body: braveQuotaLimitedBody() })
    const quota = await failureOf(searchWeb('x', brave(), opts()))
    expect(quota.kind).toBe('out-of-credits')
    expect(quota.message).toContain('no searches left')
  })

  it('another 422 (a parameter it will not take) is a refusal, not a key problem', async () => {
    fake.script({ status: 422, body: { type: 'ErrorResponse', error: { status: 422, code: 'VALIDATION', detail: 'Unable to validate request parameter(s)' } } })
    const error = await failureOf(searchWeb('x', brave(), opts()))
    expect(error.kind).toBe('http')
    expect(error.message).toContain('Brave Search refused the search (HTTP 422 Unprocessable Entity: Unable to validate request parameter(s))')
  })

  it('no key: not configured, no request', async () => {
    const error = await failureOf(searchWeb('x', { backend: 'brave' }, opts()))
    expect(error.message).toBe('Web search uses Brave Search, but no Brave Search API key is set: add one in Settings → Tools.')
    expect(fake.requests).toHaveLength(0)
  })
})

describe('the tool result', () => {
  it('is a numbered list [n] title / url / snippet, a line on citing, and sources in the same order', async () => {
    const result = await tool(brave()).call({ query: 'typescript generics' }, ctx())
    expect(result.isError).toBeUndefined()
    expect(result.format).toBe('markdown')
    const sources = result.sources!
    expect(sources).toHaveLength(6)
    const blocks = result.content.split('\n\n')
    expect(blocks).toHaveLength(7)
    sources.forEach((source, i) => {
      expect(blocks[i]).toBe(`[${i + 1}] ${source.title}\n${source.url}\n${source.snippet}`)
      expect(ToolSource.safeParse(source).success).toBe(true)
    })
    expect(blocks[6]).toMatch(/cite/i)
    expect(blocks[6]).toContain('[1]')
    expect(sources.map((s) => s.url)).toEqual(cannedPages('typescript generics').slice(0, 6).map((p) => p.url))
  })

  it('a hit without a snippet is two lines, and its source has no snippet', async () => {
    fake.script({ body: { results: [{ title: 'Bare', url: 'https://bare.example/' }] } })
    const result = await tool(searxng()).call({ query: 'x' }, ctx())
    expect(result.content.startsWith('[1] Bare\nhttps://bare.example/\n\n')).toBe(true)
    expect(result.sources).toEqual([{ title: 'Bare', url: 'https://bare.example/' }])
  })

  it('passes freshness on and honours maxResults', async () => {
    const result = await tool(tavily(), { maxResults: 3 }).call({ query: 'x', freshness: 'year' }, ctx())
    expect(fake.requests[0].body).toMatchObject({ max_results: 3, time_range: 'year' })
    expect(result.sources).toHaveLength(3)
  })

  it('no results is a plain sentence, not an error', async () => {
    fake.script({ body: { results: [] } })
    const result = await tool(searxng()).call({ query: 'qwxzv', freshness: 'day' }, ctx())
    expect(result.isError).toBeUndefined()
    expect(result.sources).toEqual([])
    expect(result.content).toContain('no results')
    expect(result.content).toContain('qwxzv')
    expect(result.content).not.toContain('[1]')
  })

  it('reads the config on every call', async () => {
    let config: WebSearchConfig = { backend: 'none' }
    const t = tool(() => config)
    expect((await t.call({ query: 'x' }, ctx())).isError).toBe(true)
    config = brave()
    expect((await t.call({ query: 'x' }, ctx())).isError).toBeUndefined()
    config = tavily()
    await t.call({ query: 'x' }, ctx())
    expect(fake.requests.map((r) => r.service)).toEqual(['brave', 'tavily'])
  })
})

describe('tool errors come back as isError with a sentence', () => {
  it('backend none: search is off, no request', async () => {
    const result = await tool({ backend: 'none' }).call({ query: 'x' }, ctx())
    expect(result).toMatchObject({ isError: true, content: 'Web search is off: choose a search service in Settings → Tools.' })
    expect(fake.requests).toHaveLength(0)
  })

  it('no key', async () => {
    const result = await tool(tavily('')).call({ query: 'x' }, ctx())
    expect(result).toMatchObject({ isError: true })
    expect(result.content).toContain('no Tavily API key')
  })

  it('a wrong key (401)', async () => {
    const result = await tool(tavily('nope')).call({ query: 'x' }, ctx())
    expect(result.isError).toBe(true)
    expect(result.content).toContain('rejected the API key')
  })

  it('missing or empty query, bad freshness: the model is told what to send', async () => {
    const t = tool(searxng())
    for (const args of [{}, { query: '' }, { query: '   ' }, { query: 42 }]) {
      const result = await t.call(args, ctx())
      expect(result.isError).toBe(true)
      expect(result.content).toContain('`query`')
    }
    const long = await t.call({ query: 'a'.repeat(401) }, ctx())
    expect(long.content).toContain('at most 400')
    const bad = await t.call({ query: 'x', freshness: 'hour' }, ctx())
    expect(bad).toMatchObject({ isError: true })
    expect(bad.content).toContain('day, week, month, year')
    expect(fake.requests).toHaveLength(0)
    // An empty or null freshness is no filter.
    expect((await t.call({ query: 'x', freshness: '' }, ctx())).isError).toBeUndefined()
    expect((await t.call({ query: 'x', freshness: null }, ctx())).isError).toBeUndefined()
    expect(fake.requests.map((r) => r.query.time_range)).toEqual([undefined, undefined])
  })

  it('a config that cannot be read', async () => {
    const result = await tool(() => Promise.reject(new Error('safeStorage is not available'))).call({ query: 'x' }, ctx())
    expect(result).toMatchObject({ isError: true })
    expect(result.content).toContain('safeStorage is not available')
  })

  it('times out after timeoutMs on a service that does not answer', async () => {
    fake.script({ delayMs: 30_000 })
    const result = await tool(brave(), { timeoutMs: 150 }).call({ query: 'x' }, ctx())
    expect(result).toMatchObject({ isError: true })
    expect(result.content).toBe('Brave Search did not answer within 150 ms. Try again in a moment.')
    expect(fake.requests).toHaveLength(1)
  })

  it('searchWeb says timeout as a kind', async () => {
    fake.script({ delayMs: 30_000 })
    const error = await failureOf(searchWeb('x', searxng(), { timeoutMs: 100 }))
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('SearXNG did not answer within 100 ms')
  })

  it('Stop ends a search in flight at once', async () => {
    fake.script({ delayMs: 30_000 })
    const stop = new AbortController()
    const pending = tool(tavily(), { timeoutMs: 60_000 }).call({ query: 'x' }, ctx(stop.signal))
    await fake.waitForRequests(1)
    const stoppedAt = performance.now()
    stop.abort()
    const result = await pending
    expect(performance.now() - stoppedAt).toBeLessThan(1_000)
    expect(result).toEqual({ isError: true, content: 'The search was stopped.', format: 'text' })
  })

  it('Stop before the call, or while the config is read, never reaches the service', async () => {
    const stopped = new AbortController()
    stopped.abort()
    expect((await tool(brave()).call({ query: 'x' }, ctx(stopped.signal))).content).toBe('The search was stopped.')

    const stop = new AbortController()
    let configAsked!: () => void
    const asked = new Promise<void>((resolve) => (configAsked = resolve))
    const pending = tool(() => {
      configAsked()
      return new Promise<WebSearchConfig>(() => {})
    }).call({ query: 'x' }, ctx(stop.signal))
    await asked
    stop.abort()
    expect((await pending).content).toBe('The search was stopped.')
    expect(fake.requests).toHaveLength(0)
  })

  it('searchWeb rejects with an aborted WebSearchError', async () => {
    fake.script({ delayMs: 30_000 })
    const stop = new AbortController()
    const pending = failureOf(searchWeb('x', brave(), { ...opts(), signal: stop.signal }))
    await fake.waitForRequests(1)
    stop.abort()
    expect((await pending).kind).toBe('aborted')
  })

  it('a network error names the host and the reason', async () => {
    // A port that was just free: nothing listens there now.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const result = await tool({ backend: 'searxng', searxngUrl: `http://127.0.0.1:${port}` }).call({ query: 'x' }, ctx())
    expect(result).toMatchObject({ isError: true })
    expect(result.content).toBe(`Could not reach SearXNG at 127.0.0.1:${port}: the connection was refused (is the service running at that address?).`)
  })

  it('a non-JSON body', async () => {
    fake.script({ status: 200, body: 'Service Unavailable' })
    const result = await tool(brave()).call({ query: 'x' }, ctx())
    expect(result).toMatchObject({ isError: true })
    expect(result.content).toContain('Brave Search answered with something other than JSON (text/plain, starting “Service Unavailable”)')
  })
})

describe('cleanText', () => {
  it('strips tags, decodes entities once, collapses whitespace', () => {
    expect(cleanText('Learn <strong>TypeScript</strong> &amp; more')).toBe('Learn TypeScript & more')
    expect(cleanText('it&#x27;s &quot;fine&quot; &#8212; &hellip;')).toBe('it\'s "fine" — …')
    expect(cleanText('&amp;lt;b&amp;gt; stays text')).toBe('&lt;b&gt; stays text')
    expect(cleanText('&lt;script&gt; is text')).toBe('<script> is text')
    expect(cleanText('a < b and c > d')).toBe('a < b and c > d')
    expect(cleanText('line\n\n  two<br/>three')).toBe('line twothree')
    expect(cleanText('&unknown; &#0; &#xD800; &#x1F600;')).toBe('&unknown; &#0; &#xD800; 😀')
  })

  it('clip cuts at a word with an ellipsis', () => {
    expect(clip('short', 10)).toBe('short')
    expect(clip('the quick brown fox jumps', 16)).toBe('the quick brown…')
    expect(clip('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`)
  })
})
