/**
 * Data files for the data engine's tests, made by code in a temp folder: CSV/TSV/JSON/NDJSON as
 * text, Latin-1 bytes, a Parquet file written by DuckDB's own COPY (a separate, unlocked
 * instance: the engine's session can write nothing), and an XLSX workbook by exceljs with two
 * sheets, a formula with its cached result and a merged range.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'

export interface DataDir {
  dir: string
  /** Writes the bytes (a string is UTF-8) and returns the path. */
  write(name: string, content: string | Buffer): string
  remove(): void
}

export function makeDataDir(): DataDir {
  const dir = mkdtempSync(join(tmpdir(), 'omnidesk-data-test-'))
  return {
    dir,
    write(name, content) {
      const path = join(dir, name)
      writeFileSync(path, content)
      return path
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** A Parquet file of `rows` rows (id, city, amount, day), written by DuckDB COPY. */
export async function writeParquet(path: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    await connection.run(
      `COPY (SELECT range AS id, ['Paris','Lyon','Nice'][range % 3 + 1] AS city, range * 1.5 AS amount, DATE '2024-01-01' + range::INTEGER AS day FROM range(${rows}))
       TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`
    )
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/**
 * Sales (A1:D5): a header, three rows, a formula total in D5 (=SUM(D2:D4), cached 60) and a merged
 * B2:B3 ("North"); Notes: a one-column sheet with a date; Empty: no cells (must give no table).
 */
export async function writeXlsx(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  const sales = workbook.addWorksheet('Sales')
  sales.addRow(['Month', 'Region', 'Units', 'Revenue'])
  sales.addRow(['Jan', 'North', 1, 10])
  sales.addRow(['Feb', null, 2, 20])
  sales.addRow(['Mar', 'South', 3, 30])
  sales.addRow(['Total', null, null, null])
  sales.getCell('D5').value = { formula: 'SUM(D2:D4)', result: 60 }
  sales.mergeCells('B2:B3')
  const notes = workbook.addWorksheet('Notes')
  notes.addRow(['When', 'Note'])
  notes.addRow([new Date(Date.UTC(2024, 2, 1, 9, 30)), 'kick-off'])
  notes.addRow([new Date(Date.UTC(2024, 2, 8)), 'review'])
  workbook.addWorksheet('Empty')
  await workbook.xlsx.writeFile(path)
}

/** A 1M-row sales CSV (id, city, amount, day, note; ~64 MB), the size the targets name. Returns its bytes. */
export function writeMillionRowCsv(path: string): number {
  const cities = ['Paris', 'Lyon', 'Nice', 'Lille', 'Nantes', 'Brest', 'Dijon', 'Metz']
  const lines = ['id,city,amount,day,note']
  for (let i = 0; i < 1_000_000; i++) {
    lines.push(`${i},${cities[i % 8]},${((i * 7919) % 100000) / 100},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},note number ${i} for the record`)
  }
  const text = lines.join('\n') + '\n'
  writeFileSync(path, text)
  return Buffer.byteLength(text)
}

/** The same group-by the way a JS app without a database would: papaparse streaming, then a reduce (on this thread). */
export function papaparseGroupBy(path: string): Promise<Map<string, { n: number; sum: number }>> {
  return new Promise((resolve, reject) => {
    const groups = new Map<string, { n: number; sum: number }>()
    Papa.parse<Record<string, string>>(createReadStream(path) as never, {
      header: true,
      step: (row) => {
        const city = row.data.city
        if (city === undefined) return
        const group = groups.get(city) ?? { n: 0, sum: 0 }
        group.n++
        group.sum += Number(row.data.amount)
        groups.set(city, group)
      },
      complete: () => resolve(groups),
      error: reject
    })
  })
}
