/**
 * The global capture shortcut (src/main/capture/shortcut.ts) with a fake globalShortcut: a taken
 * shortcut is told to the user (one notification, a status with a free alternative tried for
 * real), a refused change keeps the working one, and it shares the keyboard with the companion.
 */
import { describe, expect, it, vi } from 'vitest'
import { createCaptureShortcutService } from '../../src/main/capture/shortcut'
import { createShortcutRegistry, type GlobalShortcutPort } from '../../src/main/companion/shortcuts'
import type { EventName } from '../../src/shared/ipc/contract'
import { Settings } from '../../src/shared/settings'

/** Electron's globalShortcut as the tests need it: some accelerators held by "another app". */
function fakeGlobalShortcut(held: string[] = []) {
  const taken = new Set(held)
  const registered = new Map<string, () => void>()
  const port: GlobalShortcutPort = {
    register: vi.fn((accelerator: string, callback: () => void) => {
      if (taken.has(accelerator) || registered.has(accelerator)) return false
      registered.set(accelerator, callback)
      return true
    }),
    unregister: vi.fn((accelerator: string) => void registered.delete(accelerator)),
    isRegistered: (accelerator: string) => registered.has(accelerator)
  }
  return { port, taken, registered, press: (a: string) => registered.get(a)?.() }
}

function setup(opts: { held?: string[]; shortcut?: string; language?: 'en' | 'zh-CN'; platform?: string; port?: boolean } = {}) {
  const keyboard = fakeGlobalShortcut(opts.held)
  let settings = Settings.parse(opts.shortcut === undefined ? {} : { captureShortcut: opts.shortcut })
  const events: Array<{ event: EventName; payload: unknown }> = []
  const notifications: Array<{ title: string; body: string }> = []
  const onPress = vi.fn()
  const service = createCaptureShortcutService({
    port: opts.port === false ? undefined : keyboard.port,
    notify: (n) => void notifications.push(n),
    platform: opts.platform ?? 'darwin',
    settings: () => settings,
    updateSettings: (patch) => (settings = { ...settings, ...patch }),
    emit: (event, payload) => void events.push({ event, payload }),
    language: () => opts.language ?? 'en',
    onPress
  })
  return { keyboard, service, events, notifications, onPress, settings: () => settings }
}

describe('capture shortcut', () => {
  it('registers the default at start; pressing it asks for a region', () => {
    const t = setup({ platform: 'win32' })
    expect(t.service.start()).toMatchObject({ state: 'registered', accelerator: 'CommandOrControl+Shift+2', active: 'CommandOrControl+Shift+2' })
    t.keyboard.press('CommandOrControl+Shift+2')
    expect(t.onPress).toHaveBeenCalledTimes(1)
    expect(t.notifications).toEqual([])
    expect(t.service.handlers.shortcutStatus().state).toBe('registered')
  })

  it('a shortcut taken at start-up: status, a tested free suggestion, and one notification', () => {
    const t = setup({ held: ['CommandOrControl+Shift+2'] })
    const status = t.service.start()
    expect(status).toEqual({ accelerator: 'CommandOrControl+Shift+2', active: null, state: 'conflict', suggestion: 'Alt+Shift+2' })
    // The suggestion was tried for real and released again: nothing of ours is left registered.
    expect(t.keyboard.port.register).toHaveBeenCalledWith('Alt+Shift+2', expect.any(Function))
    expect([...t.keyboard.registered.keys()]).toEqual([])
    expect(t.events).toContainEqual({ event: 'capture:onShortcutStatus', payload: status })
    expect(t.notifications).toHaveLength(1)
    expect(t.notifications[0].title).toBe('Screenshot shortcut ⇧⌘2 is not available')
    expect(t.notifications[0].body).toContain('Try ⌥⇧2 in Settings → Screenshot shortcut.')
    // The same conflict seen again (a settings re-sync) is not notified twice.
    t.service.sync({ ...t.settings(), captureShortcut: 'CmdOrCtrl+Shift+2' })
    expect(t.notifications).toHaveLength(1)
  })

  it('skips taken candidates and says so in Chinese when the app speaks Chinese', () => {
    const t = setup({ held: ['CommandOrControl+Shift+2', 'Alt+Shift+2'], language: 'zh-CN', platform: 'linux' })
    expect(t.service.start().suggestion).toBe('Control+Alt+Shift+2')
    expect(t.notifications[0].title).toBe('截图快捷键 Ctrl+Shift+2 不可用')
    expect(t.notifications[0].body).toContain('改用 Ctrl+Alt+Shift+2')
  })

  it('a refused change keeps the working shortcut and the saved setting; the suggestion then works', () => {
    const t = setup({ held: ['Alt+Shift+S'] })
    t.service.start()
    const refused = t.service.handlers.setShortcut({ accelerator: 'alt+shift+s' })
    expect(refused.ok).toBe(false)
    expect(refused.status).toMatchObject({ state: 'conflict', accelerator: 'Alt+Shift+S', active: 'CommandOrControl+Shift+2', suggestion: 'Alt+Shift+2' })
    expect([...t.keyboard.registered.keys()]).toEqual(['CommandOrControl+Shift+2'])
    expect(t.settings().captureShortcut).toBe('CommandOrControl+Shift+2')

    const used = t.service.handlers.setShortcut({ accelerator: refused.status.suggestion })
    expect(used.ok).toBe(true)
    expect([...t.keyboard.registered.keys()]).toEqual(['Alt+Shift+2'])
    expect(t.settings().captureShortcut).toBe('Alt+Shift+2')
    // Our own save comes back as a settings change: no second registration.
    const calls = vi.mocked(t.keyboard.port.register).mock.calls.length
    t.service.sync(t.settings())
    expect(vi.mocked(t.keyboard.port.register).mock.calls.length).toBe(calls)
  })

  it('an invalid accelerator is refused with a suggestion; empty turns the shortcut off', () => {
    const t = setup()
    t.service.start()
    expect(t.service.handlers.setShortcut({ accelerator: 'Shift+Banana' })).toMatchObject({ ok: false, status: { state: 'invalid' } })
    expect([...t.keyboard.registered.keys()]).toEqual(['CommandOrControl+Shift+2'])
    expect(t.service.handlers.setShortcut({ accelerator: null })).toMatchObject({ ok: true, status: { state: 'disabled' } })
    expect(t.keyboard.registered.size).toBe(0)
    expect(t.settings().captureShortcut).toBe('')
  })

  it('a settings change from elsewhere re-applies, and a taken one is told', () => {
    const t = setup({ held: ['Alt+Shift+S'] })
    t.service.start()
    t.service.sync({ ...t.settings(), captureShortcut: 'Alt+Shift+S' })
    expect(t.service.status.state).toBe('conflict')
    expect(t.notifications).toHaveLength(1)
    t.service.dispose()
    expect(t.keyboard.registered.size).toBe(0)
  })

  it('never takes the companion shortcut (same keyboard, isRegistered)', () => {
    const t = setup({ shortcut: 'Alt+Space' })
    const companion = createShortcutRegistry({ port: t.keyboard.port, platform: 'darwin', onTrigger: () => undefined })
    expect(companion.apply('Alt+Space').state).toBe('registered')
    expect(t.service.start()).toMatchObject({ state: 'conflict', accelerator: 'Alt+Space' })
    expect([...t.keyboard.registered.keys()]).toEqual(['Alt+Space'])
  })

  it("refuses a change to the companion's keys even on a keyboard of its own (the harness), and never suggests them", () => {
    const t = setup({ platform: 'linux' })
    t.service.start()
    const result = t.service.handlers.setShortcut({ accelerator: 'Alt+Space' })
    expect(result).toEqual({
      ok: false,
      status: { accelerator: 'Alt+Space', active: 'CommandOrControl+Shift+2', state: 'conflict', suggestion: 'Alt+Shift+2' }
    })
    expect(t.settings().captureShortcut).toBe('CommandOrControl+Shift+2')
    expect([...t.keyboard.registered.keys()]).toEqual(['CommandOrControl+Shift+2'])
  })

  it('without global shortcuts in this shell: unavailable, nothing saved', () => {
    const t = setup({ port: false })
    expect(t.service.start().state).toBe('unavailable')
    expect(t.service.handlers.setShortcut({ accelerator: 'Alt+Shift+2' }).ok).toBe(false)
    expect(t.settings().captureShortcut).toBe('CommandOrControl+Shift+2')
  })
})
