/**
 * Electron accelerators for the capture shortcut ("CommandOrControl+Shift+2"): at least one
 * modifier and exactly one key. Pure; the settings field checks it before saving, and main's
 * globalShortcut.register still has the last word (another app may hold the shortcut).
 */
const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta'])
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen'
])

export function isValidAccelerator(value: string): boolean {
  const parts = value.split('+').map((p) => p.trim())
  if (parts.length < 2 || parts.some((p) => !p)) return false
  const key = parts[parts.length - 1]
  const mods = parts.slice(0, -1).map((m) => m.toLowerCase())
  if (!mods.every((m) => MODIFIERS.has(m)) || new Set(mods).size !== mods.length) return false
  const k = key.toLowerCase()
  if (MODIFIERS.has(k)) return false
  return /^[a-z0-9]$/.test(k) || /^f([1-9]|1\d|2[0-4])$/.test(k) || NAMED_KEYS.has(k) || /^[)!@#$%^&*(:;<>=?_~{}|\\[\]'",./`-]$/.test(key)
}

/** How the accelerator reads on this platform (⌘⇧2 style on macOS). */
export function acceleratorLabel(value: string, platform: string | undefined): string {
  const mac = platform === 'darwin'
  return value
    .split('+')
    .map((p) => {
      const m = p.trim().toLowerCase()
      if (m === 'commandorcontrol' || m === 'cmdorctrl') return mac ? '⌘' : 'Ctrl'
      if (m === 'command' || m === 'cmd' || m === 'meta' || m === 'super') return mac ? '⌘' : 'Super'
      if (m === 'control' || m === 'ctrl') return mac ? '⌃' : 'Ctrl'
      if (m === 'alt' || m === 'option') return mac ? '⌥' : 'Alt'
      if (m === 'shift') return mac ? '⇧' : 'Shift'
      return p.trim()
    })
    .join(mac ? '' : '+')
}

/** The default capture shortcut (Cmd+Shift+2 on macOS, Ctrl+Shift+2 elsewhere). */
export const DEFAULT_CAPTURE_SHORTCUT = 'CommandOrControl+Shift+2'

/**
 * Alternatives to offer when the capture shortcut is taken, best first; each is tried for real
 * before it is suggested. Avoided on purpose: ⌘⇧3/4/5 (macOS's own screenshots), Win+Shift+S
 * (Windows' Snipping Tool), Ctrl+Alt+digit on Windows and Linux (AltGr+digit types characters
 * such as @ or { on many European layouts).
 */
export function captureShortcutCandidates(platform: string | undefined): string[] {
  if (platform === 'darwin') {
    return [DEFAULT_CAPTURE_SHORTCUT, 'Alt+Shift+2', 'CommandOrControl+Alt+2', 'Control+Shift+2', 'Alt+Shift+S']
  }
  return [DEFAULT_CAPTURE_SHORTCUT, 'Alt+Shift+2', 'Control+Alt+Shift+2', 'Alt+Shift+S', 'Control+Alt+Shift+S']
}
