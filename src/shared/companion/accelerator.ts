/**
 * Global-shortcut accelerators ("Alt+Space", "CommandOrControl+Shift+K"), in Electron's syntax.
 * Pure, shared: main validates and registers them, the Settings key recorder builds and shows
 * them, and both agree on one canonical spelling.
 *
 * Canonical form: modifiers in a fixed order (Command, Control, CommandOrControl, Super, Alt,
 * Shift), then exactly one key, joined with "+". "Alt" is Option on macOS (Electron accepts both
 * names; we store "Alt" so one setting means the same physical key on every platform).
 */

export type Modifier = 'Command' | 'Control' | 'CommandOrControl' | 'Alt' | 'Shift' | 'Super'

const MODIFIER_ORDER: readonly Modifier[] = ['Command', 'Control', 'CommandOrControl', 'Super', 'Alt', 'Shift']

const MODIFIER_ALIASES: Record<string, Modifier> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
  win: 'Super'
}

const NAMED_KEYS = [
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Plus',
  'PrintScreen'
] as const

const KEY_ALIASES: Record<string, string> = {
  enter: 'Return',
  esc: 'Escape',
  del: 'Delete',
  ins: 'Insert',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right',
  ' ': 'Space'
}

/** Punctuation keys Electron accepts as they are. */
const PUNCTUATION = new Set([',', '.', '/', ';', "'", '[', ']', '\\', '-', '=', '`'])

const NAMED_BY_LOWER = new Map<string, string>(NAMED_KEYS.map((k) => [k.toLowerCase(), k]))

/** The canonical spelling of a key token, or null when Electron would not accept it. */
export function canonicalKey(token: string): string | null {
  if (token.length === 1) {
    if (/^[a-z0-9]$/i.test(token)) return token.toUpperCase()
    if (PUNCTUATION.has(token)) return token
    if (token === ' ') return 'Space'
    return null
  }
  const lower = token.toLowerCase()
  if (KEY_ALIASES[lower]) return KEY_ALIASES[lower]
  const named = NAMED_BY_LOWER.get(lower)
  if (named) return named
  const fn = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(token)
  if (fn) return `F${fn[1]}`
  const num = /^num([0-9]|dec|add|sub|mult|div)$/i.exec(token)
  if (num) return `num${num[1].toLowerCase()}`
  return null
}

export interface ParsedAccelerator {
  modifiers: Modifier[]
  key: string
}

export type AcceleratorProblem =
  | 'empty'
  | 'unknown-token' // not a modifier nor a key Electron knows
  | 'no-key' // only modifiers
  | 'two-keys'
  | 'needs-modifier' // a letter, digit, Space… alone (or with Shift only) would swallow typing

/** Parses any accepted spelling ("option+space", "Cmd + Shift + k"). */
export function parseAccelerator(text: string): { ok: true; value: ParsedAccelerator } | { ok: false; problem: AcceleratorProblem } {
  const raw = text.trim()
  if (!raw) return { ok: false, problem: 'empty' }
  // "Plus" is the key "+"; a literal "+" key can only be written as "Plus".
  const tokens = raw.split('+').map((t) => t.trim())
  const modifiers = new Set<Modifier>()
  let key: string | null = null
  for (const token of tokens) {
    if (!token) return { ok: false, problem: 'unknown-token' }
    const mod = MODIFIER_ALIASES[token.toLowerCase()]
    if (mod) {
      modifiers.add(mod)
      continue
    }
    const k = canonicalKey(token)
    if (!k) return { ok: false, problem: 'unknown-token' }
    if (key) return { ok: false, problem: 'two-keys' }
    key = k
  }
  if (!key) return { ok: false, problem: 'no-key' }
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.has(m))
  const isFunctionKey = /^F\d+$/.test(key)
  const meaningful = ordered.filter((m) => m !== 'Shift')
  if (!isFunctionKey && meaningful.length === 0) return { ok: false, problem: 'needs-modifier' }
  return { ok: true, value: { modifiers: ordered, key } }
}

export function formatParsed(p: ParsedAccelerator): string {
  return [...p.modifiers, p.key].join('+')
}

/** The canonical form, or null when the text is not a usable global shortcut. */
export function normalizeAccelerator(text: string): string | null {
  const parsed = parseAccelerator(text)
  return parsed.ok ? formatParsed(parsed.value) : null
}

const MAC_SYMBOLS: Record<Modifier, string> = {
  Command: '⌘',
  Control: '⌃',
  CommandOrControl: '⌘',
  Alt: '⌥',
  Shift: '⇧',
  Super: '⌘'
}
const MAC_KEY_SYMBOLS: Record<string, string> = {
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→',
  Return: '↩',
  Backspace: '⌫',
  Delete: '⌦',
  Escape: '⎋',
  Tab: '⇥',
  PageUp: '⇞',
  PageDown: '⇟',
  Home: '↖',
  End: '↘',
  Plus: '+'
}

/**
 * How a shortcut is written for people: symbols in macOS's own order (⌃⌥⇧⌘) on macOS — "⌥Space",
 * "⇧⌘2" —, names joined with "+" elsewhere — "Alt+Space", "Ctrl+Shift+2" (CommandOrControl is ⌘
 * on macOS and Ctrl elsewhere). Text that is not a shortcut comes back as it is.
 */
export function displayAccelerator(accelerator: string, platform: string | undefined): string {
  const parsed = parseAccelerator(accelerator)
  if (!parsed.ok) return accelerator
  const { modifiers, key } = parsed.value
  if (platform === 'darwin') {
    // macOS orders modifier symbols ⌃⌥⇧⌘.
    const macOrder: Modifier[] = ['Control', 'Alt', 'Shift', 'Command', 'CommandOrControl', 'Super']
    const symbols = macOrder.filter((m) => modifiers.includes(m)).map((m) => MAC_SYMBOLS[m])
    return [...new Set(symbols)].join('') + (MAC_KEY_SYMBOLS[key] ?? key)
  }
  const names: Record<Modifier, string> = {
    Command: platform === 'win32' ? 'Win' : 'Super',
    Control: 'Ctrl',
    CommandOrControl: 'Ctrl',
    Alt: 'Alt',
    Shift: 'Shift',
    Super: platform === 'win32' ? 'Win' : 'Super'
  }
  return [...new Set(modifiers.map((m) => names[m]))].concat(key).join('+')
}

/**
 * The keys a shortcut really presses on `platform`: CommandOrControl is ⌘ on macOS and Ctrl
 * elsewhere, and Command and Super are one key (⌘, or Windows/Super), as in Electron.
 */
function physicalKeys(p: ParsedAccelerator, platform: string | undefined): string {
  const physical = new Set<Modifier>(
    p.modifiers.map((m) => (m === 'CommandOrControl' ? (platform === 'darwin' ? 'Command' : 'Control') : m === 'Super' ? 'Command' : m))
  )
  return [...MODIFIER_ORDER.filter((m) => physical.has(m)), p.key].join('+')
}

/**
 * Whether two accelerators are the same keys on `platform` ("CommandOrControl+Shift+2" and
 * "Control+Shift+2" on Windows and Linux): one global shortcut can't do two things, and a
 * recorder that records what is already set changes nothing. False when either is not a shortcut.
 */
export function sameShortcut(a: string, b: string, platform: string | undefined): boolean {
  const pa = parseAccelerator(a)
  const pb = parseAccelerator(b)
  return pa.ok && pb.ok && physicalKeys(pa.value, platform) === physicalKeys(pb.value, platform)
}

/** The default companion shortcut: Option+Space on macOS, Alt+Space on Windows and Linux. */
export const DEFAULT_COMPANION_SHORTCUT = 'Alt+Space'

/**
 * Alternatives to offer when a shortcut cannot be registered, best first, per platform. Each
 * avoids a well-known system binding there: ⌃Space / ⌃⌥Space switch input sources and ⌘Space is
 * Spotlight on macOS; Alt+Space opens the window menu on Windows and in most Linux desktops.
 */
export function shortcutCandidates(platform: string | undefined): string[] {
  if (platform === 'darwin') return ['Alt+Space', 'Alt+Shift+Space', 'Command+Shift+Space', 'Control+Shift+Space', 'Alt+Shift+O']
  if (platform === 'win32') return ['Alt+Space', 'Control+Alt+Space', 'Alt+Shift+Space', 'Control+Shift+Space', 'Control+Alt+O']
  return ['Alt+Space', 'Control+Alt+Space', 'Alt+Shift+Space', 'Super+Shift+Space', 'Control+Alt+O']
}
