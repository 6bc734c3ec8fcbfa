/**
 * A PreferencesPort over one JSON file, for the web harness and tests (the app uses
 * electron-store). Keys are flat: 'secrets.abc' is one key here, while electron-store nests it
 * under 'secrets' — either way the same key reads back what was written.
 *
 * Writes are atomic (temp file + rename) so a crash mid-write leaves the previous file intact.
 * A file that cannot be parsed is moved aside as `<file>.corrupt-<timestamp>`, untouched for the
 * user or a bug report, and the app starts from defaults rather than refusing to start.
 *
 * The file is 0600 and its folder 0700 (POSIX): with the user's consent, API keys may sit here
 * unencrypted (no OS keyring). A file an older version left readable is tightened on load.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ensurePrivateDirSync, makeFilePrivateSync, PRIVATE_FILE_MODE } from './privateFiles'
import type { PreferencesPort } from './types'

export interface JsonFilePreferences extends PreferencesPort {
  readonly filePath: string
  /** Where an unreadable file found at start-up was moved; undefined when there was none. */
  readonly corruptBackupPath: string | undefined
}

type Data = Record<string, unknown>

/** JSON round trip: stores only what the file can hold and never shares objects with callers. */
function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

function loadFile(filePath: string): { data: Data; corruptBackupPath?: string } {
  if (!existsSync(filePath)) return { data: {} }
  // Before anything else, so a copy kept aside below is private too.
  makeFilePrivateSync(filePath)
  const text = readFileSync(filePath, 'utf8')
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { data: parsed as Data }
  } catch {
    // falls through to keeping the file aside
  }
  const corruptBackupPath = `${filePath}.corrupt-${Date.now()}`
  renameSync(filePath, corruptBackupPath)
  return { data: {}, corruptBackupPath }
}

export function createJsonFilePreferences(filePath: string): JsonFilePreferences {
  ensurePrivateDirSync(dirname(filePath))
  const loaded = loadFile(filePath)
  const data: Data = loaded.data

  function persist(): void {
    const tempPath = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      // Created 0600, and the rename carries that mode over the old file.
      writeFileSync(tempPath, JSON.stringify(data, null, 2), { mode: PRIVATE_FILE_MODE })
      renameSync(tempPath, filePath)
    } catch (error) {
      rmSync(tempPath, { force: true })
      throw error
    }
  }

  return {
    filePath,
    corruptBackupPath: loaded.corruptBackupPath,
    get(key) {
      return Object.hasOwn(data, key) ? cloneJson(data[key]) : undefined
    },
    set(key, value) {
      if (value === undefined) {
        delete data[key]
      } else {
        data[key] = cloneJson(value)
      }
      persist()
    },
    delete(key) {
      if (!Object.hasOwn(data, key)) return
      delete data[key]
      persist()
    }
  }
}
