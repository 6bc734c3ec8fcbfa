/**
 * Turns stored messages into the openai SDK's chat messages. Only finished content goes to the
 * model: the assistant placeholder being answered is excluded by the caller, and failed answers
 * with no text are dropped (an empty assistant turn confuses most models).
 */
import type OpenAI from 'openai'
import { messageText, type Message } from '../../shared/domain'

export type ChatMessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam

export function systemPrompt(now: Date): string {
  return [
    'You are Omnidesk, a helpful desktop assistant. Answer in the language the user writes in.',
    'Format answers in Markdown. Put code in fenced blocks with a language tag.',
    'Write math with $…$ inline and $$…$$ for display.',
    `Current date: ${now.toISOString().slice(0, 10)}.`
  ].join('\n')
}

export function toChatMessages(history: readonly Message[], now: Date): ChatMessageParam[] {
  const out: ChatMessageParam[] = [{ role: 'system', content: systemPrompt(now) }]
  for (const message of history) {
    const text = messageText(message.parts)
    if (message.role === 'assistant') {
      if (!text.trim()) continue
      out.push({ role: 'assistant', content: text })
    } else if (message.role === 'user') {
      out.push({ role: 'user', content: text })
    }
  }
  return out
}

/** A short title from the first user message, used until (or instead of) a model-made one. */
export function provisionalTitle(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  if (!oneLine) return 'New chat'
  const chars = Array.from(oneLine)
  return chars.length > 48 ? `${chars.slice(0, 47).join('')}…` : oneLine
}

/** Cleans what a model returned as a title: one line, no quotes or trailing period. */
export function cleanTitle(raw: string): string | undefined {
  const line = raw
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean)
  if (!line) return undefined
  const cleaned = line
    .replace(/^(title|标题)\s*[:：]\s*/i, '')
    .replace(/^["'“”‘’「」《》#*\s]+|["'“”‘’「」《》*\s。.]+$/g, '')
    .trim()
  if (!cleaned) return undefined
  const chars = Array.from(cleaned)
  return chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : cleaned
}
