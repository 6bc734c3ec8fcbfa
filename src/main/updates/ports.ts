/**
 * What the update state machine (./service.ts) needs from the desktop: an updater that checks,
 * downloads and installs, and tells what happened as events. Electron's adapter wraps
 * electron-updater's `autoUpdater` (src/main/app/electronUpdater.ts); the web harness's is a fake
 * a test drives (src/main/harness/harnessUpdater.ts).
 */

/** What the updater reports, in electron-updater's order: checking → available → progress… → downloaded. */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string; releaseNotes?: unknown }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string; releaseNotes?: unknown }
  | { type: 'error'; error: unknown }

export interface UpdaterPort {
  /** Starts a check; the outcome arrives as events (a rejection is an error too). */
  check(): Promise<void>
  /** Downloads the update the last check found; progress and the end arrive as events. */
  download(): Promise<void>
  /** Quits the app and installs the downloaded update. */
  quitAndInstall(): void
  /** Subscribes to the updater's events; returns the unsubscribe. */
  onEvent(listener: (event: UpdaterEvent) => void): () => void
}

/** Time, injected so the tests run the start delay and the daily timer without waiting. */
export interface UpdateTimers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemUpdateTimers: UpdateTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    // A pending check never keeps the process alive.
    ;(handle as { unref?: () => void }).unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}
