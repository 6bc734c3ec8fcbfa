/**
 * Screen capture in the Electron app: the ports (desktopCapturer, screen, systemPreferences,
 * shell, overlay windows, globalShortcut, notifications) and the tray item. startApp creates it
 * before the services, passes `ports` in, and calls `start` once the services exist. The capture
 * shortcut itself lives in the services (src/main/capture/shortcut.ts), on these ports.
 */
import { BrowserWindow, desktopCapturer, globalShortcut, Notification, screen, shell, systemPreferences } from 'electron'
import type { EmitEvent } from '../../shared/ipc/contract'
import type { CapturePorts } from '../capture/ports'
import type { MainServices } from '../services'
import { MAC_SCREEN_RECORDING_PANE } from '../capture/permission'
import { isAllowedExternalUrl } from '../security/externalUrl'
import { rendererPageUrl, type RendererSource } from '../security/origins'
import { createOverlayPort } from '../windows/captureOverlay'
import type { WindowContext } from '../windows/factory'
import { createElectronCapturePorts } from './electronCapture'

export interface CaptureWiring {
  ports: CapturePorts
  /** After the services exist. */
  start(services: MainServices, emit: EmitEvent): void
  /** Tray item: ask the composer to start a region capture. */
  requestRegion(): void
  /** Every event main emits passes here (capture requests and results). */
  observe(event: string, payload: unknown): void
  dispose(): void
}

export function createCaptureWiring(deps: {
  context: WindowContext
  source: RendererSource
  /** Shows the main window (a capture result lands in its composer). */
  revealMain: () => void
  /** Shows the main window's Settings (a click on the "shortcut taken" notification). */
  openSettings: () => void
}): CaptureWiring {
  let services: MainServices | undefined
  let emit: EmitEvent | undefined
  let pendingFromRequest = false

  const overlay = createOverlayPort({
    context: deps.context,
    platform: process.platform,
    pageUrl: (sessionId, displayId) =>
      `${rendererPageUrl(deps.source, 'capture.html')}?session=${encodeURIComponent(sessionId)}&display=${encodeURIComponent(displayId)}`,
    onClosedEarly: (sessionId) => void services?.handlers.capture.finishRegion({ sessionId, image: null })
  })
  const ports = createElectronCapturePorts({
    platform: process.platform,
    screen,
    desktopCapturer,
    systemPreferences,
    // Our own constant System Settings pane, or what the general rule allows; nothing else.
    openUrl: async (url) => {
      if (url !== MAC_SCREEN_RECORDING_PANE && !isAllowedExternalUrl(url)) throw new Error('Refused to open that URL')
      await shell.openExternal(url)
    },
    overlay,
    isOwnSource: (id) => BrowserWindow.getAllWindows().some((w) => !w.isDestroyed() && w.getMediaSourceId() === id)
  })
  ports.shortcuts = globalShortcut
  ports.notify = (n) => {
    if (!Notification.isSupported()) return
    const note = new Notification({ title: n.title, body: n.body })
    // The notification is about the shortcut: a click opens Settings, where it can be changed.
    note.on('click', () => deps.openSettings())
    note.show()
  }

  // The request goes out through emit, so observe() marks it pending (tray and shortcut alike).
  const requestRegion = (): void => emit?.('capture:onRequest', { action: 'region' })

  return {
    ports,
    start(s, e) {
      services = s
      emit = e
    },
    requestRegion,
    observe(event, payload) {
      // A capture asked from outside the windows (tray, global shortcut): show its result.
      if (event === 'capture:onRequest') pendingFromRequest = true
      if (event === 'capture:onResult' && pendingFromRequest) {
        pendingFromRequest = false
        if ((payload as { image?: unknown }).image) deps.revealMain()
      }
    },
    dispose() {
      // The services release the shortcut (services.close); open overlays go with their session.
    }
  }
}
