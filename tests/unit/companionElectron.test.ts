/**
 * The companion's Electron glue with fakes of BrowserWindow, screen, globalShortcut, clipboard
 * and app: the window's options per platform (panel, floating level, every Space, throttling),
 * closing only hides it until a quit starts, the CompanionDesktopPort over those objects (placement on
 * the display under the pointer, the Windows double setBounds, app.hide for focus return, the
 * Linux selection), and the wiring (the focus poll for electron/electron#3222, macOS
 * did-resign-active, dispose on quit).
 */
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => ({
  windows: [] as Array<Record<string, unknown>>,
  registered: new Map<string, () => void>(),
  taken: new Set<string>(),
  appListeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  appHidden: false,
  calls: [] as string[],
  cursor: { x: 100, y: 100 },
  displays: [] as Array<{ id: number; bounds: object; workArea: object; scaleFactor: number }>,
  clipboardText: 'from the clipboard',
  notifications: [] as Array<{ title: string; body: string }>
}))

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  let nextId = 1
  class FakeSession {
    setPermissionRequestHandler() {}
    setPermissionCheckHandler() {}
    webRequest = { onHeadersReceived() {} }
  }
  class FakeWebContents extends Emitter {
    id = nextId++
    session = new FakeSession()
    isDestroyed = () => false
    isLoading = () => false
    send() {}
    setWindowOpenHandler() {}
  }
  class BrowserWindow extends Emitter {
    webContents = new FakeWebContents()
    destroyed = false
    visible = false
    focused = false
    bounds = { x: 0, y: 0, width: 680, height: 96 }
    loaded: string[] = []
    calls: Array<[string, ...unknown[]]> = []
    constructor(readonly options: Record<string, unknown>) {
      super()
      fake.windows.push(this as unknown as Record<string, unknown>)
    }
    isDestroyed = () => this.destroyed
    isVisible = () => this.visible
    isFocused = () => this.focused
    loadURL = async (url: string) => void this.loaded.push(url)
    getBounds = () => ({ ...this.bounds })
    setBounds = (b: Partial<typeof this.bounds>) => {
      this.calls.push(['setBounds', { ...b }])
      this.bounds = { ...this.bounds, ...b }
    }
    show = () => {
      this.calls.push(['show'])
      this.visible = true
    }
    hide = () => {
      this.calls.push(['hide'])
      this.visible = false
      this.emit('hide')
    }
    focus = () => {
      this.calls.push(['focus'])
      this.focused = true
    }
    setAlwaysOnTop = (...args: unknown[]) => void this.calls.push(['setAlwaysOnTop', ...args])
    setVisibleOnAllWorkspaces = (...args: unknown[]) => void this.calls.push(['setVisibleOnAllWorkspaces', ...args])
    destroy = () => {
      this.destroyed = true
      this.emit('closed')
    }
    close() {
      let prevented = false
      this.emit('close', { preventDefault: () => (prevented = true) })
      if (prevented) return
      this.destroy()
    }
  }
  const on = (event: string, listener: (...args: unknown[]) => void) => {
    if (!fake.appListeners.has(event)) fake.appListeners.set(event, new Set())
    fake.appListeners.get(event)!.add(listener)
  }
  return {
    BrowserWindow,
    app: {
      on,
      removeListener: (event: string, listener: (...args: unknown[]) => void) => fake.appListeners.get(event)?.delete(listener),
      hide: () => {
        fake.calls.push('app.hide')
        fake.appHidden = true
      },
      show: () => {
        fake.calls.push('app.show')
        fake.appHidden = false
      },
      isHidden: () => fake.appHidden
    },
    screen: {
      getAllDisplays: () => fake.displays,
      getCursorScreenPoint: () => fake.cursor,
      getDisplayNearestPoint: () => {
        throw new Error('not in this fake')
      }
    },
    clipboard: {
      readText: async () => fake.clipboardText,
      selection: { readText: async () => 'the selection' }
    },
    globalShortcut: {
      register: (a: string, cb: () => void) => {
        if (fake.taken.has(a) || fake.registered.has(a)) return false
        fake.registered.set(a, cb)
        return true
      },
      unregister: (a: string) => void fake.registered.delete(a),
      isRegistered: (a: string) => fake.registered.has(a)
    },
    Notification: class {
      static isSupported = () => true
      constructor(private readonly n: { title: string; body: string }) {}
      on() {}
      show() {
        fake.notifications.push(this.n)
      }
    }
  }
})

import { createElectronCompanionDesktop, screenSnapshot, type CompanionWindowLike } from '../../src/main/app/electronCompanionDesktop'
import { createCompanionWiring, FOCUS_POLL_MS, wantsCompanionToggle } from '../../src/main/app/companionWiring'
import { createCompanionService } from '../../src/main/companion/service'
import type { MainServices } from '../../src/main/services'
import { createPreferences } from '../../src/main/store/preferences'
import type { PreferencesPort } from '../../src/main/store/types'
import { COMPANION_WEB_PREFERENCES, companionWindowShape, createCompanionWindow } from '../../src/main/windows/companionWindow'
import type { WindowContext } from '../../src/main/windows/factory'
import { WindowRegistry } from '../../src/main/windows/registry'
import { SECURE_WEB_PREFERENCES } from '../../src/main/windows/secureOptions'

type FakeWin = EventEmitter & {
  options: Record<string, unknown>
  calls: Array<[string, ...unknown[]]>
  loaded: string[]
  visible: boolean
  focused: boolean
  destroyed: boolean
  bounds: { x: number; y: number; width: number; height: number }
  close(): void
  webContents: EventEmitter & { id: number }
}

const LAPTOP = { id: 1, bounds: { x: 0, y: 0, width: 1512, height: 982 }, workArea: { x: 0, y: 37, width: 1512, height: 945 }, scaleFactor: 2 }
const LEFT = { id: 2, bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, workArea: { x: -1920, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 }

function context(): WindowContext {
  return {
    registry: new WindowRegistry() as unknown as WindowContext['registry'],
    policy: { trustedOrigins: ['app://omnidesk'], openExternal: () => {} },
    preloadPath: '/out/preload/index.js',
    devTools: false
  }
}

beforeEach(() => {
  fake.windows.length = 0
  fake.registered.clear()
  fake.taken.clear()
  fake.appListeners.clear()
  fake.appHidden = false
  fake.calls.length = 0
  fake.notifications.length = 0
  fake.displays = [LAPTOP, LEFT]
  fake.cursor = { x: 300, y: 300 }
})

describe('the companion window', () => {
  it('is a frameless, transparent, always-on-top panel without a taskbar entry', () => {
    const mac = companionWindowShape('darwin')
    expect(mac).toMatchObject({
      show: false,
      frame: false,
      transparent: true,
      resizable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      fullscreenable: false,
      type: 'panel',
      hiddenInMissionControl: true,
      paintWhenInitiallyHidden: true
    })
    expect(companionWindowShape('win32').type).toBeUndefined()
    expect(companionWindowShape('win32').thickFrame).toBe(false)
    expect(companionWindowShape('linux').type).toBeUndefined()
  })

  it('gets the secure webPreferences, keeps background throttling on, and joins every Space', () => {
    const win = createCompanionWindow(context(), {
      url: 'app://omnidesk/companion.html',
      platform: 'darwin',
      isQuitting: () => false,
      onFocus: () => {},
      onBlur: () => {},
      onHide: () => {}
    }) as unknown as FakeWin
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ ...SECURE_WEB_PREFERENCES, backgroundThrottling: true, preload: '/out/preload/index.js' })
    expect(COMPANION_WEB_PREFERENCES.backgroundThrottling).toBe(true)
    expect(win.calls).toContainEqual(['setAlwaysOnTop', true, 'floating'])
    expect(win.calls).toContainEqual(['setVisibleOnAllWorkspaces', true, { visibleOnFullScreen: true, skipTransformProcessType: true }])
    expect(win.loaded).toEqual(['app://omnidesk/companion.html'])
  })

  it('does not call setVisibleOnAllWorkspaces on Windows (it does nothing there)', () => {
    const win = createCompanionWindow(context(), {
      url: 'u',
      platform: 'win32',
      isQuitting: () => false,
      onFocus: () => {},
      onBlur: () => {},
      onHide: () => {}
    }) as unknown as FakeWin
    expect(win.calls.some(([name]) => name === 'setVisibleOnAllWorkspaces')).toBe(false)
  })

  it('closing hides it, until a quit starts: then it closes and never holds the quit up', () => {
    let quitting = false
    const ctx = context()
    const win = createCompanionWindow(ctx, {
      url: 'u',
      platform: 'darwin',
      isQuitting: () => quitting,
      onFocus: () => {},
      onBlur: () => {},
      onHide: () => {}
    }) as unknown as FakeWin
    expect(ctx.registry.get('companion')).toBe(win)
    win.visible = true
    win.close()
    expect(win.destroyed).toBe(false)
    expect(win.visible).toBe(false)
    quitting = true
    win.close()
    expect(win.destroyed).toBe(true)
    expect(ctx.registry.get('companion')).toBeUndefined()
  })

  it('reloads its page when the renderer crashed, but not while quitting', () => {
    let quitting = false
    const win = createCompanionWindow(context(), {
      url: 'app://omnidesk/companion.html',
      platform: 'linux',
      isQuitting: () => quitting,
      onFocus: () => {},
      onBlur: () => {},
      onHide: () => {}
    }) as unknown as FakeWin
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' })
    expect(win.loaded).toHaveLength(2)
    quitting = true
    win.webContents.emit('render-process-gone', {}, { reason: 'killed' })
    expect(win.loaded).toHaveLength(2)
  })
})

class HostWindow implements CompanionWindowLike {
  calls: Array<[string, ...unknown[]]> = []
  visible = false
  bounds = { x: 0, y: 0, width: 680, height: 96 }
  isDestroyed = () => false
  isVisible = () => this.visible
  getBounds = () => ({ ...this.bounds })
  setBounds = (b: Partial<HostWindow['bounds']>) => {
    this.calls.push(['setBounds', { ...b }])
    this.bounds = { ...this.bounds, ...b }
  }
  show = () => {
    this.calls.push(['show'])
    this.visible = true
  }
  focus = () => void this.calls.push(['focus'])
  hide = () => {
    this.calls.push(['hide'])
    this.visible = false
  }
  setAlwaysOnTop = (...a: unknown[]) => void this.calls.push(['setAlwaysOnTop', ...a])
}

function host(platform: string, win = new HostWindow(), opts: { otherVisible?: boolean } = {}) {
  const app = { hidden: false, calls: [] as string[] }
  const opened: string[] = []
  const h = createElectronCompanionDesktop({
    platform,
    window: () => win,
    otherWindows: () => [{ isDestroyed: () => false, isVisible: () => !!opts.otherVisible }],
    screen: {
      getAllDisplays: () => [LAPTOP, LEFT],
      getCursorScreenPoint: () => ({ x: -10, y: 10 }),
      getDisplayNearestPoint: () => ({ id: 2 })
    },
    clipboard: { readText: async () => 'clip', selection: { readText: async () => 'sel' } },
    globalShortcut: { register: () => true, unregister: () => {}, isRegistered: () => false },
    app: {
      hide: () => {
        app.calls.push('hide')
        app.hidden = true
      },
      show: () => {
        app.calls.push('show')
        app.hidden = false
      },
      isHidden: () => app.hidden
    },
    notify: () => {},
    openInMain: (id) => void opened.push(id),
    openProviderSetup: () => {}
  })
  return { h, win, app, opened }
}

describe('the Electron CompanionDesktopPort', () => {
  it('reads the displays and the pointer, with the OS’s own display answer', () => {
    const snap = screenSnapshot({
      getAllDisplays: () => [LAPTOP, LEFT],
      getCursorScreenPoint: () => ({ x: -10, y: 10 }),
      getDisplayNearestPoint: () => ({ id: 2 })
    })
    expect(snap.cursor).toEqual({ x: -10, y: 10 })
    expect(snap.cursorDisplayId).toBe('2')
    expect(snap.displays.map((d) => d.id)).toEqual(['1', '2'])
  })

  it('show: bounds, show, floating level again, focus', () => {
    const { h, win } = host('darwin')
    h.show({ bounds: { x: -1300, y: 100, width: 680, height: 96 }, scaleFactor: 1 })
    expect(win.calls).toEqual([
      ['setBounds', { x: -1300, y: 100, width: 680, height: 96 }],
      ['show'],
      ['setAlwaysOnTop', true, 'floating'],
      ['focus']
    ])
  })

  it('Windows: moving to a display with another scale factor sets the bounds twice', () => {
    const { h, win } = host('win32')
    const b = { x: 0, y: 100, width: 680, height: 96 }
    h.show({ bounds: b, scaleFactor: 1 })
    h.show({ bounds: b, scaleFactor: 1.5 })
    h.show({ bounds: b, scaleFactor: 1.5 })
    expect(win.calls.filter(([n]) => n === 'setBounds')).toHaveLength(4)
  })

  it('hide with focus return: app.hide on macOS for hide-app, only the window otherwise', () => {
    const mac = host('darwin')
    mac.win.visible = true
    mac.h.hide('hide-app')
    expect(mac.win.visible).toBe(false)
    expect(mac.app.calls).toEqual(['hide'])
    const mac2 = host('darwin')
    mac2.win.visible = true
    mac2.h.hide('hide-window')
    expect(mac2.app.calls).toEqual([])
    const win = host('win32')
    win.win.visible = true
    win.h.hide('hide-app')
    expect(win.app.calls).toEqual([])
  })

  it('after app.hide, the next show unhides the app first', () => {
    const { h, app } = host('darwin')
    h.hide('hide-app')
    h.show({ bounds: { x: 0, y: 0, width: 680, height: 96 }, scaleFactor: 2 })
    expect(app.calls).toEqual(['hide', 'show'])
  })

  it('setHeight keeps the top edge and width', () => {
    const { h, win } = host('darwin')
    win.bounds = { x: -1300, y: 120, width: 680, height: 96 }
    h.setHeight(400)
    expect(win.bounds).toEqual({ x: -1300, y: 120, width: 680, height: 400 })
    win.calls.length = 0
    h.setHeight(400)
    expect(win.calls).toEqual([])
  })

  it('reads the Linux primary selection too, elsewhere only the clipboard', async () => {
    expect(await host('linux').h.readClipboard()).toEqual({ clipboard: 'clip', selection: 'sel' })
    expect(await host('darwin').h.readClipboard()).toEqual({ clipboard: 'clip' })
  })

  it('knows whether another Omnidesk window is visible', () => {
    expect(host('darwin', undefined, { otherVisible: true }).h.otherWindowsVisible()).toBe(true)
    expect(host('darwin').h.otherWindowsVisible()).toBe(false)
  })
})

function memoryBackend(): PreferencesPort {
  const data = new Map<string, unknown>()
  return { get: (k) => structuredClone(data.get(k)), set: (k, v) => void data.set(k, structuredClone(v)), delete: (k) => void data.delete(k) }
}

describe('the wiring (Electron app)', () => {
  let platform: PropertyDescriptor | undefined
  beforeEach(() => {
    vi.useFakeTimers()
    platform = Object.getOwnPropertyDescriptor(process, 'platform')
    Object.defineProperty(process, 'platform', { value: 'darwin' })
  })
  afterEach(() => {
    vi.useRealTimers()
    if (platform) Object.defineProperty(process, 'platform', platform)
  })

  function wire(opts: { taken?: string[] } = {}) {
    for (const t of opts.taken ?? []) fake.taken.add(t)
    let quitting = false
    const ctx = context()
    const main = { isDestroyed: () => false, isVisible: () => false }
    const wiring = createCompanionWiring({
      context: ctx,
      source: { mode: 'app', origin: 'app://omnidesk', baseUrl: 'app://omnidesk/' },
      isQuitting: () => quitting,
      showMain: () => undefined,
      log: () => {}
    })
    const prefs = createPreferences(memoryBackend())
    const companion = createCompanionService({
      host: wiring.host,
      platform: 'darwin',
      settings: () => prefs.getSettings(),
      updateSettings: (p) => prefs.updateSettings(p),
      backend: memoryBackend(),
      conversationUpdatedAt: async () => null,
      emit: () => {},
      language: () => 'en'
    })
    const services = { companion, handlers: {} as MainServices['handlers'], close: async () => {} } as MainServices
    wiring.start(services)
    const win = fake.windows[0] as unknown as FakeWin
    return { wiring, companion, win, main, ctx, quit: () => (quitting = true) }
  }

  const flush = async (): Promise<void> => {
    await vi.advanceTimersByTimeAsync(0)
  }

  it('creates the hidden window at start-up and registers the shortcut; pressing it shows the window on the pointer’s display', async () => {
    const { win } = wire()
    expect(fake.windows).toHaveLength(1)
    expect(win.visible).toBe(false)
    expect(win.loaded).toEqual(['app://omnidesk/companion.html'])
    expect([...fake.registered.keys()]).toEqual(['Alt+Space'])
    fake.cursor = { x: -500, y: 500 }
    fake.registered.get('Alt+Space')!()
    await flush()
    expect(win.visible).toBe(true)
    expect(win.bounds.x).toBe(-1920 + (1920 - 680) / 2)
  })

  it('polls focus while shown and unpinned, and hides when focus is gone (no blur event)', async () => {
    const { win, companion } = wire()
    fake.registered.get('Alt+Space')!()
    await flush()
    expect(win.focused).toBe(true)
    await vi.advanceTimersByTimeAsync(FOCUS_POLL_MS * 2)
    expect(win.visible).toBe(true)
    win.focused = false // the user clicked another app; no 'blur' arrived
    await vi.advanceTimersByTimeAsync(FOCUS_POLL_MS * 2)
    expect(win.visible).toBe(false)
    expect(companion.state.visible).toBe(false)
    // macOS, no other window: the app was hidden so focus goes back to the previous app.
    expect(fake.calls).toContain('app.hide')
    // The poll stopped with the window hidden: nothing runs while hidden.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('pinned: no poll, and a click elsewhere does not hide it', async () => {
    const { win, companion } = wire()
    fake.registered.get('Alt+Space')!()
    await flush()
    companion.handlers.setPinned({ pinned: true })
    await flush()
    expect(vi.getTimerCount()).toBe(0)
    win.focused = false
    win.emit('blur')
    await vi.advanceTimersByTimeAsync(1000)
    expect(win.visible).toBe(true)
  })

  it('macOS: the app resigning active counts as a blur', async () => {
    const { win } = wire()
    fake.registered.get('Alt+Space')!()
    await flush()
    win.emit('focus')
    await vi.advanceTimersByTimeAsync(300)
    for (const l of fake.appListeners.get('did-resign-active') ?? []) l()
    await flush()
    expect(win.visible).toBe(false)
  })

  it('a conflict at start-up notifies the user and the tray still toggles it', async () => {
    const { wiring, win } = wire({ taken: ['Alt+Space'] })
    expect(fake.registered.size).toBe(0)
    expect(fake.notifications).toHaveLength(1)
    expect(fake.notifications[0].body).toContain('⌥⇧Space')
    wiring.toggle()
    await flush()
    expect(win.visible).toBe(true)
  })

  it('a second launch with --companion toggles it (a desktop shortcut where global ones are not delivered)', async () => {
    expect(wantsCompanionToggle(['/usr/bin/omnidesk', '--companion'])).toBe(true)
    expect(wantsCompanionToggle(['/usr/bin/omnidesk'])).toBe(false)
    const { wiring, win } = wire()
    wiring.toggle('api')
    await flush()
    expect(win.visible).toBe(true)
  })

  it('dispose (on quit) stops the poll, releases the shortcut, drops listeners and destroys the window', async () => {
    const { wiring, win } = wire()
    fake.registered.get('Alt+Space')!()
    await flush()
    expect(vi.getTimerCount()).toBe(1)
    wiring.dispose()
    expect(vi.getTimerCount()).toBe(0)
    expect(fake.registered.size).toBe(0)
    expect(fake.appListeners.get('did-resign-active')?.size ?? 0).toBe(0)
    expect(win.destroyed).toBe(true)
  })
})
