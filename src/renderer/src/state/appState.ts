/**
 * The renderer's one state object: a view of main's truth (settings, providers, the conversation
 * list, the open conversation) with the answer being streamed overlaid. Each domain of the
 * controller (streams, conversations, chat, settings, view) changes its own fields of it.
 */
import type { SettingsTarget } from '../logic/settingsSections'
import type { AppInfo, ConversationCursor } from '../../../shared/ipc/contract'
import type { Conversation, SearchHit } from '../../../shared/domain'
import type { ErrorInfo } from '../../../shared/errors'
import type { ProviderView, Settings } from '../../../shared/settings'
import type { ModelChoice } from '../logic/models'
import type { ViewMessage } from './messages'
import type { Store } from './store'
import type { Assistant } from './assistants'
import type { LinkConfirmReason } from '../logic/links'
import type { SidebarLayout } from '../logic/sidebarLayout'

export interface StreamInfo {
  streamId: string
  conversationId: string
  messageId: string
}

export interface SearchState {
  query: string
  hits: SearchHit[]
  loading: boolean
  /** Where the next page of hits starts (null: none, or not known yet). */
  next: string | null
  /** A next page is being read (scrolled to the end). */
  loadingMore: boolean
}

export interface AppState {
  phase: 'loading' | 'ready' | 'failed'
  loadError: string | null
  info: AppInfo | null
  settings: Settings | null
  providers: ProviderView[]
  /** What each saved provider lists (filled lazily; empty when it cannot list). */
  providerModels: Record<string, string[]>
  /**
   * Most recent first: the pages of the history read so far (the sidebar asks for more as it is
   * scrolled), plus the open conversation and a temporary chat when they are not in them.
   */
  conversations: Conversation[]
  /** Where the next page of the history starts; null: every conversation is read. */
  conversationsNext: ConversationCursor | null
  /** The open conversation; null for a new chat not sent yet. */
  activeId: string | null
  messages: ViewMessage[]
  conversationLoading: boolean
  /** Streams we know of (from an invoke's answer or from their events), by stream id. */
  streams: Record<string, StreamInfo>
  /** The model picked in the picker for the next message (null: the conversation's / default). */
  selection: ModelChoice | null
  /** A new chat's tools menu, before its first message creates the conversation. */
  pendingToolsOff: string[]
  /** A new chat's "Temporary chat" switch: its first message makes the conversation temporary. */
  pendingTemporary: boolean
  /** The assistant a new chat talks to ("Chat" on its card): its first message creates the conversation with it. */
  pendingAssistantId: string | null
  /** The assistant every new chat starts with (the companion's setting; none in the main window). */
  defaultAssistantId: string | null
  /** The user's assistants (main's order: most recently changed first). */
  assistants: Assistant[]
  assistantsOpen: boolean
  /**
   * The temporary conversation this window is in: main never lists it, so it is deleted here when
   * the user leaves it (main deletes what a closed window left at the next start).
   */
  temporaryId: string | null
  /** A message to scroll to and flash (search hit); tick makes a repeat click flash again. */
  highlight: { messageId: string; tick: number } | null
  settingsOpen: boolean
  /**
   * Where Settings opens (an error's "Open Settings", "Manage memories"); tick makes a repeat
   * link land again.
   */
  settingsTarget: { target: SettingsTarget; tick: number } | null
  /** A link the user clicked that asks before it opens (logic/links.ts says which do). */
  pendingLink: { url: string; reason: LinkConfirmReason; shownText?: string } | null
  /** A send / regenerate / edit that main refused before any stream started. */
  chatError: ErrorInfo | null
  search: SearchState
  noticesDismissed: boolean
  composerFocusTick: number
  systemDark: boolean
  /** The window's side of the narrow threshold and the user's sidebar choice (logic/sidebarLayout.ts). */
  sidebar: SidebarLayout
  /** Bumped to put the caret in the sidebar's search box (Cmd/Ctrl+K). */
  searchFocusTick: number
  /** The keyboard shortcuts sheet (Cmd/Ctrl+/, the sidebar's "Keyboard shortcuts"). */
  shortcutsOpen: boolean
}

export type AppStore = Store<AppState>

export function initialState(): AppState {
  return {
    phase: 'loading',
    loadError: null,
    info: null,
    settings: null,
    providers: [],
    providerModels: {},
    conversations: [],
    conversationsNext: null,
    activeId: null,
    messages: [],
    conversationLoading: false,
    streams: {},
    selection: null,
    pendingToolsOff: [],
    pendingTemporary: false,
    pendingAssistantId: null,
    defaultAssistantId: null,
    assistants: [],
    assistantsOpen: false,
    temporaryId: null,
    highlight: null,
    settingsOpen: false,
    settingsTarget: null,
    pendingLink: null,
    chatError: null,
    search: { query: '', hits: [], loading: false, next: null, loadingMore: false },
    noticesDismissed: false,
    composerFocusTick: 0,
    systemDark: false,
    sidebar: { narrow: false, choice: null },
    searchFocusTick: 0,
    shortcutsOpen: false
  }
}

export const byRecent = (a: Conversation, b: Conversation): number => b.updatedAt - a.updatedAt
