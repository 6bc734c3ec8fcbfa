/**
 * Domain types shared by every process. Each type is defined once, as a zod schema, and its
 * TypeScript type is inferred from it, so IPC validation and compile-time types never drift.
 * Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod'
import { ErrorInfo } from './errors'
import { DataQueryResult, FileAttachmentInfo } from './files/schemas'
import { MemoryChange } from './memory/schemas'

/** Largest message text we accept from the composer (a 1 MB paste must fit, with room). */
export const MAX_MESSAGE_CHARS = 4_000_000

export const MessageRole = z.enum(['system', 'user', 'assistant'])
export type MessageRole = z.infer<typeof MessageRole>

/** streaming: tokens still arriving; stopped: the user pressed Stop; error: see `error`. */
export const MessageStatus = z.enum(['streaming', 'complete', 'stopped', 'error'])
export type MessageStatus = z.infer<typeof MessageStatus>

/** Marks text that was spoken in voice mode; `truncatedAtMs`: the assistant was interrupted there. */
export const VoiceMark = z.object({ truncatedAtMs: z.number().nonnegative().optional() })
export type VoiceMark = z.infer<typeof VoiceMark>
export const TextPart = z.object({
  type: z.literal('text'),
  text: z.string().max(MAX_MESSAGE_CHARS),
  /** Present when this text is a voice transcript. */
  voice: VoiceMark.optional()
})
/** An image is stored once, content-addressed, and referenced by id from messages. */
export const ImagePart = z.object({
  type: z.literal('image'),
  attachmentId: z.string().min(1).max(200),
  mime: z.string().max(100),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional()
})
/**
 * A document or data file attached to a user message, stored once (content-addressed) and
 * referenced by id like an image. Documents: their text goes to the model (whole, or the passages
 * relevant to each question when it is long). Data: loaded as tables the model queries.
 */
export const FilePart = z.object({
  type: z.literal('file'),
  attachmentId: z.string().min(1).max(200),
  // The chip's facts as they were when sent (tokens optional: older parts may lack it).
  ...FileAttachmentInfo.pick({ name: true, kind: true, format: true, bytes: true, pages: true, rows: true }).shape,
  tokens: FileAttachmentInfo.shape.tokens.optional()
})
export type FilePart = z.infer<typeof FilePart>
/**
 * An answer that read only some passages of long documents: which, so the user knows ("Using 12
 * of 340 passages of report.pdf"). The first part of the assistant message; never sent back.
 */
export const PassagesPart = z.object({
  type: z.literal('passages'),
  files: z
    .array(z.object({ name: z.string().max(300), used: z.number().int().nonnegative(), total: z.number().int().nonnegative() }))
    .max(50)
})
export type PassagesPart = z.infer<typeof PassagesPart>
/**
 * An answer that drew on past conversations (Reference chat history): which, so the user can see
 * and open them. A first part of the assistant message, beside `passages`; never sent back.
 */
export const HistoryPart = z.object({
  type: z.literal('history'),
  conversations: z.array(z.object({ id: z.string().max(200), title: z.string().max(1000) })).max(20)
})
export type HistoryPart = z.infer<typeof HistoryPart>
/**
 * An answer from a model that takes no images: the question's images were read on this computer
 * (OCR) and sent as text. Which, and what was read (`text` absent: it could not be read), so the
 * user sees what the model got. A first part of the assistant message; never sent back.
 */
export const ImagesReadPart = z.object({
  type: z.literal('imagesRead'),
  images: z.array(z.object({ name: z.string().max(300), text: z.string().max(21_000).optional() })).max(50)
})
export type ImagesReadPart = z.infer<typeof ImagesReadPart>
/**
 * What a reasoning model thought before answering (shown in its own block). Never sent back to
 * the provider, never spoken, not part of the answer's Copy or of search.
 */
export const ReasoningPart = z.object({
  type: z.literal('reasoning'),
  text: z.string().max(MAX_MESSAGE_CHARS),
  /** How long the model thought: first reasoning token → first answer token (or the end). */
  durationMs: z.number().int().nonnegative().optional()
})
/**
 * What an earlier conversation said, carried into a new one when it grew longer than the model
 * can read ("New chat with a summary"). Its message has role 'system': it is sent to the model
 * as context and shown as a card linking back to the original.
 */
export const SummaryPart = z.object({
  type: z.literal('summary'),
  text: z.string().max(MAX_MESSAGE_CHARS),
  fromConversationId: z.string().max(200),
  fromTitle: z.string().max(1000)
})
/** A source an answer can cite (web_search results, read_url pages). */
export const ToolSource = z.object({
  title: z.string().max(1000),
  url: z.string().max(4000),
  /** A few words from the page. */
  snippet: z.string().max(4000).optional()
})
export type ToolSource = z.infer<typeof ToolSource>

/**
 * One tool the model used while answering: what it called, with what, and what came back. Stored
 * in order among the answer's parts, so a reopened, searched or regenerated answer sees each step
 * (and the next request sends them back to the model as its tool calls and results).
 */
export const ToolStepPart = z.object({
  type: z.literal('tool'),
  /** The provider's tool-call id (the tool message answers it). */
  callId: z.string().max(200),
  /** The name the model called (namespaced for MCP: `<server>__<tool>`). */
  name: z.string().max(200),
  /** 'builtin' or the MCP server's id; `title` is the tool's own name. */
  source: z.string().max(200),
  title: z.string().max(200),
  /** The arguments' JSON text, as the model sent it. */
  arguments: z.string().max(MAX_MESSAGE_CHARS),
  /** awaiting: waiting for the user's approval. */
  status: z.enum(['awaiting', 'running', 'done', 'error', 'denied', 'cancelled']),
  /** What went back to the model (text). */
  result: z.string().max(MAX_MESSAGE_CHARS).optional(),
  /** How the result is shown. */
  format: z.enum(['markdown', 'json', 'text']).optional(),
  /** Pages the answer may cite (numbered in order across the answer's steps). */
  sources: z.array(ToolSource).max(100).optional(),
  /** Images the tool returned (an MCP screenshot, a chart), shown with the result; not sent back. */
  images: z
    .array(z.object({ mime: z.string().regex(/^image\/(png|jpeg|gif|webp)$/), data: z.string().max(4_000_000) }))
    .max(4)
    .optional(),
  /** memory: what the tool changed (the answer shows "Memory updated" with Undo). */
  memory: MemoryChange.optional(),
  /** query_data: the result's first rows (RESULT_TABLE_ROWS), for the results table; not sent back. */
  table: DataQueryResult.optional(),
  durationMs: z.number().int().nonnegative().optional()
})
export type ToolStepPart = z.infer<typeof ToolStepPart>

export const ContentPart = z.discriminatedUnion('type', [TextPart, ImagePart, FilePart, PassagesPart, HistoryPart, ImagesReadPart, ReasoningPart, SummaryPart, ToolStepPart])
export type ContentPart = z.infer<typeof ContentPart>

export const TokenUsage = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative()
})
export type TokenUsage = z.infer<typeof TokenUsage>


export const FallbackInfo = z.object({
  /** The model the user chose. */
  requestedModel: z.string(),
  /**
   * rate_limit: another model answered. no_tools: the same model answered without tools (it
   * refused a request that offered them).
   */
  reason: z.enum(['rate_limit', 'no_tools'])
})
export type FallbackInfo = z.infer<typeof FallbackInfo>

/**
 * How an answer ended when that matters to the user: cut by the model's output limit
 * (`finish_reason: "length"`), or a refusal (the text is the model's refusal). Absent: it ended
 * normally (or with an error, see `error`).
 */
export const MessageFinish = z.enum(['length', 'refusal'])
export type MessageFinish = z.infer<typeof MessageFinish>

export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: MessageRole,
  parts: z.array(ContentPart),
  /** The model that produced this answer (assistant messages). */
  model: z.string().optional(),
  /** Set when another model than the chosen one answered. */
  fallback: FallbackInfo.optional(),
  usage: TokenUsage.optional(),
  status: MessageStatus,
  finish: MessageFinish.optional(),
  error: ErrorInfo.optional(),
  createdAt: z.number(),
  updatedAt: z.number()
})
export type Message = z.infer<typeof Message>

export const Conversation = z.object({
  id: z.string(),
  title: z.string(),
  /** True while the title is still the automatic one (the user has not renamed it). */
  titleIsAuto: z.boolean(),
  providerId: z.string().optional(),
  model: z.string().optional(),
  /**
   * The first message sent to the model ("Retry without the oldest turns"): the ones before it
   * stay in the conversation, shown dimmed, but are not sent. Absent: everything is sent.
   */
  contextFrom: z.string().optional(),
  /** Tools (by name) this conversation does not offer the model (the composer's tools menu). */
  toolsOff: z.array(z.string().max(200)).max(1000).optional(),
  /** The assistant this conversation talks to (its instructions, knowledge, capabilities). */
  assistantId: z.string().max(200).optional(),
  /** A temporary chat: not in the history (list, search), no memory read or written; deleted when left. */
  temporary: z.boolean().optional(),
  createdAt: z.number(),
  updatedAt: z.number()
})
export type Conversation = z.infer<typeof Conversation>

export const SearchHit = z.object({
  conversationId: z.string(),
  conversationTitle: z.string(),
  /** Absent when the hit is on the title. */
  messageId: z.string().optional(),
  /** Plain text around the match; the matched terms are wrapped in \u0001 … \u0002. */
  snippet: z.string(),
  updatedAt: z.number(),
  /** Search lists a conversation once: the other messages in it that match (absent for chat-history passages). */
  moreInConversation: z.number().int().min(0).optional()
})
export type SearchHit = z.infer<typeof SearchHit>

/** Text of a message: its text parts joined (images are not text). */
export function messageText(parts: readonly ContentPart[]): string {
  return parts
    .filter((p): p is z.infer<typeof TextPart> => p.type === 'text')
    .map((p) => p.text)
    .join('\n')
}
