/**
 * Draws the diagram slots of closed mermaid / chart blocks (`.od-md-diagram[data-state=pending]`,
 * emitted by engine.ts) once they are in the DOM. mermaid and echarts are loaded with dynamic
 * import on the first diagram, so they stay out of the main chunk and off the startup path; both
 * run under the app's CSP (`script-src 'self'`, no eval). Drawing never throws: a spec or diagram
 * that fails shows its source with the error above it, never a blank.
 *
 * States: pending → loading → done | error. The block's source is the `pre code` text next to the
 * slot; it is hidden by CSS once the diagram is drawn.
 *
 * A chart with a "query" runs it through its message's data source (the conversation's data
 * files, handed in by MarkdownView), once per slot: a slot is drawn when its block closes, not on
 * each streaming delta, and results are kept per source and SQL, so a remounted block (the
 * message scrolled back into view, the stream ending) draws again without querying again.
 *
 * Both follow the app's theme (`<html data-theme>`, the OS's only when the app sets none), not
 * the OS's: a chart reads its colours from the message's CSS, and a theme switch draws every
 * diagram on the page again in the new one (`data-theme` on the slot: the theme it is drawn in).
 */
import {
  chartSpecWithRows,
  chartToEChartsOption,
  DARK_CHART_COLORS,
  LIGHT_CHART_COLORS,
  parseChartSpec,
  type ChartColors,
  type ChartQueryResult,
  type ChartSpec,
  type QueryChartSpec
} from './chartSpec'
import { sanitizeDiagramSvg } from './sanitize'

type EChartsInstance = { setOption(o: unknown, notMerge?: boolean): void; resize(): void; dispose(): void }
type EChartsLib = { init(el: HTMLElement, theme?: string | null, opts?: Record<string, unknown>): EChartsInstance }
type MermaidLib = {
  initialize(config: Record<string, unknown>): void
  render(id: string, text: string): Promise<{ svg: string }>
}

let mermaidPromise: Promise<MermaidLib> | null = null
let echartsPromise: Promise<EChartsLib> | null = null
let mermaidTheme: string | null = null
/** mermaid renders one diagram at a time (it measures text in a shared scratch element). */
let mermaidQueue: Promise<unknown> = Promise.resolve()
let seq = 0
const svgCache = new Map<string, string>()
const charts = new WeakMap<HTMLElement, { chart: EChartsInstance; ro?: ResizeObserver; spec: ChartSpec }>()

/** Runs a chart's SQL over its conversation's data files (the app's DataQueryApi fits). */
export interface ChartDataSource {
  query(sql: string): Promise<ChartQueryResult>
}

/** The words of a chart drawn from a query, in the UI's language. */
export interface DataChartLabels {
  running: string
  /** Before the SQL under the chart. */
  from: string
  needsData: string
  /** After the SQL when the result was cut to its first rows. */
  firstRows: (rows: number) => string
  /** A failed query as the user reads it. */
  describeError: (error: unknown) => string
}

export const DEFAULT_DATA_CHART_LABELS: Readonly<DataChartLabels> = Object.freeze({
  running: 'Running the query…',
  from: 'From your data:',
  needsData: 'This chart needs the data files of its conversation.',
  firstRows: (rows: number) => `(first ${rows.toLocaleString('en')} rows)`,
  describeError: (error: unknown) => (error instanceof Error ? error.message : String(error))
})

/** What drawing needs from the message around the diagrams. */
export interface DiagramEnv {
  /** Absent outside a conversation (a chart with a query then says so). */
  data?: ChartDataSource
  labels?: Partial<DataChartLabels>
}

const QUERY_CACHE_PER_SOURCE = 50
const queryResults = new WeakMap<ChartDataSource, Map<string, Promise<ChartQueryResult>>>()

function runChartQuery(source: ChartDataSource, sql: string): Promise<ChartQueryResult> {
  let cache = queryResults.get(source)
  if (!cache) {
    cache = new Map()
    queryResults.set(source, cache)
  }
  const hit = cache.get(sql)
  if (hit) return hit
  const pending = source.query(sql)
  cache.set(sql, pending)
  if (cache.size > QUERY_CACHE_PER_SOURCE) cache.delete(cache.keys().next().value as string)
  // A failure is not kept: the next draw (a remount) may find the files ready.
  pending.catch(() => {
    if (cache.get(sql) === pending) cache.delete(sql)
  })
  return pending
}

type Theme = 'light' | 'dark'

function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
}

/** The theme the app shows (useThemeAndLanguage sets `data-theme`); the OS's where it sets none. */
function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme
  if (chosen === 'dark' || chosen === 'light') return chosen
  return prefersDark() ? 'dark' : 'light'
}

/**
 * A chart's colours: the markdown view's own (markdown.css --od-md-*, which take the app's theme
 * variables), as computed where the chart is, so a chart reads like the text beside it. The
 * fallbacks serve where no stylesheet is loaded (unit tests).
 */
function chartColors(slot: HTMLElement, theme: Theme): ChartColors {
  const fallback = theme === 'dark' ? DARK_CHART_COLORS : LIGHT_CHART_COLORS
  const style = getComputedStyle(slot)
  const read = (name: string, otherwise: string): string => style.getPropertyValue(name).trim() || otherwise
  return {
    text: read('--od-md-fg', fallback.text),
    muted: read('--od-md-muted', fallback.muted),
    line: read('--od-md-border', fallback.line),
    background: read('--od-md-code-bg', fallback.background)
  }
}

/**
 * Draws the page's diagrams again when the theme changes (a chart: new colours on the same
 * instance; a diagram: rendered again in the new mermaid theme, cached per theme). Installed with
 * the first diagram, once per page.
 */
let themeWatch = false
function watchTheme(): void {
  if (themeWatch || typeof MutationObserver === 'undefined') return
  themeWatch = true
  const redraw = (): void => {
    document.querySelectorAll<HTMLElement>('.od-md-diagram[data-state="done"]').forEach((slot) => void retheme(slot))
  }
  new MutationObserver(redraw).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  if (typeof matchMedia === 'function') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw)
}

async function retheme(slot: HTMLElement): Promise<void> {
  const theme = currentTheme()
  if (!slot.isConnected || slot.dataset.theme === theme) return
  if (slot.dataset.kind === 'chart') {
    const entry = charts.get(slot)
    if (!entry) return
    entry.chart.setOption(chartToEChartsOption(entry.spec, { colors: chartColors(slot, theme) }), true)
    slot.dataset.theme = theme
    return
  }
  try {
    await drawMermaid(slot, sourceOf(slot))
  } catch {
    // It drew once in the other theme: keep that drawing rather than replace it with an error.
  }
}

function loadMermaid(): Promise<MermaidLib> {
  mermaidPromise ??= import('mermaid').then((m) => m.default as unknown as MermaidLib)
  return mermaidPromise
}

function loadECharts(): Promise<EChartsLib> {
  echartsPromise ??= import('./echartsLib').then((m) => m.echarts as unknown as EChartsLib)
  return echartsPromise
}

function sourceOf(slot: HTMLElement): string {
  return slot.closest('.od-md-code')?.querySelector('pre code')?.textContent ?? ''
}

function showError(slot: HTMLElement, message: string): void {
  slot.dataset.state = 'error'
  slot.closest('.od-md-code')?.setAttribute('data-diagram-state', 'error')
  slot.replaceChildren()
  const box = document.createElement('div')
  box.className = 'od-md-diagram-error'
  box.setAttribute('role', 'alert')
  const title = document.createElement('strong')
  title.textContent = slot.dataset.errorLabel ?? 'Could not draw this diagram'
  const detail = document.createElement('span')
  detail.className = 'od-md-diagram-error-detail'
  detail.textContent = message.slice(0, 500)
  box.append(title, document.createTextNode(' '), detail)
  slot.append(box)
}

function markDone(slot: HTMLElement, theme: Theme): void {
  slot.dataset.state = 'done'
  slot.dataset.theme = theme
  slot.closest('.od-md-code')?.setAttribute('data-diagram-state', 'done')
  // The theme changed while it was drawing: draw it again in the new one.
  if (currentTheme() !== theme) void retheme(slot)
}

async function drawMermaid(slot: HTMLElement, source: string): Promise<void> {
  const shown = currentTheme()
  const theme = shown === 'dark' ? 'dark' : 'default'
  const key = theme + '\u0000' + source
  let svg = svgCache.get(key)
  if (svg === undefined) {
    const mermaid = await loadMermaid()
    const job = mermaidQueue.then(async () => {
      if (mermaidTheme !== theme) {
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: 'strict',
          theme,
          // mermaid's dark theme puts its edge labels (#ccc) on #585858: 4.4:1, under WCAG AA.
          ...(theme === 'dark' ? { themeVariables: { edgeLabelBackground: '#2f2f2f' } } : {}),
          suppressErrorRendering: true,
          fontFamily: 'inherit'
        })
        mermaidTheme = theme
      }
      // mermaid (securityLevel strict) sanitises its labels; ours checks the whole SVG again.
      return sanitizeDiagramSvg((await mermaid.render(`od-mermaid-${++seq}`, source)).svg)
    })
    mermaidQueue = job.catch(() => undefined)
    svg = await job
    svgCache.set(key, svg)
    if (svgCache.size > 100) svgCache.delete(svgCache.keys().next().value as string)
  }
  if (!slot.isConnected) return
  slot.innerHTML = svg
  markDone(slot, shown)
}

function showRunning(slot: HTMLElement, label: string): void {
  const box = document.createElement('div')
  box.className = 'od-md-diagram-loading'
  box.dataset.testid = 'chart-loading'
  const spinner = document.createElement('span')
  spinner.className = 'od-md-spinner'
  spinner.setAttribute('aria-hidden', 'true')
  box.append(spinner, document.createTextNode(label))
  slot.setAttribute('aria-busy', 'true')
  slot.replaceChildren(box)
}

/** "From your data: SELECT …" under a chart: one line, the whole SQL on click and in its title. */
function queryCaption(sql: string, labels: DataChartLabels, firstRows?: number): HTMLElement {
  const caption = document.createElement('button')
  caption.type = 'button'
  caption.className = 'od-md-chart-query'
  caption.dataset.testid = 'chart-query'
  caption.title = sql
  caption.setAttribute('aria-expanded', 'false')
  const from = document.createElement('span')
  from.className = 'od-md-chart-query-label'
  from.textContent = labels.from
  const code = document.createElement('code')
  code.textContent = sql
  caption.append(from, document.createTextNode(' '), code)
  if (firstRows !== undefined) {
    const note = document.createElement('span')
    note.className = 'od-md-chart-query-label'
    note.textContent = labels.firstRows(firstRows)
    caption.append(document.createTextNode(' '), note)
  }
  caption.addEventListener('click', () => {
    caption.setAttribute('aria-expanded', caption.getAttribute('aria-expanded') === 'true' ? 'false' : 'true')
  })
  return caption
}

/** The spec with its rows: inline data as is, a query's rows fetched through `env.data`. Null once an error is shown. */
async function chartRows(slot: HTMLElement, spec: ChartSpec | QueryChartSpec, env: DiagramEnv, labels: DataChartLabels): Promise<{ spec: ChartSpec; truncated: boolean } | null> {
  if (spec.data !== undefined) return { spec, truncated: false }
  if (!env.data) {
    showError(slot, labels.needsData)
    return null
  }
  showRunning(slot, labels.running)
  let result: ChartQueryResult
  try {
    result = await runChartQuery(env.data, spec.query)
  } catch (err) {
    slot.removeAttribute('aria-busy')
    if (slot.isConnected) showError(slot, labels.describeError(err))
    return null
  }
  slot.removeAttribute('aria-busy')
  if (!slot.isConnected) return null
  const filled = chartSpecWithRows(spec, result)
  if (!filled.ok) {
    showError(slot, filled.error)
    return null
  }
  return { spec: filled.spec, truncated: result.truncated || result.rows.length > filled.spec.data.length }
}

async function drawChart(slot: HTMLElement, source: string, env: DiagramEnv): Promise<void> {
  const parsed = parseChartSpec(source)
  if (!parsed.ok) {
    showError(slot, parsed.error)
    return
  }
  const labels: DataChartLabels = { ...DEFAULT_DATA_CHART_LABELS, ...env.labels }
  const [echarts, drawable] = await Promise.all([loadECharts(), chartRows(slot, parsed.spec, env, labels)])
  if (!drawable || !slot.isConnected) return
  const canvas = document.createElement('div')
  canvas.className = 'od-md-chart'
  canvas.dataset.testid = 'chart'
  slot.replaceChildren(canvas)
  const theme = currentTheme()
  const chart = echarts.init(canvas, null, { renderer: 'svg' })
  chart.setOption(chartToEChartsOption(drawable.spec, { colors: chartColors(slot, theme) }))
  if (drawable.spec.query !== undefined) {
    slot.after(queryCaption(drawable.spec.query, labels, drawable.truncated ? drawable.spec.data.length : undefined))
  }
  let ro: ResizeObserver | undefined
  if (typeof ResizeObserver !== 'undefined') {
    ro = new ResizeObserver(() => chart.resize())
    ro.observe(canvas)
  }
  charts.set(slot, { chart, ro, spec: drawable.spec })
  markDone(slot, theme)
}

async function draw(slot: HTMLElement, env: DiagramEnv): Promise<void> {
  slot.dataset.state = 'loading'
  const source = sourceOf(slot)
  try {
    if (!source.trim()) throw new Error('The block is empty.')
    if (slot.dataset.kind === 'chart') await drawChart(slot, source, env)
    else await drawMermaid(slot, source)
  } catch (err) {
    if (slot.isConnected) showError(slot, err instanceof Error ? err.message : String(err))
  }
}

/** Draws every pending diagram slot inside `root`. Cheap when there is none. */
export function drawDiagrams(root: HTMLElement, env: DiagramEnv = {}): void {
  const pending = root.querySelectorAll<HTMLElement>('.od-md-diagram[data-state="pending"]')
  if (pending.length === 0) return
  watchTheme()
  pending.forEach((slot) => void draw(slot, env))
}

/** Releases the charts inside `root` (a block being removed). */
export function disposeDiagrams(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('.od-md-diagram[data-kind="chart"]').forEach((slot) => {
    const entry = charts.get(slot)
    if (!entry) return
    entry.ro?.disconnect()
    entry.chart.dispose()
    charts.delete(slot)
  })
}
