/**
 * A SecretCipherPort for the web harness, where Electron's safeStorage does not exist: AES-256-GCM with
 * a random 32-byte key kept in a file readable only by the user (0600). It protects keys in the
 * preferences file from casual reading and from backups that skip the key file, which is about
 * what safeStorage gives on Linux; it is not an OS keyring.
 *
 * `available: false` simulates a machine without a keyring, like safeStorage on a Linux session
 * without libsecret/kwallet: encryption is refused, so the plaintext-consent path can be tested.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretCipherPort } from './types'

export interface NodeSecretCipherOptions {
  /** Folder holding the key file (created if missing). */
  dir: string
  /** false: behave like safeStorage without a keyring. Default true. */
  available?: boolean
  /** Default 'secret-box.key'. */
  keyFileName?: string
}

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
/** Lets a later format change recognise (and refuse) this one instead of misreading it. */
const FORMAT = Buffer.from('odk1')

function loadOrCreateKey(keyPath: string): Buffer {
  try {
    // 'wx' fails if the file exists, so two processes starting together cannot overwrite each
    // other's key (which would make the first one's secrets unreadable).
    writeFileSync(keyPath, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const key = readFileSync(keyPath)
  if (key.length !== KEY_BYTES) throw new Error(`Secret key file ${keyPath} is damaged (expected ${KEY_BYTES} bytes)`)
  return key
}

export function createNodeSecretCipher(options: NodeSecretCipherOptions): SecretCipherPort {
  const available = options.available ?? true
  const keyPath = join(options.dir, options.keyFileName ?? 'secret-box.key')
  let key: Buffer | undefined

  function secretKey(): Buffer {
    if (!available) throw new Error('Encryption is not available on this machine')
    if (!key) {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 })
      key = loadOrCreateKey(keyPath)
    }
    return key
  }

  return {
    isEncryptionAvailable: () => available,

    encryptString(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', secretKey(), iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([FORMAT, iv, cipher.getAuthTag(), body])
    },

    decryptString(encrypted) {
      const headerBytes = FORMAT.length + IV_BYTES + TAG_BYTES
      if (encrypted.length < headerBytes || !encrypted.subarray(0, FORMAT.length).equals(FORMAT)) {
        throw new Error('Not a secret encrypted by this box')
      }
      const iv = encrypted.subarray(FORMAT.length, FORMAT.length + IV_BYTES)
      const tag = encrypted.subarray(FORMAT.length + IV_BYTES, headerBytes)
      const decipher = createDecipheriv('aes-256-gcm', secretKey(), iv)
      decipher.setAuthTag(tag)
      // final() throws when the tag does not match: wrong key file or altered data.
      return Buffer.concat([decipher.update(encrypted.subarray(headerBytes)), decipher.final()]).toString('utf8')
    }
  }
}
