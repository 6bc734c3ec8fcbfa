/**
 * The `app` and `settings` namespaces of the contract: the app's facts, opening links, a page's
 * readiness for its events, and the settings (validated and stored by the preferences layer).
 */
import { AppError } from '../../shared/errors'
import type { ContractHandlers, StartupNotice } from '../../shared/ipc/contract'
import type { WindowKind } from '../../shared/ipc/windows'
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
  /** Quit and start again (Electron: app.relaunch + quit; the harness records the request). */
  relaunch: () => void
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
    relaunch: () => {
      deps.app.relaunch()
      return { ok: true as const }
    },
    openExternal: async ({ url }) => {
      // Checked and cleaned here too, so the harness (which only records) sees what the OS would get.
      const safe = externalUrlToOpen(url)
      if (!safe) return { opened: false }
      await deps.app.openExternal(safe)
      return { opened: true }
    }
  }
}

/**
 * What each window other than main may change through settings:update: what its own UI writes.
 * The companion's voice panel picks a voice and push-to-talk; everything else (consent to the
 * clipboard, plaintext keys, always-allowed tools, where web searches go…) is the main window's
 * Settings, so a compromised companion cannot grant itself the clipboard or the tools.
 */
const WRITABLE_BY: Partial<Record<WindowKind, ReadonlySet<string>>> = {
  companion: new Set(['voiceName', 'voicePushToTalk'])
}

export function createSettingsHandlers(deps: { prefs: PreferencesService; app: Pick<AppShellPort, 'setLaunchAtLogin'> }): ContractHandlers['settings'] {
  const { prefs } = deps
  return {
    get: () => prefs.getSettings(),
    update: (patch, caller) => {
      if (caller && caller.window !== 'main') {
        const writable = WRITABLE_BY[caller.window] ?? new Set<string>()
        const refused = Object.keys(patch).filter((key) => !writable.has(key))
        if (refused.length) throw new AppError({ code: 'forbidden', detail: `The ${caller.window} window may not change ${refused.join(', ')}` })
      }
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
