/**
 * THE error type of the app: a code the renderer turns into a human sentence in the user's
 * language, plus the provider's (or system's) own words, shown under it and never translated.
 * Every failure that reaches the renderer is one: a failed chat stream (`ChatEvent.done.error`),
 * a stored message's error, and every rejected IPC call (thrown in the page as an `AppError`).
 * Pure: no Node, no DOM.
 */
import { z } from 'zod'

export const ErrorCode = z.enum([
  'auth', // 401/403: wrong or missing API key
  'rate_limit', // 429 after retries and, if any, after the fallback model
  'quota', // out of quota, credits or balance: billing, not a rate limit (no retry or fallback helps)
  'context_length', // the conversation is longer than the model's context window
  'connection', // provider unreachable / DNS / refused
  'timeout',
  'model_not_found', // 404 on the model
  'not_found', // 404 that is not about a model (usually a wrong base URL path), or a record that no longer exists
  'bad_request', // 400/422, or a request main refuses: the detail says why
  'server', // 5xx
  'stream_dropped', // the stream ended without finish_reason
  'content_filter', // the provider's content policy blocked the request or cut the answer
  'tool_call_unsupported', // the model asked for a tool Omnidesk did not offer
  'tool_step_limit', // the model kept calling tools past the step limit (Settings → Tools)
  'empty_answer', // the model ended its answer without a word
  'no_provider', // nothing configured yet
  'no_key', // provider needs a key and none is stored
  'keyring_unavailable', // safeStorage cannot encrypt and plaintext was not allowed
  'invalid_url',
  'key_other_origin', // the stored key was saved for another address (scheme, host, port): it is not sent here
  'redirect_refused', // the provider redirected to another address, which would get the request and its key
  // Attached files (the detail names the file and says why, in English):
  'file_empty', // 0 bytes, or no text at all
  'file_too_large', // above the cap for its kind, refused before it is read
  'file_unreadable', // not a document or data file (binary), damaged, or a format we cannot read
  'file_needs_password', // an encrypted PDF: ask for its password
  'file_wrong_password',
  'data_query', // a query over the attached data failed (the detail is the engine's message)
  // IPC itself:
  'forbidden', // the window may not use this channel, or is not ours
  'invalid_request', // the payload does not match the contract
  'disconnected', // the link to main is gone (harness socket)
  'unknown'
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ErrorInfo = z.object({
  code: ErrorCode,
  /** The provider's (or system's) own message, untranslated. */
  detail: z.string().max(4000).optional(),
  status: z.number().int().optional(),
  /** context_length: the request's size and the model's limit, in tokens, when the provider said. */
  tokens: z.object({ used: z.number().int().nonnegative(), limit: z.number().int().positive() }).optional(),
  /** Where the user can fix it (quota: the provider's billing page), when known. https only. */
  helpUrl: z.string().max(500).regex(/^https:\/\//).optional()
})
export type ErrorInfo = z.infer<typeof ErrorInfo>

/** An ErrorInfo thrown: by main's services, and by the renderer's API for a failed call. */
export class AppError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.detail ?? info.code)
    this.name = 'AppError'
  }
}

/** What anything thrown means to the user: an AppError's info, else `unknown` with its message. */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.info
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : ''
  return message ? { code: 'unknown', detail: message.slice(0, 4000) } : { code: 'unknown' }
}
