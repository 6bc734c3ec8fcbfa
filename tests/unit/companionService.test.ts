/**
 * The companion service end to end with a fake desktop (CompanionDesktopPort) and the real preferences
 * layer: the global shortcut toggles it, onShown goes out before the window is shown and names
 * the conversation the continue rule picked, Esc / blur hide it with the right focus return,
 * "Open in main window", the clipboard context, fitting the height, latency figures, changing the
 * shortcut, and the conflict notification.
 */
import { describe, expect, it } from 'vitest'
import type { CompanionDesktopPort } from '../../src/main/companion/desktopPort'
import { decideConversation } from '../../src/main/companion/continueRule'
import { COMPANION_MEMORY_KEY, createCompanionService } from '../../src/main/companion/service'
import { percentile } from '../../src/main/companion/diagnostics'
import { clipboardContext, MAX_CONTEXT_CHARS } from '../../src/main/companion/clipboardContext'
import { COMPANION_EMPTY_HEIGHT, COMPANION_MIN_HEIGHT } from '../../src/main/companion/placement'
import { createPreferences } from '../../src/main/store/preferences'
import type { PreferencesPort } from '../../src/main/store/types'
import type { EventName } from '../../src/shared/ipc/contract'

function memoryBackend(): PreferencesPort & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>()
  return {
    data,
    get: (k) => structuredClone(data.get(k)),
    set: (k, v) => void data.set(k, structuredClone(v)),
    delete: (k) => void data.delete(k)
  }
}

function setup(opts: { platform?: string; taken?: string[]; updatedAt?: Record<string, number | null>; backend?: ReturnType<typeof memoryBackend> } = {}) {
  const log: Array<{ op: string; [k: string]: unknown }> = []
  const registered = new Map<string, () => void>()
  const taken = new Set(opts.taken ?? [])
  const clipboard = { clipboard: '', selection: '' as string | undefined }
  let otherVisible = false
  const host: CompanionDesktopPort = {
    screen: () => ({
      displays: [
        { id: 'a', bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 }, scaleFactor: 2 },
        { id: 'b', bounds: { x: -1920, y: 0, width: 1920, height: 1080 }, workArea: { x: -1920, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 }
      ],
      cursor: { x: -500, y: 500 }
    }),
    otherWindowsVisible: () => otherVisible,
    show: (p) => void log.push({ op: 'show', ...p }),
    hide: (focus) => void log.push({ op: 'hide', focus }),
    setHeight: (height) => void log.push({ op: 'setHeight', height }),
    setPinned: (pinned) => void log.push({ op: 'setPinned', pinned }),
    openInMain: (conversationId) => void log.push({ op: 'openInMain', conversationId }),
    openProviderSetup: () => void log.push({ op: 'openProviderSetup' }),
    readClipboard: async () => ({ ...clipboard }),
    notify: (n) => void log.push({ op: 'notify', ...n }),
    shortcuts: {
      register: (a, cb) => {
        if (taken.has(a) || registered.has(a)) return false
        registered.set(a, cb)
        return true
      },
      unregister: (a) => void registered.delete(a),
      isRegistered: (a) => registered.has(a)
    }
  }
  const backend = opts.backend ?? memoryBackend()
  const prefs = createPreferences(backend)
  let now = 1_700_000_000_000
  let mono = 1000
  const updatedAt = opts.updatedAt ?? {}
  const service = createCompanionService({
    host,
    platform: opts.platform ?? 'darwin',
    settings: () => prefs.getSettings(),
    updateSettings: (p) => prefs.updateSettings(p),
    backend,
    conversationUpdatedAt: async (id) => (id in updatedAt ? updatedAt[id] : null),
    emit: (event: EventName, payload: unknown) => void log.push({ op: 'emit', event, payload }),
    language: () => 'en',
    clock: () => mono,
    wallClock: () => now
  })
  return {
    service,
    log,
    prefs,
    backend,
    registered,
    clipboard,
    press: async () => {
      registered.get(service.shortcut.active ?? '')?.()
      await new Promise((r) => setTimeout(r, 0))
    },
    advance(ms: number) {
      now += ms
      mono += ms
    },
    setOtherVisible: (v: boolean) => void (otherVisible = v),
    emitted: (event: string) => log.filter((l) => l.op === 'emit' && l.event === event).map((l) => l.payload as Record<string, unknown>),
    ops: () => log.filter((l) => l.op !== 'emit' || (l.event as string).startsWith('companion:on')).map((l) => (l.op === 'emit' ? (l.event as string) : l.op))
  }
}

describe('showing and hiding', () => {
  it('the shortcut shows it: onShown first, then the window on the display under the pointer', async () => {
    const t = setup()
    expect(t.service.start().state).toBe('registered')
    await t.press()
    expect(t.ops()).toEqual(['companion:onShortcutStatus', 'companion:onShown', 'show'])
    const shown = t.emitted('companion:onShown')[0]
    expect(shown).toMatchObject({ showId: 1, conversationId: null, pinned: false, source: 'shortcut' })
    const show = t.log.find((l) => l.op === 'show') as unknown as { bounds: { x: number; y: number; width: number; height: number }; scaleFactor: number }
    expect(show.scaleFactor).toBe(1)
    expect(show.bounds.x).toBe(-1920 + (1920 - 680) / 2)
    expect(show.bounds.height).toBe(COMPANION_EMPTY_HEIGHT)
    expect(shown.maxHeight).toBeGreaterThan(500)
    expect(t.service.state.visible).toBe(true)
  })

  it('the shortcut again hides it; on macOS with no other window the app is hidden', async () => {
    const t = setup()
    t.service.start()
    await t.press()
    t.advance(500)
    await t.press()
    expect(t.log.filter((l) => l.op === 'hide')).toEqual([{ op: 'hide', focus: 'hide-app' }])
    expect(t.emitted('companion:onHidden')).toEqual([{ showId: 1, reason: 'shortcut' }])
  })

  it('Esc (hide from the page) with the main window open hides only the window', async () => {
    const t = setup()
    t.service.start()
    await t.press()
    t.setOtherVisible(true)
    t.service.handlers.hide({ reason: 'escape' })
    expect(t.log.filter((l) => l.op === 'hide')).toEqual([{ op: 'hide', focus: 'hide-window' }])
    expect(t.emitted('companion:onHidden')).toEqual([{ showId: 1, reason: 'escape' }])
  })

  it('hides on blur, but not when pinned', async () => {
    const t = setup()
    await t.service.toggle('tray')
    t.service.windowFocused()
    t.advance(1000)
    t.service.handlers.setPinned({ pinned: true })
    t.service.windowBlurred()
    await Promise.resolve()
    expect(t.service.state.visible).toBe(true)
    expect(t.service.wantsFocusPolling()).toBe(false)
    t.service.handlers.setPinned({ pinned: false })
    expect(t.service.wantsFocusPolling()).toBe(true)
    t.service.focusCheck(false)
    t.service.focusCheck(false)
    await Promise.resolve()
    expect(t.service.state.visible).toBe(false)
    expect(t.emitted('companion:onHidden')).toEqual([{ showId: 1, reason: 'blur' }])
    expect(t.log.filter((l) => l.op === 'setPinned')).toEqual([
      { op: 'setPinned', pinned: true },
      { op: 'setPinned', pinned: false }
    ])
  })

  it('a show that fails (window gone) leaves it hidden and the next toggle shows again', async () => {
    const t = setup()
    // The fake host records into t.log: make its show() throw once, as a destroyed window does.
    let fail = true
    const push = t.log.push.bind(t.log)
    t.log.push = (...items) => {
      if (fail && items[0]?.op === 'show') {
        fail = false
        throw new Error('Object has been destroyed')
      }
      return push(...items)
    }
    await t.service.toggle('shortcut')
    expect(t.service.state.visible).toBe(false)
    t.advance(1000)
    await t.service.toggle('shortcut')
    expect(t.service.state.visible).toBe(true)
    expect(t.log.filter((l) => l.op === 'show')).toHaveLength(1)
  })

  it('a hide while the conversation row is read wins over the show', async () => {
    const t = setup({ updatedAt: { c1: 1 } })
    t.service.handlers.setConversation({ conversationId: 'c1' })
    const showing = t.service.toggle('shortcut')
    t.service.hide('escape')
    await showing
    expect(t.log.some((l) => l.op === 'show')).toBe(false)
    expect(t.service.state.visible).toBe(false)
  })
})

describe('continuing the last conversation', () => {
  it('continues it within the minutes setting, starts a new one after', async () => {
    const t = setup({ updatedAt: { c1: 0 } })
    t.service.handlers.setConversation({ conversationId: 'c1' })
    await t.service.toggle('shortcut')
    expect(t.emitted('companion:onShown')[0].conversationId).toBe('c1')
    t.advance(1000)
    t.service.hide('escape') // usedAt = now
    t.advance(9 * 60_000)
    await t.service.toggle('shortcut')
    expect(t.emitted('companion:onShown')[1].conversationId).toBe('c1')
    t.advance(1000)
    t.service.hide('escape')
    t.advance(11 * 60_000)
    await t.service.toggle('shortcut')
    expect(t.emitted('companion:onShown')[2].conversationId).toBeNull()
  })

  it('an answer that kept streaming after the hide keeps it recent', async () => {
    const updatedAt: Record<string, number | null> = {}
    const t = setup({ updatedAt })
    t.service.handlers.setConversation({ conversationId: 'c1' }) // used at T
    t.advance(60 * 60_000)
    // The row was written 2 minutes ago (the answer finished long after the window was hidden).
    updatedAt.c1 = 1_700_000_000_000 + 58 * 60_000
    await t.service.toggle('shortcut')
    expect(t.emitted('companion:onShown')[0].conversationId).toBe('c1')
  })

  it('is remembered across restarts, and forgotten when the conversation was deleted', async () => {
    const backend = memoryBackend()
    const first = setup({ backend })
    first.service.handlers.setConversation({ conversationId: 'gone' })
    expect(backend.data.get(COMPANION_MEMORY_KEY)).toMatchObject({ conversationId: 'gone' })
    const second = setup({ backend, updatedAt: { gone: null } })
    await second.service.toggle('shortcut')
    expect(second.emitted('companion:onShown')[0].conversationId).toBeNull()
    expect(backend.data.has(COMPANION_MEMORY_KEY)).toBe(false)
  })

  it('0 minutes always starts a new conversation; New chat (null) is remembered too', async () => {
    const t = setup({ updatedAt: { c1: 1_700_000_000_000 } })
    t.prefs.updateSettings({ companionContinueMinutes: 0 })
    t.service.handlers.setConversation({ conversationId: 'c1' })
    await t.service.toggle('shortcut')
    expect(t.emitted('companion:onShown')[0].conversationId).toBeNull()
    t.prefs.updateSettings({ companionContinueMinutes: 10 })
    t.service.handlers.setConversation({ conversationId: null })
    t.advance(1000)
    t.service.hide('escape')
    t.advance(1000)
    await t.service.toggle('shortcut')
    expect(t.emitted('companion:onShown')[1].conversationId).toBeNull()
  })

  it('the rule itself', () => {
    const last = { conversationId: 'c', usedAt: 1000 }
    expect(decideConversation({ now: 1000 + 600_000, continueMinutes: 10, last })).toEqual({ conversationId: 'c', reason: 'recent' })
    expect(decideConversation({ now: 1001 + 600_000, continueMinutes: 10, last })).toEqual({ conversationId: null, reason: 'expired' })
    expect(decideConversation({ now: 9e9, continueMinutes: 10, last, conversationUpdatedAt: 9e9 - 1 })).toEqual({
      conversationId: 'c',
      reason: 'recent'
    })
    expect(decideConversation({ now: 2000, continueMinutes: 10, last, conversationUpdatedAt: null }).reason).toBe('deleted')
    expect(decideConversation({ now: 2000, continueMinutes: 0, last }).reason).toBe('disabled')
    expect(decideConversation({ now: 2000, continueMinutes: 10, last: null }).reason).toBe('none')
  })
})

describe('page requests', () => {
  it('"Open in main window" hides without a focus return and opens the conversation there', async () => {
    const t = setup()
    await t.service.toggle('shortcut')
    t.service.handlers.openInMain({ conversationId: 'c9' })
    expect(t.log.filter((l) => l.op === 'hide' || l.op === 'openInMain')).toEqual([
      { op: 'hide', focus: 'none' },
      { op: 'openInMain', conversationId: 'c9' }
    ])
    expect(t.emitted('companion:onHidden')).toEqual([{ showId: 1, reason: 'open-in-main' }])
  })

  it('the clipboard is read only when the setting is on; the Linux selection wins when there is one', async () => {
    const t = setup()
    t.clipboard.clipboard = 'copied text'
    expect(await t.service.handlers.context()).toEqual({ clipboard: null })
    expect(t.log.length).toBe(0)
    t.prefs.updateSettings({ companionClipboardContext: true })
    expect(await t.service.handlers.context()).toEqual({
      clipboard: { text: 'copied text', source: 'clipboard', truncated: false, originalLength: 11 }
    })
    t.clipboard.selection = 'selected words'
    expect((await t.service.handlers.context()).clipboard).toMatchObject({ text: 'selected words', source: 'selection' })
  })

  it('clipboard context: blank is nothing, long text is cut and says so', () => {
    expect(clipboardContext(true, { clipboard: '  \n ' })).toEqual({ clipboard: null })
    const long = 'x'.repeat(MAX_CONTEXT_CHARS + 5)
    expect(clipboardContext(true, { clipboard: long }).clipboard).toMatchObject({ truncated: true, originalLength: MAX_CONTEXT_CHARS + 5 })
    expect(clipboardContext(true, { clipboard: long }).clipboard?.text.length).toBe(MAX_CONTEXT_CHARS)
  })

  it('resize fits the window to the content within the display', async () => {
    const t = setup()
    await t.service.toggle('shortcut')
    const max = t.emitted('companion:onShown')[0].maxHeight as number
    expect(await t.service.handlers.resize({ height: 300 })).toEqual({ height: 300 })
    expect(await t.service.handlers.resize({ height: 5000 })).toEqual({ height: max })
    expect(await t.service.handlers.resize({ height: 10 })).toEqual({ height: COMPANION_MIN_HEIGHT })
    expect(t.log.filter((l) => l.op === 'setHeight').map((l) => l.height)).toEqual([300, max, COMPANION_MIN_HEIGHT])
  })

  it('the next show of the same conversation starts at its last height', async () => {
    const t = setup({ updatedAt: { c1: 1_700_000_000_000 } })
    t.service.handlers.setConversation({ conversationId: 'c1' })
    await t.service.toggle('shortcut')
    t.service.handlers.resize({ height: 420 })
    t.advance(1000)
    t.service.hide('escape')
    t.advance(1000)
    await t.service.toggle('shortcut')
    const shows = t.log.filter((l) => l.op === 'show') as unknown as Array<{ bounds: { height: number } }>
    expect(shows[1].bounds.height).toBe(420)
    // A new chat opens at the height a new chat last had (the bar, the composer, maybe a chip).
    t.service.handlers.setConversation({ conversationId: null })
    t.service.handlers.resize({ height: 164 })
    t.prefs.updateSettings({ companionContinueMinutes: 0 })
    t.advance(1000)
    t.service.hide('escape')
    t.advance(1000)
    await t.service.toggle('shortcut')
    const third = t.log.filter((l) => l.op === 'show').at(-1) as unknown as { bounds: { height: number } }
    expect(third.bounds.height).toBe(164)
  })
})

describe('latency diagnostics', () => {
  it('measures trigger → renderer report on main’s clock, with the parts', async () => {
    const t = setup()
    t.service.start()
    await t.press()
    t.advance(18)
    t.service.handlers.reportShown({ showId: 1, rendererMs: 11.26 })
    const d = await t.service.handlers.diagnostics()
    expect(d.samples).toHaveLength(1)
    expect(d.samples[0]).toMatchObject({ showId: 1, source: 'shortcut', totalMs: 18, rendererMs: 11.3, mainMs: 0 })
    expect(d.summary).toMatchObject({ count: 1, lastMs: 18, medianMs: 18, p95Ms: 18, targetMs: 50 })
    expect(d.shortcut.state).toBe('registered')
    // A report for an unknown show is ignored.
    t.service.handlers.reportShown({ showId: 99, rendererMs: 1 })
    expect((await t.service.handlers.diagnostics()).samples).toHaveLength(1)
  })

  it('percentiles', () => {
    expect(percentile([], 50)).toBeNull()
    expect(percentile([30, 10, 20], 50)).toBe(20)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 95)).toBe(100)
  })
})

describe('the shortcut setting', () => {
  it('a change that registers is saved; a refused one is not', async () => {
    const t = setup({ taken: ['Control+Shift+Space'] })
    t.service.start()
    expect((await t.service.handlers.setShortcut({ accelerator: 'Command+Shift+K' })).ok).toBe(true)
    expect(t.prefs.getSettings().companionShortcut).toBe('Command+Shift+K')
    const refused = await t.service.handlers.setShortcut({ accelerator: 'Control+Shift+Space' })
    expect(refused.ok).toBe(false)
    expect(refused.status.suggestion).toBe('Alt+Space')
    expect(t.prefs.getSettings().companionShortcut).toBe('Command+Shift+K')
    expect((await t.service.handlers.setShortcut({ accelerator: null })).ok).toBe(true)
    expect(t.prefs.getSettings().companionShortcut).toBe('')
    expect(t.registered.size).toBe(0)
  })

  it('a conflict at start-up is told once by a notification, with the alternative', () => {
    const t = setup({ taken: ['Alt+Space'], platform: 'win32' })
    const status = t.service.start()
    expect(status.state).toBe('conflict')
    const notes = t.log.filter((l) => l.op === 'notify')
    expect(notes).toHaveLength(1)
    expect(notes[0].title).toBe('Alt+Space is not available')
    expect(notes[0].body).toContain('Ctrl+Alt+Space')
    expect(notes[0].body).toContain('tray')
    t.service.start()
    expect(t.log.filter((l) => l.op === 'notify')).toHaveLength(1)
    // The app works without it: the tray item still toggles.
    return t.service.toggle('tray').then(() => expect(t.service.state.visible).toBe(true))
  })
})
