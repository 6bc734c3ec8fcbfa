/**
 * The `app` and `settings` namespaces of the contract: the app's facts, opening links, a page's
 * readiness for its events, and the settings (validated and stored by the preferences layer).
 */
import type { ContractHandlers, StartupNotice } from '../../shared/ipc/contract'
import { externalUrlToOpen } from '../security/externalUrl'
import type { KeyringAwareSecretStore } from '../store/secrets'
import type { PreferencesService } from '../store/types'

export interface AppShellPort {
  version: string
  platform: string
  systemLocale: () => string
  systemDark: () => boolean
  /** Only called with URLs that passed the scheme check. */
  openExternal: (url: string) => Promise<void>
  setLaunchAtLogin: (enabled: boolean) => void
}

export function createAppHandlers(deps: {
  app: AppShellPort
  dataDir: string
  secrets: Pick<KeyringAwareSecretStore, 'keyringState'>
  notices: StartupNotice[]
  /** A window's page subscribed to its events: the shell's event router sends what it queued. */
  windowReady: (sender: number | string) => void
}): ContractHandlers['app'] {
  return {
    ready: (_req, caller) => {
      if (caller) deps.windowReady(caller.sender)
      return { ok: true as const }
    },
    info: () => ({
      version: deps.app.version,
      platform: deps.app.platform,
      systemLocale: deps.app.systemLocale(),
      systemDark: deps.app.systemDark(),
      dataDir: deps.dataDir,
      keyring: deps.secrets.keyringState(),
      startupNotices: deps.notices
    }),
    openExternal: async ({ url }) => {
      // Checked and cleaned here too, so the harness (which only records) sees what the OS would get.
      const safe = externalUrlToOpen(url)
      if (!safe) return { opened: false }
      await deps.app.openExternal(safe)
      return { opened: true }
    }
  }
}

export function createSettingsHandlers(deps: { prefs: PreferencesService; app: Pick<AppShellPort, 'setLaunchAtLogin'> }): ContractHandlers['settings'] {
  const { prefs } = deps
  return {
    get: () => prefs.getSettings(),
    update: (patch) => {
      const before = prefs.getSettings()
      // null (from the wire) means "clear": the preferences layer clears on undefined.
      const cleared = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === null ? undefined : v]))
      const after = prefs.updateSettings(cleared)
      if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== before.launchAtLogin) {
        deps.app.setLaunchAtLogin(after.launchAtLogin)
      }
      return after
    }
  }
}
