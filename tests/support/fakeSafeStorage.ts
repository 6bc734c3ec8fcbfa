/**
 * A fake of Electron's safeStorage for unit tests: reversible but never plaintext (a marker, then
 * the base64 of the text reversed), so a test can assert that a key does not appear in stored
 * data. `available` toggles the keyring on and off like a Linux session without libsecret.
 */
import type { SecretCipherPort } from '../../src/main/store/types'

const MARKER = 'fake-safe-storage:'

export class FakeSafeStorage implements SecretCipherPort {
  encryptCalls = 0
  decryptCalls = 0

  constructor(public available = true) {}

  isEncryptionAvailable(): boolean {
    return this.available
  }

  encryptString(plain: string): Buffer {
    // safeStorage throws rather than returning plaintext when there is no keyring.
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.')
    this.encryptCalls += 1
    const reversed = [...Buffer.from(plain, 'utf8').toString('base64')].reverse().join('')
    return Buffer.from(MARKER + reversed, 'utf8')
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.')
    this.decryptCalls += 1
    const text = encrypted.toString('utf8')
    if (!text.startsWith(MARKER)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    const reversed = [...text.slice(MARKER.length)].reverse().join('')
    return Buffer.from(reversed, 'base64').toString('utf8')
  }
}
