/** What the window shows around the conversation: the settings panel, notices, focus, theme. */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { AppStore } from './appState'
import { linkConfirmReason } from '../logic/links'
import { chooseSidebar, restoredSidebar, toggleSidebar, withWindowNarrow, type SidebarChoice } from '../logic/sidebarLayout'
import type { ErrorInfo } from '../../../shared/errors'
import { settingsTargetForError, type SettingsTarget } from '../logic/settingsSections'

export class View {
  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore
  ) {}

  /** Opens Settings, at `target` when given (a page, a field, a provider's key). */
  openSettings(target?: SettingsTarget): void {
    this.store.set((s) => ({
      settingsOpen: true,
      settingsTarget: target ? { target, tick: (s.settingsTarget?.tick ?? 0) + 1 } : null
    }))
  }

  /**
   * "Open Settings" on an error: where it is fixed, for the provider that failed (the chat's
   * selection, else the conversation's, else the default one).
   */
  openSettingsForError(error: ErrorInfo): void {
    const s = this.store.get()
    const open = s.conversations.find((c) => c.id === s.activeId)
    const providerId =
      s.selection?.providerId ?? open?.providerId ?? s.settings?.defaultProviderId ?? s.providers[0]?.id ?? null
    const known = providerId && s.providers.some((p) => p.id === providerId) ? providerId : null
    this.openSettings(settingsTargetForError(error.code, known))
  }

  /** Focus goes back where it was before Settings opened (the dialog's focus hook sees to it). */
  closeSettings(): void {
    this.store.set({ settingsOpen: false })
  }

  /** Closes the settings panel and puts the caret in the composer. */
  focusComposer(): void {
    this.store.set((s) => ({ settingsOpen: false, composerFocusTick: s.composerFocusTick + 1 }))
  }

  dismissNotices(): void {
    this.store.set({ noticesDismissed: true })
  }

  setSystemDark(systemDark: boolean): void {
    this.store.set({ systemDark })
  }

  /**
   * Opens a link in the user's browser (main checks the scheme), or first asks, when the text the
   * user clicked names another address or the link is not a web page (logic/links.ts).
   */
  openExternal(url: string, shownText?: string): void {
    const reason = linkConfirmReason(url, shownText)
    if (reason) {
      this.store.set({ pendingLink: { url, reason, shownText } })
      return
    }
    void this.api.app.openExternal({ url }).catch(() => undefined)
  }

  /** The user confirmed the link that asked. */
  openPendingLink(): void {
    const link = this.store.get().pendingLink
    this.store.set({ pendingLink: null })
    if (link) void this.api.app.openExternal({ url: link.url }).catch(() => undefined)
  }

  cancelPendingLink(): void {
    this.store.set({ pendingLink: null })
  }

  /** The sidebar's buttons and Cmd/Ctrl+\: shown ⇄ hidden, as the user's choice (logic/sidebarLayout.ts). */
  toggleSidebar(): void {
    this.store.set((s) => ({ sidebar: toggleSidebar(s.sidebar) }))
  }

  /** The window crossed the narrow threshold (or was measured at start). */
  setWindowNarrow(narrow: boolean): void {
    this.store.set((s) => ({ sidebar: withWindowNarrow(s.sidebar, narrow) }))
  }

  /** At start: the choice remembered from the last run, for a window `narrow` or not. */
  restoreSidebar(choice: SidebarChoice | null, narrow: boolean): void {
    this.store.set({ sidebar: restoredSidebar(choice, narrow) })
  }

  /** Cmd/Ctrl+K: the sidebar shown and the caret in its search box. */
  focusSearch(): void {
    this.store.set((s) => ({ sidebar: chooseSidebar(s.sidebar, false), searchFocusTick: s.searchFocusTick + 1 }))
  }

  openShortcuts(): void {
    this.store.set({ shortcutsOpen: true })
  }

  closeShortcuts(): void {
    this.store.set({ shortcutsOpen: false })
  }
}
