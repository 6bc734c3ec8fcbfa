/**
 * Errors the renderer shows: a ChatErrorInfo from main (translated by code, the provider's detail
 * shown as is), or a rejected invoke turned into one.
 */
import type { ChatErrorCode, ChatErrorInfo } from '../../../shared/domain'

/** Every code, checked complete at compile time (a new code in shared/domain fails here). */
const ALL_CODES: Record<ChatErrorCode, true> = {
  auth: true,
  rate_limit: true,
  connection: true,
  timeout: true,
  model_not_found: true,
  not_found: true,
  bad_request: true,
  server: true,
  stream_dropped: true,
  no_provider: true,
  no_key: true,
  keyring_unavailable: true,
  invalid_url: true,
  unknown: true
}
export const CHAT_ERROR_CODES = Object.keys(ALL_CODES) as ChatErrorCode[]

const isCode = (v: unknown): v is ChatErrorCode => typeof v === 'string' && (CHAT_ERROR_CODES as readonly string[]).includes(v)

/** Codes main raises itself before any request (ChatFailure): recognisable in a rejection's text. */
const SELF_RAISED: readonly ChatErrorCode[] = ['no_provider', 'no_key', 'keyring_unavailable', 'invalid_url']

/** Electron prefixes rejections with "Error invoking remote method 'ns:name': Error: ". */
export function cleanRejectionMessage(message: string): string {
  return message
    .replace(/^Error invoking remote method '[^']*':\s*/, '')
    .replace(/^(?:[A-Za-z]*Error|ChatFailure|IpcRejection):\s*/, '')
    .trim()
}

export function errorFromUnknown(error: unknown): ChatErrorInfo {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; info?: { code?: unknown; detail?: unknown }; message?: unknown }
    if (e.info && isCode(e.info.code)) {
      return { code: e.info.code, detail: typeof e.info.detail === 'string' ? e.info.detail : undefined }
    }
    const message = typeof e.message === 'string' ? cleanRejectionMessage(e.message) : ''
    if (isCode(e.code)) return { code: e.code, detail: message && message !== e.code ? message : undefined }
    if (message) {
      if (isCode(message)) return { code: message }
      const found = SELF_RAISED.find((c) => new RegExp(`\\b${c}\\b`).test(message))
      if (found) return { code: found }
      return { code: 'unknown', detail: message }
    }
  }
  if (typeof error === 'string' && error) return { code: 'unknown', detail: error }
  return { code: 'unknown' }
}

/** Errors whose fix is in Settings: the error panel offers a button to go there. */
export function errorNeedsSettings(code: ChatErrorCode): boolean {
  return code === 'auth' || code === 'not_found' || code === 'no_provider' || code === 'no_key' || code === 'keyring_unavailable' || code === 'invalid_url'
}
