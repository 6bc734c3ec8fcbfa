/**
 * A query's result under its query_data step: the SQL, a table of its first rows (sortable by a
 * header click; numbers right-aligned in the UI's locale; null as a muted em-dash; long cells cut
 * with the whole value in their title), how many rows there are, and Save as CSV, which runs the
 * query again through the conversation's data (DataQueryContext) to save the WHOLE result, not
 * only the rows shown.
 */
import { memo, useContext, useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { errorInfoOf } from '../../../shared/errors'
import type { DataQueryResult } from '../../../shared/files/schemas'
import { DataQueryContext } from './dataQueryContext'
import { captionOf, formatCell, isNumericColumn, nextSort, sortRows, type SortState } from './resultTableLogic'

export interface ResultTableProps {
  table: DataQueryResult
  /** The SQL that made it (the step's `{"sql": …}`): shown above the table, and what Save as CSV runs. */
  sql?: string
}

/** SQL longer than this (or than SQL_LONG_LINES lines) starts collapsed. */
const SQL_LONG_CHARS = 240
const SQL_LONG_LINES = 4
const CSV_FILE_NAME = 'query-result.csv'

/** Hands `csv` to the browser as a download named query-result.csv. */
function downloadCsv(csv: string): void {
  // A byte-order mark, so Excel reads UTF-8 (Chinese, accents) instead of the system code page.
  const blob = new Blob([csv.startsWith('\ufeff') ? csv : `\ufeff${csv}`], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = CSV_FILE_NAME
    link.click()
  } finally {
    // Chromium resolves the blob URL when the click starts the download, so it can go at once.
    URL.revokeObjectURL(url)
  }
}

function SqlText({ sql }: { sql: string }): ReactElement {
  const { t } = useTranslation()
  const long = sql.length > SQL_LONG_CHARS || sql.split('\n').length > SQL_LONG_LINES
  const [expanded, setExpanded] = useState(false)
  const collapsed = long && !expanded
  return (
    <div className="od-result-sql-box">
      <pre className="od-result-sql" data-testid="result-sql" data-collapsed={collapsed ? 'true' : undefined}>
        <code>{sql}</code>
      </pre>
      {long ? (
        <button type="button" className="od-link-btn od-result-sql-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('dataResults.showLessSql') : t('dataResults.showAllSql')}
        </button>
      ) : null}
    </div>
  )
}

function SaveCsvButton({ sql }: { sql: string }): ReactElement | null {
  const { t } = useTranslation()
  const data = useContext(DataQueryContext)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!data) return null
  const save = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const { csv } = await data.exportCsv(sql)
      downloadCsv(csv)
    } catch (err) {
      const info = errorInfoOf(err)
      setError([t(`errors.${info.code}`), info.detail].filter(Boolean).join(' '))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button
        type="button"
        className="od-btn od-btn-small"
        data-testid="result-save-csv"
        title={t('dataResults.saveCsvTitle')}
        disabled={busy}
        aria-busy={busy}
        onClick={() => void save()}
      >
        {busy ? <span className="od-spinner" aria-hidden="true" /> : null}
        {busy ? t('dataResults.savingCsv') : t('dataResults.saveCsv')}
      </button>
      {error ? (
        <span className="od-result-error" role="alert" data-testid="result-save-error">
          {error}
        </span>
      ) : null}
    </>
  )
}

function ResultTableImpl({ table, sql }: ResultTableProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language || 'en'
  const [sort, setSort] = useState<SortState>(null)
  const types = useMemo(() => table.columns.map((c) => c.type), [table.columns])
  const numeric = useMemo(() => table.columns.map((c, i) => isNumericColumn(c.type, table.rows, i)), [table.columns, table.rows])
  const rows = useMemo(() => sortRows(table.rows, types, sort, locale), [table.rows, types, sort, locale])
  const caption = captionOf(table, locale)
  const ariaSort = (column: number): 'ascending' | 'descending' | 'none' =>
    sort?.column === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
  return (
    <div className="od-result" data-testid="result">
      {sql ? <SqlText sql={sql} /> : null}
      <div className="od-result-scroll">
        <table className="od-result-table" data-testid="result-table" aria-label={t('dataResults.tableLabel')}>
          <thead>
            <tr>
              {table.columns.map((column, i) => (
                <th key={i} scope="col" aria-sort={ariaSort(i)} className={numeric[i] ? 'od-result-num' : undefined}>
                  <button
                    type="button"
                    className="od-result-sort"
                    data-testid="result-table-sort"
                    data-column={column.name}
                    title={t('dataResults.sortColumn', { column: column.name, type: column.type })}
                    onClick={() => setSort(nextSort(sort, i))}
                  >
                    <span className="od-result-sort-name">{column.name}</span>
                    <span className="od-result-sort-mark" aria-hidden="true">
                      {sort?.column === i ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {table.columns.map((column, i) => {
                  const cell = formatCell(row[i], column.type, locale)
                  const className = [numeric[i] || cell.numeric ? 'od-result-num' : '', cell.empty ? 'od-result-null' : ''].filter(Boolean).join(' ')
                  return (
                    <td key={i} className={className || undefined} title={cell.empty ? t('dataResults.nullValue') : cell.title}>
                      {cell.text}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="od-result-foot">
        <span className="od-result-caption" data-testid="result-table-caption">
          {t(`dataResults.${caption.key}`, { count: caption.count, rows: caption.rows, shown: caption.shown, total: caption.total })}
        </span>
        {sql ? <SaveCsvButton sql={sql} /> : null}
      </div>
    </div>
  )
}

/** Re-renders only when its step's result or SQL changes (steps above a streaming answer stay put). */
export const ResultTable = memo(ResultTableImpl)
