/**
 * Redirects of provider calls: followed only within the origin (scheme, host, port) the request
 * went to. fetch's own redirect handling drops `Authorization` when it crosses origins, but not
 * other headers — Azure's key travels as `api-key`, and a gateway may use anything — so a
 * provider (or whoever took over its DNS or a path on it) answering 302 to another host would get
 * the key. We ask fetch for `redirect: 'manual'` and follow ourselves, refusing anything that
 * leaves the origin (which includes https → http on the same host: another scheme, another
 * origin; the downgrade gets its own reason because it is the worse one).
 */
import { AppError } from '../../shared/errors'

/** The statuses fetch follows (300 and 304 are not redirects to follow). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
/** fetch allows 20; an API root redirecting more than a few times within itself is broken. */
export const MAX_PROVIDER_REDIRECTS = 5

export type RedirectVerdict =
  | { follow: true; to: URL }
  | { follow: false; reason: 'downgrade' | 'cross_origin' | 'invalid_location'; to?: URL }

/** Whether a redirect from `from` to `location` (as the response said it, maybe relative) may be followed. */
export function judgeRedirect(from: string | URL, location: string): RedirectVerdict {
  const source = new URL(from)
  let to: URL
  try {
    to = new URL(location, source)
  } catch {
    return { follow: false, reason: 'invalid_location' }
  }
  if (source.protocol === 'https:' && to.protocol !== 'https:') return { follow: false, reason: 'downgrade', to }
  if (to.origin !== source.origin) return { follow: false, reason: 'cross_origin', to }
  return { follow: true, to }
}

/** What the user reads under the translated sentence: where it went, never the query (it may carry tokens). */
function refusalDetail(from: URL, verdict: Extract<RedirectVerdict, { follow: false }>, status: number): string {
  if (!verdict.to) return `${from.origin} answered ${status} with a Location that is not a URL`
  const where = `${verdict.to.origin}${verdict.to.pathname}`
  if (verdict.reason === 'downgrade') return `${from.origin} redirected to ${where}: from https to unencrypted http`
  return `${from.origin} redirected to ${where}, another address`
}

function urlOf(input: string | URL | Request): URL {
  return new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
}

/** The request for the next hop: what fetch itself does (Fetch standard, "HTTP-redirect fetch"). */
function nextInit(init: RequestInit, status: number): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase()
  const becomesGet = (status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')
  if (!becomesGet) {
    // A streamed body is gone once sent; strings, buffers and forms can be sent again.
    if (init.body instanceof ReadableStream) throw new AppError({ code: 'redirect_refused', status, detail: 'The provider redirected a streamed upload, which cannot be sent again' })
    return init
  }
  const headers = new Headers(init.headers)
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name)
  const next: RequestInit & { duplex?: unknown } = { ...init, method: 'GET', headers }
  delete next.body
  delete next.duplex
  return next
}

/**
 * fetch, following redirects only within the request's origin. A refused redirect throws an
 * AppError `redirect_refused` (the SDK wraps it as a connection error; errors.ts unwraps it), and
 * the other address is never contacted. The openai SDK calls fetch(url string, init); a Request
 * given as input is followed with `init` alone, so its own headers (a key) never reach a next hop.
 */
export async function fetchWithinOrigin(
  input: string | URL | Request,
  init: RequestInit = {},
  fetchImpl: typeof fetch = fetch
): Promise<Response> {
  let url = urlOf(input)
  let request: RequestInit = { ...init, redirect: 'manual' }
  let target: string | URL | Request = input
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(target, request)
    const location = response.headers.get('location')
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response
    // The redirect's own body is not wanted: free the connection.
    await response.body?.cancel().catch(() => undefined)
    const verdict = judgeRedirect(url, location)
    if (!verdict.follow) throw new AppError({ code: 'redirect_refused', status: response.status, detail: refusalDetail(url, verdict, response.status) })
    if (hop >= MAX_PROVIDER_REDIRECTS) throw new AppError({ code: 'redirect_refused', status: response.status, detail: `${url.origin} redirected more than ${MAX_PROVIDER_REDIRECTS} times` })
    request = nextInit(request, response.status)
    url = verdict.to
    target = url.href
  }
}
