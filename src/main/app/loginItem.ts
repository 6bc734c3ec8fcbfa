/**
 * "Launch at login". macOS and Windows use app.setLoginItemSettings; Electron has no Linux
 * implementation, so on Linux an XDG autostart entry (~/.config/autostart/omnidesk.desktop) is
 * written or removed. The login launch carries LAUNCHED_AT_LOGIN_FLAG so the app starts in the
 * tray instead of opening its window. Pure parts are exported for tests; the app passes the
 * Electron and fs bits in.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const LAUNCHED_AT_LOGIN_FLAG = '--launched-at-login'
export const AUTOSTART_FILE_NAME = 'omnidesk.desktop'

/** Quotes an Exec argument as the Desktop Entry spec asks (reserved characters escaped). */
export function quoteDesktopExecArg(arg: string): string {
  if (!/[\s"'\\$`<>~|&;*?#()]/.test(arg)) return arg
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`
}

export function linuxAutostartEntry(opts: { name: string; executable: string }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${opts.name}`,
    `Exec=${quoteDesktopExecArg(opts.executable)} ${LAUNCHED_AT_LOGIN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

export function wasLaunchedAtLogin(opts: { argv: readonly string[]; macWasOpenedAtLogin?: boolean }): boolean {
  return opts.argv.includes(LAUNCHED_AT_LOGIN_FLAG) || opts.macWasOpenedAtLogin === true
}

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void
}

export function createLaunchAtLogin(deps: {
  app: LoginItemApp
  platform: NodeJS.Platform
  /** The AppImage path when run from one (its mount point changes every launch), else the binary. */
  executable: string
  /** XDG_CONFIG_HOME or ~/.config. */
  configHome?: string
}): (enabled: boolean) => void {
  if (deps.platform === 'linux') {
    const dir = path.join(deps.configHome ?? path.join(os.homedir(), '.config'), 'autostart')
    const file = path.join(dir, AUTOSTART_FILE_NAME)
    return (enabled) => {
      if (enabled) {
        fs.mkdirSync(dir, { recursive: true })
        fs.writeFileSync(file, linuxAutostartEntry({ name: 'Omnidesk', executable: deps.executable }))
      } else {
        fs.rmSync(file, { force: true })
      }
    }
  }
  return (enabled) => {
    // Windows matches the entry by path and args, so the same args are given to add and remove it;
    // macOS ignores them and reports wasOpenedAtLogin instead.
    deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [LAUNCHED_AT_LOGIN_FLAG] })
  }
}
