/**
 * Turns stored messages into the openai SDK's chat messages. Only finished content goes to the
 * model: the assistant placeholder being answered is excluded by the caller, and failed answers
 * with no text are dropped (an empty assistant turn confuses most models). A summary carried from
 * an earlier conversation is a system message; reasoning is never sent back.
 */
import type OpenAI from 'openai'
import { messageText, type ContentPart, type Message, type ToolStepPart } from '../../shared/domain'
import { carriedSummary, systemPrompt } from './prompts'

export type ChatMessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam

/**
 * What a request adds for attached documents and data files (src/main/files builds it): text
 * after a user message's own (a document, its passages, where a data file went), images after
 * its own (a scanned document's pages), and lines for the system prompt (the tables).
 */
export interface RequestAttachments {
  appendix: ReadonlyMap<string, readonly string[]>
  images: ReadonlyMap<string, readonly string[]>
  system: readonly string[]
}

/**
 * `images`: attachment id → data: URLs of its copies encoded for the model (one, or several in
 * sharp mode). A user message with images becomes text + image_url parts; an image whose copy
 * is missing is left out rather than failing the whole request. `files`: see RequestAttachments.
 */
export function toChatMessages(
  history: readonly Message[],
  now: Date,
  images?: ReadonlyMap<string, readonly string[]>,
  detail: 'high' | 'low' | 'auto' = 'high',
  files?: RequestAttachments
): ChatMessageParam[] {
  const system = [systemPrompt(now), ...(files?.system ?? [])].join('\n\n')
  const out: ChatMessageParam[] = [{ role: 'system', content: system }]
  for (const message of history) {
    const own = messageText(message.parts)
    const added = message.role === 'user' ? files?.appendix.get(message.id) : undefined
    const text = added?.length ? [own, ...added].filter((t) => t.trim()).join('\n\n') : own
    if (message.role === 'system') {
      for (const p of message.parts) if (p.type === 'summary') out.push({ role: 'system', content: carriedSummary(p.fromTitle, p.text) })
    } else if (message.role === 'assistant') {
      if (message.parts.some((p) => p.type === 'tool')) {
        out.push(...toolTurns(message.parts))
        continue
      }
      if (!text.trim()) continue
      out.push({ role: 'assistant', content: text })
    } else if (message.role === 'user') {
      const urls = [
        ...message.parts.flatMap((p) => (p.type === 'image' ? (images?.get(p.attachmentId) ?? []) : [])),
        ...(files?.images.get(message.id) ?? [])
      ]
      if (!urls.length) {
        out.push({ role: 'user', content: text })
        continue
      }
      const content: OpenAI.Chat.Completions.ChatCompletionContentPart[] = []
      if (text.trim()) content.push({ type: 'text', text })
      for (const url of urls) content.push({ type: 'image_url', image_url: { url, detail } })
      out.push({ role: 'user', content })
    }
  }
  return out
}

/**
 * An answer that used tools, as the turns the model produced: each round's text with its tool
 * calls, then one `tool` message per call with what went back; the final text last. A step that
 * never finished (the app quit mid-call) is sent as cancelled, so every call has its answer.
 */
function toolTurns(parts: readonly ContentPart[]): ChatMessageParam[] {
  const out: ChatMessageParam[] = []
  let text = ''
  let calls: ToolStepPart[] = []
  const flushCalls = (): void => {
    if (!calls.length) return
    out.push({
      role: 'assistant',
      content: text || null,
      tool_calls: calls.map((c) => ({ id: c.callId, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }))
    })
    for (const c of calls) out.push({ role: 'tool', tool_call_id: c.callId, content: c.result ?? 'The tool call was cancelled.' })
    text = ''
    calls = []
  }
  for (const part of parts) {
    if (part.type === 'text') {
      flushCalls()
      text = text ? `${text}\n${part.text}` : part.text
    } else if (part.type === 'tool') {
      calls.push(part)
    }
  }
  flushCalls()
  if (text.trim()) out.push({ role: 'assistant', content: text })
  return out
}

/** Attachment ids of the image parts in these messages (each once). */
export function imageAttachmentIds(history: readonly Message[]): string[] {
  const ids = new Set<string>()
  for (const m of history) for (const p of m.parts) if (p.type === 'image') ids.add(p.attachmentId)
  return [...ids]
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
