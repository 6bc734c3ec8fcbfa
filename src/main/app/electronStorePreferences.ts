/**
 * electron-store as the PreferencesPort. electron-store is ESM-only and main is bundled as
 * CommonJS, so it is loaded with a dynamic import() (kept as such in out/main: it is an
 * external dependency). The loader is a parameter so tests can pass a fake store class.
 *
 * A preferences file that is not valid JSON does not stop the app: it is renamed aside (kept for
 * the user) and a fresh one is started.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { PreferencesPort } from '../store/types'

export const PREFERENCES_FILE_NAME = 'preferences'

export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export type StoreConstructor = new (options: { name: string; cwd: string; clearInvalidConfig?: boolean }) => KeyValueStore

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
  const options = { name: PREFERENCES_FILE_NAME, cwd: opts.dataDir, clearInvalidConfig: false }
  let store: KeyValueStore
  try {
    store = new Store(options)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const file = path.join(opts.dataDir, `${PREFERENCES_FILE_NAME}.json`)
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
