/**
 * The pages of Settings, in the order of its sidebar, and where a link into Settings lands
 * (`view.openSettings(target)`: an error's "Open Settings", an answer's "Manage memories").
 */
import type { ErrorCode } from '../../../shared/errors'

export const SETTINGS_SECTIONS = [
  'general',
  'providers',
  'models',
  'shortcuts',
  'companion',
  'voice',
  'tools',
  'memory',
  'assistants',
  'data',
  'updates',
  'about'
] as const
export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]

/**
 * Where Settings opens: a page, and on it a field (a Row's `field`, scrolled to and focused), or
 * a provider's form opened at one of its fields.
 */
export interface SettingsTarget {
  section: SettingsSectionId
  field?: string
  provider?: { id: string; field: 'apiKey' | 'baseURL' | 'defaultModel' }
}

export function isSettingsSection(value: unknown): value is SettingsSectionId {
  return typeof value === 'string' && (SETTINGS_SECTIONS as readonly string[]).includes(value)
}

/**
 * Where an error's "Open Settings" goes: the failing provider's key or address when the error is
 * about them (the user test landed at the top of a long page, two screens above the provider).
 */
export function settingsTargetForError(code: ErrorCode, providerId: string | null): SettingsTarget {
  const provider = (field: 'apiKey' | 'baseURL' | 'defaultModel'): SettingsTarget =>
    providerId ? { section: 'providers', provider: { id: providerId, field } } : { section: 'providers' }
  switch (code) {
    case 'auth':
    case 'no_key':
    case 'key_other_origin':
      return provider('apiKey')
    case 'not_found':
    case 'invalid_url':
    case 'redirect_refused':
      return provider('baseURL')
    case 'model_not_found':
      return { section: 'models', field: 'models.default' }
    case 'keyring_unavailable':
      return { section: 'providers', field: 'providers.keyring' }
    case 'tool_step_limit':
      return { section: 'tools', field: 'tools.stepLimit' }
    default:
      return { section: 'providers' }
  }
}
