/**
 * Which URLs may leave the app for the OS (browser, mail client). Pure, no electron import.
 *
 * Only web pages and mail: a `file:` URL would open local files or run programs, and custom
 * schemes (`javascript:`, `vscode:`, `ms-settings:`, `smb:`...) hand control to other apps,
 * which is exactly what a prompt-injected link in a model's answer would try.
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])
const MAX_URL_LENGTH = 8000

export function isAllowedExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return false
  if (parsed.protocol === 'mailto:') return parsed.pathname.length > 0
  if (!parsed.hostname) return false
  // `https://bank.example@evil.example` reads like the bank's address but goes to evil.example.
  if (parsed.username || parsed.password) return false
  return true
}

/**
 * mailto: fields a mail app honours that only fill in a message: anything else (Thunderbird's
 * and Outlook's `attach`/`attachment`, which attach a local file to the draft) is dropped.
 */
const MAILTO_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body', 'in-reply-to'])

/** The URL to hand to the OS, cleaned of what no link should do; undefined when it may not leave at all. */
export function externalUrlToOpen(url: unknown): string | undefined {
  if (!isAllowedExternalUrl(url)) return undefined
  const parsed = new URL(url)
  if (parsed.protocol !== 'mailto:') return url
  const kept = new URLSearchParams()
  for (const [name, value] of new URLSearchParams(parsed.search)) if (MAILTO_FIELDS.has(name.toLowerCase())) kept.append(name, value)
  const query = kept.toString()
  return `mailto:${parsed.pathname}${query ? `?${query}` : ''}`
}
