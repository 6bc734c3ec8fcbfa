/**
 * The provider form (onboarding and settings) as pure data: values from a preset or a saved
 * provider, inline validation through normalizeBaseUrl, and the draft sent to main. The key is
 * never known here for a saved provider: only whether one is set, and what the user wants done
 * with it (keep it, replace it, clear it).
 */
import { PROVIDER_PRESETS, normalizeBaseUrl } from '../../../shared/providerPresets'
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
  defaultModel: string
  fallbackModel: string
  apiVersion: string
}

export type UrlError = 'empty' | 'invalid' | 'scheme'

export interface ProviderFormErrors {
  baseURL?: UrlError
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
    defaultModel: p.defaultModel,
    fallbackModel: p.fallbackModel ?? '',
    apiVersion: p.apiVersion ?? ''
  }
}

/** Switching preset in a form keeps what the user typed that still makes sense (the key). */
export function switchPreset(values: ProviderFormValues, presetId: PresetId, label?: string): ProviderFormValues {
  return { ...valuesFromPreset(presetId, label), id: values.id, apiKey: values.apiKey, hasKey: values.hasKey }
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

export function validateProviderForm(v: ProviderFormValues): ProviderFormErrors {
  const errors: ProviderFormErrors = {}
  const url = normalizeBaseUrl(v.baseURL, v.presetId)
  if (!url.ok) errors.baseURL = url.reason
  if (!v.defaultModel.trim()) errors.defaultModel = 'required'
  if (!v.name.trim()) errors.name = 'required'
  return errors
}

export const hasErrors = (e: ProviderFormErrors): boolean => Object.keys(e).length > 0

/**
 * The draft for providers.save / providers.test. apiKey: typed → the new key; cleared → null;
 * otherwise absent (main keeps the stored key).
 */
export function toDraft(v: ProviderFormValues): ProviderDraft {
  const url = normalizeBaseUrl(v.baseURL, v.presetId)
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
