/**
 * The web harness's updater: the real update state machine (src/main/updates) runs over this
 * fake, which records what it was asked (checks, downloads, installs) and answers a check with
 * what a test scripted (`respondWith`; default: no update). Its clock never runs by itself: a test
 * fires the automatic check's timer with `fireTimer()`, so no spec waits a day or sleeps.
 */
import type { UpdaterEvent, UpdaterPort, UpdateTimers } from '../updates/ports'

export interface HarnessUpdates {
  port: UpdaterPort
  timers: UpdateTimers
  /** Calls since the harness started. */
  readonly checks: number
  readonly downloads: number
  readonly installs: number
  /** What the next checks answer (after 'checking'); null: nothing (the check stays open). */
  respondWith(event: UpdaterEvent | null): void
  /** An updater event now, as electron-updater would send it (progress, downloaded, error…). */
  emit(event: UpdaterEvent): void
  /** Runs the timers due now (the start check, the daily one); how many ran. */
  fireTimer(): number
}

export function createHarnessUpdater(opts: { log?: (line: string) => void } = {}): HarnessUpdates {
  const listeners = new Set<(event: UpdaterEvent) => void>()
  const pending = new Map<number, () => void>()
  let nextTimer = 1
  let response: UpdaterEvent | null = { type: 'not-available' }
  const counts = { checks: 0, downloads: 0, installs: 0 }
  const emit = (event: UpdaterEvent): void => {
    for (const listener of listeners) listener(event)
  }
  return {
    port: {
      check: async () => {
        counts.checks += 1
        emit({ type: 'checking' })
        if (response) emit(response)
      },
      download: async () => {
        counts.downloads += 1
      },
      quitAndInstall: () => {
        counts.installs += 1
        opts.log?.('[harness] quitAndInstall (recorded, not done)')
      },
      onEvent: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      }
    },
    timers: {
      now: () => Date.now(),
      setTimeout: (fn) => {
        const id = nextTimer++
        pending.set(id, fn)
        return id
      },
      clearTimeout: (handle) => {
        pending.delete(handle as number)
      }
    },
    get checks() {
      return counts.checks
    },
    get downloads() {
      return counts.downloads
    },
    get installs() {
      return counts.installs
    },
    respondWith: (event) => {
      response = event
    },
    emit,
    fireTimer: () => {
      const due = [...pending.entries()]
      pending.clear()
      for (const [, fn] of due) fn()
      return due.length
    }
  }
}
