import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createJsonFilePreferences } from '../../src/main/store/jsonFilePreferences'
import { createNodeSecretCipher } from '../../src/main/store/nodeSecretCipher'
import { createSecretStore, KeyringUnavailableError } from '../../src/main/store/secrets'
import type { PreferencesPort, SecretCipherPort } from '../../src/main/store/types'
import { FakeSafeStorage } from '../support/fakeSafeStorage'

const KEY = 'sk-test-0123456789abcdefSECRET'

function memoryBackend(): PreferencesPort & { data: Record<string, unknown>; raw(): string } {
  const data: Record<string, unknown> = {}
  return {
    data,
    raw: () => JSON.stringify(data),
    get: (key) => data[key],
    set: (key, value) => {
      data[key] = JSON.parse(JSON.stringify(value))
    },
    delete: (key) => {
      delete data[key]
    }
  }
}

function setup(options: { available?: boolean; allowPlaintext?: boolean } = {}) {
  const box = new FakeSafeStorage(options.available ?? true)
  const backend = memoryBackend()
  let allowPlaintext = options.allowPlaintext ?? false
  const secrets = createSecretStore({ box, backend, allowPlaintext: () => allowPlaintext })
  return { box, backend, secrets, setAllowPlaintext: (value: boolean) => (allowPlaintext = value) }
}

describe('createSecretStore with a keyring', () => {
  it('stores the key encrypted: never in plain text in the backend', () => {
    const { backend, secrets } = setup()
    secrets.setKey('p1', KEY)
    expect(backend.raw()).not.toContain(KEY)
    expect(backend.raw()).not.toContain(Buffer.from(KEY).toString('base64'))
    expect(backend.data['secrets.p1']).toMatchObject({ scheme: 'safeStorage' })
    expect(secrets.getKey('p1')).toBe(KEY)
    expect(secrets.keyringState()).toBe('available')
  })

  it('knows which providers have a key, and clears them', () => {
    const { backend, secrets } = setup()
    expect(secrets.hasKey('p1')).toBe(false)
    expect(secrets.getKey('p1')).toBeUndefined()
    secrets.setKey('p1', KEY)
    secrets.setKey('p2', 'other')
    expect(secrets.hasKey('p1')).toBe(true)
    secrets.setKey('p1', null)
    expect(secrets.hasKey('p1')).toBe(false)
    expect(backend.data['secrets.p1']).toBeUndefined()
    expect(secrets.getKey('p2')).toBe('other')
    secrets.setKey('p2', '')
    expect(secrets.hasKey('p2')).toBe(false)
  })

  it('treats a key it cannot decrypt as no key, and keeps the entry', () => {
    const { backend, secrets } = setup()
    backend.set('secrets.p1', { scheme: 'safeStorage', data: Buffer.from('made by another keyring').toString('base64') })
    expect(secrets.getKey('p1')).toBeUndefined()
    expect(secrets.hasKey('p1')).toBe(false)
    expect(backend.data['secrets.p1']).toBeDefined()
    secrets.setKey('p1', KEY)
    expect(secrets.getKey('p1')).toBe(KEY)
  })

  it('ignores stored values of an unknown shape', () => {
    const { backend, secrets } = setup()
    for (const value of ['plain string', 42, { scheme: 'rot13', data: 'x' }, { scheme: 'plain' }, { scheme: 'plain', data: '' }]) {
      backend.set('secrets.p1', value)
      expect(secrets.getKey('p1')).toBeUndefined()
    }
  })
})

describe('createSecretStore: keys bound to an origin', () => {
  it('keeps the origin sealed with the key and a readable copy beside it; the sealed one counts', () => {
    const { backend, secrets } = setup()
    secrets.setBoundKey('p1', KEY, 'https://api.openai.com')
    expect(backend.data['secrets.p1']).toMatchObject({ scheme: 'safeStorage', origin: 'https://api.openai.com' })
    expect(backend.raw()).not.toContain(KEY)
    expect(secrets.boundKey('p1', 'https://ignored.example')).toEqual({ key: KEY, origin: 'https://api.openai.com' })
    expect(secrets.getKey('p1')).toBe(KEY)
    backend.set('secrets.p1', { ...(backend.data['secrets.p1'] as object), origin: 'https://evil.example' })
    expect(secrets.boundKey('p1', undefined)?.origin).toBe('https://api.openai.com')
    // Removing the copy does not make it a legacy key either.
    const { origin: _copy, ...withoutCopy } = backend.data['secrets.p1'] as { origin?: string }
    backend.set('secrets.p1', withoutCopy)
    expect(secrets.boundKey('p1', 'https://evil.example')?.origin).toBe('https://api.openai.com')
    secrets.setBoundKey('p1', null, 'https://api.openai.com')
    expect(secrets.boundKey('p1', 'https://api.openai.com')).toBeUndefined()
  })

  it('binds a legacy key on its first bound read and writes the binding back', () => {
    const { box, backend, secrets } = setup()
    backend.set('secrets.p1', { scheme: 'safeStorage', data: box.encryptString(KEY).toString('base64') })
    expect(secrets.boundKey('p1', 'http://127.0.0.1:1234')).toEqual({ key: KEY, origin: 'http://127.0.0.1:1234' })
    expect(backend.data['secrets.p1']).toMatchObject({ origin: 'http://127.0.0.1:1234' })
    expect(secrets.boundKey('p1', 'https://later.example')?.origin).toBe('http://127.0.0.1:1234')
  })

  it('keeps the binding of a plaintext key through its upgrade to the keyring', () => {
    const { box, backend, secrets } = setup({ available: false, allowPlaintext: true })
    secrets.setBoundKey('p1', KEY, 'http://10.0.0.2:8000')
    expect(backend.data['secrets.p1']).toEqual({ scheme: 'plain', data: KEY, origin: 'http://10.0.0.2:8000' })
    box.available = true
    expect(secrets.boundKey('p1', undefined)).toEqual({ key: KEY, origin: 'http://10.0.0.2:8000' })
    expect(backend.data['secrets.p1']).toMatchObject({ scheme: 'safeStorage', origin: 'http://10.0.0.2:8000' })
    expect(backend.raw()).not.toContain(KEY)
  })
})

describe('createSecretStore without a keyring', () => {
  it('refuses to store a key unless plaintext was allowed', () => {
    const { backend, secrets } = setup({ available: false })
    expect(secrets.keyringState()).toBe('unavailable')
    expect(() => secrets.setKey('p1', KEY)).toThrow(KeyringUnavailableError)
    expect(backend.raw()).not.toContain(KEY)
    expect(secrets.hasKey('p1')).toBe(false)
    // Clearing never needs a keyring.
    expect(() => secrets.setKey('p1', null)).not.toThrow()
  })

  it('stores the key flagged as plaintext once the user allowed it', () => {
    const { backend, secrets } = setup({ available: false, allowPlaintext: true })
    expect(secrets.keyringState()).toBe('plaintext-allowed')
    secrets.setKey('p1', KEY)
    expect(backend.data['secrets.p1']).toEqual({ scheme: 'plain', data: KEY })
    expect(secrets.getKey('p1')).toBe(KEY)
    expect(secrets.hasKey('p1')).toBe(true)
  })

  it('reads the allowance at each write', () => {
    const { secrets, setAllowPlaintext } = setup({ available: false })
    expect(() => secrets.setKey('p1', KEY)).toThrow(KeyringUnavailableError)
    setAllowPlaintext(true)
    secrets.setKey('p1', KEY)
    expect(secrets.getKey('p1')).toBe(KEY)
  })

  it('cannot read an encrypted key while the keyring is gone, and can again once it is back', () => {
    const { box, secrets } = setup()
    secrets.setKey('p1', KEY)
    box.available = false
    expect(secrets.getKey('p1')).toBeUndefined()
    box.available = true
    expect(secrets.getKey('p1')).toBe(KEY)
  })

  it('encrypts plaintext keys on read once a keyring is available', () => {
    const { box, backend, secrets } = setup({ available: false, allowPlaintext: true })
    secrets.setKey('p1', KEY)
    expect(backend.raw()).toContain(KEY)
    box.available = true
    expect(secrets.getKey('p1')).toBe(KEY)
    expect(backend.data['secrets.p1']).toMatchObject({ scheme: 'safeStorage' })
    expect(backend.raw()).not.toContain(KEY)
    expect(secrets.getKey('p1')).toBe(KEY)
  })
})

describe('createNodeSecretCipher', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'omnidesk-secrets-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('round-trips with a 0600 key file, and a new box on the same folder reads old secrets', () => {
    const box = createNodeSecretCipher({ dir })
    const encrypted = box.encryptString(KEY)
    expect(encrypted.toString('latin1')).not.toContain(KEY)
    expect(box.decryptString(encrypted)).toBe(KEY)
    expect(box.encryptString(KEY).equals(encrypted)).toBe(false)

    const keyFile = join(dir, 'secret-box.key')
    expect(readFileSync(keyFile)).toHaveLength(32)
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(createNodeSecretCipher({ dir }).decryptString(encrypted)).toBe(KEY)
  })

  it('fails to decrypt with another key file or altered data', () => {
    const encrypted = createNodeSecretCipher({ dir }).encryptString(KEY)
    const otherDir = mkdtempSync(join(tmpdir(), 'omnidesk-secrets-other-'))
    try {
      expect(() => createNodeSecretCipher({ dir: otherDir }).decryptString(encrypted)).toThrow()
    } finally {
      rmSync(otherDir, { recursive: true, force: true })
    }
    const altered = Buffer.from(encrypted)
    altered[altered.length - 1] ^= 1
    expect(() => createNodeSecretCipher({ dir }).decryptString(altered)).toThrow()
    expect(() => createNodeSecretCipher({ dir }).decryptString(Buffer.from('short'))).toThrow()
  })

  it('can simulate a machine without keyring', () => {
    const box: SecretCipherPort = createNodeSecretCipher({ dir, available: false })
    expect(box.isEncryptionAvailable()).toBe(false)
    expect(() => box.encryptString(KEY)).toThrow()
  })

  it('keeps keys out of a JSON preferences file, end to end', () => {
    const file = join(dir, 'prefs.json')
    const secrets = createSecretStore({
      box: createNodeSecretCipher({ dir }),
      backend: createJsonFilePreferences(file),
      allowPlaintext: () => false
    })
    secrets.setKey('p1', KEY)
    expect(readFileSync(file, 'utf8')).not.toContain(KEY)
    const reopened = createSecretStore({
      box: createNodeSecretCipher({ dir }),
      backend: createJsonFilePreferences(file),
      allowPlaintext: () => false
    })
    expect(reopened.getKey('p1')).toBe(KEY)
  })
})
