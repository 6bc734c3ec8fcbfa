/**
 * Screen capture in the Electron app: the ports (desktopCapturer, screen, systemPreferences,
 * shell, overlay windows), the global shortcut and the tray item. startApp creates it before the
 * services, passes `ports` in, and calls `start` once the services exist.
 */
import { BrowserWindow, desktopCapturer, globalShortcut, screen, shell, systemPreferences } from 'electron'
import type { EmitEvent } from '../../shared/ipc/contract'
import type { Settings } from '../../shared/settings'
import type { CapturePorts } from '../capture/ports'
import type { MainServices } from '../services'
import { MAC_SCREEN_RECORDING_PANE } from '../capture/permission'
import { isAllowedExternalUrl } from '../security/externalUrl'
import { rendererPageUrl, type RendererSource } from '../security/origins'
import { createOverlayPort } from '../windows/captureOverlay'
import type { WindowContext } from '../windows/factory'
import { createElectronCapturePorts } from './captureElectron'
import { createCaptureShortcut, type CaptureShortcut } from './captureShortcut'

export interface CaptureWiring {
  ports: CapturePorts
  /** After the services exist: registers the shortcut from the settings. */
  start(services: MainServices, settings: Settings, emit: EmitEvent): void
  /** Tray item / shortcut: ask the composer to start a region capture. */
  requestRegion(): void
  /** Every event main emits passes here (settings changes, capture results). */
  observe(event: string, payload: unknown): void
  dispose(): void
}

export function createCaptureWiring(deps: {
  context: WindowContext
  source: RendererSource
  /** Shows the main window (a capture result lands in its composer). */
  revealMain: () => void
}): CaptureWiring {
  let services: MainServices | undefined
  let emit: EmitEvent | undefined
  let shortcut: CaptureShortcut | undefined
  let pendingFromShortcut = false

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

  const requestRegion = (): void => {
    pendingFromShortcut = true
    emit?.('capture:onRequest', { action: 'region' })
  }

  return {
    ports,
    start(s, settings, e) {
      services = s
      emit = e
      shortcut = createCaptureShortcut(globalShortcut, requestRegion, (m) => console.warn(`[omnidesk] ${m}`))
      shortcut.apply(settings.captureShortcut)
    },
    requestRegion,
    observe(event, payload) {
      if (event === 'settings:onChanged') shortcut?.apply((payload as Settings).captureShortcut)
      if (event === 'capture:onResult' && pendingFromShortcut) {
        pendingFromShortcut = false
        if ((payload as { image?: unknown }).image) deps.revealMain()
      }
    },
    dispose() {
      shortcut?.dispose()
    }
  }
}
