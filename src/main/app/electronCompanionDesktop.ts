/**
 * The CompanionDesktopPort over Electron's objects: the companion BrowserWindow, screen, clipboard,
 * globalShortcut, Notification and app.hide. Written against the few methods it calls (only
 * types come from 'electron'), so tests/unit/companionElectron.test.ts drives it with fakes of
 * BrowserWindow, screen and globalShortcut.
 */
import type { Point, Rectangle } from 'electron'
import type { ClipboardReading } from '../companion/clipboardContext'
import type { CompanionDesktopPort, ScreenSnapshot } from '../companion/desktopPort'
import { needsSecondSetBounds, type DisplayInfo } from '../companion/placement'
import type { GlobalShortcutPort } from '../companion/shortcuts'

export interface CompanionWindowLike {
  isDestroyed(): boolean
  isVisible(): boolean
  getBounds(): Rectangle
  setBounds(bounds: Partial<Rectangle>): void
  show(): void
  focus(): void
  hide(): void
  setAlwaysOnTop(flag: boolean, level?: 'floating'): void
}

export interface ScreenLike {
  getAllDisplays(): Array<{ id: number; bounds: Rectangle; workArea: Rectangle; scaleFactor: number }>
  getCursorScreenPoint(): Point
  getDisplayNearestPoint(point: Point): { id: number }
}

/** Electron 45's asynchronous clipboard; `selection` exists on Linux only (the primary selection). */
export interface ClipboardLike {
  readText(): Promise<string>
  readonly selection?: { readText(): Promise<string> } | undefined
}

export interface ElectronCompanionDesktopDeps {
  platform: string
  /** The companion window, once created. */
  window: () => CompanionWindowLike | undefined
  /** Our other live windows (main window, capture overlays). */
  otherWindows: () => Array<{ isDestroyed(): boolean; isVisible(): boolean }>
  screen: ScreenLike
  clipboard: ClipboardLike
  globalShortcut: GlobalShortcutPort
  app: { hide(): void; show(): void; isHidden(): boolean }
  notify: (notification: { title: string; body: string }) => void
  /** Shows the main window and has it open the conversation. */
  openInMain: (conversationId: string) => void
  /** Shows the main window on the provider form. */
  openProviderSetup: () => void
}

export function screenSnapshot(screen: ScreenLike): ScreenSnapshot {
  const cursor = screen.getCursorScreenPoint()
  const displays: DisplayInfo[] = screen.getAllDisplays().map((d) => ({
    id: String(d.id),
    bounds: { x: d.bounds.x, y: d.bounds.y, width: d.bounds.width, height: d.bounds.height },
    workArea: { x: d.workArea.x, y: d.workArea.y, width: d.workArea.width, height: d.workArea.height },
    scaleFactor: d.scaleFactor
  }))
  let cursorDisplayId: string | undefined
  try {
    cursorDisplayId = String(screen.getDisplayNearestPoint(cursor).id)
  } catch {
    cursorDisplayId = undefined
  }
  return { displays, cursor: { x: cursor.x, y: cursor.y }, cursorDisplayId }
}

export function createElectronCompanionDesktop(deps: ElectronCompanionDesktopDeps): CompanionDesktopPort {
  let lastScale: number | undefined
  const live = (): CompanionWindowLike | undefined => {
    const win = deps.window()
    return win && !win.isDestroyed() ? win : undefined
  }

  return {
    screen: () => screenSnapshot(deps.screen),

    otherWindowsVisible: () => deps.otherWindows().some((w) => !w.isDestroyed() && w.isVisible()),

    show({ bounds, scaleFactor }) {
      const win = live()
      if (!win) return
      // After app.hide() (macOS) the app must be unhidden, or show() orders nothing in. Only
      // windows that were visible when it was hidden come back: there were none but us.
      if (deps.platform === 'darwin' && deps.app.isHidden()) deps.app.show()
      win.setBounds(bounds)
      if (needsSecondSetBounds(deps.platform, lastScale, scaleFactor)) win.setBounds(bounds)
      lastScale = scaleFactor
      win.show()
      // Some window managers drop the level of a window that was hidden: set it again.
      win.setAlwaysOnTop(true, 'floating')
      win.focus()
    },

    hide(focus) {
      const win = live()
      if (win?.isVisible()) win.hide()
      if (focus === 'hide-app' && deps.platform === 'darwin') deps.app.hide()
    },

    setHeight(height) {
      const win = live()
      if (!win) return
      const b = win.getBounds()
      if (b.height !== height) win.setBounds({ x: b.x, y: b.y, width: b.width, height })
    },

    // Pinning changes the hide-on-blur rule only; the window is always on top either way.
    setPinned: () => undefined,

    openInMain: (conversationId) => deps.openInMain(conversationId),
    openProviderSetup: () => deps.openProviderSetup(),

    async readClipboard(): Promise<ClipboardReading> {
      // Linux keeps the mouse selection apart (the "primary selection"); other systems offer no
      // way to read another app's selection without simulating a copy.
      const selectionBoard = deps.platform === 'linux' ? deps.clipboard.selection : undefined
      const [clipboard, selection] = await Promise.all([
        deps.clipboard.readText(),
        selectionBoard ? selectionBoard.readText().catch(() => '') : Promise.resolve(undefined)
      ])
      return { clipboard, ...(selection !== undefined ? { selection } : {}) }
    },

    notify: (n) => deps.notify(n),

    shortcuts: deps.globalShortcut
  }
}
