/**
 * Capture behind ports: the service (sources, grab, region sessions), the macOS permission flow
 * with a fake systemPreferences, Electron's adapters with a fake desktopCapturer and screen. The
 * global shortcut: tests/unit/captureShortcut.test.ts.
 */
import { describe, expect, it, vi } from 'vitest'
import type { DesktopCapturerSource, Display, SourcesOptions } from 'electron'
import { appNameOf, createElectronCapturePorts, createElectronScreenPort } from '../../src/main/app/electronCapture'
import { createCaptureService } from '../../src/main/capture/captureService'
import { MAC_SCREEN_RECORDING_PANE, createScreenPermission } from '../../src/main/capture/permission'
import type { CapturePorts } from '../../src/main/capture/ports'
import { overlayWindowShape } from '../../src/main/windows/overlayShape'
import type { EventName } from '../../src/shared/ipc/contract'
import type { CaptureDisplay } from '../../src/shared/capture/schemas'
import { makePng } from '../support/images'

function display(id: number, x: number, y: number, width: number, height: number, scaleFactor: number, label = ''): Display {
  return { id, label, bounds: { x, y, width, height }, scaleFactor } as unknown as Display
}

function fakeImage(width: number, height: number): {
  isEmpty: () => boolean
  getSize: () => { width: number; height: number }
  toPNG: () => Uint8Array
  resize: (o: { width: number; height: number }) => ReturnType<typeof fakeImage>
} {
  return {
    isEmpty: () => width === 0,
    getSize: () => ({ width, height }),
    toPNG: () => makePng(Math.max(1, width), Math.max(1, height), () => [10, 20, 30]),
    resize: (o) => fakeImage(o.width, o.height)
  }
}

function fakeCapturer(screens: Display[], windows: Array<{ id: string; name: string; iconPx?: number }>) {
  const calls: SourcesOptions[] = []
  return {
    calls,
    async getSources(opts: SourcesOptions): Promise<DesktopCapturerSource[]> {
      calls.push(opts)
      const size = opts.thumbnailSize ?? { width: 150, height: 150 }
      if (opts.types.includes('screen')) {
        return screens.map((d, i) => {
          // Fitted within thumbnailSize, keeping the aspect ratio (as Electron does).
          const s = Math.min(size.width / d.bounds.width, size.height / d.bounds.height)
          return {
            id: `screen:${i}:0`,
            name: `Screen ${i + 1}`,
            display_id: String(d.id),
            thumbnail: fakeImage(Math.round(d.bounds.width * s), Math.round(d.bounds.height * s)),
            appIcon: null
          } as unknown as DesktopCapturerSource
        })
      }
      return windows.map(
        (w) =>
          ({
            id: w.id,
            name: w.name,
            display_id: '',
            thumbnail: fakeImage(Math.min(size.width, 800), Math.min(size.height, 600)),
            // Like Electron: an icon only when asked for (fetchWindowIcons) and the OS has one.
            appIcon: opts.fetchWindowIcons && w.iconPx ? fakeImage(w.iconPx, w.iconPx) : null
          }) as unknown as DesktopCapturerSource
      )
    }
  }
}

const screens = [display(1, 0, 0, 1440, 900, 2, 'Built-in'), display(2, -1920, -200, 1920, 1080, 1, 'DELL')]
const screen = { getAllDisplays: () => screens, getPrimaryDisplay: () => screens[0] }

function electronPorts(status = 'granted', platform = 'darwin') {
  const capturer = fakeCapturer(screens, [
    { id: 'window:1:0', name: 'README.md — Visual Studio Code', iconPx: 1024 },
    { id: 'window:2:0', name: 'Omnidesk' },
    { id: 'window:3:0', name: 'Quarterly report', iconPx: 16 }
  ])
  const opened: string[] = []
  const overlays: Array<{ id: string; displays: readonly CaptureDisplay[] } | { closed: string }> = []
  const ports = createElectronCapturePorts({
    platform,
    screen,
    desktopCapturer: capturer,
    systemPreferences: { getMediaAccessStatus: () => status },
    openUrl: async (u) => {
      opened.push(u)
    },
    overlay: { open: (id, displays) => void overlays.push({ id, displays }), close: (id) => void overlays.push({ closed: id }) },
    isOwnSource: (id) => id === 'window:2:0'
  })
  return { ports, capturer, opened, overlays }
}

function service(ports: CapturePorts) {
  const events: Array<{ name: EventName; payload: unknown }> = []
  const svc = createCaptureService(ports, (name, payload) => events.push({ name, payload }))
  return { svc, events }
}

describe('Electron screen and desktopCapturer adapters', () => {
  it('lists displays with DIP bounds (negative ones kept), scale factors and the primary', () => {
    expect(createElectronScreenPort(screen).displays()).toEqual([
      { id: '1', label: 'Built-in', bounds: { x: 0, y: 0, width: 1440, height: 900 }, scaleFactor: 2, primary: true },
      { id: '2', label: 'DELL', bounds: { x: -1920, y: -200, width: 1920, height: 1080 }, scaleFactor: 1, primary: false }
    ])
  })

  it('captures each display at its own device resolution (one call per size)', async () => {
    const { ports, capturer } = electronPorts()
    const frames = await ports.capturer.captureDisplays(ports.screen.displays())
    expect(frames.get('1')).toMatchObject({ width: 2880, height: 1800 })
    expect(frames.get('2')).toMatchObject({ width: 1920, height: 1080 })
    expect(capturer.calls.map((c) => c.thumbnailSize)).toEqual([
      { width: 2880, height: 1800 },
      { width: 1920, height: 1080 }
    ])
  })

  it('lists other apps windows with thumbnails, an app name from the title and the app icon; ours are left out', async () => {
    const { ports, capturer } = electronPorts()
    const windows = await ports.capturer.listWindows()
    expect(capturer.calls.at(-1)).toMatchObject({ types: ['window'], fetchWindowIcons: true })
    expect(windows.map((w) => [w.id, w.name, w.appName])).toEqual([
      ['window:1:0', 'README.md — Visual Studio Code', 'Visual Studio Code'],
      ['window:3:0', 'Quarterly report', undefined]
    ])
    expect(windows[0].thumbnail?.png.length).toBeGreaterThan(0)
    // A 1024 px macOS icon is scaled to 32 px before it crosses IPC; a small one is kept as is.
    expect([windows[0].icon?.width, windows[0].icon?.height]).toEqual([32, 32])
    expect(windows[1].icon?.width).toBe(16)
  })

  it('derives an app name only from a "Title — App" style suffix', () => {
    expect(appNameOf('Untitled')).toEqual({})
    expect(appNameOf('Inbox (3) - user@example.com - Gmail - Google Chrome')).toEqual({ appName: 'Google Chrome' })
    expect(appNameOf('Pull requests · omnidesk | GitHub')).toEqual({ appName: 'GitHub' })
    expect(appNameOf('Budget – Numbers')).toEqual({ appName: 'Numbers' })
    // Not an app: a number or a date at the end of a title.
    expect(appNameOf('Draft - 3')).toEqual({})
    expect(appNameOf('Minutes - 2024.11.25')).toEqual({})
  })

  it('the window list carries the app icon to the renderer as a data URL', async () => {
    const { ports } = electronPorts()
    const { svc } = service(ports)
    const { windows } = await svc.sources()
    expect(windows[0].appIcon).toMatch(/^data:image\/png;base64,/)
    expect(windows[1].appIcon).toMatch(/^data:image\/png;base64,/)
  })
})

describe('macOS Screen Recording permission', () => {
  it('reads systemPreferences on macOS only', () => {
    const fake = { getMediaAccessStatus: vi.fn(() => 'denied') }
    expect(createScreenPermission({ platform: 'darwin', systemPreferences: fake, openUrl: async () => {} }).status()).toBe('denied')
    expect(fake.getMediaAccessStatus).toHaveBeenCalledWith('screen')
    expect(createScreenPermission({ platform: 'win32', systemPreferences: fake, openUrl: async () => {} }).status()).toBe('not-needed')
    expect(createScreenPermission({ platform: 'darwin', systemPreferences: { getMediaAccessStatus: () => 'weird' }, openUrl: async () => {} }).status()).toBe('unknown')
  })

  it('denied: no capture at all, the reason says permission, and the pane opens on request', async () => {
    const { ports, capturer, opened, overlays } = electronPorts('denied')
    const { svc } = service(ports)
    expect(await svc.grab({ kind: 'display', id: '1' })).toEqual({ ok: false, reason: 'permission', permission: 'denied' })
    expect(await svc.startRegion()).toMatchObject({ ok: false, reason: 'permission' })
    expect((await svc.sources()).windows).toEqual([])
    expect(capturer.calls).toHaveLength(0)
    expect(overlays).toHaveLength(0)
    await svc.openPermissionSettings()
    expect(opened).toEqual([MAC_SCREEN_RECORDING_PANE])
  })

  it('not determined: capture proceeds (macOS shows its own prompt on the first capture)', async () => {
    const { ports } = electronPorts('not-determined')
    const { svc } = service(ports)
    expect(await svc.grab({ kind: 'display', id: '2' })).toMatchObject({ ok: true, image: { width: 1920, height: 1080, kind: 'display' } })
  })
})

describe('capture service', () => {
  it('region: captures every display FIRST, then opens overlays, serves frozen frames, reports the result once', async () => {
    const { ports, capturer, overlays } = electronPorts()
    const { svc, events } = service(ports)
    const started = await svc.startRegion()
    if (!started.ok) throw new Error('expected a session')
    expect(capturer.calls.length).toBeGreaterThan(0)
    expect(overlays).toHaveLength(1)
    const frame = await svc.overlayFrame({ sessionId: started.sessionId, displayId: '2' })
    expect(frame).toMatchObject({ width: 1920, height: 1080, display: { bounds: { x: -1920, y: -200 } } })
    expect(frame.dataUrl.startsWith('data:image/png;base64,')).toBe(true)
    const image = { dataUrl: 'data:image/png;base64,AAAA', width: 10, height: 10, label: 'r', kind: 'region' as const }
    await svc.finishRegion({ sessionId: started.sessionId, image })
    await svc.finishRegion({ sessionId: started.sessionId, image: null })
    expect(overlays.at(-1)).toEqual({ closed: started.sessionId })
    expect(events).toEqual([{ name: 'capture:onResult', payload: { sessionId: started.sessionId, cancelled: false, image } }])
    await expect(svc.overlayFrame({ sessionId: started.sessionId, displayId: '2' })).rejects.toThrow(/ended/)
  })

  it('a new region session cancels the previous one; cancelAll cancels', async () => {
    const { ports } = electronPorts()
    const { svc, events } = service(ports)
    const a = await svc.startRegion()
    const b = await svc.startRegion()
    svc.cancelAll()
    expect(events.map((e) => e.payload)).toEqual([
      { sessionId: (a as { sessionId: string }).sessionId, cancelled: true },
      { sessionId: (b as { sessionId: string }).sessionId, cancelled: true }
    ])
  })

  it('windows by id, unknown ids, and no ports at all', async () => {
    const { ports } = electronPorts()
    const { svc } = service(ports)
    expect(await svc.grab({ kind: 'window', id: 'window:1:0' })).toMatchObject({ ok: true, image: { label: 'README.md — Visual Studio Code', kind: 'window' } })
    expect(await svc.grab({ kind: 'window', id: 'nope' })).toEqual({ ok: false, reason: 'not-found' })
    expect(await svc.grab({ kind: 'display', id: '99' })).toEqual({ ok: false, reason: 'not-found' })
    const none = createCaptureService(undefined, () => {})
    expect(await none.startRegion()).toMatchObject({ ok: false, reason: 'unavailable' })
    expect((await none.sources()).displays).toEqual([])
  })

  it('a capturer failure is reported, not thrown', async () => {
    const { ports } = electronPorts()
    ports.capturer.captureDisplays = async () => {
      throw new Error('boom')
    }
    const { svc } = service(ports)
    expect(await svc.grab({ kind: 'display', id: '1' })).toEqual({ ok: false, reason: 'failed', detail: 'boom' })
    expect(await svc.startRegion()).toEqual({ ok: false, reason: 'failed', detail: 'boom' })
  })
})

describe('overlay windows and the global shortcut', () => {
  it('an overlay covers its display exactly, frameless and on top', () => {
    const shape = overlayWindowShape(
      { id: '2', label: '', bounds: { x: -1920, y: -200, width: 1920, height: 1080 }, scaleFactor: 1, primary: false },
      'darwin'
    )
    expect(shape).toMatchObject({ x: -1920, y: -200, width: 1920, height: 1080, frame: false, alwaysOnTop: true, enableLargerThanScreen: true, type: 'panel' })
  })
})
