/** The `tools` namespace of the contract: the search services' keys and the MCP servers. */
import type { ContractHandlers } from '../../shared/ipc/contract'
import type { McpServerView } from '../../shared/tools/schemas'
import { importMcpServers, type McpHub } from './mcp'
import type { McpServerStore } from './mcpServers'
import type { ToolSpec } from './types'

/** Where a search service's key is kept in the secret store (beside the providers' keys). */
export const searchKeyId = (backend: 'tavily' | 'brave'): string => `search-${backend}`

export interface ToolHandlerDeps {
  secrets: { setKey(id: string, key: string | null): void; hasKey(id: string): boolean }
  servers: McpServerStore
  hub: McpHub
  /** What the model can be offered now. */
  offered: () => ToolSpec[]
}

/** The configured servers with what the hub knows of each (stopped when it knows nothing). */
export function serverViews(deps: Pick<ToolHandlerDeps, 'servers' | 'hub'>): McpServerView[] {
  const status = new Map(deps.hub.status().map((s) => [s.id, s]))
  return deps.servers.list().map((config) => {
    const s = status.get(config.id)
    return {
      ...config,
      status: s
        ? { state: s.state, ...(s.error ? { error: s.error.slice(0, 4000) } : {}), stderrTail: s.stderrTail.slice(-50).map((l) => l.slice(0, 2000)), tools: s.tools }
        : { state: 'stopped' as const, stderrTail: [], tools: 0 }
    }
  })
}

export function createToolHandlers(deps: ToolHandlerDeps): ContractHandlers['tools'] {
  const { servers, hub } = deps
  /** Makes the running servers match the stored ones; a slow start does not hold up the answer. */
  const resync = (): void => {
    void hub.sync(servers.list())
  }
  return {
    available: () => {
      const names = new Map(servers.list().map((s) => [s.id, s.name]))
      return deps.offered().map((t) => ({
        name: t.name,
        title: t.title,
        source: t.source,
        sourceName: names.get(t.source) ?? t.source,
        description: t.description.slice(0, 4000),
        readOnly: t.readOnly,
        destructive: t.destructive === true
      }))
    },
    searchKeys: () => ({ tavily: deps.secrets.hasKey(searchKeyId('tavily')), brave: deps.secrets.hasKey(searchKeyId('brave')) }),
    setSearchKey: ({ backend, key }) => {
      deps.secrets.setKey(searchKeyId(backend), key || null)
      return { ok: true as const }
    },
    servers: () => serverViews(deps),
    saveServer: (config) => {
      servers.put(config)
      resync()
      return serverViews(deps)
    },
    removeServer: ({ id }) => {
      servers.remove(id)
      resync()
      return serverViews(deps)
    },
    retryServer: async ({ id }) => {
      void hub.retry(id)
      return serverViews(deps)
    },
    importServers: ({ json }) => {
      const existing = servers.list()
      const result = importMcpServers(json, existing.map((s) => s.id))
      for (const server of result.servers) servers.put(server)
      if (result.servers.length) resync()
      return { servers: serverViews(deps), imported: result.servers.length, errors: result.errors }
    }
  }
}
