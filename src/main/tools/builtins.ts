/**
 * The tools Omnidesk itself offers: `web_search` (when the user chose a search service and it is
 * set up) and `read_url` (always). Their settings are read at each request, so a change in
 * Settings → Tools applies to the next message.
 */
import type { Settings } from '../../shared/settings'
import { createReadUrlTool } from './readUrl/readUrlTool'
import type { ToolProvider } from './types'
import { createWebSearchTool, type WebSearchEndpoints } from './webSearch/webSearchTool'

export interface BuiltinToolsDeps {
  settings: () => Settings
  /** The Tavily or Brave key (kept encrypted in main), if set. */
  searchKey: (backend: 'tavily' | 'brave') => string | undefined
  /** Tests: where Tavily and Brave live. */
  searchEndpoints?: WebSearchEndpoints
}

export function createBuiltinTools(deps: BuiltinToolsDeps): ToolProvider {
  const webSearch = createWebSearchTool({
    config: () => {
      const s = deps.settings()
      const backend = s.webSearchBackend
      return { backend, searxngUrl: s.searxngUrl, apiKey: backend === 'tavily' || backend === 'brave' ? deps.searchKey(backend) : undefined }
    },
    endpoints: deps.searchEndpoints
  })
  const readUrl = createReadUrlTool({ allowLocalNetwork: () => deps.settings().readUrlLocalNetwork })

  /** web_search is offered only once it can work (a service chosen, its address or key set). */
  const searchReady = (): boolean => {
    const s = deps.settings()
    if (s.webSearchBackend === 'searxng') return s.searxngUrl.trim() !== ''
    if (s.webSearchBackend === 'tavily' || s.webSearchBackend === 'brave') return deps.searchKey(s.webSearchBackend) !== undefined
    return false
  }

  return {
    list: () => [...(searchReady() ? [webSearch.spec] : []), readUrl.spec],
    call: (name, args, ctx) => {
      if (name === webSearch.spec.name) return webSearch.call(args, ctx)
      if (name === readUrl.spec.name) return readUrl.call(args, ctx)
      return Promise.resolve({ isError: true, content: `There is no built-in tool named "${name}".` })
    }
  }
}
