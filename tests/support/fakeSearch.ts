/**
 * A local stand-in for the three services web_search speaks to, on one node:http server (port 0):
 *
 *   GET  /search?q=…&format=json      SearXNG (POST /search with a form body too)
 *   POST /search  (JSON body)         Tavily — told apart from SearXNG by method and content type
 *   GET  /res/v1/web/search?q=…       Brave Search
 *
 * Each answers with canned results built from the query, in the service's own JSON shape, and
 * fails the way the real one does: Tavily a 401 with `detail.error` for a missing or wrong key,
 * Brave a 422 SUBSCRIPTION_TOKEN_INVALID, SearXNG a bare 403 page when `json` is not among its
 * formats, and each its own 400/422 for a parameter it does not take (so a wrongly mapped
 * freshness shows up). `script()` queues what the next requests get instead: a status, a body,
 * a delay — `script({ status: 429 })` alone answers in that service's own 429 shape.
 *
 * A plain module (node built-ins only, no test-runner import) so an E2E run can start it from the
 * Playwright process and point the app at `url`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

export const FAKE_TAVILY_KEY = 'tvly-dev-FakeSearchKey0123456789'
export const FAKE_BRAVE_KEY = 'BSAfakeSearchKey0123456789abcdef'

export type FakeSearchService = 'searxng' | 'tavily' | 'brave' | 'unknown'

export interface FakeSearchRequest {
  service: FakeSearchService
  method: string
  /** The path without the query string. */
  path: string
  /** The query string's parameters (the last value of each). */
  query: Record<string, string>
  headers: IncomingHttpHeaders
  /** A JSON body parsed, a form body as its fields; undefined when empty. */
  body?: unknown
}

export interface FakeSearchScript {
  /** Answer this status instead (default 200 when only `body` is given). */
  status?: number
  /** An object is sent as JSON, a string as is (text/html when it starts with "<"). Default: the service's own body for `status`. */
  body?: unknown
  headers?: Record<string, string>
  /** Wait this long before answering (the request is recorded first); ends early if the client goes away. */
  delayMs?: number
}

export interface FakeSearchOptions {
  host?: string
  tavilyKey?: string
  braveKey?: string
  /** SearXNG's search.formats (default html and json; ['html'] is a stock instance that answers format=json with 403). */
  searxngFormats?: string[]
}

export interface FakeSearch {
  /** http://127.0.0.1:<port>: the SearXNG address, and the Tavily and Brave endpoints. */
  url: string
  close(): Promise<void>
  /** Every request, in order (emptied in place by reset). */
  requests: FakeSearchRequest[]
  /** What the next request gets (queued: one entry per request). */
  script(next: FakeSearchScript): void
  /** Resolves once `count` requests in all have arrived (at once if they already have). */
  waitForRequests(count: number): Promise<FakeSearchRequest[]>
  reset(): void
}

interface Page {
  title: string
  url: string
  text: string
  site: string
  published?: string
}

/** Eight pages about the query, the same for every service, so a test can tell them by position. */
export function cannedPages(query: string): Page[] {
  const q = query.trim() || 'search'
  const slug = encodeURIComponent(q.replace(/\s+/g, '_'))
  const dashed = encodeURIComponent(q.toLowerCase().replace(/\s+/g, '-'))
  return [
    {
      site: 'Wikipedia',
      title: `${q} - Wikipedia`,
      url: `https://en.wikipedia.org/wiki/${slug}`,
      text: `${q} is the subject of this article. It covers its history, the main ideas & how ${q} is used today, with references.`,
      published: '2025-03-14T00:00:00'
    },
    {
      site: 'MDN Web Docs',
      title: `What is ${q}? A practical introduction | MDN`,
      url: `https://developer.mozilla.org/en-US/docs/Glossary/${slug}`,
      text: `A practical introduction to ${q}: what it is, when to use it, and the "gotchas" people run into first.`
    },
    {
      site: 'Example News',
      title: `${q}: the latest news and updates`,
      url: `https://news.example.com/topics/${dashed}`,
      text: `The latest on ${q}, updated daily — releases, analysis and what changed this week.`,
      published: '2025-06-02T09:30:00'
    },
    {
      site: 'Stack Overflow',
      title: `Newest '${q}' questions - Stack Overflow`,
      url: `https://stackoverflow.com/questions/tagged/${dashed}`,
      text: `Questions and answers about ${q} from developers. Sort by votes to see what people ask most.`
    },
    {
      site: 'GitHub',
      title: `${q} · GitHub Topics`,
      url: `https://github.com/topics/${dashed}`,
      text: `Repositories related to ${q}: libraries, tools and examples, ranked by stars.`
    },
    {
      site: 'Example Blog',
      title: `A beginner's guide to ${q} | Example Blog`,
      url: `https://blog.example.org/posts/beginners-guide-to-${dashed}`,
      text: `New to ${q}? Start here: five steps, <10 minutes each, from zero to something that works.`
    },
    {
      site: 'Example FAQ',
      title: `${q}: frequently asked questions`,
      url: `https://faq.example.net/${dashed}`,
      text: `Short answers to the questions most often asked about ${q}.`
    },
    {
      site: 'Example Reference',
      title: `${q} reference documentation`,
      url: `https://docs.example.dev/reference/${dashed}`,
      text: `The complete reference for ${q}: every option, with examples.`
    }
  ]
}

// ---- Error bodies as each service sends them -------------------------------------------------

/** Werkzeug's stock error page, which is what SearXNG's flask.abort(403/429/…) sends. */
export function searxngErrorPage(status: number): string {
  const titles: Record<number, [string, string]> = {
    403: ['Forbidden', "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server."],
    429: ['Too Many Requests', 'This user has exceeded an allotted request count. Try again later.'],
    500: ['Internal Server Error', 'The server encountered an internal error and was unable to complete your request.']
  }
  const [title, text] = titles[status] ?? ['Error', 'The server could not complete the request.']
  return `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`
}

export const tavilyErrorBody = (error: string): unknown => ({ detail: { error } })

export const TAVILY_MESSAGES = {
  401: 'Unauthorized: missing or invalid API key.',
  429: 'Your request has been blocked due to excessive requests. Please reduce rate of requests.',
  432: "This request exceeds your plan's set usage limit. Please upgrade your plan or contact support@tavily.com",
  433: 'This request exceeds the pay-as-you-go limit. You can increase your limit on the Tavily dashboard.'
} as const

export function braveErrorBody(status: number, code: string, detail: string, meta: Record<string, unknown> = {}): unknown {
  return {
    type: 'ErrorResponse',
    error: { id: '9d3f2c1e-7b1a-4c55-9a0e-2f6d8e4b1a77', status, code, detail, meta },
    time: Math.floor(Date.now() / 1000)
  }
}

const BRAVE_PLAN_META = { plan: 'Free', rate_limit: 1, rate_current: 1, quota_limit: 2000, quota_current: 15, component: 'rate_limiter' }
/** The per-second limit (RATE_LIMITED): the month's quota is far from used. */
export const braveRateLimitedBody = (): unknown => braveErrorBody(429, 'RATE_LIMITED', 'Request rate limit exceeded for plan', BRAVE_PLAN_META)
/** The month's quota used up: the same 429, with quota_current at quota_limit. */
export const braveQuotaLimitedBody = (): unknown =>
  braveErrorBody(429, 'QUOTA_LIMITED', 'Request quota limit exceeded for plan', { ...BRAVE_PLAN_META, rate_current: 0, quota_current: 2000, component: 'quota_limiter' })
export const braveInvalidTokenBody = (): unknown =>
  braveErrorBody(422, 'SUBSCRIPTION_TOKEN_INVALID', 'The provided subscription token is invalid.', { component: 'authentication' })

function defaultErrorBody(service: FakeSearchService, status: number): unknown {
  switch (service) {
    case 'searxng':
      return searxngErrorPage(status)
    case 'tavily':
      return tavilyErrorBody(TAVILY_MESSAGES[status as keyof typeof TAVILY_MESSAGES] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request'))
    case 'brave':
      if (status === 429) return braveRateLimitedBody()
      if (status === 401 || status === 422) return braveInvalidTokenBody()
      return braveErrorBody(status, status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION', status >= 500 ? 'Internal error' : 'Unable to validate request parameter(s)')
    default:
      return { error: 'Not Found' }
  }
}

// ---- The services --------------------------------------------------------------------------

interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

function searxngReply(params: Record<string, string>, formats: string[]): Reply {
  const format = params.format || 'html'
  // The webapp's check: a format missing from search.formats is a 403, before anything else.
  if (!formats.includes(format)) return { status: 403, body: searxngErrorPage(403) }
  const q = params.q ?? ''
  if (!q.trim()) return format === 'json' ? { status: 400, body: { error: 'No query' } } : { status: 200, body: '<!doctype html><title>SearXNG</title>' }
  const timeRange = params.time_range
  if (timeRange && !['day', 'week', 'month', 'year', 'None'].includes(timeRange)) {
    return { status: 400, body: { error: `Invalid value "${timeRange}" for parameter time_range` } }
  }
  if (format !== 'json') return { status: 200, body: `<!doctype html><title>${q} - SearXNG</title><main>results</main>` }
  const results = cannedPages(q).map((page, i) => {
    const parsed = new URL(page.url)
    return {
      url: page.url,
      title: page.title,
      content: page.text,
      publishedDate: page.published ?? null,
      thumbnail: '',
      engine: i % 2 === 0 ? 'duckduckgo' : 'brave',
      template: 'default.html',
      parsed_url: [parsed.protocol.slice(0, -1), parsed.host, parsed.pathname, '', parsed.search.slice(1), ''],
      img_src: '',
      priority: '',
      engines: i % 2 === 0 ? ['duckduckgo', 'brave'] : ['brave'],
      positions: [i + 1],
      score: Number((8 / (i + 1)).toFixed(3)),
      category: 'general'
    }
  })
  return {
    status: 200,
    body: { query: q, number_of_results: 0, results, answers: [], corrections: [], infoboxes: [], suggestions: [`${q} tutorial`, `${q} examples`], unresponsive_engines: [] }
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return match?.[1].trim()
}

function tavilyReply(headers: IncomingHttpHeaders, body: unknown, key: string): Reply {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  // Tavily takes the key as a Bearer token (and, in older clients, as api_key in the body).
  const given = bearer(headers.authorization) ?? (typeof fields.api_key === 'string' ? fields.api_key : undefined)
  if (given !== key) return { status: 401, body: tavilyErrorBody(TAVILY_MESSAGES[401]) }
  const query = typeof fields.query === 'string' ? fields.query : ''
  if (!query.trim()) return { status: 400, body: tavilyErrorBody('Query is missing.') }
  const timeRange = fields.time_range
  if (timeRange !== undefined && !['day', 'week', 'month', 'year', 'd', 'w', 'm', 'y'].includes(String(timeRange))) {
    return { status: 400, body: tavilyErrorBody(`Invalid time_range: ${String(timeRange)}. Must be one of day, week, month, year.`) }
  }
  const maxResults = fields.max_results === undefined ? 5 : Number(fields.max_results)
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 20) {
    return { status: 400, body: tavilyErrorBody('max_results must be between 0 and 20.') }
  }
  const results = cannedPages(query)
    .slice(0, maxResults)
    .map((page, i) => ({ url: page.url, title: page.title, content: page.text, score: Number((0.9 - i * 0.07).toFixed(4)), raw_content: null }))
  return {
    status: 200,
    body: { query, follow_up_questions: null, answer: null, images: [], results, response_time: 0.87, request_id: '123e4567-e89b-12d3-a456-426614174111' }
  }
}

/** Brave's snippets as it sends them: the query's words in <strong>, characters as entities. */
function braveDescription(text: string, query: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')
  const words = query.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return words.length ? escaped.replace(new RegExp(`(${words.join('|')})`, 'gi'), '<strong>$1</strong>') : escaped
}

function braveReply(params: Record<string, string>, headers: IncomingHttpHeaders, key: string): Reply {
  const token = headers['x-subscription-token']
  if (token !== key) return { status: 422, body: braveInvalidTokenBody() }
  const q = params.q ?? ''
  if (!q.trim() || q.length > 400) return { status: 422, body: braveErrorBody(422, 'VALIDATION', 'Unable to validate request parameter(s)', { errors: [{ loc: ['query', 'q'] }] }) }
  const count = params.count === undefined ? 20 : Number(params.count)
  if (!Number.isInteger(count) || count < 1 || count > 20) {
    return { status: 422, body: braveErrorBody(422, 'VALIDATION', 'Unable to validate request parameter(s)', { errors: [{ loc: ['query', 'count'] }] }) }
  }
  const freshness = params.freshness
  if (freshness !== undefined && !/^(pd|pw|pm|py|\d{4}-\d{2}-\d{2}to\d{4}-\d{2}-\d{2})$/.test(freshness)) {
    return { status: 422, body: braveErrorBody(422, 'VALIDATION', 'Unable to validate request parameter(s)', { errors: [{ loc: ['query', 'freshness'] }] }) }
  }
  const results = cannedPages(q)
    .slice(0, count)
    .map((page) => {
      const parsed = new URL(page.url)
      return {
        title: page.title,
        url: page.url,
        is_source_local: false,
        is_source_both: false,
        description: braveDescription(page.text, q),
        page_age: page.published,
        profile: { name: page.site, url: page.url, long_name: parsed.hostname, img: `https://imgs.search.brave.com/${parsed.hostname}.png` },
        language: 'en',
        family_friendly: true,
        type: 'search_result',
        subtype: 'generic',
        meta_url: { scheme: parsed.protocol.slice(0, -1), netloc: parsed.host, hostname: parsed.hostname, favicon: `https://imgs.search.brave.com/favicon/${parsed.hostname}`, path: `› ${parsed.pathname.split('/').filter(Boolean).join(' › ')}` }
      }
    })
  return {
    status: 200,
    body: {
      type: 'search',
      query: { original: q, show_strict_warning: false, is_navigational: false, is_news_breaking: false, spellcheck_off: true, country: 'us', bad_results: false, should_fallback: false, postal_code: '', city: '', header_country: '', more_results_available: true, state: '' },
      mixed: { type: 'mixed', main: results.map((_, index) => ({ type: 'web', index, all: false })), top: [], side: [] },
      web: { type: 'search', results, family_friendly: true }
    }
  }
}

// ---- The server ----------------------------------------------------------------------------

function serviceOf(method: string, path: string, contentType: string): FakeSearchService {
  if (path === '/res/v1/web/search') return 'brave'
  if (path !== '/search' && path !== '/') return 'unknown'
  // Tavily is a JSON POST; SearXNG takes GET, or POST with form fields.
  if (method === 'POST' && contentType.includes('application/json')) return 'tavily'
  return 'searxng'
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const part of req) parts.push(part as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw))
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return
  const isText = typeof reply.body === 'string'
  const text = isText ? (reply.body as string) : JSON.stringify(reply.body)
  const type = isText ? ((reply.body as string).trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8') : 'application/json'
  res.writeHead(reply.status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...reply.headers })
  res.end(text)
}

export async function startFakeSearch(opts: FakeSearchOptions = {}): Promise<FakeSearch> {
  const host = opts.host ?? '127.0.0.1'
  const tavilyKey = opts.tavilyKey ?? FAKE_TAVILY_KEY
  const braveKey = opts.braveKey ?? FAKE_BRAVE_KEY
  const formats = opts.searxngFormats ?? ['html', 'json']
  const scripts: FakeSearchScript[] = []
  const requests: FakeSearchRequest[] = []
  const waiters: Array<{ count: number; resolve: (r: FakeSearchRequest[]) => void }> = []

  function record(entry: FakeSearchRequest): void {
    requests.push(entry)
    for (const waiter of [...waiters]) {
      if (requests.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve([...requests])
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://fake')
    const contentType = String(req.headers['content-type'] ?? '')
    const body = parseBody(await readBody(req), contentType)
    const service = serviceOf(method, url.pathname, contentType)
    const query = Object.fromEntries(url.searchParams)
    record({ service, method, path: url.pathname, query, headers: req.headers, body })

    const scripted = scripts.shift()
    if (scripted?.delayMs) {
      // The client going away (its timeout, Stop, or close() below) ends the wait: no stray timers.
      const gone = new AbortController()
      res.once('close', () => gone.abort())
      try {
        await delay(scripted.delayMs, undefined, { signal: gone.signal })
      } catch {
        return
      }
    }
    if (scripted && (scripted.status !== undefined || scripted.body !== undefined)) {
      const status = scripted.status ?? 200
      const replyBody = scripted.body !== undefined ? scripted.body : defaultErrorBody(service, status)
      return send(res, { status, body: replyBody, headers: scripted.headers })
    }
    const fields = service === 'searxng' && method === 'POST' && body && typeof body === 'object' ? { ...query, ...(body as Record<string, string>) } : query
    switch (service) {
      case 'searxng':
        return send(res, searxngReply(fields, formats))
      case 'tavily':
        return send(res, tavilyReply(req.headers, body, tavilyKey))
      case 'brave':
        return send(res, braveReply(query, req.headers, braveKey))
      default:
        return send(res, { status: 404, body: { error: 'Not Found' } })
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake shows up as a 500 in the test, never as an unhandled rejection.
      send(res, { status: 500, body: { error: `fake search error: ${String(error)}` } })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${host}:${port}`,
    requests,
    script: (next) => void scripts.push(next),
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve([...requests]) : new Promise((resolve) => waiters.push({ count, resolve })),
    reset: () => {
      scripts.length = 0
      requests.length = 0
    },
    close: async () => {
      // Delayed answers still waiting end now (their sockets close), rather than holding close() up.
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
