/**
 * Window factory and hardening with a fake BrowserWindow (an EventEmitter with a fake
 * webContents and session): secure webPreferences that callers cannot override, navigation and
 * window.open guards, permission handlers, the dev CSP header, registry membership, and the
 * main window's close behaviour per platform.
 */
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mainWindowCloseAction } from '../../src/main/windows/closeBehaviour'
import { attachNavigationGuards, hardenSession, windowKindOfContents, withHeader, type HardenableSession } from '../../src/main/windows/guards'
import { WindowRegistry } from '../../src/main/windows/registry'
import { SECURE_WEB_PREFERENCES, buildSecureWindowOptions } from '../../src/main/windows/secureOptions'

type PermissionRequestHandler = Parameters<HardenableSession['setPermissionRequestHandler']>[0]
type PermissionCheckHandler = Parameters<HardenableSession['setPermissionCheckHandler']>[0]
type HeadersListener = Parameters<HardenableSession['webRequest']['onHeadersReceived']>[0]

const MAIN_CONTENTS_ID = 1001
const OVERLAY_CONTENTS_ID = 1002
const windowOf = windowKindOfContents({ kindOfWebContents: (id) => (id === MAIN_CONTENTS_ID ? 'main' : id === OVERLAY_CONTENTS_ID ? 'capture' : undefined) })

class FakeSession implements HardenableSession {
  requestHandler?: PermissionRequestHandler
  checkHandler?: PermissionCheckHandler
  headersListener?: HeadersListener
  setPermissionRequestHandler(h: PermissionRequestHandler) {
    this.requestHandler = h
  }
  setPermissionCheckHandler(h: PermissionCheckHandler) {
    this.checkHandler = h
  }
  webRequest = { onHeadersReceived: (l: HeadersListener) => void (this.headersListener = l) }
  request(permission: string, requestingUrl: string, mediaTypes?: Array<'audio' | 'video'>, contents: unknown = { id: MAIN_CONTENTS_ID }): boolean {
    let granted: boolean | undefined
    this.requestHandler!(contents, permission, (g) => (granted = g), { requestingUrl, mediaTypes })
    return granted!
  }
}

let nextId = 1
class FakeWebContents extends EventEmitter {
  id = nextId++
  session = new FakeSession()
  openHandler?: (details: { url: string }) => { action: 'deny' }
  loading = true
  sent: Array<[string, unknown]> = []
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = h
  }
  isDestroyed = () => false
  isLoading = () => this.loading
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload])
  }
  /** Emits a preventable navigation event like Electron's will-navigate / will-redirect. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false
    this.emit(event, { url, preventDefault: () => (prevented = true) })
    return prevented
  }
}

const created = vi.hoisted(() => ({ windows: [] as unknown[] }))
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  class BrowserWindow extends Emitter {
    webContents = new FakeWebContents()
    destroyed = false
    visible = false
    loadedUrl?: string
    constructor(readonly options: Record<string, unknown>) {
      super()
      created.windows.push(this)
    }
    isDestroyed = () => this.destroyed
    loadURL = async (url: string) => void (this.loadedUrl = url)
    show = () => void (this.visible = true)
    hide = () => void (this.visible = false)
    isMinimized = () => false
    restore = () => {}
    focus = () => {}
    close() {
      let prevented = false
      this.emit('close', { preventDefault: () => (prevented = true) })
      if (prevented) return
      this.destroyed = true
      this.emit('closed')
    }
  }
  return { BrowserWindow }
})

const trusted = ['app://omnidesk']

describe('secure window options', () => {
  it('always sets the secure webPreferences and the preload', () => {
    const options = buildSecureWindowOptions({ shape: { width: 800, show: false }, preloadPath: '/out/preload/index.js', kind: 'main', devTools: false })
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: '/out/preload/index.js',
      // The preload reads the window's kind from its command line and exposes only its channels.
      additionalArguments: ['--omnidesk-window=main']
    })
    expect(options.width).toBe(800)
  })

  it('cannot be weakened by a caller', () => {
    const sneaky = {
      shape: { webPreferences: { nodeIntegration: true } } as never,
      preloadPath: '/p.js',
      kind: 'capture' as const,
      webPreferences: { backgroundThrottling: false, sandbox: false, contextIsolation: false, devTools: true, preload: '/evil.js', additionalArguments: ['--omnidesk-window=main'] } as never,
      devTools: false
    }
    const options = buildSecureWindowOptions(sneaky)
    expect(options.webPreferences).toEqual({ backgroundThrottling: false, ...SECURE_WEB_PREFERENCES, devTools: false, preload: '/p.js', additionalArguments: ['--omnidesk-window=capture'] })
  })
})

describe('navigation guards', () => {
  let contents: FakeWebContents
  const openExternal = vi.fn()
  beforeEach(() => {
    contents = new FakeWebContents()
    openExternal.mockReset()
    attachNavigationGuards(contents, { trustedOrigins: trusted, openExternal })
  })

  it('lets our own pages navigate', () => {
    expect(contents.navigate('will-navigate', 'app://omnidesk/index.html#/settings')).toBe(false)
    expect(contents.navigate('will-redirect', 'app://omnidesk/index.html')).toBe(false)
  })

  it('prevents navigation away and opens web links in the browser', () => {
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true)
    expect(openExternal).toHaveBeenCalledWith('https://example.com/')
  })

  it('prevents file:, javascript: and custom schemes without opening them', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:privacy']) {
      expect(contents.navigate('will-navigate', url)).toBe(true)
    }
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('prevents redirects out of our origin without opening them', () => {
    expect(contents.navigate('will-redirect', 'https://example.com/')).toBe(true)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('denies window.open, opening http(s) externally after the check', () => {
    expect(contents.openHandler!({ url: 'https://example.com/a' })).toEqual({ action: 'deny' })
    expect(contents.openHandler!({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' })
    expect(contents.openHandler!({ url: 'app://omnidesk/index.html' })).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://example.com/a']])
  })

  it('refuses to attach a webview', () => {
    let prevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })

  it('is idempotent: guarding twice does not double the listeners', () => {
    attachNavigationGuards(contents, { trustedOrigins: trusted, openExternal })
    contents.navigate('will-navigate', 'https://example.com/')
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(contents.listenerCount('will-navigate')).toBe(1)
  })
})

describe('session hardening', () => {
  it('grants the microphone and clipboard writes to our windows at our origin only, denies everything else', () => {
    const session = new FakeSession()
    hardenSession(session, { trustedOrigins: trusted, openExternal: vi.fn(), windowOf })
    expect(session.request('media', 'app://omnidesk/index.html', ['audio'])).toBe(true)
    expect(session.request('clipboard-sanitized-write', 'app://omnidesk/index.html')).toBe(true)
    expect(session.request('media', 'https://evil.example/', ['audio'])).toBe(false)
    expect(session.request('geolocation', 'app://omnidesk/index.html')).toBe(false)
    expect(session.request('notifications', 'app://omnidesk/index.html')).toBe(false)
    const main = { id: MAIN_CONTENTS_ID }
    expect(session.checkHandler!(main, 'media', 'app://omnidesk', { mediaType: 'audio' })).toBe(true)
    expect(session.checkHandler!(main, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false)
    expect(session.checkHandler!(main, 'display-capture', 'app://omnidesk', {})).toBe(false)
  })

  it('looks at what a media request asks for and which window asks: the camera and the overlay get nothing', () => {
    const session = new FakeSession()
    hardenSession(session, { trustedOrigins: trusted, openExternal: vi.fn(), windowOf })
    expect(session.request('media', 'app://omnidesk/index.html', ['audio', 'video'])).toBe(false)
    expect(session.request('media', 'app://omnidesk/index.html', ['video'])).toBe(false)
    expect(session.request('media', 'app://omnidesk/index.html', undefined)).toBe(false)
    expect(session.request('media', 'app://omnidesk/capture.html', ['audio'], { id: OVERLAY_CONTENTS_ID })).toBe(false)
    expect(session.request('media', 'app://omnidesk/index.html', ['audio'], { id: 4242 })).toBe(false)
    expect(session.checkHandler!({ id: MAIN_CONTENTS_ID }, 'media', 'app://omnidesk', { mediaType: 'video' })).toBe(false)
    expect(session.checkHandler!(null, 'media', 'app://omnidesk', { mediaType: 'audio' })).toBe(false)
  })

  it('video goes to the window the policy says shares now, and stops when it no longer does', () => {
    const session = new FakeSession()
    const sharing = new Set<string>()
    hardenSession(session, { trustedOrigins: trusted, openExternal: vi.fn(), windowOf, videoAllowed: (window) => window !== undefined && sharing.has(window) })
    expect(session.request('media', 'app://omnidesk/index.html', ['video'])).toBe(false)
    sharing.add('main')
    expect(session.request('media', 'app://omnidesk/index.html', ['video'])).toBe(true)
    expect(session.checkHandler!({ id: MAIN_CONTENTS_ID }, 'media', 'app://omnidesk', { mediaType: 'video' })).toBe(true)
    expect(session.request('media', 'app://omnidesk/capture.html', ['video'], { id: OVERLAY_CONTENTS_ID })).toBe(false)
    sharing.delete('main')
    expect(session.request('media', 'app://omnidesk/index.html', ['video'])).toBe(false)
  })

  it('adds the dev CSP header to dev-server responses only, replacing any existing one', () => {
    const session = new FakeSession()
    hardenSession(session, { trustedOrigins: ['http://localhost:5173'], openExternal: vi.fn(), devServerOrigin: 'http://localhost:5173', windowOf })
    const respond = (url: string, responseHeaders: Record<string, string[]>) => {
      let response: { responseHeaders?: Record<string, string | string[]> } | undefined
      session.headersListener!({ url, responseHeaders }, (r) => (response = r))
      return response!
    }
    const dev = respond('http://localhost:5173/index.html', { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] })
    expect(dev.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [expect.stringContaining("connect-src 'self' ws://localhost:5173")]
    })
    expect(respond('https://cdn.example/x.js', {})).toEqual({})
  })

  it("puts vite's dev nonce in the dev CSP header", () => {
    const session = new FakeSession()
    const nonce = 'Hmn2oRLAh1umlJ8GRveZncfq'
    hardenSession(session, { trustedOrigins: ['http://localhost:5173'], openExternal: vi.fn(), devServerOrigin: 'http://localhost:5173', devScriptNonce: nonce, windowOf })
    let response: { responseHeaders?: Record<string, string | string[]> } | undefined
    session.headersListener!({ url: 'http://localhost:5173/', responseHeaders: {} }, (r) => (response = r))
    expect(String(response!.responseHeaders!['Content-Security-Policy'])).toContain(`script-src 'self' 'wasm-unsafe-eval' 'nonce-${nonce}'`)
  })

  it('leaves headers alone in production (app:// sets its own)', () => {
    const session = new FakeSession()
    hardenSession(session, { trustedOrigins: trusted, openExternal: vi.fn(), windowOf })
    let response: unknown
    session.headersListener!({ url: 'https://example.com/' }, (r) => (response = r))
    expect(response).toEqual({})
  })

  it('withHeader is case-insensitive', () => {
    expect(withHeader({ 'X-A': ['1'], 'content-security-policy': ['x'] }, 'Content-Security-Policy', 'y')).toEqual({
      'X-A': ['1'],
      'Content-Security-Policy': ['y']
    })
  })
})

describe('createSecureWindow (fake BrowserWindow)', () => {
  it('creates, hardens, guards and registers the window', async () => {
    const { createSecureWindow } = await import('../../src/main/windows/factory')
    const registry = new WindowRegistry()
    const openExternal = vi.fn()
    const win = createSecureWindow(
      { registry: registry as never, policy: { trustedOrigins: trusted, openExternal }, preloadPath: '/out/preload/index.js', devTools: false },
      { kind: 'companion', shape: { width: 600, height: 80, frame: false }, webPreferences: { backgroundThrottling: false } }
    ) as unknown as { options: { webPreferences: Record<string, unknown> }; webContents: FakeWebContents }
    expect(win.options.webPreferences).toMatchObject({ ...SECURE_WEB_PREFERENCES, backgroundThrottling: false, preload: '/out/preload/index.js' })
    expect(registry.get('companion')).toBe(win)
    expect(registry.kindOfWebContents(win.webContents.id)).toBe('companion')
    expect(win.webContents.session.requestHandler).toBeDefined()
    expect(win.webContents.navigate('will-navigate', 'https://example.com/')).toBe(true)
    expect(openExternal).toHaveBeenCalledWith('https://example.com/')
  })

  it("a window's events wait until its page is ready; a reload starts the wait again", async () => {
    const { createSecureWindow } = await import('../../src/main/windows/factory')
    const registry = new WindowRegistry()
    const win = createSecureWindow(
      { registry: registry as never, policy: { trustedOrigins: trusted, openExternal: vi.fn() }, preloadPath: '/p.js', devTools: false },
      { kind: 'main', shape: {} }
    ) as unknown as { webContents: FakeWebContents }
    registry.events.emit('app:onCommand', { command: 'new-chat' }, 'main')
    expect(win.webContents.sent).toEqual([])
    registry.events.ready(win.webContents.id)
    expect(win.webContents.sent).toEqual([['app:onCommand', { command: 'new-chat' }]])
    win.webContents.emit('did-start-loading')
    registry.events.emit('app:onCommand', { command: 'open-settings' }, 'main')
    expect(win.webContents.sent).toHaveLength(1)
    registry.events.ready(win.webContents.id)
    expect(win.webContents.sent).toHaveLength(2)
  })
})

describe('main window close behaviour', () => {
  it('decides per platform and quitting state', () => {
    expect(mainWindowCloseAction({ platform: 'darwin', quitting: false })).toBe('hide')
    expect(mainWindowCloseAction({ platform: 'darwin', quitting: true })).toBe('close')
    expect(mainWindowCloseAction({ platform: 'win32', quitting: false })).toBe('close-and-quit')
    expect(mainWindowCloseAction({ platform: 'linux', quitting: false })).toBe('close-and-quit')
    expect(mainWindowCloseAction({ platform: 'linux', quitting: true })).toBe('close')
  })

  async function mainWindow(platform: NodeJS.Platform, quitting: { value: boolean }) {
    const { createMainWindow } = await import('../../src/main/windows/mainWindow')
    const onCloseAndQuit = vi.fn()
    const registry = new WindowRegistry()
    const win = createMainWindow(
      { registry: registry as never, policy: { trustedOrigins: trusted, openExternal: vi.fn() }, preloadPath: '/p.js', devTools: false },
      { url: 'app://omnidesk/index.html', platform, isQuitting: () => quitting.value, onCloseAndQuit, backgroundColor: '#fff' }
    ) as unknown as { close(): void; emit(e: string): void; visible: boolean; destroyed: boolean; loadedUrl: string }
    return { win, onCloseAndQuit, registry }
  }

  it('macOS: closing hides until the app quits', async () => {
    const quitting = { value: false }
    const { win, onCloseAndQuit, registry } = await mainWindow('darwin', quitting)
    expect(win.loadedUrl).toBe('app://omnidesk/index.html')
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
    win.close()
    expect(win.visible).toBe(false)
    expect(win.destroyed).toBe(false)
    expect(registry.get('main')).toBe(win)
    quitting.value = true
    win.close()
    expect(win.destroyed).toBe(true)
    expect(registry.get('main')).toBeUndefined()
    expect(onCloseAndQuit).not.toHaveBeenCalled()
  })

  it('Windows/Linux: closing the main window quits the app', async () => {
    const { win, onCloseAndQuit } = await mainWindow('win32', { value: false })
    win.close()
    expect(win.destroyed).toBe(true)
    expect(onCloseAndQuit).toHaveBeenCalledTimes(1)
  })
})
