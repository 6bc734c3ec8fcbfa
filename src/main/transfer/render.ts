/** What the Markdown and HTML exports share: the words, dates, and how a part reads as text. */
import type { Conversation, Message } from '../../shared/domain'
import type { Sentences } from './messages'

export interface RenderContext {
  words: Sentences
  /** The original image as a data: URI (undefined: no longer on disk). */
  image(attachmentId: string): Promise<string | undefined>
  /** A time as the reader's calendar shows it (UTC, ISO-like: the file may be read anywhere). */
  date(ms: number): string
}

export const isoMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

/** "You", "Assistant · gpt-4o", a summary's own title. */
export function speaker(message: Message, words: Sentences): string {
  if (message.role === 'user') return words.you
  if (message.role === 'system') return words.system
  return message.model ? `${words.assistant} · ${message.model}` : words.assistant
}

export interface ConversationRenderer {
  /** The file's beginning (for one conversation, or all of them). */
  header(opts: { title: string; exportedAt: number }): string
  conversation(c: Conversation, messages: Message[]): Promise<string>
  footer(): string
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
