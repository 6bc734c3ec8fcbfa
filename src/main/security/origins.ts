/**
 * Origins we trust. Pure: no electron import, so every check runs under vitest.
 *
 * Production pages are served from our own `app://omnidesk` scheme (registered as standard and
 * secure); in development they come from the electron-vite dev server on loopback.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'omnidesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/**
 * `scheme://host[:port]` of a URL, or null when it has none (about:blank, data:, garbage).
 *
 * WHATWG `URL.origin` is the string "null" for schemes Node does not know as special (our
 * `app:`), while Chromium gives `app://omnidesk` once the scheme is registered as standard, so
 * the origin is rebuilt from protocol and host here to agree with what Chromium reports.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!parsed.host) return null
  return `${parsed.protocol}//${parsed.host}`.toLowerCase()
}

/** True when `url` (a page URL or a bare origin) belongs to one of `trustedOrigins`. */
export function isTrustedOrigin(url: string | undefined | null, trustedOrigins: readonly string[]): boolean {
  if (!url) return false
  const origin = originOf(url)
  if (origin === null) return false
  return trustedOrigins.some((trusted) => originOf(trusted) === origin)
}

/**
 * The dev server URL electron-vite passes in ELECTRON_RENDERER_URL, accepted only on loopback
 * over http(s): an environment variable must not be able to point our privileged preload at a
 * remote site. Returns the normalised base URL (with a trailing slash) or null.
 */
export function acceptDevServerUrl(raw: string | undefined): string | null {
  if (!raw) return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
  const loopback = ['localhost', '127.0.0.1', '[::1]']
  if (!loopback.includes(parsed.hostname)) return null
  if (parsed.username || parsed.password) return null
  return `${parsed.protocol}//${parsed.host}/`
}

export interface RendererSource {
  /** 'app': files from out/renderer through app://; 'dev': the vite dev server. */
  mode: 'app' | 'dev'
  /** The only origin our windows may show and whose frames may call IPC. */
  origin: string
  /** Base URL pages are resolved against, ending with a slash. */
  baseUrl: string
}

/**
 * Where the renderer comes from. A packaged app always uses app:// even if the variable is set,
 * so nobody can redirect an installed app's windows by launching it with an environment tweak.
 */
export function resolveRendererSource(opts: { isPackaged: boolean; devServerUrl: string | undefined }): RendererSource {
  const dev = opts.isPackaged ? null : acceptDevServerUrl(opts.devServerUrl)
  if (dev) return { mode: 'dev', origin: originOf(dev)!, baseUrl: dev }
  return { mode: 'app', origin: APP_ORIGIN, baseUrl: `${APP_ORIGIN}/` }
}

/** URL of a renderer page (e.g. 'index.html', 'index.html#/companion') for a source. */
export function rendererPageUrl(source: RendererSource, page: string): string {
  return new URL(page.replace(/^\/+/, ''), source.baseUrl).toString()
}
