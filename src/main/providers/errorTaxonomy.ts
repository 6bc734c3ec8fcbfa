/**
 * What a provider's error means to the user, from its HTTP status and body (`error.code`,
 * `error.type`, `error.message`), for the shapes OpenAI, Azure OpenAI, DeepSeek, DashScope (Qwen),
 * OpenRouter and OpenAI-compatible servers (vLLM, llama.cpp, Ollama) send. Three meanings matter
 * beyond the status code:
 *
 * - quota: out of credits or balance. Billing, not load: a 429 `insufficient_quota` looks like a
 *   rate limit, but no retry and no fallback model on the same account helps.
 * - context_length: the conversation is longer than the model can read (400), with the sizes
 *   when the message gives them.
 * - content_filter: the provider's content policy blocked the request.
 *
 * Pure: no SDK types (errors.ts reads the SDK's error and calls this).
 */
import type { ErrorCode } from '../../shared/errors'

export interface ProviderErrorShape {
  status?: number
  /** `error.code` / `error.type` as sent (strings, numbers or null). */
  code?: unknown
  type?: unknown
  message?: string
  /** Azure: `error.innererror.code`. */
  innerCode?: unknown
  /** llama.cpp's server: `error.n_prompt_tokens` and `error.n_ctx` of a context-size error. */
  promptTokens?: unknown
  contextTokens?: unknown
}

export interface ProviderErrorMeaning {
  code: ErrorCode
  tokens?: { used: number; limit: number }
}

const QUOTA_CODES = new Set(['insufficient_quota', 'insufficient_credits', 'insufficient_balance', 'arrearage', 'billing_hard_limit_reached', 'exceeded_current_quota_error'])
// Not "billing" alone: OpenAI's rate-limit messages used to link the billing page too.
const QUOTA_TEXT = /exceeded (?:your )?current quota|insufficient (?:balance|credits|quota)|requires more credits|out of credits|account is not in good standing/i

const FILTER_CODES = new Set(['content_filter', 'data_inspection_failed', 'content_policy_violation', 'responsibleaipolicyviolation'])
const FILTER_TEXT = /content management policy|inappropriate content|content exists risk|content[_ ]filter|content policy/i

const CONTEXT_CODES = new Set(['context_length_exceeded', 'exceed_context_size_error'])
// "Request too large … Limit N, Requested M" (Groq, 413): larger than the tier takes at once;
// like a context limit, a shorter conversation is the way on (a retry is not).
const CONTEXT_TEXT =
  /maximum context length|exceeded model token limit|exceeds the available context size|request too large for model|context[_ ]length|context window|too many tokens|prompt is too long|input tokens exceed|range of input length|reduce the length of the messages/i

const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '')

/** The meaning of a provider error beyond its status, or undefined when the status says it all. */
export function classifyProviderError(e: ProviderErrorShape): ProviderErrorMeaning | undefined {
  const codes = [lower(e.code), lower(e.type), lower(e.innerCode)]
  const text = e.message ?? ''
  if (e.status === 402 || codes.some((c) => QUOTA_CODES.has(c)) || QUOTA_TEXT.test(text)) return { code: 'quota' }
  if (codes.some((c) => FILTER_CODES.has(c)) || FILTER_TEXT.test(text)) return { code: 'content_filter' }
  if (e.status === 413 || codes.some((c) => CONTEXT_CODES.has(c)) || CONTEXT_TEXT.test(text)) {
    const tokens = fieldTokens(e) ?? contextTokens(text)
    return tokens ? { code: 'context_length', tokens } : { code: 'context_length' }
  }
  return undefined
}

/**
 * The limit and what the request needed, as the message says them: "maximum context length is
 * 8192 tokens. However, your messages resulted in 8227 tokens" (OpenAI, DeepSeek), "… you
 * requested 8203 tokens (7691 in the messages, …)" (vLLM), "exceeded model token limit: 262144
 * (requested: 269030)" (Moonshot), "Limit 10000, Requested 15088" (Groq).
 */
function contextTokens(text: string): { used: number; limit: number } | undefined {
  const limit = /(?:maximum context length is|model token limit:?|\bLimit) (\d+)/i.exec(text)
  const used = /(?:resulted in|requested:?) (\d+)/i.exec(text)
  if (!limit || !used) return undefined
  return { limit: Number(limit[1]), used: Number(used[1]) }
}

/** llama.cpp's server sends the sizes as fields of the error. */
function fieldTokens(e: ProviderErrorShape): { used: number; limit: number } | undefined {
  const used = Number(e.promptTokens)
  const limit = Number(e.contextTokens)
  return Number.isInteger(used) && Number.isInteger(limit) && used >= 0 && limit > 0 ? { used, limit } : undefined
}

/** Where a known provider's users top up (the error's own https link wins, see errors.ts). */
const BILLING_PAGES: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)openai\.com$/i, 'https://platform.openai.com/settings/organization/billing/overview'],
  [/(^|\.)deepseek\.com$/i, 'https://platform.deepseek.com/top_up'],
  [/(^|\.)openrouter\.ai$/i, 'https://openrouter.ai/settings/credits']
]

/** The billing page for a quota error: a https link in the provider's message, else the known page of its host. */
export function billingPage(message: string | undefined, baseURL: string | undefined): string | undefined {
  const linked = /https:\/\/[^\s"')]+/i.exec(message ?? '')?.[0]?.replace(/[.,;]+$/, '')
  if (linked && /credit|billing|top[_-]?up|balance|pay/i.test(linked)) return linked
  let host = ''
  try {
    host = baseURL ? new URL(baseURL).hostname : ''
  } catch {
    return undefined
  }
  return BILLING_PAGES.find(([pattern]) => pattern.test(host))?.[1]
}
