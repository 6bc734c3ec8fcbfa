/**
 * What a memory must never hold: secrets. The model may be asked (or tricked by a page it read)
 * to "remember" an API key or a password; memories go into every later request, so such text is
 * refused with the reason. Shapes: well-known key prefixes (OpenAI, Anthropic, GitHub, Slack,
 * AWS, Google, Stripe), PEM private keys, JWTs, "password: …" phrases, and long unbroken runs of
 * hex or base64 that look like generated credentials.
 */
const PATTERNS: ReadonlyArray<{ what: string; re: RegExp }> = [
  { what: 'an API key', re: /\b(sk|pk|rk)-(proj-|live-|test-|ant-)?[A-Za-z0-9_-]{16,}/ },
  { what: 'an API key', re: /\b(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}/ },
  { what: 'an API key', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'an access key', re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { what: 'an API key', re: /\bAIza[0-9A-Za-z_-]{30,}/ },
  { what: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a token', re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { what: 'a password', re: /(\b(password|passwd|pwd|passcode)|密码|口令)\s*(is|:|：|=|是)\s*\S{4,}/i },
  { what: 'a secret', re: /\b(api[_ -]?key|secret|token)\s*(is|:|：|=|是)\s*\S{12,}/i },
  // A generated credential: 32+ characters of hex, or 40+ of base64, with letters and digits mixed.
  { what: 'a secret', re: /\b(?=[A-Fa-f0-9]*\d)(?=[A-Fa-f0-9]*[A-Fa-f])[A-Fa-f0-9]{32,}\b/ },
  { what: 'a secret', re: /(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{40,}={0,2}/ }
]

/** What kind of secret the text seems to hold, or undefined. */
export function secretIn(text: string): string | undefined {
  return PATTERNS.find((p) => p.re.test(text))?.what
}
