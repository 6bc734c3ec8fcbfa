/**
 * The built-in `web_search` tool: the spec offered to the model, and a call that runs one search
 * on the service chosen in Settings → Tools (SearXNG, Tavily or Brave) and hands back numbered
 * results to cite. `searchWeb` is the same search without the tool around it, for Settings'
 * "Test" button.
 *
 * The config is read on every call (a function, not a value) so a key or service changed in
 * Settings applies to the next search without rebuilding the tool. Failures never throw out of
 * `call`: they come back as `isError` with a sentence the model can relay.
 */
import type { WebSearchBackend } from '../../../shared/tools/schemas'
import type { ToolCallContext, ToolResult, ToolSpec } from '../types'
import type { BackendRequest } from './backend'
import { BRAVE_ENDPOINT, searchBrave } from './brave'
import { SETTINGS_PLACE, stoppedError, WebSearchError } from './errors'
import { formatHits } from './format'
import { FRESHNESS, type Freshness, type SearchHit } from './hits'
import { searchSearxng } from './searxng'
import { searchTavily, TAVILY_ENDPOINT } from './tavily'

export { WebSearchError, type WebSearchErrorKind } from './errors'
export { FRESHNESS, type Freshness, type SearchHit } from './hits'

export interface WebSearchConfig {
  backend: WebSearchBackend
  searxngUrl?: string
  apiKey?: string
}

export interface WebSearchEndpoints {
  tavily?: string
  brave?: string
}

export interface SearchWebOptions {
  signal?: AbortSignal
  /** Tests: where Tavily and Brave live (defaults: https://api.tavily.com, https://api.search.brave.com). */
  endpoints?: WebSearchEndpoints
  /** The whole exchange, body included (default 15 s). */
  timeoutMs?: number
  /** 1–20 (default 6). */
  maxResults?: number
  freshness?: Freshness
}

export const WEB_SEARCH_TOOL_NAME = 'web_search'
export const DEFAULT_TIMEOUT_MS = 15_000
export const DEFAULT_MAX_RESULTS = 6
/** Brave's limit on a query (400 characters); the others take more, but a query that long is a mistake. */
export const MAX_QUERY_LENGTH = 400

export const WEB_SEARCH_SPEC: ToolSpec = {
  name: WEB_SEARCH_TOOL_NAME,
  source: 'builtin',
  title: WEB_SEARCH_TOOL_NAME,
  description:
    'Search the web. Returns a numbered list of results, each with a title, its address and a snippet. ' +
    'Use it when the answer depends on current or recent information (news, prices, releases, versions, schedules, people in office), ' +
    'on facts you are not sure of, or when the user asks you to look something up; not for what you already know well. ' +
    'Write a short, specific query; search again with other words if the results miss. ' +
    'In your answer, cite the results you used by their numbers in brackets, like [1] or [2][3].',
  parameters: {
    type: 'object',
    properties: {
      query: {
        type: 'string',
        description: `What to search for: a few specific keywords or a short question (at most ${MAX_QUERY_LENGTH} characters).`
      },
      freshness: {
        type: 'string',
        enum: [...FRESHNESS],
        description: 'Only results from the past day, week, month or year. Leave it out unless recency matters.'
      }
    },
    required: ['query'],
    additionalProperties: false
  },
  readOnly: true
}

const clampResults = (n: number | undefined): number => Math.max(1, Math.min(20, Math.floor(n ?? DEFAULT_MAX_RESULTS)))

/** One search on the configured service. Throws a WebSearchError whose message is a sentence for the user. */
export async function searchWeb(query: string, config: WebSearchConfig, opts: SearchWebOptions = {}): Promise<SearchHit[]> {
  const trimmed = query.trim()
  if (!trimmed) throw new WebSearchError('bad-arguments', 'There is nothing to search for: the query is empty.')
  if (opts.signal?.aborted) throw stoppedError()
  const req: BackendRequest = {
    query: trimmed,
    freshness: opts.freshness,
    maxResults: clampResults(opts.maxResults),
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }
  switch (config.backend) {
    case 'searxng':
      return searchSearxng(config.searxngUrl, req)
    case 'tavily':
      return searchTavily(opts.endpoints?.tavily ?? TAVILY_ENDPOINT, config.apiKey, req)
    case 'brave':
      return searchBrave(opts.endpoints?.brave ?? BRAVE_ENDPOINT, config.apiKey, req)
    case 'none':
      throw new WebSearchError('off', `Web search is off: choose a search service in ${SETTINGS_PLACE}.`)
    default:
      // A value from a newer (or hand-edited) settings file.
      throw new WebSearchError('off', `Web search is set to an unknown service (“${String(config.backend)}”): choose one in ${SETTINGS_PLACE}.`)
  }
}

/** The model's arguments, checked by hand so each mistake gets a sentence the model can act on. */
function parseArgs(args: Record<string, unknown>): { query: string; freshness?: Freshness } | { error: string } {
  const query = typeof args.query === 'string' ? args.query.trim() : ''
  if (!query) return { error: 'web_search needs a `query`: the words to search for.' }
  if (query.length > MAX_QUERY_LENGTH) {
    return { error: `The query is ${query.length} characters long; web_search takes at most ${MAX_QUERY_LENGTH}. Search with fewer, more specific words.` }
  }
  const freshness = args.freshness
  // Models often send an empty or null optional argument: that means "no filter".
  if (freshness === undefined || freshness === null || freshness === '') return { query }
  if (typeof freshness === 'string' && (FRESHNESS as readonly string[]).includes(freshness)) return { query, freshness: freshness as Freshness }
  return { error: `\`freshness\` must be one of ${FRESHNESS.join(', ')} (or left out); got ${JSON.stringify(freshness)}.` }
}

/** Rejects with the stop error as soon as `signal` fires, whatever `promise` is doing. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(stoppedError())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(stoppedError())
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}

const failure = (content: string): ToolResult => ({ content, isError: true, format: 'text' })

export function createWebSearchTool(options: {
  config: () => WebSearchConfig | Promise<WebSearchConfig>
  /** Tests: where Tavily and Brave live (defaults: https://api.tavily.com, https://api.search.brave.com). */
  endpoints?: WebSearchEndpoints
  timeoutMs?: number
  maxResults?: number
}): { spec: ToolSpec; call(args: Record<string, unknown>, ctx: ToolCallContext): Promise<ToolResult> } {
  return {
    spec: WEB_SEARCH_SPEC,
    async call(args, ctx) {
      const parsed = parseArgs(args ?? {})
      if ('error' in parsed) return failure(parsed.error)
      try {
        // Reading the config may decrypt a key; Stop still ends the call at once.
        const config = await untilAborted(Promise.resolve().then(options.config), ctx.signal).catch((error: unknown) => {
          if (error instanceof WebSearchError) throw error
          throw new WebSearchError('not-configured', `The web search settings could not be read: ${error instanceof Error ? error.message : String(error)}`)
        })
        const hits = await searchWeb(parsed.query, config, {
          signal: ctx.signal,
          endpoints: options.endpoints,
          timeoutMs: options.timeoutMs,
          maxResults: options.maxResults,
          freshness: parsed.freshness
        })
        return formatHits(parsed.query, hits, parsed.freshness)
      } catch (error) {
        if (error instanceof WebSearchError) return failure(error.message)
        // A bug of ours, not the service's: still a result, never a throw out of a tool call.
        return failure(`The web search failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
}
