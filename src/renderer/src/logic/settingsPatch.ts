import type { Settings, SettingsPatch } from '../../../shared/settings'

/** Settings after a patch, as main will store them: `null` clears an optional setting. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  const next: Record<string, unknown> = { ...settings }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (value === null) delete next[key]
    else next[key] = value
  }
  return next as Settings
}
