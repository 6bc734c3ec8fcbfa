/**
 * A real MCP server for tests, built with the SDK's McpServer: the same server runs over stdio
 * (stdio.ts, a child process) and over HTTP (http.ts, in-process).
 *
 * Tools:
 *   echo        { text }              → the text back (readOnlyHint)
 *   write_note  { text }              → "Saved note N" (a side effect: not read-only, destructiveHint false)
 *   slow        { seconds?, reportTo? } → waits until cancelled or `seconds` pass; writes
 *                                        "cancelled" or "finished" to the file `reportTo` and counts in stats
 *   fail        {}                    → an isError result
 *   add_tool    { name }              → registers an echo-like tool `name` at runtime (→ tools/list_changed)
 *   rich        {}                    → text, an image, an embedded resource and a resource link
 *   structured  {}                    → only structuredContent (it has an outputSchema)
 */
import { writeFileSync } from 'node:fs'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'

/** What the in-process (HTTP) server can tell a test directly. */
export interface TestServerStats {
  calls: number
  cancelled: number
  finished: number
  notes: string[]
}

export interface TestServerOptions {
  name?: string
  stats?: TestServerStats
}

/** A 1×1 transparent PNG. */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

export function newStats(): TestServerStats {
  return { calls: 0, cancelled: 0, finished: 0, notes: [] }
}

export function createTestMcpServer(options: TestServerOptions = {}): McpServer {
  const stats = options.stats ?? newStats()
  const server = new McpServer({ name: options.name ?? 'omnidesk-test-server', version: '1.0.0' })

  server.registerTool(
    'echo',
    {
      description: 'Returns the text it was given.',
      inputSchema: { text: z.string() },
      annotations: { readOnlyHint: true }
    },
    async ({ text }) => {
      stats.calls++
      return { content: [{ type: 'text', text }] }
    }
  )

  server.registerTool(
    'write_note',
    {
      description: 'Saves a note (a side effect).',
      inputSchema: { text: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: false }
    },
    async ({ text }) => {
      stats.calls++
      stats.notes.push(text)
      return { content: [{ type: 'text', text: `Saved note ${stats.notes.length}` }] }
    }
  )

  server.registerTool(
    'slow',
    {
      description: 'Waits until cancelled or until `seconds` have passed.',
      inputSchema: { seconds: z.number().optional(), reportTo: z.string().optional() }
    },
    async ({ seconds, reportTo }, extra) => {
      stats.calls++
      const outcome = await new Promise<'cancelled' | 'finished'>((resolve) => {
        const timer = setTimeout(() => resolve('finished'), (seconds ?? 30) * 1000)
        const onAbort = (): void => {
          clearTimeout(timer)
          resolve('cancelled')
        }
        if (extra.signal.aborted) onAbort()
        else extra.signal.addEventListener('abort', onAbort, { once: true })
      })
      if (outcome === 'cancelled') stats.cancelled++
      else stats.finished++
      if (reportTo) writeFileSync(reportTo, outcome)
      return { content: [{ type: 'text', text: outcome }] }
    }
  )

  server.registerTool('fail', { description: 'Always fails.' }, async () => {
    stats.calls++
    return { isError: true, content: [{ type: 'text', text: 'This tool failed on purpose.' }] }
  })

  server.registerTool(
    'add_tool',
    { description: 'Adds a tool at runtime.', inputSchema: { name: z.string() } },
    async ({ name }) => {
      stats.calls++
      server.registerTool(
        name,
        { description: `Added at runtime: ${name}`, inputSchema: { text: z.string().optional() }, annotations: { readOnlyHint: true } },
        async ({ text }) => ({ content: [{ type: 'text', text: `${name}: ${text ?? ''}` }] })
      )
      return { content: [{ type: 'text', text: `Added ${name}` }] }
    }
  )

  server.registerTool('rich', { description: 'Returns every kind of content.' }, async () => {
    stats.calls++
    return {
      content: [
        { type: 'text', text: 'Here is a picture.' },
        { type: 'image', data: TINY_PNG_BASE64, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///notes/today.md', mimeType: 'text/markdown', text: '# Today' } },
        { type: 'resource_link', uri: 'https://example.com/report.pdf', name: 'report.pdf', mimeType: 'application/pdf' }
      ]
    }
  })

  server.registerTool(
    'structured',
    { description: 'Returns structured content only.', outputSchema: { count: z.number(), items: z.array(z.string()) } },
    async () => {
      stats.calls++
      return { content: [], structuredContent: { count: 2, items: ['a', 'b'] } }
    }
  )

  return server
}
