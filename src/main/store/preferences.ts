/**
 * Settings and provider configurations on top of a raw key/value backend (electron-store in the
 * app, a JSON file in the harness). Everything read back is validated: a value the user edited
 * by hand, or one written by another version of the app, falls back to its default (or the
 * provider entry is skipped) instead of crashing the app at start-up.
 */
import { ProviderConfig, Settings } from '../../shared/settings'
import type { PreferencesPort, PreferencesService } from './types'

const SETTINGS_KEY = 'settings'
const PROVIDERS_KEY = 'providers'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Valid fields are kept; each invalid one is replaced by its default, not the whole object. */
export function readSettings(raw: unknown): Settings {
  const whole = Settings.safeParse(raw ?? {})
  if (whole.success) return whole.data
  const source = isRecord(raw) ? raw : {}
  const repaired: Record<string, unknown> = {}
  for (const [field, schema] of Object.entries(Settings.shape)) {
    const parsed = schema.safeParse(source[field])
    if (parsed.success && parsed.data !== undefined) repaired[field] = parsed.data
  }
  return Settings.parse(repaired)
}

/** Invalid entries are dropped; of two entries with one id, the first wins. */
export function readProviders(raw: unknown): ProviderConfig[] {
  if (!Array.isArray(raw)) return []
  const seen = new Set<string>()
  const providers: ProviderConfig[] = []
  for (const entry of raw) {
    const parsed = ProviderConfig.safeParse(entry)
    if (!parsed.success || seen.has(parsed.data.id)) continue
    seen.add(parsed.data.id)
    providers.push(parsed.data)
  }
  return providers
}

export function createPreferences(backend: PreferencesPort): PreferencesService {
  const listeners = new Set<(settings: Settings) => void>()

  const getSettings = (): Settings => readSettings(backend.get(SETTINGS_KEY))
  const listProviders = (): ProviderConfig[] => readProviders(backend.get(PROVIDERS_KEY))
  const writeProviders = (providers: ProviderConfig[]): void => backend.set(PROVIDERS_KEY, providers)

  function notify(settings: Settings): void {
    for (const listener of [...listeners]) {
      // One failing listener (a closed window, say) must not stop the others or undo the save.
      try {
        listener(settings)
      } catch (error) {
        console.error('settings listener failed', error)
      }
    }
  }

  return {
    getSettings,

    /** A key present with the value undefined clears that optional setting. */
    updateSettings(patch) {
      const before = getSettings()
      // Throws on an invalid value: callers pass validated input, so this is a bug to surface.
      const next = Settings.parse({ ...before, ...patch })
      if (JSON.stringify(next) === JSON.stringify(before)) return before
      backend.set(SETTINGS_KEY, next)
      notify(next)
      return next
    },

    listProviders,

    getProvider(id) {
      return listProviders().find((provider) => provider.id === id)
    },

    putProvider(provider) {
      const valid = ProviderConfig.parse(provider)
      const providers = listProviders()
      const index = providers.findIndex((existing) => existing.id === valid.id)
      if (index === -1) providers.push(valid)
      else providers[index] = valid
      writeProviders(providers)
    },

    removeProvider(id) {
      const providers = listProviders()
      const remaining = providers.filter((provider) => provider.id !== id)
      if (remaining.length !== providers.length) writeProviders(remaining)
    },

    onSettingsChanged(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }
}
