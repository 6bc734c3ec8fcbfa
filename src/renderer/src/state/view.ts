/** What the window shows around the conversation: the settings panel, notices, focus, theme. */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { AppStore } from './appState'
import { linkConfirmReason } from '../logic/links'

export class View {
  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore
  ) {}

  /** Opens the settings panel, at `section` when given (an answer's "Manage memories"). */
  openSettings(section?: 'memory'): void {
    this.store.set({ settingsOpen: true, settingsSection: section ?? null })
  }

  closeSettings(): void {
    this.focusComposer()
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
}
