/**
 * Keys out of provider error text. Some providers echo the key they were given ("Incorrect API
 * key provided: sk-abc…xyz"), whole or in part; that text becomes an ErrorInfo's detail, which
 * crosses IPC, is stored with the message in SQLite and may be logged. So the exact key we sent
 * is cut out, and so is anything shaped like a key, whichever key it is: the message keeps its
 * meaning ("Incorrect API key provided: [redacted]. You can find your API key at …").
 */

export const REDACTED = '[redacted]'

/** Shorter "keys" are placeholders or masks too short to matter, and would cut ordinary words. */
const MIN_SECRET_LENGTH = 8

/** A token's characters; dots only inside it, so the full stop after a key stays in the sentence. */
const TOKEN = String.raw`[\w\-~+/*…]+(?:\.+[\w\-~+/*…]+)*=*`

/**
 * Key-shaped runs: OpenAI/DeepSeek/OpenRouter/DashScope style `sk-…` (also when masked with
 * `*` or `…`), a bearer token, and a long token right after the word key/token/secret (Azure's
 * 32-hex or 84-character keys, Google's `AIza…`; also `api_key`, `access_token`). Only after
 * such a word: request ids and model names elsewhere in the message stay, since they are what
 * support asks for.
 */
const KEY_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [new RegExp(String.raw`\bsk-(?=[\w\-*.…]{6})${TOKEN}`, 'g'), REDACTED],
  [new RegExp(String.raw`\b(Bearer\s+)${TOKEN}`, 'gi'), `$1${REDACTED}`],
  [
    new RegExp(String.raw`(\b(?:[A-Za-z]+_)?(?:key|token|secret)\b(?:\s+(?:provided|is|was|given))?\s*[:=]?\s*["'\`]?)(?=[\w\-~+/*….]{16})${TOKEN}`, 'gi'),
    `$1${REDACTED}`
  ]
]

/** `text` without the given secrets (exactly as sent) and without anything shaped like a key. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text
  for (const secret of secrets) {
    const exact = secret?.trim()
    if (exact && exact.length >= MIN_SECRET_LENGTH) out = out.split(exact).join(REDACTED)
  }
  for (const [shape, replacement] of KEY_SHAPES) out = out.replace(shape, replacement)
  return out
}
