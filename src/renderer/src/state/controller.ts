/**
 * The renderer's state and everything that changes it, by domain: `streams` (answers arriving),
 * `conversations` (list, open conversation, search), `chat` (send, regenerate, edit, stop),
 * `settings` (preferences and providers), `view` (panels, focus, theme), `memory` (saved
 * memories, Undo of the model's changes) and `assistants` (the user's assistants, the one a new
 * chat talks to). All truth lives in main; the domains keep one store (appState.ts) so a
 * component selects any slice of it.
 * No DOM and no `window` here: the API and the frame scheduler are passed in, so the whole flow
 * runs under vitest with a fake API. Both windows start it through startPage.tsx.
 */
import type { AppCommand, OmnideskApi } from '../../../shared/ipc/contract'
import { errorFromUnknown } from '../logic/errors'
import { defaultProvider } from '../logic/models'
import { byRecent, initialState, type AppState, type AppStore } from './appState'
import { Assistants } from './assistants'
import { Chat } from './chat'
import { Conversations } from './conversations'
import type { Scheduler } from './deltaBatcher'
import { Memories } from './memory'
import { SettingsAndProviders } from './settings'
import { createStore } from './store'
import { Streams } from './streams'
import { View } from './view'

export type { AppState, SearchState, StreamInfo } from './appState'
export type { ConnectionTestOutcome, SaveProviderOutcome } from './settings'
export type { MemoryItem } from './memory'
export type { Assistant, AssistantSaveRequest, KnowledgeStatus } from './assistants'

export interface ControllerDeps {
  api: OmnideskApi
  /** Paces delta flushes: one state update per stream frame (pacedScheduler in the app). */
  schedule: Scheduler
  /** How long to wait before re-reading a conversation that changed elsewhere. */
  refetchDelayMs?: number
}

/** Why 400 ms: long enough to fold the bursts of change events one stream ending sends. */
const REFETCH_DELAY_MS = 400

export class AppController {
  readonly store: AppStore
  readonly streams: Streams
  readonly conversations: Conversations
  readonly chat: Chat
  readonly settings: SettingsAndProviders
  readonly view: View
  readonly memory: Memories
  readonly assistants: Assistants
  private readonly api: OmnideskApi
  private unsubscribers: Array<() => void> = []

  constructor(deps: ControllerDeps) {
    this.api = deps.api
    this.store = createStore<AppState>(initialState())
    this.streams = new Streams(this.store, deps.schedule, {
      finished: (conversationId) => this.conversations.reloadIfActive(conversationId),
      incomplete: () => this.conversations.scheduleReload()
    })
    this.conversations = new Conversations(this.api, this.store, this.streams, deps.refetchDelayMs ?? REFETCH_DELAY_MS)
    this.chat = new Chat(this.api, this.store, this.streams, this.conversations)
    this.settings = new SettingsAndProviders(this.api, this.store)
    this.view = new View(this.api, this.store)
    this.memory = new Memories(this.api, this.streams)
    this.assistants = new Assistants(this.api, this.store, this.conversations)
  }

  /** Subscribes to main's events (once) and loads everything. */
  async start(): Promise<void> {
    if (this.unsubscribers.length === 0) {
      try {
        this.unsubscribers = [
          this.api.chat.onEvent((ev) => this.streams.onEvent(ev)),
          this.api.conversations.onChanged((p) => this.conversations.onChanged(p.conversationId)),
          this.api.providers.onChanged((list) => this.settings.onProvidersChanged(list)),
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
    this.conversations.stop()
  }

  retryLoad(): Promise<void> {
    return this.load()
  }

  /** A command from the menu or a shortcut, routed to its domain. */
  onCommand(command: AppCommand): void {
    if (command === 'new-chat') this.conversations.newChat()
    else if (command === 'open-settings') this.view.openSettings()
    else if (command === 'focus-composer') this.view.focusComposer()
  }

  private async load(): Promise<void> {
    this.store.set({ phase: 'loading', loadError: null })
    try {
      const [info, settings, providers, sorted] = await Promise.all([
        this.api.app.info(),
        this.api.settings.get(),
        this.api.providers.list(),
        this.conversations.load()
      ])
      const recent = sorted[0]
      this.store.set((s) => ({
        info,
        settings,
        providers,
        systemDark: info.systemDark || s.systemDark,
        activeId: recent?.id ?? null,
        conversationLoading: !!recent,
        phase: 'ready'
      }))
      // Only the provider new chats use: the others are asked when the picker opens.
      const first = defaultProvider(providers, settings)
      if (first) void this.settings.loadModels(first.id)
      if (recent) await this.conversations.open(recent.id)
    } catch (error) {
      this.store.set({ phase: 'failed', loadError: errorFromUnknown(error).detail ?? String(error) })
    }
  }
}
