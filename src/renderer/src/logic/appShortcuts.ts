/**
 * The main window's keyboard shortcuts (issue 19 item 6): which key press means which command,
 * and how each is written for the user (⌘N on macOS, Ctrl+N elsewhere). Pure — no DOM types —
 * so the platform, IME and Esc rules are unit-tested (tests/unit/appShortcuts.test.ts); the one
 * keydown listener that acts on them is components/useAppShortcuts.ts.
 *
 * The app menu (src/main/app/appMenu.ts) shows ⌘N and ⌘, too but does not register them
 * (`registerAccelerator: false`; on macOS the page sees a key equivalent first and the menu acts
 * only on a key the page left unhandled), so this table is the one place they are handled.
 */

export type AppShortcutCommand = 'new-chat' | 'search' | 'settings' | 'focus-composer' | 'toggle-sidebar' | 'stop' | 'shortcuts'

export interface AppShortcut {
  command: AppShortcutCommand
  /** Cmd on macOS, Ctrl elsewhere. */
  mod: boolean
  shift: boolean
  /** KeyboardEvent.key as typed on a US layout ('n', ',', '/', '\\', 'Escape'). */
  key: string
  /** KeyboardEvent.code: the physical key, for layouts whose key for it is not Latin (Cyrillic, Greek…). */
  code: string
}

/** In the order the shortcuts sheet lists them. */
export const APP_SHORTCUTS: readonly AppShortcut[] = [
  { command: 'new-chat', mod: true, shift: false, key: 'n', code: 'KeyN' },
  { command: 'search', mod: true, shift: false, key: 'k', code: 'KeyK' },
  { command: 'focus-composer', mod: false, shift: true, key: 'Escape', code: 'Escape' },
  { command: 'stop', mod: false, shift: false, key: 'Escape', code: 'Escape' },
  { command: 'toggle-sidebar', mod: true, shift: false, key: '\\', code: 'Backslash' },
  { command: 'settings', mod: true, shift: false, key: ',', code: 'Comma' },
  { command: 'shortcuts', mod: true, shift: false, key: '/', code: 'Slash' }
]

export interface ShortcutKey {
  key: string
  code: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** KeyboardEvent.isComposing: an IME (Chinese, Japanese…) composition is in progress. */
  isComposing?: boolean
  /** 229: the key went to an IME (some browsers end a composition this way). */
  keyCode?: number
  /** A held key's repeats: a toggle must not flap. */
  repeat?: boolean
  /** Something on the page already handled this key (the @-list, the edit box, a preview). */
  defaultPrevented?: boolean
}

export interface ShortcutContext {
  platform: string | undefined
  /** A modal dialog is open: the shortcuts sheet, or another (Settings, Assistants, a link to confirm, voice). */
  dialog: 'shortcuts' | 'other' | null
  /** A menu, popup or list that closes on Esc was open when the key went down (capture menu, tools menu, @-list, image preview). */
  escapeInUse: boolean
  /** An answer is streaming in the open conversation. */
  streaming: boolean
}

/**
 * `null`: not ours, let the page have the key. `'blocked'`: one of our shortcuts that does not
 * apply now (a dialog is open): the caller swallows it so that the macOS menu does not run it
 * behind the dialog either.
 */
export type ShortcutResult = AppShortcutCommand | 'blocked' | null

const PRINTABLE_ASCII = /^[\x21-\x7e]$/

/** The key press is `s`'s key: by the character typed, or by the physical key when the layout types no ASCII there. */
function sameKey(k: ShortcutKey, s: AppShortcut): boolean {
  if (s.key === 'Escape') return k.key === 'Escape' || k.key === 'Esc'
  if (PRINTABLE_ASCII.test(k.key)) {
    // A letter needs no Shift (Ctrl+Shift+N is another shortcut); a sign may (on a German
    // keyboard '/' is Shift+7), its character is what counts.
    return /[a-z]/.test(s.key) ? k.key.toLowerCase() === s.key && !k.shiftKey : k.key === s.key
  }
  return k.code === s.code && !k.shiftKey
}

function modifiersMatch(k: ShortcutKey, s: AppShortcut, mac: boolean): boolean {
  if (k.altKey) return false
  const mod = mac ? k.metaKey : k.ctrlKey
  const other = mac ? k.ctrlKey : k.metaKey
  if (other || mod !== s.mod) return false
  // Shift: checked by sameKey for signs and letters; Esc says it here.
  return s.key === 'Escape' ? k.shiftKey === s.shift : true
}

export function appShortcutCommand(k: ShortcutKey, ctx: ShortcutContext): ShortcutResult {
  // A key that confirms or cancels an IME candidate is the IME's.
  if (k.isComposing || k.keyCode === 229) return null
  const mac = ctx.platform === 'darwin'
  const shortcut = APP_SHORTCUTS.find((s) => modifiersMatch(k, s, mac) && sameKey(k, s))
  if (!shortcut) return null
  if (shortcut.key === 'Escape') {
    // Esc belongs to whatever is open first (a menu, a list, a dialog, the edit box).
    if (k.defaultPrevented || ctx.escapeInUse || ctx.dialog) return null
    if (shortcut.command === 'stop' && !ctx.streaming) return null
    return shortcut.command
  }
  if (k.defaultPrevented) return null
  if (k.repeat) return 'blocked'
  if (ctx.dialog === 'shortcuts') return shortcut.command === 'shortcuts' ? 'shortcuts' : 'blocked'
  if (ctx.dialog) return 'blocked'
  return shortcut.command
}

const MAC_SYMBOLS: Record<string, string> = { Escape: '⎋' }
const OTHER_NAMES: Record<string, string> = { Escape: 'Esc' }

/** How the sheet (and a tooltip) writes a shortcut: ⌘N / ⇧⎋ on macOS, Ctrl+N / Shift+Esc elsewhere. */
export function shortcutLabel(s: AppShortcut, platform: string | undefined): string {
  const keyName = (names: Record<string, string>): string => names[s.key] ?? s.key.toUpperCase()
  if (platform === 'darwin') return `${s.shift ? '⇧' : ''}${s.mod ? '⌘' : ''}${keyName(MAC_SYMBOLS)}`
  return [s.mod ? 'Ctrl' : '', s.shift ? 'Shift' : '', keyName(OTHER_NAMES)].filter(Boolean).join('+')
}

/** The aria-keyshortcuts value: modifiers and keys by their KeyboardEvent.key names (Meta / Control, Shift, N, /, Escape). */
export function ariaKeyShortcut(s: AppShortcut, platform: string | undefined): string {
  const key = /^[a-z]$/.test(s.key) ? s.key.toUpperCase() : s.key
  return [s.mod ? (platform === 'darwin' ? 'Meta' : 'Control') : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}

export function shortcutOf(command: AppShortcutCommand): AppShortcut {
  const found = APP_SHORTCUTS.find((s) => s.command === command)
  if (!found) throw new Error(`no shortcut for ${command}`)
  return found
}
