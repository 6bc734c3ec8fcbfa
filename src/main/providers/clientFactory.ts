/**
 * One openai SDK client per provider: OpenAI itself, Azure OpenAI, or any OpenAI-compatible base
 * URL. The SDK brings streaming, retries, timeouts and typed errors. Keys are passed straight to
 * the SDK and never logged: the SDK's logging is pinned (OPENAI_LOG=debug would print Azure's
 * `api-key` header), redirects never leave the provider's origin (redirects.ts), and the key is
 * cut out of any error the provider sends back (redact.ts).
 */
import OpenAI, { AzureOpenAI } from 'openai'
import { AZURE_DEFAULT_API_VERSION } from '../../shared/providerPresets'
import type { ProviderConfig } from '../../shared/settings'
import { classifyProviderError } from './errorTaxonomy'
import { redactSecrets } from './redact'
import { fetchWithinOrigin } from './redirects'

export interface ClientOptions {
  /** SDK default: 2 (retries 408/409/429/5xx and connection errors). */
  maxRetries?: number
  /** SDK default: 10 minutes. */
  timeoutMs?: number
}

/**
 * Sent when the provider has no key. The SDK refuses to build a client without one, but local
 * servers (Ollama, LM Studio, a self-hosted gateway) ignore the header; and where a key is in fact
 * required, the provider's 401 tells the user more than the SDK's "missing credentials" would.
 */
export const KEYLESS_PLACEHOLDER_KEY = 'omnidesk-no-key'

/**
 * The SDK retries every 429, but a 429 that says the account is out of quota
 * (`insufficient_quota`) stays one: retrying only makes the user wait. Such a response gets the
 * SDK's own `x-should-retry: false`, so it fails at once (and the engine does not fall back).
 */
function markQuotaExhausted(response: Response, body: string): Response {
  if (response.status !== 429 || response.headers.has('x-should-retry')) return response
  let error: { code?: unknown; type?: unknown; message?: unknown } = {}
  try {
    const parsed = JSON.parse(body) as { error?: typeof error }
    error = parsed.error ?? {}
  } catch {
    return response
  }
  const meaning = classifyProviderError({ status: 429, code: error.code, type: error.type, message: typeof error.message === 'string' ? error.message : undefined })
  if (meaning?.code !== 'quota') return response
  const headers = new Headers(response.headers)
  headers.set('x-should-retry', 'false')
  return new Response(body, { status: response.status, statusText: response.statusText, headers })
}

/**
 * The fetch every provider client uses: redirects only within the provider's origin; error answers
 * (small JSON bodies, never streams) are read once, to drop a key the provider echoed — before
 * the SDK builds an APIError from the body, so no copy of the key sits in an error something might
 * log — and to mark quota errors.
 */
export function providerFetch(apiKey: string | undefined): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const response = await fetchWithinOrigin(input, init)
    if (response.ok) return response
    const body = await response.clone().text().catch(() => undefined)
    if (body === undefined) return response
    const clean = redactSecrets(body, [apiKey])
    if (clean === body) return markQuotaExhausted(response, body)
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return markQuotaExhausted(new Response(clean, { status: response.status, statusText: response.statusText, headers }), clean)
  }
}

/**
 * The SDK's log output: warnings and errors only, whatever OPENAI_LOG says. At debug it prints
 * every request's headers, redacting `authorization` but not Azure's `api-key`; the no-op debug
 * and info are a second lock, should a future SDK read the environment again.
 */
const SDK_LOG_LEVEL = 'warn' as const
const sdkLogger = {
  error: (message: string, ...rest: unknown[]): void => console.error(`[openai] ${message}`, ...rest),
  warn: (message: string, ...rest: unknown[]): void => console.warn(`[openai] ${message}`, ...rest),
  info: (): void => undefined,
  debug: (): void => undefined
}

export function createOpenAIClient(provider: ProviderConfig, apiKey: string | undefined, opts: ClientOptions = {}): OpenAI {
  const common = {
    apiKey: apiKey || KEYLESS_PLACEHOLDER_KEY,
    maxRetries: opts.maxRetries,
    timeout: opts.timeoutMs,
    fetch: providerFetch(apiKey),
    logLevel: SDK_LOG_LEVEL,
    logger: sdkLogger,
    // Otherwise the SDK picks OPENAI_ORG_ID / OPENAI_PROJECT_ID up from the environment and
    // sends them as headers to whatever provider this is.
    organization: null,
    project: null
  }

  if (provider.presetId === 'azure') {
    return new AzureOpenAI({
      ...common,
      // baseURL rather than `endpoint`: with `endpoint` the SDK also reads OPENAI_BASE_URL from
      // the environment and throws when both are set. This is what it would build from endpoint.
      baseURL: `${provider.baseURL}/openai`,
      apiVersion: provider.apiVersion || AZURE_DEFAULT_API_VERSION
      // No `deployment`: the SDK then routes each request to /deployments/<body.model>, so the
      // fallback model (another deployment) works with the same client.
    })
  }

  return new OpenAI({ ...common, baseURL: provider.baseURL })
}
