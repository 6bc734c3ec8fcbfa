/**
 * Region capture overlays: one frameless, always-on-top window per display, exactly over it
 * (bounds in DIP, so it works left of / above the primary display and at any scale factor),
 * loading capture.html?session=…&display=… which shows that display's frozen capture.
 * They are shown only after every display was captured (see captureService), so they are
 * never in the picture.
 */
import type { BrowserWindow } from 'electron'
import type { CaptureDisplay } from '../../shared/capture/schemas'
import type { OverlayPort } from '../capture/ports'
import { createSecureWindow, type WindowContext } from './factory'
import { overlayWindowShape } from './overlayShape'

export function createOverlayPort(deps: {
  context: WindowContext
  platform: string
  /** capture.html's URL in this build (app:// or the dev server). */
  pageUrl: (sessionId: string, displayId: string) => string
  /** Called when the user closes an overlay by other means (Cmd+W…): the session is cancelled. */
  onClosedEarly: (sessionId: string) => void
}): OverlayPort {
  const windows = new Map<string, BrowserWindow[]>()
  return {
    open(sessionId, displays) {
      const list: BrowserWindow[] = []
      windows.set(sessionId, list)
      for (const display of displays) {
        const win = createSecureWindow(deps.context, { kind: 'capture', shape: overlayWindowShape(display, deps.platform) })
        win.setAlwaysOnTop(true, 'screen-saver')
        win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true })
        // Exact bounds again after creation: some window managers adjust the initial ones.
        win.setBounds(display.bounds)
        win.once('ready-to-show', () => {
          win.show()
          if (display.primary) win.focus()
        })
        win.on('closed', () => {
          if (windows.has(sessionId)) deps.onClosedEarly(sessionId)
        })
        void win.loadURL(deps.pageUrl(sessionId, display.id))
        list.push(win)
      }
    },
    close(sessionId) {
      const list = windows.get(sessionId) ?? []
      windows.delete(sessionId)
      for (const win of list) if (!win.isDestroyed()) win.destroy()
    }
  }
}
