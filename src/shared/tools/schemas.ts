/**
 * Tools the model can use: MCP servers the user adds, the built-in web tools, and what a tool
 * step looks like to every process. Pure zod (no Node, no DOM).
 */
import { z } from 'zod'

/** An MCP server as the user configured it (Settings → Tools, or an imported `mcpServers` JSON). */
export const McpServerConfig = z.object({
  /** Stable id; also the namespace of its tools' names (`<id>__<tool>`): letters, digits, `-`. */
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  transport: z.enum(['stdio', 'http']),
  /** stdio: the program, its arguments, extra environment, working folder. */
  command: z.string().max(2000).optional(),
  args: z.array(z.string().max(4000)).max(100).default([]),
  env: z.record(z.string(), z.string().max(8000)).default({}),
  cwd: z.string().max(2000).optional(),
  /** http: the Streamable HTTP endpoint (the older SSE transport is tried when it fails). */
  url: z.string().max(2000).optional(),
  headers: z.record(z.string(), z.string().max(8000)).default({}),
  /** A call that takes longer fails with a timeout. */
  timeoutSeconds: z.number().int().min(1).max(3600).default(60),
  /** Tools that may change something: ask each time (default), or run without asking. */
  approval: z.enum(['ask', 'never']).default('ask')
})
export type McpServerConfig = z.infer<typeof McpServerConfig>

/** Where `web_search` searches: a setting (defined with the others). */
export { WebSearchBackend } from '../settings'

/** A source an answer can cite: defined with the message parts that hold it. */
export { ToolSource } from '../domain'

/** How a configured server is doing (Settings → Tools shows it). */
export const McpServerStatus = z.object({
  state: z.enum(['stopped', 'starting', 'ready', 'failed']),
  /** Why it failed, in words for the user. */
  error: z.string().max(4000).optional(),
  /** The last lines it wrote to stderr (and stdout lines that were not MCP). */
  stderrTail: z.array(z.string().max(2000)).max(50),
  /** How many tools it offers now. */
  tools: z.number().int().nonnegative()
})
export type McpServerStatus = z.infer<typeof McpServerStatus>

/** A server as the renderer sees it: its configuration and its status. */
export const McpServerView = McpServerConfig.extend({ status: McpServerStatus })
export type McpServerView = z.infer<typeof McpServerView>

/** A tool as the composer's tools menu lists it. */
export const AvailableTool = z.object({
  name: z.string().max(200),
  title: z.string().max(200),
  /** 'builtin' or the MCP server's id, and the name to show for it. */
  source: z.string().max(200),
  sourceName: z.string().max(200),
  description: z.string().max(4000),
  readOnly: z.boolean(),
  destructive: z.boolean()
})
export type AvailableTool = z.infer<typeof AvailableTool>
