// @vitest-environment jsdom
/**
 * Settings → Updates and the sidebar's notice in the renderer, against a fake `window.omnidesk`
 * whose `updates` channels are main's real update state machine over a fake updater: the status
 * line follows main's events, Check now, the automatic switch saved through settings.update,
 * release notes as text, Restart to update (page and notice) calling install, the notice
 * dismissed for the session, an unsupported build's sentence.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { unwrapApi } from '../../src/shared/ipc/client'
import { scriptedBridge } from '../support/scriptedBridge'
import type { AppInfo, BridgeApi } from '../../src/shared/ipc/contract'
import { errorInfoOf } from '../../src/shared/errors'
import { Settings as SettingsSchema, type Settings, type SettingsPatch } from '../../src/shared/settings'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { initI18n } from '../../src/renderer/src/i18n'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext } from '../../src/renderer/src/state/hooks'
import { UpdatesSettings } from '../../src/renderer/src/updates/UpdatesSettings'
import { UpdateNotice } from '../../src/renderer/src/updates/UpdateNotice'
import { updateNoticeDismissal } from '../../src/renderer/src/updates/useUpdateStatus'
import { createUpdateService } from '../../src/main/updates/service'
import type { UpdaterEvent, UpdaterPort } from '../../src/main/updates/ports'
import { click, flush } from '../support/renderedDom'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root | null = null
let container: HTMLElement | null = null

beforeAll(() => initI18n('en'))

afterEach(async () => {
  await act(async () => root?.unmount())
  container?.remove()
  root = null
  container = null
  updateNoticeDismissal.reset()
  delete (window as unknown as { omnidesk?: BridgeApi }).omnidesk
})

async function mount(opts: { supported?: boolean } = {}) {
  let settings: Settings = SettingsSchema.parse({})
  const calls: string[] = []
  // Main's services are made before the bridge and emit through this (nobody listens yet then).
  let emit: (channel: string, payload: unknown) => void = () => undefined
  const updaterListeners = new Set<(e: UpdaterEvent) => void>()
  const counts = { checks: 0, installs: 0 }
  let answer: UpdaterEvent = { type: 'not-available' }
  const port: UpdaterPort = {
    check: async () => {
      counts.checks += 1
      updaterListeners.forEach((l) => l(answer))
    },
    download: async () => undefined,
    quitAndInstall: () => {
      counts.installs += 1
    },
    onEvent: (l) => {
      updaterListeners.add(l)
      return () => updaterListeners.delete(l)
    }
  }
  const service = createUpdateService({
    updater: opts.supported === false ? undefined : port,
    unsupportedReason: 'package',
    currentVersion: '1.0.0',
    automatic: () => settings.autoUpdate,
    emit: (status) => emit('updates:onStatus', status)
  })
  const info: AppInfo = { version: '1.0.0', platform: 'linux', systemLocale: 'en-US', systemDark: false, dataDir: '/tmp/od', keyring: 'available', startupNotices: [] }
  const handlers: Record<string, (payload: any) => unknown> = {
    'app:info': () => info,
    'settings:get': () => settings,
    'settings:update': (patch: SettingsPatch) => (settings = applySettingsPatch(settings, patch)),
    'providers:list': () => [],
    'conversations:list': () => ({ conversations: [], next: null }),
    'assistants:list': () => [],
    'updates:status': () => service.handlers.status(),
    'updates:check': () => service.handlers.check(),
    'updates:install': () => service.handlers.install()
  }
  const scripted = scriptedBridge(handlers, (channel) => calls.push(channel))
  const bridge = scripted.bridge
  emit = scripted.emit
  ;(window as unknown as { omnidesk?: BridgeApi }).omnidesk = bridge
  const controller = new AppController({ api: unwrapApi(bridge), schedule: (cb) => queueMicrotask(cb) })
  container = document.createElement('div')
  document.body.appendChild(container)
  root = createRoot(container)
  await act(async () => {
    root!.render(
      <ControllerContext.Provider value={controller}>
        <UpdatesSettings />
        <UpdateNotice />
      </ControllerContext.Provider>
    )
    await controller.start()
  })
  await flush()
  return {
    counts,
    settings: () => settings,
    answer: (e: UpdaterEvent) => (answer = e),
    send: async (e: UpdaterEvent) => {
      await act(async () => updaterListeners.forEach((l) => l(e)))
      await flush()
    }
  }
}

const $ = (testId: string): HTMLElement | null => container!.querySelector(`[data-testid="${testId}"]`)

describe('Settings → Updates', () => {
  it('Check now, the download, the notes as text, Restart to update in the page and the notice', async () => {
    const t = await mount()
    expect($('update-current-version')?.textContent).toBe('1.0.0')
    expect($('update-status')?.dataset.state).toBe('idle')
    expect($('update-notice')).toBeNull()

    t.answer({ type: 'available', version: '1.1.0', releaseNotes: '<p>Hello <img src=x onerror="alert(1)"><b>bold</b></p>' })
    await click($('update-check'))
    await flush()
    expect($('update-status')?.textContent).toContain('Version 1.1.0 is available.')
    expect($('update-notes')?.textContent).toBe('Hello bold')
    expect($('update-notes')?.children).toHaveLength(0)

    await t.send({ type: 'progress', percent: 50 })
    expect($('update-status')?.textContent).toContain('50%')
    expect(($('update-check') as HTMLButtonElement).disabled).toBe(true)

    await t.send({ type: 'downloaded', version: '1.1.0' })
    expect($('update-restart')?.textContent).toBe('Restart to update')
    expect($('update-notice')?.textContent).toContain('Omnidesk 1.1.0 is ready.')
    await click($('update-restart'))
    await flush()
    expect(t.counts.installs).toBe(1)
    await click($('update-notice-restart'))
    await flush()
    expect(t.counts.installs).toBe(2)
    await click($('update-notice-dismiss'))
    expect($('update-notice')).toBeNull()
  })

  it('the automatic switch saves autoUpdate', async () => {
    const t = await mount()
    const toggle = $('update-automatic') as HTMLInputElement
    expect(toggle.checked).toBe(true)
    await click(toggle)
    await flush()
    expect(t.settings().autoUpdate).toBe(false)
    expect(($('update-automatic') as HTMLInputElement).checked).toBe(false)
  })

  it('an error in words; an unsupported build says why and cannot check', async () => {
    const t = await mount()
    t.answer({ type: 'error', error: new Error('getaddrinfo ENOTFOUND github.com') })
    await click($('update-check'))
    await flush()
    expect($('update-status')?.textContent).toContain('Couldn’t reach the update server')
    await act(async () => root?.unmount())
    root = null
    container?.remove()
    await mount({ supported: false })
    expect($('update-status')?.textContent).toContain('package manager')
    expect(($('update-check') as HTMLButtonElement).disabled).toBe(true)
  })
})
