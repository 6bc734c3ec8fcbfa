// @vitest-environment jsdom
/**
 * ResultTable (src/renderer/src/tools/ResultTable.tsx) in jsdom: the SQL, formatted cells, the
 * caption, header sorting, and Save as CSV through the data context (hidden without one; busy
 * while it runs; the whole result downloaded as query-result.csv; a failure said beside it).
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../src/shared/errors'
import type { DataQueryResult } from '../../src/shared/files/schemas'
import { initI18n } from '../../src/renderer/src/i18n'
import { DataQueryContext, type DataQueryApi } from '../../src/renderer/src/tools/dataQueryContext'
import { ResultTable } from '../../src/renderer/src/tools/ResultTable'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

describe('ResultTable', () => {
  const sql = 'SELECT name, amount FROM sales'
  const table: DataQueryResult = {
    columns: [
      { name: 'name', type: 'VARCHAR' },
      { name: 'amount', type: 'BIGINT' }
    ],
    rows: [
      ['b', 1200],
      ['a', null],
      ['c', 30]
    ],
    rowCount: 3,
    truncated: true,
    totalRows: 12345
  }
  let host: HTMLDivElement
  let root: Root

  beforeAll(() => {
    initI18n('en')
  })
  beforeEach(() => {
    host = document.createElement('div')
    document.body.append(host)
    root = createRoot(host)
  })
  afterEach(() => {
    act(() => root.unmount())
    host.remove()
    vi.restoreAllMocks()
  })

  const show = (data?: DataQueryApi): void => {
    const tableEl = <ResultTable table={table} sql={sql} />
    act(() => root.render(data ? <DataQueryContext.Provider value={data}>{tableEl}</DataQueryContext.Provider> : tableEl))
  }
  const byTestId = (id: string): HTMLElement | null => host.querySelector<HTMLElement>(`[data-testid="${id}"]`)
  const cells = (column: number): string[] => [...host.querySelectorAll('tbody tr')].map((tr) => tr.children[column].textContent ?? '')

  it('shows the SQL, the rows formatted, null as a muted dash, and the caption', () => {
    show()
    expect(byTestId('result-sql')?.textContent).toBe(sql)
    expect(cells(1)).toEqual(['1,200', '—', '30'])
    expect(host.querySelector('tbody tr:nth-child(2) td:nth-child(2)')?.className).toContain('od-result-null')
    expect(host.querySelector('tbody td:nth-child(2)')?.className).toContain('od-result-num')
    expect(byTestId('result-table-caption')?.textContent).toBe('3 of 12,345 rows')
    // No data context: nothing to save through.
    expect(byTestId('result-save-csv')).toBeNull()
  })

  it('sorts by a header click: ascending, descending, then the original order', () => {
    show()
    const header = host.querySelector<HTMLButtonElement>('[data-testid="result-table-sort"][data-column="amount"]')!
    const th = header.closest('th')!
    expect(th.getAttribute('aria-sort')).toBe('none')
    act(() => header.click())
    expect(th.getAttribute('aria-sort')).toBe('ascending')
    expect(cells(1)).toEqual(['30', '1,200', '—'])
    act(() => header.click())
    expect(th.getAttribute('aria-sort')).toBe('descending')
    expect(cells(1)).toEqual(['1,200', '30', '—'])
    act(() => header.click())
    expect(th.getAttribute('aria-sort')).toBe('none')
    expect(cells(0)).toEqual(['b', 'a', 'c'])
  })

  it('Save as CSV fetches the whole result and downloads it as query-result.csv', async () => {
    let finish!: (v: { csv: string; rows: number }) => void
    const data: DataQueryApi = {
      query: vi.fn(),
      exportCsv: vi.fn(() => new Promise<{ csv: string; rows: number }>((r) => (finish = r)))
    }
    const blobs: Blob[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob)
      return 'blob:result'
    })
    const revokeObjectURL = vi.fn()
    Object.assign(URL, { createObjectURL, revokeObjectURL })
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })
    show(data)
    const save = byTestId('result-save-csv') as HTMLButtonElement
    expect(save.textContent).toBe('Save as CSV')
    act(() => save.click())
    expect(data.exportCsv).toHaveBeenCalledWith(sql)
    expect(save.disabled).toBe(true)
    expect(save.getAttribute('aria-busy')).toBe('true')
    await act(async () => finish({ csv: 'name,amount\nb,1200\n', rows: 12345 }))
    expect(save.disabled).toBe(false)
    expect(clicked).toHaveLength(1)
    expect(clicked[0].download).toBe('query-result.csv')
    expect(clicked[0].href).toBe('blob:result')
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:result')
    expect(blobs[0].type).toBe('text/csv;charset=utf-8')
    // jsdom's Blob has no text(); the bytes, since decoding as text would drop the byte-order mark.
    const bytes = await new Promise<Uint8Array>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
      reader.readAsArrayBuffer(blobs[0])
    })
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe('\ufeffname,amount\nb,1200\n')
  })

  it('a failed save says why, in words, beside the button', async () => {
    const data: DataQueryApi = {
      query: vi.fn(),
      exportCsv: vi.fn(() => Promise.reject(new AppError({ code: 'data_query', detail: 'Binder Error: no column x' })))
    }
    show(data)
    await act(async () => (byTestId('result-save-csv') as HTMLButtonElement).click())
    expect(byTestId('result-save-error')?.textContent).toBe('The query over your data failed. Binder Error: no column x')
    expect((byTestId('result-save-csv') as HTMLButtonElement).disabled).toBe(false)
  })
})
