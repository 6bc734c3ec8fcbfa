/**
 * The main window's keyboard (issue 19 items 6 and 15), its pure rules: which key is which
 * command on macOS and elsewhere, IME keys left alone, Esc only when nothing else uses it, how
 * the sheet writes each shortcut; the sidebar's width rule and remembered choice.
 */
import { describe, expect, it } from 'vitest'
import {
  APP_SHORTCUTS,
  appShortcutCommand,
  ariaKeyShortcut,
  shortcutLabel,
  shortcutOf,
  type ShortcutContext,
  type ShortcutKey
} from '../../src/renderer/src/logic/appShortcuts'
import {
  NARROW_WINDOW_PX,
  chooseSidebar,
  parseSidebarChoice,
  restoredSidebar,
  sidebarCollapsed,
  toggleSidebar,
  withWindowNarrow,
  type SidebarLayout
} from '../../src/renderer/src/logic/sidebarLayout'

const key = (k: Partial<ShortcutKey> & { key: string }): ShortcutKey => ({
  code: '',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...k
})
const linux: ShortcutContext = { platform: 'linux', dialog: null, escapeInUse: false, streaming: false }
const mac: ShortcutContext = { ...linux, platform: 'darwin' }
const ctrl = (k: string, code: string, more: Partial<ShortcutKey> = {}): ShortcutKey => key({ key: k, code, ctrlKey: true, ...more })
const cmd = (k: string, code: string, more: Partial<ShortcutKey> = {}): ShortcutKey => key({ key: k, code, metaKey: true, ...more })

describe('app shortcuts: the key → command table', () => {
  it('Ctrl on Windows and Linux, Cmd on macOS', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const ctx = { ...linux, platform }
      expect(appShortcutCommand(ctrl('n', 'KeyN'), ctx)).toBe('new-chat')
      expect(appShortcutCommand(ctrl('k', 'KeyK'), ctx)).toBe('search')
      expect(appShortcutCommand(ctrl(',', 'Comma'), ctx)).toBe('settings')
      expect(appShortcutCommand(ctrl('\\', 'Backslash'), ctx)).toBe('toggle-sidebar')
      expect(appShortcutCommand(ctrl('/', 'Slash'), ctx)).toBe('shortcuts')
      // Cmd (the Windows key) is not Ctrl there.
      expect(appShortcutCommand(cmd('n', 'KeyN'), ctx)).toBeNull()
    }
    expect(appShortcutCommand(cmd('n', 'KeyN'), mac)).toBe('new-chat')
    expect(appShortcutCommand(cmd('k', 'KeyK'), mac)).toBe('search')
    expect(appShortcutCommand(cmd(',', 'Comma'), mac)).toBe('settings')
    expect(appShortcutCommand(cmd('\\', 'Backslash'), mac)).toBe('toggle-sidebar')
    expect(appShortcutCommand(cmd('/', 'Slash'), mac)).toBe('shortcuts')
    // Ctrl+N on a Mac is the text field's "next line" (Emacs keys), not ours.
    expect(appShortcutCommand(ctrl('n', 'KeyN'), mac)).toBeNull()
  })

  it('other modifiers make another shortcut', () => {
    expect(appShortcutCommand(ctrl('N', 'KeyN', { shiftKey: true }), linux)).toBeNull()
    expect(appShortcutCommand(ctrl('n', 'KeyN', { altKey: true }), linux)).toBeNull()
    expect(appShortcutCommand(ctrl('n', 'KeyN', { metaKey: true }), linux)).toBeNull()
    expect(appShortcutCommand(cmd('n', 'KeyN', { ctrlKey: true }), mac)).toBeNull()
    expect(appShortcutCommand(key({ key: 'n', code: 'KeyN' }), linux)).toBeNull()
    // Ctrl+Shift+/ types '?' on a US keyboard: not the sheet.
    expect(appShortcutCommand(ctrl('?', 'Slash', { shiftKey: true }), linux)).toBeNull()
  })

  it('follows the character typed, and the physical key where the layout types no Latin letter', () => {
    // Caps Lock.
    expect(appShortcutCommand(ctrl('N', 'KeyN'), linux)).toBe('new-chat')
    // Russian layout: the N key types 'т'.
    expect(appShortcutCommand(ctrl('т', 'KeyN'), linux)).toBe('new-chat')
    // Dvorak: the key at the N position types 'b' — Ctrl+B is not New chat; 'n' (elsewhere) is.
    expect(appShortcutCommand(ctrl('b', 'KeyN'), linux)).toBeNull()
    expect(appShortcutCommand(ctrl('n', 'KeyL'), linux)).toBe('new-chat')
    // German layout: '/' is Shift+7.
    expect(appShortcutCommand(ctrl('/', 'Digit7', { shiftKey: true }), linux)).toBe('shortcuts')
  })

  it('leaves every key of an IME composition to the IME', () => {
    expect(appShortcutCommand(ctrl('n', 'KeyN', { isComposing: true }), linux)).toBeNull()
    expect(appShortcutCommand(key({ key: 'Escape', code: 'Escape', isComposing: true }), { ...linux, streaming: true })).toBeNull()
    expect(appShortcutCommand(key({ key: 'Process', code: 'Escape', keyCode: 229 }), { ...linux, streaming: true })).toBeNull()
    expect(appShortcutCommand(key({ key: 'Escape', code: 'Escape', keyCode: 229 }), { ...linux, streaming: true })).toBeNull()
  })

  it('Shift+Esc focuses the composer; Esc stops a streaming answer and nothing else', () => {
    const esc = key({ key: 'Escape', code: 'Escape' })
    expect(appShortcutCommand(key({ key: 'Escape', code: 'Escape', shiftKey: true }), linux)).toBe('focus-composer')
    expect(appShortcutCommand(key({ key: 'Escape', code: 'Escape', shiftKey: true }), mac)).toBe('focus-composer')
    expect(appShortcutCommand(esc, { ...linux, streaming: true })).toBe('stop')
    expect(appShortcutCommand(esc, linux)).toBeNull()
    expect(appShortcutCommand(key({ key: 'Escape', code: 'Escape', ctrlKey: true }), { ...linux, streaming: true })).toBeNull()
    expect(appShortcutCommand(key({ key: 'Escape', code: 'Escape', altKey: true }), { ...linux, streaming: true })).toBeNull()
  })

  it('Esc belongs first to an open menu, list or dialog, and to a handler that took it', () => {
    const esc = key({ key: 'Escape', code: 'Escape' })
    const streaming = { ...linux, streaming: true }
    expect(appShortcutCommand(esc, { ...streaming, escapeInUse: true })).toBeNull()
    expect(appShortcutCommand(esc, { ...streaming, dialog: 'other' })).toBeNull()
    expect(appShortcutCommand(esc, { ...streaming, dialog: 'shortcuts' })).toBeNull()
    // The @-list, the edit box, a file preview: preventDefault on the way.
    expect(appShortcutCommand({ ...esc, defaultPrevented: true }, streaming)).toBeNull()
    expect(appShortcutCommand({ ...esc, shiftKey: true, defaultPrevented: true }, linux)).toBeNull()
    expect(appShortcutCommand({ ...esc, shiftKey: true }, { ...linux, escapeInUse: true })).toBeNull()
  })

  it('with a dialog open, the others are swallowed (not run behind it); the sheet closes with its own key', () => {
    const other: ShortcutContext = { ...linux, dialog: 'other' }
    expect(appShortcutCommand(ctrl('n', 'KeyN'), other)).toBe('blocked')
    expect(appShortcutCommand(ctrl(',', 'Comma'), other)).toBe('blocked')
    expect(appShortcutCommand(ctrl('/', 'Slash'), other)).toBe('blocked')
    const sheet: ShortcutContext = { ...linux, dialog: 'shortcuts' }
    expect(appShortcutCommand(ctrl('/', 'Slash'), sheet)).toBe('shortcuts')
    expect(appShortcutCommand(ctrl('n', 'KeyN'), sheet)).toBe('blocked')
    // A held key does not flap the sidebar; a key already handled is not ours.
    expect(appShortcutCommand(ctrl('\\', 'Backslash', { repeat: true }), linux)).toBe('blocked')
    expect(appShortcutCommand(ctrl('k', 'KeyK', { defaultPrevented: true }), linux)).toBeNull()
  })

  it('is written the platform\'s way, for the sheet, tooltips and aria-keyshortcuts', () => {
    const labels = (platform: string): string[] => APP_SHORTCUTS.map((s) => shortcutLabel(s, platform))
    expect(labels('darwin')).toEqual(['⌘N', '⌘K', '⇧⎋', '⎋', '⌘\\', '⌘,', '⌘/'])
    expect(labels('win32')).toEqual(['Ctrl+N', 'Ctrl+K', 'Shift+Esc', 'Esc', 'Ctrl+\\', 'Ctrl+,', 'Ctrl+/'])
    expect(labels('linux')).toEqual(labels('win32'))
    expect(ariaKeyShortcut(shortcutOf('new-chat'), 'darwin')).toBe('Meta+N')
    expect(ariaKeyShortcut(shortcutOf('new-chat'), 'linux')).toBe('Control+N')
    expect(ariaKeyShortcut(shortcutOf('focus-composer'), 'linux')).toBe('Shift+Escape')
    expect(ariaKeyShortcut(shortcutOf('toggle-sidebar'), 'win32')).toBe('Control+\\')
    // Every command has one shortcut, and every shortcut is recognised by the table.
    expect(new Set(APP_SHORTCUTS.map((s) => s.command)).size).toBe(APP_SHORTCUTS.length)
    for (const s of APP_SHORTCUTS) {
      const k = key({ key: s.key === 'Escape' ? 'Escape' : s.key, code: s.code, shiftKey: s.shift, ctrlKey: s.mod })
      expect(appShortcutCommand(k, { ...linux, streaming: true })).toBe(s.command)
    }
  })
})

describe('sidebar layout', () => {
  const wide: SidebarLayout = { narrow: false, choice: null }
  const narrow: SidebarLayout = { narrow: true, choice: null }

  it('is collapsed by default below the threshold (the chat gets the width) and shown from it on', () => {
    expect(NARROW_WINDOW_PX).toBe(900)
    expect(sidebarCollapsed(wide)).toBe(false)
    expect(sidebarCollapsed(narrow)).toBe(true)
  })

  it('the user\'s choice wins on the side it was made on', () => {
    const hidden = toggleSidebar(wide)
    expect(sidebarCollapsed(hidden)).toBe(true)
    expect(sidebarCollapsed(toggleSidebar(hidden))).toBe(false)
    const shown = chooseSidebar(narrow, false)
    expect(sidebarCollapsed(shown)).toBe(false)
    // Resizing without crossing keeps it.
    expect(withWindowNarrow(shown, true)).toBe(shown)
  })

  it('crossing the threshold forgets the choice, both ways', () => {
    const hiddenWide = toggleSidebar(wide)
    const nowNarrow = withWindowNarrow(hiddenWide, true)
    expect(nowNarrow.choice).toBeNull()
    expect(sidebarCollapsed(nowNarrow)).toBe(true)
    const shownNarrow = chooseSidebar(narrow, false)
    const nowWide = withWindowNarrow(shownNarrow, false)
    expect(sidebarCollapsed(nowWide)).toBe(false)
    expect(sidebarCollapsed(withWindowNarrow(nowWide, true))).toBe(true)
  })

  it('a remembered choice applies again only on its side', () => {
    expect(sidebarCollapsed(restoredSidebar({ collapsed: true, narrow: false }, false))).toBe(true)
    expect(sidebarCollapsed(restoredSidebar({ collapsed: false, narrow: true }, true))).toBe(false)
    expect(restoredSidebar({ collapsed: true, narrow: false }, true)).toEqual({ narrow: true, choice: null })
    expect(parseSidebarChoice('{"collapsed":true,"narrow":false}')).toEqual({ collapsed: true, narrow: false })
    for (const bad of [null, '', 'nope', '{"collapsed":"yes","narrow":false}', '[]', 'null']) expect(parseSidebarChoice(bad)).toBeNull()
  })
})
