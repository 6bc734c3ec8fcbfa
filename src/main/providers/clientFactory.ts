/**
 * One openai SDK client per provider: OpenAI itself, Azure OpenAI, or any OpenAI-compatible base
 * URL. The SDK brings streaming, retries, timeouts and typed errors. Keys are
 * passed straight to the SDK and never logged.
 */
import OpenAI, { AzureOpenAI } from 'openai'
import { AZURE_DEFAULT_API_VERSION } from '../../shared/providerPresets'
import type { ProviderConfig } from '../../shared/settings'

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

export function createOpenAIClient(provider: ProviderConfig, apiKey: string | undefined, opts: ClientOptions = {}): OpenAI {
  const common = {
    apiKey: apiKey || KEYLESS_PLACEHOLDER_KEY,
    maxRetries: opts.maxRetries,
    timeout: opts.timeoutMs,
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
