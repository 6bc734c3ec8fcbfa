/**
 * The results table's pure logic (src/renderer/src/tools/resultTableLogic.ts): the SQL of a query_data
 * call, the sort cycle, sorting (numbers numerically, big integers sent as text too, null last,
 * text by the locale), cells as shown, and the row-count caption. The component itself:
 * renderer.resultTable.test.tsx.
 */
import { describe, expect, it } from 'vitest'
import {
  captionOf,
  formatCell,
  formatNumber,
  isNumericColumn,
  nextSort,
  sortRows,
  sqlFromArguments
} from '../../src/renderer/src/tools/resultTableLogic'

describe('sqlFromArguments', () => {
  it('reads the sql of the arguments, or nothing', () => {
    expect(sqlFromArguments('{"sql":"SELECT 1"}')).toBe('SELECT 1')
    expect(sqlFromArguments('{"sql":"  "}')).toBeUndefined()
    expect(sqlFromArguments('{"query":"SELECT 1"}')).toBeUndefined()
    expect(sqlFromArguments('{"sql":')).toBeUndefined()
    expect(sqlFromArguments('["SELECT 1"]')).toBeUndefined()
  })
})

describe('nextSort', () => {
  it('cycles ascending → descending → original order, and restarts on another column', () => {
    const asc = nextSort(null, 2)
    expect(asc).toEqual({ column: 2, direction: 'asc' })
    const desc = nextSort(asc, 2)
    expect(desc).toEqual({ column: 2, direction: 'desc' })
    expect(nextSort(desc, 2)).toBeNull()
    expect(nextSort(desc, 0)).toEqual({ column: 0, direction: 'asc' })
  })
})

describe('sortRows', () => {
  const rows: unknown[][] = [
    ['b', 10, '9007199254740993'],
    ['a', null, '12'],
    ['C', 2, null],
    ['a2', 2.5, '-5'],
    ['a10', -1, '9007199254740992']
  ]
  const types = ['VARCHAR', 'DOUBLE', 'HUGEINT']
  const column = (sorted: unknown[][], i: number): unknown[] => sorted.map((r) => r[i])

  it('sorts numbers numerically with null last, both ways', () => {
    expect(column(sortRows(rows, types, { column: 1, direction: 'asc' }, 'en'), 1)).toEqual([-1, 2, 2.5, 10, null])
    expect(column(sortRows(rows, types, { column: 1, direction: 'desc' }, 'en'), 1)).toEqual([10, 2.5, 2, -1, null])
  })

  it('sorts integers sent as text numerically, without losing the digits beyond a double', () => {
    expect(column(sortRows(rows, types, { column: 2, direction: 'asc' }, 'en'), 2)).toEqual(['-5', '12', '9007199254740992', '9007199254740993', null])
    expect(column(sortRows(rows, types, { column: 2, direction: 'desc' }, 'en'), 2)).toEqual(['9007199254740993', '9007199254740992', '12', '-5', null])
  })

  it('sorts text with the locale (case-insensitive order, numbers inside by value)', () => {
    expect(column(sortRows(rows, types, { column: 0, direction: 'asc' }, 'en'), 0)).toEqual(['a', 'a2', 'a10', 'b', 'C'])
  })

  it('keeps the original order without a sort, and ties in it; never touches its input', () => {
    const copy = rows.map((r) => r.slice())
    expect(sortRows(rows, types, null, 'en')).toEqual(rows)
    expect(column(sortRows(rows, types, { column: 1, direction: 'desc' }, 'en'), 0)).toEqual(['b', 'a2', 'C', 'a10', 'a'])
    expect(rows).toEqual(copy)
  })

  it('sorts numbers in an untyped column numerically, before text', () => {
    const mixed = [['x'], [3], [null], [20]]
    expect(sortRows(mixed, ['JSON'], { column: 0, direction: 'asc' }, 'en')).toEqual([[3], [20], ['x'], [null]])
  })
})

describe('formatNumber', () => {
  it('groups digits in the locale and keeps every digit of an integer', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatNumber('123456789012345678901', 'en')).toBe('123,456,789,012,345,678,901')
    expect(formatNumber(-42, 'zh-CN')).toBe('-42')
    expect(formatNumber(12345, 'zh-CN')).toBe('12,345')
  })

  it('shows fractions as far as the value has them, a decimal with its scale', () => {
    expect(formatNumber(0.1, 'en')).toBe('0.1')
    expect(formatNumber(1234.5678, 'en')).toBe('1,234.5678')
    expect(formatNumber('12.50', 'en')).toBe('12.50')
    expect(formatNumber('1234567890123456.789', 'en')).toBe('1,234,567,890,123,456.789')
  })

  it('writes tiny values in scientific notation rather than as 0', () => {
    expect(formatNumber(1.5e-10, 'en')).toBe('1.5E-10')
  })
})

describe('formatCell', () => {
  it('null is an em-dash, marked empty', () => {
    expect(formatCell(null, 'VARCHAR', 'en')).toEqual({ text: '—', empty: true, numeric: false })
    expect(formatCell(undefined, 'BIGINT', 'en')).toEqual({ text: '—', empty: true, numeric: false })
  })

  it('numbers are numeric and formatted; numeric text only in numeric columns', () => {
    expect(formatCell(12345, 'BIGINT', 'en')).toEqual({ text: '12,345', empty: false, numeric: true })
    expect(formatCell('98765432109876543210', 'HUGEINT', 'en')).toEqual({ text: '98,765,432,109,876,543,210', empty: false, numeric: true })
    expect(formatCell('007', 'VARCHAR', 'en')).toEqual({ text: '007', empty: false, numeric: false })
  })

  it('gives the raw value as title when the shown text reads differently', () => {
    expect(formatCell(1.5e-10, 'DOUBLE', 'en').title).toBe('1.5e-10')
    expect(formatCell(0.25, 'DOUBLE', 'en').title).toBeUndefined()
  })

  it('long text keeps its whole value in the title; other values as text or JSON', () => {
    const long = 'x'.repeat(41)
    expect(formatCell(long, 'VARCHAR', 'en')).toEqual({ text: long, empty: false, numeric: false, title: long })
    expect(formatCell('short', 'VARCHAR', 'en').title).toBeUndefined()
    expect(formatCell(true, 'BOOLEAN', 'en').text).toBe('true')
    expect(formatCell([1, 'a'], 'VARCHAR[]', 'en').text).toBe('[1,"a"]')
    expect(formatCell({ a: 1 }, 'STRUCT(a INTEGER)', 'en').text).toBe('{"a":1}')
  })
})

describe('isNumericColumn', () => {
  it('is numeric by type, or when every value it has is a number', () => {
    expect(isNumericColumn('DECIMAL(18,2)', [['x']], 0)).toBe(true)
    expect(isNumericColumn('JSON', [[1], [null], [2]], 0)).toBe(true)
    expect(isNumericColumn('JSON', [[1], ['a']], 0)).toBe(false)
    expect(isNumericColumn('VARCHAR', [[null]], 0)).toBe(false)
  })
})

describe('captionOf', () => {
  const rows = (n: number): unknown[][] => Array.from({ length: n }, () => [])

  it('all rows shown: "12 rows"', () => {
    expect(captionOf({ rows: rows(12), rowCount: 12, truncated: false }, 'en')).toMatchObject({ key: 'rows', count: 12, rows: '12' })
    expect(captionOf({ rows: rows(1), rowCount: 1, truncated: false, totalRows: 1 }, 'en')).toMatchObject({ key: 'rows', count: 1 })
  })

  it('some of a counted total: "100 of 12,345 rows", the plural by the total', () => {
    expect(captionOf({ rows: rows(100), rowCount: 100, truncated: true, totalRows: 12345 }, 'en')).toEqual({
      key: 'rowsOfTotal',
      count: 12345,
      rows: '12,345',
      shown: '100',
      total: '12,345'
    })
  })

  it('cut and not counted: "First 100 rows"', () => {
    expect(captionOf({ rows: rows(100), rowCount: 100, truncated: true }, 'en')).toMatchObject({ key: 'firstRows', count: 100, shown: '100' })
  })
})
