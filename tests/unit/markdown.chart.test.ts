/**
 * The `chart` block format (src/renderer/src/markdown/chartSpec.ts): validation with useful
 * errors, and the mapping to an ECharts option. Also: a closed mermaid / chart fence gets a
 * diagram slot, an open one doesn't (drawing waits for the block to close). Charts drawn from a
 * "query": parsing, the result → rows conversion, the column checks, and drawing one through a
 * data source (ECharts replaced by a recorder).
 */
// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  chartSpecWithRows,
  chartToEChartsOption,
  isNumericColumnType,
  parseChartSpec,
  rowsFromQueryResult,
  type ChartQueryResult,
  type ChartSpec,
  type QueryChartSpec
} from '../../src/renderer/src/markdown/chartSpec'
import { drawDiagrams, type ChartDataSource } from '../../src/renderer/src/markdown/diagrams'
import { renderBlockHtml } from '../../src/renderer/src/markdown/engine'

const drawnOptions = vi.hoisted(() => [] as unknown[])
vi.mock('../../src/renderer/src/markdown/echartsLib', () => ({
  echarts: {
    init: () => ({
      setOption: (o: unknown) => drawnOptions.push(o),
      resize: () => undefined,
      dispose: () => undefined
    })
  }
}))

/** A spec with inline rows (what chartToEChartsOption takes). */
function inlineSpec(source: string): ChartSpec {
  const r = parseChartSpec(source)
  if (!r.ok) throw new Error(r.error)
  if (r.spec.data === undefined) throw new Error('expected inline data')
  return r.spec
}

function querySpec(source: string): QueryChartSpec {
  const r = parseChartSpec(source)
  if (!r.ok) throw new Error(r.error)
  if (r.spec.data !== undefined) throw new Error('expected a query')
  return r.spec
}

const rows = [
  { month: 'Jan', sales: 120, cost: 80, region: 'EU' },
  { month: 'Feb', sales: 150, cost: 90, region: 'EU' },
  { month: 'Jan', sales: 60, cost: 20, region: 'US' }
]

describe('parseChartSpec', () => {
  it('accepts a valid bar spec and normalises y to a list', () => {
    const r = parseChartSpec(JSON.stringify({ type: 'bar', data: rows, x: 'month', y: 'sales', title: 'Sales' }))
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.spec.y).toEqual(['sales'])
      expect(r.spec.title).toBe('Sales')
    }
  })

  it.each([
    ['not json', '{type: bar}', /Invalid JSON/],
    ['not an object', '[1,2]', /JSON object/],
    ['unknown type', JSON.stringify({ type: 'radar', data: rows, x: 'month', y: 'sales' }), /"type" must be one of/],
    ['unknown field', JSON.stringify({ type: 'bar', data: rows, x: 'month', y: 'sales', color: 'red' }), /Unknown field "color"/],
    ['empty data', JSON.stringify({ type: 'bar', data: [], x: 'month', y: 'sales' }), /non-empty array/],
    ['missing field', JSON.stringify({ type: 'bar', data: rows, x: 'month', y: 'profit' }), /No row has the field "profit"/],
    ['non-numeric y', JSON.stringify({ type: 'line', data: rows, x: 'sales', y: 'month' }), /"month" must be a number/],
    ['row not an object', JSON.stringify({ type: 'bar', data: [1], x: 'month', y: 'sales' }), /Row 1 is not an object/],
    ['nested value', JSON.stringify({ type: 'bar', data: [{ month: 'a', sales: { v: 1 } }], x: 'month', y: 'sales' }), /must be a string, a number or null/],
    ['pie with two y', JSON.stringify({ type: 'pie', data: rows, x: 'month', y: ['sales', 'cost'] }), /exactly one "y"/],
    ['scatter with text x', JSON.stringify({ type: 'scatter', data: rows, x: 'month', y: 'sales' }), /must be a number for a scatter/],
    ['series with two y', JSON.stringify({ type: 'bar', data: rows, x: 'month', y: ['sales', 'cost'], series: 'region' }), /"series" needs exactly one/],
    ['stacked not boolean', JSON.stringify({ type: 'bar', data: rows, x: 'month', y: 'sales', stacked: 'yes' }), /"stacked" must be true or false/]
  ])('rejects %s', (_name, source, error) => {
    const r = parseChartSpec(source)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(error)
  })
})

describe('chartToEChartsOption', () => {
  it('maps several y fields to one series each over shared categories', () => {
    const spec = inlineSpec(JSON.stringify({ type: 'bar', data: rows.slice(0, 2), x: 'month', y: ['sales', 'cost'], stacked: true }))
    const o = chartToEChartsOption(spec) as { xAxis: { data: string[] }; series: Array<{ name: string; type: string; data: number[]; stack?: string }> }
    expect(o.xAxis.data).toEqual(['Jan', 'Feb'])
    expect(o.series.map((s) => [s.name, s.type, s.data, s.stack])).toEqual([
      ['sales', 'bar', [120, 150], 'total'],
      ['cost', 'bar', [80, 90], 'total']
    ])
  })

  it('groups by the series field, leaving gaps as null', () => {
    const spec = inlineSpec(JSON.stringify({ type: 'area', data: rows, x: 'month', y: 'sales', series: 'region' }))
    const o = chartToEChartsOption(spec) as { series: Array<{ name: string; type: string; data: Array<number | null>; areaStyle?: object }> }
    expect(o.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['EU', 'line', [120, 150]],
      ['US', 'line', [60, null]]
    ])
    expect(o.series[0].areaStyle).toEqual({})
  })

  it("draws in the colours it is given (the theme's), not ECharts' defaults for a white page", () => {
    const colors = { text: '#ececec', muted: '#b4b4b4', line: 'rgba(255, 255, 255, 0.1)', background: '#1a1a1a' }
    const spec = inlineSpec(JSON.stringify({ type: 'bar', title: 'Sales', data: rows.slice(0, 2), x: 'month', y: ['sales', 'cost'] }))
    type Axis = { axisLabel: { color: string }; nameTextStyle: { color: string }; splitLine: { lineStyle: { color: string } } }
    const o = chartToEChartsOption(spec, { colors }) as {
      title: { textStyle: { color: string } }
      legend: { textStyle: { color: string } }
      xAxis: Axis
      yAxis: Axis
      tooltip: { backgroundColor: string; textStyle: { color: string } }
    }
    expect(o.title.textStyle.color).toBe('#ececec')
    expect(o.legend.textStyle.color).toBe('#ececec')
    for (const axis of [o.xAxis, o.yAxis]) {
      expect(axis.nameTextStyle.color).toBe('#ececec')
      expect(axis.axisLabel.color).toBe('#b4b4b4')
      expect(axis.splitLine.lineStyle.color).toBe('rgba(255, 255, 255, 0.1)')
    }
    expect(o.tooltip).toMatchObject({ backgroundColor: '#1a1a1a', textStyle: { color: '#ececec' } })
    const pie = chartToEChartsOption(inlineSpec(JSON.stringify({ type: 'pie', data: rows.slice(0, 2), x: 'month', y: 'sales' })), { colors }) as {
      series: Array<{ label: { color: string }; itemStyle: { borderColor: string } }>
    }
    expect(pie.series[0]).toMatchObject({ label: { color: '#ececec' }, itemStyle: { borderColor: '#1a1a1a' } })
  })

  it('maps a pie to named values', () => {
    const spec = inlineSpec(JSON.stringify({ type: 'pie', data: rows.slice(0, 2), x: 'month', y: 'sales' }))
    const o = chartToEChartsOption(spec) as { series: Array<{ data: unknown }> }
    expect(o.series[0].data).toEqual([
      { name: 'Jan', value: 120 },
      { name: 'Feb', value: 150 }
    ])
  })
})

describe('diagram slots', () => {
  it('a closed mermaid or chart fence gets a pending slot, the source kept for Copy', () => {
    const html = renderBlockHtml('```mermaid\ngraph TD; A-->B\n```\n', { closed: true })
    expect(html).toContain('class="od-md-diagram"')
    expect(html).toContain('data-kind="mermaid"')
    expect(html).toContain('data-state="pending"')
    expect(html).toContain('A--&gt;B')
    expect(renderBlockHtml('```chart\n{}\n```\n', { closed: true })).toContain('data-kind="chart"')
  })

  it('an open fence (streaming) or an unclosed one (stopped) gets no slot', () => {
    expect(renderBlockHtml('```mermaid\ngraph TD; A-->B\n', { closed: false })).not.toContain('od-md-diagram')
    expect(renderBlockHtml('```mermaid\ngraph TD; A-->B\n', { closed: true })).not.toContain('od-md-diagram')
    expect(renderBlockHtml('```js\nx\n```\n', { closed: true })).not.toContain('od-md-diagram')
  })
})

describe('charts drawn from a query', () => {
  const sql = 'SELECT month, sum(sales) AS sales FROM sales GROUP BY 1 ORDER BY 1'

  it('parses a query spec: the SQL instead of rows', () => {
    const spec = querySpec(JSON.stringify({ type: 'line', query: sql, x: 'month', y: 'sales', title: 'Sales' }))
    expect(spec).toEqual({ type: 'line', query: sql, x: 'month', y: ['sales'], title: 'Sales' })
    expect(spec.data).toBeUndefined()
  })

  it.each([
    ['both data and query', { type: 'bar', data: rows, query: sql, x: 'month', y: 'sales' }, /either "data" or "query", not both/],
    ['neither', { type: 'bar', x: 'month', y: 'sales' }, /needs "data" .* or "query"/],
    ['a query that is not text', { type: 'bar', query: 42, x: 'month', y: 'sales' }, /"query" must be SQL text/],
    ['an empty query', { type: 'bar', query: '  ', x: 'month', y: 'sales' }, /"query" must be SQL text/],
    ['a query over 20,000 characters', { type: 'bar', query: 'SELECT 1 ' + 'x'.repeat(20_000), x: 'month', y: 'sales' }, /longer than 20,000/],
    ['a query with no x', { type: 'bar', query: sql, y: 'sales' }, /"x" must name/],
    ['a query pie with two y', { type: 'pie', query: sql, x: 'month', y: ['a', 'b'] }, /exactly one "y"/]
  ])('rejects %s', (_name, spec, error) => {
    const r = parseChartSpec(JSON.stringify(spec))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(error)
  })

  it('knows numeric DuckDB column types', () => {
    for (const type of ['BIGINT', 'HUGEINT', 'UBIGINT', 'INTEGER', 'DOUBLE', 'FLOAT', 'DECIMAL(18,3)', 'decimal(38, 10)', 'NUMERIC']) {
      expect(isNumericColumnType(type), type).toBe(true)
    }
    for (const type of ['VARCHAR', 'DATE', 'TIMESTAMP', 'INTEGER[]', 'STRUCT(a INTEGER)', 'BOOLEAN', 'INTERVAL']) {
      expect(isNumericColumnType(type), type).toBe(false)
    }
  })

  it('turns a result into rows: numbers stay, numeric text in numeric columns becomes numbers, null stays', () => {
    const result: ChartQueryResult = {
      columns: [
        { name: 'month', type: 'VARCHAR' },
        { name: 'sales', type: 'HUGEINT' },
        { name: 'avg', type: 'DECIMAL(38,2)' },
        { name: 'ratio', type: 'DOUBLE' },
        { name: 'code', type: 'VARCHAR' },
        { name: 'flag', type: 'BOOLEAN' },
        { name: 'tags', type: 'VARCHAR[]' }
      ],
      rows: [
        ['Jan', '123456789012345678901', '12.50', 0.5, '007', true, ['a']],
        ['Feb', 42, null, null, null, null, null],
        [null, 'n/a', '-3e2', 1, '1.5', false, []]
      ],
      truncated: false
    }
    expect(rowsFromQueryResult(result)).toEqual([
      { month: 'Jan', sales: 123456789012345678901, avg: 12.5, ratio: 0.5, code: '007', flag: 'true', tags: '["a"]' },
      { month: 'Feb', sales: 42, avg: null, ratio: null, code: null, flag: null, tags: null },
      { month: null, sales: 'n/a', avg: -300, ratio: 1, code: '1.5', flag: 'false', tags: '[]' }
    ])
  })

  it('checks x / y / series against the result columns, naming the ones it has', () => {
    const spec = querySpec(JSON.stringify({ type: 'bar', query: sql, x: 'month', y: 'sales' }))
    const result: ChartQueryResult = { columns: [{ name: 'mon', type: 'VARCHAR' }, { name: 'sales', type: 'BIGINT' }], rows: [['Jan', 1]], truncated: false }
    const r = chartSpecWithRows(spec, result)
    expect(r).toEqual({ ok: false, error: 'The query\'s result has no column "month"; it has: "mon", "sales".' })
  })

  it('fills the spec with the rows (big integers as numbers) and keeps the query', () => {
    const spec = querySpec(JSON.stringify({ type: 'bar', query: sql, x: 'month', y: 'sales' }))
    const result: ChartQueryResult = {
      columns: [{ name: 'month', type: 'VARCHAR' }, { name: 'sales', type: 'BIGINT' }],
      rows: [['Jan', '9007199254740993'], ['Feb', 150]],
      truncated: false
    }
    const r = chartSpecWithRows(spec, result)
    if (!r.ok) throw new Error(r.error)
    expect(r.spec.query).toBe(sql)
    expect(r.spec.data).toEqual([{ month: 'Jan', sales: 9007199254740992 }, { month: 'Feb', sales: 150 }])
    const o = chartToEChartsOption(r.spec) as { xAxis: { data: string[] }; series: Array<{ data: number[] }> }
    expect(o.xAxis.data).toEqual(['Jan', 'Feb'])
    expect(o.series[0].data).toEqual([9007199254740992, 150])
  })

  it('says which row is not a number for y, with the column type, and refuses an empty result', () => {
    const spec = querySpec(JSON.stringify({ type: 'bar', query: sql, x: 'sales', y: 'month' }))
    const columns = [{ name: 'month', type: 'VARCHAR' }, { name: 'sales', type: 'BIGINT' }]
    expect(chartSpecWithRows(spec, { columns, rows: [['Jan', 1]], truncated: false })).toEqual({
      ok: false,
      error: 'Row 1 of the query\'s result: "month" (VARCHAR) must be a number.'
    })
    expect(chartSpecWithRows(spec, { columns, rows: [], truncated: false })).toEqual({ ok: false, error: 'The query returned no rows.' })
  })
})

describe('drawing a chart from a query', () => {
  const sql = 'SELECT month, sales FROM sales'
  const block = (spec: object): HTMLElement => {
    const root = document.createElement('div')
    root.innerHTML = renderBlockHtml('```chart\n' + JSON.stringify(spec) + '\n```\n', { closed: true })
    document.body.append(root)
    return root
  }
  const slotOf = (root: HTMLElement): HTMLElement => root.querySelector<HTMLElement>('.od-md-diagram')!
  const result: ChartQueryResult = {
    columns: [{ name: 'month', type: 'VARCHAR' }, { name: 'sales', type: 'HUGEINT' }],
    rows: [['Jan', '120'], ['Feb', 150]],
    truncated: false
  }

  afterEach(() => {
    document.body.replaceChildren()
    drawnOptions.length = 0
  })

  it('runs the query once, shows the loading state, then the chart with the SQL under it', async () => {
    let resolve!: (r: ChartQueryResult) => void
    const data: ChartDataSource = { query: vi.fn(() => new Promise<ChartQueryResult>((r) => (resolve = r))) }
    const root = block({ type: 'bar', query: sql, x: 'month', y: 'sales' })
    drawDiagrams(root, { data })
    await vi.waitFor(() => expect(root.querySelector('[data-testid="chart-loading"]')?.textContent).toBe('Running the query…'))
    expect(slotOf(root).dataset.state).toBe('loading')
    resolve(result)
    await vi.waitFor(() => expect(slotOf(root).dataset.state).toBe('done'))
    expect(data.query).toHaveBeenCalledTimes(1)
    expect(data.query).toHaveBeenCalledWith(sql)
    expect(root.querySelector('[data-testid="chart"]')).not.toBeNull()
    const caption = root.querySelector<HTMLElement>('[data-testid="chart-query"]')!
    expect(caption.textContent).toBe(`From your data: ${sql}`)
    expect(caption.title).toBe(sql)
    expect((drawnOptions[0] as { series: Array<{ data: number[] }> }).series[0].data).toEqual([120, 150])

    // The same block drawn again (remounted): the result is reused, the query not run again.
    const again = block({ type: 'bar', query: sql, x: 'month', y: 'sales' })
    drawDiagrams(again, { data })
    await vi.waitFor(() => expect(slotOf(again).dataset.state).toBe('done'))
    expect(data.query).toHaveBeenCalledTimes(1)
  })

  it('without a data source, says the chart needs its files (the source stays shown)', async () => {
    const root = block({ type: 'bar', query: sql, x: 'month', y: 'sales' })
    drawDiagrams(root)
    await vi.waitFor(() => expect(slotOf(root).dataset.state).toBe('error'))
    expect(root.querySelector('.od-md-diagram-error')?.textContent).toContain('This chart needs the data files of its conversation.')
    expect(root.querySelector('.od-md-code')?.getAttribute('data-diagram-state')).toBe('error')
  })

  it('shows a failed query and a missing column as errors, never a blank', async () => {
    const failing: ChartDataSource = { query: () => Promise.reject(Object.assign(new Error('Catalog Error: no table sales'), { info: { code: 'data_query' } })) }
    const root = block({ type: 'bar', query: sql + ' -- fails', x: 'month', y: 'sales' })
    drawDiagrams(root, { data: failing, labels: { describeError: (e) => `failed: ${(e as Error).message}` } })
    await vi.waitFor(() => expect(slotOf(root).dataset.state).toBe('error'))
    expect(root.querySelector('.od-md-diagram-error-detail')?.textContent).toBe('failed: Catalog Error: no table sales')

    const other = block({ type: 'bar', query: sql + ' -- columns', x: 'region', y: 'sales' })
    drawDiagrams(other, { data: { query: async () => result } })
    await vi.waitFor(() => expect(slotOf(other).dataset.state).toBe('error'))
    expect(other.querySelector('.od-md-diagram-error-detail')?.textContent).toBe('The query\'s result has no column "region"; it has: "month", "sales".')
  })
})
