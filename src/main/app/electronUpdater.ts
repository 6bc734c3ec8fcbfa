/**
 * The update state machine's port (src/main/updates/ports.ts) over electron-updater's
 * `autoUpdater`, which reads the GitHub Releases feed electron-builder.yml's `publish` names
 * (app-update.yml in the packaged app). Not unit-tested beyond types: real updates are checked by
 * hand (docs/VERIFICATION.md, "Updates").
 *
 * Only a packaged app updates itself, and on Linux only the AppImage: a deb or rpm is updated by
 * the system's package manager (`updaterSupport`).
 */
import { autoUpdater } from 'electron-updater'
import type { UpdaterEvent, UpdaterPort } from '../updates/ports'

export type UpdaterSupport = { supported: true } | { supported: false; reason: 'dev' | 'package' }

export function updaterSupport(opts: { isPackaged: boolean; platform: string; appImage: string | undefined }): UpdaterSupport {
  if (!opts.isPackaged) return { supported: false, reason: 'dev' }
  if (opts.platform === 'linux' && !opts.appImage) return { supported: false, reason: 'package' }
  return { supported: true }
}

export function createElectronUpdater(log: (message: string, error?: unknown) => void): UpdaterPort {
  // The state machine decides when to download (in the background, or on "Check now").
  autoUpdater.autoDownload = false
  // A downloaded update also installs at the next ordinary quit.
  autoUpdater.autoInstallOnAppQuit = true
  autoUpdater.logger = { info: () => undefined, warn: (m: unknown) => log(String(m)), error: (m: unknown) => log(String(m)), debug: () => undefined }
  const listeners = new Set<(event: UpdaterEvent) => void>()
  const send = (event: UpdaterEvent): void => {
    for (const listener of listeners) listener(event)
  }
  autoUpdater.on('checking-for-update', () => send({ type: 'checking' }))
  autoUpdater.on('update-available', (info) => send({ type: 'available', version: info.version, releaseNotes: info.releaseNotes }))
  autoUpdater.on('update-not-available', () => send({ type: 'not-available' }))
  autoUpdater.on('download-progress', (progress) => send({ type: 'progress', percent: progress.percent }))
  autoUpdater.on('update-downloaded', (info) => send({ type: 'downloaded', version: info.version, releaseNotes: info.releaseNotes }))
  autoUpdater.on('error', (error) => send({ type: 'error', error }))
  return {
    check: async () => {
      await autoUpdater.checkForUpdates()
    },
    download: async () => {
      await autoUpdater.downloadUpdate()
    },
    // Quitting goes through the app's quit coordinator (before-quit): streams stop, the database closes.
    quitAndInstall: () => autoUpdater.quitAndInstall(),
    onEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
