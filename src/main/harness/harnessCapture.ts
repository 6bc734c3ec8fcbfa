/**
 * Screen capture in the web harness: displays and windows served from fixture PNG files, and an
 * overlay port that records which overlay pages "opened" (a test opens each URL in a page, as
 * Electron would open one window per display). Permission is a setting of the fixture. The
 * capture shortcut registers on a fake global-shortcut registry of its own (a test marks an
 * accelerator as taken by "another app", or presses one), and its notifications are recorded.
 * The companion has its own fake (harness/companionDesktop.ts), so each spec sees only its own
 * shortcut; that the two never take each other's is a unit test (captureShortcut.test.ts).
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { CaptureDisplay, ScreenPermission } from '../../shared/capture/schemas'
import { pngSize } from '../../shared/attachments/imageFormat'
import { appNameOf } from '../capture/appName'
import type { CapturedBitmap, CapturePorts } from '../capture/ports'
import type { GlobalShortcutPort } from '../companion/shortcuts'

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
  /** The app's icon (PNG file), as macOS and Windows give one. */
  icon?: string
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
  /** OS notifications main showed about capture (the shortcut is taken), oldest first. */
  notifications: Array<{ title: string; body: string }>
  /** Accelerators "another app" holds: registering them fails (a conflict). */
  readonly takenShortcuts: Set<string>
  /** What the capture shortcut has registered right now. */
  registeredShortcuts(): string[]
  /** Presses a registered global shortcut; false when it is not registered. */
  pressShortcut(accelerator: string): boolean
  /**
   * The PNG a display or window fixture is read from: voice's screen sharing streams it live in
   * the page (the bridge's stand-in for Electron's desktop stream); writing a new picture to the
   * file is the screen changing.
   */
  fixtureFile(kind: 'display' | 'window', id: string): string | undefined
}

function createFakeShortcuts(): { port: GlobalShortcutPort; taken: Set<string>; registered: Map<string, () => void> } {
  const taken = new Set<string>()
  const registered = new Map<string, () => void>()
  return {
    taken,
    registered,
    port: {
      register: (accelerator, callback) => {
        if (taken.has(accelerator) || registered.has(accelerator)) return false
        registered.set(accelerator, callback)
        return true
      },
      unregister: (accelerator) => void registered.delete(accelerator),
      isRegistered: (accelerator) => registered.has(accelerator)
    }
  }
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

export function createHarnessCapture(
  fixtures: CaptureFixtures | undefined,
  platform = 'darwin',
  desktop: { log?: (line: string) => void } = {}
): HarnessCapture {
  const keyboard = createFakeShortcuts()
  let permission: ScreenPermission = fixtures?.permission ?? 'granted'
  const overlays: OverlayOpening[] = []
  const notifications: HarnessCapture['notifications'] = []
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
    notifications,
    takenShortcuts: keyboard.taken,
    registeredShortcuts: () => [...keyboard.registered.keys()],
    pressShortcut(accelerator) {
      const callback = keyboard.registered.get(accelerator)
      callback?.()
      return !!callback
    },
    setPermission: (p) => {
      permission = p
    },
    fixtureFile: (kind, id) => (kind === 'display' ? fixtures?.displays.find((d) => d.id === id)?.png : fixtures?.windows?.find((w) => w.id === id)?.png),
    ports: {
      platform,
      shortcuts: keyboard.port,
      notify: (n) => void notifications.push(n),
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
              thumbnail: await load(w.png),
              ...(w.icon ? { icon: await load(w.icon) } : {})
            }))
          )
        },
        async captureWindow(id) {
          const w = fixtures?.windows?.find((x) => x.id === id)
          return w ? load(w.png) : undefined
        },
        async mediaSourceId({ kind, id }) {
          // The harness bridge opens these as a live stream of the fixture file (shareStandIn.ts).
          const known = kind === 'display' ? fixtures?.displays.some((d) => d.id === id) : fixtures?.windows?.some((w) => w.id === id)
          return known ? `harness:${kind}:${id}` : undefined
        }
      },
      overlay: {
        open(sessionId, list) {
          const opening = { sessionId, paths: list.map((d) => overlayPagePath(sessionId, d.id)), closed: false }
          overlays.push(opening)
          // By hand (`npm run web -- --capture …`) there is no window manager: open these in a tab.
          for (const p of opening.paths) desktop.log?.(`[harness] capture overlay page: ${p}`)
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

/**
 * `npm run web -- --capture DIR`: your own screenshots as the harness's screens and windows, to
 * try Region / Entire screen / a window by hand. Every `*.png` in DIR is a display, laid out left
 * to right in name order; `NAME@2x.png` is a Retina display (scale 2, as macOS names them);
 * `window-*.png` files are windows instead (the title is the rest of the name, its app name
 * derived as in the app). A leading "1-", "2-"… only sets the order.
 */
export async function captureFixturesFromDir(dir: string): Promise<CaptureFixtures> {
  const files = (await fsp.readdir(dir)).filter((f) => f.toLowerCase().endsWith('.png')).sort()
  const displays: CaptureFixtureDisplay[] = []
  const windows: CaptureFixtureWindow[] = []
  let x = 0
  for (const file of files) {
    const full = path.join(dir, file)
    const base = file.slice(0, -4)
    if (/^window-/i.test(base)) {
      const name = base.slice(7).replace(/_+/g, ' ').trim() || 'Window'
      windows.push({ id: `window:${windows.length + 1}`, name, ...appNameOf(name), png: full })
      continue
    }
    const size = pngSize(new Uint8Array(await fsp.readFile(full)))
    if (!size) throw new Error(`Not a PNG: ${full}`)
    const scale = /@2x$/i.test(base) ? 2 : 1
    const bounds = { x, y: 0, width: Math.round(size.width / scale), height: Math.round(size.height / scale) }
    x += bounds.width
    const label = base.replace(/@2x$/i, '').replace(/^\d+[-_ ]+/, '') || `Display ${displays.length + 1}`
    displays.push({ id: String(displays.length + 1), label, bounds, scaleFactor: scale, primary: displays.length === 0, png: full })
  }
  if (!displays.length) throw new Error(`--capture: no display PNG in ${dir} (window-*.png files are windows)`)
  return { displays, windows }
}
