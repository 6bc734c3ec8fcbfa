/**
 * The companion's global shortcut against a fake of Electron's globalShortcut: registering at
 * start-up, re-registering after a change (new one first, old one released after), conflicts
 * (taken by another app, by the OS, by our own capture shortcut — registered or as saved) with a
 * suggested alternative that is really free, invalid accelerators, turning it off; plus the
 * accelerator syntax (spellings, how it is shown, when two spellings are the same keys).
 */
import { describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_COMPANION_SHORTCUT,
  displayAccelerator,
  normalizeAccelerator,
  parseAccelerator,
  sameShortcut,
  shortcutCandidates
} from '../../src/shared/companion/accelerator'
import { createShortcutRegistry, type GlobalShortcutPort } from '../../src/main/companion/shortcuts'

/** Electron's globalShortcut, as far as the registry uses it. */
class FakeGlobalShortcut implements GlobalShortcutPort {
  readonly registered = new Map<string, () => void>()
  /** Held by other apps or the OS: register() returns false. */
  readonly taken = new Set<string>()
  readonly log: string[] = []
  register(accelerator: string, callback: () => void): boolean {
    this.log.push(`register ${accelerator}`)
    if (accelerator.includes('Bogus')) throw new Error('Error processing argument at index 0, conversion failure from ' + accelerator)
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false
    this.registered.set(accelerator, callback)
    return true
  }
  unregister(accelerator: string): void {
    this.log.push(`unregister ${accelerator}`)
    this.registered.delete(accelerator)
  }
  isRegistered(accelerator: string): boolean {
    return this.registered.has(accelerator)
  }
  press(accelerator: string): void {
    this.registered.get(accelerator)?.()
  }
}

function setup(platform = 'darwin') {
  const port = new FakeGlobalShortcut()
  const onTrigger = vi.fn()
  const onStatus = vi.fn()
  const registry = createShortcutRegistry({ port, platform, onTrigger, onStatus })
  return { port, onTrigger, onStatus, registry }
}

describe('registering', () => {
  it('registers the default and pressing it triggers', () => {
    const { port, registry, onTrigger, onStatus } = setup()
    expect(registry.apply(DEFAULT_COMPANION_SHORTCUT)).toEqual({
      accelerator: 'Alt+Space',
      active: 'Alt+Space',
      state: 'registered',
      suggestion: null
    })
    expect([...port.registered.keys()]).toEqual(['Alt+Space'])
    port.press('Alt+Space')
    expect(onTrigger).toHaveBeenCalledTimes(1)
    expect(onStatus).toHaveBeenCalledTimes(1)
  })

  it('accepts other spellings and stores the canonical one', () => {
    const { port, registry } = setup()
    expect(registry.apply(' option + space ').active).toBe('Alt+Space')
    expect([...port.registered.keys()]).toEqual(['Alt+Space'])
  })

  it('applying the same shortcut again changes nothing', () => {
    const { port, registry, onStatus } = setup()
    registry.apply('Alt+Space')
    port.log.length = 0
    registry.apply('Alt+Space')
    expect(port.log).toEqual([])
    expect(onStatus).toHaveBeenCalledTimes(1)
  })

  it('dispose releases ours and nothing else', () => {
    const { port, registry } = setup()
    port.register('CommandOrControl+Shift+2', () => {}) // the capture shortcut
    registry.apply('Alt+Space')
    registry.dispose()
    expect([...port.registered.keys()]).toEqual(['CommandOrControl+Shift+2'])
  })
})

describe('re-registering after a change', () => {
  it('registers the new shortcut before releasing the old one', () => {
    const { port, registry, onTrigger } = setup()
    registry.apply('Alt+Space')
    port.log.length = 0
    const result = registry.change('Control+Shift+K')
    expect(result.ok).toBe(true)
    expect(result.status).toMatchObject({ accelerator: 'Control+Shift+K', active: 'Control+Shift+K', state: 'registered' })
    expect(port.log).toEqual(['register Control+Shift+K', 'unregister Alt+Space'])
    port.press('Alt+Space')
    expect(onTrigger).not.toHaveBeenCalled()
    port.press('Control+Shift+K')
    expect(onTrigger).toHaveBeenCalledTimes(1)
  })

  it('a refused change keeps the working shortcut and suggests a free one', () => {
    const { port, registry } = setup('win32')
    registry.apply('Alt+Space')
    port.taken.add('Control+Alt+Space')
    const result = registry.change('Control+Alt+Space')
    expect(result.ok).toBe(false)
    expect(result.status).toMatchObject({ accelerator: 'Control+Alt+Space', active: 'Alt+Space', state: 'conflict' })
    // Not the refused one, not the current one: the next free candidate.
    expect(result.status.suggestion).toBe('Alt+Shift+Space')
    // The probe did not leave it registered, and the old one still works.
    expect([...port.registered.keys()]).toEqual(['Alt+Space'])
    expect(registry.status.state).toBe('registered')
  })

  it('an unusable accelerator is refused without touching the current one', () => {
    const { port, registry } = setup()
    registry.apply('Alt+Space')
    const result = registry.change('K')
    expect(result.ok).toBe(false)
    expect(result.status.state).toBe('invalid')
    expect([...port.registered.keys()]).toEqual(['Alt+Space'])
  })

  it('null turns the shortcut off', () => {
    const { port, registry } = setup()
    registry.apply('Alt+Space')
    const result = registry.change(null)
    expect(result).toEqual({ ok: true, status: { accelerator: '', active: null, state: 'disabled', suggestion: null } })
    expect(port.registered.size).toBe(0)
  })

  it('changing to the shortcut already active is a no-op success', () => {
    const { port, registry } = setup()
    registry.apply('Alt+Space')
    port.log.length = 0
    expect(registry.change('Option+Space').ok).toBe(true)
    expect(port.log).toEqual([])
  })
})

describe('conflicts', () => {
  it('at start-up: says conflict, keeps no shortcut, suggests a free alternative', () => {
    const { port, registry } = setup('win32')
    port.taken.add('Alt+Space') // e.g. PowerToys Run
    const status = registry.apply('Alt+Space')
    expect(status).toEqual({ accelerator: 'Alt+Space', active: null, state: 'conflict', suggestion: 'Control+Alt+Space' })
    expect(port.registered.size).toBe(0)
  })

  it('skips candidates that are taken too', () => {
    const { port, registry } = setup('darwin')
    port.taken.add('Alt+Space')
    port.taken.add('Alt+Shift+Space')
    expect(registry.apply('Alt+Space').suggestion).toBe('Command+Shift+Space')
  })

  it('counts our own other shortcut (screen capture) as taken', () => {
    const { port, registry } = setup('linux')
    port.register('Control+Alt+Space', () => {})
    const status = registry.change('Control+Alt+Space')
    expect(status.ok).toBe(false)
    expect(status.status.state).toBe('conflict')
    expect(port.registered.has('Control+Alt+Space')).toBe(true)
  })

  it("refuses the app's other shortcut as saved, in any spelling, and never suggests it (a keyboard of its own, as in the harness)", () => {
    const port = new FakeGlobalShortcut()
    let capture = 'Control+Alt+Space'
    const registry = createShortcutRegistry({ port, platform: 'linux', onTrigger: () => undefined, reserved: () => [capture] })
    registry.apply('Alt+Space')
    port.log.length = 0
    // CommandOrControl is Ctrl on Linux: the same keys as the screenshot's.
    const refused = registry.change('CommandOrControl+Alt+Space')
    expect(refused).toEqual({
      ok: false,
      status: { accelerator: 'CommandOrControl+Alt+Space', active: 'Alt+Space', state: 'conflict', suggestion: 'Alt+Shift+Space' }
    })
    expect(port.log.filter((l) => l.includes('Control+Alt+Space'))).toEqual([])
    expect([...port.registered.keys()]).toEqual(['Alt+Space'])
    // Free again once the other shortcut moved.
    capture = 'Alt+Shift+2'
    expect(registry.change('Control+Alt+Space').ok).toBe(true)
  })

  it('start-up does not check the other shortcut: the one registered first keeps the keys, rather than neither', () => {
    const port = new FakeGlobalShortcut()
    const registry = createShortcutRegistry({ port, platform: 'linux', onTrigger: () => undefined, reserved: () => ['Alt+Space'] })
    expect(registry.apply('Alt+Space').state).toBe('registered')
  })

  it('the same keys spelled otherwise as the active shortcut change nothing', () => {
    const port = new FakeGlobalShortcut()
    const registry = createShortcutRegistry({ port, platform: 'win32', onTrigger: () => undefined })
    registry.apply('CommandOrControl+Shift+2')
    port.log.length = 0
    expect(registry.change('Control+Shift+2')).toEqual({
      ok: true,
      status: { accelerator: 'CommandOrControl+Shift+2', active: 'CommandOrControl+Shift+2', state: 'registered', suggestion: null }
    })
    expect(port.log).toEqual([])
  })

  it('no suggestion when every candidate is taken', () => {
    const { port, registry } = setup('linux')
    for (const c of shortcutCandidates('linux')) port.taken.add(c)
    expect(registry.apply('Alt+Space')).toMatchObject({ state: 'conflict', suggestion: null })
  })

  it('a register() that throws is a refusal, not a crash', () => {
    const { port, registry } = setup()
    const port2 = port as unknown as { register: (a: string, c: () => void) => boolean }
    const original = port2.register.bind(port)
    port2.register = (a, c) => {
      if (a === 'Alt+Shift+O') throw new Error('conversion failure')
      return original(a, c)
    }
    port.taken.add('Alt+Space')
    expect(registry.apply('Alt+Space').state).toBe('conflict')
    expect(registry.change('Alt+Shift+O').ok).toBe(false)
  })

  it('an invalid stored value is reported with a suggestion', () => {
    const { registry } = setup()
    expect(registry.apply('Hyper+Space')).toMatchObject({ accelerator: 'Hyper+Space', active: null, state: 'invalid', suggestion: 'Alt+Space' })
  })

  it("'' in the settings means no shortcut", () => {
    const { registry, port } = setup()
    expect(registry.apply('').state).toBe('disabled')
    expect(port.registered.size).toBe(0)
  })
})

describe('accelerator syntax', () => {
  it('normalises spellings and orders modifiers', () => {
    expect(normalizeAccelerator('option+space')).toBe('Alt+Space')
    expect(normalizeAccelerator('Shift+Cmd+k')).toBe('Command+Shift+K')
    expect(normalizeAccelerator('ctrl+alt+f5')).toBe('Control+Alt+F5')
    expect(normalizeAccelerator('CmdOrCtrl+Shift+2')).toBe('CommandOrControl+Shift+2')
    expect(normalizeAccelerator('Super+Enter')).toBe('Super+Return')
    expect(normalizeAccelerator('Alt+Plus')).toBe('Alt+Plus')
    expect(normalizeAccelerator('Control+/')).toBe('Control+/')
  })

  it('refuses what would swallow typing or is not one key', () => {
    expect(parseAccelerator('Space')).toEqual({ ok: false, problem: 'needs-modifier' })
    expect(parseAccelerator('Shift+A')).toEqual({ ok: false, problem: 'needs-modifier' })
    expect(parseAccelerator('Alt+Shift')).toEqual({ ok: false, problem: 'no-key' })
    expect(parseAccelerator('Alt+A+B')).toEqual({ ok: false, problem: 'two-keys' })
    expect(parseAccelerator('Alt+Ü')).toEqual({ ok: false, problem: 'unknown-token' })
    expect(parseAccelerator('')).toEqual({ ok: false, problem: 'empty' })
    // A function key alone is fine.
    expect(normalizeAccelerator('F13')).toBe('F13')
  })

  it('is shown the way each platform writes shortcuts', () => {
    expect(displayAccelerator('Alt+Space', 'darwin')).toBe('⌥Space')
    expect(displayAccelerator('Command+Shift+K', 'darwin')).toBe('⇧⌘K')
    expect(displayAccelerator('Control+Alt+Up', 'darwin')).toBe('⌃⌥↑')
    expect(displayAccelerator('Alt+Space', 'win32')).toBe('Alt+Space')
    expect(displayAccelerator('Control+Alt+Space', 'linux')).toBe('Ctrl+Alt+Space')
    expect(displayAccelerator('Super+Shift+Space', 'win32')).toBe('Win+Shift+Space')
    // CommandOrControl: ⌘ on macOS, Ctrl elsewhere.
    expect(displayAccelerator('CommandOrControl+Shift+2', 'darwin')).toBe('⇧⌘2')
    expect(displayAccelerator('CommandOrControl+Shift+2', 'linux')).toBe('Ctrl+Shift+2')
    expect(displayAccelerator('Command+PageUp', 'darwin')).toBe('⌘⇞')
    expect(displayAccelerator('Alt+Plus', 'darwin')).toBe('⌥+')
    // Not a shortcut: shown as it is.
    expect(displayAccelerator('Shift', 'darwin')).toBe('Shift')
  })

  it('knows when two spellings are the same keys on a platform', () => {
    expect(sameShortcut('CommandOrControl+Shift+2', 'Control+Shift+2', 'linux')).toBe(true)
    expect(sameShortcut('CommandOrControl+Shift+2', 'Control+Shift+2', 'darwin')).toBe(false)
    expect(sameShortcut('CmdOrCtrl+Shift+2', 'Command+Shift+2', 'darwin')).toBe(true)
    expect(sameShortcut('Super+K', 'Command+K', 'win32')).toBe(true)
    expect(sameShortcut('Option+Space', 'Alt+Space', 'darwin')).toBe(true)
    expect(sameShortcut('Alt+Space', 'Alt+Shift+Space', 'linux')).toBe(false)
    expect(sameShortcut('', 'Alt+Space', 'linux')).toBe(false)
  })

  it('every suggested candidate is a valid accelerator and the default comes first', () => {
    for (const p of ['darwin', 'win32', 'linux']) {
      const list = shortcutCandidates(p)
      expect(list[0]).toBe(DEFAULT_COMPANION_SHORTCUT)
      for (const c of list) expect(normalizeAccelerator(c)).toBe(c)
    }
  })
})
