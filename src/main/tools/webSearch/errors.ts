/**
 * Why a search failed, as one human sentence. The tool hands `message` to the model as is (it
 * relays it to the user, or tries otherwise), and Settings' "Test" button shows the same
 * sentence, so every message says what happened and, where the user can act, what to do.
 */

export type WebSearchErrorKind =
  /** Settings → Tools has no search service chosen. */
  | 'off'
  /** The chosen service lacks its key or address. */
  | 'not-configured'
  /** The service refused the key (401/403, Brave's SUBSCRIPTION_TOKEN_INVALID). */
  | 'bad-key'
  /** A SearXNG instance without the JSON output format (403). */
  | 'json-disabled'
  /** Too many requests for now: waiting helps. */
  | 'rate-limited'
  /** The plan's quota or credits are used up: waiting does not help. */
  | 'out-of-credits'
  | 'timeout'
  /** The caller's signal fired (Stop). */
  | 'aborted'
  /** Nothing answered: refused, unknown host, TLS, offline. */
  | 'network'
  /** An answer we cannot read: not JSON, or JSON of another shape. */
  | 'bad-response'
  /** Any other HTTP failure (4xx/5xx). */
  | 'http'
  /** What the model sent cannot be searched (empty query, unknown freshness). */
  | 'bad-arguments'

export class WebSearchError extends Error {
  override readonly name = 'WebSearchError'

  constructor(
    readonly kind: WebSearchErrorKind,
    message: string,
    /** The HTTP status, when the service answered. */
    readonly status?: number
  ) {
    super(message)
  }
}

/** Where the user fixes keys, addresses and the choice of service (named the same in every message). */
export const SETTINGS_PLACE = 'Settings → Tools'

export const stoppedError = (): WebSearchError => new WebSearchError('aborted', 'The search was stopped.')
