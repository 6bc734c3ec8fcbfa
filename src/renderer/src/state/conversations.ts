/**
 * The conversation list, the open conversation and search. Main stores them: every read merges
 * the live text of streams still running, and a re-read that would drop a send's placeholders
 * waits until main has started its stream.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { Conversation, SearchHit } from '../../../shared/domain'
import { errorFromUnknown } from '../logic/errors'
import { byRecent, type AppStore } from './appState'
import { mergeLive, toViewMessage } from './messages'
import type { Streams } from './streams'

export class Conversations {
  private openSeq = 0
  private listSeq = 0
  private searchSeq = 0
  private refetchTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore,
    private readonly streams: Streams,
    /** How long to wait before re-reading a conversation that changed elsewhere. */
    private readonly refetchDelayMs: number
  ) {}

  async refresh(): Promise<void> {
    const seq = ++this.listSeq
    try {
      const list = (await this.api.conversations.list({})).conversations
      if (seq !== this.listSeq) return
      // Main never lists a temporary chat: the one open here stays known (its title, its tools).
      const { conversations, temporaryId } = this.store.get()
      const kept = conversations.filter((c) => c.id === temporaryId && !list.some((x) => x.id === c.id))
      this.store.set({ conversations: [...list, ...kept].sort(byRecent) })
    } catch {
      /* the list stays as it was */
    }
  }

  newChat(): void {
    this.leaveTemporary(null)
    this.openSeq++
    this.store.set((s) => ({
      activeId: null,
      messages: [],
      conversationLoading: false,
      selection: null,
      pendingToolsOff: [],
      pendingTemporary: false,
      pendingAssistantId: s.defaultAssistantId,
      highlight: null,
      chatError: null,
      settingsOpen: false,
      assistantsOpen: false,
      composerFocusTick: s.composerFocusTick + 1
    }))
  }

  async open(id: string, highlightMessageId?: string): Promise<void> {
    this.leaveTemporary(id)
    const seq = ++this.openSeq
    const s = this.store.get()
    const same = s.activeId === id
    this.store.set({
      activeId: id,
      pendingTemporary: false,
      pendingAssistantId: null,
      assistantsOpen: false,
      messages: same ? s.messages : [],
      conversationLoading: !same || s.messages.length === 0,
      selection: same ? s.selection : null,
      chatError: null,
      settingsOpen: false,
      highlight: highlightMessageId ? { messageId: highlightMessageId, tick: (s.highlight?.tick ?? 0) + 1 } : null
    })
    try {
      const res = await this.api.conversations.get({ id })
      if (seq !== this.openSeq) return
      this.store.set({
        messages: mergeLive(res.messages.map(toViewMessage), this.streams.live),
        conversationLoading: false,
        conversations: this.upsert(res.conversation)
      })
    } catch (error) {
      if (seq !== this.openSeq) return
      this.store.set({ conversationLoading: false, chatError: errorFromUnknown(error) })
    }
  }

  /** Re-reads the open conversation from main (the stored truth), keeping live streaming text. */
  async reloadActive(): Promise<void> {
    const id = this.store.get().activeId
    if (!id || this.streams.starting) return
    const seq = ++this.openSeq
    try {
      const res = await this.api.conversations.get({ id })
      if (seq !== this.openSeq || this.store.get().activeId !== id || this.streams.starting) return
      this.store.set({
        messages: mergeLive(res.messages.map(toViewMessage), this.streams.live),
        conversationLoading: false,
        conversations: this.upsert(res.conversation)
      })
    } catch {
      if (seq === this.openSeq) this.store.set({ conversationLoading: false })
    }
  }

  /** Re-reads the open conversation if it is this one. */
  reloadIfActive(conversationId: string): void {
    if (conversationId === this.store.get().activeId) void this.reloadActive()
  }

  /** Changed elsewhere (another window, or main finishing a title). */
  onChanged(conversationId: string | undefined): void {
    void this.refresh()
    // Re-read the open one, unless our own stream events are already keeping it current.
    if (conversationId && conversationId === this.store.get().activeId && !this.streams.active()) this.scheduleReload()
  }

  /** One re-read of the open conversation after a short wait, however many ask for it meanwhile. */
  scheduleReload(): void {
    if (this.refetchTimer) return
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null
      void this.reloadActive()
    }, this.refetchDelayMs)
  }

  stop(): void {
    if (this.refetchTimer) clearTimeout(this.refetchTimer)
    this.refetchTimer = null
  }

  async rename(id: string, title: string): Promise<void> {
    const trimmed = title.trim()
    if (!trimmed) return
    try {
      const c = await this.api.conversations.rename({ id, title: trimmed.slice(0, 200) })
      this.store.set({ conversations: this.upsert(c) })
    } catch {
      void this.refresh()
    }
  }

  async remove(id: string): Promise<void> {
    await this.api.conversations.remove({ id })
    this.store.set((s) => ({ conversations: s.conversations.filter((c) => c.id !== id), temporaryId: s.temporaryId === id ? null : s.temporaryId }))
    if (this.store.get().activeId === id) this.newChat()
  }

  /** The new chat's "Temporary chat" switch (its first message creates the conversation). */
  setPendingTemporary(on: boolean): void {
    if (this.store.get().activeId) return
    this.store.set({ pendingTemporary: on })
  }

  /**
   * A temporary chat is deleted as soon as the user leaves it (`next`: where they go; null for a
   * new chat): main never lists it, so nothing would lead back to it.
   */
  private leaveTemporary(next: string | null): void {
    const id = this.store.get().temporaryId
    if (id && id !== next) this.discardTemporary(id)
  }

  /** Deletes a temporary conversation (also one the user left before its first answer started). */
  discardTemporary(id: string): void {
    this.store.set((s) => ({ conversations: s.conversations.filter((c) => c.id !== id), temporaryId: s.temporaryId === id ? null : s.temporaryId }))
    void this.api.conversations.remove({ id }).catch(() => undefined)
  }

  async search(query: string): Promise<void> {
    const seq = ++this.searchSeq
    const q = query.trim()
    if (!q) {
      this.store.set({ search: { query: '', hits: [], loading: false } })
      return
    }
    this.store.set((s) => ({ search: { query, hits: s.search.hits, loading: true } }))
    try {
      const { hits } = await this.api.conversations.search({ query: q })
      if (seq !== this.searchSeq) return
      this.store.set({ search: { query, hits, loading: false } })
    } catch {
      if (seq !== this.searchSeq) return
      this.store.set({ search: { query, hits: [], loading: false } })
    }
  }

  openSearchHit(hit: SearchHit): Promise<void> {
    return this.open(hit.conversationId, hit.messageId)
  }

  /** The list with this conversation's latest in place (the same array when nothing changed). */
  upsert(c: Conversation): Conversation[] {
    const list = this.store.get().conversations
    const i = list.findIndex((x) => x.id === c.id)
    if (i === -1) return [c, ...list].sort(byRecent)
    const old = list[i]
    if (old.title === c.title && old.updatedAt === c.updatedAt && old.model === c.model && old.providerId === c.providerId && old.assistantId === c.assistantId) {
      return list
    }
    const next = list.slice()
    next[i] = c
    return next.sort(byRecent)
  }
}
