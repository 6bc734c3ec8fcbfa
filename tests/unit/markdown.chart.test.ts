/**
 * The `chart` block format (src/renderer/src/markdown/chartSpec.ts): validation with useful
 * errors, and the mapping to an ECharts option. Also: a closed mermaid / chart fence gets a
 * diagram slot, an open one doesn't (drawing waits for the block to close).
 */
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { chartToEChartsOption, parseChartSpec } from '../../src/renderer/src/markdown/chartSpec'
import { renderBlockHtml } from '../../src/renderer/src/markdown/engine'

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
    const r = parseChartSpec(JSON.stringify({ type: 'bar', data: rows.slice(0, 2), x: 'month', y: ['sales', 'cost'], stacked: true }))
    if (!r.ok) throw new Error(r.error)
    const o = chartToEChartsOption(r.spec) as { xAxis: { data: string[] }; series: Array<{ name: string; type: string; data: number[]; stack?: string }> }
    expect(o.xAxis.data).toEqual(['Jan', 'Feb'])
    expect(o.series.map((s) => [s.name, s.type, s.data, s.stack])).toEqual([
      ['sales', 'bar', [120, 150], 'total'],
      ['cost', 'bar', [80, 90], 'total']
    ])
  })

  it('groups by the series field, leaving gaps as null', () => {
    const r = parseChartSpec(JSON.stringify({ type: 'area', data: rows, x: 'month', y: 'sales', series: 'region' }))
    if (!r.ok) throw new Error(r.error)
    const o = chartToEChartsOption(r.spec) as { series: Array<{ name: string; type: string; data: Array<number | null>; areaStyle?: object }> }
    expect(o.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['EU', 'line', [120, 150]],
      ['US', 'line', [60, null]]
    ])
    expect(o.series[0].areaStyle).toEqual({})
  })

  it('maps a pie to named values', () => {
    const r = parseChartSpec(JSON.stringify({ type: 'pie', data: rows.slice(0, 2), x: 'month', y: 'sales' }))
    if (!r.ok) throw new Error(r.error)
    const o = chartToEChartsOption(r.spec) as { series: Array<{ data: unknown }> }
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
