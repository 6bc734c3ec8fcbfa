import { describe, expect, it } from 'vitest'
import { decideNavigation, decideRedirect, decideWindowOpen } from '../../src/main/security/navigation'
import { isPermissionAllowed, type PermissionAsk } from '../../src/main/security/permissions'
import { createSenderCheck } from '../../src/main/security/senderCheck'

const trusted = ['app://omnidesk']

describe('navigation decisions', () => {
  it('stays in the window only for our origin', () => {
    expect(decideNavigation('app://omnidesk/index.html#/settings', trusted)).toEqual({ allowInWindow: true, openExternally: false })
  })
  it('sends web links to the browser instead of navigating', () => {
    expect(decideNavigation('https://example.com/', trusted)).toEqual({ allowInWindow: false, openExternally: true })
  })
  it('neither navigates to nor opens dangerous schemes', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'vscode://x', 'app://other/']) {
      expect(decideNavigation(url, trusted)).toEqual({ allowInWindow: false, openExternally: false })
    }
  })
  it('never follows a redirect out of our origin, nor opens it', () => {
    expect(decideRedirect('https://example.com/', trusted)).toEqual({ allowInWindow: false, openExternally: false })
    expect(decideRedirect('app://omnidesk/index.html', trusted).allowInWindow).toBe(true)
  })
  it('window.open never makes a window; http(s) goes to the browser', () => {
    expect(decideWindowOpen('https://example.com/')).toEqual({ allowInWindow: false, openExternally: true })
    expect(decideWindowOpen('app://omnidesk/index.html')).toEqual({ allowInWindow: false, openExternally: false })
    expect(decideWindowOpen('file:///C:/Windows/System32/calc.exe')).toEqual({ allowInWindow: false, openExternally: false })
  })
})

describe('permissions', () => {
  const ask = (permission: string, requestingUrl: string | undefined, more: Partial<PermissionAsk> = {}): boolean =>
    isPermissionAllowed({ permission, requestingUrl, window: 'main', ...more }, trusted)

  it('grants the microphone and clipboard writes to our origin only', () => {
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: ['audio'] })).toBe(true)
    expect(ask('clipboard-sanitized-write', 'app://omnidesk')).toBe(true)
    expect(ask('media', 'https://evil.example/', { mediaTypes: ['audio'] })).toBe(false)
    expect(ask('media', undefined, { mediaTypes: ['audio'] })).toBe(false)
  })
  it('grants the microphone to the windows that talk (main, companion), never the camera, never the overlay', () => {
    expect(ask('media', 'app://omnidesk/companion.html', { window: 'companion', mediaTypes: ['audio'] })).toBe(true)
    expect(ask('media', 'app://omnidesk/capture.html', { window: 'capture', mediaTypes: ['audio'] })).toBe(false)
    expect(ask('media', 'app://omnidesk/index.html', { window: undefined, mediaTypes: ['audio'] })).toBe(false)
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: ['audio', 'video'] })).toBe(false)
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: ['video'] })).toBe(false)
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: [] })).toBe(false)
    // Checks name one type: the microphone and device listing ('unknown') pass, the camera does not.
    expect(ask('media', 'app://omnidesk', { mediaType: 'audio' })).toBe(true)
    expect(ask('media', 'app://omnidesk', { mediaType: 'unknown' })).toBe(true)
    expect(ask('media', 'app://omnidesk', { mediaType: 'video' })).toBe(false)
  })
  it('grants video (camera, a screen stream) only to a window that shares in a voice session, never the overlay', () => {
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: ['video'], videoAllowed: true })).toBe(true)
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: ['audio', 'video'], videoAllowed: true })).toBe(true)
    expect(ask('media', 'app://omnidesk', { mediaType: 'video', videoAllowed: true })).toBe(true)
    expect(ask('media', 'app://omnidesk/index.html', { mediaTypes: ['video'], videoAllowed: false })).toBe(false)
    expect(ask('media', 'app://omnidesk/capture.html', { window: 'capture', mediaTypes: ['video'], videoAllowed: true })).toBe(false)
    expect(ask('media', 'https://evil.example/', { mediaTypes: ['video'], videoAllowed: true })).toBe(false)
  })
  it.each(['geolocation', 'notifications', 'display-capture', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'unknown'])(
    'denies %s even to our origin',
    (permission) => expect(ask(permission, 'app://omnidesk/index.html')).toBe(false)
  )
})

describe('IPC sender check', () => {
  const ours = new Map([[7, 'main'], [9, 'capture']] as const)
  const check = createSenderCheck({ windowOf: (id) => ours.get(id as 7 | 9), trustedOrigins: trusted })
  it('names the kind of our window, for its top frame at our origin', () => {
    expect(check({ id: 7, url: 'app://omnidesk/index.html', isMainFrame: true })).toBe('main')
    expect(check({ id: 9, url: 'app://omnidesk/capture.html', isMainFrame: true })).toBe('capture')
  })
  it('refuses another webContents, a subframe, a foreign origin, a vanished frame', () => {
    expect(check({ id: 8, url: 'app://omnidesk/index.html', isMainFrame: true })).toBeUndefined()
    expect(check({ id: 7, url: 'app://omnidesk/index.html', isMainFrame: false })).toBeUndefined()
    expect(check({ id: 7, url: 'https://evil.example/', isMainFrame: true })).toBeUndefined()
    expect(check({ id: 7, url: '', isMainFrame: true })).toBeUndefined()
  })
})
