/**
 * Importing `{"mcpServers": {...}}` (Claude Desktop, Cursor, VS Code) into server configs.
 */
import { describe, expect, it } from 'vitest'
import { importMcpServers, slugifyServerId, uniqueServerId } from '../../src/main/tools/mcp/importConfig'
import { McpServerConfig } from '../../src/shared/tools/schemas'

describe('importMcpServers', () => {
  it('imports Claude Desktop stdio servers with their args, env and cwd', () => {
    const { servers, errors } = importMcpServers(
      JSON.stringify({
        mcpServers: {
          filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/me/Desktop'] },
          'GitHub (work)': { command: 'docker', args: ['run', '-i', 'ghcr.io/github/github-mcp-server'], env: { GITHUB_TOKEN: 'ghp_x', PORT: 8080 }, cwd: '/tmp' }
        }
      })
    )
    expect(errors).toEqual([])
    expect(servers).toHaveLength(2)
    expect(servers[0]).toMatchObject({
      id: 'filesystem',
      name: 'filesystem',
      enabled: true,
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/me/Desktop'],
      env: {},
      timeoutSeconds: 60,
      approval: 'ask'
    })
    expect(servers[1]).toMatchObject({ id: 'github-work', name: 'GitHub (work)', env: { GITHUB_TOKEN: 'ghp_x', PORT: '8080' }, cwd: '/tmp' })
    for (const server of servers) expect(McpServerConfig.safeParse(server).success).toBe(true)
  })

  it('imports remote servers (Cursor url + headers, type http / streamable-http / sse)', () => {
    const { servers, errors } = importMcpServers(
      JSON.stringify({
        mcpServers: {
          linear: { url: 'https://mcp.linear.app/mcp', headers: { Authorization: 'Bearer abc' } },
          legacy: { type: 'sse', url: 'http://localhost:3001/sse' },
          streamy: { type: 'streamable-http', url: 'https://example.com/mcp' }
        }
      })
    )
    expect(errors).toEqual([])
    expect(servers.map((s) => [s.id, s.transport, s.url])).toEqual([
      ['linear', 'http', 'https://mcp.linear.app/mcp'],
      ['legacy', 'http', 'http://localhost:3001/sse'],
      ['streamy', 'http', 'https://example.com/mcp']
    ])
    expect(servers[0].headers).toEqual({ Authorization: 'Bearer abc' })
  })

  it('accepts VS Code’s "servers" key and a disabled flag', () => {
    const { servers } = importMcpServers(JSON.stringify({ servers: { memory: { type: 'stdio', command: 'uvx', args: ['mcp-memory'], disabled: true } } }))
    expect(servers).toMatchObject([{ id: 'memory', transport: 'stdio', enabled: false }])
  })

  it('keeps ids unique against existing ones and each other', () => {
    const { servers } = importMcpServers(
      JSON.stringify({ mcpServers: { Files: { command: 'a' }, files: { command: 'b' }, 'FILES!': { command: 'c' } } }),
      ['files']
    )
    expect(servers.map((s) => s.id)).toEqual(['files-2', 'files-3', 'files-4'])
  })

  it('reports invalid entries by name and still imports the valid ones', () => {
    const { servers, errors } = importMcpServers(
      JSON.stringify({
        mcpServers: {
          good: { command: 'node', args: ['server.js'] },
          empty: {},
          badArgs: { command: 'node', args: 'server.js' },
          badUrl: { url: 'not a url' },
          ftp: { url: 'ftp://example.com' },
          weird: { type: 'websocket', url: 'ws://x' },
          notObject: 'npx foo',
          badEnv: { command: 'x', env: { A: { nested: true } } },
          tooLongTimeout: { command: 'x', args: Array.from({ length: 101 }, () => 'a') }
        }
      })
    )
    expect(servers.map((s) => s.id)).toEqual(['good'])
    expect(errors).toHaveLength(8)
    expect(errors[0]).toBe('“empty” needs either a "command" (a local server) or a "url" (a remote one).')
    expect(errors.find((e) => e.startsWith('“badArgs”'))).toMatch(/"args" must be a list/)
    expect(errors.find((e) => e.startsWith('“badUrl”'))).toMatch(/not a valid address/)
    expect(errors.find((e) => e.startsWith('“ftp”'))).toMatch(/not http/)
    expect(errors.find((e) => e.startsWith('“weird”'))).toMatch(/unknown type “websocket”/)
    expect(errors.find((e) => e.startsWith('“notObject”'))).toMatch(/is not an object/)
    expect(errors.find((e) => e.startsWith('“badEnv”'))).toMatch(/environment variable “A” must be text/)
    // Caught by the zod schema itself.
    expect(errors.find((e) => e.startsWith('“tooLongTimeout”'))).toMatch(/was not imported: args/)
  })

  it('explains text that is not JSON or not in the format', () => {
    expect(importMcpServers('{ nope').errors[0]).toMatch(/^The text is not valid JSON/)
    expect(importMcpServers('[]').errors[0]).toMatch(/mcpServers/)
    expect(importMcpServers('{"other": 1}').errors[0]).toMatch(/No "mcpServers" section/)
    expect(importMcpServers('{"mcpServers": {}}').errors[0]).toMatch(/empty/)
  })
})

describe('server ids', () => {
  it('slugifies names into the id alphabet', () => {
    expect(slugifyServerId('My GitHub (work)')).toBe('my-github-work')
    expect(slugifyServerId('Café Ünïcode')).toBe('cafe-unicode')
    expect(slugifyServerId('!!!')).toBe('server')
    expect(slugifyServerId('x'.repeat(40))).toHaveLength(32)
    expect(slugifyServerId(`${'a'.repeat(31)}-b`)).toBe('a'.repeat(31))
  })

  it('makes an id unique within 32 characters', () => {
    const long = 'a'.repeat(32)
    expect(uniqueServerId(long, new Set([long]))).toBe(`${'a'.repeat(30)}-2`)
    expect(uniqueServerId('x', new Set(['x', 'x-2']))).toBe('x-3')
  })
})
