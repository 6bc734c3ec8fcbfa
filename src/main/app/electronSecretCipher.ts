/**
 * safeStorage as the store's SecretCipherPort, with one correction: on Linux without a keyring
 * (backend `basic_text`), Electron still "encrypts", but with a hard-coded password, which is
 * plaintext in all but name. We report that as "no encryption available" so Settings tells the
 * user and keys are only kept that way if they explicitly agree.
 */
import type { SecretCipherPort } from '../store/types'

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string
}

/** Linux backends that are not a real OS keyring. */
const NOT_A_KEYRING = new Set(['basic_text', 'unknown'])

export function createElectronSecretCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretCipherPort {
  return {
    isEncryptionAvailable() {
      if (!safeStorage.isEncryptionAvailable()) return false
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown'
        return !NOT_A_KEYRING.has(backend)
      }
      return true
    },
    encryptString: (plain) => safeStorage.encryptString(plain),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted)
  }
}
