/**
 * "Continue the last conversation if it is recent": the companion reopens its own last
 * conversation when the user was in it (or it was still being answered) within the last N
 * minutes (setting companionContinueMinutes), and starts a new one otherwise. Pure.
 */

export interface LastCompanionConversation {
  conversationId: string
  /** When the companion last showed it (hidden, sent in, switched to), ms since epoch. */
  usedAt: number
}

export type ContinueReason = 'recent' | 'expired' | 'none' | 'disabled' | 'deleted'

export interface ContinueDecision {
  conversationId: string | null
  reason: ContinueReason
}

export function decideConversation(opts: {
  now: number
  continueMinutes: number
  last: LastCompanionConversation | null
  /**
   * The conversation's own updatedAt when known (an answer that kept streaming after the window
   * was hidden makes it recent again). null: it no longer exists. undefined: not looked up.
   */
  conversationUpdatedAt?: number | null
}): ContinueDecision {
  if (!opts.last) return { conversationId: null, reason: 'none' }
  if (opts.continueMinutes <= 0) return { conversationId: null, reason: 'disabled' }
  if (opts.conversationUpdatedAt === null) return { conversationId: null, reason: 'deleted' }
  const lastActivity = Math.max(opts.last.usedAt, opts.conversationUpdatedAt ?? -Infinity)
  const windowMs = opts.continueMinutes * 60_000
  if (opts.now - lastActivity <= windowMs) return { conversationId: opts.last.conversationId, reason: 'recent' }
  return { conversationId: null, reason: 'expired' }
}

