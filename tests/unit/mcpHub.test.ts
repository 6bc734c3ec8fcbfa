/**
 * The MCP hub against a real MCP server (tests/support/mcpServer): over stdio as a child process
 * (the SDK's own client and server on both ends of the pipe) and over HTTP in-process. No sleeps
 * for synchronisation: every wait polls the hub's state (or a file the server writes) with a
 * deadline.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMcpHub, type McpHub, type McpServerStatus } from '../../src/main/tools/mcp/hub'
import { toToolResult } from '../../src/main/tools/mcp/results'
import { namespacedToolName, TOOL_NAME_PATTERN } from '../../src/main/tools/mcp/toolNames'
import type { ToolCallContext } from '../../src/main/tools/types'
import {
  httpServerConfig,
  startHttpMcpServer,
  stdioServerConfig,
  TINY_PNG_BASE64,
  type HttpMcpServer
} from '../support/mcpServer'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnidesk-mcp-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Polls `probe` until it returns something truthy; fails with `what` after the deadline. */
async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function statusOf(hub: McpHub, id: string): McpServerStatus {
  const status = hub.status().find((entry) => entry.id === id)
  if (!status) throw new Error(`no status for ${id}`)
  return status
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function ctx(signal: AbortSignal = new AbortController().signal): ToolCallContext {
  return { signal }
}

const hubs: McpHub[] = []
function newHub(onChange?: () => void): { hub: McpHub; logs: string[] } {
  const logs: string[] = []
  const hub = createMcpHub({
    loginEnv: async () => ({ ...(process.env as Record<string, string>) }),
    log: (msg) => logs.push(msg),
    onChange,
    clientInfo: { name: 'omnidesk-test', version: '0.0.0' },
    startTimeoutMs: 15_000
  })
  hubs.push(hub)
  return { hub, logs }
}
async function stopHubs(): Promise<void> {
  await Promise.all(hubs.splice(0).map((hub) => hub.stopAll()))
}
afterEach(stopHubs)

describe('tool names', () => {
  it('namespaces, sanitises and shortens, staying unique', () => {
    const taken = new Set<string>()
    const plain = namespacedToolName('files', 'read', taken)
    expect(plain).toBe('files__read')
    taken.add(plain)
    const dotted = namespacedToolName('files', 'read.file', taken)
    expect(dotted).toBe('files__read_file')
    taken.add(dotted)
    // Sanitises to the same name as the one before: gets a hash instead of colliding.
    const clash = namespacedToolName('files', 'read/file', taken)
    expect(clash).not.toBe(dotted)
    expect(clash).toMatch(TOOL_NAME_PATTERN)
    taken.add(clash)
    const long = namespacedToolName('a-very-long-server-id-of-32-char', 'x'.repeat(80), taken)
    expect(long.length).toBeLessThanOrEqual(64)
    expect(long).toMatch(TOOL_NAME_PATTERN)
    expect(long.startsWith('a-very-long-server-id-of-32-char__x')).toBe(true)
    const longOther = namespacedToolName('a-very-long-server-id-of-32-char', `${'x'.repeat(80)}y`, taken)
    expect(longOther).not.toBe(long)
    expect(namespacedToolName('s', '', new Set())).toBe('s__tool')
  })
})

describe('call results', () => {
  it('turns every content kind into text for the model and images for the user', () => {
    const result = toToolResult({
      content: [
        { type: 'text', text: 'one' },
        { type: 'text', text: 'two' },
        { type: 'image', data: TINY_PNG_BASE64, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'inside' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', mimeType: 'application/octet-stream', blob: 'AAAA' } },
        { type: 'resource_link', uri: 'https://example.com/x', name: 'x' }
      ]
    })
    expect(result.isError).toBeUndefined()
    expect(result.content).toContain('one\n\ntwo')
    expect(result.content).toContain('inside')
    expect(result.content).toContain('file:///b.bin')
    expect(result.content).toContain('https://example.com/x')
    expect(result.images).toEqual([{ mime: 'image/png', data: TINY_PNG_BASE64 }])
  })

  it('uses structuredContent as JSON only when there is no text', () => {
    const onlyStructured = toToolResult({ content: [], structuredContent: { a: 1 } })
    expect(onlyStructured.format).toBe('json')
    expect(JSON.parse(onlyStructured.content)).toEqual({ a: 1 })
    const both = toToolResult({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { a: 1 } })
    expect(both.content).toBe('{"a":1}')
    expect(both.format).toBe('text')
    expect(toToolResult({ content: [], isError: true })).toMatchObject({ isError: true, content: expect.stringMatching(/error/) })
  })
})

describe('a stdio server', () => {
  let hub: McpHub
  let logs: string[]
  let changes = 0

  beforeAll(async () => {
    logs = []
    hub = createMcpHub({
      loginEnv: async () => ({ ...(process.env as Record<string, string>) }),
      log: (msg) => logs.push(msg),
      onChange: () => {
        changes++
      },
      startTimeoutMs: 15_000
    })
    await hub.sync([stdioServerConfig('main'), stdioServerConfig('quick', [], { timeoutSeconds: 1 })])
  })
  afterAll(async () => {
    await hub.stopAll()
  })

  it('is ready and lists its tools namespaced, with the read-only and destructive hints', () => {
    expect(statusOf(hub, 'main')).toMatchObject({ state: 'ready', tools: 7 })
    const tools = hub.list()
    for (const tool of tools) expect(tool.name).toMatch(TOOL_NAME_PATTERN)
    const echo = tools.find((tool) => tool.name === 'main__echo')
    expect(echo).toMatchObject({ source: 'main', title: 'echo', readOnly: true, description: 'Returns the text it was given.' })
    expect(echo?.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } })
    const note = tools.find((tool) => tool.name === 'main__write_note')
    expect(note).toMatchObject({ readOnly: false })
    expect(note?.destructive).toBeUndefined()
    expect(tools.find((tool) => tool.name === 'main__slow')?.readOnly).toBe(false)
    // Two servers, same tools, no clash.
    expect(tools.some((tool) => tool.name === 'quick__echo')).toBe(true)
  })

  it('calls a tool and converts its answers', async () => {
    expect(await hub.call('main__echo', { text: 'hello' }, ctx())).toMatchObject({ content: 'hello' })
    expect((await hub.call('main__echo', { text: 'x' }, ctx())).isError).toBeUndefined()
    const failed = await hub.call('main__fail', {}, ctx())
    expect(failed).toMatchObject({ isError: true, content: 'This tool failed on purpose.' })
    const rich = await hub.call('main__rich', {}, ctx())
    expect(rich.images).toEqual([{ mime: 'image/png', data: TINY_PNG_BASE64 }])
    expect(rich.content).toContain('Here is a picture.')
    expect(rich.content).toContain('# Today')
    expect(rich.content).toContain('https://example.com/report.pdf')
    const structured = await hub.call('main__structured', {}, ctx())
    expect(structured.format).toBe('json')
    expect(JSON.parse(structured.content)).toEqual({ count: 2, items: ['a', 'b'] })
  })

  it('answers an unknown tool or bad arguments with an error result, never a throw', async () => {
    const unknown = await hub.call('main__nope', {}, ctx())
    expect(unknown.isError).toBe(true)
    expect(unknown.content).toContain('main__nope')
    const badArgs = await hub.call('main__echo', { text: 42 }, ctx())
    expect(badArgs.isError).toBe(true)
  })

  it('cancels a call when the signal aborts, and the server sees the cancellation', async () => {
    const reportTo = join(dir, 'cancel-report.txt')
    const controller = new AbortController()
    const started = Date.now()
    const pending = hub.call('main__slow', { seconds: 20, reportTo }, ctx(controller.signal))
    // Abort once the server is working on it: a quick call sent after it has been answered, and
    // the server starts handling requests in the order they arrive on the pipe.
    await hub.call('main__echo', { text: 'in order' }, ctx())
    controller.abort()
    const result = await pending
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(result.isError).toBe(true)
    expect(result.content).toMatch(/cancelled/)
    const report = await until('the server to report', async () => (existsSync(reportTo) ? readFile(reportTo, 'utf8') : undefined))
    expect(report).toBe('cancelled')
  })

  it('times out after the server’s timeoutSeconds and cancels the request', async () => {
    const reportTo = join(dir, 'timeout-report.txt')
    const started = Date.now()
    const result = await hub.call('quick__slow', { seconds: 20, reportTo }, ctx())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(result.isError).toBe(true)
    expect(result.content).toContain('did not answer within 1 s')
    expect(await until('the server to report', async () => (existsSync(reportTo) ? readFile(reportTo, 'utf8') : undefined))).toBe(
      'cancelled'
    )
  })

  it('refreshes its tools on tools/list_changed and tells onChange', async () => {
    const before = changes
    const longName = `very.long/tool name ${'z'.repeat(70)}`
    await hub.call('main__add_tool', { name: 'late_tool' }, ctx())
    await hub.call('main__add_tool', { name: longName }, ctx())
    await until('the new tools to be listed', () => hub.list().some((tool) => tool.title === longName))
    expect(changes).toBeGreaterThan(before)
    expect(hub.list().some((tool) => tool.name === 'main__late_tool')).toBe(true)
    const long = hub.list().find((tool) => tool.title === longName)
    expect(long?.name).toMatch(TOOL_NAME_PATTERN)
    expect(await hub.call(long?.name ?? '', { text: 'hi' }, ctx())).toMatchObject({ content: `${longName}: hi` })
    expect(statusOf(hub, 'main').tools).toBe(9)
  })
})

describe('stdio servers that misbehave', () => {
  it('restarts a crashed server once; the second crash leaves it failed with its stderr', async () => {
    const { hub, logs } = newHub()
    await hub.sync([stdioServerConfig('crashy', ['--crash-after-ms', '300', '--stderr', 'booting the crashy server'])])
    expect(statusOf(hub, 'crashy').state).toBe('ready')
    const failed = await until('the second crash', () => {
      const status = statusOf(hub, 'crashy')
      return status.state === 'failed' && status.stderrTail.some((line) => line.includes('crashing after')) && status
    })
    expect(failed.error).toMatch(/exited unexpectedly again after a restart/)
    expect(failed.stderrTail.filter((line) => line.includes('crashing after 300 ms'))).toHaveLength(2)
    expect(failed.stderrTail.some((line) => line.includes('booting the crashy server'))).toBe(true)
    expect(logs.some((line) => line.includes('restarting it once'))).toBe(true)
    expect(hub.list()).toEqual([])
    const call = await hub.call('crashy__echo', { text: 'x' }, ctx())
    expect(call.isError).toBe(true)
  })

  it('fails a server that writes garbage to stdout, showing what it wrote', async () => {
    const { hub } = newHub()
    await hub.sync([stdioServerConfig('noisy', ['--garbage'])])
    const status = statusOf(hub, 'noisy')
    expect(status.state).toBe('failed')
    expect(status.error).toMatch(/not MCP/)
    expect(status.error).toContain('“Starting the noisy test server, version 1.2.3”')
    expect(status.stderrTail).toContain('[stdout, not MCP] “Starting the noisy test server, version 1.2.3”')
  })

  it('fails a command that does not exist with a clear sentence', async () => {
    const { hub } = newHub()
    await hub.sync([{ ...stdioServerConfig('ghost'), command: 'omnidesk-no-such-program-xyz', args: [] }])
    const status = statusOf(hub, 'ghost')
    expect(status.state).toBe('failed')
    expect(status.error).toContain('“omnidesk-no-such-program-xyz”: no such program')
  })

  it('fails a server that exits at start, with its stderr', async () => {
    const { hub } = newHub()
    await hub.sync([stdioServerConfig('quitter', ['--exit-on-start'])])
    const status = statusOf(hub, 'quitter')
    expect(status.state).toBe('failed')
    expect(status.error).toMatch(/exited during startup/)
    await until('the stderr tail', () => statusOf(hub, 'quitter').stderrTail.some((line) => line.includes('exiting on start')))
  })

  it('fails a missing working folder without blaming the command', async () => {
    const { hub } = newHub()
    await hub.sync([stdioServerConfig('nowhere', [], { cwd: join(dir, 'does-not-exist') })])
    expect(statusOf(hub, 'nowhere').error).toMatch(/working folder .* does not exist/)
  })
})

describe('lifecycle', () => {
  it('stopAll leaves no child process behind', async () => {
    const { hub } = newHub()
    const pidFile = join(dir, 'pid-stop.txt')
    await hub.sync([stdioServerConfig('child', ['--pid-file', pidFile])])
    expect(statusOf(hub, 'child').state).toBe('ready')
    const pid = Number(await readFile(pidFile, 'utf8'))
    expect(isAlive(pid)).toBe(true)
    await hub.stopAll()
    expect(isAlive(pid)).toBe(false)
    expect(statusOf(hub, 'child').state).toBe('stopped')
    expect(hub.list()).toEqual([])
  })

  it('stopAll during a start kills the starting child', async () => {
    const { hub } = newHub()
    const pidFile = join(dir, 'pid-starting.txt')
    // Starts and never answers the handshake (stdin closing ends it; the next test covers one that ignores that).
    const script = `require('fs').writeFileSync(process.argv[1], String(process.pid)); process.stdin.on('end', () => process.exit(0)); process.stdin.resume()`
    const syncing = hub.sync([{ ...stdioServerConfig('early'), command: process.execPath, args: ['-e', script, pidFile] }])
    const pid = await until('the child to start', async () => (existsSync(pidFile) ? Number(await readFile(pidFile, 'utf8')) : undefined))
    expect(statusOf(hub, 'early').state).toBe('starting')
    await hub.stopAll()
    await syncing
    expect(isAlive(pid)).toBe(false)
    expect(statusOf(hub, 'early').state).toBe('stopped')
  })

  it('gives up on a server that never answers, and kills it although it ignores stdin closing', async () => {
    const logs: string[] = []
    const hub = createMcpHub({ loginEnv: async () => ({}), log: (msg) => logs.push(msg), startTimeoutMs: 2_000 })
    hubs.push(hub)
    const pidFile = join(dir, 'pid-mute.txt')
    const script = `require('fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)`
    const syncing = hub.sync([{ ...stdioServerConfig('mute'), command: process.execPath, args: ['-e', script, pidFile] }])
    const pid = await until('the child to start', async () => (existsSync(pidFile) ? Number(await readFile(pidFile, 'utf8')) : undefined))
    await syncing
    expect(statusOf(hub, 'mute')).toMatchObject({ state: 'failed', error: 'The server did not finish starting within 2 s.' })
    expect(isAlive(pid)).toBe(false)
  })

  it('sync restarts changed servers, keeps unchanged ones, stops disabled and removed ones', async () => {
    const { hub } = newHub()
    const pidA = join(dir, 'pid-a.txt')
    const pidB = join(dir, 'pid-b.txt')
    const a = stdioServerConfig('a', ['--pid-file', pidA])
    const b = stdioServerConfig('b', ['--pid-file', pidB])
    await hub.sync([a, b])
    const firstA = Number(await readFile(pidA, 'utf8'))
    const firstB = Number(await readFile(pidB, 'utf8'))

    // A new name and timeout for a, new args for b.
    await hub.sync([{ ...a, name: 'Renamed', timeoutSeconds: 5 }, { ...b, args: [...b.args, '--stderr', 'v2'] }])
    expect(Number(await readFile(pidA, 'utf8'))).toBe(firstA)
    expect(isAlive(firstA)).toBe(true)
    expect(isAlive(firstB)).toBe(false)
    expect(statusOf(hub, 'a')).toMatchObject({ name: 'Renamed', state: 'ready' })
    expect(statusOf(hub, 'b').state).toBe('ready')
    const secondB = Number(await readFile(pidB, 'utf8'))
    expect(secondB).not.toBe(firstB)

    await hub.sync([{ ...a, enabled: false }])
    expect(isAlive(firstA)).toBe(false)
    expect(isAlive(secondB)).toBe(false)
    expect(hub.status().map((s) => [s.id, s.state])).toEqual([['a', 'stopped']])
    expect(hub.list()).toEqual([])
  })

  it('retry starts a failed server again', async () => {
    const { hub } = newHub()
    await hub.sync([stdioServerConfig('again', ['--exit-on-start'])])
    expect(statusOf(hub, 'again').state).toBe('failed')
    await hub.retry('again')
    expect(statusOf(hub, 'again').state).toBe('failed')
    expect(statusOf(hub, 'again').error).toMatch(/exited during startup/)
  })
})

describe('an HTTP server', () => {
  let server: HttpMcpServer | undefined
  afterEach(async () => {
    // The hubs first (the file-level afterEach runs after this one), then their server.
    await stopHubs()
    await server?.close()
    server = undefined
  })

  it('round trip over Streamable HTTP, with cancellation', async () => {
    server = await startHttpMcpServer()
    const { hub } = newHub()
    await hub.sync([httpServerConfig('web', server.url)])
    expect(statusOf(hub, 'web').state).toBe('ready')
    expect(hub.list().find((tool) => tool.name === 'web__echo')?.readOnly).toBe(true)
    expect(await hub.call('web__echo', { text: 'over http' }, ctx())).toMatchObject({ content: 'over http' })

    const controller = new AbortController()
    const pending = hub.call('web__slow', { seconds: 20 }, ctx(controller.signal))
    const running = server
    await until('the slow call to arrive', () => running.stats.calls >= 2)
    controller.abort()
    expect((await pending).isError).toBe(true)
    await until('the server to see the cancellation', () => running.stats.cancelled === 1)

    await hub.call('web__add_tool', { name: 'added_over_http' }, ctx())
    await until('the list_changed refresh', () => hub.list().some((tool) => tool.name === 'web__added_over_http'))
    expect(server.requests.every((request) => !request.includes('/sse'))).toBe(true)
  })

  it('sends the configured headers, and says so when the server refuses access', async () => {
    server = await startHttpMcpServer({ requireHeader: { name: 'Authorization', value: 'Bearer s3cret' } })
    const { hub } = newHub()
    await hub.sync([
      httpServerConfig('with-key', server.url, { headers: { Authorization: 'Bearer s3cret' } }),
      httpServerConfig('without-key', server.url)
    ])
    expect(statusOf(hub, 'with-key').state).toBe('ready')
    expect(statusOf(hub, 'without-key')).toMatchObject({ state: 'failed', error: expect.stringMatching(/HTTP 401/) })
  })

  it('falls back to the older SSE transport', async () => {
    server = await startHttpMcpServer({ legacySse: true })
    const { hub, logs } = newHub()
    await hub.sync([httpServerConfig('old', server.url)])
    expect(statusOf(hub, 'old').state).toBe('ready')
    expect(await hub.call('old__echo', { text: 'via sse' }, ctx())).toMatchObject({ content: 'via sse' })
    expect(server.requests).toContain('GET /sse')
    expect(logs.some((line) => line.includes('trying the SSE transport'))).toBe(true)
  })

  it('fails clearly when nothing listens there', async () => {
    // A port that was free a moment ago.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise((resolve) => probe.close(resolve))
    const { hub } = newHub()
    await hub.sync([httpServerConfig('down', `http://127.0.0.1:${port}/mcp`), httpServerConfig('typo', 'localhost:3000/mcp')])
    expect(statusOf(hub, 'down')).toMatchObject({ state: 'failed', error: expect.stringMatching(/Could not connect: .*ECONNREFUSED/) })
    expect(statusOf(hub, 'typo')).toMatchObject({ state: 'failed', error: expect.stringMatching(/not an http:\/\/ or https:\/\/ address/) })
  })
})
