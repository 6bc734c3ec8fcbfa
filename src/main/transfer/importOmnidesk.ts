/**
 * Omnidesk's own JSON export back in: checked against the schema of its version (a newer version
 * is refused before anything is read), images and files put back in the attachment store (same
 * content, same ids), conversations and messages exactly as they were exported.
 */
import type { AttachmentStore } from '../attachments/attachmentStore'
import type { ContentPart } from '../../shared/domain'
import type { ImportedConversation } from '../store/types'
import { isRecord } from './foreign'
import type { Sentences } from './messages'
import { HISTORY_FORMAT, HISTORY_FORMAT_VERSION, HistoryExport, HistoryHeader } from './schema'
import { restoreAttachment } from './attachmentBundle'
import { TransferRefusal } from './refusal'

export const isOmnideskExport = (data: unknown): boolean => isRecord(data) && data.format === HISTORY_FORMAT

export async function importOmnidesk(data: unknown, ctx: { words: Sentences; attachments: AttachmentStore }): Promise<ImportedConversation[]> {
  const header = HistoryHeader.safeParse(data)
  if (!header.success) throw new TransferRefusal(ctx.words.brokenOmnidesk('no format version'))
  if (header.data.version > HISTORY_FORMAT_VERSION) throw new TransferRefusal(ctx.words.newerVersion(header.data.version))
  const parsed = HistoryExport.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new TransferRefusal(ctx.words.brokenOmnidesk(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`))
  }
  // Each attachment once, whatever the number of messages naming it.
  const ids = new Map<string, string>()
  for (const [id, entry] of Object.entries(parsed.data.attachments)) ids.set(id, await restoreAttachment(ctx.attachments, entry))
  const part = (p: ContentPart): ContentPart => ((p.type === 'image' || p.type === 'file') && ids.has(p.attachmentId) ? { ...p, attachmentId: ids.get(p.attachmentId)! } : p)
  return parsed.data.conversations.map(({ conversation, messages }) => ({
    conversation,
    messages: messages.map((m) => ({ ...m, conversationId: conversation.id, parts: m.parts.map(part) }))
  }))
}
