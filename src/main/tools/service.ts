/**
 * The tools feature put together: who offers tools (built-ins, MCP servers), the runner the chat
 * engine's loop calls, and the approval questions the user answers (chat.approveTool).
 */
import type { ToolStepPart } from '../../shared/domain'
import type { Settings } from '../../shared/settings'
import { ApprovalGate, type ApprovalDecision } from './approvals'
import { createToolRunner } from './toolRunner'
import type { ToolProvider, ToolRunContext, ToolRunner } from './types'

export interface ToolServicesDeps {
  settings: () => Settings
  updateSettings: (patch: Partial<Settings>) => void
  /** Sends an approval question with the step (the chat event `tool`, with its approvalId). */
  emitApproval: (ctx: ToolRunContext, step: ToolStepPart, approvalId: string) => void
  /** Everyone who offers tools now. */
  providers: () => ToolProvider[]
  sourceAsks?: (source: string) => boolean
  timeoutMs?: (source: string) => number
}

export interface ToolServices {
  runner: ToolRunner
  /** The user's answer to an approval question; false when it is no longer open. */
  approve(approvalId: string, decision: ApprovalDecision): boolean
}

export function createToolServices(deps: ToolServicesDeps): ToolServices {
  const gate = new ApprovalGate()
  const runner = createToolRunner({
    providers: deps.providers,
    settings: deps.settings,
    allowAlways: (name) => {
      const current = deps.settings().toolsAlwaysAllowed
      if (!current.includes(name)) deps.updateSettings({ toolsAlwaysAllowed: [...current, name] })
    },
    sourceAsks: deps.sourceAsks,
    timeoutMs: deps.timeoutMs,
    emitApproval: deps.emitApproval,
    gate
  })
  return { runner, approve: (approvalId, decision) => gate.answer(approvalId, decision) }
}
