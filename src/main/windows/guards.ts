/**
 * Per-window and per-session hardening, written against the few methods it calls so it runs
 * under vitest with plain objects. The window factory and the app's `web-contents-created` hook
 * both call these; each is idempotent, so a window hardened twice gets one set of listeners.
 */
import { contentSecurityPolicy } from '../security/csp'
import { decideNavigation, decideRedirect, decideWindowOpen } from '../security/navigation'
import { isTrustedOrigin } from '../security/origins'
import { isPermissionAllowed } from '../security/permissions'
import type { WindowKind } from '../../shared/ipc/windows'

export interface SecurityPolicy {
  /** Our app origin, or the dev server origin in development. */
  trustedOrigins: readonly string[]
  /** Opens a URL in the OS; only called with URLs that passed the scheme check. */
  openExternal(url: string): void
}

interface PreventableEvent {
  readonly url: string
  preventDefault(): void
}

export interface GuardableWebContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent) => void): unknown
  on(event: 'will-redirect', listener: (event: PreventableEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

const guardedContents = new WeakSet<object>()

export function attachNavigationGuards(contents: GuardableWebContents, policy: SecurityPolicy): void {
  if (guardedContents.has(contents)) return
  guardedContents.add(contents)

  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, policy.trustedOrigins)
    if (decision.allowInWindow) return
    event.preventDefault()
    if (decision.openExternally) policy.openExternal(event.url)
  })
  contents.on('will-redirect', (event) => {
    if (!decideRedirect(event.url, policy.trustedOrigins).allowInWindow) event.preventDefault()
  })
  // webviewTag is off already; this also stops a page from attaching one if that ever changes.
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url).openExternally) policy.openExternal(url)
    return { action: 'deny' }
  })
}

type HeaderMap = Record<string, string | string[]>

export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string; mediaTypes?: Array<'audio' | 'video'> }
    ) => void
  ): void
  setPermissionCheckHandler(
    handler: (
      webContents: unknown,
      permission: string,
      requestingOrigin: string,
      details: { requestingUrl?: string; mediaType?: 'audio' | 'video' | 'unknown' }
    ) => boolean
  ): void
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: HeaderMap },
        callback: (response: { responseHeaders?: HeaderMap }) => void
      ) => void
    ): void
  }
}

const hardenedSessions = new WeakSet<object>()

/** `windowOf` for hardenSession from the window registry (Electron passes null for some checks). */
export function windowKindOfContents(registry: { kindOfWebContents(id: number): WindowKind | undefined }): (contents: unknown) => WindowKind | undefined {
  return (contents) => {
    const id = (contents as { id?: unknown } | null)?.id
    return typeof id === 'number' ? registry.kindOfWebContents(id) : undefined
  }
}

/**
 * Permissions: deny all but the allow-list, for our origin only (request and check handlers
 * both, since Chromium asks the check handler first for many APIs).
 *
 * CSP header for dev-server responses. app:// responses get theirs from the protocol handler:
 * Electron does not emit header events for custom protocols. Electron keeps one
 * onHeadersReceived listener per session, so this must stay the only one.
 */
export function hardenSession(
  session: HardenableSession,
  policy: SecurityPolicy & {
    devServerOrigin?: string
    devScriptNonce?: string
    /** The kind of our window a webContents is (permissions go per window); undefined for any other. */
    windowOf(webContents: unknown): WindowKind | undefined
    /** Video (camera, a screen's stream) for this window: only while it shares in a voice session. */
    videoAllowed?(window: WindowKind | undefined): boolean
  }
): void {
  if (hardenedSessions.has(session)) return
  hardenedSessions.add(session)

  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(
      isPermissionAllowed(
        {
          permission,
          requestingUrl: details?.requestingUrl,
          window: policy.windowOf(webContents),
          mediaTypes: permission === 'media' ? (details?.mediaTypes ?? []) : undefined,
          videoAllowed: policy.videoAllowed?.(policy.windowOf(webContents))
        },
        policy.trustedOrigins
      )
    )
  })
  session.setPermissionCheckHandler((webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      {
        permission,
        requestingUrl: requestingOrigin || details?.requestingUrl,
        window: policy.windowOf(webContents),
        mediaType: details?.mediaType,
        videoAllowed: policy.videoAllowed?.(policy.windowOf(webContents))
      },
      policy.trustedOrigins
    )
  )

  const devOrigin = policy.devServerOrigin
  const devCsp = devOrigin ? contentSecurityPolicy({ devServerOrigin: devOrigin, devScriptNonce: policy.devScriptNonce }) : undefined
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!devOrigin || !devCsp || !isTrustedOrigin(details.url, [devOrigin])) {
      callback({})
      return
    }
    callback({ responseHeaders: withHeader(details.responseHeaders ?? {}, 'Content-Security-Policy', devCsp) })
  })
}

/** Sets a header, replacing any spelling of it (header names are case-insensitive). */
export function withHeader(headers: HeaderMap, name: string, value: string): HeaderMap {
  const out: HeaderMap = {}
  for (const [key, existing] of Object.entries(headers)) {
    if (key.toLowerCase() !== name.toLowerCase()) out[key] = existing
  }
  out[name] = [value]
  return out
}
