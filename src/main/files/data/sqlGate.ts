/**
 * Whether SQL from the model may run: exactly one statement, and a read-only SELECT. Decided by
 * DuckDB's own parser, never a regex (comments, string literals and dialect quirks defeat those):
 *
 * 1. `json_serialize_sql` parses the text and serialises it only if every statement is a SELECT;
 *    its list of statements gives the count (0 for comments only, where extractStatements throws
 *    a bare "Error in native callback"). It is needed because PRAGMAs are rewritten before they
 *    are typed: `PRAGMA show_tables` prepares as a SELECT, so step 3 alone would let every PRAGMA
 *    through. The text goes in as a bound parameter, so it cannot break out of the call.
 * 2. `extractStatements` splits it again, as the statement to prepare; still one.
 * 3. The prepared statement's type must be SELECT (DESCRIBE, SUMMARIZE, SHOW, VALUES, FROM-first
 *    and CTEs are all SELECTs; EXPLAIN, CALL, SET, COPY, ATTACH, INSTALL/LOAD, EXPORT and DDL/DML
 *    are not). Preparing binds the statement but runs nothing.
 *
 * What a SELECT may still reach — table functions that read files (read_csv, read_parquet, glob,
 * read_text, read_blob…) — is the session's lock's job (enable_external_access = false), not this
 * gate's; the tests check both.
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api'
import { DataError, queryFailure } from './errors'

const REFUSAL_HINT = 'query_data runs one read-only SELECT (WITH, FROM-first, DESCRIBE and SUMMARIZE are fine) over the loaded tables.'

/** The statement, prepared and ready to run, or a DataError: `refused`, or `sql_error` for SQL DuckDB cannot parse or bind. */
export async function prepareSelect(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  if (sql.trim() === '') throw new DataError('refused', `The query is empty. ${REFUSAL_HINT}`)

  const parsed = await connection.prepare('SELECT json_serialize_sql($1::VARCHAR)')
  let verdict: { error: boolean; error_type?: string; error_message?: string; statements?: unknown[] }
  try {
    parsed.bindVarchar(1, sql)
    verdict = JSON.parse(String((await parsed.runAndReadAll()).getRows()[0][0])) as typeof verdict
  } finally {
    parsed.destroySync()
  }
  if (verdict.error) {
    if (verdict.error_type === 'not implemented') throw new DataError('refused', `Only SELECT statements may run. ${REFUSAL_HINT}`)
    throw new DataError('sql_error', `${verdict.error_type === 'parser' ? 'Parser Error: ' : ''}${verdict.error_message ?? 'DuckDB could not parse the statement.'}`)
  }
  const count = verdict.statements?.length ?? 0
  if (count !== 1) throw new DataError('refused', count === 0 ? `The query has no statement, only comments. ${REFUSAL_HINT}` : `Send exactly one statement (this has ${count}). ${REFUSAL_HINT}`)

  let prepared: DuckDBPreparedStatement
  try {
    const extracted = await connection.extractStatements(sql)
    if (extracted.count !== 1) throw new DataError('refused', `Send exactly one statement (this has ${extracted.count}). ${REFUSAL_HINT}`)
    prepared = await extracted.prepare(0)
  } catch (error) {
    throw error instanceof DataError ? error : queryFailure(error)
  }
  if (prepared.statementType !== StatementType.SELECT) {
    const kind = StatementType[prepared.statementType] ?? 'this statement'
    prepared.destroySync()
    throw new DataError('refused', `${kind} statements may not run. ${REFUSAL_HINT}`)
  }
  return prepared
}
