/**
 * The thin adapters between Electron and the services, with fakes: safeStorage as SecretCipherPort,
 * electron-store as PreferencesPort, launch at login, and the quit sequence.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeSafeStorage } from '../support/fakeSafeStorage'
import { createElectronStorePreferences, type StoreConstructor } from '../../src/main/app/electronStorePreferences'
import {
  LAUNCHED_AT_LOGIN_FLAG,
  createLaunchAtLogin,
  linuxAutostartEntry,
  quoteDesktopExecArg,
  wasLaunchedAtLogin
} from '../../src/main/app/loginItem'
import { createQuitCoordinator } from '../../src/main/app/quitCoordinator'
import { createElectronSecretCipher } from '../../src/main/app/electronSecretCipher'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnidesk-adapters-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('safeStorage secret box', () => {
  it('passes encryption through where there is a keyring', () => {
    const box = createElectronSecretCipher(new FakeSafeStorage(true), 'darwin')
    expect(box.isEncryptionAvailable()).toBe(true)
    const sealed = box.encryptString('sk-secret')
    expect(sealed.toString('utf8')).not.toContain('sk-secret')
    expect(box.decryptString(sealed)).toBe('sk-secret')
  })

  it('reports no encryption when safeStorage has none', () => {
    expect(createElectronSecretCipher(new FakeSafeStorage(false), 'win32').isEncryptionAvailable()).toBe(false)
  })

  it("treats Linux's basic_text backend (a hard-coded password) as no keyring", () => {
    const withBackend = (backend: string) => Object.assign(new FakeSafeStorage(true), { getSelectedStorageBackend: () => backend })
    expect(createElectronSecretCipher(withBackend('basic_text'), 'linux').isEncryptionAvailable()).toBe(false)
    expect(createElectronSecretCipher(withBackend('unknown'), 'linux').isEncryptionAvailable()).toBe(false)
    expect(createElectronSecretCipher(withBackend('gnome_libsecret'), 'linux').isEncryptionAvailable()).toBe(true)
    expect(createElectronSecretCipher(withBackend('kwallet6'), 'linux').isEncryptionAvailable()).toBe(true)
  })
})

/** A JSON-file store with electron-store's constructor contract (throws SyntaxError on bad JSON). */
function fakeStoreClass(): StoreConstructor {
  return class {
    private readonly file: string
    private data: Record<string, unknown>
    constructor(options: { name: string; cwd: string }) {
      this.file = path.join(options.cwd, `${options.name}.json`)
      this.data = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) : {}
    }
    get(key: string) {
      return this.data[key]
    }
    set(key: string, value: unknown) {
      this.data[key] = value
      writeFileSync(this.file, JSON.stringify(this.data))
    }
    delete(key: string) {
      delete this.data[key]
      writeFileSync(this.file, JSON.stringify(this.data))
    }
  }
}

describe('electron-store backend', () => {
  it('stores preferences in <dataDir>/preferences.json', async () => {
    const dataDir = tempDir()
    const backend = await createElectronStorePreferences({ dataDir, loadStore: async () => fakeStoreClass() })
    backend.set('settings', { theme: 'dark' })
    expect(backend.get('settings')).toEqual({ theme: 'dark' })
    backend.delete('settings')
    expect(backend.get('settings')).toBeUndefined()
    expect(readdirSync(dataDir)).toEqual(['preferences.json'])
  })

  it('keeps an unreadable preferences file aside and starts fresh', async () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'preferences.json'), '{ not json')
    const backend = await createElectronStorePreferences({
      dataDir,
      loadStore: async () => fakeStoreClass(),
      now: () => new Date('2025-01-02T03:04:05.678Z')
    })
    expect(backend.get('settings')).toBeUndefined()
    const kept = 'preferences.json.unreadable-2025-01-02T03-04-05-678Z'
    expect(readdirSync(dataDir)).toEqual([kept])
    expect(readFileSync(path.join(dataDir, kept), 'utf8')).toBe('{ not json')
  })
})

describe('launch at login', () => {
  it('uses setLoginItemSettings on macOS and Windows, with the same args to add and remove', () => {
    const app = { setLoginItemSettings: vi.fn() }
    const set = createLaunchAtLogin({ app, platform: 'win32', executable: 'C:\\Omnidesk\\Omnidesk.exe' })
    set(true)
    set(false)
    expect(app.setLoginItemSettings.mock.calls).toEqual([
      [{ openAtLogin: true, args: [LAUNCHED_AT_LOGIN_FLAG] }],
      [{ openAtLogin: false, args: [LAUNCHED_AT_LOGIN_FLAG] }]
    ])
  })

  it('writes and removes an XDG autostart entry on Linux', () => {
    const configHome = tempDir()
    const app = { setLoginItemSettings: vi.fn() }
    const set = createLaunchAtLogin({ app, platform: 'linux', executable: '/home/me/Apps/Omnidesk 0.1.0.AppImage', configHome })
    set(true)
    const file = path.join(configHome, 'autostart', 'omnidesk.desktop')
    expect(readFileSync(file, 'utf8')).toContain(`Exec="/home/me/Apps/Omnidesk 0.1.0.AppImage" ${LAUNCHED_AT_LOGIN_FLAG}\n`)
    set(false)
    expect(existsSync(file)).toBe(false)
    set(false) // already gone: no error
    expect(app.setLoginItemSettings).not.toHaveBeenCalled()
  })

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteDesktopExecArg('/opt/Omnidesk/omnidesk')).toBe('/opt/Omnidesk/omnidesk')
    expect(quoteDesktopExecArg('/a b/$x"y`z\\')).toBe('"/a b/\\$x\\"y\\`z\\\\"')
    expect(linuxAutostartEntry({ name: 'Omnidesk', executable: '/opt/o' })).toMatch(/^\[Desktop Entry\]\nType=Application\n/)
  })

  it('knows when the OS started us', () => {
    expect(wasLaunchedAtLogin({ argv: ['/opt/o', LAUNCHED_AT_LOGIN_FLAG] })).toBe(true)
    expect(wasLaunchedAtLogin({ argv: ['/opt/o'], macWasOpenedAtLogin: true })).toBe(true)
    expect(wasLaunchedAtLogin({ argv: ['/opt/o'], macWasOpenedAtLogin: false })).toBe(false)
  })
})

describe('quit coordinator', () => {
  const beforeQuit = () => {
    const event = { prevented: false, preventDefault() { event.prevented = true } }
    return event
  }

  it('postpones the first quit until the services are closed, then quits for real', async () => {
    let finishClose!: () => void
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)))
    const quit = vi.fn()
    const coordinator = createQuitCoordinator({ close, quit })
    expect(coordinator.isQuitting).toBe(false)

    const first = beforeQuit()
    coordinator.onBeforeQuit(first)
    expect(first.prevented).toBe(true)
    expect(coordinator.isQuitting).toBe(true)

    const repeated = beforeQuit() // Cmd+Q pressed again while closing
    coordinator.onBeforeQuit(repeated)
    expect(repeated.prevented).toBe(true)
    expect(close).toHaveBeenCalledTimes(1)

    finishClose()
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1))
    const final = beforeQuit()
    coordinator.onBeforeQuit(final)
    expect(final.prevented).toBe(false)
  })

  it('quits anyway when close fails or hangs', async () => {
    vi.useFakeTimers()
    try {
      const onError = vi.fn()
      const quit = vi.fn()
      const hanging = createQuitCoordinator({ close: () => new Promise(() => {}), quit, timeoutMs: 1000, onError })
      hanging.onBeforeQuit(beforeQuit())
      await vi.advanceTimersByTimeAsync(1000)
      expect(quit).toHaveBeenCalledTimes(1)
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('did not close') }))

      const failing = createQuitCoordinator({ close: async () => Promise.reject(new Error('db locked')), quit, onError })
      failing.onBeforeQuit(beforeQuit())
      await vi.advanceTimersByTimeAsync(0)
      expect(quit).toHaveBeenCalledTimes(2)
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'db locked' }))
    } finally {
      vi.useRealTimers()
    }
  })
})
