// @vitest-environment jsdom
/** The composer's key rules: Enter / Shift+Enter / Cmd+Enter, and never send during IME composition. */
import { describe, expect, it } from 'vitest'
import { composerKeyAction, modKeyLabel, type ComposerKey } from '../../src/renderer/src/logic/composerKeys'

const key = (over: Partial<ComposerKey> = {}): ComposerKey => ({
  key: 'Enter',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  keyCode: 13,
  ...over
})

describe('composerKeyAction with Enter-to-send on', () => {
  it('Enter sends', () => {
    expect(composerKeyAction(key(), true)).toBe('send')
  })
  it('Shift+Enter adds a line', () => {
    expect(composerKeyAction(key({ shiftKey: true }), true)).toBe('default')
  })
  it('Alt+Enter adds a line too', () => {
    expect(composerKeyAction(key({ altKey: true }), true)).toBe('default')
  })
  it('Cmd/Ctrl+Enter also sends', () => {
    expect(composerKeyAction(key({ metaKey: true }), true)).toBe('send')
    expect(composerKeyAction(key({ ctrlKey: true }), true)).toBe('send')
  })
  it('other keys do nothing special', () => {
    expect(composerKeyAction(key({ key: 'a', keyCode: 65 }), true)).toBe('default')
    expect(composerKeyAction(key({ key: 'Tab', keyCode: 9 }), true)).toBe('default')
  })
})

describe('composerKeyAction with Enter-to-send off', () => {
  it('Enter adds a line', () => {
    expect(composerKeyAction(key(), false)).toBe('default')
  })
  it('Cmd+Enter and Ctrl+Enter send', () => {
    expect(composerKeyAction(key({ metaKey: true }), false)).toBe('send')
    expect(composerKeyAction(key({ ctrlKey: true }), false)).toBe('send')
  })
  it('Shift+Cmd+Enter does not send', () => {
    expect(composerKeyAction(key({ metaKey: true, shiftKey: true }), false)).toBe('default')
  })
})

describe('IME composition never sends', () => {
  for (const enterToSend of [true, false]) {
    it(`isComposing (enterToSend=${enterToSend})`, () => {
      expect(composerKeyAction(key({ isComposing: true }), enterToSend)).toBe('default')
      expect(composerKeyAction(key({ isComposing: true, metaKey: true }), enterToSend)).toBe('default')
      expect(composerKeyAction(key({ isComposing: true, ctrlKey: true }), enterToSend)).toBe('default')
    })
    it(`keyCode 229 without isComposing, as Safari reports the committing Enter (enterToSend=${enterToSend})`, () => {
      expect(composerKeyAction(key({ keyCode: 229 }), enterToSend)).toBe('default')
      expect(composerKeyAction(key({ keyCode: 229, metaKey: true }), enterToSend)).toBe('default')
    })
  }
  it('the Enter after the composition ended sends again', () => {
    expect(composerKeyAction(key({ isComposing: false, keyCode: 13 }), true)).toBe('send')
  })
})

describe('modKeyLabel', () => {
  it('uses ⌘ on macOS and Ctrl elsewhere', () => {
    expect(modKeyLabel('darwin')).toBe('⌘')
    expect(modKeyLabel('win32')).toBe('Ctrl')
    expect(modKeyLabel('linux')).toBe('Ctrl')
    expect(modKeyLabel(undefined)).toBe('Ctrl')
  })
})
