/**
 * The data engine in a worker thread (src/main/files/data/dataWorker.ts + worker.ts), against real
 * DuckDB and real files: a CSV loaded and queried through the worker, error codes kept across the
 * boundary, independent sessions, a worker killed mid-call, and main's event loop during a
 * ~200k-row load (the longest gap is printed, not asserted).
 */
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDataWorker, type DataWorker } from '../../src/main/files/data/dataWorker'
import { DataError } from '../../src/main/files/data/errors'
import { makeDataDir, type DataDir } from '../support/dataFiles'

const script = { path: fileURLToPath(new URL('../../src/main/files/data/worker.ts', import.meta.url)), execArgv: ['--require', 'tsx/cjs'] }

let files: DataDir
let bigCsv: string
const threads: Worker[] = []
let engine: DataWorker

beforeAll(() => {
  files = makeDataDir()
  const lines = ['id,city,amount']
  const cities = ['Paris', 'Lyon', 'Nice', 'Lille']
  for (let i = 0; i < 200_000; i++) lines.push(`${i},${cities[i % 4]},${(i % 1000) * 0.25}`)
  bigCsv = files.write('big.csv', `${lines.join('\n')}\n`)
  engine = createDataWorker(script, { onThread: (worker) => threads.push(worker) })
})
afterAll(async () => {
  await engine.close()
  files.remove()
})

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

describe('the data engine in a worker thread', () => {
  it('loads a CSV and queries it through the worker', async () => {
    const csv = files.write('sales.csv', 'city,amount,day\nParis,10.5,2024-01-01\nLyon,3,2024-01-02\nParis,1.5,2024-01-03\n')
    const session = await engine.openSession()
    try {
      const [sales] = await session.load({ path: csv, name: 'sales.csv', kind: 'csv' })
      expect(sales).toMatchObject({ table: 'sales', rowCount: 3, rejectedLines: 0, encoding: 'utf-8' })
      expect(sales.columns).toEqual([
        { name: 'city', type: 'VARCHAR' },
        { name: 'amount', type: 'DOUBLE' },
        { name: 'day', type: 'DATE' }
      ])
      expect(session.tables().map((t) => t.table)).toEqual(['sales'])
      const result = await session.query('SELECT city, sum(amount) AS total FROM sales GROUP BY city ORDER BY city')
      expect(result).toMatchObject({ rows: [['Lyon', 3], ['Paris', 12]], rowCount: 2, truncated: false, totalRows: 2 })
      expect(result.columns).toEqual([
        { name: 'city', type: 'VARCHAR' },
        { name: 'total', type: 'DOUBLE' }
      ])
    } finally {
      session.close()
    }
  })

  it('keeps DataError codes and messages across the boundary, and the session stays usable', async () => {
    const png = files.write('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))
    const session = await engine.openSession()
    try {
      const binary = await failure(session.load({ path: png, name: 'photo.csv', kind: 'csv' }))
      expect([binary.code, binary.message]).toEqual(['binary', '"photo.csv" is a binary file, not CSV text.'])
      const refused = await failure(session.query('DROP TABLE x'))
      expect(refused.code).toBe('refused')
      expect(refused.message).toMatch(/may not run|Only SELECT/)
      const sqlError = await failure(session.query('SELECT nope FROM missing_table'))
      expect(sqlError.code).toBe('sql_error')
      expect(sqlError.message).toMatch(/missing_table/)
      expect((await session.query('SELECT 41 + 1 AS answer')).rows).toEqual([[42]])
    } finally {
      session.close()
    }
    // A closed session refuses further calls with a DataError.
    expect((await failure(session.query('SELECT 1'))).message).toMatch(/closed/)
  })

  it('keeps two sessions independent', async () => {
    const a = files.write('a.csv', 'x\n1\n2\n')
    const b = files.write('b.csv', 'y\nfoo\n')
    const [first, second] = await Promise.all([engine.openSession(), engine.openSession()])
    try {
      await Promise.all([first.load({ path: a, name: 'a.csv', kind: 'csv' }), second.load({ path: b, name: 'b.csv', kind: 'csv' })])
      expect(first.tables().map((t) => t.table)).toEqual(['a'])
      expect(second.tables().map((t) => t.table)).toEqual(['b'])
      expect((await first.query('SELECT sum(x) FROM a')).rows).toEqual([[3]])
      expect((await failure(first.query('SELECT * FROM b'))).code).toBe('sql_error')
      expect((await failure(second.query('SELECT * FROM a'))).code).toBe('sql_error')
      first.close()
      expect((await second.query('SELECT y FROM b')).rows).toEqual([['foo']])
    } finally {
      first.close()
      second.close()
    }
  })

  it('rejects pending calls when the worker dies, and the next openSession starts a fresh one', async () => {
    const session = await engine.openSession()
    const before = threads.length
    const dying = threads[before - 1]
    const loading = session.load({ path: bigCsv, name: 'big.csv', kind: 'csv' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await dying.terminate()
    const lost = await failure(loading)
    expect(lost.code).toBe('load_error')
    expect(lost.message).toMatch(/data engine stopped.*gone/)
    // The session died with its worker, and says so.
    expect(session.tables()).toEqual([])
    expect((await failure(session.query('SELECT 1'))).message).toMatch(/data engine stopped/)

    const fresh = await engine.openSession()
    try {
      expect(threads.length).toBe(before + 1)
      expect((await fresh.query('SELECT 7 AS n')).rows).toEqual([[7]])
    } finally {
      fresh.close()
    }
  })

  it("keeps main's event loop running while a ~200k-row CSV loads in the worker (gap printed)", async () => {
    const session = await engine.openSession()
    let longestGap = 0
    let last = performance.now()
    const ticker = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 1)
    try {
      const started = performance.now()
      const [table] = await session.load({ path: bigCsv, name: 'big.csv', kind: 'csv' })
      const loadMs = performance.now() - started
      const grouped = await session.query('SELECT city, count(*) AS n FROM big GROUP BY city ORDER BY city')
      clearInterval(ticker)
      console.log(`[dataWorker] 200k-row CSV loaded through the worker in ${Math.round(loadMs)} ms; longest main event-loop gap ${longestGap.toFixed(1)} ms`)
      expect(table.rowCount).toBe(200_000)
      expect(grouped.rows).toEqual([
        ['Lille', 50_000],
        ['Lyon', 50_000],
        ['Nice', 50_000],
        ['Paris', 50_000]
      ])
    } finally {
      clearInterval(ticker)
      session.close()
    }
  })

  it('refuses new sessions once closed', async () => {
    const other = createDataWorker(script)
    const session = await other.openSession()
    await other.close()
    expect((await failure(session.query('SELECT 1'))).message).toMatch(/closed/)
    expect((await failure(other.openSession())).message).toMatch(/closed/)
  })
})
