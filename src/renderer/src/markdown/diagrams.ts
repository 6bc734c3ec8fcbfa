/**
 * Draws the diagram slots of closed mermaid / chart blocks (`.od-md-diagram[data-state=pending]`,
 * emitted by engine.ts) once they are in the DOM. mermaid and echarts are loaded with dynamic
 * import on the first diagram, so they stay out of the main chunk and off the startup path; both
 * run under the app's CSP (`script-src 'self'`, no eval). Drawing never throws: a spec or diagram
 * that fails shows its source with the error above it, never a blank.
 *
 * States: pending → loading → done | error. The block's source is the `pre code` text next to the
 * slot; it is hidden by CSS once the diagram is drawn.
 */
import { chartToEChartsOption, parseChartSpec } from './chartSpec'
import { sanitizeDiagramSvg } from './sanitize'

type EChartsInstance = { setOption(o: unknown): void; resize(): void; dispose(): void }
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
const charts = new WeakMap<HTMLElement, { chart: EChartsInstance; ro?: ResizeObserver }>()

function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
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

function markDone(slot: HTMLElement): void {
  slot.dataset.state = 'done'
  slot.closest('.od-md-code')?.setAttribute('data-diagram-state', 'done')
}

async function drawMermaid(slot: HTMLElement, source: string): Promise<void> {
  const theme = prefersDark() ? 'dark' : 'default'
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
  markDone(slot)
}

async function drawChart(slot: HTMLElement, source: string): Promise<void> {
  const parsed = parseChartSpec(source)
  if (!parsed.ok) {
    showError(slot, parsed.error)
    return
  }
  const echarts = await loadECharts()
  if (!slot.isConnected) return
  const canvas = document.createElement('div')
  canvas.className = 'od-md-chart'
  canvas.dataset.testid = 'chart'
  slot.replaceChildren(canvas)
  const chart = echarts.init(canvas, null, { renderer: 'canvas' })
  chart.setOption(chartToEChartsOption(parsed.spec, { dark: prefersDark() }))
  let ro: ResizeObserver | undefined
  if (typeof ResizeObserver !== 'undefined') {
    ro = new ResizeObserver(() => chart.resize())
    ro.observe(canvas)
  }
  charts.set(slot, { chart, ro })
  markDone(slot)
}

async function draw(slot: HTMLElement): Promise<void> {
  slot.dataset.state = 'loading'
  const source = sourceOf(slot)
  try {
    if (!source.trim()) throw new Error('The block is empty.')
    if (slot.dataset.kind === 'chart') await drawChart(slot, source)
    else await drawMermaid(slot, source)
  } catch (err) {
    if (slot.isConnected) showError(slot, err instanceof Error ? err.message : String(err))
  }
}

/** Draws every pending diagram slot inside `root`. Cheap when there is none. */
export function drawDiagrams(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('.od-md-diagram[data-state="pending"]').forEach((slot) => void draw(slot))
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
