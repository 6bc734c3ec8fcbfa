/**
 * ChatGPT's data export: `conversations.json` (alone, or in the export's zip with the images).
 *
 * Each conversation is a tree (`mapping`: node id → { message, parent, children }): editing a
 * question or regenerating an answer adds a branch. What the user last saw is the branch ending
 * at `current_node`, read by walking `parent` up to the root; other branches are left out.
 *
 * Kept: user and assistant text (`text`, `multimodal_text`, `code` as a fenced block), images
 * (`image_asset_pointer`, from the zip when it has them, DALL·E's included), and o-series
 * thinking (`thoughts`) as reasoning. Left out: hidden system messages, tool traffic (browsing,
 * code output, an answer's calls to tools) and any content type not known here: a newer export
 * still imports what it can.
 */
import type { ContentPart } from '../../shared/domain'
import { buildConversation, isRecord, str, toMs, type DraftMessage, type ForeignResult } from './foreign'
import { fenced } from './exportMarkdown'
import type { Sentences } from './messages'

type ImagePart = Extract<ContentPart, { type: 'image' }>

export interface ChatGptContext {
  words: Sentences
  now: number
  /** The image a pointer names (`file-service://file-abc`, `sediment://file_abc`), stored; undefined: not in the export. */
  image(fileId: string): Promise<ImagePart | undefined>
  /** After each conversation read (progress while reading). */
  onConversation?(done: number): void
}

/** Is this parsed JSON ChatGPT's conversations.json? (a list of objects with a message tree) */
export function isChatGptExport(data: unknown): data is unknown[] {
  return Array.isArray(data) && data.length > 0 && data.slice(0, 5).every((c) => isRecord(c) && isRecord(c.mapping))
}

/** The node ids from the root to current_node (the branch the user saw); empty when current_node is missing. */
export function currentBranch(mapping: Record<string, unknown>, currentNode: string | undefined): string[] {
  const branch: string[] = []
  const seen = new Set<string>()
  let id = currentNode
  while (id && !seen.has(id) && isRecord(mapping[id])) {
    seen.add(id)
    branch.push(id)
    id = str((mapping[id] as Record<string, unknown>).parent)
  }
  return branch.reverse()
}

/** `file-service://file-abc` or `sediment://file_abc` → `file-abc` / `file_abc`. */
export const assetFileId = (pointer: string): string | undefined => /^[a-z-]+:\/\/(.+)$/.exec(pointer)?.[1]

async function partsOf(content: Record<string, unknown>, ctx: ChatGptContext): Promise<ContentPart[]> {
  const type = str(content.content_type)
  const parts: ContentPart[] = []
  const pushText = (text: string): void => {
    if (text.trim()) parts.push({ type: 'text', text })
  }
  switch (type) {
    case 'text':
    case 'multimodal_text':
      for (const p of Array.isArray(content.parts) ? content.parts : []) {
        if (typeof p === 'string') pushText(p)
        else if (isRecord(p) && p.content_type === 'image_asset_pointer' && typeof p.asset_pointer === 'string') {
          const fileId = assetFileId(p.asset_pointer)
          const image = fileId ? await ctx.image(fileId) : undefined
          if (image) parts.push(image)
        }
        // Audio transcripts of voice chats are text too.
        else if (isRecord(p) && p.content_type === 'audio_transcription' && typeof p.text === 'string') pushText(p.text)
      }
      break
    case 'code': {
      const text = str(content.text)
      if (text?.trim()) parts.push({ type: 'text', text: fenced(text, str(content.language) === 'unknown' ? '' : (str(content.language) ?? '')) })
      break
    }
    case 'thoughts': {
      const thoughts = Array.isArray(content.thoughts) ? content.thoughts : []
      const text = thoughts
        .filter(isRecord)
        .map((t) => [str(t.summary), str(t.content)].filter(Boolean).join('\n\n'))
        .filter(Boolean)
        .join('\n\n')
      if (text.trim()) parts.push({ type: 'reasoning', text })
      break
    }
    default:
      // reasoning_recap, execution_output, tether_*, system_error, user_editable_context and
      // whatever comes next: not part of what was said.
      break
  }
  return parts
}

async function draftsOf(conversation: Record<string, unknown>, ctx: ChatGptContext): Promise<DraftMessage[]> {
  const mapping = conversation.mapping as Record<string, unknown>
  const drafts: DraftMessage[] = []
  for (const nodeId of currentBranch(mapping, str(conversation.current_node))) {
    const message = (mapping[nodeId] as Record<string, unknown>).message
    if (!isRecord(message) || !isRecord(message.content) || !isRecord(message.author)) continue
    const role = str(message.author.role)
    const metadata = isRecord(message.metadata) ? message.metadata : {}
    if (metadata.is_visually_hidden_from_conversation === true) continue
    // An answer addressed to a tool (`browser`, `dalle.text2im`…) is the call, not what was said;
    // code for the python tool stays (the user saw it run).
    const recipient = str(message.recipient)
    if (recipient && recipient !== 'all' && message.content.content_type !== 'code') continue
    const parts = await partsOf(message.content, ctx)
    if (role === 'user' || role === 'assistant') {
      drafts.push({ id: str(message.id), role, parts, model: str(metadata.model_slug), createdAt: toMs(message.create_time) })
    } else if (role === 'tool') {
      // A tool's images (DALL·E, charts) belong to the answer: kept with it; its text is tool traffic.
      const images = parts.filter((p) => p.type === 'image')
      if (images.length) drafts.push({ role: 'assistant', parts: images, createdAt: toMs(message.create_time) })
    }
    // system: custom instructions and the hidden prompt, never shown in ChatGPT either.
  }
  return drafts
}

export async function importChatGpt(data: unknown[], ctx: ChatGptContext): Promise<ForeignResult> {
  const result: ForeignResult = { items: [], skipped: [] }
  let done = 0
  for (const raw of data) {
    done++
    if (!isRecord(raw)) continue
    const title = str(raw.title)?.trim() || ctx.words.untitled
    if (!isRecord(raw.mapping) || !isRecord(raw.mapping[str(raw.current_node) ?? ''])) {
      result.skipped.push({ title, reason: ctx.words.skippedNoBranch })
      continue
    }
    const built = buildConversation({
      id: str(raw.conversation_id) ?? str(raw.id),
      title,
      createdAt: toMs(raw.create_time),
      updatedAt: toMs(raw.update_time),
      model: str(raw.default_model_slug),
      drafts: await draftsOf(raw, ctx),
      words: ctx.words,
      now: ctx.now
    })
    if (built) result.items.push(built)
    else result.skipped.push({ title, reason: ctx.words.skippedEmpty })
    ctx.onConversation?.(done)
  }
  return result
}
