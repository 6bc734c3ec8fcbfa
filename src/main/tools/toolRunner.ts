/**
 * The tools side of the chat engine's tool loop (ToolRunner): which tools are offered, and one
 * call from the model's request to its stored step — arguments parsed, approval asked when the
 * tool may change something, the provider called with Stop and a timeout wired in, the result
 * cut to a budget before it goes back to the model. Every failure becomes the step's error,
 * which the model reads; nothing here throws into the loop.
 */
import type { ToolStepPart } from '../../shared/domain'
import { ApprovalGate, needsApproval, type ApprovalDecision } from './approvals'
import { parseToolArguments, type AccumulatedToolCall } from './toolCallAccumulator'
import type { ToolProvider, ToolResult, ToolRunContext, ToolRunner, ToolScope, ToolSpec } from './types'

export const TOOL_TUNING = {
  /** Images of one result kept with the step (base64 characters each; larger ones are left out). */
  maxImages: 4,
  maxImageChars: 4_000_000,
  /** Characters of one result sent back to the model (~6k tokens); the rest is cut with a note. */
  resultBudgetChars: 24_000,
  /** A call that takes longer fails (MCP servers have their own setting). */
  defaultTimeoutMs: 60_000
} as const

export interface ToolRunnerDeps {
  /** Everyone who offers tools (the built-ins, each MCP server), asked at each request. */
  providers: () => ToolProvider[]
  settings: () => { toolsAlwaysAllowed: readonly string[]; toolStepLimit: number }
  /** "Always allow": remember the tool. */
  allowAlways: (name: string) => void
  /** Whether tools of this source ask before changing something (an MCP server's setting; built-ins ask). */
  sourceAsks?: (source: string) => boolean
  /** Timeout of a call to this source. */
  timeoutMs?: (source: string) => number
  emitApproval: (ctx: ToolRunContext, step: ToolStepPart, approvalId: string) => void
  gate: ApprovalGate
  now?: () => number
}

/** A result cut to the budget, with a note the model understands. */
export function withinBudget(content: string, budget: number = TOOL_TUNING.resultBudgetChars): string {
  if (content.length <= budget) return content
  return `${content.slice(0, budget)}\n\n[The result was cut here: ${content.length - budget} more characters were left out.]`
}

/** The images worth keeping with a step: common formats, within the size budget. */
function shownImages(images: ToolResult['images']): Pick<ToolStepPart, 'images'> {
  const kept = (images ?? [])
    .filter((i) => /^image\/(png|jpeg|gif|webp)$/.test(i.mime) && i.data.length <= TOOL_TUNING.maxImageChars)
    .slice(0, TOOL_TUNING.maxImages)
  return kept.length ? { images: kept } : {}
}

const DENIED = 'The user denied this tool call. Do not try it again unless the user asks; answer without it or ask them what to do.'
const CANCELLED = 'The user stopped the answer; the tool call was cancelled.'

export function createToolRunner(deps: ToolRunnerDeps): ToolRunner {
  const now = deps.now ?? Date.now

  const all = (scope?: ToolScope): Array<{ spec: ToolSpec; provider: ToolProvider }> =>
    deps.providers().flatMap((provider) => provider.list(scope).map((spec) => ({ spec, provider })))

  return {
    offered(scope) {
      return all(scope).map((t) => t.spec)
    },

    stepLimit: () => deps.settings().toolStepLimit,

    async run(call: AccumulatedToolCall, ctx: ToolRunContext): Promise<ToolStepPart> {
      const found = all({ conversationId: ctx.conversationId }).find((t) => t.spec.name === call.name && (ctx.offered?.has(t.spec.name) ?? true))
      const base: ToolStepPart = {
        type: 'tool',
        callId: call.id,
        name: call.name,
        source: found?.spec.source ?? 'unknown',
        title: found?.spec.title ?? call.name,
        arguments: call.arguments,
        status: 'running'
      }
      const failed = (result: string): ToolStepPart => ({ ...base, status: 'error', result })
      if (!found) return failed(`There is no tool named "${call.name}". Use only the tools offered.`)
      const parsed = parseToolArguments(call.arguments)
      if (!parsed.ok) return failed(`${parsed.error} Call the tool again with a valid JSON object.`)

      const { spec, provider } = found
      const asks = needsApproval(spec, { alwaysAllowed: deps.settings().toolsAlwaysAllowed, sourceAsks: deps.sourceAsks?.(spec.source) ?? true })
      if (asks) {
        const awaiting: ToolStepPart = { ...base, status: 'awaiting' }
        const decision: ApprovalDecision = await deps.gate.ask(ctx.streamId, ctx.signal, (approvalId) => deps.emitApproval(ctx, awaiting, approvalId))
        if (ctx.signal.aborted) return { ...base, status: 'cancelled', result: CANCELLED }
        if (decision === 'deny') return { ...base, status: 'denied', result: DENIED }
        if (decision === 'always') deps.allowAlways(spec.name)
      }

      ctx.onStep(base)
      const started = now()
      const timeout = new AbortController()
      const timer = setTimeout(() => timeout.abort(), deps.timeoutMs?.(spec.source) ?? TOOL_TUNING.defaultTimeoutMs)
      const signal = AbortSignal.any([ctx.signal, timeout.signal])
      let result: ToolResult
      try {
        result = await provider.call(spec.name, parsed.args, { signal, conversationId: ctx.conversationId })
      } catch (error) {
        result = { isError: true, content: `The tool failed: ${error instanceof Error ? error.message : String(error)}` }
      } finally {
        clearTimeout(timer)
      }
      const durationMs = Math.max(0, now() - started)
      if (ctx.signal.aborted) return { ...base, status: 'cancelled', result: CANCELLED, durationMs }
      if (timeout.signal.aborted && result.isError) {
        result = { isError: true, content: `The tool did not answer within ${Math.round((deps.timeoutMs?.(spec.source) ?? TOOL_TUNING.defaultTimeoutMs) / 1000)} s.` }
      }
      return {
        ...base,
        status: result.isError ? 'error' : 'done',
        result: withinBudget(result.content),
        ...(result.format ? { format: result.format } : {}),
        ...(result.sources?.length ? { sources: result.sources } : {}),
        ...shownImages(result.images),
        ...(result.table ? { table: result.table } : {}),
        ...(result.memory ? { memory: result.memory } : {}),
        durationMs
      }
    }
  }
}
