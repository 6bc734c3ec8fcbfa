/**
 * The CompanionDesktopPort port: everything the companion service asks of the desktop. The Electron
 * glue (src/main/app/companionDesktop.ts) implements it with BrowserWindow, screen, clipboard,
 * Notification and globalShortcut; the web harness (src/main/harness/companionDesktop.ts) records
 * the calls and fakes the clipboard and the shortcuts, so E2E tests can assert "Esc asked main
 * to hide" without a window manager.
 */
import type { ClipboardReading } from './clipboardContext'
import type { DisplayInfo, Point, Rect } from './placement'
import type { GlobalShortcutPort } from './shortcuts'
import type { FocusReturn } from './stateMachine'

export interface ScreenSnapshot {
  displays: DisplayInfo[]
  cursor: Point
  /** The display the OS says the pointer is on, when it knows. */
  cursorDisplayId?: string
}

export interface CompanionDesktopPort {
  screen(): ScreenSnapshot
  /** Another Omnidesk window is visible (main window, capture overlay). */
  otherWindowsVisible(): boolean
  /** Places, shows and focuses the companion window. */
  show(placement: { bounds: Rect; scaleFactor: number }): void
  /** Hides it, and returns focus as decided. */
  hide(focus: FocusReturn): void
  /** A new height, same top edge and width. */
  setHeight(height: number): void
  setPinned(pinned: boolean): void
  /** Shows the main window and has it open this conversation. */
  openInMain(conversationId: string): void
  /** Shows the main window on the provider form (the companion has no provider to answer with). */
  openProviderSetup(): void
  readClipboard(): Promise<ClipboardReading>
  notify(notification: { title: string; body: string }): void
  readonly shortcuts: GlobalShortcutPort
}

/** For services started without a desktop (unit tests of other parts): nothing happens. */
export function createInertCompanionDesktop(): CompanionDesktopPort {
  return {
    screen: () => ({ displays: [], cursor: { x: 0, y: 0 } }),
    otherWindowsVisible: () => false,
    show: () => undefined,
    hide: () => undefined,
    setHeight: () => undefined,
    setPinned: () => undefined,
    openInMain: () => undefined,
    openProviderSetup: () => undefined,
    readClipboard: async () => ({ clipboard: '' }),
    notify: () => undefined,
    shortcuts: { register: () => false, unregister: () => undefined, isRegistered: () => false }
  }
}
