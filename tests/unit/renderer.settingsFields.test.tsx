// @vitest-environment jsdom
/**
 * Settings' shortcut field, Companion sections and Voice section in the renderer, against a fake
 * `window.omnidesk` whose capture channels are main's real capture-shortcut service on a fake
 * keyboard (the companion's shortcut saved in the same settings): recording keys (symbols on
 * macOS, names elsewhere), Esc, a refused change with main's suggestion, the companion's keys
 * refused by name, Turn off and Reset; the latency numbers only in CompanionDiagnosticsSection;
 * Voice settings saved through settings.update.
 */
import { act, type ReactElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { unwrapApi } from '../../src/shared/ipc/client'
import { scriptedBridge } from '../support/scriptedBridge'
import type { AppInfo, BridgeApi } from '../../src/shared/ipc/contract'
import { errorInfoOf } from '../../src/shared/errors'
import { Settings as SettingsSchema, type Settings, type SettingsPatch } from '../../src/shared/settings'
import type { CompanionDiagnostics } from '../../src/shared/companion/schemas'
import { createCaptureShortcutService } from '../../src/main/capture/shortcut'
import type { GlobalShortcutPort } from '../../src/main/companion/shortcuts'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { initI18n } from '../../src/renderer/src/i18n'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext, useAppState } from '../../src/renderer/src/state/hooks'
import { CaptureShortcutField } from '../../src/renderer/src/capture/CaptureShortcutField'
import { CompanionDiagnosticsSection, CompanionSettingsSection, CompanionShortcutRow } from '../../src/renderer/src/companion/CompanionSettings'
import { VoiceSettingsSection } from '../../src/renderer/src/voice/VoiceSettings'
import { click, flush, type } from '../support/renderedDom'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root | null = null
let container: HTMLElement | null = null

beforeAll(() => initI18n('en'))

afterEach(async () => {
  await act(async () => root?.unmount())
  container?.remove()
  root = null
  container = null
  delete (window as unknown as { omnidesk?: BridgeApi }).omnidesk
})

const DIAGNOSTICS: CompanionDiagnostics = {
  shortcut: { accelerator: 'Alt+Space', active: 'Alt+Space', state: 'registered', suggestion: null },
  samples: [{ showId: 1, source: 'shortcut', at: Date.UTC(2025, 0, 1), mainMs: 12, rendererMs: 20, totalMs: 32 }],
  summary: { count: 1, lastMs: 32, medianMs: 32, p95Ms: 32, targetMs: 50 }
}

/** The fake main: settings, main's capture-shortcut service on a fake keyboard, the companion's diagnostics, voices. */
async function mount(ui: () => ReactElement, opts: { platform?: string; held?: string[] } = {}) {
  const platform = opts.platform ?? 'linux'
  let settings: Settings = SettingsSchema.parse({})
  const calls: Array<{ channel: string; payload: unknown }> = []
  // Main's services are made before the bridge and emit through this (nobody listens yet then).
  let emit: (channel: string, payload: unknown) => void = () => undefined
  const taken = new Set(opts.held ?? [])
  const registered = new Map<string, () => void>()
  const port: GlobalShortcutPort = {
    register: (a, cb) => (taken.has(a) || registered.has(a) ? false : (registered.set(a, cb), true)),
    unregister: (a) => void registered.delete(a),
    isRegistered: (a) => registered.has(a)
  }
  const capture = createCaptureShortcutService({
    port,
    notify: undefined,
    platform,
    settings: () => settings,
    updateSettings: (patch) => {
      settings = { ...settings, ...patch }
      emit('settings:onChanged', settings)
      return settings
    },
    emit: (event, payload) => emit(event, payload),
    language: () => 'en',
    onPress: () => undefined
  })
  capture.start()
  const info: AppInfo = { version: '9.9.9', platform, systemLocale: 'en-US', systemDark: false, dataDir: '/tmp/od', keyring: 'available', startupNotices: [] }
  const handlers: Record<string, (payload: any) => unknown> = {
    'app:info': () => info,
    'settings:get': () => settings,
    'settings:update': (patch: SettingsPatch) => (settings = applySettingsPatch(settings, patch)),
    'providers:list': () => [],
    'conversations:list': () => ({ conversations: [], next: null }),
    'assistants:list': () => [],
    'capture:shortcutStatus': () => capture.handlers.shortcutStatus(),
    'capture:setShortcut': (req: { accelerator: string | null }) => capture.handlers.setShortcut(req),
    'companion:diagnostics': () => DIAGNOSTICS,
    'voice:voices': () => ['alloy', 'ash', 'coral', 'verse']
  }
  const scripted = scriptedBridge(handlers, (channel, payload) => calls.push({ channel, payload }))
  const bridge = scripted.bridge
  emit = scripted.emit
  ;(window as unknown as { omnidesk?: BridgeApi }).omnidesk = bridge
  const controller = new AppController({ api: unwrapApi(bridge), schedule: (cb) => queueMicrotask(cb) })
  container = document.createElement('div')
  document.body.appendChild(container)
  root = createRoot(container)
  const Ui = ui
  await act(async () => {
    root!.render(
      <ControllerContext.Provider value={controller}>
        <Ui />
      </ControllerContext.Provider>
    )
    await controller.start()
  })
  await flush()
  return {
    calls,
    of: (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    settings: () => settings,
    registered: () => [...registered.keys()],
    setSettings: (patch: Partial<Settings>) => (settings = { ...settings, ...patch })
  }
}

function CaptureRow(): ReactElement {
  const value = useAppState((s) => s.settings?.captureShortcut) ?? ''
  return <CaptureShortcutField id="capture-shortcut" value={value} />
}

const $ = (testId: string): HTMLElement | null => container!.querySelector(`[data-testid="${testId}"]`)

async function press(el: HTMLElement | null, init: KeyboardEventInit): Promise<void> {
  expect(el).toBeTruthy()
  await act(async () => {
    el!.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))
  })
  await flush()
}

async function blur(el: HTMLElement | null): Promise<void> {
  expect(el).toBeTruthy()
  await act(async () => {
    el!.focus()
    el!.blur()
  })
  await flush()
}

async function choose(el: HTMLElement | null, value: string): Promise<void> {
  expect(el).toBeInstanceOf(HTMLSelectElement)
  await act(async () => {
    ;(el as HTMLSelectElement).value = value
    el!.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await flush()
}

describe('the shortcut field (screenshot shortcut, main’s real service behind the bridge)', () => {
  it('records keys: Esc cancels, modifiers show while held, main registers and saves the new one', async () => {
    const t = await mount(CaptureRow)
    const recorder = $('settings-capture-shortcut')!
    expect(recorder.textContent).toBe('Ctrl+Shift+2')
    expect($('capture-shortcut-status')?.dataset.state).toBe('registered')
    expect($('capture-shortcut-status')?.textContent).toBe('Active: Ctrl+Shift+2 starts a region screenshot from any app.')

    await click(recorder)
    expect(recorder.dataset.recording).toBe('true')
    expect(recorder.textContent).toBe('Press the keys… (Esc cancels)')
    await press(recorder, { key: 'Control', code: 'ControlLeft', ctrlKey: true })
    expect(recorder.textContent).toBe('Ctrl+…')
    await press(recorder, { key: 'Escape', code: 'Escape' })
    expect(recorder.dataset.recording).toBe('false')
    expect(t.of('capture:setShortcut')).toEqual([])

    await click(recorder)
    await press(recorder, { key: 'K', code: 'KeyK', ctrlKey: true, shiftKey: true })
    expect(t.of('capture:setShortcut')).toEqual([{ accelerator: 'Control+Shift+K' }])
    expect(t.registered()).toEqual(['Control+Shift+K'])
    expect(t.settings().captureShortcut).toBe('Control+Shift+K')
    expect($('capture-shortcut-feedback')?.dataset.kind).toBe('saved')
    expect(recorder.textContent).toBe('Ctrl+Shift+K')
    expect(recorder.dataset.recording).toBe('false')
  })

  it('macOS: the shortcut is shown with symbols', async () => {
    await mount(CaptureRow, { platform: 'darwin' })
    expect($('settings-capture-shortcut')?.textContent).toBe('⇧⌘2')
    expect($('capture-shortcut-status')?.textContent).toContain('⇧⌘2')
  })

  it('a bare key is explained, not sent', async () => {
    const t = await mount(CaptureRow)
    await click($('settings-capture-shortcut'))
    await press($('settings-capture-shortcut'), { key: 'a', code: 'KeyA' })
    expect($('capture-shortcut-feedback')?.dataset.kind).toBe('problem')
    expect($('capture-shortcut-feedback')?.textContent).toContain('Add Ctrl, Alt')
    expect(t.of('capture:setShortcut')).toEqual([])
  })

  it('refuses the companion’s keys by name, keeps the working one, and offers main’s tested suggestion', async () => {
    const t = await mount(CaptureRow)
    await click($('settings-capture-shortcut'))
    await press($('settings-capture-shortcut'), { key: ' ', code: 'Space', altKey: true })
    const feedback = $('capture-shortcut-feedback')!
    expect(feedback.dataset.kind).toBe('refused')
    expect(feedback.textContent).toContain('Alt+Space already shows the companion window: choose other keys. Still using Ctrl+Shift+2.')
    expect(t.settings().captureShortcut).toBe('CommandOrControl+Shift+2')
    expect(t.registered()).toEqual(['CommandOrControl+Shift+2'])
    const use = $('capture-shortcut-feedback-suggestion')!
    expect(use.textContent).toBe('Use Alt+Shift+2')
    await click(use)
    expect(t.settings().captureShortcut).toBe('Alt+Shift+2')
    expect($('settings-capture-shortcut')?.textContent).toBe('Alt+Shift+2')
  })

  it('a shortcut another app holds: said so, with the one still in use', async () => {
    await mount(CaptureRow, { held: ['Alt+Shift+S'] })
    await click($('settings-capture-shortcut'))
    await press($('settings-capture-shortcut'), { key: 'S', code: 'KeyS', altKey: true, shiftKey: true })
    expect($('capture-shortcut-feedback')?.textContent).toContain('Alt+Shift+S is taken by the system or another app. Still using Ctrl+Shift+2.')
  })

  it('Turn off, then Reset to the default', async () => {
    const t = await mount(CaptureRow)
    expect($('capture-shortcut-default')).toBeNull()
    await click($('capture-shortcut-off'))
    expect(t.settings().captureShortcut).toBe('')
    expect(t.registered()).toEqual([])
    expect($('settings-capture-shortcut')?.textContent).toBe('Off')
    expect($('capture-shortcut-status')?.dataset.state).toBe('disabled')
    expect($('capture-shortcut-off')).toBeNull()
    expect($('capture-shortcut-default')?.textContent).toBe('Reset to Ctrl+Shift+2')
    await click($('capture-shortcut-default'))
    expect(t.settings().captureShortcut).toBe('CommandOrControl+Shift+2')
    expect(t.registered()).toEqual(['CommandOrControl+Shift+2'])
    expect($('capture-shortcut-default')).toBeNull()
  })
})

describe('Settings → Companion window', () => {
  it('shows the shortcut with a link to its recorder, the rows named for search and links, and no latency numbers', async () => {
    await mount(CompanionSettingsSection)
    expect($('settings-companion')).not.toBeNull()
    expect($('companion-shortcut-shown')?.textContent).toBe('Alt+Space')
    expect($('companion-shortcut-change')).not.toBeNull()
    expect($('companion-shortcut-recorder')).toBeNull()
    expect($('companion-diagnostics')).toBeNull()
    expect(container!.textContent).not.toContain('ms')
    const fields = [...container!.querySelectorAll<HTMLElement>('[data-settings-field]')].map((r) => r.dataset.settingsField)
    expect(fields).toEqual(['companion.shortcut', 'companion.continueMinutes', 'companion.assistant', 'companion.clipboard'])
    expect($('companion-continue-minutes')?.className).toContain('od-input-number')
  })

  it('records the shortcut on the Shortcuts page with the shared recorder', async () => {
    await mount(CompanionShortcutRow)
    expect($('companion-shortcut-recorder')?.textContent).toBe('Alt+Space')
    expect($('companion-shortcut-status')?.dataset.state).toBe('registered')
    expect(container!.querySelector<HTMLElement>('[data-settings-field]')?.dataset.settingsField).toBe('shortcuts.companion')
  })

  it('the latency numbers are their own section', async () => {
    await mount(CompanionDiagnosticsSection)
    expect($('settings-companion-diagnostics')?.querySelector('h3')?.textContent).toBe('Companion window performance')
    expect($('companion-latency-summary')?.textContent).toContain('32 ms')
    expect(container!.querySelectorAll('[data-testid="companion-latency-sample"]')).toHaveLength(1)
    expect($('companion-shortcut-recorder')).toBeNull()
  })
})

describe('Settings → Voice', () => {
  it('saves each change through settings.update', async () => {
    const t = await mount(VoiceSettingsSection)
    expect($('settings-voice')).not.toBeNull()
    const fields = [...container!.querySelectorAll<HTMLElement>('[data-settings-field]')].map((r) => r.dataset.settingsField)
    expect(fields).toEqual([
      'voice.mode',
      'voice.voice',
      'voice.turnDetection',
      'voice.silence',
      'voice.realtimeModel',
      'voice.transcribeModel',
      'voice.speechModel',
      'voice.instructions',
      'voice.pushToTalk',
      'voice.audioProcessing'
    ])
    // The voices main offers (the voice view's list).
    const voices = [...($('settings-voice-name') as HTMLSelectElement).options].map((o) => o.value)
    expect(voices).toEqual(['alloy', 'ash', 'coral', 'verse'])

    await choose($('settings-voice-mode'), 'pipeline')
    await choose($('settings-voice-name'), 'coral')
    await choose($('settings-voice-turn-detection'), 'semantic_vad')
    expect(t.settings()).toMatchObject({ voiceMode: 'pipeline', voiceName: 'coral', voiceTurnDetection: 'semantic_vad' })

    // A number is saved when the user leaves it; out of range puts the saved one back.
    const silence = $('settings-voice-silence') as HTMLInputElement
    await type(silence, '50')
    await blur(silence)
    expect(silence.value).toBe('500')
    await type(silence, '800')
    await blur(silence)
    expect(t.settings().voiceSilenceMs).toBe(800)

    const instructions = $('settings-voice-instructions') as HTMLTextAreaElement
    await type(instructions, 'Keep answers short.')
    expect(t.settings().voiceInstructions).toBeUndefined()
    await blur(instructions)
    expect(t.settings().voiceInstructions).toBe('Keep answers short.')
    await type(instructions, '  ')
    await blur(instructions)
    expect(t.settings().voiceInstructions).toBeUndefined()

    // A model emptied: the default again.
    const model = $('settings-voice-realtime-model') as HTMLInputElement
    await type(model, 'gpt-realtime-mini')
    await blur(model)
    expect(t.settings().voiceRealtimeModel).toBe('gpt-realtime-mini')
    await type(model, '')
    await blur(model)
    expect(t.settings().voiceRealtimeModel).toBe('gpt-realtime')

    await click($('settings-voice-push-to-talk'))
    await click($('settings-voice-audio-processing'))
    expect(t.settings()).toMatchObject({ voicePushToTalk: true, voiceAudioProcessing: false })
    expect(t.of('settings:update')).toContainEqual({ voiceMode: 'pipeline' })
  })
})
