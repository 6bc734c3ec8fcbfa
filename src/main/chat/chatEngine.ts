/**
 * The chat engine: starts a streamed answer through the openai SDK, pushes its deltas as events
 * tagged with a stream id, persists the partial answer while it streams, switches to the
 * provider's fallback model when the chosen one is still rate-limited after the SDK's retries,
 * and classifies every failure so the user gets a human message and keeps what arrived.
 */
import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import type OpenAI from 'openai'
import { messageText, type ContentPart, type FallbackInfo, type FilePart, type HistoryPart, type ImagesReadPart, type PassagesPart, type Message, type MessageFinish, type MessageStatus, type TokenUsage, type ToolStepPart } from '../../shared/domain'
import { shiftCitations, sourcesBefore } from '../tools/citationNumbers'
import type { AccumulatedToolCall } from '../tools/toolCallAccumulator'
import { ToolCallAccumulator } from '../tools/toolCallAccumulator'
import type { ToolRunner, ToolSpec } from '../tools/types'
import { AppError, type ErrorInfo } from '../../shared/errors'
import { MAX_FILES_PER_MESSAGE } from '../../shared/files/schemas'
import { modelSeesImages } from '../../shared/attachments/sizing'
import type { EmitEvent, StreamStarted } from '../../shared/ipc/contract'
import { isRateLimit, isUserAbort, toChatError } from '../providers/errors'
import type { ProviderResolver, ResolvedProvider } from '../providers/types'
import type { ConversationStore } from '../store/types'
import { cleanTitle, imageAttachmentIds, provisionalTitle, toChatMessages, type ChatMessageParam, type RequestAttachments } from './buildRequest'
import { SeamJoiner } from './continuation'
import { StreamParser, type ParsedDelta } from './streamParser'
import { ThrottledWriter } from './throttledWriter'
import { firstKeptIndex, sentContext, summaryBudget, summaryTranscript } from './contextLimit'
import { CONTINUE_PROMPT, SUMMARY_PROMPT, TITLE_PROMPT, titleRequest } from './prompts'

export interface ChatEngineDeps {
  store: ConversationStore
  providers: ProviderResolver
  emit: EmitEvent
  /** How often a streaming answer is written to storage. */
  partialWriteIntervalMs?: number
  now?: () => Date
  newId?: () => string
  log?: (message: string, error?: unknown) => void
  /** Image attachments (src/main/attachments): absent = text-only chat. */
  images?: ImageAttachmentResolver
  /** Tools the model may use (src/main/tools): absent = none are offered. */
  tools?: ToolRunner
  /** Attached documents and data files (src/main/files): absent = images only. */
  files?: FileAttachmentResolver
  /** Saved memories and past conversations (src/main/memory): absent = none. */
  memory?: MemoryResolver
  /** Assistants (src/main/assistants): absent = plain chats only. */
  assistants?: AssistantResolver
  /** Images read as text for models that take none (src/main/ocr): absent = images are sent as they are. */
  imagesAsText?: ImagesAsTextResolver
}

/** What the engine needs of assistants. */
export interface AssistantResolver {
  get(id: string): Promise<{ providerId?: string; model?: string } | undefined>
  /** A request of a conversation with this assistant: its instructions, knowledge passages, allowed tools. */
  forRequest(
    assistantId: string,
    question: string
  ): Promise<{ system: string[]; questionAppendix: string[]; passages?: PassagesPart['files']; allowTool(spec: ToolSpec): boolean; memory: boolean } | undefined>
}

/** What the engine needs of memory: the system prompt's memory lines, and the past conversations used. */
export interface MemoryResolver {
  context(input: { conversationId: string; question: string; temporary: boolean }): Promise<{ system: string[]; history?: HistoryPart['conversations'] }>
}

/** What the engine needs of attached documents and data files. */
export interface FileAttachmentResolver {
  /** The part a message stores for this file, held for the collector (undefined: not a stored file). */
  describe(id: string): Promise<FilePart | undefined>
  /** What this request carries of the conversation's files; `passages`: long documents read in part. */
  context(conversationId: string, context: readonly Message[], questionId: string): Promise<RequestAttachments & { passages?: PassagesPart['files'] }>
}


/**
 * What the engine needs to send images to a model that takes none (src/main/ocr): their text,
 * read on this computer. `pageImages`: a scanned document's pages by user message id.
 */
export interface ImagesAsTextResolver {
  context(input: { context: readonly Message[]; questionId: string; pageImages: ReadonlyMap<string, readonly string[]> }): Promise<ImagesAsText>
}

export interface ImagesAsText {
  /** Per user message id: the text of its images, after its own. */
  appendix: ReadonlyMap<string, readonly string[]>
  /** Lines for the system prompt (how the images were sent). */
  system: readonly string[]
  /** The question's images and what was read of them (the answer's notice). */
  question: ImagesReadPart['images']
}

/** What the engine needs of the attachment store. */
export interface ImageAttachmentResolver {
  /** The image part stored in the message (undefined: unknown id). */
  describe(id: string): Promise<{ mime: string; width: number; height: number } | undefined>
  /** data: URLs of the copies encoded for the model. */
  modelDataUrls(id: string): Promise<string[] | undefined>
  /** The image as the user gave it, and its name (read as text for a model that takes no images). */
  original?(id: string): Promise<{ name?: string; data: Uint8Array; width: number; height: number } | undefined>
  /**
   * Messages that referenced these ids were deleted or replaced: the attachment collector deletes,
   * in the background, those no message references any more.
   */
  release?(ids: readonly string[]): void
}

export interface SendInput {
  conversationId?: string
  text: string
  providerId?: string
  model?: string
  /** Image attachments (ids from attachments.add), sent after the text. */
  attachmentIds?: string[]
  /** A new conversation: the tools it does not offer (the composer's tools menu before the first message). */
  toolsOff?: string[]
  /** A new conversation: temporary (not in the history, no memory). */
  temporary?: boolean
  /** A new conversation: the assistant it talks to. */
  assistantId?: string
}

interface ActiveStream {
  streamId: string
  conversationId: string
  messageId: string
  controller: AbortController
  /** Settles when the stream has ended and its final state is stored. */
  finished: Promise<void>
}

interface StreamOutcome {
  /** The answer's parts: its reasoning (if any) and its text (if any). */
  parts: ContentPart[]
  status: MessageStatus
  finish?: MessageFinish
  usage?: TokenUsage
  error?: ErrorInfo
}

/** What one request's stream brought, besides its deltas. */
export interface StreamEnd {
  /** A finish_reason arrived (without it the stream dropped). */
  finished: boolean
  finishReason?: string
  usage?: TokenUsage
  /** The model asked for tools (offered or not). */
  toolCalls: boolean
  /** The whole calls, when tools were offered. */
  calls: AccumulatedToolCall[]
  refused: boolean
}

/** A cut answer being continued: what it already holds. */
interface Continuation {
  text: string
  reasoning?: string
  reasoningMs?: number
}

function continuationOf(cut: Message): Continuation {
  const reasoning = cut.parts.find((p) => p.type === 'reasoning')
  return {
    text: messageText(cut.parts),
    ...(reasoning?.type === 'reasoning' ? { reasoning: reasoning.text, reasoningMs: reasoning.durationMs } : {})
  }
}

/** Where a stream's parsed deltas go. */
interface DeltaSink {
  text(delta: string): void
  reasoning(delta: string): void
  /** The answer text given so far was thinking (a lone `</think>`). */
  textWasReasoning(): void
}

/**
 * How a finished stream ended, for the user: never an empty answer marked complete. A refusal is
 * the answer, marked; a cut-off is complete but says so; a tool call nobody offered, a content
 * filter and an empty answer are errors that keep whatever arrived.
 */
export function judgeEnding(end: StreamEnd, text: string): Pick<StreamOutcome, 'status' | 'finish' | 'error'> {
  if (end.finishReason === 'content_filter') return { status: 'error', error: { code: 'content_filter' } }
  if (end.refused && text) return { status: 'complete', finish: 'refusal' }
  if (!text.trim()) return { status: 'error', error: { code: end.toolCalls ? 'tool_call_unsupported' : 'empty_answer' } }
  if (end.finishReason === 'length') return { status: 'complete', finish: 'length' }
  return { status: 'complete' }
}

const noToolsKey = (resolved: ResolvedProvider, model: string): string => `${resolved.provider.id}\u0000${model}`

/**
 * A 400 that says the model or server takes no tools: OpenAI-compatible servers word it as
 * "does not support tools" (Ollama), "tool use is not supported", "function calling is not
 * enabled" (vLLM without --enable-auto-tool-choice), "tools is not supported", "tool_choice".
 */
export function rejectsTools(error: unknown): boolean {
  const info = toChatError(error)
  if (info.status !== 400 && info.status !== 422 && info.status !== 404) return false
  return /\btools?\b|tool[_ ]choice|tool use|function[_ ]?call/i.test(info.detail ?? '') && /support|enabl|allow|not|invalid|unknown|unrecognized/i.test(info.detail ?? '')
}

/**
 * A message that is only a link ("https://…", pasted alone) asks for that page: the first round
 * makes the model call read_url (when this chat offers it) instead of guessing from the address.
 */
export function forcedTool(messages: readonly ChatMessageParam[], offered: readonly ToolSpec[]): string | undefined {
  const last = messages.at(-1)
  if (last?.role !== 'user' || typeof last.content !== 'string') return undefined
  if (!/^https?:\/\/\S+$/i.test(last.content.trim())) return undefined
  return offered.some((t) => t.name === 'read_url') ? 'read_url' : undefined
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a || !b) return b ?? a
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens, totalTokens: a.totalTokens + b.totalTokens }
}

export class ChatEngine {
  private readonly active = new Map<string, ActiveStream>()
  /** Provider + model pairs that refused a request with tools (asked without them since). */
  private readonly noToolModels = new Set<string>()
  /** Temporary conversations answered since start (no memory tool is offered in them). */
  private readonly temporary = new Set<string>()
  /** Conversations with an assistant: which tools it allows (set before each of their answers). */
  private readonly toolRules = new Map<string, (spec: ToolSpec) => boolean>()
  private readonly partialWriteIntervalMs: number
  private readonly now: () => Date
  private readonly newId: () => string
  private readonly log: (message: string, error?: unknown) => void

  constructor(private readonly deps: ChatEngineDeps) {
    this.partialWriteIntervalMs = deps.partialWriteIntervalMs ?? 250
    this.now = deps.now ?? (() => new Date())
    this.newId = deps.newId ?? randomUUID
    this.log = deps.log ?? (() => {})
  }

  async send(input: SendInput): Promise<StreamStarted> {
    const imageParts = await this.attachmentParts(input.attachmentIds ?? [])
    if (!input.text.trim() && !imageParts.length) throw new AppError({ code: 'bad_request', detail: 'The message is empty.' })
    const { store } = this.deps
    let conversation = input.conversationId ? await store.getConversation(input.conversationId) : undefined
    if (input.conversationId && !conversation) {
      throw new AppError({ code: 'bad_request', detail: 'That conversation no longer exists.' })
    }
    if (!conversation) {
      // An assistant's own provider and model, when it has them, answer its conversations.
      const assistant = input.assistantId ? await this.deps.assistants?.get(input.assistantId) : undefined
      if (input.assistantId && !assistant) throw new AppError({ code: 'bad_request', detail: 'That assistant no longer exists.' })
      conversation = await store.createConversation({
        title: provisionalTitle(input.text),
        providerId: assistant?.providerId ?? input.providerId,
        model: assistant?.model ?? input.model,
        assistantId: input.assistantId,
        toolsOff: input.toolsOff,
        temporary: input.temporary
      })
      this.deps.emit('conversations:onChanged', { conversationId: conversation.id })
    }
    await this.stopConversationStreams(conversation.id)
    const userMessage = await store.addMessage({
      conversationId: conversation.id,
      role: 'user',
      parts: [...(input.text.trim() || !imageParts.length ? [{ type: 'text' as const, text: input.text }] : []), ...imageParts],
      status: 'complete'
    })
    return this.answer(conversation.id, userMessage.id, input.providerId ?? conversation.providerId, input.model)
  }

  /** Answers the last user message again, replacing what followed it (also Retry). */
  async regenerate(input: { conversationId: string; providerId?: string; model?: string }): Promise<StreamStarted> {
    await this.stopConversationStreams(input.conversationId)
    const lastUser = await this.lastUserMessage(input.conversationId)
    const images = await this.attachmentsBeforeChange(input.conversationId)
    await this.deps.store.deleteMessagesAfter(input.conversationId, lastUser.id)
    this.releaseAttachments(images)
    return this.answer(input.conversationId, lastUser.id, input.providerId, input.model)
  }

  /** Replaces the last user message's text, drops what followed, and answers it. */
  async editAndResend(input: { conversationId: string; messageId: string; text: string }): Promise<StreamStarted> {
    if (!input.text.trim()) throw new AppError({ code: 'bad_request', detail: 'The message is empty.' })
    await this.stopConversationStreams(input.conversationId)
    const lastUser = await this.lastUserMessage(input.conversationId)
    if (lastUser.id !== input.messageId) {
      throw new AppError({ code: 'bad_request', detail: 'Only the last message you sent can be edited.' })
    }
    const keptImages = lastUser.parts.filter((p) => p.type === 'image' || p.type === 'file')
    const images = await this.attachmentsBeforeChange(input.conversationId)
    await this.deps.store.updateMessage(lastUser.id, { parts: [{ type: 'text', text: input.text }, ...keptImages] })
    await this.deps.store.deleteMessagesAfter(input.conversationId, lastUser.id)
    this.releaseAttachments(images)
    return this.answer(input.conversationId, lastUser.id, undefined, undefined)
  }

  /**
   * Continues the last answer, cut by the output limit: the model is asked to go on and its
   * continuation is joined to the same message (continuation.ts keeps the seam invisible).
   */
  async continueAnswer(input: { conversationId: string; messageId: string }): Promise<StreamStarted> {
    await this.stopConversationStreams(input.conversationId)
    const history = await this.deps.store.listMessages(input.conversationId)
    const cut = history.at(-1)
    if (!cut || cut.id !== input.messageId || cut.role !== 'assistant' || cut.finish !== 'length') {
      throw new AppError({ code: 'bad_request', detail: 'Only the last answer, cut by the output limit, can be continued.' })
    }
    const lastUser = await this.lastUserMessage(input.conversationId)
    const conversation = await this.deps.store.getConversation(input.conversationId)
    return this.answer(input.conversationId, lastUser.id, conversation?.providerId, cut.model, cut)
  }

  /**
   * After a context-length error: leaves the oldest turns out of what is sent (they stay in the
   * conversation, see Conversation.contextFrom) so the rest fits, and answers again.
   */
  async retryWithoutOldest(input: { conversationId: string }): Promise<StreamStarted> {
    await this.stopConversationStreams(input.conversationId)
    const { store } = this.deps
    const conversation = await store.getConversation(input.conversationId)
    if (!conversation) throw new AppError({ code: 'bad_request', detail: 'That conversation no longer exists.' })
    const { failed, lastUser, history } = await this.contextFailure(input.conversationId)
    const sent = sentContext(history.slice(0, history.indexOf(lastUser) + 1), conversation.contextFrom)
    const keep = firstKeptIndex(sent, failed.error?.tokens)
    if (keep === undefined) {
      throw new AppError({
        code: 'context_length',
        detail: 'Only your last message is left to send, and it alone is too long for this model. Shorten it, or pick a model with a larger context.'
      })
    }
    await store.setContextFrom(conversation.id, sent[keep].id)
    this.deps.emit('conversations:onChanged', { conversationId: conversation.id })
    return this.regenerate({ conversationId: conversation.id })
  }

  /** Sends the whole conversation again (undoes retryWithoutOldest). */
  async includeAllTurns(input: { conversationId: string }): Promise<void> {
    await this.deps.store.setContextFrom(input.conversationId, null)
    this.deps.emit('conversations:onChanged', { conversationId: input.conversationId })
  }

  /**
   * After a context-length error: the model summarises the conversation (as much of it as it can
   * read), and a new chat starts with that summary and the question that failed, which is
   * answered there. The long conversation stays as it was.
   */
  async newChatWithSummary(input: { conversationId: string }): Promise<StreamStarted> {
    await this.stopConversationStreams(input.conversationId)
    const { store } = this.deps
    const conversation = await store.getConversation(input.conversationId)
    if (!conversation) throw new AppError({ code: 'bad_request', detail: 'That conversation no longer exists.' })
    const { failed, lastUser, history } = await this.contextFailure(input.conversationId)
    const earlier = history.slice(0, history.indexOf(lastUser))
    if (!earlier.some((m) => m.role === 'assistant' && messageText(m.parts).trim())) {
      throw new AppError({
        code: 'context_length',
        detail: 'There is nothing earlier to summarise: your last message alone is too long for this model. Shorten it, or pick a model with a larger context.'
      })
    }
    let resolved: ResolvedProvider
    try {
      resolved = this.deps.providers.resolve(conversation.providerId)
    } catch (error) {
      throw new AppError(toChatError(error))
    }
    const model = failed.model ?? conversation.model ?? resolved.provider.defaultModel
    // The question's images move to the new chat: held (describe holds) while the summary is
    // made, so deleting the original chat meanwhile does not collect them under the new one.
    for (const part of lastUser.parts) {
      if (part.type === 'image') await this.deps.images?.describe(part.attachmentId)
      if (part.type === 'file') await this.deps.files?.describe(part.attachmentId)
    }
    const summary = await this.summarise(resolved, model, earlier, failed.error?.tokens)
    // A temporary chat's continuation stays temporary (never in the history).
    const next = await store.createConversation({ title: conversation.title, providerId: conversation.providerId, model: conversation.model, temporary: conversation.temporary })
    await store.addMessage({
      conversationId: next.id,
      role: 'system',
      parts: [{ type: 'summary', text: summary, fromConversationId: conversation.id, fromTitle: conversation.title }],
      status: 'complete'
    })
    const question = await store.addMessage({ conversationId: next.id, role: 'user', parts: lastUser.parts, status: 'complete' })
    this.deps.emit('conversations:onChanged', { conversationId: next.id })
    return this.answer(next.id, question.id, conversation.providerId, model)
  }

  /** Stops a stream; what arrived is kept and marked 'stopped'. Unknown ids are ignored. */
  async stop(streamId: string): Promise<void> {
    const stream = this.active.get(streamId)
    if (!stream) return
    stream.controller.abort()
    await stream.finished
  }

  /** On quit: stop every stream and wait until their partial answers are stored. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)))
  }

  /** Resolves when every running stream has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.active.values()].map((s) => s.finished))
  }

  /** Stops the streams of one conversation (before deleting it, or a new send). */
  async stopConversationStreams(conversationId: string): Promise<void> {
    const running = [...this.active.values()].filter((s) => s.conversationId === conversationId)
    await Promise.all(running.map((s) => this.stop(s.streamId)))
  }

  /**
   * Before messages are deleted or replaced: every attachment the conversation references (the
   * collector keeps those still referenced afterwards). Nothing to ask without a collector.
   */
  private async attachmentsBeforeChange(conversationId: string): Promise<string[]> {
    return this.deps.images?.release ? this.deps.store.attachmentIdsOf(conversationId) : []
  }

  private releaseAttachments(ids: readonly string[]): void {
    if (ids.length) this.deps.images?.release?.(ids)
  }

  /** The parts of attached images and files (in the order given, images first as the composer sends them). */
  private async attachmentParts(ids: readonly string[]): Promise<ContentPart[]> {
    if (!ids.length) return []
    if (!this.deps.images && !this.deps.files) throw new AppError({ code: 'bad_request', detail: 'Attachments are not supported here.' })
    const parts: ContentPart[] = []
    for (const id of ids) {
      const image = await this.deps.images?.describe(id)
      if (image) {
        parts.push({ type: 'image', attachmentId: id, mime: image.mime, width: image.width, height: image.height })
        continue
      }
      const file = await this.deps.files?.describe(id)
      if (!file) throw new AppError({ code: 'bad_request', detail: 'An attached file is no longer available. Attach it again.' })
      parts.push(file)
    }
    if (parts.filter((p) => p.type === 'file').length > MAX_FILES_PER_MESSAGE) {
      throw new AppError({ code: 'bad_request', detail: `A message takes up to ${MAX_FILES_PER_MESSAGE} files.` })
    }
    return parts
  }

  /** The assistant's part of this request; a failure leaves it out rather than failing the answer. */
  private async assistantContext(assistantId: string, question: string) {
    try {
      return await this.deps.assistants?.forRequest(assistantId, question)
    } catch (error) {
      this.log('could not add the assistant to the request', error)
      return undefined
    }
  }

  /** Memories and past conversations for this request; a failure leaves them out rather than failing the answer. */
  private async memoryContext(conversationId: string, question: string, temporary: boolean): Promise<{ system: string[]; history?: HistoryPart['conversations'] } | undefined> {
    if (!this.deps.memory) return undefined
    try {
      return await this.deps.memory.context({ conversationId, question, temporary })
    } catch (error) {
      this.log('could not add memories to the request', error)
      return undefined
    }
  }

  /** What the request carries of attached files; a failure leaves them out rather than failing the answer. */
  private async fileContext(conversationId: string, context: readonly Message[], questionId: string): Promise<(RequestAttachments & { passages?: PassagesPart['files'] }) | undefined> {
    if (!this.deps.files || !context.some((m) => m.parts.some((p) => p.type === 'file'))) return undefined
    try {
      return await this.deps.files.context(conversationId, context, questionId)
    } catch (error) {
      this.log('could not add the attached files to the request', error)
      return undefined
    }
  }

  /**
   * The context's images as text, for a model that takes none; undefined when there are none
   * (or no reader): then the request is built as usual. Never fails the answer: an image that
   * cannot be read is sent as "could not be read".
   */
  private async imagesAsText(context: readonly Message[], questionId: string, pageImages: ReadonlyMap<string, readonly string[]> | undefined): Promise<ImagesAsText | undefined> {
    const reader = this.deps.imagesAsText
    const hasImages = imageAttachmentIds(context).length > 0 || [...(pageImages?.values() ?? [])].some((urls) => urls.length > 0)
    if (!reader || !hasImages) return undefined
    try {
      return await reader.context({ context, questionId, pageImages: pageImages ?? new Map() })
    } catch (error) {
      this.log('could not read the images as text', error)
      return undefined
    }
  }

  /** Encoded copies of every image in the context, by attachment id. */
  private async loadImages(context: readonly Message[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>()
    const resolver = this.deps.images
    if (!resolver) return out
    for (const id of imageAttachmentIds(context)) {
      const urls = await resolver.modelDataUrls(id).catch(() => undefined)
      if (urls?.length) out.set(id, urls)
      else this.log(`image attachment ${id} is missing; sent without it`)
    }
    return out
  }

  /** The conversation's last answer, failed for its length, and the question it answered. */
  private async contextFailure(conversationId: string): Promise<{ failed: Message; lastUser: Message; history: Message[] }> {
    const history = await this.deps.store.listMessages(conversationId)
    const failed = history.at(-1)
    const lastUser = [...history].reverse().find((m) => m.role === 'user')
    if (!failed || !lastUser || failed.role !== 'assistant' || failed.error?.code !== 'context_length') {
      throw new AppError({ code: 'bad_request', detail: 'Only an answer that failed because the conversation is too long can be retried this way.' })
    }
    return { failed, lastUser, history }
  }

  /**
   * The summary of `messages` by the model, from a transcript that fits in what it can read. A
   * transcript still too long (our estimate was off) is halved and tried again, twice at most.
   */
  private async summarise(resolved: ResolvedProvider, model: string, messages: readonly Message[], tokens?: { used: number; limit: number }): Promise<string> {
    let budget = summaryBudget(messages, tokens)
    for (let attempt = 0; ; attempt++) {
      try {
        const completion = await resolved.client.chat.completions.create(
          {
            model,
            messages: [
              { role: 'system', content: SUMMARY_PROMPT },
              { role: 'user', content: summaryTranscript(messages, budget) }
            ]
          },
          { timeout: 120_000 }
        )
        // Inline <think> tags are reasoning, not summary (the parser takes them out).
        const parser = new StreamParser()
        const text = (parser.push({ content: completion.choices?.[0]?.message?.content ?? '' }).text + parser.end().text).trim()
        if (!text) throw new AppError({ code: 'empty_answer' })
        return text
      } catch (error) {
        if (error instanceof AppError) throw error
        const info = toChatError(error, { baseURL: resolved.provider.baseURL })
        if (info.code === 'context_length' && attempt < 2) {
          budget = Math.floor(budget / 2)
          continue
        }
        throw new AppError(info)
      }
    }
  }

  private async lastUserMessage(conversationId: string): Promise<Message> {
    const messages = await this.deps.store.listMessages(conversationId)
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')
    if (!lastUser) throw new AppError({ code: 'bad_request', detail: 'There is no message to answer.' })
    return lastUser
  }

  /** Creates the assistant message and streams the answer into it in the background. */
  private async answer(
    conversationId: string,
    userMessageId: string,
    providerId: string | undefined,
    model: string | undefined,
    /** An answer the output limit cut, to continue in place (see continueAnswer). */
    cut?: Message
  ): Promise<StreamStarted> {
    const { store } = this.deps
    const history = await store.listMessages(conversationId)
    const upTo = history.findIndex((m) => m.id === (cut?.id ?? userMessageId))
    const conversationRow = await store.getConversation(conversationId)
    const context = sentContext(history.slice(0, upTo + 1), conversationRow?.contextFrom)
    const toolsOff = conversationRow?.toolsOff ?? []
    if (conversationRow?.temporary) this.temporary.add(conversationId)

    let resolved: ResolvedProvider | undefined
    let setupError: ErrorInfo | undefined
    try {
      resolved = this.deps.providers.resolve(providerId)
    } catch (error) {
      setupError = toChatError(error)
    }
    // The model that was asked, also when the provider could not be used (no key…): the failed
    // answer names it, as the user test expected, rather than "unknown". With no provider at all
    // there is no model to name: the label stays empty (the renderer shows none).
    const chosenModel =
      model?.trim() ||
      resolved?.provider.defaultModel ||
      conversationRow?.model?.trim() ||
      this.deps.providers.chosen?.(providerId)?.defaultModel ||
      ''
    const assistant = cut
      ? await store.updateMessage(cut.id, { status: 'streaming', finish: null, error: null })
      : await store.addMessage({ conversationId, role: 'assistant', parts: [], status: 'streaming', ...(chosenModel ? { model: chosenModel } : {}) })
    const continuation = cut ? continuationOf(cut) : undefined
    const streamId = this.newId()
    const controller = new AbortController()
    // Each running tool listens for Stop on this signal (ten in parallel is ordinary).
    setMaxListeners(100, controller.signal)
    const started: StreamStarted = { streamId, conversationId, userMessageId, assistantMessageId: assistant.id }
    const tag = { streamId, conversationId, messageId: assistant.id }

    const run = async (): Promise<void> => {
      this.deps.emit('chat:onEvent', { kind: 'started', ...tag, model: chosenModel, ...(continuation ? { continues: true } : {}) })
      const files = resolved && !setupError ? await this.fileContext(conversationId, context, userMessageId) : undefined
      const question = messageText(context.find((m) => m.id === userMessageId)?.parts ?? [])
      const persona = resolved && !setupError && conversationRow?.assistantId ? await this.assistantContext(conversationRow.assistantId, question) : undefined
      if (persona) this.toolRules.set(conversationId, persona.allowTool)
      else this.toolRules.delete(conversationId)
      const memoryOff = conversationRow?.temporary === true || persona?.memory === false
      const memory = resolved && !setupError && !cut ? await this.memoryContext(conversationId, question, memoryOff) : undefined
      // A model that takes no images gets their text instead (read here, not sent anywhere else).
      const asText = resolved && !setupError && !modelSeesImages(chosenModel) ? await this.imagesAsText(context, userMessageId, files?.images) : undefined
      const appendix = new Map(files?.appendix ?? [])
      const addToMessage = (id: string, lines: readonly string[]): void => {
        if (lines.length) appendix.set(id, [...(appendix.get(id) ?? []), ...lines])
      }
      for (const [id, lines] of asText?.appendix ?? []) addToMessage(id, lines)
      if (persona?.questionAppendix.length) addToMessage(userMessageId, persona.questionAppendix)
      const extra: RequestAttachments = {
        appendix,
        images: asText ? new Map() : (files?.images ?? new Map()),
        system: [...(persona?.system ?? []), ...(files?.system ?? []), ...(asText?.system ?? []), ...(memory?.system ?? [])]
      }
      const passages = [...(files?.passages ?? []), ...(persona?.passages ?? [])]
      const request = resolved && !setupError ? toChatMessages(context, this.now(), asText ? new Map() : await this.loadImages(context), 'high', extra) : []
      if (continuation) request.push({ role: 'user', content: CONTINUE_PROMPT })
      // Long documents read in part: the answer says how much (its first part, and live).
      const lead: ContentPart[] = cut
        ? cut.parts.filter((p) => p.type === 'passages' || p.type === 'history' || p.type === 'imagesRead')
        : [
            ...(asText?.question.length ? [{ type: 'imagesRead' as const, images: asText.question }] : []),
            ...(passages.length ? [{ type: 'passages' as const, files: passages }] : []),
            ...(memory?.history?.length ? [{ type: 'history' as const, conversations: memory.history }] : [])
          ]
      if (!cut && asText?.question.length) this.deps.emit('chat:onEvent', { kind: 'imagesRead', ...tag, images: asText.question })
      if (!cut && passages.length) this.deps.emit('chat:onEvent', { kind: 'passages', ...tag, files: passages })
      if (!cut && memory?.history?.length) this.deps.emit('chat:onEvent', { kind: 'history', ...tag, conversations: memory.history })
      const outcome: StreamOutcome =
        resolved && !setupError
          ? await this.stream(resolved, chosenModel, request, controller.signal, assistant.id, tag, toolsOff, continuation, lead)
          : { parts: cut?.parts ?? [], status: 'error', error: setupError ?? { code: 'no_provider' } }
      await store.updateMessage(assistant.id, {
        parts: outcome.parts,
        status: outcome.status,
        finish: outcome.finish ?? null,
        usage: outcome.usage ?? null,
        error: outcome.error ?? null
      })
      this.deps.emit('chat:onEvent', {
        kind: 'done',
        ...tag,
        status: outcome.status,
        ...(outcome.finish ? { finish: outcome.finish } : {}),
        usage: outcome.usage,
        error: outcome.error
      })
      this.deps.emit('conversations:onChanged', { conversationId })
      if (outcome.status === 'complete' && resolved) void this.maybeAutoTitle(conversationId, resolved)
    }

    const finished = run()
      .catch((error) => this.log('chat stream failed to finish cleanly', error))
      .finally(() => this.active.delete(streamId))
    this.active.set(streamId, { streamId, conversationId, messageId: assistant.id, controller, finished })
    return started
  }

  /** One streamed answer, including the fallback switch. Never throws. */
  private async stream(
    resolved: ResolvedProvider,
    model: string,
    messages: ChatMessageParam[],
    signal: AbortSignal,
    messageId: string,
    tag: { streamId: string; conversationId: string; messageId: string },
    /** Tools this conversation does not offer. */
    toolsOff: readonly string[],
    /** Continuing a cut answer: its text and reasoning so far, and the seam to join at. */
    continuation?: Continuation,
    /** Parts the answer opens with (a passages notice). */
    lead: readonly ContentPart[] = []
  ): Promise<StreamOutcome> {
    const { store } = this.deps
    // The answer's parts so far, in order: text of earlier rounds and tool steps (a round's text
    // is committed when its tool calls run); `text` is the current round's.
    const steps: ContentPart[] = []
    let text = continuation?.text ?? ''
    let reasoning = continuation?.reasoning ?? ''
    const seam = continuation ? new SeamJoiner(continuation.text) : undefined
    // Thinking time: first reasoning token → first answer token (or the end of the stream).
    let reasoningFrom: number | undefined
    let firstTextAt: number | undefined
    let reasoningMs: number | undefined = continuation?.reasoningMs
    const clock = (): number => this.now().getTime()
    const parts = (): ContentPart[] => [
      ...lead,
      ...(reasoning ? [{ type: 'reasoning' as const, text: reasoning, ...(reasoningMs !== undefined || reasoningFrom !== undefined ? { durationMs: reasoningMs ?? Math.max(0, clock() - (reasoningFrom ?? clock())) } : {}) }] : []),
      ...steps,
      ...(text ? [{ type: 'text' as const, text }] : [])
    ]
    const answerText = (): string => messageText(parts())
    const writer = new ThrottledWriter<ContentPart[]>(
      (partial) => store.updateMessage(messageId, { parts: partial }),
      this.partialWriteIntervalMs,
      (error) => this.log('could not save a partial answer', error)
    )
    const appendText = (delta: string): void => {
      if (!delta) return
      if (reasoningFrom !== undefined && reasoningMs === undefined) reasoningMs = Math.max(0, clock() - reasoningFrom)
      firstTextAt ??= clock()
      text += delta
      this.deps.emit('chat:onEvent', { kind: 'delta', ...tag, text: delta })
      writer.schedule(parts())
    }
    const sink: DeltaSink = {
      text: (delta) => appendText(seam ? seam.push(delta) : delta),
      reasoning: (delta) => {
        if (continuation && reasoningFrom === undefined && reasoning) reasoning += '\n\n'
        reasoningFrom ??= clock()
        reasoning += delta
        this.deps.emit('chat:onEvent', { kind: 'reasoning', ...tag, text: delta })
        writer.schedule(parts())
      },
      textWasReasoning: () => {
        // The model was thinking since its first "answer" token.
        reasoningFrom ??= firstTextAt ?? clock()
        reasoningMs = undefined
        reasoning += text
        text = ''
        this.deps.emit('chat:onEvent', { kind: 'textToReasoning', ...tag })
        writer.schedule(parts())
      }
    }
    let hasEnded = false
    const ended = (): void => {
      if (hasEnded) return
      hasEnded = true
      if (seam) appendText(seam.end())
      if (reasoningFrom !== undefined && reasoningMs === undefined) reasoningMs = Math.max(0, clock() - reasoningFrom)
    }
    const finish = async (outcome: Omit<StreamOutcome, 'parts'>): Promise<StreamOutcome> => {
      ended()
      await writer.cancel()
      return { parts: parts(), ...outcome }
    }

    let currentModel = model
    const fallbackModel = resolved.provider.fallbackModel?.trim()
    let fallback: FallbackInfo | undefined
    // A continuation only finishes the cut text: no tools.
    let offered = continuation ? [] : this.toolsFor(resolved, model, toolsOff, tag.conversationId)
    const stepLimit = this.deps.tools?.stepLimit() ?? 0
    let usage: TokenUsage | undefined
    for (let round = 0; ; ) {
      let end: StreamEnd
      try {
        end = await this.streamOnce(resolved.client, currentModel, messages, signal, sink, continuation !== undefined, offered, round === 0 ? forcedTool(messages, offered) : undefined)
      } catch (error) {
        // On abort the SDK's iterator simply ends (no error): the user's Stop, not a drop.
        if (signal.aborted || isUserAbort(error)) return finish({ status: 'stopped', usage })
        if (offered.length && rejectsTools(error)) {
          // The model or server cannot take tools: ask again without them, and say so once.
          this.noToolModels.add(noToolsKey(resolved, currentModel))
          offered = []
          if (!fallback && !(await this.toldNoTools(tag.conversationId, messageId))) {
            fallback = { requestedModel: currentModel, reason: 'no_tools' }
            await store.updateMessage(messageId, { fallback })
            this.deps.emit('chat:onEvent', { kind: 'fallback', ...tag, model: currentModel, fallback })
          }
          continue
        }
        const mayFallBack = isRateLimit(error) && !fallback && !answerText() && !reasoning && !steps.length && fallbackModel && fallbackModel !== currentModel
        if (mayFallBack) {
          fallback = { requestedModel: currentModel, reason: 'rate_limit' }
          currentModel = fallbackModel
          offered = continuation ? [] : this.toolsFor(resolved, currentModel, toolsOff, tag.conversationId)
          await store.updateMessage(messageId, { model: currentModel, fallback })
          this.deps.emit('chat:onEvent', { kind: 'fallback', ...tag, model: currentModel, fallback })
          continue
        }
        const info = toChatError(error, { baseURL: resolved.provider.baseURL })
        // A stream that breaks after the answer began is a dropped stream, whatever the
        // transport called it, unless the provider sent a real HTTP error.
        const dropped = (answerText().length > 0 || reasoning.length > 0) && info.status === undefined
        return finish({ status: 'error', usage, error: dropped ? { code: 'stream_dropped', detail: info.detail } : info })
      }
      usage = addUsage(usage, end.usage)
      if (signal.aborted) return finish({ status: 'stopped', usage })
      if (offered.length && end.calls.length && this.deps.tools) {
        // The model asked for tools (with or without a finish chunk): run them, send the results, go on.
        if (round >= stepLimit) return finish({ status: 'error', usage, error: { code: 'tool_step_limit' } })
        round++
        await this.runToolRound(end.calls, { text, signal, tag, messages, steps, offered, onChange: () => writer.schedule(parts()) })
        text = ''
        if (signal.aborted) return finish({ status: 'stopped', usage })
        continue
      }
      if (!end.finished) return finish({ status: 'error', usage, error: { code: 'stream_dropped' } })
      ended() // the seam's held text first: the ending is judged on the whole answer
      return finish({ usage, ...judgeEnding(end, answerText()) })
    }
  }

  /** The tools offered to this model in this conversation (none when the model showed it cannot take them). */
  private toolsFor(resolved: ResolvedProvider, model: string, off: readonly string[], conversationId: string): ToolSpec[] {
    if (!this.deps.tools || this.noToolModels.has(noToolsKey(resolved, model))) return []
    const allow = this.toolRules.get(conversationId) ?? (() => true)
    return this.deps.tools.offered({ conversationId, temporary: this.temporary.has(conversationId) }).filter((t) => !off.includes(t.name) && allow(t))
  }

  /** Whether an earlier answer of this conversation already said its model takes no tools. */
  private async toldNoTools(conversationId: string, messageId: string): Promise<boolean> {
    const history = await this.deps.store.listMessages(conversationId)
    return history.some((m) => m.id !== messageId && m.fallback?.reason === 'no_tools')
  }

  /**
   * One round of tool calls: the round's text and its calls become the assistant turn, each call
   * runs (in parallel: the model asked for them together) as a step of the answer, and each
   * result goes back as a `tool` message.
   */
  private async runToolRound(
    calls: AccumulatedToolCall[],
    round: {
      text: string
      signal: AbortSignal
      tag: { streamId: string; conversationId: string; messageId: string }
      messages: ChatMessageParam[]
      steps: ContentPart[]
      /** What this request offered: a call to anything else is refused. */
      offered: ToolSpec[]
      onChange: () => void
    }
  ): Promise<void> {
    const tools = this.deps.tools as ToolRunner
    const { steps, tag } = round
    if (round.text) steps.push({ type: 'text', text: round.text })
    round.messages.push({
      role: 'assistant',
      content: round.text || null,
      tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }))
    })
    const place = (step: ToolStepPart): void => {
      const at = steps.findIndex((p) => p.type === 'tool' && p.callId === step.callId)
      if (at === -1) steps.push(step)
      else steps[at] = step
      this.deps.emit('chat:onEvent', { kind: 'tool', ...tag, step })
      round.onChange()
    }
    const cited = sourcesBefore(steps)
    const finished = await Promise.all(
      calls.map((call) =>
        tools.run(call, {
          signal: round.signal,
          streamId: tag.streamId,
          conversationId: tag.conversationId,
          messageId: tag.messageId,
          offered: new Set(round.offered.map((t) => t.name)),
          onStep: place
        })
      )
    )
    let offset = cited
    for (const done of finished) {
      const step = shiftCitations(done, offset)
      if (step.status === 'done') offset += step.sources?.length ?? 0
      place(step)
      round.messages.push({ role: 'tool', tool_call_id: step.callId, content: step.result ?? '' })
    }
  }

  private async streamOnce(
    client: OpenAI,
    model: string,
    messages: ChatMessageParam[],
    signal: AbortSignal,
    sink: DeltaSink,
    continuing: boolean,
    tools: ToolSpec[],
    /** A tool the model must call first (tool_choice), e.g. read_url for a pasted link. */
    mustCall?: string
  ): Promise<StreamEnd> {
    const stream = await client.chat.completions.create(
      {
        model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(tools.length
          ? {
              tools: tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })),
              tool_choice: mustCall ? { type: 'function' as const, function: { name: mustCall } } : ('auto' as const)
            }
          : {})
      },
      { signal }
    )
    const calls = new ToolCallAccumulator()
    // A lone </think> may turn the text so far into thinking, except in a continuation (its
    // text so far is the cut answer's).
    const parser = new StreamParser({ orphanClose: !continuing })
    const emit = (d: ParsedDelta): void => {
      if (d.movedToReasoning) sink.textWasReasoning()
      if (d.reasoning) sink.reasoning(d.reasoning)
      if (d.text) sink.text(d.text)
    }
    let finishReason: string | undefined
    let usage: TokenUsage | undefined
    for await (const chunk of stream) {
      const choice = chunk.choices?.[0]
      if (choice?.delta) {
        emit(parser.push(choice.delta))
        if (tools.length) calls.push((choice.delta as { tool_calls?: unknown }).tool_calls)
      }
      if (choice?.finish_reason) finishReason = choice.finish_reason
      if (chunk.usage) {
        usage = {
          promptTokens: chunk.usage.prompt_tokens ?? 0,
          completionTokens: chunk.usage.completion_tokens ?? 0,
          totalTokens: chunk.usage.total_tokens ?? 0
        }
      }
    }
    emit(parser.end())
    return { finished: finishReason !== undefined, finishReason, usage, toolCalls: parser.toolCalls, calls: calls.calls(), refused: parser.refused }
  }

  /**
   * After the first exchange, asks the model for a short title. The provisional title (the
   * first words of the question) stays if this fails or the user renamed the conversation.
   */
  private async maybeAutoTitle(conversationId: string, resolved: ResolvedProvider): Promise<void> {
    try {
      const { store } = this.deps
      const conversation = await store.getConversation(conversationId)
      if (!conversation?.titleIsAuto) return
      const messages = await store.listMessages(conversationId)
      const users = messages.filter((m) => m.role === 'user')
      const assistants = messages.filter((m) => m.role === 'assistant' && m.status === 'complete')
      if (users.length !== 1 || assistants.length !== 1) return
      const question = users[0].parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ')
      const answer = assistants[0].parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ')
      const completion = await resolved.client.chat.completions.create(
        {
          model: assistants[0].model ?? resolved.provider.defaultModel,
          max_tokens: 24,
          messages: [
            { role: 'system', content: TITLE_PROMPT },
            { role: 'user', content: titleRequest(question, answer) }
          ]
        },
        { maxRetries: 0, timeout: 15_000 }
      )
      const title = cleanTitle(completion.choices?.[0]?.message?.content ?? '')
      const latest = await store.getConversation(conversationId)
      if (!title || !latest?.titleIsAuto) return
      await store.renameConversation(conversationId, title, { auto: true })
      this.deps.emit('conversations:onChanged', { conversationId })
    } catch (error) {
      this.log('automatic title failed (the provisional title stays)', error)
    }
  }
}
