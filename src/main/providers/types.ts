/**
 * What the chat engine needs from the providers layer.
 */
import type OpenAI from 'openai'
import type { ProviderConfig } from '../../shared/settings'

export interface ResolvedProvider {
  provider: ProviderConfig
  /** An openai SDK client for this provider (OpenAI, AzureOpenAI or any compatible base URL). */
  client: OpenAI
}

export interface ProviderResolver {
  /**
   * The provider to use: the given id, else the default provider, else the first one.
   * Throws an AppError ('no_provider' | 'no_key' | 'keyring_unavailable') when impossible.
   */
  resolve(providerId?: string): ResolvedProvider
  /**
   * The provider resolve would pick, without checking its key: what a failed answer names as its
   * model when resolve throws (no_key…), so it is never labelled "unknown". undefined: none.
   */
  chosen?(providerId?: string): ProviderConfig | undefined
}
