/**
 * Ids an import must not reuse: those the history already has. Each taken id gets a fresh one,
 * and every reference to it moves with it (a message's conversation, where the context starts,
 * a summary's or a history note's conversation), so an imported copy is whole and points at
 * itself, never at the conversation that was there first.
 */
import { randomUUID } from 'node:crypto'
import type { ContentPart } from '../../shared/domain'
import type { ImportedConversation } from '../store/types'

export function allIds(items: readonly ImportedConversation[]): string[] {
  return items.flatMap((i) => [i.conversation.id, ...i.messages.map((m) => m.id)])
}

/** Fresh ids for the taken ones (and for ids the file itself repeats). */
export function remapIds(items: readonly ImportedConversation[], taken: ReadonlySet<string>): ImportedConversation[] {
  const fresh = new Map<string, string>()
  const seen = new Set<string>()
  for (const id of allIds(items)) {
    if (taken.has(id) || seen.has(id)) fresh.set(id, randomUUID())
    seen.add(id)
  }
  if (!fresh.size) return [...items]
  const to = (id: string): string => fresh.get(id) ?? id
  const part = (p: ContentPart): ContentPart => {
    if (p.type === 'summary') return { ...p, fromConversationId: to(p.fromConversationId) }
    if (p.type === 'history') return { ...p, conversations: p.conversations.map((c) => ({ ...c, id: to(c.id) })) }
    return p
  }
  return items.map(({ conversation, messages }) => {
    // A conversation's own message ids are mapped within it only (a repeated id elsewhere is another message).
    const id = to(conversation.id)
    return {
      conversation: { ...conversation, id, ...(conversation.contextFrom ? { contextFrom: to(conversation.contextFrom) } : {}) },
      messages: messages.map((m) => ({ ...m, id: to(m.id), conversationId: id, parts: m.parts.map(part) }))
    }
  })
}
