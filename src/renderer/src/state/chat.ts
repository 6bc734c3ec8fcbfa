/**
 * What the user asks: send, regenerate, edit-and-resend, stop, and the model for the next message.
 * Each shows its result at once (the user's message and an empty answer) and gives the
 * placeholders their real ids when main starts the stream; if main refuses, the view goes back to
 * what it was and the error is shown, nothing the user typed is lost (the composer keeps it).
 */
import type { OmnideskApi, StreamStarted } from '../../../shared/ipc/contract'
import type { AvailableTool } from '../../../shared/tools/schemas'
import type { FilePart } from '../../../shared/domain'
import { errorFromUnknown } from '../logic/errors'
import type { ModelChoice } from '../logic/models'
import type { AppStore } from './appState'
import type { Conversations } from './conversations'
import { lastIndexOfRole, type ViewMessage } from './messages'
import type { Streams } from './streams'

export class Chat {
  private localSeq = 0

  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore,
    private readonly streams: Streams,
    private readonly conversations: Conversations
  ) {}

  /**
   * Sends a message in the open conversation (or a new one). Shows it at once, with an empty
   * answer that the stream fills. Resolves false when main refused to start (the error is shown).
   * `files`: the documents and data files among `attachmentIds`, so the message shows them as
   * files before main confirms (without it every id is taken for an image).
   */
  async send(text: string, attachmentIds?: string[], files?: FilePart[]): Promise<boolean> {
    if (!text.trim() && !attachmentIds?.length) return false
    const origin = this.store.get().activeId
    // Only a new chat can become temporary (its first message creates it that way).
    const temporary = !origin && this.store.get().pendingTemporary
    // Likewise the assistant ("Chat" on its card): the conversation keeps it from then on.
    const assistantId = origin ? null : this.store.get().pendingAssistantId
    const uid = this.localId('user')
    const aid = this.localId('assistant')
    const now = Date.now()
    const base = { conversationId: origin ?? '', images: 0, createdAt: now, local: true }
    const fileIds = new Set(files?.map((f) => f.attachmentId))
    const imageIds = (attachmentIds ?? []).filter((id) => !fileIds.has(id))
    const user: ViewMessage = { ...base, id: uid, role: 'user', text, status: 'complete', images: imageIds.length }
    if (imageIds.length) user.imageIds = imageIds
    if (files?.length) user.files = files
    this.store.set((s) => ({
      messages: [...s.messages, user, { ...base, id: aid, role: 'assistant', text: '', status: 'streaming' }],
      chatError: null,
      highlight: null
    }))
    let started: StreamStarted
    try {
      started = await this.streams.whileStarting(() =>
        this.api.chat.send({
          ...(origin ? { conversationId: origin } : {}),
          text,
          ...(attachmentIds?.length ? { attachmentIds } : {}),
          ...(!origin && this.store.get().pendingToolsOff.length ? { toolsOff: this.store.get().pendingToolsOff } : {}),
          ...(temporary ? { temporary: true } : {}),
          ...(assistantId ? { assistantId } : {}),
          ...this.choiceForRequest()
        })
      )
    } catch (error) {
      if (this.store.get().activeId === origin) {
        this.store.set((s) => ({
          messages: s.messages.filter((m) => m.id !== uid && m.id !== aid),
          chatError: errorFromUnknown(error)
        }))
      }
      return false
    }
    if (temporary) {
      // Still on the new chat: this window is in the temporary conversation now (deleted when
      // left). Gone elsewhere meanwhile: it was left already, so it goes now.
      if (this.store.get().activeId === origin) this.store.set({ temporaryId: started.conversationId })
      else this.conversations.discardTemporary(started.conversationId)
    }
    this.adopt(started, origin, { [uid]: started.userMessageId, [aid]: started.assistantMessageId })
    if (!origin) void this.conversations.refresh()
    return true
  }

  /** Answers the last user message again ("Regenerate", and "Retry" after an error). */
  async regenerate(): Promise<void> {
    await this.answerLastAgain((conversationId) => this.api.chat.regenerate({ conversationId, ...this.choiceForRequest() }))
  }

  /** Replaces the last user message's text, drops what followed, and answers it. */
  async editAndResend(messageId: string, text: string): Promise<void> {
    const { activeId: origin, messages: previous } = this.store.get()
    if (!origin || !text.trim() || this.streams.active()) return
    const i = previous.findIndex((m) => m.id === messageId)
    if (i === -1) return
    const aid = this.localId('assistant')
    this.store.set({
      messages: [...previous.slice(0, i), { ...previous[i], text }, this.placeholder(aid, origin)],
      chatError: null
    })
    await this.startFrom(origin, aid, previous, () =>
      this.api.chat.editAndResend({ conversationId: origin, messageId, text })
    )
  }

  /** Continues the last answer, cut by the output limit, in place (its text stays; more is appended). */
  async continueAnswer(messageId: string): Promise<void> {
    const { activeId: origin, messages: previous } = this.store.get()
    if (!origin || this.streams.active()) return
    const i = previous.findIndex((m) => m.id === messageId)
    if (i === -1 || i !== previous.length - 1) return
    const next = previous.slice()
    const continuing: ViewMessage = { ...previous[i], status: 'streaming' }
    delete continuing.finish
    next[i] = continuing
    this.store.set({ messages: next, chatError: null })
    let started: StreamStarted
    try {
      started = await this.streams.whileStarting(() => this.api.chat.continue({ conversationId: origin, messageId }))
    } catch (error) {
      if (this.store.get().activeId === origin) this.store.set({ messages: previous, chatError: errorFromUnknown(error) })
      return
    }
    this.adopt(started, origin, {})
  }

  /**
   * After a context-length error: answers again without the oldest turns (main chooses how many;
   * they stay in the conversation, dimmed, and the list shows where what is sent starts).
   */
  async retryWithoutOldest(): Promise<void> {
    await this.answerLastAgain((conversationId) => this.api.chat.retryWithoutOldest({ conversationId }))
  }

  /** Shows a new, empty answer to the last question in place of what followed it, and starts it. */
  private async answerLastAgain(start: (conversationId: string) => Promise<StreamStarted>): Promise<void> {
    const { activeId: origin, messages: previous } = this.store.get()
    if (!origin || this.streams.active()) return
    const lastUser = lastIndexOfRole(previous, 'user')
    if (lastUser === -1) return
    const aid = this.localId('assistant')
    this.store.set({ messages: [...previous.slice(0, lastUser + 1), this.placeholder(aid, origin)], chatError: null })
    await this.startFrom(origin, aid, previous, () => start(origin))
  }

  /**
   * After a context-length error: the model summarises this conversation and a new chat, opened
   * here, answers the last question with that summary. Resolves when the new chat is shown (the
   * summary takes a model's answer: the caller shows that it is working).
   */
  async newChatWithSummary(): Promise<void> {
    const origin = this.store.get().activeId
    if (!origin || this.streams.active()) return
    this.store.set({ chatError: null })
    let started: StreamStarted
    try {
      started = await this.streams.whileStarting(() => this.api.chat.newChatWithSummary({ conversationId: origin }))
    } catch (error) {
      if (this.store.get().activeId === origin) this.store.set({ chatError: errorFromUnknown(error) })
      return
    }
    void this.conversations.refresh()
    if (this.store.get().activeId === origin) await this.conversations.open(started.conversationId)
  }

  /** Sends the whole open conversation to the model again (undoes retryWithoutOldest). */
  async includeAllTurns(): Promise<void> {
    const origin = this.store.get().activeId
    if (!origin) return
    try {
      await this.api.conversations.includeAllTurns({ conversationId: origin })
    } catch (error) {
      this.store.set({ chatError: errorFromUnknown(error) })
      return
    }
    await this.conversations.refresh()
  }

  /** Every tool the model can be offered now (the composer's tools menu). */
  async availableTools(): Promise<AvailableTool[]> {
    try {
      return await this.api.tools.available()
    } catch {
      return []
    }
  }

  /** The tools the open conversation (or the new chat) does not offer: stored with the conversation, or kept for the new chat's first message. */
  async setToolsOff(names: string[]): Promise<void> {
    const origin = this.store.get().activeId
    if (!origin) {
      this.store.set({ pendingToolsOff: names })
      return
    }
    const before = this.store.get().conversations
    this.store.set({ conversations: before.map((c) => (c.id === origin ? { ...c, toolsOff: names } : c)) })
    try {
      const updated = await this.api.conversations.setToolsOff({ id: origin, toolsOff: names })
      this.store.set((s) => ({ conversations: s.conversations.map((c) => (c.id === updated.id ? updated : c)) }))
    } catch (error) {
      this.store.set({ conversations: before, chatError: errorFromUnknown(error) })
    }
  }

  /** The user's answer to a tool step awaiting approval. */
  async approveTool(approvalId: string, decision: 'once' | 'always' | 'deny'): Promise<void> {
    try {
      await this.api.chat.approveTool({ approvalId, decision })
    } catch (error) {
      this.store.set({ chatError: errorFromUnknown(error) })
    }
  }

  /** Stops every stream answering in the open conversation. */
  async stop(): Promise<void> {
    const mine = this.streams.activeAll()
    await Promise.all(mine.map((st) => this.api.chat.stop({ streamId: st.streamId }).catch(() => undefined)))
  }

  selectModel(choice: ModelChoice | null): void {
    this.store.set({ selection: choice })
  }

  dismissError(): void {
    this.store.set({ chatError: null })
  }

  private async startFrom(
    origin: string,
    placeholderId: string,
    previous: ViewMessage[],
    start: () => Promise<StreamStarted>
  ): Promise<void> {
    let started: StreamStarted
    try {
      started = await this.streams.whileStarting(start)
    } catch (error) {
      if (this.store.get().activeId === origin) this.store.set({ messages: previous, chatError: errorFromUnknown(error) })
      return
    }
    this.adopt(started, origin, { [placeholderId]: started.assistantMessageId })
  }

  /** Main accepted: the placeholders take their real ids, then the stored truth is read. */
  private adopt(started: StreamStarted, origin: string | null, ids: Record<string, string>): void {
    if (this.streams.adopt(started, origin, ids)) void this.conversations.reloadActive()
  }

  private placeholder(id: string, conversationId: string): ViewMessage {
    return { id, conversationId, role: 'assistant', text: '', images: 0, status: 'streaming', createdAt: Date.now(), local: true }
  }

  private choiceForRequest(): { providerId?: string; model?: string } {
    const sel = this.store.get().selection
    return sel ? { providerId: sel.providerId, model: sel.model } : {}
  }

  private localId(kind: string): string {
    return `local-${kind}-${++this.localSeq}`
  }
}
