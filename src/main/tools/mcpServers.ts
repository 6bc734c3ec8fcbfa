/**
 * The MCP servers the user configured, kept in preferences (`mcpServers`) beside the providers.
 * Read back validated: an entry edited by hand into something invalid is skipped, not fatal.
 */
import { McpServerConfig } from '../../shared/tools/schemas'

const KEY = 'mcpServers'

export interface McpServerStore {
  list(): McpServerConfig[]
  /** Inserts or replaces by id. */
  put(server: McpServerConfig): void
  remove(id: string): void
}

export function createMcpServerStore(backend: { get(key: string): unknown; set(key: string, value: unknown): void }): McpServerStore {
  const list = (): McpServerConfig[] => {
    const raw = backend.get(KEY)
    if (!Array.isArray(raw)) return []
    const seen = new Set<string>()
    const out: McpServerConfig[] = []
    for (const entry of raw) {
      const parsed = McpServerConfig.safeParse(entry)
      if (!parsed.success || seen.has(parsed.data.id)) continue
      seen.add(parsed.data.id)
      out.push(parsed.data)
    }
    return out
  }
  return {
    list,
    put(server) {
      const valid = McpServerConfig.parse(server)
      const all = list()
      const at = all.findIndex((s) => s.id === valid.id)
      if (at === -1) all.push(valid)
      else all[at] = valid
      backend.set(KEY, all)
    },
    remove(id) {
      backend.set(
        KEY,
        list().filter((s) => s.id !== id)
      )
    }
  }
}
