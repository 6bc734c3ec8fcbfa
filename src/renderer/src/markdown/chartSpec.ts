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
 * Instead of "data", a chart may give "query": read-only SQL over the conversation's data files
 * ("SELECT month, sum(sales) AS sales FROM sales GROUP BY 1 ORDER BY 1"); exactly one of the two.
 * The renderer runs it (diagrams.ts), turns the result into rows (rowsFromQueryResult) and
 * checks x / y / series against its columns (chartSpecWithRows) before drawing it as any chart.
 *
 * JSON only (no comments, no functions): anything else is reported as an error with the source
 * shown, never a blank.
 */

export const CHART_TYPES = ['bar', 'line', 'area', 'scatter', 'pie'] as const
export type ChartType = (typeof CHART_TYPES)[number]

export type ChartRow = Record<string, string | number | null>

interface ChartSpecFields {
  type: ChartType
  title?: string
  x: string
  y: string[]
  series?: string
  stacked?: boolean
  xLabel?: string
  yLabel?: string
}

/** A chart with its rows: what chartToEChartsOption draws. `query`: the SQL the rows came from. */
export interface ChartSpec extends ChartSpecFields {
  data: ChartRow[]
  query?: string
}

/** A chart whose rows are still to be fetched by running its query. */
export interface QueryChartSpec extends ChartSpecFields {
  query: string
  data?: undefined
}

export type ChartParse = { ok: true; spec: ChartSpec | QueryChartSpec } | { ok: false; error: string }
export type ChartRowsParse = { ok: true; spec: ChartSpec } | { ok: false; error: string }

/**
 * A query's result as the data engine returns it (src/shared/files DataQueryResult), spelled out
 * here so the markdown module stays free of app imports.
 */
export interface ChartQueryResult {
  columns: ReadonlyArray<{ name: string; type: string }>
  rows: ReadonlyArray<ReadonlyArray<unknown>>
  truncated: boolean
}

export const MAX_CHART_ROWS = 5000
/** As the data channel's own limit on SQL (src/shared/ipc/contract.ts, data.query). */
export const MAX_CHART_QUERY_CHARS = 20_000
const KNOWN_KEYS = new Set(['type', 'title', 'data', 'query', 'x', 'y', 'series', 'stacked', 'xLabel', 'yLabel'])

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
  const { type, title, data, query, x, series, stacked, xLabel, yLabel } = raw
  if (typeof type !== 'string' || !(CHART_TYPES as readonly string[]).includes(type)) {
    return { ok: false, error: `"type" must be one of ${CHART_TYPES.join(', ')}.` }
  }
  for (const [name, v] of [['title', title], ['xLabel', xLabel], ['yLabel', yLabel], ['series', series]] as const) {
    if (v !== undefined && typeof v !== 'string') return { ok: false, error: `"${name}" must be a string.` }
  }
  if (stacked !== undefined && typeof stacked !== 'boolean') return { ok: false, error: '"stacked" must be true or false.' }
  if (data !== undefined && query !== undefined) return { ok: false, error: 'Give either "data" or "query", not both.' }
  if (query !== undefined) {
    if (typeof query !== 'string' || !query.trim()) return { ok: false, error: '"query" must be SQL text.' }
    if (query.length > MAX_CHART_QUERY_CHARS) return { ok: false, error: `"query" is longer than ${MAX_CHART_QUERY_CHARS.toLocaleString('en')} characters.` }
  } else {
    if (data === undefined) return { ok: false, error: 'A chart needs "data" (its rows) or "query" (SQL over the data files).' }
    if (!Array.isArray(data) || data.length === 0) return { ok: false, error: '"data" must be a non-empty array of rows.' }
    if (data.length > MAX_CHART_ROWS) return { ok: false, error: `"data" has more than ${MAX_CHART_ROWS} rows.` }
  }
  if (typeof x !== 'string' || !x) return { ok: false, error: '"x" must name a field of the rows.' }
  const yRaw = raw.y
  const y = typeof yRaw === 'string' ? [yRaw] : yRaw
  if (!Array.isArray(y) || y.length === 0 || !y.every((f) => typeof f === 'string' && f)) {
    return { ok: false, error: '"y" must name a field (or a list of fields) of the rows.' }
  }
  if (type === 'pie' && y.length !== 1) return { ok: false, error: 'A pie chart takes exactly one "y" field.' }
  if (typeof series === 'string' && y.length !== 1) return { ok: false, error: '"series" needs exactly one "y" field.' }
  const fields: ChartSpecFields = { type: type as ChartType, x, y: y as string[] }
  if (title !== undefined) fields.title = title as string
  if (series !== undefined) fields.series = series as string
  if (stacked !== undefined) fields.stacked = stacked as boolean
  if (xLabel !== undefined) fields.xLabel = xLabel as string
  if (yLabel !== undefined) fields.yLabel = yLabel as string
  if (typeof query === 'string') return { ok: true, spec: { ...fields, query } }

  const rows: ChartRow[] = []
  for (let i = 0; i < (data as unknown[]).length; i++) {
    const row = (data as unknown[])[i]
    if (!isPlainObject(row)) return { ok: false, error: `Row ${i + 1} is not an object.` }
    for (const [k, v] of Object.entries(row)) {
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
        return { ok: false, error: `Row ${i + 1}: field "${k}" must be a string, a number or null.` }
      }
    }
    rows.push(row as ChartRow)
  }
  const known = new Set(rows.flatMap((r) => Object.keys(r)))
  for (const f of chartFields(fields)) {
    if (!known.has(f)) return { ok: false, error: `No row has the field "${f}".` }
  }
  const error = numbersError(fields, rows, (row, field) => `Row ${row}: "${field}" must be a number`)
  return error ? { ok: false, error } : { ok: true, spec: { ...fields, data: rows } }
}

/** The fields a chart reads from its rows. */
function chartFields(spec: ChartSpecFields): string[] {
  return [spec.x, ...spec.y, ...(spec.series !== undefined ? [spec.series] : [])]
}

/** The first row whose y (or a scatter's x) is not a number, said with `wording`; null when none. */
function numbersError(spec: ChartSpecFields, rows: readonly ChartRow[], wording: (row: number, field: string) => string): string | null {
  const isNumberOrEmpty = (v: unknown): boolean => v === undefined || v === null || typeof v === 'number'
  for (const f of spec.y) {
    const bad = rows.findIndex((r) => !isNumberOrEmpty(r[f]))
    if (bad !== -1) return `${wording(bad + 1, f)}.`
  }
  if (spec.type === 'scatter') {
    const bad = rows.findIndex((r) => !isNumberOrEmpty(r[spec.x]))
    if (bad !== -1) return `${wording(bad + 1, spec.x)} for a scatter chart.`
  }
  return null
}

// ---- charts drawn from a query ----

const NUMERIC_TYPE =
  /^(?:TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|VARINT|BIGNUM|INT1|INT2|INT4|INT8|SHORT|LONG|SIGNED|FLOAT|FLOAT4|FLOAT8|REAL|DOUBLE|DECIMAL|NUMERIC)(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?$/i
const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i

/**
 * A DuckDB column type holding numbers (BIGINT, HUGEINT, DECIMAL(18,3), DOUBLE…); not lists of
 * them (INTEGER[]), not dates.
 */
export function isNumericColumnType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim())
}

/** Text that reads as one number ("-12", "3.50", "1e6"): how the engine sends what a double can't hold. */
export function isNumericText(text: string): boolean {
  return NUMERIC_TEXT.test(text)
}

function chartValue(value: unknown, numeric: boolean): string | number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') {
    // Big integers and long decimals come as text so no digit is lost; a chart needs the number.
    if (numeric && isNumericText(value.trim())) return Number(value)
    return value
  }
  if (typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/**
 * A query's result as chart rows: one object per row, keyed by column name. Numbers stay numbers,
 * numeric text in numeric columns becomes numbers, null stays null, anything else is text.
 */
export function rowsFromQueryResult(result: Pick<ChartQueryResult, 'columns' | 'rows'>): ChartRow[] {
  const numeric = result.columns.map((c) => isNumericColumnType(c.type))
  return result.rows.map((cells) => {
    const row: ChartRow = {}
    result.columns.forEach((column, i) => {
      row[column.name] = chartValue(cells[i], numeric[i])
    })
    return row
  })
}

function columnList(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => `"${n}"`)
  return names.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ')
}

/**
 * A query chart with the rows its query returned: x / y / series checked against the result's
 * columns, then the same checks as inline data. At most MAX_CHART_ROWS rows are kept.
 */
export function chartSpecWithRows(spec: QueryChartSpec, result: ChartQueryResult): ChartRowsParse {
  const names = result.columns.map((c) => c.name)
  for (const f of chartFields(spec)) {
    if (!names.includes(f)) {
      return { ok: false, error: `The query's result has no column "${f}"; it has: ${names.length ? columnList(names) : 'no columns'}.` }
    }
  }
  if (result.rows.length === 0) return { ok: false, error: 'The query returned no rows.' }
  const rows = rowsFromQueryResult({ columns: result.columns, rows: result.rows.slice(0, MAX_CHART_ROWS) })
  const typeOf = new Map(result.columns.map((c) => [c.name, c.type]))
  const error = numbersError(spec, rows, (row, field) => `Row ${row} of the query's result: "${field}" (${typeOf.get(field)}) must be a number`)
  if (error) return { ok: false, error }
  return { ok: true, spec: { ...spec, data: rows } }
}

type Value = string | number | null

/**
 * The colours a chart is drawn in: the theme's, read from the message's CSS by diagrams.ts, so a
 * chart reads like the text around it. ECharts' own defaults are for a white page (grey labels,
 * near-white grid lines): on the dark theme they were unreadable.
 */
export interface ChartColors {
  /** Title, legend, axis names. */
  text: string
  /** Axis labels, axis lines. */
  muted: string
  /** Grid lines, the tooltip's border. */
  line: string
  /** What the chart is drawn on (the pie's slice borders, the tooltip's background). */
  background: string
}

/** The markdown view's own fallbacks (markdown.css) where the app's theme variables are absent. */
export const LIGHT_CHART_COLORS: Readonly<ChartColors> = Object.freeze({ text: '#1f2328', muted: '#59636e', line: '#d1d9e0', background: '#ffffff' })
export const DARK_CHART_COLORS: Readonly<ChartColors> = Object.freeze({ text: '#e6edf3', muted: '#9198a1', line: '#3d444d', background: '#161b22' })

/** The ECharts option for a valid spec (plain data: no functions, no HTML formatters). */
export function chartToEChartsOption(spec: ChartSpec, opts: { dark?: boolean; colors?: ChartColors } = {}): Record<string, unknown> {
  const colors = opts.colors ?? (opts.dark ? DARK_CHART_COLORS : LIGHT_CHART_COLORS)
  const textColor = colors.text
  const text = { color: textColor }
  const base: Record<string, unknown> = {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: text,
    tooltip: {
      trigger: spec.type === 'pie' || spec.type === 'scatter' ? 'item' : 'axis',
      backgroundColor: colors.background,
      borderColor: colors.line,
      textStyle: text
    },
    ...(spec.title ? { title: { text: spec.title, left: 'center', textStyle: { color: textColor, fontSize: 14 } } } : {})
  }
  const legend = { bottom: 0, type: 'scroll', textStyle: text, pageTextStyle: text, pageIconColor: colors.muted, pageIconInactiveColor: colors.line }
  const axis = {
    nameTextStyle: text,
    axisLabel: { color: colors.muted },
    axisLine: { lineStyle: { color: colors.muted } },
    axisTick: { lineStyle: { color: colors.muted } },
    splitLine: { lineStyle: { color: colors.line } }
  }
  if (spec.type === 'pie') {
    const field = spec.y[0]
    return {
      ...base,
      legend,
      series: [
        {
          type: 'pie',
          radius: '60%',
          label: { color: textColor },
          labelLine: { lineStyle: { color: colors.muted } },
          itemStyle: { borderColor: colors.background },
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
    legend: groups.length > 1 ? legend : undefined,
    grid: { left: 48, right: 24, top: spec.title ? 40 : 16, bottom: groups.length > 1 ? 56 : 32, containLabel: true },
    xAxis: scatter
      ? { ...axis, type: 'value', name: spec.xLabel ?? spec.x, nameLocation: 'middle', nameGap: 28, scale: true }
      : { ...axis, type: 'category', data: categories, name: spec.xLabel, nameLocation: 'middle', nameGap: 28 },
    yAxis: { ...axis, type: 'value', name: spec.yLabel ?? (spec.y.length === 1 ? spec.y[0] : undefined), scale: scatter },
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
