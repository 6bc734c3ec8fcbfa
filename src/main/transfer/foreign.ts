/** What the importers of other apps' exports (ChatGPT, Chatbox) share. */
import { randomUUID } from 'node:crypto'
import type { ContentPart, Conversation, Message, MessageRole } from '../../shared/domain'
import type { ImportedConversation } from '../store/types'
import type { Sentences } from './messages'

export interface Skipped {
  title: string
  reason: string
}

export interface ForeignResult {
  items: ImportedConversation[]
  skipped: Skipped[]
}

export interface DraftMessage {
  id?: string
  role: Extract<MessageRole, 'user' | 'assistant'>
  parts: ContentPart[]
  model?: string
  createdAt?: number
}

/**
 * A conversation from drafts: consecutive messages of the same side become one (ChatGPT splits
 * an answer into its thinking, its code and its text), times never go backwards (the store
 * orders by creation), and empty messages are dropped. undefined when nothing is left.
 */
export function buildConversation(opts: {
  id?: string
  title: string
  createdAt?: number
  updatedAt?: number
  model?: string
  drafts: DraftMessage[]
  words: Sentences
  now: number
}): ImportedConversation | undefined {
  const conversationId = opts.id || randomUUID()
  const start = opts.createdAt ?? opts.drafts.find((d) => d.createdAt !== undefined)?.createdAt ?? opts.now
  const merged: DraftMessage[] = []
  for (const draft of opts.drafts) {
    if (!draft.parts.length) continue
    const last = merged[merged.length - 1]
    if (last && last.role === draft.role) {
      last.parts = [...last.parts, ...draft.parts]
      last.model ??= draft.model
    } else merged.push({ ...draft, parts: [...draft.parts] })
  }
  if (!merged.length) return undefined
  let clock = start
  const messages: Message[] = merged.map((d) => {
    clock = Math.max(clock, d.createdAt ?? clock)
    return {
      id: d.id || randomUUID(),
      conversationId,
      role: d.role,
      // Reasoning first, as the app shows it.
      parts: [...d.parts.filter((p) => p.type === 'reasoning'), ...d.parts.filter((p) => p.type !== 'reasoning')],
      ...(d.model ? { model: d.model } : {}),
      status: 'complete',
      createdAt: clock,
      updatedAt: clock
    }
  })
  const conversation: Conversation = {
    id: conversationId,
    title: opts.title.trim().slice(0, 1000) || opts.words.untitled,
    titleIsAuto: false,
    ...(opts.model ? { model: opts.model } : {}),
    createdAt: start,
    updatedAt: Math.max(opts.updatedAt ?? clock, clock)
  }
  return { conversation, messages }
}

/** Seconds (ChatGPT's floats) or milliseconds or an ISO date → milliseconds. */
export function toMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e11 ? Math.round(value * 1000) : Math.round(value)
  if (typeof value === 'string') {
    const parsed = Date.parse(value)
    return Number.isNaN(parsed) ? undefined : parsed
  }
  return undefined
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
