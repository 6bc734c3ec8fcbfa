/**
 * The `chart` block format: a small, documented JSON spec (Vega-Lite-like, a subset) that the
 * model writes in a ```chart fence and the renderer draws with ECharts. Pure: validation and the
 * spec → ECharts option mapping run in Node (unit tests) and in the renderer alike.
 *
 * ```chart
 * {
 *   "type": "bar",                      // bar | line | area | scatter | pie
 *   "title": "Sales by month",          // optional
 *   "data": [ { "month": "Jan", "sales": 120, "cost": 80 }, ... ],   // rows (1..5000)
 *   "x": "month",                       // field on the x axis (pie: the slice label)
 *   "y": ["sales", "cost"],             // one field or several (pie: exactly one)
 *   "series": "region",                 // optional: one series per value of this field (one y)
 *   "stacked": false,                   // optional, bar/area
 *   "xLabel": "Month", "yLabel": "USD"  // optional axis titles
 * }
 * ```
 *
 * JSON only (no comments, no functions): anything else is reported as an error with the source
 * shown, never a blank.
 */

export const CHART_TYPES = ['bar', 'line', 'area', 'scatter', 'pie'] as const
export type ChartType = (typeof CHART_TYPES)[number]

export interface ChartSpec {
  type: ChartType
  title?: string
  data: Array<Record<string, string | number | null>>
  x: string
  y: string[]
  series?: string
  stacked?: boolean
  xLabel?: string
  yLabel?: string
}

export type ChartParse = { ok: true; spec: ChartSpec } | { ok: false; error: string }

export const MAX_CHART_ROWS = 5000
const KNOWN_KEYS = new Set(['type', 'title', 'data', 'x', 'y', 'series', 'stacked', 'xLabel', 'yLabel'])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses and validates a chart block's source. Error messages are short English sentences. */
export function parseChartSpec(source: string): ChartParse {
  let raw: unknown
  try {
    raw = JSON.parse(source)
  } catch (err) {
    return { ok: false, error: `Invalid JSON: ${(err as Error).message}` }
  }
  if (!isPlainObject(raw)) return { ok: false, error: 'The chart spec must be a JSON object.' }
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) return { ok: false, error: `Unknown field "${key}".` }
  }
  const { type, title, data, x, series, stacked, xLabel, yLabel } = raw
  if (typeof type !== 'string' || !(CHART_TYPES as readonly string[]).includes(type)) {
    return { ok: false, error: `"type" must be one of ${CHART_TYPES.join(', ')}.` }
  }
  for (const [name, v] of [['title', title], ['xLabel', xLabel], ['yLabel', yLabel], ['series', series]] as const) {
    if (v !== undefined && typeof v !== 'string') return { ok: false, error: `"${name}" must be a string.` }
  }
  if (stacked !== undefined && typeof stacked !== 'boolean') return { ok: false, error: '"stacked" must be true or false.' }
  if (!Array.isArray(data) || data.length === 0) return { ok: false, error: '"data" must be a non-empty array of rows.' }
  if (data.length > MAX_CHART_ROWS) return { ok: false, error: `"data" has more than ${MAX_CHART_ROWS} rows.` }
  if (typeof x !== 'string' || !x) return { ok: false, error: '"x" must name a field of the rows.' }
  const yRaw = raw.y
  const y = typeof yRaw === 'string' ? [yRaw] : yRaw
  if (!Array.isArray(y) || y.length === 0 || !y.every((f) => typeof f === 'string' && f)) {
    return { ok: false, error: '"y" must name a field (or a list of fields) of the rows.' }
  }
  const rows: ChartSpec['data'] = []
  for (let i = 0; i < data.length; i++) {
    const row = data[i]
    if (!isPlainObject(row)) return { ok: false, error: `Row ${i + 1} is not an object.` }
    for (const [k, v] of Object.entries(row)) {
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
        return { ok: false, error: `Row ${i + 1}: field "${k}" must be a string, a number or null.` }
      }
    }
    rows.push(row as Record<string, string | number | null>)
  }
  const fields = new Set(rows.flatMap((r) => Object.keys(r)))
  for (const f of [x, ...(y as string[]), ...(typeof series === 'string' ? [series] : [])]) {
    if (!fields.has(f)) return { ok: false, error: `No row has the field "${f}".` }
  }
  for (const f of y as string[]) {
    const bad = rows.findIndex((r) => r[f] !== undefined && r[f] !== null && typeof r[f] !== 'number')
    if (bad !== -1) return { ok: false, error: `Row ${bad + 1}: "${f}" must be a number.` }
  }
  if (type === 'scatter') {
    const bad = rows.findIndex((r) => r[x] !== undefined && r[x] !== null && typeof r[x] !== 'number')
    if (bad !== -1) return { ok: false, error: `Row ${bad + 1}: "${x}" must be a number for a scatter chart.` }
  }
  if (type === 'pie' && y.length !== 1) return { ok: false, error: 'A pie chart takes exactly one "y" field.' }
  if (typeof series === 'string' && y.length !== 1) return { ok: false, error: '"series" needs exactly one "y" field.' }
  const spec: ChartSpec = { type: type as ChartType, data: rows, x, y: y as string[] }
  if (title !== undefined) spec.title = title as string
  if (series !== undefined) spec.series = series as string
  if (stacked !== undefined) spec.stacked = stacked as boolean
  if (xLabel !== undefined) spec.xLabel = xLabel as string
  if (yLabel !== undefined) spec.yLabel = yLabel as string
  return { ok: true, spec }
}

type Value = string | number | null

/** The ECharts option for a valid spec (plain data: no functions, no HTML formatters). */
export function chartToEChartsOption(spec: ChartSpec, opts: { dark?: boolean } = {}): Record<string, unknown> {
  const textColor = opts.dark ? '#e6edf3' : '#1f2328'
  const base: Record<string, unknown> = {
    animation: false,
    textStyle: { color: textColor },
    tooltip: { trigger: spec.type === 'pie' || spec.type === 'scatter' ? 'item' : 'axis' },
    ...(spec.title ? { title: { text: spec.title, left: 'center', textStyle: { color: textColor, fontSize: 14 } } } : {})
  }
  if (spec.type === 'pie') {
    const field = spec.y[0]
    return {
      ...base,
      legend: { bottom: 0, type: 'scroll', textStyle: { color: textColor } },
      series: [
        {
          type: 'pie',
          radius: '60%',
          data: spec.data.map((r) => ({ name: String(r[spec.x] ?? ''), value: r[field] ?? 0 }))
        }
      ]
    }
  }
  // One series per y field, or per value of the `series` field.
  const groups: Array<{ name: string; rows: typeof spec.data; field: string }> = spec.series
    ? Array.from(
        spec.data.reduce((m, r) => {
          const key = String(r[spec.series!] ?? '')
          m.set(key, [...(m.get(key) ?? []), r])
          return m
        }, new Map<string, typeof spec.data>())
      ).map(([name, rows]) => ({ name, rows, field: spec.y[0] }))
    : spec.y.map((f) => ({ name: f, rows: spec.data, field: f }))
  const scatter = spec.type === 'scatter'
  const categories = scatter ? [] : Array.from(new Set(spec.data.map((r) => String(r[spec.x] ?? ''))))
  const seriesType = spec.type === 'area' ? 'line' : spec.type
  return {
    ...base,
    legend: groups.length > 1 ? { bottom: 0, type: 'scroll', textStyle: { color: textColor } } : undefined,
    grid: { left: 48, right: 24, top: spec.title ? 40 : 16, bottom: groups.length > 1 ? 56 : 32, containLabel: true },
    xAxis: scatter
      ? { type: 'value', name: spec.xLabel ?? spec.x, nameLocation: 'middle', nameGap: 28, scale: true }
      : { type: 'category', data: categories, name: spec.xLabel, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: spec.yLabel ?? (spec.y.length === 1 ? spec.y[0] : undefined), scale: scatter },
    series: groups.map((g) => {
      const data: Value[] | Value[][] = scatter
        ? g.rows.map((r) => [r[spec.x] ?? null, r[g.field] ?? null])
        : (() => {
            const byX = new Map(g.rows.map((r) => [String(r[spec.x] ?? ''), r[g.field] ?? null]))
            return categories.map((c) => byX.get(c) ?? null)
          })()
      return {
        name: g.name,
        type: seriesType,
        data,
        ...(spec.type === 'area' ? { areaStyle: {} } : {}),
        ...(spec.stacked && (spec.type === 'bar' || spec.type === 'area') ? { stack: 'total' } : {})
      }
    })
  }
}
