/**
 * Whether a link in an answer opens at once or asks first. Pure.
 *
 * Most links open with one click. Two kinds ask, showing the whole address:
 * - the link's text reads as another address than its target (`[https://google.com](https://evil)`
 *   shows one site and opens another: the classic phishing shape, and what a prompt-injected page
 *   would make a model write);
 * - the target is not a web page (mailto: hands the address to the mail app).
 * Main still refuses every scheme but http(s)/mailto and strips mailto's attachment parameters
 * (src/main/security/externalUrl.ts): this only tells the user what a click will do.
 */
export type LinkConfirmReason = 'text-differs' | 'not-web'

/** The host a piece of link text names, when it reads as an address ("example.com/x", "https://…"); else undefined. */
function hostNamedBy(text: string): string | undefined {
  const trimmed = text.trim()
  // A sentence is not an address; an address has a dot in its host part.
  if (!trimmed || /\s/.test(trimmed)) return undefined
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : /^[^/?#]+\.[a-z\u00a1-\uffff]{2,}([/?#:]|$)/i.test(trimmed) ? `https://${trimmed}` : undefined
  if (!withScheme) return undefined
  try {
    return comparableHost(new URL(withScheme).hostname)
  } catch {
    return undefined
  }
}

/** Punycode (the URL parser does it), lowercase, without a leading www. and a trailing dot. */
function comparableHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '')
}

export function linkConfirmReason(url: string, shownText: string | undefined): LinkConfirmReason | undefined {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return 'not-web'
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return 'not-web'
  const named = shownText === undefined ? undefined : hostNamedBy(shownText)
  if (named !== undefined && named !== comparableHost(target.hostname)) return 'text-differs'
  return undefined
}
