import type { KeyringState } from '../../../shared/settings'

/**
 * The keyring state as the user's current choice makes it: without an OS keyring, the plaintext
 * opt-in in settings decides (AppInfo is read once at start; settings change live).
 */
export function effectiveKeyring(info: KeyringState | undefined, allowPlaintext: boolean | undefined): KeyringState {
  if (!info || info === 'available') return info ?? 'available'
  return allowPlaintext ? 'plaintext-allowed' : 'unavailable'
}
