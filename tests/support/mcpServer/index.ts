/**
 * The test MCP server, for tests of the MCP client (src/main/tools/mcp):
 *   stdioServerConfig('t1', ['--crash-after-ms', '500'])  → an McpServerConfig that starts stdio.ts
 *   await startHttpMcpServer()                             → an in-process HTTP server and its URL
 */
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { McpServerConfig } from '../../../src/shared/tools/schemas'

export { createTestMcpServer, newStats, TINY_PNG_BASE64, type TestServerStats } from './server'
export { startHttpMcpServer, type HttpMcpServer, type HttpMcpServerOptions } from './http'

/** The stdio entry file. */
export const STDIO_SERVER_ENTRY = fileURLToPath(new URL('./stdio.ts', import.meta.url))

/**
 * The command line that starts the stdio server: this Node with tsx's loader given by its full
 * path, so it works from any working folder (a bare `--import tsx` resolves from the cwd) and
 * leaves one process — `npx tsx` would put npm and a tsx CLI process in between.
 */
export function stdioServerCommand(flags: string[] = []): { command: string; args: string[] } {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { command: process.execPath, args: ['--import', tsxLoader, STDIO_SERVER_ENTRY, ...flags] }
}

/** An enabled stdio McpServerConfig for the test server. */
export function stdioServerConfig(id: string, flags: string[] = [], overrides: Partial<McpServerConfig> = {}): McpServerConfig {
  return {
    id,
    name: `Test server ${id}`,
    enabled: true,
    transport: 'stdio',
    ...stdioServerCommand(flags),
    env: {},
    headers: {},
    timeoutSeconds: 30,
    approval: 'ask',
    ...overrides
  }
}

/** An enabled http McpServerConfig. */
export function httpServerConfig(id: string, url: string, overrides: Partial<McpServerConfig> = {}): McpServerConfig {
  return {
    id,
    name: `HTTP server ${id}`,
    enabled: true,
    transport: 'http',
    url,
    args: [],
    env: {},
    headers: {},
    timeoutSeconds: 30,
    approval: 'ask',
    ...overrides
  }
}
