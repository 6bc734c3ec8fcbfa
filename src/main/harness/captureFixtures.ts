/**
 * Screen capture in the web harness: displays and windows served from fixture PNG files, and an
 * overlay port that records which overlay pages "opened" (a test opens each URL in a page, as
 * Electron would open one window per display). Permission is a setting of the fixture.
 */
import { promises as fsp } from 'node:fs'
import type { CaptureDisplay, ScreenPermission } from '../../shared/vision/schemas'
import { pngSize } from '../../shared/vision/imageFormat'
import type { CapturedBitmap, CapturePorts } from '../capture/ports'

export interface CaptureFixtureDisplay {
  id: string
  bounds: { x: number; y: number; width: number; height: number }
  scaleFactor: number
  primary?: boolean
  label?: string
  /** PNG file, device pixels (bounds × scaleFactor). */
  png: string
}

export interface CaptureFixtureWindow {
  id: string
  name: string
  appName?: string
  png: string
}

export interface CaptureFixtures {
  displays: CaptureFixtureDisplay[]
  windows?: CaptureFixtureWindow[]
  permission?: ScreenPermission
}

export interface OverlayOpening {
  sessionId: string
  /** Paths of the overlay pages, one per display, e.g. /capture.html?session=…&display=… */
  paths: string[]
  closed: boolean
}

export interface HarnessCapture {
  ports: CapturePorts
  /** Overlay sessions opened so far (newest last). */
  overlays: OverlayOpening[]
  /** Change what the fixture reports (e.g. 'denied'). */
  setPermission(p: ScreenPermission): void
  /** Times the permission pane was "opened". */
  permissionPaneOpens: number
}

async function load(file: string): Promise<CapturedBitmap> {
  const png = new Uint8Array(await fsp.readFile(file))
  const size = pngSize(png)
  if (!size) throw new Error(`Capture fixture is not a PNG: ${file}`)
  return { png, ...size }
}

export function overlayPagePath(sessionId: string, displayId: string): string {
  return `/capture.html?session=${encodeURIComponent(sessionId)}&display=${encodeURIComponent(displayId)}`
}

export function createHarnessCapture(fixtures: CaptureFixtures | undefined, platform = 'darwin'): HarnessCapture {
  let permission: ScreenPermission = fixtures?.permission ?? 'granted'
  const overlays: OverlayOpening[] = []
  const displays = (): CaptureDisplay[] =>
    (fixtures?.displays ?? []).map((d, i) => ({
      id: d.id,
      label: d.label ?? `Display ${i + 1}`,
      bounds: d.bounds,
      scaleFactor: d.scaleFactor,
      primary: d.primary ?? i === 0
    }))
  const harness: HarnessCapture = {
    overlays,
    permissionPaneOpens: 0,
    setPermission: (p) => {
      permission = p
    },
    ports: {
      platform,
      screen: { displays },
      permission: {
        status: () => permission,
        openSettings: async () => {
          harness.permissionPaneOpens++
        }
      },
      capturer: {
        async captureDisplays(list) {
          const out = new Map<string, CapturedBitmap>()
          for (const d of list) {
            const f = fixtures?.displays.find((x) => x.id === d.id)
            if (f) out.set(d.id, await load(f.png))
          }
          return out
        },
        async listWindows() {
          return Promise.all(
            (fixtures?.windows ?? []).map(async (w) => ({
              id: w.id,
              name: w.name,
              ...(w.appName ? { appName: w.appName } : {}),
              thumbnail: await load(w.png)
            }))
          )
        },
        async captureWindow(id) {
          const w = fixtures?.windows?.find((x) => x.id === id)
          return w ? load(w.png) : undefined
        }
      },
      overlay: {
        open(sessionId, list) {
          overlays.push({ sessionId, paths: list.map((d) => overlayPagePath(sessionId, d.id)), closed: false })
        },
        close(sessionId) {
          const o = overlays.find((x) => x.sessionId === sessionId)
          if (o) o.closed = true
        }
      }
    }
  }
  return harness
}
