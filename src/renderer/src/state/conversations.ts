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

/** Conversations in the first page of the sidebar (a few screenfuls), and in each page after. */
const FIRST_PAGE = 100
const NEXT_PAGE = 200
/** A refresh re-reads at most this many (the rest is read again as the list is scrolled). */
const MAX_REFRESH = 1000

export class Conversations {
  private openSeq = 0
  private listSeq = 0
  private moreSeq = 0
  private loadingMore = false
  private searchSeq = 0
  /** The search typed while one was being answered: only the latest is asked next. */
  private queuedSearch: string | null = null
  private searchInFlight = false
  private refetchTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore,
    private readonly streams: Streams,
    /** How long to wait before re-reading a conversation that changed elsewhere. */
    private readonly refetchDelayMs: number
  ) {}

  /** The first page (at start). */
  async load(): Promise<Conversation[]> {
    const page = await this.api.conversations.list({ limit: FIRST_PAGE })
    const sorted = [...page.conversations].sort(byRecent)
    this.store.set({ conversations: sorted, conversationsNext: page.next })
    return sorted
  }

  /**
   * Re-reads the pages read so far (something changed: a title, the order, a new or removed
   * conversation), as one page of that many.
   */
  async refresh(): Promise<void> {
    const seq = ++this.listSeq
    this.moreSeq++
    try {
      const { conversations: current, conversationsNext } = this.store.get()
      const read = conversationsNext === null ? MAX_REFRESH : Math.min(MAX_REFRESH, Math.max(FIRST_PAGE, current.length))
      const page = await this.api.conversations.list({ limit: read })
      if (seq !== this.listSeq) return
      // Main never lists a temporary chat: the one open here stays known (its title, its tools);
      // nor the open conversation when it is older than the pages read (opened from a search).
      const { conversations, temporaryId, activeId } = this.store.get()
      const list = page.conversations
      const kept = conversations.filter((c) => (c.id === temporaryId || c.id === activeId) && !list.some((x) => x.id === c.id))
      this.store.set({ conversations: [...list, ...kept].sort(byRecent), conversationsNext: page.next })
    } catch {
      /* the list stays as it was */
    }
  }

  /** The next page of the history (the sidebar was scrolled to its end). */
  async loadMore(): Promise<void> {
    const after = this.store.get().conversationsNext
    if (after === null || this.loadingMore) return
    const seq = ++this.moreSeq
    this.loadingMore = true
    try {
      const page = await this.api.conversations.list({ after, limit: NEXT_PAGE })
      if (seq !== this.moreSeq) return
      const { conversations } = this.store.get()
      const known = new Set(conversations.map((c) => c.id))
      const added = page.conversations.filter((c) => !known.has(c.id))
      this.store.set({ conversations: [...conversations, ...added].sort(byRecent), conversationsNext: page.next })
    } catch {
      /* the end of the list stays where it was; scrolling there again asks again */
    } finally {
      this.loadingMore = false
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

  /**
   * The first page of hits for what is typed, asked at once (main answers a page in tens of
   * milliseconds however common the word): while one is being answered, what is typed meanwhile
   * waits, and only the latest is asked next, so fast typing never queues searches up.
   */
  async search(query: string): Promise<void> {
    const seq = ++this.searchSeq
    const q = query.trim()
    if (!q) {
      this.queuedSearch = null
      this.store.set({ search: { query: '', hits: [], loading: false, next: null, loadingMore: false } })
      return
    }
    this.store.set((s) => ({ search: { ...s.search, query, loading: true } }))
    if (this.searchInFlight) {
      this.queuedSearch = query
      return
    }
    this.searchInFlight = true
    try {
      const page = await this.api.conversations.search({ query: q })
      if (seq === this.searchSeq) this.store.set({ search: { query, hits: page.hits, loading: false, next: page.next, loadingMore: false } })
    } catch {
      if (seq === this.searchSeq) this.store.set({ search: { query, hits: [], loading: false, next: null, loadingMore: false } })
    } finally {
      this.searchInFlight = false
    }
    const queued = this.queuedSearch
    this.queuedSearch = null
    if (queued !== null && seq !== this.searchSeq) await this.search(queued)
  }

  /** The next page of hits (the results were scrolled to their end). */
  async searchMore(): Promise<void> {
    const { search } = this.store.get()
    if (search.next === null || search.loading || search.loadingMore) return
    const seq = this.searchSeq
    this.store.set({ search: { ...search, loadingMore: true } })
    try {
      const page = await this.api.conversations.search({ query: search.query.trim(), after: search.next })
      if (seq !== this.searchSeq) return
      // Main lists a conversation once per search; should it forget (a restart), this still does.
      const listed = new Set(search.hits.map((h) => h.conversationId))
      const hits = [...search.hits, ...page.hits.filter((h) => !listed.has(h.conversationId))]
      this.store.set({ search: { ...this.store.get().search, hits, next: page.next, loadingMore: false } })
    } catch {
      if (seq === this.searchSeq) this.store.set({ search: { ...this.store.get().search, loadingMore: false } })
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
