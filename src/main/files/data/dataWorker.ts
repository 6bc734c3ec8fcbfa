/**
 * `createDataWorker`: the data engine (dataSession.ts) in a `node:worker_threads` Worker, so its
 * synchronous parts — DuckDB's Appender (up to ~140 ms per row group) and exceljs's parsing —
 * run off Electron's main thread. The API mirrors createDataSession: `openSession(options)`
 * gives a DataSession (load / query / tables / close) whose calls are messages to the worker,
 * answered by request id; DataError codes and messages come back as they were thrown.
 *
 * One worker holds any number of sessions. If it dies (a crash, an exit, or the safety timeout
 * below), every pending call rejects with a DataError that says so, the sessions it held are gone
 * (their next call says so too, and tables() is empty), and the next openSession starts a fresh
 * worker. `close()` terminates the worker; the DataWorker cannot be used afterwards.
 *
 * Time limits: the query limit stays inside the worker (the session interrupts DuckDB). Here,
 * only a safety net: a query not answered within its limit + SAFETY_MARGIN_MS means the worker
 * itself is stuck, and it is terminated. Calls are serialised per session on this side, so that
 * timer starts when the query is sent, not while it waits behind a load. Loads have no time limit
 * (as in the session).
 *
 * The worker script is a parameter: under vitest/tsx, worker.ts with `execArgv: ['--require',
 * 'tsx/cjs']`; in the build, out/main/dataWorker.js (electron.vite.config.ts).
 */
import { Worker } from 'node:worker_threads'
import { QUERY_TIME_LIMIT_MS } from './config'
import type { DataFile, DataSession, DataSessionOptions, LoadedTable, QueryOptions, QueryResult } from './dataSession'
import { DataError } from './errors'
import type { DataWorkerReply, DataWorkerRequest, DataWorkerResults } from './workerProtocol'

/** Added to a query's time limit before main gives up on the worker and terminates it. */
export const SAFETY_MARGIN_MS = 5_000

export interface DataWorkerScript {
  /** worker.ts (with a TypeScript loader in execArgv) or its bundled .js. */
  path: string | URL
  /** e.g. ['--require', 'tsx/cjs'] to run the TypeScript source. */
  execArgv?: string[]
}

export interface DataWorkerOptions {
  /** SAFETY_MARGIN_MS by default. */
  safetyMarginMs?: number
  /** Called with each worker thread started (tests use it to kill one; also for logging). */
  onThread?: (worker: Worker) => void
}

export interface DataWorker {
  /** Starts the worker thread now (DuckDB's native module loads) so the first session does not wait for it. */
  warm(): void
  /** A new, empty session in the worker (starting the worker if none is running). */
  openSession(options?: DataSessionOptions): Promise<DataSession>
  /** Terminates the worker: pending calls reject, every session is gone. */
  close(): Promise<void>
}

type Request = DataWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

interface Pending {
  resolve(value: unknown): void
  reject(error: DataError): void
  timer?: ReturnType<typeof setTimeout>
}

interface Thread {
  worker: Worker
  pending: Map<number, Pending>
  /** Set once the worker has stopped: why, in words for the user. */
  dead?: string
}

export function createDataWorker(script: DataWorkerScript, options: DataWorkerOptions = {}): DataWorker {
  const margin = options.safetyMarginMs ?? SAFETY_MARGIN_MS
  let current: Thread | undefined
  let closed = false
  let nextRequest = 1
  let nextSession = 1

  /** Marks the thread dead, rejects what it still owed and makes sure it is gone. */
  function stop(thread: Thread, reason: string): Promise<number> {
    if (!thread.dead) {
      thread.dead = reason
      if (current === thread) current = undefined
      for (const pending of thread.pending.values()) {
        clearTimeout(pending.timer)
        pending.reject(new DataError('load_error', `${reason} The tables loaded in it are gone: load the files again.`))
      }
      thread.pending.clear()
    }
    return thread.worker.terminate()
  }

  function start(): Thread {
    const worker = new Worker(script.path, { execArgv: script.execArgv })
    const thread: Thread = { worker, pending: new Map() }
    worker.on('message', (reply: DataWorkerReply) => {
      const pending = thread.pending.get(reply.id)
      if (!pending) return
      thread.pending.delete(reply.id)
      clearTimeout(pending.timer)
      if (reply.ok) pending.resolve(reply.value)
      else pending.reject(new DataError(reply.code, reply.message))
    })
    worker.on('error', (error) => void stop(thread, `The data engine stopped unexpectedly (${error.message}).`))
    worker.on('exit', (code) => void stop(thread, `The data engine stopped unexpectedly (exit code ${code}).`))
    options.onThread?.(worker)
    return thread
  }

  function send<K extends keyof DataWorkerResults>(thread: Thread, request: Request & { op: K }, timeoutMs?: number): Promise<DataWorkerResults[K]> {
    return new Promise((resolve, reject) => {
      if (thread.dead) return reject(new DataError('load_error', `${thread.dead} The tables loaded in it are gone: load the files again.`))
      const id = nextRequest++
      const pending: Pending = { resolve: resolve as (value: unknown) => void, reject }
      if (timeoutMs !== undefined) {
        pending.timer = setTimeout(() => {
          thread.pending.delete(id)
          reject(new DataError('timeout', `The query did not stop after ${Math.round(timeoutMs / 1000)} s; the data engine was restarted. Aggregate or filter more (GROUP BY, WHERE, LIMIT).`))
          void stop(thread, 'The data engine was restarted after a query did not stop in time.')
        }, timeoutMs)
      }
      thread.pending.set(id, pending)
      thread.worker.postMessage({ ...request, id } as DataWorkerRequest)
    })
  }

  async function openSession(sessionOptions: DataSessionOptions = {}): Promise<DataSession> {
    if (closed) throw new DataError('load_error', 'The data engine is closed.')
    const thread = current ?? (current = start())
    const session = nextSession++
    await send(thread, { op: 'open', session, options: sessionOptions })
    const queryTimeout = (sessionOptions.timeLimitMs ?? QUERY_TIME_LIMIT_MS) + margin
    const loaded: LoadedTable[] = []
    let sessionClosed = false
    let queue: Promise<unknown> = Promise.resolve()

    /** One call at a time per session, in call order (as in the session itself). */
    function exclusive<T>(run: () => Promise<T>): Promise<T> {
      const next = queue.then(() => {
        if (sessionClosed) throw new DataError('load_error', 'This data session is closed.')
        return run()
      })
      queue = next.catch(() => undefined)
      return next
    }

    return {
      load: (file: DataFile) =>
        exclusive(async () => {
          const tables = await send(thread, { op: 'load', session, file })
          loaded.push(...tables)
          return tables
        }),
      query: (sql: string, options?: QueryOptions): Promise<QueryResult> => exclusive(() => send(thread, { op: 'query', session, sql, options }, queryTimeout)),
      tables: () => (thread.dead ? [] : [...loaded]),
      close() {
        if (sessionClosed) return
        sessionClosed = true
        // Sent at once, not queued: the worker's close interrupts a query still running.
        if (!thread.dead) send(thread, { op: 'close', session }).catch(() => undefined)
      }
    }
  }

  return {
    warm() {
      if (!closed && !current) current = start()
    },
    openSession,
    async close() {
      closed = true
      const thread = current
      if (thread) await stop(thread, 'The data engine was closed.')
    }
  }
}
