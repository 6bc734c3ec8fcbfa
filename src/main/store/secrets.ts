/**
 * API keys, encrypted with the OS keyring (Electron's safeStorage, or a stand-in SecretCipherPort) and
 * kept in the preferences backend as `{ scheme, data }` under `secrets.<providerId>`. Keys are
 * decrypted only here, in main; nothing else sees more than hasKey (docs/ARCHITECTURE.md, "Security").
 *
 * Where the machine has no keyring (a Linux session without libsecret/kwallet), a key is stored
 * only if the user explicitly allowed plaintext storage, and it is flagged `scheme: 'plain'` so
 * it can be encrypted as soon as a keyring shows up.
 */
import type { KeyringState } from '../../shared/settings'
import type { PreferencesPort, SecretCipherPort, SecretStore } from './types'

export class KeyringUnavailableError extends Error {
  constructor() {
    super('No OS keyring to encrypt the API key, and plaintext storage was not allowed')
    this.name = 'KeyringUnavailableError'
  }
}

type StoredSecret = { scheme: 'safeStorage'; data: string } | { scheme: 'plain'; data: string }

export interface SecretStoreDeps {
  box: SecretCipherPort
  backend: PreferencesPort
  /** Read at each write, so the setting can change while the app runs. */
  allowPlaintext: () => boolean
}

export type KeyringAwareSecretStore = SecretStore & { keyringState(): KeyringState }

const backendKey = (providerId: string): string => `secrets.${providerId}`

function readStored(raw: unknown): StoredSecret | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const { scheme, data } = raw as { scheme?: unknown; data?: unknown }
  if (typeof data !== 'string' || !data) return undefined
  if (scheme === 'safeStorage' || scheme === 'plain') return { scheme, data }
  return undefined
}

export function createSecretStore({ box, backend, allowPlaintext }: SecretStoreDeps): KeyringAwareSecretStore {
  const encrypt = (plain: string): StoredSecret => ({
    scheme: 'safeStorage',
    data: box.encryptString(plain).toString('base64')
  })

  function decrypt(stored: StoredSecret & { scheme: 'safeStorage' }): string | undefined {
    if (!box.isEncryptionAvailable()) return undefined
    try {
      return box.decryptString(Buffer.from(stored.data, 'base64'))
    } catch {
      // The ciphertext was made with another keyring secret: preferences restored from a backup
      // or copied from another machine or OS user, or the keychain entry was reset. It can never
      // be decrypted here, so the provider simply has no key and the user enters it again. We
      // leave the entry in place (the next setKey replaces it) in case the keyring was only
      // temporarily wrong, and never log it.
      return undefined
    }
  }

  /** A key stored in plaintext while there was no keyring gets encrypted once there is one. */
  function upgradePlaintext(providerId: string, plain: string): void {
    if (!box.isEncryptionAvailable()) return
    try {
      backend.set(backendKey(providerId), encrypt(plain))
    } catch {
      // Still readable as it is; the next read tries again.
    }
  }

  function getKey(providerId: string): string | undefined {
    const stored = readStored(backend.get(backendKey(providerId)))
    if (!stored) return undefined
    if (stored.scheme === 'safeStorage') return decrypt(stored)
    upgradePlaintext(providerId, stored.data)
    return stored.data
  }

  return {
    setKey(providerId, key) {
      if (key === null || key === '') {
        backend.delete(backendKey(providerId))
        return
      }
      if (box.isEncryptionAvailable()) {
        backend.set(backendKey(providerId), encrypt(key))
        return
      }
      if (!allowPlaintext()) throw new KeyringUnavailableError()
      backend.set(backendKey(providerId), { scheme: 'plain', data: key } satisfies StoredSecret)
    },

    getKey,

    hasKey(providerId) {
      return getKey(providerId) !== undefined
    },

    keyringState() {
      if (box.isEncryptionAvailable()) return 'available'
      return allowPlaintext() ? 'plaintext-allowed' : 'unavailable'
    }
  }
}
