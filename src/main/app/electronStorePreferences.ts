/**
 * electron-store as the PreferencesPort. electron-store is ESM-only and main is bundled as
 * CommonJS, so it is loaded with a dynamic import() (kept as such in out/main: it is an
 * external dependency). The loader is a parameter so tests can pass a fake store class.
 *
 * A preferences file that is not valid JSON does not stop the app: it is renamed aside (kept for
 * the user) and a fresh one is started.
 *
 * The file is 0600 and the data folder 0700 (POSIX): with the user's consent, API keys may be
 * stored here unencrypted (no keyring). conf (under electron-store) gives every file it writes
 * `configFileMode`; a file an older version left readable is tightened before it is read.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ensurePrivateDir, makeFilePrivateSync, PRIVATE_FILE_MODE } from '../store/privateFiles'
import type { PreferencesPort } from '../store/types'

export const PREFERENCES_FILE_NAME = 'preferences'

export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export type StoreConstructor = new (options: {
  name: string
  cwd: string
  clearInvalidConfig?: boolean
  configFileMode?: number
}) => KeyValueStore

async function importElectronStore(): Promise<StoreConstructor> {
  const mod = await import('electron-store')
  return mod.default as unknown as StoreConstructor
}

export async function createElectronStorePreferences(opts: {
  dataDir: string
  loadStore?: () => Promise<StoreConstructor>
  now?: () => Date
}): Promise<PreferencesPort> {
  const Store = await (opts.loadStore ?? importElectronStore)()
  const options = { name: PREFERENCES_FILE_NAME, cwd: opts.dataDir, clearInvalidConfig: false, configFileMode: PRIVATE_FILE_MODE }
  await ensurePrivateDir(opts.dataDir)
  const file = path.join(opts.dataDir, `${PREFERENCES_FILE_NAME}.json`)
  makeFilePrivateSync(file)
  let store: KeyValueStore
  try {
    store = new Store(options)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const stamp = (opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')
    fs.renameSync(file, `${file}.unreadable-${stamp}`)
    store = new Store(options)
  }
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key)
  }
}
