/**
 * The data engine of "analyse data": one in-memory DuckDB per conversation, a table per attached
 * file (per sheet for XLSX), and `query(sql)` for the model's query_data tool.
 *
 * Two DuckDB instances, so the one the model talks to never needs file access:
 * - the **query instance** lives as long as the session and is created locked —
 *   `enable_external_access = false` (no read_csv/read_parquet/glob/read_text/read_blob, no COPY,
 *   ATTACH of files, INSTALL, LOAD of extension files, EXPORT) and `lock_configuration = true` (no
 *   SET/RESET/PRAGMA can undo that). Extensions are neither installed nor loaded on demand.
 * - a **loader instance** is opened for each load(), reads the one file DuckDB's readers know
 *   (CSV, TSV, JSON, NDJSON, Parquet), and streams its rows into the query instance through an
 *   Appender (whole data chunks, types kept), then closes. The model's SQL never reaches it.
 * So a file attached after the model has started querying loads the same way as the first one;
 * there is no window in which the query instance is unlocked. XLSX is read by exceljs and
 * appended directly (no DuckDB file access at all).
 *
 * Calls are serialised per session (one DuckDB connection; parallel tool calls queue up), and
 * each query runs against a timer that calls `connection.interrupt()`.
 *
 * Threads: queries and DuckDB's readers run on DuckDB's own threads (the promise waits), but the
 * Appender is synchronous — each appendDataChunk runs on the calling thread, up to ~140 ms when
 * it fills a row group — and so is exceljs's parsing. Measured in the slow test; before this is
 * wired into Electron's main process, the session should run in a worker thread.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBConnection, DuckDBInstance, JsonDuckDBValueConverter, timestampValue, type DuckDBAppender, type DuckDBResult } from '@duckdb/node-api'
import { LOAD_SAMPLE_ROWS, MEMORY_LIMIT, QUERY_ROW_CAP, QUERY_TIME_LIMIT_MS, REJECTED_EXAMPLES, TOTAL_COUNT_MAX_ROWS } from './config'
import { DataError, duckdbMessage, queryFailure } from './errors'
import { checkFile, type DataFileKind, type TextEncoding } from './fileCheck'
import { quoteIdent, tableNameFor } from './identifiers'
import { jsonSafe, type JsonValue } from './jsonValues'
import { readerSql, REJECTS_TABLE } from './readers'
import { prepareSelect } from './sqlGate'
import { readXlsxSheets, type SheetTable } from './xlsxSheets'

export type { DataFileKind } from './fileCheck'

export interface DataFile {
  /** Where the file is on disk (read once, at load). */
  path: string
  /** What the user calls it: the table name is made from it. */
  name: string
  kind: DataFileKind
}

export interface DataColumn {
  name: string
  /** DuckDB's type name: BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP, DECIMAL(18,3), STRUCT(…)… */
  type: string
}

export interface LoadedTable {
  table: string
  /** The file's name, and for XLSX the sheet the table came from. */
  file: string
  sheet?: string
  columns: DataColumn[]
  rowCount: number
  /** The first LOAD_SAMPLE_ROWS rows, JSON-safe, in column order. */
  sampleRows: JsonValue[][]
  /** CSV/TSV: lines skipped because they did not fit (ragged, bad quoting, wrong type). */
  rejectedLines?: number
  /** A few of those lines as they were in the file, with DuckDB's reason. */
  rejectedExamples?: string[]
  /** CSV/TSV: the encoding the file was read in (latin-1 when it is not valid UTF-8). */
  encoding?: TextEncoding
}

export interface QueryResult {
  columns: DataColumn[]
  /** At most the row cap; values JSON-safe (see jsonValues.ts). */
  rows: JsonValue[][]
  rowCount: number
  /** The result had more rows than were returned. */
  truncated: boolean
  /** All rows of the result, when counting them was cheap (see TOTAL_COUNT_MAX_ROWS). */
  totalRows?: number
  ms: number
}

export interface QueryOptions {
  rowCap?: number
}

export interface DataSessionOptions {
  timeLimitMs?: number
  rowCap?: number
}

export interface DataSession {
  /** Loads one file: one table, or one per non-empty sheet for XLSX. Throws DataError. */
  load(file: DataFile): Promise<LoadedTable[]>
  /**
   * Runs one read-only SELECT for the model. Throws DataError. `rowCap`: rows returned, instead of
   * the session's (a chart takes up to its own cap, "Save as CSV" the whole result).
   */
  query(sql: string, opts?: QueryOptions): Promise<QueryResult>
  /** Every table loaded so far, in load order (for describeForModel). */
  tables(): LoadedTable[]
  /** Frees DuckDB's memory and its spill folder. The session cannot be used afterwards. */
  close(): void
}

/** Settings of both instances: extensions never fetched or loaded behind our back, memory bounded. */
function baseConfig(tempDirectory: string): Record<string, string> {
  return {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    memory_limit: MEMORY_LIMIT,
    // Where a loader may spill; the default (".tmp" in the working directory) may be read-only
    // or the user's own folder.
    temp_directory: tempDirectory
  }
}

/**
 * The instance the model's SQL runs in, locked from its first moment (the settings are part of
 * the instance's configuration, so there is no SET that could come before them). Exported for
 * the tests, which check the lock with raw SQL that bypasses the statement gate.
 */
export async function openQueryInstance(): Promise<DuckDBInstance> {
  return DuckDBInstance.create(':memory:', {
    ...baseConfig(''),
    // No spilling: DuckDB keeps its temp directory reachable when external access is off, so
    // with one set the model could COPY files into it and read them back (seen in the tests).
    // A query that needs more than MEMORY_LIMIT fails with DuckDB's out-of-memory message.
    temp_directory: '',
    enable_external_access: 'false',
    // Last: options are applied in order, and once the configuration is locked DuckDB refuses
    // every later one ("Failed to set config").
    lock_configuration: 'true'
  })
}

export async function createDataSession(options: DataSessionOptions = {}): Promise<DataSession> {
  const timeLimitMs = options.timeLimitMs ?? QUERY_TIME_LIMIT_MS
  const sessionRowCap = options.rowCap ?? QUERY_ROW_CAP
  const tempDirectory = mkdtempSync(join(tmpdir(), 'omnidesk-data-'))
  const instance = await openQueryInstance()
  const connection = await instance.connect()
  // Names the model could not write bare as a table (SELECT, ORDER, TABLE…).
  const keywords = new Set(
    (await connection.runAndReadAll("SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'"))
      .getRows()
      .map((row) => String(row[0]))
  )
  const loaded: LoadedTable[] = []
  let closed = false
  let queue: Promise<unknown> = Promise.resolve()

  /** One operation at a time on the connection, in call order; a failure does not block the next. */
  function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(() => {
      if (closed) throw new DataError('load_error', 'This data session is closed.')
      return run()
    })
    queue = next.catch(() => undefined)
    return next
  }

  const takenNames = (): Set<string> => new Set(loaded.map((t) => t.table))

  async function describeTable(table: string, file: string, extra: Partial<LoadedTable>): Promise<LoadedTable> {
    const reader = await connection.runAndReadAll(`SELECT * FROM ${quoteIdent(table)} LIMIT ${LOAD_SAMPLE_ROWS}`)
    const types = reader.columnTypes()
    const count = await connection.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(table)}`)
    return {
      table,
      file,
      columns: reader.columnNames().map((name, i) => ({ name, type: types[i].toString() })),
      rowCount: Number(count.getRows()[0][0]),
      sampleRows: reader.convertRows(JsonDuckDBValueConverter).map((row) => row.map((value, i) => jsonSafe(value, types[i]))),
      ...extra
    }
  }

  async function loadWithDuckDB(file: DataFile & { kind: Exclude<DataFileKind, 'xlsx'> }, encoding: TextEncoding | undefined): Promise<LoadedTable> {
    const loader = await DuckDBInstance.create(':memory:', baseConfig(tempDirectory))
    const source = await loader.connect()
    const table = tableNameFor(file.name, takenNames(), keywords)
    let created = false
    try {
      let result: DuckDBResult
      try {
        result = await source.stream(readerSql(file.path, file.kind, encoding))
      } catch (error) {
        throw new DataError('load_error', `"${file.name}" could not be read as ${file.kind.toUpperCase()}: ${duckdbMessage(error)}`)
      }
      const names = result.columnNames()
      const types = result.columnTypes()
      await connection.run(`CREATE TABLE ${quoteIdent(table)} (${names.map((name, i) => `${quoteIdent(name)} ${types[i].toString()}`).join(', ')})`)
      created = true
      const appender = await connection.createAppender(table)
      try {
        for (;;) {
          const chunk = await result.fetchChunk()
          if (!chunk || chunk.rowCount === 0) break
          appender.appendDataChunk(chunk)
        }
        appender.flushSync()
      } catch (error) {
        throw new DataError('load_error', `"${file.name}" could not be read: ${duckdbMessage(error)}`)
      } finally {
        appender.closeSync()
      }
      const extra: Partial<LoadedTable> = {}
      if (file.kind === 'csv' || file.kind === 'tsv') {
        Object.assign(extra, { encoding }, await rejects(source))
      }
      return await describeTable(table, file.name, extra)
    } catch (error) {
      if (created) await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined)
      throw error instanceof DataError ? error : new DataError('load_error', `"${file.name}" could not be loaded: ${duckdbMessage(error)}`)
    } finally {
      source.closeSync()
      loader.closeSync()
    }
  }

  async function loadXlsx(file: DataFile): Promise<LoadedTable[]> {
    let sheets: SheetTable[]
    try {
      sheets = await readXlsxSheets(file.path)
    } catch (error) {
      throw new DataError('load_error', `"${file.name}" could not be read as an XLSX workbook: ${(error as Error).message}`)
    }
    if (sheets.length === 0) throw new DataError('load_error', `"${file.name}" has no data: every sheet is empty.`)
    const tables: LoadedTable[] = []
    try {
      for (const sheet of sheets) {
        // One sheet: the file's name alone; several: file_sheet, so the model sees where each came from.
        const table = tableNameFor(file.name, new Set([...takenNames(), ...tables.map((t) => t.table)]), keywords, sheets.length > 1 ? sheet.sheet : undefined)
        await connection.run(`CREATE TABLE ${quoteIdent(table)} (${sheet.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`)
        const appender = await connection.createAppender(table)
        try {
          for (const row of sheet.rows) {
            row.forEach((value, i) => appendSheetValue(appender, value, sheet.columns[i].type))
            appender.endRow()
          }
          appender.flushSync()
        } finally {
          appender.closeSync()
        }
        tables.push(await describeTable(table, file.name, { sheet: sheet.sheet }))
      }
    } catch (error) {
      for (const t of tables) await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(t.table)}`).catch(() => undefined)
      throw error instanceof DataError ? error : new DataError('load_error', `"${file.name}" could not be loaded: ${duckdbMessage(error)}`)
    }
    return tables
  }

  async function runQuery(sql: string, opts: QueryOptions = {}): Promise<QueryResult> {
    const rowCap = opts.rowCap ?? sessionRowCap
    const started = performance.now()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      connection.interrupt()
    }, timeLimitMs)
    const timeout = (): DataError =>
      new DataError('timeout', `The query was stopped after ${timeLimitMs / 1000} s. Aggregate or filter more (GROUP BY, WHERE, LIMIT), and avoid joins without a join condition.`)
    try {
      const prepared = await prepareSelect(connection, sql).catch((error: unknown) => {
        throw timedOut ? timeout() : error
      })
      // The timer may have fired between two calls, when nothing was running to interrupt.
      if (timedOut) {
        prepared.destroySync()
        throw timeout()
      }
      try {
        let result: DuckDBResult
        try {
          result = await prepared.stream()
        } catch (error) {
          throw timedOut ? timeout() : queryFailure(error)
        }
        const types = result.columnTypes()
        const columns = result.columnNames().map((name, i) => ({ name, type: types[i].toString() }))
        const rows: JsonValue[][] = []
        let total = 0
        let complete = true
        for (;;) {
          let chunk
          try {
            chunk = await result.fetchChunk()
          } catch (error) {
            if (!timedOut) throw queryFailure(error)
            // Stopped while only counting what is past the cap: the rows are good, the total unknown.
            if (rows.length > rowCap) { complete = false; break }
            throw timeout()
          }
          if (!chunk || chunk.rowCount === 0) break
          if (timedOut) {
            if (rows.length > rowCap) { complete = false; break }
            throw timeout()
          }
          total += chunk.rowCount
          if (rows.length <= rowCap) {
            for (const row of chunk.convertRows(JsonDuckDBValueConverter).slice(0, rowCap + 1 - rows.length)) rows.push(row.map((value, i) => jsonSafe(value, types[i])))
          }
          if (total > TOTAL_COUNT_MAX_ROWS) { complete = false; break }
        }
        const truncated = rows.length > rowCap
        if (truncated) rows.length = rowCap
        return {
          columns,
          rows,
          rowCount: rows.length,
          truncated,
          ...(complete ? { totalRows: total } : {}),
          ms: Math.round(performance.now() - started)
        }
      } finally {
        prepared.destroySync()
      }
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    load: (file) =>
      exclusive(async () => {
        const { encoding } = await checkFile(file.path, file.name, file.kind)
        const tables = file.kind === 'xlsx' ? await loadXlsx(file) : [await loadWithDuckDB({ ...file, kind: file.kind }, encoding)]
        loaded.push(...tables)
        return tables
      }),
    query: (sql, opts) => exclusive(() => runQuery(sql, opts)),
    tables: () => [...loaded],
    close() {
      if (closed) return
      closed = true
      connection.interrupt() // a query still running would otherwise hold the close
      connection.closeSync()
      instance.closeSync()
      rmSync(tempDirectory, { recursive: true, force: true })
    }
  }
}

/** The lines read_csv skipped in this loader's scan: how many, and a few to show. */
async function rejects(source: DuckDBConnection): Promise<Pick<LoadedTable, 'rejectedLines' | 'rejectedExamples'>> {
  const count = Number((await source.runAndReadAll(`SELECT count(DISTINCT line) FROM ${REJECTS_TABLE}`)).getRows()[0][0])
  if (count === 0) return { rejectedLines: 0 }
  const examples = await source.runAndReadAll(
    `SELECT line, error_type, csv_line FROM ${REJECTS_TABLE} ORDER BY line LIMIT ${REJECTED_EXAMPLES}`
  )
  return {
    rejectedLines: count,
    rejectedExamples: examples.getRows().map(([line, type, text]) => `line ${String(line)} (${String(type).toLowerCase()}): ${String(text ?? '')}`)
  }
}

function appendSheetValue(appender: DuckDBAppender, value: SheetTable['rows'][number][number], type: SheetTable['columns'][number]['type']): void {
  if (value === null) return appender.appendNull()
  switch (type) {
    case 'BOOLEAN':
      return appender.appendBoolean(value as boolean)
    case 'BIGINT':
      return appender.appendBigInt(BigInt(value as number))
    case 'DOUBLE':
      return appender.appendDouble(value as number)
    case 'TIMESTAMP':
      return appender.appendTimestamp(timestampValue(BigInt((value as Date).getTime()) * 1000n))
    case 'VARCHAR':
      return appender.appendVarchar(String(value))
  }
}
