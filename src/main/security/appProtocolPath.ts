/**
 * Maps an app:// request URL to a file inside the renderer's output folder, refusing anything
 * that would escape it. Pure (node:path only), so traversal attempts are tested in plain Node,
 * with both POSIX and Windows path rules.
 */
import path from 'node:path'
import { APP_HOST, APP_SCHEME } from './origins'

export type AppPathResult =
  | { ok: true; filePath: string }
  | { ok: false; status: 400 | 403 | 404; reason: string }

type PathApi = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>

/**
 * `app://omnidesk/` and `app://omnidesk/assets/x.js` → files under `rootDir`. A directory path
 * serves its index.html. The URL parser already folds literal `..` segments; the checks below
 * catch what it does not: percent-encoded separators (`..%2f`), backslashes, NUL bytes and
 * absolute or drive-letter paths smuggled in after decoding.
 */
export function resolveAppRequestPath(requestUrl: string, rootDir: string, pathApi: PathApi = path): AppPathResult {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return { ok: false, status: 400, reason: 'unparsable URL' }
  }
  if (url.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'wrong scheme' }
  if (url.hostname.toLowerCase() !== APP_HOST) return { ok: false, status: 404, reason: 'unknown host' }

  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname)
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' }
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' }
  if (decoded.includes('\\')) return { ok: false, status: 403, reason: 'backslash in path' }

  const relativeRequest = decoded.replace(/^\/+/, '')
  const wanted = relativeRequest === '' || relativeRequest.endsWith('/') ? `${relativeRequest}index.html` : relativeRequest
  if (pathApi.isAbsolute(wanted) || /^[a-zA-Z]:/.test(wanted)) return { ok: false, status: 403, reason: 'absolute path' }

  const root = pathApi.resolve(rootDir)
  const filePath = pathApi.resolve(root, wanted)
  const relative = pathApi.relative(root, filePath)
  if (relative === '' || relative.startsWith('..') || pathApi.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' }
  }
  return { ok: true, filePath }
}
