/**
 * Messages as the chat view shows them, and the pure rules that merge what main stored with what
 * is arriving on the stream right now.
 */
import type { ErrorInfo } from '../../../shared/errors'
import type {
  ToolStepPart,
  ContentPart,
  FilePart,
  PassagesPart,
  ImagesReadPart,
  HistoryPart,
  FallbackInfo,
  Message,
  MessageFinish,
  MessageRole,
  MessageStatus
} from '../../../shared/domain'

export interface ViewMessage {
  id: string
  conversationId: string
  role: MessageRole
  text: string
  /** Image parts (shown as placeholders until attachments get their own view). */
  images: number
  /** Attachment ids of the image parts, in order (history shows the originals). */
  imageIds?: string[]
  /** Documents and data files attached to a user message, in order. */
  files?: FilePart[]
  /** An answer that read only some passages of long documents: how many, per file. */
  passages?: PassagesPart['files']
  /** An answer from a model that takes no images: the question's images, read as text (OCR). */
  imagesRead?: ImagesReadPart['images']
  /** An answer that drew on past conversations (Reference chat history): which. */
  history?: HistoryPart['conversations']
  status: MessageStatus
  model?: string
  fallback?: FallbackInfo
  error?: ErrorInfo
  createdAt: number
  /** Shown before main confirmed it: the id is temporary. */
  local?: boolean
  /** A voice transcript (spoken in voice mode). */
  voice?: boolean
  /** What a reasoning model thought before answering (its own block, not part of `text`). */
  reasoning?: string
  /** How long it thought (stored once the answer began or ended). */
  reasoningMs?: number
  /** While it streams: when the first reasoning arrived (Date.now()), for the live seconds. */
  thinkingSince?: number
  /** Cut by the output limit, or a refusal. */
  finish?: MessageFinish
  /** A summary carried from an earlier conversation (a system message opening a new chat). */
  summary?: { text: string; fromConversationId: string; fromTitle: string }
  /** The tools the answer used, in order (a step awaiting approval carries the id to answer). */
  steps?: ViewToolStep[]
}

export type ViewToolStep = ToolStepPart & { approvalId?: string }

/** A step added, or replaced by its newer state (same callId). */
export function upsertStep(steps: readonly ViewToolStep[] | undefined, step: ViewToolStep): ViewToolStep[] {
  const list = steps ? steps.slice() : []
  const at = list.findIndex((s) => s.callId === step.callId)
  if (at === -1) list.push(step)
  else list[at] = step
  return list
}

/** Text of a message's parts (as shared/domain's messageText, without importing zod here). */
export function partsText(parts: readonly ContentPart[]): string {
  let out = ''
  let first = true
  for (const p of parts) {
    if (p.type !== 'text') continue
    out += first ? p.text : '\n' + p.text
    first = false
  }
  return out
}

export function toViewMessage(m: Message): ViewMessage {
  const v: ViewMessage = {
    id: m.id,
    conversationId: m.conversationId,
    role: m.role,
    text: partsText(m.parts),
    images: m.parts.filter((p) => p.type === 'image').length,
    status: m.status,
    createdAt: m.createdAt
  }
  const imageIds = m.parts.flatMap((p) => (p.type === 'image' ? [p.attachmentId] : []))
  if (imageIds.length) v.imageIds = imageIds
  const files = m.parts.filter((p): p is FilePart => p.type === 'file')
  if (files.length) v.files = files
  const passages = m.parts.find((p) => p.type === 'passages')
  if (passages?.type === 'passages' && passages.files.length) v.passages = passages.files
  const imagesRead = m.parts.find((p) => p.type === 'imagesRead')
  if (imagesRead?.type === 'imagesRead' && imagesRead.images.length) v.imagesRead = imagesRead.images
  const history = m.parts.find((p) => p.type === 'history')
  if (history?.type === 'history' && history.conversations.length) v.history = history.conversations
  if (m.model) v.model = m.model
  if (m.fallback) v.fallback = m.fallback
  if (m.error) v.error = m.error
  if (m.parts.some((p) => p.type === 'text' && p.voice)) v.voice = true
  const reasoning = m.parts.find((p) => p.type === 'reasoning')
  if (reasoning?.type === 'reasoning') {
    v.reasoning = reasoning.text
    if (reasoning.durationMs !== undefined) v.reasoningMs = reasoning.durationMs
  }
  if (m.finish) v.finish = m.finish
  const steps = m.parts.filter((p): p is ToolStepPart => p.type === 'tool')
  if (steps.length) v.steps = steps
  const summary = m.parts.find((p) => p.type === 'summary')
  if (summary?.type === 'summary') v.summary = { text: summary.text, fromConversationId: summary.fromConversationId, fromTitle: summary.fromTitle }
  return v
}

/** What the renderer has seen of one answer being streamed. */
export interface LiveEntry {
  conversationId: string
  streamId: string
  /** Everything received since 'started' (or since we subscribed, when fromStart is false). */
  text: string
  /** We saw 'started': `text` is the whole answer so far, not a tail. */
  fromStart: boolean
  /** Reasoning received (whole when fromStart), and when the first of it arrived. */
  reasoning?: string
  thinkingSince?: number
  model?: string
  fallback?: FallbackInfo
  /** Tool steps seen on the stream (whole states, newest wins). */
  steps?: ViewToolStep[]
}

/**
 * Stored messages (the truth, but partials are saved throttled) overlaid with the live text of
 * answers still streaming: live text wins when it is complete from the start and not shorter.
 * Once main says a message is no longer streaming, the stored version wins outright.
 */
export function mergeLive(stored: readonly ViewMessage[], live: ReadonlyMap<string, LiveEntry>): ViewMessage[] {
  return stored.map((m) => applyLive(m, live.get(m.id)))
}

export function applyLive(m: ViewMessage, e: LiveEntry | undefined): ViewMessage {
  if (!e || m.status !== 'streaming') return m
  const useLive = e.fromStart && e.text.length >= m.text.length
  const liveReasoning = e.fromStart && e.reasoning !== undefined && e.reasoning.length >= (m.reasoning?.length ?? 0) ? e.reasoning : undefined
  const model = e.model ?? m.model
  const fallback = e.fallback ?? m.fallback
  const thinkingSince = e.thinkingSince ?? m.thinkingSince
  const steps = e.steps ?? m.steps
  if (!useLive && liveReasoning === undefined && model === m.model && fallback === m.fallback && thinkingSince === m.thinkingSince && steps === m.steps) return m
  const next: ViewMessage = { ...m, text: useLive ? e.text : m.text, model, fallback }
  if (steps) next.steps = steps
  if (liveReasoning !== undefined) next.reasoning = liveReasoning
  if (thinkingSince !== undefined) next.thinkingSince = thinkingSince
  return next
}

/** Index of the last message with this role, or -1. */
export function lastIndexOfRole(messages: readonly ViewMessage[], role: MessageRole): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === role) return i
  return -1
}
