/**
 * The renderer's state and everything that changes it. All truth lives in main: this keeps a
 * view of it (settings, providers, the conversation list, the open conversation) and overlays
 * the answer being streamed. No DOM and no `window` here: the API and the frame scheduler are
 * passed in, so the whole flow runs under vitest with a fake API.
 */
import type {
  AppCommand,
  AppInfo,
  ChatEvent,
  OmnideskApi,
  StreamStarted
} from '../../../shared/ipc/contract'
import type { Conversation, SearchHit } from '../../../shared/domain'
import type { ErrorInfo } from '../../../shared/errors'
import type { ProviderDraft, ProviderView, Settings, SettingsPatch } from '../../../shared/settings'
import { errorFromUnknown } from '../logic/errors'
import { defaultProvider, type ModelChoice } from '../logic/models'

/** What the provider form shows after Test connection. */
export type ConnectionTestOutcome = { ok: true; models: string[] } | { ok: false; error: ErrorInfo }
/** What the provider form shows after Save. */
export type SaveProviderOutcome = { ok: true; provider: ProviderView } | { ok: false; error: ErrorInfo }
import { applySettingsPatch } from '../logic/settingsPatch'
import { DeltaBatcher, type Scheduler } from './deltaBatcher'
import { applyLive, lastIndexOfRole, mergeLive, toViewMessage, type LiveEntry, type ViewMessage } from './messages'
import { createStore, type Store } from './store'

export interface StreamInfo {
  streamId: string
  conversationId: string
  messageId: string
}

export interface SearchState {
  query: string
  hits: SearchHit[]
  loading: boolean
}

export interface AppState {
  phase: 'loading' | 'ready' | 'failed'
  loadError: string | null
  info: AppInfo | null
  settings: Settings | null
  providers: ProviderView[]
  /** What each saved provider lists (filled lazily; empty when it cannot list). */
  providerModels: Record<string, string[]>
  /** Most recent first. */
  conversations: Conversation[]
  /** The open conversation; null for a new chat not sent yet. */
  activeId: string | null
  messages: ViewMessage[]
  conversationLoading: boolean
  /** Streams we know of (from an invoke's answer or from their events), by stream id. */
  streams: Record<string, StreamInfo>
  /** The model picked in the picker for the next message (null: the conversation's / default). */
  selection: ModelChoice | null
  /** A message to scroll to and flash (search hit); tick makes a repeat click flash again. */
  highlight: { messageId: string; tick: number } | null
  settingsOpen: boolean
  /** A send / regenerate / edit that main refused before any stream started. */
  chatError: ErrorInfo | null
  search: SearchState
  noticesDismissed: boolean
  composerFocusTick: number
  systemDark: boolean
}

export function initialState(): AppState {
  return {
    phase: 'loading',
    loadError: null,
    info: null,
    settings: null,
    providers: [],
    providerModels: {},
    conversations: [],
    activeId: null,
    messages: [],
    conversationLoading: false,
    streams: {},
    selection: null,
    highlight: null,
    settingsOpen: false,
    chatError: null,
    search: { query: '', hits: [], loading: false },
    noticesDismissed: false,
    composerFocusTick: 0,
    systemDark: false
  }
}

export interface ControllerDeps {
  api: OmnideskApi
  /** Paces delta flushes: one state update per stream frame (pacedScheduler in the app). */
  schedule: Scheduler
  /** How long to wait before re-reading a conversation that changed elsewhere. */
  refetchDelayMs?: number
}

const byRecent = (a: Conversation, b: Conversation): number => b.updatedAt - a.updatedAt

export class AppController {
  readonly store: Store<AppState>
  private readonly api: OmnideskApi
  private readonly live = new Map<string, LiveEntry>()
  private readonly finishedStreams = new Set<string>()
  private readonly batcher: DeltaBatcher
  private readonly refetchDelayMs: number
  private loadSeq = 0
  private listSeq = 0
  private searchSeq = 0
  private localSeq = 0
  /** Sends whose StreamStarted has not come back yet: reloads would drop their placeholders. */
  private pendingStarts = 0
  private refetchTimer: ReturnType<typeof setTimeout> | null = null
  private unsubscribers: Array<() => void> = []

  constructor(deps: ControllerDeps) {
    this.api = deps.api
    this.refetchDelayMs = deps.refetchDelayMs ?? 400
    this.store = createStore(initialState())
    this.batcher = new DeltaBatcher(deps.schedule, (chunks) => this.applyChunks(chunks))
  }

  private get s(): AppState {
    return this.store.get()
  }

  // ---------------------------------------------------------------- start-up and events

  /** Subscribes to main's events (once) and loads everything. */
  async start(): Promise<void> {
    if (this.unsubscribers.length === 0) {
      try {
        this.unsubscribers = [
          this.api.chat.onEvent((ev) => this.onChatEvent(ev)),
          this.api.conversations.onChanged((p) => this.onConversationsChanged(p.conversationId)),
          this.api.providers.onChanged((list) => this.onProvidersChanged(list)),
          this.api.settings.onChanged((settings) => this.store.set({ settings })),
          this.api.app.onCommand((p) => this.onCommand(p.command))
        ]
      } catch (error) {
        // No bridge (opened outside the app): say so rather than show a blank window.
        this.store.set({ phase: 'failed', loadError: errorFromUnknown(error).detail ?? String(error) })
        return
      }
    }
    await this.load()
  }

  stop(): void {
    for (const u of this.unsubscribers) u()
    this.unsubscribers = []
    if (this.refetchTimer) clearTimeout(this.refetchTimer)
  }

  private async load(): Promise<void> {
    this.store.set({ phase: 'loading', loadError: null })
    try {
      const [info, settings, providers, conversations] = await Promise.all([
        this.api.app.info(),
        this.api.settings.get(),
        this.api.providers.list(),
        this.api.conversations.list()
      ])
      const sorted = [...conversations].sort(byRecent)
      const recent = sorted[0]
      this.store.set({
        info,
        settings,
        providers,
        conversations: sorted,
        systemDark: info.systemDark || this.s.systemDark,
        activeId: recent?.id ?? null,
        conversationLoading: !!recent,
        phase: 'ready'
      })
      // Only the provider new chats use: the others are asked when the picker opens.
      const first = defaultProvider(providers, settings)
      if (first) void this.loadModels(first.id)
      if (recent) await this.openConversation(recent.id)
    } catch (error) {
      this.store.set({ phase: 'failed', loadError: errorFromUnknown(error).detail ?? String(error) })
    }
  }

  retryLoad(): Promise<void> {
    return this.load()
  }

  onCommand(command: AppCommand): void {
    if (command === 'new-chat') this.newChat()
    else if (command === 'open-settings') this.openSettings()
    else if (command === 'focus-composer') this.focusComposer()
  }

  private onProvidersChanged(providers: ProviderView[]): void {
    const known = new Set(this.s.providers.map((p) => p.id))
    this.store.set({ providers })
    for (const p of providers) if (!known.has(p.id)) void this.loadModels(p.id)
  }

  private onConversationsChanged(conversationId: string | undefined): void {
    void this.refreshConversations()
    // Changed elsewhere (another window, or main finishing a title): re-read it, unless our own
    // stream events are already keeping it current.
    if (conversationId && conversationId === this.s.activeId && !this.activeStream()) this.scheduleRefetch()
  }

  // ---------------------------------------------------------------- streaming

  onChatEvent(ev: ChatEvent): void {
    switch (ev.kind) {
      case 'started': {
        this.batcher.flush()
        this.live.set(ev.messageId, {
          conversationId: ev.conversationId,
          streamId: ev.streamId,
          text: '',
          fromStart: true,
          model: ev.model
        })
        this.trackStream(ev)
        this.patchMessage(ev.messageId, (m) => ({ ...m, text: '', model: ev.model, status: 'streaming' }))
        break
      }
      case 'delta': {
        if (!this.live.has(ev.messageId)) {
          // We subscribed mid-stream (page reloaded): the tail alone is not the answer.
          this.live.set(ev.messageId, { conversationId: ev.conversationId, streamId: ev.streamId, text: '', fromStart: false })
        }
        this.trackStream(ev)
        this.batcher.push(ev.messageId, ev.text)
        break
      }
      case 'fallback': {
        this.batcher.flush()
        const e = this.live.get(ev.messageId)
        if (e) {
          e.model = ev.model
          e.fallback = ev.fallback
        } else {
          this.live.set(ev.messageId, {
            conversationId: ev.conversationId,
            streamId: ev.streamId,
            text: '',
            fromStart: false,
            model: ev.model,
            fallback: ev.fallback
          })
        }
        this.trackStream(ev)
        this.patchMessage(ev.messageId, (m) => ({ ...m, model: ev.model, fallback: ev.fallback }))
        break
      }
      case 'done': {
        this.batcher.flush()
        this.finishedStreams.add(ev.streamId)
        const e = this.live.get(ev.messageId)
        this.live.delete(ev.messageId)
        if (this.s.streams[ev.streamId]) {
          const streams = { ...this.s.streams }
          delete streams[ev.streamId]
          this.store.set({ streams })
        }
        this.patchMessage(ev.messageId, (m) => {
          const text = e && e.fromStart && e.text.length >= m.text.length ? e.text : m.text
          const next: ViewMessage = { ...m, text, status: ev.status }
          if (ev.error) next.error = ev.error
          if (e?.model) next.model = e.model
          if (e?.fallback) next.fallback = e.fallback
          return next
        })
        // The stored message is the truth (final text, usage, error detail).
        if (ev.conversationId === this.s.activeId) void this.reloadActive()
        break
      }
    }
  }

  private trackStream(ev: { streamId: string; conversationId: string; messageId: string }): void {
    if (this.finishedStreams.has(ev.streamId) || this.s.streams[ev.streamId]) return
    this.store.set({
      streams: {
        ...this.s.streams,
        [ev.streamId]: { streamId: ev.streamId, conversationId: ev.conversationId, messageId: ev.messageId }
      }
    })
  }

  private applyChunks(chunks: Map<string, string>): void {
    for (const [id, chunk] of chunks) {
      const e = this.live.get(id)
      if (e) e.text += chunk
    }
    const { messages, activeId } = this.s
    let changed = false
    let needRefetch = false
    const next = messages.map((m) => {
      if (!chunks.has(m.id)) return m
      const e = this.live.get(m.id)
      if (!e) return m
      if (!e.fromStart) {
        needRefetch = true
        return m
      }
      changed = true
      return { ...m, text: e.text, model: e.model ?? m.model }
    })
    if (changed) this.store.set({ messages: next })
    if (!needRefetch && activeId) {
      // An answer for the open conversation that is not in the list yet: read it from main.
      for (const id of chunks.keys()) {
        const e = this.live.get(id)
        if (e && e.conversationId === activeId && !messages.some((m) => m.id === id)) needRefetch = true
      }
    }
    if (needRefetch && this.pendingStarts === 0) this.scheduleRefetch()
  }

  private patchMessage(id: string, fn: (m: ViewMessage) => ViewMessage): void {
    const { messages } = this.s
    const i = messages.findIndex((m) => m.id === id)
    if (i === -1) return
    const next = messages.slice()
    next[i] = fn(messages[i])
    this.store.set({ messages: next })
  }

  /** The stream answering in the open conversation, if any. */
  activeStream(): StreamInfo | undefined {
    const { streams, activeId } = this.s
    if (!activeId) return undefined
    return Object.values(streams).find((st) => st.conversationId === activeId)
  }

  private scheduleRefetch(): void {
    if (this.refetchTimer) return
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null
      void this.reloadActive()
    }, this.refetchDelayMs)
  }

  // ---------------------------------------------------------------- conversations

  async refreshConversations(): Promise<void> {
    const seq = ++this.listSeq
    try {
      const list = await this.api.conversations.list()
      if (seq !== this.listSeq) return
      this.store.set({ conversations: [...list].sort(byRecent) })
    } catch {
      /* the list stays as it was */
    }
  }

  newChat(): void {
    this.loadSeq++
    this.store.set({
      activeId: null,
      messages: [],
      conversationLoading: false,
      selection: null,
      highlight: null,
      chatError: null,
      settingsOpen: false,
      composerFocusTick: this.s.composerFocusTick + 1
    })
  }

  async openConversation(id: string, highlightMessageId?: string): Promise<void> {
    const seq = ++this.loadSeq
    const same = this.s.activeId === id
    this.store.set({
      activeId: id,
      messages: same ? this.s.messages : [],
      conversationLoading: !same || this.s.messages.length === 0,
      selection: same ? this.s.selection : null,
      chatError: null,
      settingsOpen: false,
      highlight: highlightMessageId ? { messageId: highlightMessageId, tick: (this.s.highlight?.tick ?? 0) + 1 } : null
    })
    try {
      const res = await this.api.conversations.get({ id })
      if (seq !== this.loadSeq) return
      this.store.set({
        messages: mergeLive(res.messages.map(toViewMessage), this.live),
        conversationLoading: false,
        conversations: this.upsertConversation(res.conversation)
      })
    } catch (error) {
      if (seq !== this.loadSeq) return
      this.store.set({ conversationLoading: false, chatError: errorFromUnknown(error) })
    }
  }

  /** Re-reads the open conversation from main (the stored truth), keeping live streaming text. */
  async reloadActive(): Promise<void> {
    const id = this.s.activeId
    if (!id || this.pendingStarts > 0) return
    const seq = ++this.loadSeq
    try {
      const res = await this.api.conversations.get({ id })
      if (seq !== this.loadSeq || this.s.activeId !== id || this.pendingStarts > 0) return
      this.store.set({
        messages: mergeLive(res.messages.map(toViewMessage), this.live),
        conversationLoading: false,
        conversations: this.upsertConversation(res.conversation)
      })
    } catch {
      if (seq === this.loadSeq) this.store.set({ conversationLoading: false })
    }
  }

  private upsertConversation(c: Conversation): Conversation[] {
    const list = this.s.conversations
    const i = list.findIndex((x) => x.id === c.id)
    if (i === -1) return [c, ...list].sort(byRecent)
    const old = list[i]
    if (old.title === c.title && old.updatedAt === c.updatedAt && old.model === c.model && old.providerId === c.providerId) {
      return list
    }
    const next = list.slice()
    next[i] = c
    return next.sort(byRecent)
  }

  async renameConversation(id: string, title: string): Promise<void> {
    const trimmed = title.trim()
    if (!trimmed) return
    try {
      const c = await this.api.conversations.rename({ id, title: trimmed.slice(0, 200) })
      this.store.set({ conversations: this.upsertConversation(c) })
    } catch {
      void this.refreshConversations()
    }
  }

  async removeConversation(id: string): Promise<void> {
    await this.api.conversations.remove({ id })
    this.store.set({ conversations: this.s.conversations.filter((c) => c.id !== id) })
    if (this.s.activeId === id) this.newChat()
  }

  // ---------------------------------------------------------------- sending

  private choiceForRequest(): { providerId?: string; model?: string } {
    const sel = this.s.selection
    return sel ? { providerId: sel.providerId, model: sel.model } : {}
  }

  private localId(kind: string): string {
    return `local-${kind}-${++this.localSeq}`
  }

  /**
   * Sends a message in the open conversation (or a new one). Shows it at once, with an empty
   * answer that the stream fills. Resolves false when main refused to start (the error is shown).
   */
  async send(text: string, attachmentIds?: string[]): Promise<boolean> {
    if (!text.trim() && !attachmentIds?.length) return false
    const origin = this.s.activeId
    const uid = this.localId('user')
    const aid = this.localId('assistant')
    const now = Date.now()
    const base = { conversationId: origin ?? '', images: 0, createdAt: now, local: true }
    this.store.set({
      messages: [
        ...this.s.messages,
        { ...base, id: uid, role: 'user', text, status: 'complete', images: attachmentIds?.length ?? 0, ...(attachmentIds?.length ? { imageIds: attachmentIds } : {}) },
        { ...base, id: aid, role: 'assistant', text: '', status: 'streaming' }
      ],
      chatError: null,
      highlight: null
    })
    this.pendingStarts++
    let started: StreamStarted
    try {
      started = await this.api.chat.send({
        ...(origin ? { conversationId: origin } : {}),
        text,
        ...(attachmentIds?.length ? { attachmentIds } : {}),
        ...this.choiceForRequest()
      })
    } catch (error) {
      this.pendingStarts--
      if (this.s.activeId === origin) {
        this.store.set({
          messages: this.s.messages.filter((m) => m.id !== uid && m.id !== aid),
          chatError: errorFromUnknown(error)
        })
      }
      return false
    }
    this.pendingStarts--
    this.adoptStarted(started, origin, { [uid]: started.userMessageId, [aid]: started.assistantMessageId })
    if (!origin) void this.refreshConversations()
    return true
  }

  /** Answers the last user message again ("Regenerate", and "Retry" after an error). */
  async regenerate(): Promise<void> {
    const origin = this.s.activeId
    if (!origin || this.activeStream()) return
    const lastUser = lastIndexOfRole(this.s.messages, 'user')
    if (lastUser === -1) return
    const aid = this.localId('assistant')
    const previous = this.s.messages
    this.store.set({
      messages: [
        ...previous.slice(0, lastUser + 1),
        { id: aid, conversationId: origin, role: 'assistant', text: '', images: 0, status: 'streaming', createdAt: Date.now(), local: true }
      ],
      chatError: null
    })
    await this.startFrom(origin, aid, previous, () =>
      this.api.chat.regenerate({ conversationId: origin, ...this.choiceForRequest() })
    )
  }

  /** Replaces the last user message's text, drops what followed, and answers it. */
  async editAndResend(messageId: string, text: string): Promise<void> {
    const origin = this.s.activeId
    if (!origin || !text.trim() || this.activeStream()) return
    const i = this.s.messages.findIndex((m) => m.id === messageId)
    if (i === -1) return
    const aid = this.localId('assistant')
    const previous = this.s.messages
    this.store.set({
      messages: [
        ...previous.slice(0, i),
        { ...previous[i], text },
        { id: aid, conversationId: origin, role: 'assistant', text: '', images: 0, status: 'streaming', createdAt: Date.now(), local: true }
      ],
      chatError: null
    })
    await this.startFrom(origin, aid, previous, () =>
      this.api.chat.editAndResend({ conversationId: origin, messageId, text })
    )
  }

  private async startFrom(
    origin: string,
    placeholderId: string,
    previous: ViewMessage[],
    start: () => Promise<StreamStarted>
  ): Promise<void> {
    this.pendingStarts++
    let started: StreamStarted
    try {
      started = await start()
    } catch (error) {
      this.pendingStarts--
      if (this.s.activeId === origin) this.store.set({ messages: previous, chatError: errorFromUnknown(error) })
      return
    }
    this.pendingStarts--
    this.adoptStarted(started, origin, { [placeholderId]: started.assistantMessageId })
  }

  /** Main accepted: give the placeholders their real ids and live text, then read the truth. */
  private adoptStarted(started: StreamStarted, origin: string | null, ids: Record<string, string>): void {
    this.trackStream({ streamId: started.streamId, conversationId: started.conversationId, messageId: started.assistantMessageId })
    const { activeId, messages } = this.s
    if (activeId !== origin) return // the user went elsewhere; the stream goes on in the background
    this.store.set({
      activeId: started.conversationId,
      messages: messages.map((m) => {
        const real = ids[m.id]
        if (!real) return m
        const renamed: ViewMessage = { ...m, id: real, conversationId: started.conversationId }
        delete renamed.local
        return applyLive(renamed, this.live.get(real))
      })
    })
    void this.reloadActive()
  }

  async stopStreaming(): Promise<void> {
    const { streams, activeId } = this.s
    const mine = Object.values(streams).filter((st) => st.conversationId === activeId)
    await Promise.all(mine.map((st) => this.api.chat.stop({ streamId: st.streamId }).catch(() => undefined)))
  }

  selectModel(choice: ModelChoice | null): void {
    this.store.set({ selection: choice })
  }

  dismissChatError(): void {
    this.store.set({ chatError: null })
  }

  // ---------------------------------------------------------------- search

  async search(query: string): Promise<void> {
    const seq = ++this.searchSeq
    const q = query.trim()
    if (!q) {
      this.store.set({ search: { query: '', hits: [], loading: false } })
      return
    }
    this.store.set({ search: { query, hits: this.s.search.hits, loading: true } })
    try {
      const hits = await this.api.conversations.search({ query: q })
      if (seq !== this.searchSeq) return
      this.store.set({ search: { query, hits, loading: false } })
    } catch {
      if (seq !== this.searchSeq) return
      this.store.set({ search: { query, hits: [], loading: false } })
    }
  }

  openSearchHit(hit: SearchHit): Promise<void> {
    return this.openConversation(hit.conversationId, hit.messageId)
  }

  // ---------------------------------------------------------------- settings and providers

  async updateSettings(patch: SettingsPatch): Promise<void> {
    const before = this.s.settings
    if (before) this.store.set({ settings: applySettingsPatch(before, patch) })
    try {
      const settings = await this.api.settings.update(patch)
      this.store.set({ settings })
    } catch {
      this.store.set({ settings: before })
    }
  }

  async loadModels(providerId: string): Promise<void> {
    try {
      const models = await this.api.providers.models({ id: providerId })
      this.store.set({ providerModels: { ...this.s.providerModels, [providerId]: models } })
    } catch {
      /* keep what we had: the picker still offers the default and fallback models */
    }
  }

  /** The form shows the outcome either way: the models, or why the connection failed. */
  async testProvider(draft: ProviderDraft): Promise<ConnectionTestOutcome> {
    try {
      return { ok: true, ...(await this.api.providers.test(draft)) }
    } catch (error) {
      return { ok: false, error: errorFromUnknown(error) }
    }
  }

  async saveProvider(draft: ProviderDraft): Promise<SaveProviderOutcome> {
    let p: ProviderView
    try {
      p = await this.api.providers.save(draft)
    } catch (error) {
      return { ok: false, error: errorFromUnknown(error) }
    }
    const list = this.s.providers
    const exists = list.some((x) => x.id === p.id)
    this.store.set({ providers: exists ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p] })
    const settings = this.s.settings
    if (settings && (!settings.defaultProviderId || !this.s.providers.some((x) => x.id === settings.defaultProviderId))) {
      await this.updateSettings({ defaultProviderId: p.id })
    }
    void this.loadModels(p.id)
    return { ok: true, provider: p }
  }

  async removeProvider(id: string): Promise<void> {
    await this.api.providers.remove({ id })
    const providers = this.s.providers.filter((p) => p.id !== id)
    const models = { ...this.s.providerModels }
    delete models[id]
    const selection = this.s.selection?.providerId === id ? null : this.s.selection
    this.store.set({ providers, providerModels: models, selection })
    if (this.s.settings?.defaultProviderId === id && providers[0]) {
      await this.updateSettings({ defaultProviderId: providers[0].id })
    }
  }

  async detectOllama(): Promise<{ found: boolean; baseURL: string; models: string[] }> {
    try {
      return await this.api.providers.detectOllama()
    } catch {
      return { found: false, baseURL: '', models: [] }
    }
  }

  openExternal(url: string): void {
    void this.api.app.openExternal({ url }).catch(() => undefined)
  }

  // ---------------------------------------------------------------- view state

  openSettings(): void {
    this.store.set({ settingsOpen: true })
  }

  closeSettings(): void {
    this.store.set({ settingsOpen: false, composerFocusTick: this.s.composerFocusTick + 1 })
  }

  focusComposer(): void {
    this.store.set({ settingsOpen: false, composerFocusTick: this.s.composerFocusTick + 1 })
  }

  dismissNotices(): void {
    this.store.set({ noticesDismissed: true })
  }

  setSystemDark(systemDark: boolean): void {
    this.store.set({ systemDark })
  }
}
