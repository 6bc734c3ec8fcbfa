/**
 * Electron's side of screen capture, as thin adapters over the objects Electron gives us
 * (desktopCapturer, screen, systemPreferences, shell). Only types come from 'electron', so the
 * adapters run under vitest with fakes (tests/unit/capture.test.ts).
 */
import type { DesktopCapturerSource, Display, SourcesOptions } from 'electron'
import type { CaptureDisplay } from '../../shared/capture/schemas'
import { deviceSize } from '../../shared/capture/region'
import { createScreenPermission, type SystemPreferencesLike } from '../capture/permission'
import { appNameOf } from '../capture/appName'
import type { CapturedBitmap, CapturePorts, CapturerPort, OverlayPort, ScreenPort } from '../capture/ports'

export { appNameOf }

export interface ScreenLike {
  getAllDisplays(): Display[]
  getPrimaryDisplay(): Display
}

export interface DesktopCapturerLike {
  getSources(options: SourcesOptions): Promise<DesktopCapturerSource[]>
}

export function createElectronScreenPort(screen: ScreenLike): ScreenPort {
  return {
    displays() {
      const primaryId = screen.getPrimaryDisplay().id
      return screen.getAllDisplays().map(
        (d, i): CaptureDisplay => ({
          id: String(d.id),
          label: d.label || `Display ${i + 1}`,
          bounds: { x: d.bounds.x, y: d.bounds.y, width: d.bounds.width, height: d.bounds.height },
          scaleFactor: d.scaleFactor,
          primary: d.id === primaryId
        })
      )
    }
  }
}

function bitmapOf(source: DesktopCapturerSource): CapturedBitmap | undefined {
  if (source.thumbnail.isEmpty()) return undefined
  const { width, height } = source.thumbnail.getSize()
  return { png: source.thumbnail.toPNG(), width, height }
}

/** Window thumbnails in the menu. */
export const WINDOW_THUMBNAIL = { width: 320, height: 200 }
/** App icons are drawn at 16 px next to the name: 32 device pixels covers Retina. */
export const APP_ICON_PX = 32

/**
 * The owning app's icon (fetchWindowIcons: macOS and Windows give one; its size is whatever the
 * app ships, up to 1024 px on macOS), scaled down so the window list stays small over IPC.
 */
function iconOf(source: DesktopCapturerSource): CapturedBitmap | undefined {
  const icon = source.appIcon
  if (!icon || icon.isEmpty()) return undefined
  const { width, height } = icon.getSize()
  const small = Math.max(width, height) > APP_ICON_PX ? icon.resize({ width: APP_ICON_PX, height: APP_ICON_PX, quality: 'best' }) : icon
  const size = small.getSize()
  return { png: small.toPNG(), width: size.width, height: size.height }
}

export function createElectronCapturerPort(deps: {
  desktopCapturer: DesktopCapturerLike
  screen: ScreenPort
  /** Our own windows' media source ids (overlays, companion) stay out of the window list. */
  isOwnSource?: (sourceId: string) => boolean
}): CapturerPort {
  const { desktopCapturer } = deps
  const largest = (): { width: number; height: number } => {
    const sizes = deps.screen.displays().map(deviceSize)
    return {
      width: Math.max(1, ...sizes.map((s) => s.width)),
      height: Math.max(1, ...sizes.map((s) => s.height))
    }
  }
  return {
    async captureDisplays(displays) {
      const out = new Map<string, CapturedBitmap>()
      // thumbnailSize applies to every source of a call and a thumbnail is fitted within it:
      // one call per distinct device size, so each display comes back at its own resolution.
      const bySize = new Map<string, CaptureDisplay[]>()
      for (const d of displays) {
        const s = deviceSize(d)
        const key = `${s.width}x${s.height}`
        bySize.set(key, [...(bySize.get(key) ?? []), d])
      }
      for (const group of bySize.values()) {
        const size = deviceSize(group[0])
        const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: size })
        for (const d of group) {
          // display_id is empty on some Linux setups: fall back to the order of the displays.
          const index = displays.indexOf(d)
          const source = sources.find((s) => s.display_id === d.id) ?? (sources.every((s) => !s.display_id) ? sources[index] : undefined)
          const bitmap = source ? bitmapOf(source) : undefined
          if (bitmap) out.set(d.id, bitmap)
        }
      }
      return out
    },
    async listWindows() {
      // Titles only (no app names) come from desktopCapturer; the app's icon is what identifies it
      // when the title does not name the app (most macOS document windows).
      const sources = await desktopCapturer.getSources({ types: ['window'], thumbnailSize: WINDOW_THUMBNAIL, fetchWindowIcons: true })
      return sources
        .filter((s) => !deps.isOwnSource?.(s.id) && !s.thumbnail.isEmpty())
        .map((s) => {
          const icon = iconOf(s)
          return { id: s.id, name: s.name, ...appNameOf(s.name), thumbnail: bitmapOf(s), ...(icon ? { icon } : {}) }
        })
    },
    async captureWindow(id) {
      const sources = await desktopCapturer.getSources({ types: ['window'], thumbnailSize: largest() })
      const source = sources.find((s) => s.id === id)
      return source ? bitmapOf(source) : undefined
    },
    async mediaSourceId({ kind, id }) {
      // No thumbnails: only the ids are wanted.
      const none = { width: 0, height: 0 }
      if (kind === 'window') return (await desktopCapturer.getSources({ types: ['window'], thumbnailSize: none })).find((s) => s.id === id)?.id
      const displays = deps.screen.displays()
      const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: none })
      const index = displays.findIndex((d) => d.id === id)
      return (sources.find((s) => s.display_id === id) ?? (sources.every((s) => !s.display_id) && index >= 0 ? sources[index] : undefined))?.id
    }
  }
}

export function createElectronCapturePorts(deps: {
  platform: string
  screen: ScreenLike
  desktopCapturer: DesktopCapturerLike
  systemPreferences?: SystemPreferencesLike
  openUrl: (url: string) => Promise<void>
  overlay: OverlayPort
  isOwnSource?: (sourceId: string) => boolean
}): CapturePorts {
  const screen = createElectronScreenPort(deps.screen)
  return {
    platform: deps.platform,
    screen,
    capturer: createElectronCapturerPort({ desktopCapturer: deps.desktopCapturer, screen, isOwnSource: deps.isOwnSource }),
    permission: createScreenPermission({ platform: deps.platform, systemPreferences: deps.systemPreferences, openUrl: deps.openUrl }),
    overlay: deps.overlay
  }
}
