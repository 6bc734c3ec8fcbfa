/**
 * The app:// request handler, with the file read passed in (Electron's net.fetch of a file://
 * URL in the app, which also reads inside app.asar; a plain fs read in tests).
 *
 * Every response carries the CSP header: Electron emits no webRequest header events for custom
 * protocols, so this is the only place it can be added for app:// pages.
 */
import { pathToFileURL } from 'node:url'
import { resolveAppRequestPath } from '../security/appProtocolPath'

export interface AppProtocolOptions {
  /** out/renderer */
  rootDir: string
  csp: string
  /** Reads a file:// URL; rejects or answers 404 when the file is missing. */
  fetchFile: (fileUrl: string) => Promise<Response>
}

export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const securityHeaders = (headers: Headers): Headers => {
    headers.set('Content-Security-Policy', opts.csp)
    headers.set('X-Content-Type-Options', 'nosniff')
    return headers
  }
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: securityHeaders(new Headers({ 'Content-Type': 'text/plain; charset=utf-8' })) })

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
    const resolved = resolveAppRequestPath(request.url, opts.rootDir)
    if (!resolved.ok) return plain(resolved.status, resolved.reason)
    let file: Response
    try {
      file = await opts.fetchFile(pathToFileURL(resolved.filePath).toString())
    } catch {
      return plain(404, 'Not found')
    }
    if (!file.ok) return plain(file.status === 404 ? 404 : 500, 'Not found')
    return new Response(request.method === 'HEAD' ? null : file.body, {
      status: file.status,
      headers: securityHeaders(new Headers(file.headers))
    })
  }
}
