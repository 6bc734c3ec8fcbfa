/**
 * The DuckDB table function that reads each kind of file, as the SQL the loader runs. Paths are
 * SQL string literals (quotes doubled); nothing else in the text comes from the user.
 */
import { CSV_SAMPLE_ROWS } from './config'
import type { DataFileKind, TextEncoding } from './fileCheck'
import { sqlString } from './identifiers'

/** Where read_csv's store_rejects puts the lines it skipped (temporary tables of the loader). */
export const REJECTS_TABLE = 'omnidesk_rejects'
export const REJECTS_SCAN_TABLE = 'omnidesk_rejects_scan'

/**
 * CSV/TSV: the sniffer guesses dialect, header and types from CSV_SAMPLE_ROWS rows; lines that do
 * not fit (too few or too many fields, a value of the wrong type, bad quoting) are skipped and
 * recorded with `store_rejects` (which implies `ignore_errors`) instead of failing the file.
 * Short rows are rejected, not padded with nulls: a padded row is usually a broken line whose
 * values sit in the wrong columns. JSON is read as an array or one document per line, whichever
 * it is; NDJSON skips unparsable lines (their count is not reported: read_json keeps no rejects).
 */
export function readerSql(path: string, kind: Exclude<DataFileKind, 'xlsx'>, encoding?: TextEncoding): string {
  const file = sqlString(path)
  switch (kind) {
    case 'csv':
    case 'tsv': {
      const options = [
        'auto_detect = true',
        `sample_size = ${CSV_SAMPLE_ROWS}`,
        'store_rejects = true',
        `rejects_table = ${sqlString(REJECTS_TABLE)}`,
        `rejects_scan = ${sqlString(REJECTS_SCAN_TABLE)}`,
        `encoding = ${sqlString(encoding ?? 'utf-8')}`
      ]
      if (kind === 'tsv') options.push("delim = '\\t'")
      return `SELECT * FROM read_csv(${file}, ${options.join(', ')})`
    }
    case 'json':
      return `SELECT * FROM read_json(${file}, format = 'auto')`
    case 'ndjson':
      return `SELECT * FROM read_json(${file}, format = 'newline_delimited', ignore_errors = true)`
    case 'parquet':
      return `SELECT * FROM read_parquet(${file})`
  }
}
