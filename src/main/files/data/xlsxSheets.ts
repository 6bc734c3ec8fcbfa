/**
 * An XLSX workbook as plain typed tables, one per sheet, for the session to append into DuckDB.
 * (DuckDB 1.5's excel extension would have to be downloaded at run time, which the locked-down
 * session forbids; exceljs is already a dependency.)
 *
 * Choices, each visible to the user through the table:
 * - the first non-empty row of a sheet is its header; empty header cells become `column_<n>`,
 *   repeated ones get `_2`, `_3`…;
 * - a formula cell is its cached result (what Excel showed when the file was saved); a formula
 *   without one (written by a tool that never calculated) is null — nothing here evaluates it;
 * - a merged range keeps its value in the top-left cell and null elsewhere, so a SUM over a
 *   merged column counts the value once (repeating it would multiply it by the range's height);
 * - error cells (#DIV/0!, #N/A…) are null, so one broken formula does not turn a number column
 *   into text;
 * - a column whose values are all booleans is BOOLEAN, all whole numbers BIGINT, all numbers
 *   DOUBLE, all dates TIMESTAMP (Excel dates have no zone: the wall-clock time is kept); any mix
 *   is VARCHAR with each value as text (dates as ISO).
 */
import ExcelJS from 'exceljs'

export type SheetValue = string | number | boolean | Date | null
export type SheetColumnType = 'BOOLEAN' | 'BIGINT' | 'DOUBLE' | 'TIMESTAMP' | 'VARCHAR'

export interface SheetTable {
  sheet: string
  columns: { name: string; type: SheetColumnType }[]
  /** Row-major, already converted to each column's type (VARCHAR columns hold strings). */
  rows: SheetValue[][]
}

export async function readXlsxSheets(path: string): Promise<SheetTable[]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path)
  const tables: SheetTable[] = []
  for (const worksheet of workbook.worksheets) {
    const grid: SheetValue[][] = []
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      const values: SheetValue[] = []
      const width = Math.max(worksheet.columnCount, row.cellCount)
      for (let col = 1; col <= width; col++) values.push(cellValue(row.getCell(col)))
      if (values.some((v) => v !== null)) grid.push(values)
    })
    if (grid.length === 0) continue // an empty sheet is no table
    const [header, ...body] = grid
    const used = lastUsedColumn(grid)
    const names = uniqueNames(header.slice(0, used).map((v, i) => (v === null || String(v).trim() === '' ? `column_${i + 1}` : textOf(v).trim())))
    const types = names.map((_, col) => inferType(body.map((row) => row[col] ?? null)))
    tables.push({
      sheet: worksheet.name,
      columns: names.map((name, col) => ({ name, type: types[col] })),
      rows: body.map((row) => types.map((type, col) => coerce(row[col] ?? null, type)))
    })
  }
  return tables
}

function cellValue(cell: ExcelJS.Cell): SheetValue {
  // A merged cell other than the range's top-left reports the master's value: keep it once.
  if (cell.isMerged && cell.master.address !== cell.address) return null
  return plain(cell.value)
}

function plain(value: ExcelJS.CellValue): SheetValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) return plain((value as ExcelJS.CellFormulaValue).result ?? null)
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : plain(value.text as ExcelJS.CellValue)
  return null // { error: '#DIV/0!' } and anything exceljs adds later
}

function lastUsedColumn(grid: SheetValue[][]): number {
  let last = 0
  for (const row of grid) for (let col = row.length - 1; col >= last; col--) if (row[col] !== null) { last = col + 1; break }
  return last
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>()
  return names.map((name) => {
    let candidate = name
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`
    seen.add(candidate.toLowerCase())
    return candidate
  })
}

function inferType(values: SheetValue[]): SheetColumnType {
  const present = values.filter((v) => v !== null)
  if (present.length === 0) return 'VARCHAR'
  if (present.every((v) => typeof v === 'boolean')) return 'BOOLEAN'
  if (present.every((v) => typeof v === 'number')) return present.every((v) => Number.isSafeInteger(v)) ? 'BIGINT' : 'DOUBLE'
  if (present.every((v) => v instanceof Date)) return 'TIMESTAMP'
  return 'VARCHAR'
}

function coerce(value: SheetValue, type: SheetColumnType): SheetValue {
  if (value === null || type !== 'VARCHAR') return value
  return textOf(value)
}

function textOf(value: Exclude<SheetValue, null>): string {
  return value instanceof Date ? value.toISOString().replace(/\.000Z$|Z$/, '') : String(value)
}
