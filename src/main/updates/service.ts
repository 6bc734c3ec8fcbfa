/**
 * The app's updates as a state machine, pure: it receives its updater (./ports.ts), the setting
 * and a clock, and emits `updates:onStatus`. Electron's adapter wraps electron-updater
 * (src/main/app/electronUpdater.ts); without one (a development run, a Linux package) the state is
 * `unsupported` and nothing is checked.
 *
 *   idle ─check→ checking ─→ not-available
 *                         └→ available(version, notes) ─download→ downloading(percent) ─→ downloaded
 *   any ─updater error→ error(kind, detail)            downloaded ─install→ quitAndInstall
 *
 * Automatic checks: START_DELAY_MS after start, then every CHECK_INTERVAL_MS, only while the
 * `autoUpdate` setting is on (read when the timer fires); after a failed one, again after
 * RETRY_AFTER_ERROR_MS. "Check now" works whatever the setting. A found update downloads in the
 * background (the adapter turns electron-updater's own autoDownload off: this decides).
 */
import { AppError } from '../../shared/errors'
import type { ContractHandlers, UpdateErrorKind, UpdateState, UpdateStatus } from '../../shared/ipc/contract'
import { CHECK_INTERVAL_MS, RETRY_AFTER_ERROR_MS, START_DELAY_MS } from './config'
import type { UpdaterEvent, UpdaterPort, UpdateTimers } from './ports'
import { systemUpdateTimers } from './ports'
import { releaseNotesText } from './releaseNotes'

export interface UpdateServiceDeps {
  /** Absent: this build does not update itself (`unsupported` with `unsupportedReason`). */
  updater?: UpdaterPort
  unsupportedReason?: 'dev' | 'package'
  currentVersion: string
  /** The `autoUpdate` setting, read each time an automatic check is due. */
  automatic: () => boolean
  emit: (status: UpdateStatus) => void
  timers?: UpdateTimers
  startDelayMs?: number
  intervalMs?: number
  retryMs?: number
  log?: (message: string, error?: unknown) => void
}

export interface UpdateService {
  /** Schedules the first automatic check (START_DELAY_MS), then the daily ones. */
  start(): void
  status(): UpdateStatus
  /** A check now ("Check now", or the timer): returns the status once it started. */
  check(manual?: boolean): UpdateStatus
  handlers: ContractHandlers['updates']
  dispose(): void
}

/** What went wrong, for a sentence the renderer words (the detail stays for the curious). */
export function classifyUpdateError(error: unknown): UpdateErrorKind {
  const text = `${(error as { code?: unknown })?.code ?? ''} ${error instanceof Error ? error.message : String(error)}`
  if (/ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_NETWORK|ERR_CONNECTION|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|net::|socket hang up|timed? ?out/i.test(text)) return 'offline'
  if (/ERR_UPDATER_LATEST_VERSION_NOT_FOUND|ERR_UPDATER_NO_PUBLISHED_VERSIONS|ERR_UPDATER_CHANNEL_FILE_NOT_FOUND|\b404\b|No published versions|Cannot find latest/i.test(text)) return 'no-release'
  if (/sha512 checksum mismatch|signature|not signed|code ?sign|ERR_UPDATER_INVALID_SIGNATURE|publisherName/i.test(text)) return 'signature'
  if (/ENOSPC|EACCES|EPERM|EROFS|no space/i.test(text)) return 'disk'
  return 'other'
}

function detailOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unknown error'
  // The first line only: electron-updater appends the whole HTTP response and headers.
  return (message.split('\n')[0] ?? '').slice(0, 300)
}

export function createUpdateService(deps: UpdateServiceDeps): UpdateService {
  const timers = deps.timers ?? systemUpdateTimers
  const log = deps.log ?? (() => undefined)
  const startDelay = deps.startDelayMs ?? START_DELAY_MS
  const interval = deps.intervalMs ?? CHECK_INTERVAL_MS
  const retry = deps.retryMs ?? RETRY_AFTER_ERROR_MS
  const { updater } = deps

  let update: UpdateState = updater ? { state: 'idle' } : { state: 'unsupported', reason: deps.unsupportedReason ?? 'dev' }
  let lastCheckedAt: number | null = null
  let timer: unknown
  let disposed = false
  /** The version a download is for (progress events do not say). */
  let pending: { version: string; notes: string } | undefined

  const status = (): UpdateStatus => ({ currentVersion: deps.currentVersion, lastCheckedAt, update })
  const set = (next: UpdateState): void => {
    update = next
    deps.emit(status())
  }

  const schedule = (ms: number): void => {
    if (disposed || !updater) return
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = timers.setTimeout(() => {
      timer = undefined
      // Off: no automatic check, but the timer goes on (turning it on again needs no restart).
      if (deps.automatic()) check(false)
      // An error's retry is scheduled by the error itself; otherwise, tomorrow.
      if (timer === undefined) schedule(interval)
    }, ms)
  }

  const fail = (error: unknown, manual: boolean): void => {
    lastCheckedAt = timers.now()
    log('Update check failed', error)
    set({ state: 'error', kind: classifyUpdateError(error), detail: detailOf(error) })
    // Retry later (automatic checks only; a manual one the user can simply press again).
    if (!manual || deps.automatic()) schedule(retry)
  }

  let manualCheck = false
  const download = (): void => {
    if (!updater) return
    void updater.download().catch((error: unknown) => fail(error, manualCheck))
  }

  const onEvent = (event: UpdaterEvent): void => {
    if (disposed) return
    switch (event.type) {
      case 'checking':
        if (update.state !== 'checking') set({ state: 'checking', manual: manualCheck })
        return
      case 'not-available':
        lastCheckedAt = timers.now()
        set({ state: 'not-available' })
        return
      case 'available': {
        lastCheckedAt = timers.now()
        pending = { version: event.version, notes: releaseNotesText(event.releaseNotes) }
        set({ state: 'available', ...pending })
        // In the background: automatic checks download when the setting is on; a manual check always does.
        if (manualCheck || deps.automatic()) download()
        return
      }
      case 'progress': {
        const base = pending ?? (update.state === 'available' || update.state === 'downloading' ? { version: update.version, notes: update.notes } : undefined)
        if (!base) return
        const percent = Math.max(0, Math.min(100, Math.round(Number.isFinite(event.percent) ? event.percent : 0)))
        set({ state: 'downloading', ...base, percent })
        return
      }
      case 'downloaded': {
        const notes = event.releaseNotes === undefined ? (pending?.notes ?? '') : releaseNotesText(event.releaseNotes)
        pending = { version: event.version, notes }
        set({ state: 'downloaded', ...pending })
        return
      }
      case 'error':
        fail(event.error, manualCheck)
        return
    }
  }
  const unsubscribe = updater?.onEvent(onEvent)

  function check(manual = true): UpdateStatus {
    if (!updater || disposed) return status()
    // Already on it, or done: a second check would only restart the download.
    if (update.state === 'checking' || update.state === 'downloading' || update.state === 'downloaded') return status()
    manualCheck = manual
    set({ state: 'checking', manual })
    updater.check().catch((error: unknown) => {
      // electron-updater also emits 'error' for most failures: one error state is enough.
      if (update.state === 'checking') fail(error, manual)
    })
    return status()
  }

  return {
    start: () => schedule(startDelay),
    status,
    check,
    handlers: {
      status: () => status(),
      check: () => check(true),
      install: () => {
        if (!updater || update.state !== 'downloaded') throw new AppError({ code: 'bad_request', detail: 'No update has been downloaded' })
        updater.quitAndInstall()
        return { ok: true as const }
      }
    },
    dispose: () => {
      disposed = true
      if (timer !== undefined) timers.clearTimeout(timer)
      timer = undefined
      unsubscribe?.()
    }
  }
}
