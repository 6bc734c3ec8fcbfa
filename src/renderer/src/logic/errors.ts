/**
 * Errors the renderer shows: an ErrorInfo from main (translated by code, the provider's detail
 * shown as is). A failed call to main throws an AppError carrying it (src/renderer/src/api.ts).
 */
import { ErrorCode, errorInfoOf, type ErrorInfo } from '../../../shared/errors'

/** Every code (the i18n test checks each has a sentence in every language). */
export const ERROR_CODES: readonly ErrorCode[] = ErrorCode.options

/** What a failure means to the user: the AppError's info, else `unknown` with its message. */
export function errorFromUnknown(error: unknown): ErrorInfo {
  return errorInfoOf(error)
}

/** Errors whose fix is in Settings: the error panel offers a button to go there. */
export function errorNeedsSettings(code: ErrorCode): boolean {
  return (
    code === 'auth' ||
    code === 'not_found' ||
    code === 'no_provider' ||
    code === 'no_key' ||
    code === 'keyring_unavailable' ||
    code === 'invalid_url' ||
    // The key must be typed again for the provider's address, or its base URL fixed.
    code === 'key_other_origin' ||
    code === 'redirect_refused'
  )
}
