/**
 * The results table under a query_data step, as pure functions: the SQL from the step's
 * arguments, sorting by a column, and each cell as shown. Values are DuckDB's JSON form: text,
 * numbers, booleans, null, lists, objects; integers and decimals a double can't hold exactly come
 * as text (src/main/files/data/jsonValues.ts), so numeric columns read numeric text as numbers.
 * Not named resultTable.ts: on a case-insensitive disk (macOS, Windows) `./ResultTable` would
 * resolve to it before ResultTable.tsx.
 */
import { isNumericColumnType, isNumericText } from '../markdown/chartSpec'

export type SortDirection = 'asc' | 'desc'
export type SortState = { column: number; direction: SortDirection } | null

/** The SQL of a query_data call (`{"sql": "SELECT …"}`); undefined when the arguments have none. */
export function sqlFromArguments(json: string): string | undefined {
  try {
    const value: unknown = JSON.parse(json)
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const sql = (value as { sql?: unknown }).sql
      if (typeof sql === 'string' && sql.trim()) return sql
    }
  } catch {
    /* not JSON: no SQL to show */
  }
  return undefined
}

/** A header click: ascending, then descending, then the result's own order. */
export function nextSort(current: SortState, column: number): SortState {
  if (!current || current.column !== column) return { column, direction: 'asc' }
  return current.direction === 'asc' ? { column, direction: 'desc' } : null
}

/** A number to compare by: bigint for integer text beyond a double's exact range. */
function numericKey(value: unknown): number | bigint | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value
  if (typeof value === 'bigint') return value
  if (typeof value === 'string') {
    const text = value.trim()
    if (!isNumericText(text)) return null
    if (/^[+-]?\d+$/.test(text) && !Number.isSafeInteger(Number(text))) return BigInt(text)
    return Number(text)
  }
  return null
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value) ?? ''
}

/**
 * Compares two cells of a column, ascending: numbers numerically (numeric text too, in a numeric
 * column), everything else as text with the collator. Null is not compared here (see sortRows).
 */
export function compareCells(a: unknown, b: unknown, numericColumn: boolean, collator: Intl.Collator): number {
  const x = numericColumn || typeof a === 'number' ? numericKey(a) : null
  const y = numericColumn || typeof b === 'number' ? numericKey(b) : null
  // number and bigint compare with < and > (not with -).
  if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0
  if (x !== null) return -1
  if (y !== null) return 1
  return collator.compare(textOf(a), textOf(b))
}

const collators = new Map<string, Intl.Collator>()

function collatorFor(locale: string): Intl.Collator {
  let collator = collators.get(locale)
  if (!collator) {
    // numeric: "item 2" before "item 10", as people sort.
    collator = new Intl.Collator(locale, { numeric: true })
    collators.set(locale, collator)
  }
  return collator
}

/**
 * The rows in `sort` order (a new array; `rows` untouched), nulls last either way, ties in the
 * result's own order. `types`: the columns' DuckDB types.
 */
export function sortRows<Row extends readonly unknown[]>(rows: readonly Row[], types: readonly string[], sort: SortState, locale: string): Row[] {
  if (!sort) return rows.slice()
  const { column, direction } = sort
  const numeric = isNumericColumnType(types[column] ?? '')
  const collator = collatorFor(locale)
  const sign = direction === 'asc' ? 1 : -1
  const isEmpty = (v: unknown): boolean => v === null || v === undefined
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column]
      const y = b.row[column]
      if (isEmpty(x) || isEmpty(y)) return isEmpty(x) && isEmpty(y) ? a.index - b.index : isEmpty(x) ? 1 : -1
      return sign * compareCells(x, y, numeric, collator) || a.index - b.index
    })
    .map(({ row }) => row)
}

export interface ShownCell {
  text: string
  /** Null (shown as an em-dash, muted). */
  empty: boolean
  /** A number: right-aligned. */
  numeric: boolean
  /** The full value, when the shown text is cut (long) or formatted differently. */
  title?: string
}

/** Cells longer than this are ellipsised by CSS; their title holds the whole value. */
const LONG_CELL_CHARS = 40

/** Intl's limit in older engines (ES2023 allows 100; Node 20 and older Chromium stop at 20). */
const MAX_FRACTION_DIGITS = 20
const formats = new Map<string, Intl.NumberFormat>()

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, options)
    formats.set(key, format)
  }
  return format
}

/**
 * A number in the UI's locale without hiding digits: integers whole (bigint text too), fractions
 * as far as the value has them (V8 prints a double's shortest exact form), decimals with their
 * scale ("12.50" stays 12.50), tiny values in scientific notation rather than 0.
 */
export function formatNumber(value: number | string, locale: string): string {
  if (typeof value === 'string') {
    const text = value.trim()
    if (/^[+-]?\d+$/.test(text)) return numberFormat(locale, { maximumFractionDigits: 0 }).format(BigInt(text))
    const scale = /\.(\d+)(?:e|$)/i.exec(text)?.[1].length ?? 0
    if (/e/i.test(text)) return formatNumber(Number(text), locale)
    const digits = Math.min(scale, MAX_FRACTION_DIGITS)
    return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(text as Intl.StringNumericLiteral)
  }
  if (!Number.isFinite(value)) return String(value)
  if (value !== 0 && Math.abs(value) < 1e-6) return numberFormat(locale, { notation: 'scientific', maximumFractionDigits: 16 }).format(value)
  return numberFormat(locale, { maximumFractionDigits: MAX_FRACTION_DIGITS }).format(value)
}

/** One cell as the table shows it. `type`: its column's DuckDB type. */
export function formatCell(value: unknown, type: string, locale: string): ShownCell {
  if (value === null || value === undefined) return { text: '—', empty: true, numeric: false }
  const numericColumn = isNumericColumnType(type)
  if (typeof value === 'number' || (numericColumn && typeof value === 'string' && isNumericText(value.trim()))) {
    const raw = String(value)
    const text = formatNumber(value as number | string, locale)
    // Grouping separators are not a change of value; anything else (scientific notation…) is.
    const plain = text.replace(/[\s,\u00a0\u202f]/g, '')
    return plain === raw.replace(/^\+/, '') ? { text, empty: false, numeric: true } : { text, empty: false, numeric: true, title: raw }
  }
  const text = textOf(value)
  return Array.from(text).length > LONG_CELL_CHARS ? { text, empty: false, numeric: false, title: text } : { text, empty: false, numeric: false }
}

/** A column is right-aligned when its type is numeric, or when every value it has is a number. */
export function isNumericColumn(type: string, rows: readonly (readonly unknown[])[], column: number): boolean {
  if (isNumericColumnType(type)) return true
  let any = false
  for (const row of rows) {
    const v = row[column]
    if (v === null || v === undefined) continue
    if (typeof v !== 'number') return false
    any = true
  }
  return any
}

/**
 * The caption's form and values: "12 rows", "100 of 12,345 rows", or "First 100 rows" when the
 * result had more and they were not counted. `count` picks the plural form.
 */
export function captionOf(
  table: { rowCount: number; truncated: boolean; totalRows?: number; rows: readonly unknown[] },
  locale: string
): { key: 'rows' | 'rowsOfTotal' | 'firstRows'; count: number; rows: string; shown: string; total: string } {
  const format = numberFormat(locale, { maximumFractionDigits: 0 })
  const shownCount = table.rows.length
  const shown = format.format(shownCount)
  const totalCount = table.totalRows ?? (table.truncated ? undefined : table.rowCount)
  if (totalCount === undefined) return { key: 'firstRows', count: shownCount, rows: shown, shown, total: shown }
  if (totalCount <= shownCount) return { key: 'rows', count: shownCount, rows: shown, shown, total: shown }
  const total = format.format(totalCount)
  return { key: 'rowsOfTotal', count: totalCount, rows: total, shown, total }
}
