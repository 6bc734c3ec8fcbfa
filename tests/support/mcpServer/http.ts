/**
 * The test MCP server over HTTP, in the test's own process: Streamable HTTP (one McpServer per
 * session, as the SDK's transport expects), or — with `legacySse` — only the older SSE transport
 * (GET /sse + POST /messages), whose POST to the main URL answers 405 as old servers do.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createTestMcpServer, newStats, type TestServerStats } from './server'

export interface HttpMcpServerOptions {
  /** Speak only the older HTTP+SSE transport (2024-11-05). */
  legacySse?: boolean
  /** Refuse (401) requests without this header value, to check headers are sent. */
  requireHeader?: { name: string; value: string }
}

export interface HttpMcpServer {
  /** The endpoint to configure: …/mcp (Streamable HTTP) or …/sse (legacy). */
  url: string
  /** Calls, cancellations, notes — shared by every session. */
  stats: TestServerStats
  /** Requests seen, as "METHOD /path" (to see which transport the client used). */
  requests: string[]
  close(): Promise<void>
}

export async function startHttpMcpServer(options: HttpMcpServerOptions = {}): Promise<HttpMcpServer> {
  const stats = newStats()
  const requests: string[] = []
  const sessions = new Map<string, { server: McpServer; transport: StreamableHTTPServerTransport | SSEServerTransport }>()

  const handleStreamable = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const sessionId = req.headers['mcp-session-id']
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined
    if (existing && existing.transport instanceof StreamableHTTPServerTransport) {
      await existing.transport.handleRequest(req, res)
      return
    }
    if (req.method !== 'POST' || sessionId !== undefined) {
      res.writeHead(sessionId === undefined ? 400 : 404).end('no such session')
      return
    }
    const server = createTestMcpServer({ name: 'omnidesk-test-http', stats })
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { server, transport })
      }
    })
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId)
    }
    await server.connect(transport)
    await transport.handleRequest(req, res)
  }

  const handleLegacy = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method === 'GET' && url.pathname === '/sse') {
      const server = createTestMcpServer({ name: 'omnidesk-test-sse', stats })
      const transport = new SSEServerTransport('/messages', res)
      sessions.set(transport.sessionId, { server, transport })
      res.on('close', () => sessions.delete(transport.sessionId))
      await server.connect(transport)
      return
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const entry = sessions.get(url.searchParams.get('sessionId') ?? '')
      if (!entry || !(entry.transport instanceof SSEServerTransport)) {
        res.writeHead(404).end('no such session')
        return
      }
      await entry.transport.handlePostMessage(req, res)
      return
    }
    // What an SSE-only server answers to the Streamable HTTP client's first POST.
    res.writeHead(405, { Allow: 'GET' }).end('Method Not Allowed')
  }

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(`${req.method} ${url.pathname}`)
    if (options.requireHeader && req.headers[options.requireHeader.name.toLowerCase()] !== options.requireHeader.value) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('missing credentials')
      return
    }
    const handled = options.legacySse ? handleLegacy(req, res, url) : handleStreamable(req, res)
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error))
    })
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const path = options.legacySse ? '/sse' : '/mcp'

  return {
    url: `http://127.0.0.1:${port}${path}`,
    stats,
    requests,
    async close() {
      await Promise.all([...sessions.values()].map(({ server }) => server.close().catch(() => undefined)))
      sessions.clear()
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    }
  }
}
