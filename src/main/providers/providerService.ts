/**
 * Providers as the user manages them in settings (list, save, remove, test, list models, find a
 * local Ollama) and as the chat engine needs them (resolve → an SDK client with the key).
 * Keys go in and out through the SecretStore only; the renderer gets ProviderView with hasKey.
 *
 * A stored key goes only to the origin (scheme, host, port) it was saved for (security issue 14):
 * a provider edited to another address — a preset switched from OpenAI to DeepSeek, a custom URL
 * typed over, a preferences file edited behind our back — never gets the old key. Testing such a
 * draft asks for the key again (`key_other_origin`; a keyless preset is tested without it);
 * saving it deletes the old key (see save); resolve refuses it.
 */
import { randomUUID } from 'node:crypto'
import type OpenAI from 'openai'
import { AppError } from '../../shared/errors'
import type { ConnectionTested } from '../../shared/ipc/contract'
import { normalizeBaseUrl, OLLAMA_DEFAULT_BASE_URL, PROVIDER_PRESETS, providerOrigin } from '../../shared/providerPresets'
import { ProviderConfig, type PresetId, type ProviderDraft, type ProviderView } from '../../shared/settings'
import { KeyringUnavailableError, type KeyringAwareSecretStore } from '../store/secrets'
import type { PreferencesService } from '../store/types'
import { createOpenAIClient, type ClientOptions } from './clientFactory'
import { toChatError } from './errors'
import type { ProviderResolver } from './types'

export interface ProviderServiceDeps {
  prefs: PreferencesService
  secrets: KeyringAwareSecretStore
  /** For chat clients (resolve); tests shorten retries. Defaults are the SDK's. */
  clientOptions?: ClientOptions
  /** Only for detectOllama, so tests can answer without a real Ollama. */
  fetchForDetection?: typeof fetch
  /** Whole budget of a connection test. Default 9 s: a dead provider answers within ~10 s. */
  testBudgetMs?: number
  /** Called after every save or remove, to push providers:onChanged. */
  onChanged?: (providers: ProviderView[]) => void
}

export interface OllamaDetection {
  found: boolean
  baseURL: string
  models: string[]
}

export interface ProviderService extends ProviderResolver {
  list(): ProviderView[]
  /**
   * Throws an AppError (invalid_url, bad_request, no_provider, keyring_unavailable) and saves
   * nothing when it cannot save. A saved provider moved to another origin without a new key loses
   * its key.
   */
  save(draft: ProviderDraft): ProviderView
  remove(id: string): void
  /**
   * The models the provider offers; throws an AppError saying why the connection failed, or
   * key_other_origin when the draft would need a saved provider's key at another origin.
   */
  test(draft: ProviderDraft): Promise<ConnectionTested>
  /** [] when the provider cannot list (or its key is bound to another origin: nothing is sent). */
  models(id: string): Promise<string[]>
  detectOllama(): Promise<OllamaDetection>
}

const DEFAULT_TEST_BUDGET_MS = 9_000
/** Listing should be quick; what is left of the budget goes to the chat probe if needed. */
const LIST_SHARE_MS = 5_000
const MODELS_TIMEOUT_MS = 10_000
const OLLAMA_DETECTION_TIMEOUT_MS = 800
/** A provider listing thousands of models is not something a picker can show anyway. */
const MAX_LISTED_MODELS = 5_000

/**
 * Where a provider's /models answers without a key (OpenRouter's is public), listing proves the
 * URL but not the key; this endpoint answers 401 to a bad key.
 */
const KEY_CHECK_PATH: Partial<Record<PresetId, string>> = { openrouter: '/key' }

/** A draft turned into what would be stored; throws an AppError saying why it cannot be. */
function configFromDraft(draft: ProviderDraft, id: string): ProviderConfig {
  const preset = PROVIDER_PRESETS[draft.presetId]
  const url = normalizeBaseUrl(draft.baseURL || preset.baseURL, draft.presetId)
  if (!url.ok) throw new AppError({ code: 'invalid_url', detail: url.reason })
  const parsed = ProviderConfig.safeParse({
    id,
    presetId: draft.presetId,
    name: draft.name,
    baseURL: url.url,
    defaultModel: draft.defaultModel,
    fallbackModel: draft.fallbackModel?.trim() || undefined,
    apiVersion: draft.presetId === 'azure' ? draft.apiVersion?.trim() || preset.apiVersion : undefined
  })
  if (!parsed.success) throw new AppError({ code: 'bad_request', detail: parsed.error.issues.map((issue) => issue.message).join('; ') })
  return parsed.data
}

/** A saved provider's stored key, as far as a request to `target` (an origin) goes. */
type StoredKey = { kind: 'none' } | { kind: 'usable'; key: string } | { kind: 'other-origin'; boundTo: string | undefined }

/** Says where the key belongs and where the request would have gone: origins only, no secrets. */
function otherOriginError(boundTo: string | undefined, target: string | undefined): AppError {
  return new AppError({ code: 'key_other_origin', detail: `The saved key is for ${boundTo ?? 'another address'}, not ${target ?? 'this address'}` })
}

/** Pasted keys often carry a trailing newline or space; no provider's key contains whitespace. */
const cleanKey = (key: string | null | undefined): string | undefined => key?.trim() || undefined

function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => a.localeCompare(b))
}

async function listModelIds(client: OpenAI, timeoutMs: number): Promise<string[]> {
  const ids: string[] = []
  for await (const model of client.models.list({ timeout: timeoutMs })) {
    if (typeof model.id === 'string' && model.id) ids.push(model.id)
    if (ids.length >= MAX_LISTED_MODELS) break
  }
  return sortedUnique(ids)
}

/** The provider answered but has no model listing: try a chat instead. */
function cannotList(error: unknown): boolean {
  const status = (error as { status?: unknown }).status
  return status === 404 || status === 405 || status === 501
}

export function createProviderService(deps: ProviderServiceDeps): ProviderService {
  const { prefs, secrets } = deps
  const testBudgetMs = deps.testBudgetMs ?? DEFAULT_TEST_BUDGET_MS

  /**
   * The stored key of a saved provider, if it may go to `target`. The key is bound to the origin it
   * was saved for; one stored before keys were bound gets the saved provider's origin now.
   */
  function storedKey(saved: ProviderConfig, target: string | undefined): StoredKey {
    const bound = secrets.boundKey(saved.id, providerOrigin(saved.baseURL))
    if (!bound) return { kind: 'none' }
    if (target !== undefined && bound.origin === target) return { kind: 'usable', key: bound.key }
    return { kind: 'other-origin', boundTo: bound.origin }
  }

  /** Stores a typed key bound to the provider's origin; a keyring problem is the contract's error. */
  function storeKey(config: ProviderConfig, key: string | null): void {
    // configFromDraft normalised the URL, so it has an origin; without one a key has nowhere to go.
    const origin = providerOrigin(config.baseURL)
    if (key !== null && origin === undefined) throw new AppError({ code: 'invalid_url' })
    try {
      if (key === null || origin === undefined) secrets.setKey(config.id, null)
      else secrets.setBoundKey(config.id, key, origin)
    } catch (error) {
      if (error instanceof KeyringUnavailableError) throw new AppError({ code: 'keyring_unavailable' })
      throw error
    }
  }

  /** hasKey: a key this provider can use at its address (one bound elsewhere is none). */
  const view = (provider: ProviderConfig): ProviderView => ({
    ...provider,
    hasKey: storedKey(provider, providerOrigin(provider.baseURL)).kind === 'usable'
  })
  const list = (): ProviderView[] => prefs.listProviders().map(view)
  const changed = (): void => deps.onChanged?.(list())

  /** A saved default that no longer exists is as good as none. */
  function defaultProviderId(): string | undefined {
    const id = prefs.getSettings().defaultProviderId
    return id && prefs.getProvider(id) ? id : undefined
  }

  async function testConnection(config: ProviderConfig, apiKey: string | undefined): Promise<ConnectionTested> {
    // (The key cannot go anywhere but config's origin: redirects off it are refused, clientFactory.ts.)
    const deadline = Date.now() + testBudgetMs
    const remaining = (): number => Math.max(1, deadline - Date.now())
    // No retries: the user is waiting for a verdict, and a retried 429 or 5xx is still one.
    const client = createOpenAIClient(config, apiKey, { maxRetries: 0, timeoutMs: testBudgetMs })
    try {
      // Azure lists base models, not the user's deployments, so only a chat proves the setup.
      if (config.presetId !== 'azure') {
        try {
          const models = await listModelIds(client, Math.min(LIST_SHARE_MS, remaining()))
          // An empty list proves little (a page that is not an API, an Ollama with nothing
          // pulled): the probe below says whether the default model really answers.
          if (models.length > 0) {
            const keyCheckPath = KEY_CHECK_PATH[config.presetId]
            if (keyCheckPath) await client.get(keyCheckPath, { timeout: remaining() })
            return { models }
          }
        } catch (error) {
          if (!cannotList(error)) throw error
        }
      }
      // One token keeps the probe cheap. Reasoning models that reject max_tokens answer 400,
      // but their providers list models, so they rarely get here.
      await client.chat.completions.create(
        { model: config.defaultModel, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
        { timeout: remaining() }
      )
      return { models: [config.defaultModel] }
    } catch (error) {
      throw new AppError(toChatError(error, { baseURL: config.baseURL, secrets: [apiKey] }))
    }
  }

  /** The given provider, else the default one, else the first (see ProviderResolver.chosen). */
  function chosen(providerId?: string): ProviderConfig | undefined {
    // A conversation may name a provider deleted since: it continues on the default one.
    const wanted = providerId ? prefs.getProvider(providerId) : undefined
    const fallbackId = defaultProviderId()
    return wanted ?? (fallbackId ? prefs.getProvider(fallbackId) : undefined) ?? prefs.listProviders()[0]
  }

  return {
    list,

    save(draft) {
      const existing = draft.id ? prefs.getProvider(draft.id) : undefined
      if (draft.id && !existing) throw new AppError({ code: 'no_provider', detail: 'This provider no longer exists' })
      const config = configFromDraft(draft, existing?.id ?? randomUUID())
      // A provider that needs a key is never added without one, nor left without it by clearing
      // it: its first message would only fail (the form says so too; this holds for any caller).
      const typedKey = draft.apiKey === undefined ? undefined : cleanKey(draft.apiKey)
      if (PROVIDER_PRESETS[draft.presetId].needsKey && (existing ? draft.apiKey !== undefined && !typedKey : !typedKey)) {
        throw new AppError({ code: 'no_key', detail: `${PROVIDER_PRESETS[draft.presetId].label} needs an API key` })
      }

      // The key first: if it cannot be stored, nothing is saved and the form keeps its state.
      if (draft.apiKey !== undefined) storeKey(config, cleanKey(draft.apiKey) ?? null)
      prefs.putProvider(config)
      // Moved to another origin without a new key: the old key is deleted, not carried over. It
      // was given for the old server only; refusing the save instead would trap a user moving to
      // a keyless server, and the form has already said the key must be typed again. After
      // putProvider, so a failed save never costs the key (and a key left bound to the old
      // origin is never sent to the new one anyway).
      if (draft.apiKey === undefined && existing && storedKey(existing, providerOrigin(config.baseURL)).kind === 'other-origin') {
        secrets.setKey(config.id, null)
      }
      if (!defaultProviderId()) prefs.updateSettings({ defaultProviderId: config.id })
      changed()
      return view(config)
    },

    remove(id) {
      // Provider keys share the secrets namespace with the search services' (`search-tavily`):
      // only a provider that exists has its key removed here.
      if (!prefs.getProvider(id)) return
      prefs.removeProvider(id)
      secrets.setKey(id, null)
      if (prefs.getSettings().defaultProviderId === id) {
        // The model override belonged to the removed provider; the next one has its own models.
        prefs.updateSettings({ defaultProviderId: prefs.listProviders()[0]?.id, defaultModel: undefined })
      }
      changed()
    },

    async test(draft) {
      const config = configFromDraft(draft, draft.id ?? 'draft')
      const saved = draft.id ? prefs.getProvider(draft.id) : undefined
      let apiKey = cleanKey(draft.apiKey)
      if (draft.apiKey === undefined && saved) {
        // No key typed: the saved one, but only towards the origin it was saved for. Elsewhere a
        // preset that needs a key asks for it again; a keyless one (moved to Ollama, a custom
        // server) is tested without it, as it will be saved.
        const target = providerOrigin(config.baseURL)
        const stored = storedKey(saved, target)
        if (stored.kind === 'other-origin' && PROVIDER_PRESETS[draft.presetId].needsKey) throw otherOriginError(stored.boundTo, target)
        if (stored.kind === 'usable') apiKey = stored.key
      }
      if (!apiKey && PROVIDER_PRESETS[draft.presetId].needsKey) {
        const code = secrets.keyringState() === 'unavailable' && draft.apiKey === undefined ? 'keyring_unavailable' : 'no_key'
        throw new AppError({ code })
      }
      return testConnection(config, apiKey)
    },

    async models(id) {
      const provider = prefs.getProvider(id)
      // Azure's listing shows base models, not deployments: offering those would mislead.
      if (!provider || provider.presetId === 'azure') return []
      const stored = storedKey(provider, providerOrigin(provider.baseURL))
      if (stored.kind === 'other-origin') return []
      try {
        const client = createOpenAIClient(provider, stored.kind === 'usable' ? stored.key : undefined, { maxRetries: 0, timeoutMs: MODELS_TIMEOUT_MS })
        return await listModelIds(client, MODELS_TIMEOUT_MS)
      } catch {
        return []
      }
    },

    async detectOllama() {
      const fetchImpl = deps.fetchForDetection ?? fetch
      const notFound: OllamaDetection = { found: false, baseURL: OLLAMA_DEFAULT_BASE_URL, models: [] }
      try {
        const response = await fetchImpl(`${OLLAMA_DEFAULT_BASE_URL}/models`, {
          signal: AbortSignal.timeout(OLLAMA_DETECTION_TIMEOUT_MS)
        })
        if (!response.ok) return notFound
        const body = (await response.json()) as { data?: unknown }
        if (!Array.isArray(body.data)) return notFound
        const ids = body.data.map((model: { id?: unknown }) => model?.id).filter((modelId): modelId is string => typeof modelId === 'string' && modelId !== '')
        return { found: true, baseURL: OLLAMA_DEFAULT_BASE_URL, models: sortedUnique(ids) }
      } catch {
        return notFound
      }
    },

    chosen,

    resolve(providerId) {
      const provider = chosen(providerId)
      if (!provider) throw new AppError({ code: 'no_provider' })

      // The key only if it is bound to this provider's origin: a baseURL edited in the
      // preferences file does not take the key with it.
      const target = providerOrigin(provider.baseURL)
      const stored = storedKey(provider, target)
      if (stored.kind === 'other-origin') throw otherOriginError(stored.boundTo, target)
      const apiKey = stored.kind === 'usable' ? stored.key : undefined
      if (!apiKey && PROVIDER_PRESETS[provider.presetId].needsKey) {
        // Without a keyring no key can be stored (or read): that, not the key, is what to fix.
        const code = secrets.keyringState() === 'unavailable' ? 'keyring_unavailable' : 'no_key'
        throw new AppError({ code })
      }
      return { provider, client: createOpenAIClient(provider, apiKey, deps.clientOptions) }
    }
  }
}
