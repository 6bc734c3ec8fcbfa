/**
 * The data engine of "analyse data" (src/main/files/data) against real DuckDB and real files:
 * every reader, the XLSX choices (formula results, merged cells), rejected CSV lines, Latin-1,
 * broken files, the lock of the query instance (raw SQL, bypassing the gate), every statement
 * the gate refuses, the time limit, the row cap, hostile file names and the prompt text.
 * OMNIDESK_SLOW=1 adds the 1M-row timing (printed, not asserted).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDataSession, openQueryInstance, type DataSession } from '../../src/main/files/data/dataSession'
import { describeForModel } from '../../src/main/files/data/describe'
import { DataError } from '../../src/main/files/data/errors'
import { makeDataDir, papaparseGroupBy, writeMillionRowCsv, writeParquet, writeXlsx, type DataDir } from '../support/dataFiles'

let files: DataDir
beforeAll(() => {
  files = makeDataDir()
})
afterAll(() => files.remove())

/** The DataError a promise rejects with (fails the test when it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(DataError)
    return error as DataError
  }
  throw new Error('expected a DataError, got a result')
}

async function withSession<T>(run: (session: DataSession) => Promise<T>, options?: Parameters<typeof createDataSession>[0]): Promise<T> {
  const session = await createDataSession(options)
  try {
    return await run(session)
  } finally {
    session.close()
  }
}

describe('loading files', () => {
  it('reads CSV, TSV, JSON, NDJSON and Parquet into one table each, with types, counts and samples', async () => {
    const csv = files.write('sales.csv', 'city,amount,day\nParis,10.5,2024-01-01\nLyon,3,2024-01-02\nParis,1.5,2024-01-03\n')
    const tsv = files.write('stock.tsv', 'sku\tqty\nA-1\t5\nB-2\t7\n')
    const json = files.write('people.json', JSON.stringify([{ name: 'Ann', age: 31 }, { name: 'Bo', age: 42 }]))
    const ndjson = files.write('events.ndjson', '{"kind":"open","n":1}\n{"kind":"close","n":2}\n{"kind":"open","n":3}\n')
    const parquet = join(files.dir, 'facts.parquet')
    await writeParquet(parquet, 1000)

    await withSession(async (session) => {
      const [sales] = await session.load({ path: csv, name: 'sales.csv', kind: 'csv' })
      expect(sales).toMatchObject({ table: 'sales', rowCount: 3, rejectedLines: 0, encoding: 'utf-8' })
      expect(sales.columns).toEqual([
        { name: 'city', type: 'VARCHAR' },
        { name: 'amount', type: 'DOUBLE' },
        { name: 'day', type: 'DATE' }
      ])
      expect(sales.sampleRows[0]).toEqual(['Paris', 10.5, '2024-01-01'])

      const [stock] = await session.load({ path: tsv, name: 'stock.tsv', kind: 'tsv' })
      expect(stock).toMatchObject({ table: 'stock', rowCount: 2, columns: [{ name: 'sku', type: 'VARCHAR' }, { name: 'qty', type: 'BIGINT' }] })
      expect(stock.sampleRows).toEqual([['A-1', 5], ['B-2', 7]])

      const [people] = await session.load({ path: json, name: 'people.json', kind: 'json' })
      expect(people).toMatchObject({ table: 'people', rowCount: 2 })
      expect(people.columns.map((c) => c.name)).toEqual(['name', 'age'])

      const [events] = await session.load({ path: ndjson, name: 'events.ndjson', kind: 'ndjson' })
      expect(events).toMatchObject({ table: 'events', rowCount: 3 })

      const [facts] = await session.load({ path: parquet, name: 'facts.parquet', kind: 'parquet' })
      expect(facts).toMatchObject({ table: 'facts', rowCount: 1000 })
      expect(facts.columns.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'DECIMAL(19,1)', 'DATE'].slice(0, 1).concat(facts.columns.slice(1).map((c) => c.type)))
      expect(facts.columns.find((c) => c.name === 'day')?.type).toBe('DATE')

      // Every table is queryable in the locked instance, joins included.
      const result = await session.query('SELECT city, sum(amount) AS total FROM sales GROUP BY city ORDER BY city')
      expect(result).toMatchObject({ rows: [['Lyon', 3], ['Paris', 12]], rowCount: 2, truncated: false, totalRows: 2 })
      expect(result.columns).toEqual([{ name: 'city', type: 'VARCHAR' }, { name: 'total', type: 'DOUBLE' }])
      const joined = await session.query('SELECT count(*) AS n FROM facts f JOIN sales s ON f.city = s.city')
      expect(joined.rows).toEqual([[1001]]) // 334 Paris rows × 2 sales rows + 333 Lyon rows × 1
      expect(session.tables().map((t) => t.table)).toEqual(['sales', 'stock', 'people', 'events', 'facts'])
    })
  })

  it('reads an XLSX sheet by sheet: cached formula results, merged value in the top-left only, inferred types', async () => {
    const path = join(files.dir, 'report.xlsx')
    await writeXlsx(path)
    await withSession(async (session) => {
      const tables = await session.load({ path, name: 'Report.xlsx', kind: 'xlsx' })
      expect(tables.map((t) => [t.table, t.sheet, t.rowCount])).toEqual([
        ['report_sales', 'Sales', 4],
        ['report_notes', 'Notes', 2]
      ]) // the empty sheet gives no table
      const [sales, notes] = tables
      expect(sales.columns).toEqual([
        { name: 'Month', type: 'VARCHAR' },
        { name: 'Region', type: 'VARCHAR' },
        { name: 'Units', type: 'BIGINT' },
        { name: 'Revenue', type: 'BIGINT' }
      ])
      expect(sales.sampleRows).toEqual([
        ['Jan', 'North', 1, 10],
        ['Feb', null, 2, 20], // B3 is inside the merged B2:B3: null, not a second "North"
        ['Mar', 'South', 3, 30],
        ['Total', null, null, 60] // =SUM(D2:D4), its cached result
      ])
      expect(notes.columns).toEqual([{ name: 'When', type: 'TIMESTAMP' }, { name: 'Note', type: 'VARCHAR' }])
      const result = await session.query("SELECT \"When\", Note FROM report_notes WHERE Note = 'kick-off'")
      expect(result.rows).toEqual([['2024-03-01T09:30:00', 'kick-off']])
      const regions = await session.query('SELECT count(Region) FROM report_sales')
      expect(regions.rows).toEqual([[2]])
    })
  })

  it('loads a ragged CSV around its bad lines and counts them', async () => {
    const path = files.write('ragged.csv', 'id,name,score\n1,a,2.5\n2,b\n3,c,4.5,extra\n4,d,5.5\n5,e,6,7,8\n')
    await withSession(async (session) => {
      const [table] = await session.load({ path, name: 'ragged.csv', kind: 'csv' })
      expect(table.rowCount).toBe(2)
      expect(table.rejectedLines).toBe(3)
      expect(table.rejectedExamples).toHaveLength(3)
      expect(table.rejectedExamples?.[0]).toMatch(/^line 3 \(missing columns\): 2,b$/)
      expect(table.rejectedExamples?.[1]).toMatch(/^line 4 \(too many columns\): 3,c,4\.5,extra$/)
      expect((await session.query('SELECT id FROM ragged ORDER BY id')).rows).toEqual([[1], [4]])
    })
  })

  it('reads a CSV that is not valid UTF-8 as Latin-1', async () => {
    const path = files.write('latin.csv', Buffer.from('name,city\nJos\xe9,M\xfcnchen\nAnna,K\xf6ln\n', 'latin1'))
    await withSession(async (session) => {
      const [table] = await session.load({ path, name: 'latin.csv', kind: 'csv' })
      expect(table).toMatchObject({ encoding: 'latin-1', rowCount: 2, rejectedLines: 0 })
      expect(table.sampleRows).toEqual([['José', 'München'], ['Anna', 'Köln']])
    })
  })

  it('reads a UTF-16 CSV with a byte-order mark', async () => {
    const path = files.write('wide.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,ü\n', 'utf16le')]))
    await withSession(async (session) => {
      const [table] = await session.load({ path, name: 'wide.csv', kind: 'csv' })
      expect(table).toMatchObject({ encoding: 'utf-16', rowCount: 1, sampleRows: [[1, 'ü']] })
    })
  })

  it('refuses empty, binary, mislabelled and missing files with a clear error, and keeps the session usable', async () => {
    const empty = files.write('empty.csv', '')
    const png = files.write('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))
    const notParquet = files.write('fake.parquet', 'a,b\n1,2\n')
    const notXlsx = files.write('fake.xlsx', 'a,b\n1,2\n')
    const badJson = files.write('bad.json', '{"a": 1, ')
    await withSession(async (session) => {
      const e1 = await failure(session.load({ path: empty, name: 'empty.csv', kind: 'csv' }))
      expect([e1.code, e1.message]).toEqual(['load_error', '"empty.csv" is empty (0 bytes): there is no data to load.'])
      const e2 = await failure(session.load({ path: png, name: 'photo.csv', kind: 'csv' }))
      expect([e2.code, e2.message]).toEqual(['binary', '"photo.csv" is a binary file, not CSV text.'])
      expect((await failure(session.load({ path: notParquet, name: 'fake.parquet', kind: 'parquet' }))).code).toBe('binary')
      expect((await failure(session.load({ path: notXlsx, name: 'fake.xlsx', kind: 'xlsx' }))).code).toBe('binary')
      const e5 = await failure(session.load({ path: badJson, name: 'bad.json', kind: 'json' }))
      expect(e5.code).toBe('load_error')
      expect(e5.message).toMatch(/^"bad\.json" could not be read as JSON: /)
      expect((await failure(session.load({ path: join(files.dir, 'gone.csv'), name: 'gone.csv', kind: 'csv' }))).code).toBe('load_error')
      expect(session.tables()).toEqual([])
      const ok = files.write('ok.csv', 'x\n1\n')
      await session.load({ path: ok, name: 'ok.csv', kind: 'csv' })
      expect((await session.query('SELECT x FROM ok')).rows).toEqual([[1]])
    })
  })

  it('makes safe, unique table names from hostile file names', async () => {
    const path = files.write('plain.csv', 'v\n7\n')
    await withSession(async (session) => {
      const load = async (name: string): Promise<string> => (await session.load({ path, name, kind: 'csv' }))[0].table
      expect(await load('x; DROP TABLE y.csv')).toBe('x_drop_table_y')
      expect(await load(`it's "quoted".csv`)).toBe('it_s_quoted')
      expect(await load('销售数据.csv')).toBe('销售数据')
      expect(await load('select.csv')).toBe('t_select')
      expect(await load('2024 Report.csv')).toBe('t_2024_report')
      expect(await load('../../etc/passwd')).toBe('passwd')
      expect(await load('.csv')).toBe('csv')
      expect(await load('???.csv')).toBe('data')
      expect(await load('Sales.csv')).toBe('sales')
      expect(await load('sales.CSV')).toBe('sales_2')
      for (const table of ['x_drop_table_y', 'it_s_quoted', '销售数据', 't_select', 't_2024_report', 'sales_2'])
        expect((await session.query(`SELECT v FROM ${table}`)).rows).toEqual([[7]])
      expect((await session.query('SELECT count(*) FROM duckdb_tables()')).rows).toEqual([[10]])
    })
  })
})

describe('the locked query instance (raw SQL, no statement gate)', () => {
  it('cannot read or write files, attach, install or load extensions, or change settings', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'omnidesk-lock-')) // a folder the process may write
    const secret = files.write('secret.csv', 'token\nhunter2\n')
    const parquet = join(files.dir, 'lock.parquet')
    await writeParquet(parquet, 3)
    const instance = await openQueryInstance()
    const connection = await instance.connect()
    const run = async (sql: string): Promise<string> => {
      try {
        await connection.run(sql)
        return 'ran'
      } catch (error) {
        return (error as Error).message.split('\n')[0]
      }
    }
    try {
      const settings = await connection.runAndReadAll(
        "SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"
      )
      expect(settings.getRows()[0]).toEqual([false, true, false, false])
      await connection.run('CREATE TABLE t AS SELECT 1 AS a')
      const denied = /^Permission Error/
      const locked = /Cannot change configuration option .* the configuration has been locked/
      const attempts: [string, RegExp][] = [
        [`SELECT * FROM read_csv('${secret}')`, denied],
        [`SELECT * FROM '${secret}'`, denied],
        ["SELECT * FROM read_csv('/etc/passwd')", denied],
        [`SELECT * FROM read_parquet('${parquet}')`, denied],
        [`SELECT * FROM parquet_metadata('${parquet}')`, denied],
        [`SELECT * FROM read_json('${secret}')`, denied],
        [`SELECT * FROM glob('${files.dir}/*')`, denied],
        ["SELECT * FROM read_text('/etc/passwd')", denied],
        ["SELECT * FROM read_blob('/etc/passwd')", denied],
        ["SELECT * FROM sniff_csv('/etc/passwd')", denied],
        ["SELECT * FROM 'https://example.com/data.csv'", denied],
        [`COPY t TO '${join(temp, 'out.csv')}'`, denied],
        ["COPY t TO 'out.csv'", denied],
        ["COPY t TO '.tmp/out.csv'", denied], // DuckDB's default spill folder
        [`EXPORT DATABASE '${join(temp, 'export')}'`, denied],
        [`ATTACH '${join(temp, 'other.db')}' AS other`, denied],
        ['INSTALL httpfs', denied],
        ['LOAD httpfs', /^Permission Error/],
        ['SET enable_external_access = true', locked],
        ['SET lock_configuration = false', locked],
        ['RESET lock_configuration', locked],
        ['SET threads = 1', locked],
        ["SET memory_limit = '100GB'", locked],
        ['PRAGMA threads = 1', locked]
      ]
      for (const [sql, expected] of attempts) expect(await run(sql), sql).toMatch(expected)
      expect(existsSync(join(temp, 'out.csv')) || existsSync('out.csv')).toBe(false)
      expect(await run("SELECT current_setting('enable_external_access')")).toBe('ran')
      expect(
        (await connection.runAndReadAll("SELECT current_setting('enable_external_access'), current_setting('threads')")).getRows()[0][0]
      ).toBe(false)
    } finally {
      connection.closeSync()
      instance.closeSync()
      rmSync(temp, { recursive: true, force: true })
    }
  })
})

describe('query', () => {
  let session: DataSession
  beforeAll(async () => {
    session = await createDataSession({ rowCap: 200 })
    const path = files.write('orders.csv', 'id,region,total\n1,north,10\n2,south,20\n3,north,30\n')
    await session.load({ path, name: 'orders.csv', kind: 'csv' })
  })
  afterAll(() => session.close())

  it('refuses everything but one SELECT, with a message the model can act on, and changes nothing', async () => {
    const statements = [
      "COPY orders TO '/tmp/omnidesk-out.csv'",
      "COPY (SELECT * FROM orders) TO '/tmp/omnidesk-out.parquet' (FORMAT parquet)",
      "ATTACH '/tmp/omnidesk-other.db' AS other",
      "ATTACH ':memory:' AS scratch",
      'DETACH scratch',
      'INSTALL httpfs',
      'LOAD httpfs',
      'LOAD parquet',
      'PRAGMA show_tables',
      "PRAGMA table_info('orders')",
      'PRAGMA threads = 1',
      'SET threads = 1',
      'SET enable_external_access = true',
      'RESET memory_limit',
      'CREATE TABLE x AS SELECT 1',
      'CREATE VIEW v AS SELECT * FROM orders',
      'CREATE MACRO m(a) AS a',
      'INSERT INTO orders VALUES (4, 3, 40)',
      'UPDATE orders SET total = 0',
      'DELETE FROM orders',
      'DROP TABLE orders',
      'ALTER TABLE orders ADD COLUMN c INTEGER',
      "EXPORT DATABASE '/tmp/omnidesk-export'",
      'CALL pragma_version()',
      'CHECKPOINT',
      'EXPLAIN SELECT * FROM orders',
      'BEGIN TRANSACTION',
      'USE memory',
      'SELECT 1; DROP TABLE orders',
      'SELECT 1; SELECT 2',
      '',
      '   -- only a comment'
    ]
    for (const sql of statements) {
      const error = await failure(session.query(sql))
      expect(error.code, sql).toBe('refused')
      expect(error.message, sql).toMatch(/SELECT/)
    }
    const fileReads = [
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_csv_auto('/etc/passwd')",
      "SELECT * FROM '/etc/hosts.csv'",
      "SELECT * FROM read_parquet('/tmp/x.parquet')",
      "SELECT * FROM glob('/etc/*')",
      "SELECT * FROM read_text('/etc/passwd')",
      "SELECT * FROM read_blob('/etc/passwd')",
      "SELECT * FROM read_json('/etc/passwd')",
      "WITH x AS (SELECT * FROM read_text('/etc/hostname')) SELECT * FROM x",
      "SELECT (SELECT content FROM read_text('/etc/hostname'))",
      "SELECT * FROM query('SELECT * FROM read_text(''/etc/hostname'')')"
    ]
    for (const sql of fileReads) {
      const error = await failure(session.query(sql))
      expect(error.code, sql).toBe('refused')
      expect(error.message, sql).toMatch(/^Files cannot be read or written from query_data: query the loaded tables instead\. \(DuckDB: Permission Error/)
    }
    // A quoted path without a known extension is not a file to DuckDB (no replacement scan): just a missing table.
    expect((await failure(session.query("SELECT * FROM '/etc/passwd'"))).message).toMatch(/^Catalog Error: Table with name \/etc\/passwd does not exist!/)
    expect((await session.query('SELECT count(*), sum(total) FROM orders')).rows).toEqual([[3, 60]])
    expect((await session.query("SELECT count(*) FROM duckdb_tables() WHERE table_name <> 'orders'")).rows).toEqual([[0]])
  })

  it('runs every read-only form of SELECT', async () => {
    expect((await session.query('FROM orders SELECT id WHERE region = $$north$$ ORDER BY id')).rows).toEqual([[1], [3]])
    expect((await session.query('WITH n AS (SELECT * FROM orders WHERE region = \'north\') SELECT count(*) FROM n')).rows).toEqual([[2]])
    expect((await session.query('DESCRIBE orders')).rowCount).toBe(3)
    expect((await session.query('SUMMARIZE orders')).rowCount).toBe(3)
    expect((await session.query('SELECT 1 AS one;')).rows).toEqual([[1]])
    expect((await session.query('/* why */ SELECT 2 -- trailing comment')).rows).toEqual([[2]])
  })

  it('keeps DuckDB\'s own message for SQL errors, without the echoed SQL', async () => {
    const error = await failure(session.query('SELECT totl FROM orders'))
    expect(error.code).toBe('sql_error')
    expect(error.message).toMatch(/Binder Error: Referenced column "totl" not found/)
    expect(error.message).toMatch(/total/) // the candidates DuckDB suggests
    expect(error.message).not.toMatch(/LINE 1/)
    expect((await failure(session.query('SELEC 1'))).code).toBe('sql_error')
  })

  it('caps the rows returned and says how many there were', async () => {
    const result = await session.query('SELECT range AS n FROM range(1000)')
    expect(result).toMatchObject({ rowCount: 200, truncated: true, totalRows: 1000 })
    expect(result.rows[199]).toEqual([199])
    const exact = await session.query('SELECT range AS n FROM range(200)')
    expect(exact).toMatchObject({ rowCount: 200, truncated: false, totalRows: 200 })
    const empty = await session.query('SELECT * FROM orders WHERE false')
    expect(empty).toMatchObject({ rows: [], rowCount: 0, truncated: false, totalRows: 0 })
    expect(empty.columns.map((c) => c.name)).toEqual(['id', 'region', 'total'])
  })

  it('returns JSON-safe values: integers as numbers when exact, dates and timestamps as ISO', async () => {
    const result = await session.query(
      "SELECT 42::BIGINT AS b, 9007199254740993::BIGINT AS big, 170141183460469231731687303715884105727::HUGEINT AS huge, 12.34::DECIMAL(10,2) AS d, DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 13:14:15.5' AS ts, TIMESTAMPTZ '2024-02-29 13:14:15+00' AS tz, [1, 2] AS list, {'k': 'v'} AS struct, NULL AS nothing"
    )
    expect(result.rows[0]).toEqual([42, '9007199254740993', '170141183460469231731687303715884105727', 12.34, '2024-02-29', '2024-02-29T13:14:15.5', '2024-02-29T13:14:15+00:00', [1, 2], { k: 'v' }, null])
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows)
  })

  it('stops a slow query at the time limit and stays usable', async () => {
    await withSession(
      async (quick) => {
        const started = performance.now()
        const error = await failure(quick.query('SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b'))
        const took = performance.now() - started
        expect(error.code).toBe('timeout')
        expect(error.message).toMatch(/stopped after 0\.3 s/)
        expect(took).toBeLessThan(5_000)
        expect((await quick.query('SELECT 1')).rows).toEqual([[1]])
      },
      { timeLimitMs: 300 }
    )
  })

  it('runs queries sent in parallel one after another', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((n) => session.query(`SELECT ${n} AS n`)))
    expect(results.map((r) => r.rows[0][0])).toEqual([1, 2, 3, 4])
  })
})

describe('describeForModel', () => {
  it('lists every table with its columns, types, row count and three sample rows', async () => {
    const path = files.write('shop.csv', 'item,price,group\npen,1.5,office\nink,3,office\npad,2,paper\nbag,9,misc\n')
    await withSession(async (session) => {
      await session.load({ path, name: 'shop.csv', kind: 'csv' })
      const text = describeForModel(session.tables())
      expect(text).toContain('shop — from shop.csv; 4 rows')
      expect(text).toContain('columns: "item" VARCHAR, "price" DOUBLE, "group" VARCHAR')
      expect(text).toContain('sample: pen | 1.5 | office')
      expect(text).toContain('sample: pad | 2 | paper')
      expect(text).not.toContain('bag')
    })
  })

  it('stays within its budget with many wide tables, dropping samples, then columns, then tables', () => {
    const wide = Array.from({ length: 30 }, (_, t) => ({
      table: `table_${t}`,
      file: `file_${t}.csv`,
      columns: Array.from({ length: 80 }, (_, c) => ({ name: `column_number_${c}`, type: 'VARCHAR' })),
      rowCount: 1000,
      sampleRows: [Array.from({ length: 80 }, () => 'x'.repeat(100))]
    }))
    const text = describeForModel(wide, 4000)
    expect(text.length).toBeLessThanOrEqual(4000)
    expect(text).toContain('table_0')
    expect(text).toMatch(/more columns/)
    expect(text).toMatch(/… and \d+ more tables: /)
    expect(describeForModel([])).toBe('No data files are loaded.')
  })
})

describe.runIf(process.env.OMNIDESK_SLOW === '1')('performance (printed, not asserted)', () => {
  it('loads a 1M-row CSV and groups it, watching the event loop', { timeout: 180_000 }, async () => {
    const dir = makeDataDir()
    try {
      const path = join(dir.dir, 'big.csv')
      let t = performance.now()
      const bytes = writeMillionRowCsv(path)
      const generate = performance.now() - t

      let longestGap = 0
      let last = performance.now()
      const ticker = setInterval(() => {
        const now = performance.now()
        longestGap = Math.max(longestGap, now - last)
        last = now
      }, 1)
      const session = await createDataSession()
      try {
        t = performance.now()
        const [table] = await session.load({ path, name: 'big.csv', kind: 'csv' })
        const load = performance.now() - t
        const loadGap = longestGap
        longestGap = 0
        last = performance.now()
        t = performance.now()
        const grouped = await session.query('SELECT city, count(*) AS n, sum(amount) AS total, avg(amount) AS mean FROM big GROUP BY city ORDER BY city')
        const group = performance.now() - t
        const groupGap = longestGap
        clearInterval(ticker)

        // The same file straight into an unlocked DuckDB (no loader → Appender copy), for comparison.
        const direct = await DuckDBInstance.create(':memory:')
        const directConnection = await direct.connect()
        t = performance.now()
        await directConnection.run(`CREATE TABLE big AS SELECT * FROM read_csv('${path}')`)
        const directLoad = performance.now() - t
        directConnection.closeSync()
        direct.closeSync()

        // papaparse + a JS reduce, the way it would be done without DuckDB (blocks the event loop).
        t = performance.now()
        const sums = await papaparseGroupBy(path)
        const papa = performance.now() - t

        const ms = (n: number): string => `${Math.round(n)} ms`
        console.log(
          [
            `1M-row CSV: ${(bytes / 1e6).toFixed(1)} MB written in ${ms(generate)}`,
            `load (check + loader + Appender copy): ${ms(load)}, ${table.rowCount} rows; longest event-loop gap ${ms(loadGap)}`,
            `direct read_csv into an unlocked DuckDB: ${ms(directLoad)}`,
            `GROUP BY city (DuckDB): ${ms(group)} (reported ${grouped.ms} ms); longest event-loop gap ${ms(groupGap)}`,
            `papaparse stream + JS reduce: ${ms(papa)} (${sums.size} groups)`
          ].join('\n')
        )
        expect(grouped.rowCount).toBe(8)
      } finally {
        clearInterval(ticker)
        session.close()
      }
    } finally {
      dir.remove()
    }
  })
})
