/**
 * The data engine's failures, typed so the query_data tool can tell the model what to do next:
 * `refused` (not a single SELECT — rewrite it), `timeout` (narrow it), `sql_error` (DuckDB's own
 * message: a wrong column, a type mismatch — fix it), `load_error` / `too_large` / `binary` (the
 * file itself; tell the user).
 */
import { ERROR_MESSAGE_MAX_CHARS } from './config'

export type DataErrorCode = 'refused' | 'timeout' | 'sql_error' | 'load_error' | 'too_large' | 'binary'

export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'DataError'
  }
}

/**
 * DuckDB's message, trimmed for the model: its first lines name the problem and the candidate
 * columns ("Did you mean …"); the rest repeats the SQL with a caret, or lists the CSV sniffer's
 * settings, which costs tokens and says nothing new.
 */
export function duckdbMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const lines = text.split('\n').map((line) => line.trimEnd())
  const cut = lines.findIndex((line) => /^LINE \d+:/.test(line) || /^\s*file = /.test(line))
  const kept = (cut === -1 ? lines : lines.slice(0, cut)).filter((line) => line.trim() !== '').join('\n')
  return kept.length > ERROR_MESSAGE_MAX_CHARS ? `${kept.slice(0, ERROR_MESSAGE_MAX_CHARS - 1)}…` : kept
}

/**
 * A DuckDB failure while binding or running the model's SELECT: a file read the session's lock
 * stopped (read_csv('/etc/passwd'), glob, read_text…) is `refused` — the model should query the
 * loaded tables instead —, anything else `sql_error` with DuckDB's words.
 */
export function queryFailure(error: unknown): DataError {
  const message = duckdbMessage(error)
  if (/^Permission Error/i.test(message))
    return new DataError('refused', `Files cannot be read or written from query_data: query the loaded tables instead. (DuckDB: ${message})`)
  return new DataError('sql_error', message)
}
