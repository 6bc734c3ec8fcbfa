/**
 * The messages between dataWorker.ts (main) and worker.ts (the data worker thread). Structured
 * clone: plain data only. Every request carries an id and the worker answers it exactly once with
 * a reply of the same id; `session` names one DataSession the worker owns.
 */
import type { DataFile, DataSessionOptions, LoadedTable, QueryOptions, QueryResult } from './dataSession'
import type { DataErrorCode } from './errors'

/** What a successful reply carries, per operation. */
export interface DataWorkerResults {
  open: null
  load: LoadedTable[]
  query: QueryResult
  close: null
}

export type DataWorkerOp = keyof DataWorkerResults

export type DataWorkerRequest =
  | { id: number; op: 'open'; session: number; options: DataSessionOptions }
  | { id: number; op: 'load'; session: number; file: DataFile }
  | { id: number; op: 'query'; session: number; sql: string; options?: QueryOptions }
  | { id: number; op: 'close'; session: number }

export type DataWorkerReply =
  | { id: number; ok: true; value: DataWorkerResults[DataWorkerOp] }
  | { id: number; ok: false; code: DataErrorCode; message: string }
