/**
 * Assistants (main keeps them, src/main/assistants): the user's list, the panel that shows it,
 * and the assistant a new chat talks to until its first message creates the conversation. The list
 * lives in the app state (not only in the panel): the chat header and the new chat's starters
 * read it too. Every change answers with the error to show, never an exception.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { errorFromUnknown } from '../logic/errors'
import type { AppStore } from './appState'
import type { Conversations } from './conversations'

export type Assistant = Awaited<ReturnType<OmnideskApi['assistants']['list']>>[number]
/** What the editor saves: no dates; no id creates a new one. */
export type AssistantSaveRequest = Parameters<OmnideskApi['assistants']['save']>[0]
export type KnowledgeStatus = Awaited<ReturnType<OmnideskApi['assistants']['knowledgeStatus']>>[number]
export type AssistantFile = Awaited<ReturnType<OmnideskApi['assistants']['exportFile']>>
/** A knowledge file an imported assistant came without (it could not be read), and why. */
export type UnreadableKnowledge = Awaited<ReturnType<OmnideskApi['assistants']['importFile']>>['unreadable'][number]

export class Assistants {
  private listSeq = 0

  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore,
    private readonly conversations: Conversations
  ) {}

  /**
   * Follows main's list and reads it once; returns the unsubscribe. Both windows start it: the
   * main window's panel shows it, and both show a chat's assistant and offer `@name`.
   */
  start(): () => void {
    let off: () => void = () => undefined
    try {
      off = this.api.assistants.onChanged((list) => {
        // A list read before this event would be older: it must not land after it.
        this.listSeq++
        this.store.set((s) => ({
          assistants: list,
          // Deleted elsewhere: the new chat waiting for it would be refused at its first message.
          pendingAssistantId: s.pendingAssistantId && list.some((a) => a.id === s.pendingAssistantId) ? s.pendingAssistantId : null,
          defaultAssistantId: s.defaultAssistantId && list.some((a) => a.id === s.defaultAssistantId) ? s.defaultAssistantId : null
        }))
      })
    } catch {
      // No bridge: the app shows its own failure; the panel stays empty.
    }
    void this.load()
    return off
  }

  async load(): Promise<void> {
    const seq = ++this.listSeq
    try {
      const assistants = await this.api.assistants.list()
      if (seq === this.listSeq) this.store.set({ assistants })
    } catch {
      /* the list stays as it was */
    }
  }

  open(): void {
    this.store.set({ assistantsOpen: true, settingsOpen: false })
  }

  close(): void {
    this.store.set((s) => ({ assistantsOpen: false, composerFocusTick: s.composerFocusTick + 1 }))
  }

  /** Creates (no id) or replaces an assistant; main's refusal comes back to show beside the form. */
  async save(request: AssistantSaveRequest): Promise<{ assistant: Assistant } | { error: ErrorInfo }> {
    return this.change(() => this.api.assistants.save(request))
  }

  async remove(id: string): Promise<ErrorInfo | null> {
    try {
      await this.api.assistants.remove({ id })
    } catch (error) {
      return errorFromUnknown(error)
    }
    this.store.set((s) => ({
      assistants: s.assistants.filter((a) => a.id !== id),
      // The new chat waiting for it would be refused at its first message.
      pendingAssistantId: s.pendingAssistantId === id ? null : s.pendingAssistantId
    }))
    return null
  }

  duplicate(id: string): Promise<{ assistant: Assistant } | { error: ErrorInfo }> {
    return this.change(() => this.api.assistants.duplicate({ id }))
  }

  addFromLibrary(builtinId: string, language: 'en' | 'zh-CN'): Promise<{ assistant: Assistant } | { error: ErrorInfo }> {
    return this.change(() => this.api.assistants.addFromLibrary({ builtinId, language }))
  }

  /**
   * A file made by exportFile; main says why when it refuses one (not JSON, a newer version…).
   * Knowledge files it could not read are left out and named in `unreadable`.
   */
  async importFile(json: string): Promise<{ assistant: Assistant; unreadable: UnreadableKnowledge[] } | { error: ErrorInfo }> {
    let unreadable: UnreadableKnowledge[] = []
    const result = await this.change(async () => {
      const imported = await this.api.assistants.importFile({ json })
      unreadable = imported.unreadable
      return imported.assistant
    })
    return 'error' in result ? result : { ...result, unreadable }
  }

  async exportFile(id: string): Promise<AssistantFile | { error: ErrorInfo }> {
    try {
      return await this.api.assistants.exportFile({ id })
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  /** Where each knowledge file's indexing stands (empty when main cannot say: the list shows no state). */
  async knowledgeStatus(id: string): Promise<KnowledgeStatus[]> {
    try {
      return await this.api.assistants.knowledgeStatus({ id })
    } catch {
      return []
    }
  }

  /** The upload channels knowledge files go through: the same as the composer's files. */
  get uploads(): OmnideskApi['attachments'] {
    return this.api.attachments
  }

  /**
   * A new chat with this assistant: its emoji and name in the header, its starters on the empty
   * chat, and its first message creates the conversation with it. Its own provider and model, if
   * it has them, show in the picker (main answers with them anyway).
   */
  startChat(id: string): void {
    const assistant = this.store.get().assistants.find((a) => a.id === id)
    if (!assistant) return
    this.conversations.newChat()
    const { providers } = this.store.get()
    const provider = assistant.providerId ? providers.find((p) => p.id === assistant.providerId) : undefined
    this.store.set({
      pendingAssistantId: id,
      assistantsOpen: false,
      selection: provider ? { providerId: provider.id, model: assistant.model ?? provider.defaultModel } : null
    })
  }

  /**
   * `@name` in the composer (null: no assistant). A new chat talks to it from its first message;
   * an open conversation from its next one (main keeps the choice with the conversation).
   */
  async choose(id: string | null): Promise<void> {
    const s = this.store.get()
    if (id !== null && !s.assistants.some((a) => a.id === id)) return
    const origin = s.activeId
    if (!origin) {
      this.store.set({ pendingAssistantId: id, composerFocusTick: s.composerFocusTick + 1 })
      return
    }
    const before = s.conversations
    this.store.set({
      conversations: before.map((c) => (c.id === origin ? { ...c, assistantId: id ?? undefined } : c)),
      composerFocusTick: s.composerFocusTick + 1
    })
    try {
      const updated = await this.api.conversations.setAssistant({ id: origin, assistantId: id })
      this.store.set((now) => ({ conversations: now.conversations.map((c) => (c.id === updated.id ? updated : c)) }))
    } catch (error) {
      this.store.set({ conversations: before, chatError: errorFromUnknown(error) })
    }
  }

  /**
   * The assistant new chats start with (the companion's setting). The new chat on screen follows
   * the change unless the user already picked another one for it.
   */
  setDefault(id: string | null): void {
    this.store.set((s) => {
      const known = id !== null && s.assistants.some((a) => a.id === id) ? id : null
      if (known === s.defaultAssistantId) return {}
      const untouched = s.activeId === null && s.messages.length === 0 && s.pendingAssistantId === s.defaultAssistantId
      return { defaultAssistantId: known, ...(untouched ? { pendingAssistantId: known } : {}) }
    })
  }

  /** Runs a change and puts its result in the list at once (main's onChanged follows with the same). */
  private async change(run: () => Promise<Assistant>): Promise<{ assistant: Assistant } | { error: ErrorInfo }> {
    let assistant: Assistant
    try {
      assistant = await run()
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
    // Main lists the most recently changed first.
    this.listSeq++
    this.store.set((s) => ({ assistants: [assistant, ...s.assistants.filter((a) => a.id !== assistant.id)] }))
    return { assistant }
  }
}
