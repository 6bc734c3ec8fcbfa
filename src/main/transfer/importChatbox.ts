/**
 * Chatbox's "Export data" file (`chatbox-exported-data-*.json`): its storage, key by key.
 * Conversations are `session:<id>` entries listed in `chat-sessions-list` (Chatbox 1.x), or a
 * `chat-sessions` array of whole sessions (older versions). A message has `content` (older) or
 * `contentParts` (text, image, tool-call) and may carry `reasoningContent`.
 *
 * Kept: user and assistant text and reasoning. Left out: the session's system prompt, tool calls
 * and images (the export names them by a storage key; their bytes are not in the file).
 */
import type { ContentPart } from '../../shared/domain'
import { buildConversation, isRecord, str, toMs, type DraftMessage, type ForeignResult } from './foreign'
import type { Sentences } from './messages'

/** Is this parsed JSON a Chatbox export? */
export function isChatboxExport(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && (Array.isArray(data['chat-sessions-list']) || Array.isArray(data['chat-sessions']) || Array.isArray(data.__exported_items))
}

function sessionsOf(data: Record<string, unknown>): Record<string, unknown>[] {
  const sessions: Record<string, unknown>[] = []
  const seen = new Set<string>()
  const add = (s: unknown): void => {
    if (!isRecord(s)) return
    const id = str(s.id)
    if (id && seen.has(id)) return
    if (id) seen.add(id)
    sessions.push(s)
  }
  for (const item of Array.isArray(data['chat-sessions-list']) ? data['chat-sessions-list'] : []) {
    const id = isRecord(item) ? str(item.id) : undefined
    if (id) add({ ...(item as Record<string, unknown>), ...(isRecord(data[`session:${id}`]) ? (data[`session:${id}`] as Record<string, unknown>) : {}) })
  }
  for (const s of Array.isArray(data['chat-sessions']) ? data['chat-sessions'] : []) add(s)
  // Sessions present but missing from the list (a list written before the last save).
  for (const [key, value] of Object.entries(data)) if (key.startsWith('session:')) add(value)
  return sessions
}

function partsOf(message: Record<string, unknown>): ContentPart[] {
  const parts: ContentPart[] = []
  const reasoning = str(message.reasoningContent)
  if (reasoning?.trim()) parts.push({ type: 'reasoning', text: reasoning })
  if (Array.isArray(message.contentParts)) {
    for (const p of message.contentParts) {
      if (!isRecord(p)) continue
      if (p.type === 'text' && typeof p.text === 'string' && p.text.trim()) parts.push({ type: 'text', text: p.text })
      if (p.type === 'reasoning' && typeof p.text === 'string' && p.text.trim()) parts.push({ type: 'reasoning', text: p.text })
    }
  } else if (typeof message.content === 'string' && message.content.trim()) parts.push({ type: 'text', text: message.content })
  return parts
}

function draftsOf(messages: unknown[]): DraftMessage[] {
  const drafts: DraftMessage[] = []
  for (const m of messages) {
    if (!isRecord(m)) continue
    const role = str(m.role)
    if (role !== 'user' && role !== 'assistant') continue
    drafts.push({ id: str(m.id), role, parts: partsOf(m), model: str(m.model), createdAt: toMs(m.timestamp) })
  }
  return drafts
}

export function importChatbox(data: Record<string, unknown>, ctx: { words: Sentences; now: number }): ForeignResult {
  const result: ForeignResult = { items: [], skipped: [] }
  for (const session of sessionsOf(data)) {
    const title = str(session.name)?.trim() || ctx.words.untitled
    // Earlier threads of the session (Chatbox's "new thread" keeps them), then the current one.
    const threads = Array.isArray(session.threads) ? session.threads.filter(isRecord) : []
    const messages = [...threads.flatMap((t) => (Array.isArray(t.messages) ? t.messages : [])), ...(Array.isArray(session.messages) ? session.messages : [])]
    const built = buildConversation({ id: str(session.id), title, drafts: draftsOf(messages), words: ctx.words, now: ctx.now })
    if (built) result.items.push(built)
    else result.skipped.push({ title, reason: ctx.words.skippedEmpty })
  }
  return result
}
