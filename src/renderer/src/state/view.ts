/** What the window shows around the conversation: the settings panel, notices, focus, theme. */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { AppStore } from './appState'

export class View {
  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore
  ) {}

  openSettings(): void {
    this.store.set({ settingsOpen: true })
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

  /** Opens a link in the user's browser (main checks the scheme). */
  openExternal(url: string): void {
    void this.api.app.openExternal({ url }).catch(() => undefined)
  }
}
