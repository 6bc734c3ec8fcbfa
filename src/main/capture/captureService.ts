/**
 * Screen capture behind ports: the sources (displays, windows), a display or a window at full
 * resolution, and region sessions (every display captured FIRST, then frozen overlays shown, so
 * the overlay is never in the picture). The overlay page crops in device pixels itself (it holds
 * the frozen bitmap) and hands the result back; main tells the window that asked.
 * Nothing here leaves the machine: images go to the renderer, which shows a chip.
 */
import { AppError } from '../../shared/errors'
import { randomUUID } from 'node:crypto'
import type { EmitEvent } from '../../shared/ipc/contract'
import type {
  CaptureDisplay,
  CaptureFailure,
  CaptureSources,
  CapturedImage,
  GrabResult,
  OverlayFrame,
  StartRegionResult
} from '../../shared/capture/schemas'
import { permissionBlocksCapture } from './permission'
import type { CapturedBitmap, CapturePorts } from './ports'

export interface CaptureService {
  sources(): Promise<CaptureSources>
  grab(req: { kind: 'display' | 'window'; id: string }): Promise<GrabResult>
  startRegion(): Promise<StartRegionResult>
  overlayFrame(req: { sessionId: string; displayId: string }): Promise<OverlayFrame>
  finishRegion(req: { sessionId: string; image: CapturedImage | null }): Promise<void>
  /** Cancels any open region session (app quitting, Esc from the tray…). */
  cancelAll(): void
  openPermissionSettings(): Promise<void>
}

const toDataUrl = (b: CapturedBitmap): string => `data:image/png;base64,${Buffer.from(b.png).toString('base64')}`

interface Session {
  id: string
  frames: Map<string, CapturedBitmap>
  displays: CaptureDisplay[]
}

export function createCaptureService(ports: CapturePorts | undefined, emit: EmitEvent, log: (m: string, e?: unknown) => void = () => {}): CaptureService {
  const sessions = new Map<string, Session>()

  const unavailable: CaptureFailure = { ok: false, reason: 'unavailable', detail: 'Screen capture is not available here.' }
  const blocked = (): CaptureFailure | undefined => {
    if (!ports) return unavailable
    const permission = ports.permission.status()
    return permissionBlocksCapture(permission) ? { ok: false, reason: 'permission', permission } : undefined
  }

  const endSession = (id: string, image: CapturedImage | null): void => {
    if (!sessions.delete(id)) return
    try {
      ports?.overlay.close(id)
    } catch (error) {
      log('closing the capture overlay failed', error)
    }
    emit('capture:onResult', { sessionId: id, cancelled: !image, ...(image ? { image } : {}) })
  }

  return {
    async sources() {
      if (!ports) return { platform: process.platform, permission: 'unknown', displays: [], windows: [] }
      const permission = ports.permission.status()
      const displays = ports.screen.displays()
      const windows = permissionBlocksCapture(permission)
        ? []
        : (await ports.capturer.listWindows().catch((error) => (log('listing windows failed', error), []))).map((w) => ({
            id: w.id,
            name: w.name,
            ...(w.appName ? { appName: w.appName } : {}),
            ...(w.thumbnail ? { thumbnail: toDataUrl(w.thumbnail) } : {}),
            ...(w.icon ? { appIcon: toDataUrl(w.icon) } : {})
          }))
      return { platform: ports.platform, permission, displays, windows }
    },

    async grab({ kind, id }) {
      const refused = blocked()
      if (refused || !ports) return refused ?? unavailable
      try {
        if (kind === 'display') {
          const display = ports.screen.displays().find((d) => d.id === id)
          if (!display) return { ok: false, reason: 'not-found' }
          const bitmap = (await ports.capturer.captureDisplays([display])).get(id)
          if (!bitmap) return { ok: false, reason: 'not-found' }
          return { ok: true, image: { dataUrl: toDataUrl(bitmap), width: bitmap.width, height: bitmap.height, label: display.label, kind } }
        }
        const bitmap = await ports.capturer.captureWindow(id)
        if (!bitmap) return { ok: false, reason: 'not-found' }
        const name = (await ports.capturer.listWindows().catch(() => [])).find((w) => w.id === id)?.name ?? 'Window'
        return { ok: true, image: { dataUrl: toDataUrl(bitmap), width: bitmap.width, height: bitmap.height, label: name, kind } }
      } catch (error) {
        log('capture failed', error)
        return { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) }
      }
    },

    async startRegion() {
      const refused = blocked()
      if (refused || !ports) return refused ?? unavailable
      for (const id of [...sessions.keys()]) endSession(id, null)
      try {
        const displays = ports.screen.displays()
        // Capture first: the overlay must never be in the picture.
        const frames = await ports.capturer.captureDisplays(displays)
        const shown = displays.filter((d) => frames.has(d.id))
        if (!shown.length) return { ok: false, reason: 'failed', detail: 'No display could be captured.' }
        const id = randomUUID()
        sessions.set(id, { id, frames, displays: shown })
        await ports.overlay.open(id, shown)
        return { ok: true, sessionId: id }
      } catch (error) {
        log('region capture failed to start', error)
        return { ok: false, reason: 'failed', detail: error instanceof Error ? error.message : String(error) }
      }
    },

    async overlayFrame({ sessionId, displayId }) {
      const session = sessions.get(sessionId)
      const display = session?.displays.find((d) => d.id === displayId)
      const frame = session?.frames.get(displayId)
      if (!session || !display || !frame) throw new AppError({ code: 'not_found', detail: 'This capture has ended.' })
      return { sessionId, display, dataUrl: toDataUrl(frame), width: frame.width, height: frame.height }
    },

    async finishRegion({ sessionId, image }) {
      endSession(sessionId, image)
    },

    cancelAll() {
      for (const id of [...sessions.keys()]) endSession(id, null)
    },

    async openPermissionSettings() {
      await ports?.permission.openSettings()
    }
  }
}
