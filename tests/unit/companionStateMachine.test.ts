/**
 * The companion's show / hide / toggle / pin / blur state machine, and the focus-return rule.
 * Times are explicit, so each trap (stray blur right after a show, the tray click that blurred
 * it away, key repeat, an always-on-top window that never gets 'blur') is tested as it happens.
 */
import { describe, expect, it } from 'vitest'
import { CompanionStateMachine, DEFAULT_TIMINGS, focusReturnAction } from '../../src/main/companion/stateMachine'

const T = DEFAULT_TIMINGS

function shown(at = 1000): CompanionStateMachine {
  const m = new CompanionStateMachine()
  expect(m.dispatch({ type: 'toggle', at, source: 'shortcut' })).toEqual({ kind: 'show', showId: 1, source: 'shortcut' })
  return m
}

describe('toggle, show, hide', () => {
  it('toggle shows when hidden and hides when shown', () => {
    const m = shown()
    expect(m.state.visible).toBe(true)
    expect(m.dispatch({ type: 'toggle', at: 2000, source: 'shortcut' })).toEqual({ kind: 'hide', showId: 1, reason: 'shortcut' })
    expect(m.state.visible).toBe(false)
    expect(m.dispatch({ type: 'toggle', at: 3000, source: 'shortcut' })).toEqual({ kind: 'show', showId: 2, source: 'shortcut' })
  })

  it('drops a toggle that is a key repeat of the previous one', () => {
    const m = shown(1000)
    expect(m.dispatch({ type: 'toggle', at: 1000 + T.repeatGuardMs - 1, source: 'shortcut' }).kind).toBe('none')
    expect(m.state.visible).toBe(true)
    expect(m.dispatch({ type: 'toggle', at: 1000 + T.repeatGuardMs + 1, source: 'shortcut' }).kind).toBe('hide')
  })

  it('show and hide are idempotent', () => {
    const m = shown()
    expect(m.dispatch({ type: 'show', at: 1500, source: 'api' }).kind).toBe('none')
    expect(m.dispatch({ type: 'hide', at: 1600, reason: 'escape' })).toEqual({ kind: 'hide', showId: 1, reason: 'escape' })
    expect(m.dispatch({ type: 'hide', at: 1700, reason: 'escape' }).kind).toBe('none')
  })

  it('every show gets a new id', () => {
    const m = shown()
    m.dispatch({ type: 'hide', at: 1100, reason: 'escape' })
    expect(m.dispatch({ type: 'show', at: 1200, source: 'tray' })).toEqual({ kind: 'show', showId: 2, source: 'tray' })
  })

  it('forgets it is visible when something else hid the window (Cmd+H)', () => {
    const m = shown()
    m.dispatch({ type: 'hiddenExternally' })
    expect(m.state.visible).toBe(false)
    expect(m.dispatch({ type: 'toggle', at: 5000, source: 'shortcut' }).kind).toBe('show')
  })
})

describe('blur', () => {
  it('hides on blur once the window had focus and the grace period passed', () => {
    const m = shown(1000)
    m.dispatch({ type: 'focus', at: 1010 })
    expect(m.dispatch({ type: 'blur', at: 1000 + T.blurGraceMs + 1 })).toEqual({ kind: 'hide', showId: 1, reason: 'blur' })
  })

  it('ignores a stray blur right after a show (no flash-and-close)', () => {
    const m = shown(1000)
    m.dispatch({ type: 'focus', at: 1005 })
    expect(m.dispatch({ type: 'blur', at: 1000 + T.blurGraceMs - 1 })).toEqual({ kind: 'none', why: 'grace' })
    expect(m.state.visible).toBe(true)
  })

  it('ignores a blur before the window ever got focus', () => {
    const m = shown(1000)
    expect(m.dispatch({ type: 'blur', at: 5000 })).toEqual({ kind: 'none', why: 'never-focused' })
  })

  it('a pinned window stays on blur, and hides again on blur once unpinned', () => {
    const m = shown(1000)
    m.dispatch({ type: 'focus', at: 1010 })
    m.dispatch({ type: 'setPinned', pinned: true })
    expect(m.dispatch({ type: 'blur', at: 5000 })).toEqual({ kind: 'none', why: 'pinned' })
    expect(m.state.visible).toBe(true)
    m.dispatch({ type: 'setPinned', pinned: false })
    expect(m.dispatch({ type: 'blur', at: 6000 }).kind).toBe('hide')
  })

  it('pinning does not stop Esc or the shortcut from hiding it', () => {
    const m = shown(1000)
    m.dispatch({ type: 'setPinned', pinned: true })
    expect(m.dispatch({ type: 'hide', at: 2000, reason: 'escape' }).kind).toBe('hide')
    m.dispatch({ type: 'toggle', at: 3000, source: 'shortcut' })
    expect(m.dispatch({ type: 'toggle', at: 4000, source: 'shortcut' }).kind).toBe('hide')
    expect(m.state.pinned).toBe(true)
  })

  it('the click that blurred it away does not show it again (tray click after blur)', () => {
    const m = shown(1000)
    m.dispatch({ type: 'focus', at: 1010 })
    expect(m.dispatch({ type: 'blur', at: 3000 }).kind).toBe('hide')
    expect(m.dispatch({ type: 'toggle', at: 3000 + T.toggleAfterBlurMs - 1, source: 'tray' })).toEqual({
      kind: 'none',
      why: 'just-hidden-by-blur'
    })
    expect(m.state.visible).toBe(false)
    expect(m.dispatch({ type: 'toggle', at: 3000 + T.toggleAfterBlurMs + T.repeatGuardMs, source: 'tray' }).kind).toBe('show')
  })
})

describe('focus watchdog (no blur event for always-on-top windows, electron/electron#3222)', () => {
  it('hides after two unfocused polls, once it had focus', () => {
    const m = shown(1000)
    expect(m.dispatch({ type: 'focusCheck', at: 1250, focused: true }).kind).toBe('none')
    expect(m.dispatch({ type: 'focusCheck', at: 1500, focused: false })).toEqual({ kind: 'none', why: 'unfocused-once' })
    expect(m.dispatch({ type: 'focusCheck', at: 1750, focused: false })).toEqual({ kind: 'hide', showId: 1, reason: 'blur' })
  })

  it('a focused poll in between resets the count', () => {
    const m = shown(1000)
    m.dispatch({ type: 'focusCheck', at: 1250, focused: true })
    m.dispatch({ type: 'focusCheck', at: 1500, focused: false })
    m.dispatch({ type: 'focusCheck', at: 1750, focused: true })
    expect(m.dispatch({ type: 'focusCheck', at: 2000, focused: false }).kind).toBe('none')
    expect(m.state.visible).toBe(true)
  })

  it('never hides a window that has not had focus yet (focus stolen back on show)', () => {
    const m = shown(1000)
    for (let at = 1250; at < 4000; at += 250) expect(m.dispatch({ type: 'focusCheck', at, focused: false }).kind).toBe('none')
    expect(m.state.visible).toBe(true)
  })

  it('does nothing while pinned or hidden', () => {
    const m = shown(1000)
    m.dispatch({ type: 'focus', at: 1001 })
    m.dispatch({ type: 'setPinned', pinned: true })
    m.dispatch({ type: 'focusCheck', at: 2000, focused: false })
    expect(m.dispatch({ type: 'focusCheck', at: 2250, focused: false })).toEqual({ kind: 'none', why: 'pinned' })
    m.dispatch({ type: 'hide', at: 2300, reason: 'escape' })
    expect(m.dispatch({ type: 'focusCheck', at: 2500, focused: false }).kind).toBe('none')
  })
})

describe('focus return', () => {
  it('hides the app on macOS when no other Omnidesk window is visible', () => {
    expect(focusReturnAction({ platform: 'darwin', reason: 'escape', otherWindowsVisible: false })).toBe('hide-app')
    expect(focusReturnAction({ platform: 'darwin', reason: 'blur', otherWindowsVisible: false })).toBe('hide-app')
  })

  it('hides only the window when another Omnidesk window is open, and on Windows and Linux', () => {
    expect(focusReturnAction({ platform: 'darwin', reason: 'escape', otherWindowsVisible: true })).toBe('hide-window')
    expect(focusReturnAction({ platform: 'win32', reason: 'escape', otherWindowsVisible: false })).toBe('hide-window')
    expect(focusReturnAction({ platform: 'linux', reason: 'shortcut', otherWindowsVisible: false })).toBe('hide-window')
  })

  it('leaves focus to the main window after "Open in main window"', () => {
    expect(focusReturnAction({ platform: 'darwin', reason: 'open-in-main', otherWindowsVisible: false })).toBe('none')
  })
})
