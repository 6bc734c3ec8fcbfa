/**
 * One MCP server: starting it, knowing its tools, calling them, noticing when it dies.
 *
 * States: stopped → starting → ready, or failed with a sentence the user can act on (plus the
 * last lines of the server's stderr, which is where servers say what is wrong). Every start gets
 * a new generation number; events from an older generation (a late close, a late answer after
 * the user pressed Stop or changed the config) are ignored, so no race can resurrect a stopped
 * server or fail a newer one.
 *
 * A server that dies after it was ready is restarted once: one crash is often a fluke (a
 * dropped network, a bug in one request), but a server that keeps dying would otherwise loop
 * forever, eating CPU and hiding its error. The budget is per user start: `start()` (sync with a
 * changed config, or Retry) gives it back.
 */
import { stat } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js'
import type { McpServerConfig } from '../../../shared/tools/schemas'
import type { ToolCallContext, ToolResult } from '../types'
import { errorResult, toToolResult } from './results'

export type McpServerState = 'stopped' | 'starting' | 'ready' | 'failed'

export interface McpServerStatus {
  id: string
  name: string
  state: McpServerState
  /** Why it failed, in words for the user (only when failed). */
  error?: string
  /** The last lines the server wrote to stderr (stdio), and stdout lines that were not MCP. */
  stderrTail: string[]
  /** How many tools it offers now. */
  tools: number
}

export interface ConnectionDeps {
  loginEnv: () => Promise<Record<string, string>>
  log: (msg: string, err?: unknown) => void
  /** The state or the tool list changed. */
  onChange: () => void
  clientInfo: { name: string; version: string }
  /** How long starting may take (spawn or connect, initialize, first tool list). */
  startTimeoutMs: number
}

const TAIL_LINES = 20
const MAX_LINE_LENGTH = 1000
const MAX_TOOL_PAGES = 50
/** How long a stopped stdio server may take to be gone before it is killed outright. */
const EXIT_GRACE_MS = 2_000
const TERMINATE_SESSION_MS = 2_000

/** A start failed in a way we can already put in words. */
class StartError extends Error {}

/** The last N lines of a stream (stderr), with the unfinished last line shown too. */
class LineTail {
  private lines: string[] = []
  private partial = ''
  private decoder = new StringDecoder('utf8')

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
    const pieces = text.split(/\r?\n/)
    this.partial = (pieces.pop() ?? '').slice(0, MAX_LINE_LENGTH)
    for (const line of pieces) this.add(line)
  }

  add(line: string): void {
    this.lines.push(line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line)
    if (this.lines.length > TAIL_LINES) this.lines.splice(0, this.lines.length - TAIL_LINES)
  }

  /** Ends the current line (a new process starts writing on a fresh one). */
  flush(): void {
    if (this.partial) this.add(this.partial)
    this.partial = ''
    this.decoder = new StringDecoder('utf8')
  }

  clear(): void {
    this.lines = []
    this.partial = ''
    this.decoder = new StringDecoder('utf8')
  }

  snapshot(): string[] {
    const all = this.partial ? [...this.lines, this.partial] : [...this.lines]
    return all.slice(-TAIL_LINES)
  }
}

/**
 * The lines on a server's stdout that are not JSON, kept (the last few, shortened) so the user
 * can see what the server printed. The SDK's parser reports such a line only through a parse
 * error, whose message quotes just its first ten characters.
 */
class StdoutNoise {
  private recent: string[] = []
  private partial = ''
  private partialIsJson: boolean | undefined
  private decoder = new StringDecoder('utf8')

  push(chunk: Buffer): void {
    let text = this.decoder.write(chunk)
    for (;;) {
      const newline = text.indexOf('\n')
      const piece = newline < 0 ? text : text.slice(0, newline)
      // Only the start of a line matters: JSON lines (the protocol) are skipped without copying.
      if (this.partialIsJson === undefined && (this.partial + piece).trim().length > 0) {
        this.partialIsJson = /^\s*[[{]/.test(this.partial + piece)
      }
      if (!this.partialIsJson && this.partial.length < MAX_LINE_LENGTH) this.partial += piece.slice(0, MAX_LINE_LENGTH)
      if (newline < 0) return
      if (!this.partialIsJson) this.remember(this.partial.replace(/\r$/, ''))
      this.partial = ''
      this.partialIsJson = undefined
      text = text.slice(newline + 1)
    }
  }

  private remember(line: string): void {
    this.recent.push(line.length >= MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line)
    if (this.recent.length > 5) this.recent.shift()
  }

  /** The remembered line a parse error is about (V8 quotes the start of the text). */
  lineFor(error: Error): string | undefined {
    const quoted = /"(.*?)"(\.\.\.)? is not valid JSON/.exec(error.message)
    const start = quoted?.[1]
    const found = start === undefined ? undefined : [...this.recent].reverse().find((line) => line.trimStart().startsWith(start))
    if (found !== undefined) return found
    if (start !== undefined) return `${start}${quoted?.[2] ? '…' : ''}`
    return undefined
  }
}

/**
 * The SDK's stdio transport, remembering the child's pid (the transport forgets it on close) and
 * watching stdout for text that is not MCP.
 */
class TrackedStdioTransport extends StdioClientTransport {
  startedPid?: number
  readonly noise = new StdoutNoise()

  override async start(): Promise<void> {
    const started = super.start()
    // The child is spawned synchronously inside start(). Its stdout is not public, so this reads
    // the SDK's private field (the SDK version is pinned; the garbage test notices a change).
    // prependListener: we must have seen a line before the SDK's parser reports it as an error.
    const child = (this as unknown as { _process?: { stdout?: NodeJS.ReadableStream | null } })._process
    child?.stdout?.prependListener('data', (chunk: Buffer) => this.noise.push(chunk))
    await started
    this.startedPid = this.pid ?? undefined
  }
}

/** One live (or starting) client: what stop() must close. */
interface Session {
  generation: number
  client: Client
  transport: Transport
}

function messageOf(error: unknown): string {
  if (error instanceof McpError) return error.message.replace(/^MCP error -?\d+: /, '')
  if (error instanceof Error) {
    // fetch's "fetch failed" says nothing; its cause (ECONNREFUSED, ENOTFOUND, a TLS error) does.
    const cause = (error as { cause?: unknown }).cause
    const detail = cause instanceof Error ? cause.message : undefined
    return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message
  }
  return String(error)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    // ESRCH: gone. EPERM: the pid now belongs to a process that is not ours (reused), so ours is gone.
    return false
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return true
}

/** What a non-MCP stdout line was, for the user: the line itself when we caught it. */
function describeStdoutNoise(error: Error, noise: StdoutNoise): string {
  if (error instanceof SyntaxError) {
    const line = noise.lineFor(error)
    if (line === undefined) return `text that is not JSON (${error.message})`
    return line.trim().length > 0 ? `“${line}”` : 'an empty line'
  }
  return 'a JSON line that is not an MCP message'
}

/** A transport error that says "this line on stdout was not MCP". */
function isStdoutNoise(error: Error): boolean {
  return error instanceof SyntaxError || error.name === 'ZodError' || error.constructor?.name === 'ZodError'
}

/**
 * Whether a failed Streamable HTTP connect means "this is an old SSE-only server": the spec's
 * backwards-compatibility rule is a 4xx answer to the initialize POST (typically 404 or 405).
 * 401/403 are about credentials: the SSE transport would be refused the same way, and its error
 * would hide the real one.
 */
function shouldTrySse(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code !== undefined && error.code >= 400 && error.code < 500 && error.code !== 401 && error.code !== 403
}

export class McpConnection {
  config: McpServerConfig
  private readonly deps: ConnectionDeps
  private state: McpServerState = 'stopped'
  private error?: string
  private tools: Tool[] = []
  private readonly tail = new LineTail()
  private generation = 0
  private session?: Session
  /** Pids of the stdio children this connection started and has not seen gone yet. */
  private readonly pids = new Set<number>()
  private crashes = 0
  /** Set while starting when we already know why it will fail (stdout noise, the deadline). */
  private startFailure?: string
  private refreshing?: { generation: number; done: Promise<void> }
  private refreshAgain = false

  constructor(config: McpServerConfig, deps: ConnectionDeps) {
    this.config = config
    this.deps = deps
  }

  get id(): string {
    return this.config.id
  }

  get isReady(): boolean {
    return this.state === 'ready'
  }

  /** The server's tools as it listed them (empty unless ready). */
  get toolList(): readonly Tool[] {
    return this.state === 'ready' ? this.tools : []
  }

  status(): McpServerStatus {
    return {
      id: this.config.id,
      name: this.config.name,
      state: this.state,
      ...(this.error ? { error: this.error } : {}),
      stderrTail: this.tail.snapshot(),
      tools: this.toolList.length
    }
  }

  /** A start the user asked for (sync, Retry): fresh crash budget and stderr. */
  async start(): Promise<void> {
    await this.stop()
    this.crashes = 0
    this.tail.clear()
    await this.launch()
  }

  /** Closes the client; a stdio child is gone (or killed) when this resolves. */
  async stop(): Promise<void> {
    this.generation++
    const session = this.session
    this.session = undefined
    this.tools = []
    this.setState('stopped')
    if (session) await this.closeSession(session)
    await this.reapChildren()
  }

  async call(toolName: string, args: Record<string, unknown>, ctx: ToolCallContext): Promise<ToolResult> {
    const session = this.session
    const serverName = this.config.name
    if (this.state !== 'ready' || !session) {
      const why = this.state === 'failed' && this.error ? `: ${this.error}` : this.state === 'starting' ? ' (it is starting)' : ''
      return errorResult(`The MCP server “${serverName}” is not running${why}. The tool “${toolName}” could not be called.`)
    }
    if (ctx.signal.aborted) return errorResult(`The call to “${toolName}” was cancelled before it started.`)
    const timeoutMs = this.config.timeoutSeconds * 1000
    // A signal of our own per call: the SDK never removes its abort listener, so handing it the
    // caller's (possibly long-lived) signal would pile up listeners and, on a later abort, send
    // cancellations for requests that finished long ago.
    const perCall = new AbortController()
    const forward = (): void => perCall.abort(ctx.signal.reason)
    ctx.signal.addEventListener('abort', forward, { once: true })
    try {
      // The SDK sends notifications/cancelled to the server when the signal aborts or the
      // timeout fires, so the server can stop the work too (spec: basic/utilities/cancellation).
      const result = await session.client.callTool({ name: toolName, arguments: args }, undefined, {
        signal: perCall.signal,
        timeout: timeoutMs,
        maxTotalTimeout: timeoutMs
      })
      return toToolResult(result as CallToolResult)
    } catch (error) {
      if (ctx.signal.aborted) return errorResult(`The call to “${toolName}” was cancelled.`)
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        return errorResult(
          `“${toolName}” on the MCP server “${serverName}” did not answer within ${this.config.timeoutSeconds} s and was cancelled.`
        )
      }
      if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
        return errorResult(`The MCP server “${serverName}” closed the connection during the call to “${toolName}”.`)
      }
      if (error instanceof McpError) {
        return errorResult(`The MCP server “${serverName}” refused the call to “${toolName}”: ${messageOf(error)}`)
      }
      this.deps.log(`mcp ${this.id}: call ${toolName} failed`, error)
      return errorResult(`The call to “${toolName}” on the MCP server “${serverName}” failed: ${messageOf(error)}`)
    } finally {
      ctx.signal.removeEventListener('abort', forward)
    }
  }

  private setState(state: McpServerState, error?: string): void {
    const changed = this.state !== state || this.error !== error
    this.state = state
    this.error = error
    if (changed) this.deps.onChange()
  }

  /** Starts a new generation: connect, list tools, ready — or failed with the reason. */
  private async launch(): Promise<void> {
    const generation = ++this.generation
    this.startFailure = undefined
    this.tools = []
    this.setState('starting')
    const isCurrent = (): boolean => generation === this.generation

    let deadline: NodeJS.Timeout | undefined
    try {
      const timedOut = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => {
          reject(new StartError(`The server did not finish starting within ${this.deps.startTimeoutMs / 1000} s.`))
        }, this.deps.startTimeoutMs)
      })
      // Whichever loses the race may still reject later: nobody else listens to it.
      timedOut.catch(() => undefined)
      const connecting = this.connect(generation)
      connecting.catch(() => undefined)
      await Promise.race([connecting, timedOut])
      if (!isCurrent()) return
      if (this.startFailure) throw new StartError(this.startFailure)
      const listing = this.loadTools(generation)
      listing.catch(() => undefined)
      await Promise.race([listing, timedOut])
      if (!isCurrent()) return
      if (this.startFailure) throw new StartError(this.startFailure)
      this.setState('ready')
    } catch (error) {
      if (!isCurrent()) return
      const reason = this.startFailure ?? this.describeStartError(error)
      this.deps.log(`mcp ${this.id}: start failed: ${reason}`, error instanceof StartError ? undefined : error)
      // Close what was opened (kills a half-started child) before saying it failed.
      const session = this.session
      this.session = undefined
      if (session) await this.closeSession(session)
      await this.reapChildren()
      if (!isCurrent()) return
      this.tools = []
      this.setState('failed', reason)
    } finally {
      clearTimeout(deadline)
    }
  }

  private describeStartError(error: unknown): string {
    if (error instanceof StartError) return error.message
    const code = (error as { code?: unknown } | undefined)?.code
    if (this.config.transport === 'stdio') {
      const command = this.config.command ?? ''
      if (code === 'ENOENT') {
        return `Could not start “${command}”: no such program. Check the command, or install it (it must be on the PATH of your login shell, or given with its full path).`
      }
      if (code === 'EACCES') return `Could not start “${command}”: permission denied (is it an executable program?).`
    }
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
      return this.config.transport === 'stdio'
        ? 'The server exited during startup. Its last output (below) usually says why.'
        : 'The server closed the connection during startup.'
    }
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      return 'The server did not answer the MCP handshake in time.'
    }
    if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
      return `The server refused access (HTTP ${error.code}). Add the credentials it expects as a header (for example Authorization).`
    }
    if (error instanceof Error && error.name === 'UnauthorizedError') {
      return 'The server asks for authorization (HTTP 401). Add the credentials it expects as a header (for example Authorization).'
    }
    return `Could not connect: ${messageOf(error)}`
  }

  private newClient(generation: number): Client {
    const client = new Client(this.deps.clientInfo, { capabilities: {} })
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      if (generation === this.generation && this.state === 'ready') await this.refreshTools(generation)
    })
    client.onerror = (error) => {
      if (generation === this.generation) this.deps.log(`mcp ${this.id}: ${messageOf(error)}`, error)
    }
    client.onclose = () => this.onClosed(generation)
    return client
  }

  private async connect(generation: number): Promise<void> {
    if (this.config.transport === 'stdio') await this.connectStdio(generation)
    else await this.connectHttp(generation)
  }

  private async connectStdio(generation: number): Promise<void> {
    const command = this.config.command?.trim()
    if (!command) throw new StartError('No command is set for this server.')
    const cwd = this.config.cwd?.trim() || undefined
    if (cwd) {
      // Spawning in a missing folder fails with ENOENT too, which would blame the command.
      const info = await stat(cwd).catch(() => undefined)
      if (!info?.isDirectory()) throw new StartError(`The working folder “${cwd}” does not exist.`)
    }
    let baseEnv: Record<string, string>
    try {
      baseEnv = await this.deps.loginEnv()
    } catch (error) {
      this.deps.log(`mcp ${this.id}: could not read the login shell environment`, error)
      baseEnv = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
    }
    if (generation !== this.generation) return

    const transport = new TrackedStdioTransport({
      command,
      args: this.config.args,
      env: { ...baseEnv, ...this.config.env },
      cwd,
      stderr: 'pipe'
    })
    this.tail.flush()
    transport.stderr?.on('data', (chunk: Buffer) => this.tail.push(chunk))
    // Set before connect: the client keeps this handler and calls its own after it.
    transport.onerror = (error) => this.onTransportError(generation, error, transport.noise)
    const client = this.newClient(generation)
    this.session = { generation, client, transport }
    try {
      await client.connect(transport, { timeout: this.deps.startTimeoutMs })
    } finally {
      if (transport.startedPid !== undefined) this.pids.add(transport.startedPid)
    }
  }

  private async connectHttp(generation: number): Promise<void> {
    const raw = this.config.url?.trim()
    if (!raw) throw new StartError('No URL is set for this server.')
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw new StartError(`“${raw}” is not a valid URL.`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new StartError(`“${raw}” is not an http:// or https:// address.`)
    }
    const requestInit: RequestInit = { headers: this.config.headers }

    const streamable = new StreamableHTTPClientTransport(url, { requestInit })
    const first = this.newClient(generation)
    this.session = { generation, client: first, transport: streamable }
    try {
      await first.connect(streamable, { timeout: this.deps.startTimeoutMs })
      return
    } catch (error) {
      if (!shouldTrySse(error) || generation !== this.generation) throw error
      this.deps.log(`mcp ${this.id}: Streamable HTTP refused (${messageOf(error)}); trying the SSE transport`)
      this.session = undefined
      await first.close().catch(() => undefined)
      if (generation !== this.generation) return
      const sse = new SSEClientTransport(url, { requestInit })
      const second = this.newClient(generation)
      this.session = { generation, client: second, transport: sse }
      try {
        await second.connect(sse, { timeout: this.deps.startTimeoutMs })
      } catch (sseError) {
        throw new StartError(
          `Could not connect with Streamable HTTP (${messageOf(error)}) nor with the older SSE transport (${messageOf(sseError)}).`
        )
      }
    }
  }

  private onTransportError(generation: number, error: Error, stdout: StdoutNoise): void {
    if (generation !== this.generation || !isStdoutNoise(error)) return
    const noise = describeStdoutNoise(error, stdout)
    this.tail.add(`[stdout, not MCP] ${noise}`)
    if (this.state === 'starting') {
      // Servers that print to stdout (a banner, logs) break the protocol; failing now beats
      // waiting for a handshake that may never come. Their stderr tail stays visible.
      this.startFailure ??= `The server wrote text that is not MCP to its standard output: ${noise}. A stdio MCP server must print only protocol messages there (logs go to stderr).`
      const session = this.session
      if (session?.generation === generation) void session.client.close().catch(() => undefined)
    } else {
      // Once it works, a stray log line is not worth killing a working server for.
      this.deps.log(`mcp ${this.id}: ignored non-MCP output on stdout: ${noise}`)
    }
  }

  /** The connection closed without us asking: a crash (stdio) or the server going away. */
  private onClosed(generation: number): void {
    if (generation !== this.generation || this.state !== 'ready') return
    this.session = undefined
    this.tools = []
    this.crashes++
    const what = this.config.transport === 'stdio' ? 'The server process exited unexpectedly' : 'The server closed the connection'
    if (this.crashes <= 1) {
      this.deps.log(`mcp ${this.id}: ${what.toLowerCase()}; restarting it once`)
      this.tail.add('— the server stopped; restarting it —')
      this.setState('starting')
      void this.reapChildren().then(() => {
        if (generation === this.generation) return this.launch()
      })
      return
    }
    this.generation++
    this.setState('failed', `${what} again after a restart, so it was not restarted. Its last output (below) may say why.`)
    void this.reapChildren()
  }

  private async loadTools(generation: number): Promise<void> {
    const session = this.session
    if (!session || session.generation !== generation) return
    if (!session.client.getServerCapabilities()?.tools) {
      this.tools = []
      return
    }
    const tools: Tool[] = []
    let cursor: string | undefined
    for (let page = 0; page < MAX_TOOL_PAGES; page++) {
      const result = await session.client.listTools(cursor ? { cursor } : undefined, { timeout: this.deps.startTimeoutMs })
      tools.push(...result.tools)
      cursor = result.nextCursor
      if (!cursor) break
    }
    if (generation === this.generation) this.tools = tools
  }

  /** notifications/tools/list_changed: read the list again (one refresh at a time, none lost). */
  private async refreshTools(generation: number): Promise<void> {
    if (this.refreshing?.generation === generation) {
      this.refreshAgain = true
      return this.refreshing.done
    }
    const done = (async () => {
      do {
        this.refreshAgain = false
        try {
          await this.loadTools(generation)
          if (generation === this.generation && this.state === 'ready') this.deps.onChange()
        } catch (error) {
          if (generation === this.generation) this.deps.log(`mcp ${this.id}: could not refresh the tool list`, error)
        }
      } while (this.refreshAgain && generation === this.generation)
    })()
    this.refreshing = { generation, done }
    try {
      await done
    } finally {
      if (this.refreshing?.done === done) this.refreshing = undefined
    }
  }

  private async closeSession(session: Session): Promise<void> {
    try {
      if (session.transport instanceof StreamableHTTPClientTransport) {
        // Politely end the server-side session; never let an unresponsive server hold us up.
        await Promise.race([
          session.transport.terminateSession().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, TERMINATE_SESSION_MS).unref())
        ])
      }
      // stdio: the SDK closes stdin, then SIGTERM, then SIGKILL (2 s apart).
      await session.client.close()
    } catch (error) {
      this.deps.log(`mcp ${this.id}: error while closing`, error)
    }
  }

  /** Makes sure every child we started is gone: no orphan servers after stop or a failure. */
  private async reapChildren(): Promise<void> {
    for (const pid of [...this.pids]) {
      if (!(await waitUntilGone(pid, EXIT_GRACE_MS))) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // Already gone.
        }
        await waitUntilGone(pid, EXIT_GRACE_MS)
      }
      this.pids.delete(pid)
    }
  }
}
