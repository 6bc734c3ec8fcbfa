/**
 * One openai SDK client per provider: OpenAI itself, Azure OpenAI, or any OpenAI-compatible base
 * URL. The SDK brings streaming, retries, timeouts and typed errors. Keys are
 * passed straight to the SDK and never logged.
 */
import OpenAI, { AzureOpenAI } from 'openai'
import { AZURE_DEFAULT_API_VERSION } from '../../shared/providerPresets'
import type { ProviderConfig } from '../../shared/settings'
import { classifyProviderError } from './errorTaxonomy'

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
export async function quotaAwareFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init)
  if (response.status !== 429 || response.headers.has('x-should-retry')) return response
  const body = await response.clone().text().catch(() => '')
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

export function createOpenAIClient(provider: ProviderConfig, apiKey: string | undefined, opts: ClientOptions = {}): OpenAI {
  const common = {
    apiKey: apiKey || KEYLESS_PLACEHOLDER_KEY,
    maxRetries: opts.maxRetries,
    timeout: opts.timeoutMs,
    fetch: quotaAwareFetch,
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
