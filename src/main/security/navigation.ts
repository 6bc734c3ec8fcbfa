/**
 * What a window does when its page tries to go somewhere. Pure, no electron import.
 *
 * - Navigating inside our own origin (reload, hash routes) is allowed.
 * - Anything else is prevented in the window; if it is a web or mail link that passes the
 *   scheme check, it opens in the OS instead, so links in answers still work.
 * - window.open never creates an Electron window.
 */
import { isAllowedExternalUrl } from './externalUrl'
import { isTrustedOrigin } from './origins'

export interface NavigationDecision {
  allowInWindow: boolean
  openExternally: boolean
}

export function decideNavigation(url: string, trustedOrigins: readonly string[]): NavigationDecision {
  if (isTrustedOrigin(url, trustedOrigins)) return { allowInWindow: true, openExternally: false }
  return { allowInWindow: false, openExternally: isAllowedExternalUrl(url) }
}

/** Redirects are never followed out of our origin, and never turned into an OS open. */
export function decideRedirect(url: string, trustedOrigins: readonly string[]): NavigationDecision {
  return { allowInWindow: isTrustedOrigin(url, trustedOrigins), openExternally: false }
}

export function decideWindowOpen(url: string): NavigationDecision {
  return { allowInWindow: false, openExternally: isAllowedExternalUrl(url) }
}
