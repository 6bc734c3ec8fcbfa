/**
 * The one shape every tool has in main, whoever provides it (built-in web tools, MCP servers):
 * what the model is offered, and how a call runs. The tool loop (chat) only knows these types.
 */
import type { ToolStepPart } from '../../shared/domain'
import type { DataQueryResult } from '../../shared/files/schemas'
import type { MemoryChange } from '../../shared/memory/schemas'
import type { ToolSource as CitedSource } from '../../shared/tools/schemas'
import type { AccumulatedToolCall } from './toolCallAccumulator'

/** A tool as offered to the model (an OpenAI function tool) plus what Omnidesk needs to run it safely. */
export interface ToolSpec {
  /** The name sent to the model, unique across sources: ^[a-zA-Z0-9_-]{1,64}$ (MCP: `<serverId>__<tool>`). */
  name: string
  /** 'builtin', or the MCP server's id. */
  source: string
  /** The tool's own name at its source (shown to the user). */
  title: string
  description: string
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>
  /** Only reads (MCP `readOnlyHint`, or a built-in that reads): runs without asking. */
  readOnly: boolean
  /** May destroy something (MCP `destructiveHint`): always asks, whatever the server's default. */
  destructive?: boolean
  /** Changes only Omnidesk's own data, and its step offers Undo (memory): runs without asking. */
  undoable?: boolean
}

/** What a call gives back. */
export interface ToolResult {
  /** What goes back to the model as the tool message (text; JSON as text). */
  content: string
  /** How the user sees it: markdown, pretty-printed JSON, or plain text. Default: text. */
  format?: 'markdown' | 'json' | 'text'
  /** Images the tool returned (shown to the user; not sent back to the model). */
  images?: Array<{ mime: string; data: string }>
  /** The call failed: `content` says why (the model reads it and can try otherwise). */
  isError?: boolean
  /** Pages the answer may cite (web_search, read_url). */
  sources?: CitedSource[]
  /** query_data: the result's first rows, shown as a table under the step (not sent back). */
  table?: DataQueryResult
  /** memory: what changed (the step shows "Memory updated" with Undo). */
  memory?: MemoryChange
}

export interface ToolCallContext {
  /** Aborted when the user presses Stop (or the call times out): stop work, reject or return. */
  signal: AbortSignal
  /** The conversation the call answers in (tools over its attached files need it). */
  conversationId?: string
}

/** Where tools are offered: some exist only in a conversation (query_data, over its data files). */
export interface ToolScope {
  conversationId?: string
  /** A temporary chat: nothing is remembered (no memory tool). */
  temporary?: boolean
}

/** A provider of tools (the built-ins, one MCP server). */
export interface ToolProvider {
  /** The tools it offers now, in this conversation (cached; cheap). */
  list(scope?: ToolScope): ToolSpec[]
  /** Runs one of its tools. `args` is the parsed JSON object the model sent. Never throws for a tool's own failure: returns isError. */
  call(name: string, args: Record<string, unknown>, ctx: ToolCallContext): Promise<ToolResult>
}

/** Where a call runs: the stream it belongs to, and where its step's changes go. */
export interface ToolRunContext {
  signal: AbortSignal
  streamId: string
  conversationId: string
  messageId: string
  /** The names this request offered: a call to any other tool is refused. */
  offered?: ReadonlySet<string>
  onStep(step: ToolStepPart): void
}

/** What the chat engine's tool loop needs: what to offer, and how one call runs (approval included). */
export interface ToolRunner {
  /** The tools offered now (the user's choices applied), in this conversation. */
  offered(scope?: ToolScope): ToolSpec[]
  /** Rounds of tool calls one answer may take. */
  stepLimit(): number
  /**
   * Runs one call to its end (asking the user first when the tool may change something): the
   * step's states go to `onStep` as they change; resolves to the finished step. Never throws.
   */
  run(call: AccumulatedToolCall, ctx: ToolRunContext): Promise<ToolStepPart>
}
