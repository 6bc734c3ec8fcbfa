/**
 * API keys, encrypted with the OS keyring (Electron's safeStorage, or a stand-in SecretCipherPort) and
 * kept in the preferences backend as `{ scheme, data }` under `secrets.<providerId>`. Keys are
 * decrypted only here, in main; nothing else sees more than hasKey (docs/ARCHITECTURE.md, "Security").
 *
 * Where the machine has no keyring (a Linux session without libsecret/kwallet), a key is stored
 * only if the user explicitly allowed plaintext storage, and it is flagged `scheme: 'plain'` so
 * it can be encrypted as soon as a keyring shows up.
 *
 * A provider's key is bound to the origin (scheme, host, port) it was saved for, so it is never
 * sent anywhere else (security issue 14). The origin is sealed inside the ciphertext with the key
 * — editing the preferences file cannot re-bind a key to another host without the keyring — and
 * copied beside it (`origin`) so the file says which address a key belongs to. Keys saved before
 * binding (a bare key in the ciphertext) are bound on their first bound read to the provider's
 * address at that moment. The search services' keys go to fixed hosts and stay unbound.
 */
import type { KeyringState } from '../../shared/settings'
import type { PreferencesPort, SecretCipherPort, SecretStore } from './types'

export class KeyringUnavailableError extends Error {
  constructor() {
    super('No OS keyring to encrypt the API key, and plaintext storage was not allowed')
    this.name = 'KeyringUnavailableError'
  }
}

/** `origin`: a readable copy of the bound origin (the sealed one counts); absent for unbound keys. */
type StoredSecret = { scheme: 'safeStorage'; data: string; origin?: string } | { scheme: 'plain'; data: string; origin?: string }

/** A key and the origin it may be sent to (undefined: an unbound key, e.g. a search service's). */
export interface BoundKey {
  key: string
  origin: string | undefined
}

export interface SecretStoreDeps {
  box: SecretCipherPort
  backend: PreferencesPort
  /** Read at each write, so the setting can change while the app runs. */
  allowPlaintext: () => boolean
}

export type KeyringAwareSecretStore = SecretStore & {
  keyringState(): KeyringState
  /** Stores a key bound to `origin` (null or '' deletes it, like setKey). */
  setBoundKey(providerId: string, key: string | null, origin: string): void
  /**
   * The key with the origin it is bound to. A key stored before keys were bound is bound to
   * `legacyOrigin` (the provider's current origin) now, and stays so. undefined when no key.
   */
  boundKey(providerId: string, legacyOrigin: string | undefined): BoundKey | undefined
}

/**
 * Marks a sealed key-and-origin, so a bare legacy key (which never starts like this: no provider
 * key contains a newline) is told apart by what the keyring decrypts, not by a field of the file
 * that an edit could flip.
 */
const SEALED_PREFIX = 'omnidesk-bound-key/1\n'

function seal(secret: BoundKey): string {
  return secret.origin === undefined ? secret.key : SEALED_PREFIX + JSON.stringify({ key: secret.key, origin: secret.origin })
}

function unseal(plain: string): BoundKey | undefined {
  if (!plain.startsWith(SEALED_PREFIX)) return plain ? { key: plain, origin: undefined } : undefined
  try {
    const { key, origin } = JSON.parse(plain.slice(SEALED_PREFIX.length)) as { key?: unknown; origin?: unknown }
    if (typeof key === 'string' && key && typeof origin === 'string' && origin) return { key, origin }
  } catch {
    // Unreadable: as good as no key (never guess an origin for it).
  }
  return undefined
}

const backendKey = (providerId: string): string => `secrets.${providerId}`

function readStored(raw: unknown): StoredSecret | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const { scheme, data, origin } = raw as { scheme?: unknown; data?: unknown; origin?: unknown }
  if (typeof data !== 'string' || !data) return undefined
  const bound = typeof origin === 'string' && origin ? { origin } : {}
  if (scheme === 'safeStorage' || scheme === 'plain') return { scheme, data, ...bound }
  return undefined
}

export function createSecretStore({ box, backend, allowPlaintext }: SecretStoreDeps): KeyringAwareSecretStore {
  const originField = (origin: string | undefined): { origin?: string } => (origin === undefined ? {} : { origin })

  const encrypt = (secret: BoundKey): StoredSecret => ({
    scheme: 'safeStorage',
    data: box.encryptString(seal(secret)).toString('base64'),
    ...originField(secret.origin)
  })

  function decrypt(stored: StoredSecret & { scheme: 'safeStorage' }): BoundKey | undefined {
    if (!box.isEncryptionAvailable()) return undefined
    try {
      return unseal(box.decryptString(Buffer.from(stored.data, 'base64')))
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
  function upgradePlaintext(providerId: string, secret: BoundKey): void {
    if (!box.isEncryptionAvailable()) return
    try {
      backend.set(backendKey(providerId), encrypt(secret))
    } catch {
      // Still readable as it is; the next read tries again.
    }
  }

  function read(providerId: string): BoundKey | undefined {
    const stored = readStored(backend.get(backendKey(providerId)))
    if (!stored) return undefined
    if (stored.scheme === 'safeStorage') return decrypt(stored)
    // Plaintext has no integrity to offer: its origin is what the file says.
    const secret = { key: stored.data, origin: stored.origin }
    upgradePlaintext(providerId, secret)
    return secret
  }

  /** Writes a key (bound or not); throws KeyringUnavailableError where it may not be stored. */
  function write(providerId: string, secret: BoundKey): void {
    if (box.isEncryptionAvailable()) {
      backend.set(backendKey(providerId), encrypt(secret))
      return
    }
    if (!allowPlaintext()) throw new KeyringUnavailableError()
    backend.set(backendKey(providerId), { scheme: 'plain', data: secret.key, ...originField(secret.origin) } satisfies StoredSecret)
  }

  function store(providerId: string, key: string | null, origin: string | undefined): void {
    if (key === null || key === '') {
      backend.delete(backendKey(providerId))
      return
    }
    write(providerId, { key, origin })
  }

  const getKey = (providerId: string): string | undefined => read(providerId)?.key

  return {
    setKey(providerId, key) {
      store(providerId, key, undefined)
    },

    setBoundKey(providerId, key, origin) {
      store(providerId, key, origin)
    },

    getKey,

    hasKey(providerId) {
      return getKey(providerId) !== undefined
    },

    boundKey(providerId, legacyOrigin) {
      const secret = read(providerId)
      if (!secret || secret.origin !== undefined || legacyOrigin === undefined) return secret
      const bound = { key: secret.key, origin: legacyOrigin }
      try {
        write(providerId, bound)
      } catch {
        // Could not write it back (no keyring and no plaintext consent any more): bound for this
        // read all the same, and the next read tries again.
      }
      return bound
    },

    keyringState() {
      if (box.isEncryptionAvailable()) return 'available'
      return allowPlaintext() ? 'plaintext-allowed' : 'unavailable'
    }
  }
}
