import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  acceptDevServerUrl,
  isTrustedOrigin,
  originOf,
  rendererPageUrl,
  resolveRendererSource
} from '../../src/main/security/origins'

describe('originOf', () => {
  it('gives scheme://host[:port] for app:// as Chromium does (Node says "null")', () => {
    expect(new URL('app://omnidesk/index.html').origin).toBe('null')
    expect(originOf('app://omnidesk/index.html#/chat')).toBe('app://omnidesk')
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173')
  })
  it('is null for URLs without a host', () => {
    expect(originOf('about:blank')).toBeNull()
    expect(originOf('data:text/html,hi')).toBeNull()
    expect(originOf('not a url')).toBeNull()
  })
})

describe('isTrustedOrigin', () => {
  const trusted = [APP_ORIGIN]
  it('accepts our app origin only', () => {
    expect(isTrustedOrigin('app://omnidesk/index.html', trusted)).toBe(true)
    expect(isTrustedOrigin('app://omnidesk', trusted)).toBe(true)
    expect(isTrustedOrigin('app://evil/index.html', trusted)).toBe(false)
    expect(isTrustedOrigin('https://omnidesk/index.html', trusted)).toBe(false)
    expect(isTrustedOrigin('file:///index.html', trusted)).toBe(false)
    expect(isTrustedOrigin('', trusted)).toBe(false)
    expect(isTrustedOrigin(undefined, trusted)).toBe(false)
  })
  it('distinguishes ports for the dev server', () => {
    expect(isTrustedOrigin('http://localhost:5173/', ['http://localhost:5173'])).toBe(true)
    expect(isTrustedOrigin('http://localhost:5174/', ['http://localhost:5173'])).toBe(false)
  })
})

describe('renderer source', () => {
  it('uses the dev server only when unpackaged and on loopback', () => {
    expect(resolveRendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173' })).toEqual({
      mode: 'dev',
      origin: 'http://localhost:5173',
      baseUrl: 'http://localhost:5173/'
    })
    expect(resolveRendererSource({ isPackaged: false, devServerUrl: undefined }).mode).toBe('app')
  })
  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(resolveRendererSource({ isPackaged: true, devServerUrl: 'http://localhost:5173' })).toEqual({
      mode: 'app',
      origin: 'app://omnidesk',
      baseUrl: 'app://omnidesk/'
    })
  })
  it('refuses remote or odd dev server URLs', () => {
    expect(acceptDevServerUrl('https://evil.example:5173')).toBeNull()
    expect(acceptDevServerUrl('http://user:pw@localhost:5173')).toBeNull()
    expect(acceptDevServerUrl('file:///tmp/index.html')).toBeNull()
    expect(acceptDevServerUrl('http://127.0.0.1:5173/some/path')).toBe('http://127.0.0.1:5173/')
  })
  it('builds page URLs on either source', () => {
    expect(rendererPageUrl(resolveRendererSource({ isPackaged: true, devServerUrl: undefined }), 'index.html')).toBe(
      'app://omnidesk/index.html'
    )
    expect(rendererPageUrl(resolveRendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173/' }), '/index.html#/companion')).toBe(
      'http://localhost:5173/index.html#/companion'
    )
  })
})
