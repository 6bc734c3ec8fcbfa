/**
 * The history's full integrity check, in the background (issue 17): opening the database no
 * longer runs `PRAGMA quick_check`, which reads the whole file (42.8 s for an 810 MB history
 * right after a day of writes). database.ts checks only what is cheap at start (the header, the
 * WAL's header, the length the header promises, the schema); this runs SQLite's quick_check in a
 * worker thread a while after start, at most once every CHECK_INTERVAL_MS.
 *
 * Damage found here cannot be dealt with while the app has the file open, so it is written down
 * (`integrity.json`): the next start runs the full check before opening and, when it fails too,
 * keeps the damaged file aside and starts a fresh history as before (database.ts).
 */
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { IntegrityWorkerResult } from './integrityWorker'
import { PRIVATE_FILE_MODE } from './privateFiles'

export const INTEGRITY_FILE_NAME = 'integrity.json'
/** A week: a damaged disk shows itself within days; reading 1 GB every start would not be kind. */
export const CHECK_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000
/** After start: the first minute belongs to the user (windows, the first answers). */
export const CHECK_DELAY_MS = 60 * 1000

export interface IntegrityRecord {
  /** When the last check that reached a verdict finished. */
  checkedAt: number
  ok: boolean
  problems?: string[]
}

export interface IntegrityWorkerScript {
  path: string | URL
  execArgv?: string[]
}

export async function readIntegrityRecord(dataDir: string): Promise<IntegrityRecord | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(dataDir, INTEGRITY_FILE_NAME), 'utf8')) as Partial<IntegrityRecord>
    return typeof value.checkedAt === 'number' && typeof value.ok === 'boolean' ? (value as IntegrityRecord) : undefined
  } catch {
    return undefined
  }
}

export async function writeIntegrityRecord(dataDir: string, record: IntegrityRecord): Promise<void> {
  const file = path.join(dataDir, INTEGRITY_FILE_NAME)
  await writeFile(`${file}.tmp`, JSON.stringify(record), { mode: PRIVATE_FILE_MODE })
  await rename(`${file}.tmp`, file)
}

/** True when the last background check found damage: the next open runs the full check first. */
export async function damageReported(dataDir: string): Promise<boolean> {
  return (await readIntegrityRecord(dataDir))?.ok === false
}

/** Runs one quick_check of `file` in a worker; resolves with its verdict (terminated: failed). */
export function runIntegrityCheck(file: string, worker: IntegrityWorkerScript): { result: Promise<IntegrityWorkerResult>; stop: () => void } {
  const thread = new Worker(worker.path, { workerData: file, execArgv: worker.execArgv })
  const result = new Promise<IntegrityWorkerResult>((resolve) => {
    thread.once('message', (message: IntegrityWorkerResult) => resolve(message))
    thread.once('error', (error) => resolve({ ok: false, failed: true, problems: [error.message] }))
    thread.once('exit', () => resolve({ ok: false, failed: true, problems: ['stopped'] }))
  })
  void result.then(() => thread.terminate())
  return { result, stop: () => void thread.terminate() }
}

export interface IntegritySchedule {
  /** Settles when the scheduled check (if any) has finished or was stopped. */
  readonly done: Promise<IntegrityRecord | undefined>
  dispose(): void
}

/**
 * Checks the history in the background when the last verdict is older than CHECK_INTERVAL_MS
 * (or there is none), `delayMs` after now. Never throws: a check that cannot run is tried again
 * at a later start.
 */
export function scheduleIntegrityCheck(opts: {
  dataDir: string
  file: string
  worker: IntegrityWorkerScript
  now?: () => number
  delayMs?: number
  log?: (message: string) => void
}): IntegritySchedule {
  const now = opts.now ?? Date.now
  let timer: ReturnType<typeof setTimeout> | undefined
  let stop: (() => void) | undefined
  let disposed = false
  let finish: (record: IntegrityRecord | undefined) => void = () => undefined
  const done = new Promise<IntegrityRecord | undefined>((resolve) => (finish = resolve))

  const run = async (): Promise<void> => {
    const check = runIntegrityCheck(opts.file, opts.worker)
    stop = check.stop
    const verdict = await check.result
    if (disposed || verdict.failed) {
      if (verdict.failed && !disposed) opts.log?.(`integrity check could not run: ${verdict.problems[0] ?? ''}`)
      return finish(undefined)
    }
    const record: IntegrityRecord = { checkedAt: now(), ok: verdict.ok, ...(verdict.ok ? {} : { problems: verdict.problems.slice(0, 20) }) }
    await writeIntegrityRecord(opts.dataDir, record).catch(() => undefined)
    if (!verdict.ok) opts.log?.(`the history file is damaged; it is set aside at the next start: ${verdict.problems[0] ?? ''}`)
    finish(record)
  }

  void readIntegrityRecord(opts.dataDir).then((last) => {
    if (disposed) return finish(undefined)
    if (last !== undefined && last.ok && now() - last.checkedAt < CHECK_INTERVAL_MS) return finish(undefined)
    timer = setTimeout(() => void run().catch(() => finish(undefined)), opts.delayMs ?? CHECK_DELAY_MS)
    timer.unref?.()
  })

  return {
    done,
    dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      stop?.()
      finish(undefined)
    }
  }
}
