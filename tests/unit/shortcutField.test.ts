/**
 * The rules of Settings' one global-shortcut field (companion/shortcutRecorder.ts), for the
 * companion's and the screenshot's shortcut: key presses → accelerators by physical key, what
 * shows while modifiers are held, Esc / Tab, and the sentences of the status line (registered,
 * taken, the app's other shortcut, the one kept, invalid, off, unavailable).
 */
import { describe, expect, it } from 'vitest'
import {
  describeStatus,
  isDefaultShortcut,
  keyNameFromCode,
  pendingLabel,
  recordKey,
  suggestionOf,
  type KeyPress
} from '../../src/renderer/src/companion/shortcutRecorder'
import type { ShortcutStatus } from '../../src/shared/companion/schemas'

const key = (over: Partial<KeyPress>): KeyPress => ({ key: '', code: '', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...over })

const status = (over: Partial<ShortcutStatus>): ShortcutStatus => ({ accelerator: '', active: null, state: 'registered', suggestion: null, ...over })

describe('the key recorder', () => {
  it('turns key presses into accelerators by physical key', () => {
    expect(recordKey(key({ key: ' ', code: 'Space', altKey: true }), 'darwin')).toEqual({ kind: 'accelerator', accelerator: 'Alt+Space' })
    // Option+A types "å" on a Mac, Shift+2 types "@": the physical key counts.
    expect(recordKey(key({ key: 'å', code: 'KeyA', altKey: true, shiftKey: true }), 'darwin')).toEqual({
      kind: 'accelerator',
      accelerator: 'Alt+Shift+A'
    })
    expect(recordKey(key({ key: '@', code: 'Digit2', ctrlKey: true, shiftKey: true }), 'linux')).toEqual({
      kind: 'accelerator',
      accelerator: 'Control+Shift+2'
    })
    expect(recordKey(key({ key: 'k', code: 'KeyK', metaKey: true }), 'darwin')).toEqual({ kind: 'accelerator', accelerator: 'Command+K' })
    expect(recordKey(key({ key: 'k', code: 'KeyK', metaKey: true }), 'win32')).toEqual({ kind: 'accelerator', accelerator: 'Super+K' })
    expect(recordKey(key({ key: 'F13', code: 'F13' }), 'linux')).toEqual({ kind: 'accelerator', accelerator: 'F13' })
  })

  it('waits while only modifiers are held, cancels on Esc, lets Tab move on, refuses a bare key', () => {
    expect(recordKey(key({ key: 'Alt', code: 'AltLeft', altKey: true }), 'darwin')).toEqual({ kind: 'pending', modifiers: ['Alt'] })
    expect(recordKey(key({ key: 'Escape', code: 'Escape' }), 'darwin')).toEqual({ kind: 'cancel' })
    expect(recordKey(key({ key: 'Tab', code: 'Tab' }), 'linux')).toEqual({ kind: 'leave' })
    expect(recordKey(key({ key: 'Tab', code: 'Tab', shiftKey: true }), 'linux')).toEqual({ kind: 'leave' })
    // With a real modifier, Tab is a key like the others.
    expect(recordKey(key({ key: 'Tab', code: 'Tab', ctrlKey: true }), 'linux')).toEqual({ kind: 'accelerator', accelerator: 'Control+Tab' })
    expect(recordKey(key({ key: 'a', code: 'KeyA' }), 'darwin')).toEqual({ kind: 'invalid', problem: 'needs-modifier' })
    expect(recordKey(key({ key: 'Dead', code: 'IntlRo', altKey: true }), 'darwin')).toEqual({ kind: 'invalid', problem: 'unknown-key' })
  })

  it('knows the keys Electron accepts', () => {
    expect(keyNameFromCode('Digit7')).toBe('7')
    expect(keyNameFromCode('Numpad3')).toBe('num3')
    expect(keyNameFromCode('ArrowLeft')).toBe('Left')
    expect(keyNameFromCode('Enter')).toBe('Return')
    expect(keyNameFromCode('Slash')).toBe('/')
    expect(keyNameFromCode('F24')).toBe('F24')
    expect(keyNameFromCode('F25')).toBeNull()
  })

  it('shows the modifiers held so far the platform’s way', () => {
    expect(pendingLabel(['Control', 'Shift'], 'darwin')).toBe('⌃⇧…')
    expect(pendingLabel(['Command', 'Shift'], 'darwin')).toBe('⇧⌘…')
    expect(pendingLabel(['Control', 'Shift'], 'linux')).toBe('Ctrl+Shift+…')
    expect(pendingLabel(['Super'], 'win32')).toBe('Win+…')
    expect(pendingLabel([], 'linux')).toBe('')
  })
})

describe('the status line', () => {
  const linux = { platform: 'linux', other: 'Alt+Space' }

  it('says what main registered, in the platform’s symbols', () => {
    expect(describeStatus(status({ accelerator: 'CommandOrControl+Shift+2', active: 'CommandOrControl+Shift+2' }), { platform: 'darwin', other: '' })).toEqual([
      { text: 'registered', shortcut: '⇧⌘2' }
    ])
    expect(describeStatus(status({ accelerator: 'CommandOrControl+Shift+2' }), linux)).toEqual([{ text: 'registered', shortcut: 'Ctrl+Shift+2' }])
  })

  it('a refused change: taken by another app, the one still in use', () => {
    const refused = status({ accelerator: 'Alt+Shift+S', active: 'CommandOrControl+Shift+2', state: 'conflict', suggestion: 'Alt+Shift+2' })
    expect(describeStatus(refused, linux)).toEqual([
      { text: 'taken', shortcut: 'Alt+Shift+S' },
      { text: 'kept', shortcut: 'Ctrl+Shift+2' }
    ])
    expect(suggestionOf(refused)).toBe('Alt+Shift+2')
  })

  it("the app's other shortcut is named as such, in any spelling", () => {
    const refused = status({ accelerator: 'Alt+Space', active: 'CommandOrControl+Shift+2', state: 'conflict', suggestion: 'Alt+Shift+2' })
    expect(describeStatus(refused, linux)[0]).toEqual({ text: 'usedByOther', shortcut: 'Alt+Space' })
    expect(describeStatus(status({ accelerator: 'Control+Shift+2', state: 'conflict' }), { platform: 'win32', other: 'CommandOrControl+Shift+2' })[0].text).toBe(
      'usedByOther'
    )
    // Without the other shortcut set, a conflict is another app's.
    expect(describeStatus(refused, { platform: 'linux', other: '' })[0].text).toBe('taken')
  })

  it('invalid (shown as typed), off, unavailable', () => {
    expect(describeStatus(status({ accelerator: 'Hyper+2', state: 'invalid', suggestion: 'Alt+Shift+2' }), linux)).toEqual([{ text: 'invalid', shortcut: 'Hyper+2' }])
    expect(describeStatus(status({ state: 'disabled' }), linux)).toEqual([{ text: 'disabled' }])
    expect(describeStatus(status({ state: 'unavailable' }), linux)).toEqual([{ text: 'unavailable' }])
  })

  it('offers a suggestion only for a taken or invalid shortcut', () => {
    expect(suggestionOf(status({ state: 'registered', suggestion: 'Alt+Shift+2' }))).toBeNull()
    expect(suggestionOf(status({ state: 'invalid', suggestion: 'Alt+Shift+2' }))).toBe('Alt+Shift+2')
    expect(suggestionOf(status({ state: 'conflict' }))).toBeNull()
    expect(suggestionOf(null)).toBeNull()
  })

  it('"Reset to …" is not offered for the default in any spelling', () => {
    expect(isDefaultShortcut('CommandOrControl+Shift+2', 'CommandOrControl+Shift+2', 'linux')).toBe(true)
    expect(isDefaultShortcut('Control+Shift+2', 'CommandOrControl+Shift+2', 'linux')).toBe(true)
    expect(isDefaultShortcut('Control+Shift+2', 'CommandOrControl+Shift+2', 'darwin')).toBe(false)
    expect(isDefaultShortcut('', 'Alt+Space', 'linux')).toBe(false)
  })
})
