import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// Type only (erased at runtime): electron-store imports electron when loaded.
import type ElectronStore from 'electron-store'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Settings, type ProviderConfig } from '../../src/shared/settings'
import { createJsonFilePreferences } from '../../src/main/store/jsonFilePreferences'
import { createPreferences } from '../../src/main/store/preferences'
import type { PreferencesPort } from '../../src/main/store/types'

// Checked by `tsc`: the app's electron-store instance can be passed where a backend is expected.
const electronStoreIsABackend: ElectronStore extends PreferencesPort ? true : false = true
void electronStoreIsABackend

function memoryBackend(initial: Record<string, unknown> = {}): PreferencesPort & { data: Record<string, unknown> } {
  const data = { ...initial }
  return {
    data,
    get: (key) => data[key],
    set: (key, value) => {
      data[key] = value
    },
    delete: (key) => {
      delete data[key]
    }
  }
}

const provider = (id: string, extra: Partial<ProviderConfig> = {}): ProviderConfig => ({
  id,
  presetId: 'openai',
  name: `Provider ${id}`,
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o',
  ...extra
})

describe('createPreferences: settings', () => {
  it('fills defaults when nothing is stored', () => {
    const prefs = createPreferences(memoryBackend())
    // Compared with the schema's own defaults, so a new setting does not break this test.
    const defaults = Settings.parse({})
    expect(prefs.getSettings()).toEqual(defaults)
    expect(defaults).toMatchObject({ theme: 'system', launchAtLogin: false, enterToSend: true, allowPlaintextSecrets: false })
  })

  it('replaces only the invalid stored values by their defaults', () => {
    const prefs = createPreferences(
      memoryBackend({ settings: { theme: 'purple', language: 'zh-CN', enterToSend: 'yes', launchAtLogin: true, junk: 1 } })
    )
    expect(prefs.getSettings()).toEqual({ ...Settings.parse({}), theme: 'system', language: 'zh-CN', launchAtLogin: true, enterToSend: true })
  })

  it('survives a stored value of the wrong shape entirely', () => {
    for (const settings of ['oops', 42, null, [1, 2]]) {
      expect(createPreferences(memoryBackend({ settings })).getSettings().theme).toBe('system')
    }
  })

  it('merges a patch, stores it, and tells listeners once per real change', () => {
    const backend = memoryBackend()
    const prefs = createPreferences(backend)
    const listener = vi.fn()
    const unsubscribe = prefs.onSettingsChanged(listener)

    const next = prefs.updateSettings({ theme: 'dark', language: 'en' })
    expect(next).toMatchObject({ theme: 'dark', language: 'en', enterToSend: true })
    expect(backend.data.settings).toMatchObject({ theme: 'dark', language: 'en' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener).toHaveBeenCalledWith(next)

    prefs.updateSettings({ theme: 'dark' })
    expect(listener).toHaveBeenCalledTimes(1)

    unsubscribe()
    prefs.updateSettings({ theme: 'light' })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('clears an optional setting given as undefined', () => {
    const prefs = createPreferences(memoryBackend({ settings: { defaultProviderId: 'a', defaultModel: 'm' } }))
    expect(prefs.updateSettings({ defaultProviderId: undefined }).defaultProviderId).toBeUndefined()
    expect(prefs.getSettings()).toMatchObject({ defaultModel: 'm' })
  })

  it('refuses an invalid patch without storing it', () => {
    const backend = memoryBackend()
    const prefs = createPreferences(backend)
    expect(() => prefs.updateSettings({ theme: 'purple' as never })).toThrow()
    expect(backend.data.settings).toBeUndefined()
  })

  it('keeps notifying the other listeners when one throws', () => {
    const prefs = createPreferences(memoryBackend())
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {})
    const second = vi.fn()
    prefs.onSettingsChanged(() => {
      throw new Error('window closed')
    })
    prefs.onSettingsChanged(second)
    prefs.updateSettings({ theme: 'dark' })
    expect(second).toHaveBeenCalledTimes(1)
    errorLog.mockRestore()
  })
})

describe('createPreferences: providers', () => {
  it('inserts, replaces by id, and removes', () => {
    const prefs = createPreferences(memoryBackend())
    prefs.putProvider(provider('a'))
    prefs.putProvider(provider('b'))
    prefs.putProvider(provider('a', { name: 'Renamed' }))
    expect(prefs.listProviders().map((p) => [p.id, p.name])).toEqual([
      ['a', 'Renamed'],
      ['b', 'Provider b']
    ])
    expect(prefs.getProvider('b')?.name).toBe('Provider b')
    expect(prefs.getProvider('zzz')).toBeUndefined()
    prefs.removeProvider('a')
    expect(prefs.listProviders().map((p) => p.id)).toEqual(['b'])
  })

  it('drops invalid stored entries and duplicate ids', () => {
    const prefs = createPreferences(
      memoryBackend({
        providers: [provider('ok'), { id: 'bad', presetId: 'nope' }, 'junk', null, provider('ok', { name: 'Second' }), provider('ok2')]
      })
    )
    expect(prefs.listProviders().map((p) => [p.id, p.name])).toEqual([
      ['ok', 'Provider ok'],
      ['ok2', 'Provider ok2']
    ])
  })

  it('treats a non-array providers value as none', () => {
    expect(createPreferences(memoryBackend({ providers: { a: 1 } })).listProviders()).toEqual([])
  })

  it('refuses to store an invalid provider', () => {
    const prefs = createPreferences(memoryBackend())
    expect(() => prefs.putProvider({ ...provider('x'), defaultModel: '' })).toThrow()
    expect(prefs.listProviders()).toEqual([])
  })
})

describe('createJsonFilePreferences', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'omnidesk-prefs-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('persists across instances, as JSON, readable only by the user', () => {
    const file = join(dir, 'nested', 'prefs.json')
    const first = createJsonFilePreferences(file)
    createPreferences(first).updateSettings({ theme: 'dark' })
    first.set('secrets.abc', { scheme: 'safeStorage', data: 'AAAA' })

    const second = createJsonFilePreferences(file)
    expect(createPreferences(second).getSettings().theme).toBe('dark')
    expect(second.get('secrets.abc')).toEqual({ scheme: 'safeStorage', data: 'AAAA' })
    expect(JSON.parse(readFileSync(file, 'utf8')).settings.theme).toBe('dark')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    // No temp file is left behind by the atomic writes.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['prefs.json'])
  })

  it('deletes keys and does not share objects with callers', () => {
    const backend = createJsonFilePreferences(join(dir, 'prefs.json'))
    const value = { list: [1] }
    backend.set('k', value)
    value.list.push(2)
    ;(backend.get('k') as { list: number[] }).list.push(3)
    expect(backend.get('k')).toEqual({ list: [1] })
    backend.delete('k')
    expect(backend.get('k')).toBeUndefined()
    expect(backend.get('toString')).toBeUndefined()
    expect(createJsonFilePreferences(join(dir, 'prefs.json')).get('k')).toBeUndefined()
  })

  it('keeps a corrupt file aside and starts from defaults', () => {
    const file = join(dir, 'prefs.json')
    writeFileSync(file, '{"settings": {"theme": "dark"')
    const backend = createJsonFilePreferences(file)
    expect(backend.corruptBackupPath).toMatch(/prefs\.json\.corrupt-\d+$/)
    expect(readFileSync(backend.corruptBackupPath!, 'utf8')).toBe('{"settings": {"theme": "dark"')
    expect(existsSync(file)).toBe(false)

    const prefs = createPreferences(backend)
    expect(prefs.getSettings().theme).toBe('system')
    prefs.updateSettings({ theme: 'light' })
    expect(JSON.parse(readFileSync(file, 'utf8')).settings.theme).toBe('light')
  })

  it('treats JSON that is not an object as corrupt too', () => {
    const file = join(dir, 'prefs.json')
    writeFileSync(file, '[1,2,3]')
    const backend = createJsonFilePreferences(file)
    expect(backend.corruptBackupPath).toBeDefined()
    expect(backend.get('settings')).toBeUndefined()
  })

  it('reports no backup for a missing or healthy file', () => {
    const file = join(dir, 'prefs.json')
    expect(createJsonFilePreferences(file).corruptBackupPath).toBeUndefined()
    writeFileSync(file, '{}')
    expect(createJsonFilePreferences(file).corruptBackupPath).toBeUndefined()
  })
})
