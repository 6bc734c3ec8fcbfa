/**
 * Asking the user before a tool that may change something runs. A step awaiting approval is
 * shown in the answer with Allow once / Always allow / Deny; the renderer answers with the
 * approval's id (chat.approveTool). Stop, or the stream ending, denies what is still pending.
 *
 * Only the user answers: an id is a random UUID that only the renderer was told, and nothing a
 * tool returns or a page says reaches this module.
 */
import { randomUUID } from 'node:crypto'
import type { ToolSpec } from './types'

export type ApprovalDecision = 'once' | 'always' | 'deny'

/**
 * Whether a call must be approved first: read-only tools, and those whose every change the answer
 * shows with Undo (memory), run at once; a destructive one always
 * asks; otherwise the user's "Always allow" or the server's "never ask" setting lets it run.
 */
export function needsApproval(spec: ToolSpec, opts: { alwaysAllowed: readonly string[]; sourceAsks: boolean }): boolean {
  if (opts.alwaysAllowed.includes(spec.name)) return false
  if (spec.destructive) return true
  if (spec.readOnly || spec.undoable) return false
  return opts.sourceAsks
}

interface Pending {
  streamId: string
  resolve: (decision: ApprovalDecision) => void
}

export class ApprovalGate {
  private readonly pending = new Map<string, Pending>()

  /** Waits for the user; `announce` shows the question (with the id to answer). */
  ask(streamId: string, signal: AbortSignal, announce: (approvalId: string) => void): Promise<ApprovalDecision> {
    if (signal.aborted) return Promise.resolve('deny')
    const approvalId = randomUUID()
    return new Promise<ApprovalDecision>((resolve) => {
      const settle = (decision: ApprovalDecision): void => {
        if (!this.pending.delete(approvalId)) return
        signal.removeEventListener('abort', onAbort)
        resolve(decision)
      }
      const onAbort = (): void => settle('deny')
      signal.addEventListener('abort', onAbort, { once: true })
      this.pending.set(approvalId, { streamId, resolve: settle })
      announce(approvalId)
    })
  }

  /** The user's answer. False when the question is no longer open (answered, or the stream ended). */
  answer(approvalId: string, decision: ApprovalDecision): boolean {
    const entry = this.pending.get(approvalId)
    if (!entry) return false
    entry.resolve(decision)
    return true
  }

  /** How many questions are open (tests, diagnostics). */
  get open(): number {
    return this.pending.size
  }
}
