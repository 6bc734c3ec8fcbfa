/**
 * Which web permissions our pages get. Pure, no electron import.
 *
 * Everything is denied except what a feature needs, and only for our own origin:
 * - `media`: the microphone for voice conversations;
 * - `clipboard-sanitized-write`: the Copy buttons (navigator.clipboard.writeText).
 * Screen capture goes through desktopCapturer in main, so `display-capture` stays denied.
 */
import { isTrustedOrigin } from './origins'

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'clipboard-sanitized-write'])

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, trustedOrigins: readonly string[]): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedOrigin(requestingUrl, trustedOrigins)
}
