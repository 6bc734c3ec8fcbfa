/**
 * The provider form (onboarding and settings) as pure data: values from a preset or a saved
 * provider, inline validation through normalizeBaseUrl, and the draft sent to main. The key is
 * never known here for a saved provider: only whether one is set, for which origin, and what the
 * user wants done with it (keep it, replace it, clear it). A saved key is bound to the origin it
 * was saved for (main enforces it): once the URL or preset points elsewhere, it is not "set" any
 * more and must be typed again.
 */
import { PROVIDER_PRESETS, isRemotePlainHttp, normalizeBaseUrl, providerOrigin } from '../../../shared/providerPresets'
import type { PresetId, ProviderDraft, ProviderView } from '../../../shared/settings'

export interface ProviderFormValues {
  id?: string
  presetId: PresetId
  name: string
  baseURL: string
  /** What the user typed in the key field ('' = nothing typed). */
  apiKey: string
  /** A saved provider's key state, and whether the user asked to clear it. */
  hasKey: boolean
  clearKey: boolean
  /** The origin the saved key belongs to (the saved provider's); absent for a new provider. */
  savedOrigin?: string
  defaultModel: string
  fallbackModel: string
  apiVersion: string
}

export type UrlError = 'empty' | 'invalid' | 'scheme'

export interface ProviderFormErrors {
  baseURL?: UrlError
  apiKey?: 'required'
  defaultModel?: 'required'
  name?: 'required'
}

export function valuesFromPreset(presetId: PresetId, label?: string): ProviderFormValues {
  const p = PROVIDER_PRESETS[presetId]
  return {
    presetId,
    name: label ?? p.label,
    baseURL: p.baseURL,
    apiKey: '',
    hasKey: false,
    clearKey: false,
    defaultModel: p.defaultModel,
    fallbackModel: p.fallbackModel ?? '',
    apiVersion: p.apiVersion ?? ''
  }
}

export function valuesFromProvider(p: ProviderView): ProviderFormValues {
  return {
    id: p.id,
    presetId: p.presetId,
    name: p.name,
    baseURL: p.baseURL,
    apiKey: '',
    hasKey: p.hasKey,
    clearKey: false,
    savedOrigin: providerOrigin(p.baseURL),
    defaultModel: p.defaultModel,
    fallbackModel: p.fallbackModel ?? '',
    apiVersion: p.apiVersion ?? ''
  }
}

/**
 * Switching preset in a form keeps what the user typed that still makes sense (the key), and what
 * is saved (whether there is a key, and for which origin: the new preset's URL usually is another
 * origin, and savedKeyState then says the key must be typed again).
 */
export function switchPreset(values: ProviderFormValues, presetId: PresetId, label?: string): ProviderFormValues {
  return { ...valuesFromPreset(presetId, label), id: values.id, apiKey: values.apiKey, hasKey: values.hasKey, savedOrigin: values.savedOrigin }
}

/**
 * What becomes of a saved key with the form as it is: 'none' (no saved key), 'set' (kept),
 * 'clearing' (the user asked to remove it), 'other-origin' (the URL now points at another scheme,
 * host or port: the key is not sent there, and saving without a new one removes it). Derived, not
 * stored: putting the URL back brings "Key set" back, as main would use the key again.
 */
export type SavedKeyState = 'none' | 'set' | 'clearing' | 'other-origin'

export function savedKeyState(v: ProviderFormValues): SavedKeyState {
  if (!v.hasKey) return 'none'
  if (formOrigin(v) !== v.savedOrigin || v.savedOrigin === undefined) return 'other-origin'
  return v.clearKey ? 'clearing' : 'set'
}

/**
 * What the user typed as a base URL, with the scheme they left out: `localhost:5302` is what people
 * type for a local server, and refusing it (as the user test found) helps nobody. The scheme is
 * the one the host would speak: http:// for this computer and the local network (local servers
 * rarely have TLS), https:// for anything else — never plain http to a remote host by guessing;
 * a user who types http:// for one still gets the warning. Anything with a scheme is left as it
 * is (normalizeBaseUrl refuses ftp:// and friends). Main gets the completed URL in the draft.
 */
export function completeBaseUrl(input: string): string {
  const trimmed = input.trim()
  // "localhost:5302" parses as a URL with the scheme "localhost:": only "://" marks a real scheme.
  if (!trimmed || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.startsWith('/')) return trimmed
  const asHttp = `http://${trimmed}`
  try {
    new URL(asHttp)
  } catch {
    return trimmed
  }
  return isRemotePlainHttp(asHttp) ? `https://${trimmed}` : asHttp
}

const normalized = (v: Pick<ProviderFormValues, 'baseURL' | 'presetId'>): ReturnType<typeof normalizeBaseUrl> =>
  normalizeBaseUrl(completeBaseUrl(v.baseURL), v.presetId)

/** The origin requests would go to, as main will normalise the URL; undefined while it is not valid. */
function formOrigin(v: Pick<ProviderFormValues, 'baseURL' | 'presetId'>): string | undefined {
  const url = normalized(v)
  return url.ok ? providerOrigin(url.url) : undefined
}

/** The base URL would carry the key and the conversation unencrypted over other networks. */
export function warnsPlainHttp(v: Pick<ProviderFormValues, 'baseURL' | 'presetId'>): boolean {
  const url = normalized(v)
  return url.ok && isRemotePlainHttp(url.url)
}

/** 'required': a key must be given; 'optional': shown, may stay empty; 'hidden': keyless local server. */
export type KeyFieldMode = 'required' | 'optional' | 'hidden'

export function keyFieldMode(presetId: PresetId): KeyFieldMode {
  const p = PROVIDER_PRESETS[presetId]
  if (p.needsKey) return 'required'
  // Local servers (Ollama, LM Studio) need no key: the field would only confuse.
  if (p.id === 'ollama' || p.id === 'lmstudio') return 'hidden'
  return p.keyOptional ? 'optional' : 'hidden'
}

/**
 * Whether saving the form would leave a provider that needs a key without one: nothing typed, and
 * no saved key that stays (none, cleared, or bound to another origin). Saved like that, the first
 * message fails (no_key) — the user test saved OpenAI without a key and only learned it then.
 */
export function missingRequiredKey(v: ProviderFormValues): boolean {
  if (keyFieldMode(v.presetId) !== 'required' || v.apiKey.trim()) return false
  return savedKeyState(v) !== 'set'
}

export function validateProviderForm(v: ProviderFormValues): ProviderFormErrors {
  const errors: ProviderFormErrors = {}
  const url = normalized(v)
  if (!url.ok) errors.baseURL = url.reason
  if (missingRequiredKey(v)) errors.apiKey = 'required'
  if (!v.defaultModel.trim()) errors.defaultModel = 'required'
  if (!v.name.trim()) errors.name = 'required'
  return errors
}

export const hasErrors = (e: ProviderFormErrors): boolean => Object.keys(e).length > 0

/**
 * The draft for providers.save / providers.test. apiKey: typed → the new key; cleared → null;
 * otherwise absent (main keeps the stored key for the same origin; for another origin it refuses
 * to test with it and deletes it on save, whatever the form sends).
 */
export function toDraft(v: ProviderFormValues): ProviderDraft {
  const url = normalized(v)
  const draft: ProviderDraft = {
    presetId: v.presetId,
    name: v.name.trim() || PROVIDER_PRESETS[v.presetId].label,
    baseURL: url.ok ? url.url : v.baseURL.trim(),
    defaultModel: v.defaultModel.trim()
  }
  if (v.id) draft.id = v.id
  const typedKey = v.apiKey.trim()
  if (keyFieldMode(v.presetId) !== 'hidden' || typedKey) {
    if (typedKey) draft.apiKey = typedKey
    else if (v.clearKey && v.hasKey) draft.apiKey = null
  }
  const fallback = v.fallbackModel.trim()
  if (fallback) draft.fallbackModel = fallback
  else if (v.id) draft.fallbackModel = ''
  if (v.presetId === 'azure' && v.apiVersion.trim()) draft.apiVersion = v.apiVersion.trim()
  return draft
}

/** A model name to test with when none is entered yet (the schema requires one; listing models needs none). */
export const TEST_PLACEHOLDER_MODEL = 'default'

/** The draft for "Test connection": like toDraft, but testable before a model is chosen. */
export function toTestDraft(v: ProviderFormValues): ProviderDraft {
  const draft = toDraft(v)
  if (!draft.defaultModel) draft.defaultModel = PROVIDER_PRESETS[v.presetId].defaultModel || TEST_PLACEHOLDER_MODEL
  return draft
}

/**
 * The default model after Test connection listed what the provider serves. What the user typed
 * stays. Otherwise the preset's own default when the provider lists it, then the first well-known
 * default it lists (a custom gateway serving gpt-4o), and only then the first listed: the list is
 * alphabetical, and its first entry (deepseek-chat before gpt-4o) is rarely the model meant.
 */
export function pickDefaultModel(current: string, presetId: PresetId, listed: readonly string[]): string {
  if (current.trim() || listed.length === 0) return current
  const known = [PROVIDER_PRESETS[presetId].defaultModel, ...Object.values(PROVIDER_PRESETS).map((p) => p.defaultModel)]
  return known.find((m) => m && listed.includes(m)) ?? listed[0]
}

/**
 * A failed Test connection that says the key was refused (401/403). Saving then would give a
 * provider whose first message fails the same way, so Save asks first (ProviderForm) — it does not
 * refuse: a restricted key may be denied the model list yet allowed to chat, and a proxy may
 * answer the test differently from the chat.
 */
export function failedAuth(error: { code: string }): boolean {
  return error.code === 'auth'
}
