/**
 * macOS Screen Recording permission, from `systemPreferences.getMediaAccessStatus('screen')`.
 * Without it macOS returns captures with only the wallpaper and menu bar (or black). There is
 * no API to ask: the first capture attempt shows the OS prompt, and afterwards the user must
 * tick the app in System Settings › Privacy & Security › Screen Recording — and usually
 * restart the app for it to take effect. Other systems need no permission.
 */
import type { ScreenPermission } from '../../shared/capture/schemas'
import type { PermissionPort } from './ports'

/** The System Settings pane (macOS 13+ and older System Preferences both understand it). */
export const MAC_SCREEN_RECORDING_PANE = 'x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture'

export interface SystemPreferencesLike {
  getMediaAccessStatus(mediaType: 'screen'): string
}

export function createScreenPermission(deps: {
  platform: string
  systemPreferences?: SystemPreferencesLike
  /** shell.openExternal (no scheme filter: the URL is our constant). */
  openUrl: (url: string) => Promise<void>
}): PermissionPort {
  return {
    status(): ScreenPermission {
      if (deps.platform !== 'darwin') return 'not-needed'
      try {
        const s = deps.systemPreferences?.getMediaAccessStatus('screen')
        return s === 'granted' || s === 'denied' || s === 'restricted' || s === 'not-determined' ? s : 'unknown'
      } catch {
        return 'unknown'
      }
    },
    async openSettings() {
      if (deps.platform === 'darwin') await deps.openUrl(MAC_SCREEN_RECORDING_PANE)
    }
  }
}

/** Refuse to capture (and explain) rather than send a picture of the wallpaper. */
export function permissionBlocksCapture(status: ScreenPermission): boolean {
  return status === 'denied' || status === 'restricted'
}
