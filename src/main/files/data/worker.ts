/**
 * The data worker thread's entry: owns the DataSessions of main (keyed by the session id main
 * chose) and answers one reply per request, so DuckDB's synchronous Appender and exceljs's
 * parsing never block Electron's main process. See dataWorker.ts for the main side.
 */
import { parentPort } from 'node:worker_threads'
import { createDataSession, type DataSession } from './dataSession'
import { DataError, duckdbMessage, queryFailure } from './errors'
import type { DataWorkerReply, DataWorkerRequest, DataWorkerResults } from './workerProtocol'

const port = parentPort
if (!port) throw new Error('worker.ts runs as a worker thread (see dataWorker.ts)')

/** Sessions by id; a session still opening is a promise, so a load sent right after open waits for it. */
const sessions = new Map<number, Promise<DataSession>>()

function sessionFor(id: number): Promise<DataSession> {
  const session = sessions.get(id)
  if (!session) throw new DataError('load_error', 'This data session is closed.')
  return session
}

async function handle(request: DataWorkerRequest): Promise<DataWorkerResults[DataWorkerRequest['op']]> {
  switch (request.op) {
    case 'open': {
      const opening = createDataSession(request.options)
      sessions.set(request.session, opening)
      try {
        await opening
      } catch (error) {
        sessions.delete(request.session)
        throw error
      }
      return null
    }
    case 'load':
      return (await sessionFor(request.session)).load(request.file)
    case 'query':
      return (await sessionFor(request.session)).query(request.sql, request.options)
    case 'close': {
      const session = sessions.get(request.session)
      sessions.delete(request.session)
      if (session) (await session).close()
      return null
    }
  }
}

port.on('message', (request: DataWorkerRequest) => {
  handle(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies DataWorkerReply),
    (error: unknown) => {
      const failure =
        error instanceof DataError ? error : request.op === 'query' ? queryFailure(error) : new DataError('load_error', duckdbMessage(error))
      port.postMessage({ id: request.id, ok: false, code: failure.code, message: failure.message } satisfies DataWorkerReply)
    }
  )
})
