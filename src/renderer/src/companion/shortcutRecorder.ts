/**
 * The pure rules of Settings' global-shortcut field (components/ShortcutField.tsx), for both the
 * companion's shortcut and the screenshot's: how a key press becomes an accelerator while the
 * field records, what the field shows while modifiers are held, and what the status line says
 * about main's answer (registered, taken, the app's other shortcut, invalid, off, unavailable).
 * It lives with the companion, whose accelerator syntax (shared/companion/accelerator.ts) both
 * shortcuts use, and passes on what the field needs of it. No DOM types: it runs under vitest in
 * plain Node.
 */
import {
  displayAccelerator,
  formatParsed,
  parseAccelerator,
  sameShortcut,
  type AcceleratorProblem
} from '../../../shared/companion/accelerator'
import type { ShortcutStatus } from '../../../shared/companion/schemas'

export { displayAccelerator } from '../../../shared/companion/accelerator'
export type { SetShortcutResult, ShortcutStatus } from '../../../shared/companion/schemas'

/** The parts of a KeyboardEvent the recorder reads. */
export interface KeyPress {
  key: string
  code: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
}

const MODIFIER_KEYS = new Set(['Alt', 'AltGraph', 'Control', 'Meta', 'Shift', 'OS', 'Super', 'Hyper', 'Fn'])

const CODE_NAMES: Record<string, string> = {
  Space: 'Space',
  Enter: 'Return',
  NumpadEnter: 'Return',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Escape',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  PrintScreen: 'PrintScreen',
  NumpadDecimal: 'numdec',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv'
}

/**
 * The key of a key press by its physical position (KeyboardEvent.code): with Option held on a
 * Mac, `key` is "å" for A, and on other layouts letters move; the global shortcut is about the
 * key, like Electron's accelerators.
 */
export function keyNameFromCode(code: string): string | null {
  let m = /^Key([A-Z])$/.exec(code)
  if (m) return m[1]
  m = /^Digit([0-9])$/.exec(code)
  if (m) return m[1]
  m = /^Numpad([0-9])$/.exec(code)
  if (m) return `num${m[1]}`
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code)
  if (m) return `F${m[1]}`
  return CODE_NAMES[code] ?? null
}

export type RecordedKey =
  | { kind: 'accelerator'; accelerator: string }
  /** Only modifiers held so far: keep listening. */
  | { kind: 'pending'; modifiers: string[] }
  /** Esc alone: stop recording, change nothing. */
  | { kind: 'cancel' }
  /** Tab or Shift+Tab alone: the keyboard user moves on (focus leaves, recording stops). */
  | { kind: 'leave' }
  | { kind: 'invalid'; problem: AcceleratorProblem | 'unknown-key' }

/** One key press while the field records. */
export function recordKey(k: KeyPress, platform: string | undefined): RecordedKey {
  const modifiers: string[] = []
  if (k.metaKey) modifiers.push(platform === 'darwin' ? 'Command' : 'Super')
  if (k.ctrlKey) modifiers.push('Control')
  if (k.altKey) modifiers.push('Alt')
  if (k.shiftKey) modifiers.push('Shift')
  if (MODIFIER_KEYS.has(k.key)) return { kind: 'pending', modifiers }
  if (k.key === 'Escape' && modifiers.length === 0) return { kind: 'cancel' }
  if (k.key === 'Tab' && !k.metaKey && !k.ctrlKey && !k.altKey) return { kind: 'leave' }
  const key = keyNameFromCode(k.code)
  if (!key) return { kind: 'invalid', problem: 'unknown-key' }
  const parsed = parseAccelerator([...modifiers, key].join('+'))
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem }
  return { kind: 'accelerator', accelerator: formatParsed(parsed.value) }
}

/** The modifiers held so far, as the field shows them while it waits for the key: "⌃⇧…", "Ctrl+Shift+…". */
export function pendingLabel(modifiers: readonly string[], platform: string | undefined): string {
  if (modifiers.length === 0) return ''
  // A placeholder key shown through the same formatting, then replaced by the ellipsis.
  const shown = displayAccelerator([...modifiers, 'F1'].join('+'), platform)
  return shown.endsWith('F1') ? `${shown.slice(0, -2)}…` : `${modifiers.join('+')}+…`
}

/** The app's two global shortcuts. */
export type ShortcutKind = 'companion' | 'capture'

/**
 * One sentence of the status line or of a refused change, for the field to put in words.
 * `shortcut` is already written for people (⌘⇧2 / Ctrl+Shift+2), except for an invalid one
 * (shown as it was typed).
 */
export type ShortcutLine =
  | { text: 'registered' | 'taken' | 'usedByOther' | 'kept' | 'saved' | 'invalid'; shortcut: string }
  | { text: 'disabled' | 'unavailable' }

export interface DescribeContext {
  platform: string | undefined
  /** The app's other global shortcut as saved ('' : none): taking its keys is refused. */
  other: string
}

/**
 * What main's status says, in sentences: the status line (main's current state) and a refused
 * change (the wanted accelerator with the state that refused it and the one still active).
 */
export function describeStatus(s: ShortcutStatus, ctx: DescribeContext): ShortcutLine[] {
  const show = (a: string): string => displayAccelerator(a, ctx.platform)
  const kept = (): ShortcutLine[] => (s.active && s.active !== s.accelerator ? [{ text: 'kept', shortcut: show(s.active) }] : [])
  switch (s.state) {
    case 'registered':
      return [{ text: 'registered', shortcut: show(s.accelerator) }]
    case 'conflict':
      return [
        { text: ctx.other && sameShortcut(s.accelerator, ctx.other, ctx.platform) ? 'usedByOther' : 'taken', shortcut: show(s.accelerator) },
        ...kept()
      ]
    case 'invalid':
      return [{ text: 'invalid', shortcut: s.accelerator }, ...kept()]
    case 'disabled':
      return [{ text: 'disabled' }]
    default:
      return [{ text: 'unavailable' }]
  }
}

/** The free alternative main tried for real, offered as "Use …" (only for a taken or invalid one). */
export function suggestionOf(s: ShortcutStatus | null | undefined): string | null {
  return s && s.suggestion && (s.state === 'conflict' || s.state === 'invalid') ? s.suggestion : null
}

/** "Reset to …" is offered unless the shortcut already is the default (in any spelling). */
export function isDefaultShortcut(value: string, defaultAccelerator: string, platform: string | undefined): boolean {
  return value === defaultAccelerator || sameShortcut(value, defaultAccelerator, platform)
}
