/**
 * The main window: conversation list, chat, settings. Created hidden and shown when its first
 * paint is ready, so the user never sees a blank frame.
 */
import type { BrowserWindow } from 'electron'
import { mainWindowCloseAction } from './closeBehaviour'
import { createSecureWindow, type WindowContext } from './factory'

export interface MainWindowOptions {
  url: string
  platform: NodeJS.Platform
  isQuitting: () => boolean
  /** Windows/Linux: the main window closing ends the app. */
  onCloseAndQuit: () => void
  /** Painted before the page loads, to match the theme and avoid a white flash. */
  backgroundColor: string
  /** Stay hidden after loading (started at login: the app waits in the tray). */
  startHidden?: boolean
  /** Window icon on Linux (macOS and Windows take it from the app bundle). */
  icon?: string
}

export function createMainWindow(context: WindowContext, opts: MainWindowOptions): BrowserWindow {
  const win = createSecureWindow(context, {
    kind: 'main',
    shape: {
      width: 1100,
      height: 740,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Omnidesk',
      backgroundColor: opts.backgroundColor,
      ...(opts.icon ? { icon: opts.icon } : {})
    }
  })

  if (!opts.startHidden) win.once('ready-to-show', () => win.show())

  win.on('close', (event) => {
    const action = mainWindowCloseAction({ platform: opts.platform, quitting: opts.isQuitting() })
    if (action === 'hide') {
      event.preventDefault()
      win.hide()
    } else if (action === 'close-and-quit') {
      opts.onCloseAndQuit()
    }
  })

  void win.loadURL(opts.url)
  return win
}

export function revealWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}
