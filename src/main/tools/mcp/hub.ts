/**
 * The MCP hub: every MCP server the user configured, as one tool provider for the tool loop.
 *
 * It owns one McpConnection per configured server, keeps them in step with the settings
 * (`sync`), and offers the tools of the ready ones under names the model accepts
 * (`<serverId>__<tool>`, see toolNames.ts). The offered list and the name → (server, tool)
 * table are rebuilt whenever a server's state or tools change, so `list()` and the routing in
 * `call()` are cheap and always agree with each other.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js'
import type { McpServerConfig } from '../../../shared/tools/schemas'
import type { ToolCallContext, ToolProvider, ToolResult, ToolSpec } from '../types'
import { McpConnection, type McpServerStatus } from './connection'
import { errorResult } from './results'
import { namespacedToolName } from './toolNames'

export type { McpServerState, McpServerStatus } from './connection'

export interface McpHubDeps {
  /** The environment stdio servers start with (their own `env` goes over it): readLoginShellEnv. */
  loginEnv: () => Promise<Record<string, string>>
  log?: (msg: string, err?: unknown) => void
  /** A server's state or the offered tools changed (re-read list() / status()). */
  onChange?: () => void
  clientInfo?: { name: string; version: string }
  /** How long a server may take to start (spawn/connect, handshake, tool list). Default 60 s: `npx` may download first. */
  startTimeoutMs?: number
}

export interface McpHub extends ToolProvider {
  /** Starts enabled servers that aren't running, stops removed or disabled ones, restarts changed ones. Resolves when each started server is ready or failed. */
  sync(configs: McpServerConfig[]): Promise<void>
  list(): ToolSpec[]
  call(name: string, args: Record<string, unknown>, ctx: ToolCallContext): Promise<ToolResult>
  /** Every configured server, in the order of the last sync. */
  status(): McpServerStatus[]
  /** Starts the server again (after a failure, or to pick up changes outside Omnidesk). */
  retry(id: string): Promise<void>
  /** Stops every server; stdio children are gone when it resolves. */
  stopAll(): Promise<void>
}

interface Route {
  connection: McpConnection
  tool: Tool
}

const DEFAULT_START_TIMEOUT_MS = 60_000

/** The fields whose change needs a new process / connection (name, timeout, approval don't). */
function launchKey(config: McpServerConfig): string {
  const sorted = (record: Record<string, string>): Array<[string, string]> =>
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([
    config.enabled,
    config.transport,
    config.command ?? null,
    config.args,
    sorted(config.env),
    config.cwd ?? null,
    config.url ?? null,
    sorted(config.headers)
  ])
}

/**
 * MCP annotations are hints the server gives about itself. readOnly only on an explicit
 * `readOnlyHint: true` (that is what lets a tool run without asking); destructive on an explicit
 * `destructiveHint: true`. The spec says destructiveHint only matters when readOnlyHint is false;
 * a server claiming both gets the careful reading: destructive, not read-only.
 */
function toToolSpec(serverId: string, name: string, tool: Tool): ToolSpec {
  const destructive = tool.annotations?.destructiveHint === true
  const readOnly = tool.annotations?.readOnlyHint === true && !destructive
  // `$schema` only names the JSON Schema dialect; some OpenAI-compatible providers refuse
  // function parameters carrying it. An object schema without `properties` is refused by others.
  const { $schema: _dialect, ...schema } = tool.inputSchema as Record<string, unknown>
  return {
    name,
    source: serverId,
    title: tool.name,
    description: tool.description ?? tool.title ?? tool.annotations?.title ?? '',
    parameters: { ...schema, type: 'object', properties: schema.properties ?? {} },
    readOnly,
    ...(destructive ? { destructive: true } : {})
  }
}

export function createMcpHub(deps: McpHubDeps): McpHub {
  const log = deps.log ?? ((msg: string, err?: unknown) => console.warn(`[mcp] ${msg}`, err ?? ''))
  const connections = new Map<string, McpConnection>()
  let order: string[] = []
  let specs: ToolSpec[] = []
  let routes = new Map<string, Route>()
  /** sync() calls apply one after another, so two quick saves can't interleave their stops and starts. */
  let syncQueue: Promise<unknown> = Promise.resolve()

  const rebuild = (): void => {
    const taken = new Set<string>()
    const nextSpecs: ToolSpec[] = []
    const nextRoutes = new Map<string, Route>()
    for (const id of order) {
      const connection = connections.get(id)
      if (!connection?.isReady) continue
      for (const tool of connection.toolList) {
        const name = namespacedToolName(id, tool.name, taken)
        taken.add(name)
        nextSpecs.push(toToolSpec(id, name, tool))
        nextRoutes.set(name, { connection, tool })
      }
    }
    specs = nextSpecs
    routes = nextRoutes
  }

  const changed = (): void => {
    rebuild()
    try {
      deps.onChange?.()
    } catch (error) {
      log('onChange listener failed', error)
    }
  }

  const connectionDeps = {
    loginEnv: deps.loginEnv,
    log,
    onChange: changed,
    clientInfo: deps.clientInfo ?? { name: 'Omnidesk', version: '0.0.0' },
    startTimeoutMs: deps.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS
  }

  const applySync = async (configs: McpServerConfig[]): Promise<Array<Promise<void>>> => {
    const wanted = new Map<string, McpServerConfig>()
    for (const config of configs) {
      if (wanted.has(config.id)) {
        log(`two MCP servers share the id “${config.id}”; only the first is used`)
        continue
      }
      wanted.set(config.id, config)
    }

    const stops: Array<Promise<void>> = []
    for (const [id, connection] of connections) {
      if (!wanted.has(id)) {
        connections.delete(id)
        stops.push(connection.stop())
      }
    }
    order = [...wanted.keys()]

    const starts: Array<() => Promise<void>> = []
    for (const config of wanted.values()) {
      const existing = connections.get(config.id)
      if (!existing) {
        const connection = new McpConnection(config, connectionDeps)
        connections.set(config.id, connection)
        if (config.enabled) starts.push(() => connection.start())
        continue
      }
      const relaunch = launchKey(existing.config) !== launchKey(config)
      existing.config = config
      if (!config.enabled) {
        if (existing.status().state !== 'stopped') stops.push(existing.stop())
      } else if (relaunch || existing.status().state === 'stopped') {
        starts.push(() => existing.start())
      }
    }
    // Stopped processes first: a restarted server must not meet its old self (ports, locks).
    await Promise.all(stops)
    changed()
    return starts.map((start) => start())
  }

  return {
    async sync(configs) {
      const run = syncQueue.then(() => applySync(configs))
      syncQueue = run.catch(() => undefined)
      const starting = await run
      // Waiting for the starts happens outside the queue: a slow server must not hold up the next sync.
      await Promise.all(starting)
    },

    list() {
      return specs.slice()
    },

    async call(name, args, ctx) {
      const route = routes.get(name)
      if (!route) {
        return errorResult(`There is no MCP tool named “${name}” (its server may have stopped or no longer offers it).`)
      }
      try {
        return await route.connection.call(route.tool.name, args, ctx)
      } catch (error) {
        // McpConnection.call already turns failures into results; this is the last safety net.
        log(`call ${name} threw`, error)
        return errorResult(`The tool “${route.tool.name}” failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    },

    status() {
      return order.flatMap((id) => {
        const connection = connections.get(id)
        return connection ? [connection.status()] : []
      })
    },

    async retry(id) {
      const connection = connections.get(id)
      if (!connection || !connection.config.enabled) return
      await connection.start()
    },

    async stopAll() {
      await syncQueue
      await Promise.all([...connections.values()].map((connection) => connection.stop()))
      changed()
    }
  }
}
