/**
 * Streaming markdown view. The text is cut into blocks by an incremental splitter (one per
 * message); each block is a memoised child whose sanitised HTML is computed once per source
 * (closed blocks also hit a shared LRU, so a remounted message doesn't re-render). While an answer
 * streams, only the open tail re-renders, and an open code fence streams as appended text chunks
 * (StreamingCode) rather than as re-set HTML. Closed and open blocks are two memoised lists, so
 * an update doesn't even reconcile the finished part of a long answer.
 *
 * Clicks are handled by delegation on the root: links call `onOpenLink(url)` (never navigate),
 * code headers' `data-action="copy"` copies the block's raw code, `data-action="wrap"` toggles
 * line wrapping (remembered across re-renders of a streaming block).
 *
 * Charts drawn from a query read the data source of the message around them (ChartDataContext;
 * the app provides it as tools/dataQueryContext's DataQueryContext).
 */
import 'katex/dist/katex.min.css'
import './markdown.css'
import i18next from 'i18next'
import {
  createContext,
  memo,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactElement
} from 'react'
import { DEFAULT_LABELS, renderBlockHtml, type MarkdownLabels, type RenderBlockOptions } from './engine'
import { createBlockSplitter, type BlockSplitter, type MarkdownBlock } from './splitter'
import { isFenceClosed } from './engine'
import { parseOpenFence, StreamingCode } from './StreamingCode'
import { disposeDiagrams, drawDiagrams, type ChartDataSource, type DataChartLabels, type DiagramEnv } from './diagrams'
import { copyText } from '../components/useCopy'

/**
 * The data files of the conversation a message belongs to, for charts with a "query". Declared
 * here so the markdown module imports no app code; the app re-exports it, typed with its full API,
 * as DataQueryContext (src/renderer/src/tools/dataQueryContext.ts) and provides it per message.
 */
export const ChartDataContext = createContext<ChartDataSource | undefined>(undefined)

export type RenderBlockFn = (source: string, opts: RenderBlockOptions) => string

export interface MarkdownViewProps {
  text: string
  streaming: boolean
  /** A link was clicked: its target and the text it showed. */
  onOpenLink: (url: string, shownText?: string) => void
  /** UI strings of the code header (defaults: English). */
  labels?: Partial<MarkdownLabels>
  className?: string
  /** Instrumentation / tests: the block renderer (defaults to renderBlockHtml). */
  renderBlock?: RenderBlockFn
}

// ---- closed-block cache, shared by every view using the same render function ----

const CACHE_MAX_ENTRIES = 3000
const CACHE_MAX_SOURCE = 200_000
const caches = new WeakMap<RenderBlockFn, Map<string, string>>()

function cachedRender(fn: RenderBlockFn, source: string, closed: boolean, labels: MarkdownLabels, labelsKey: string): string {
  if (!closed || source.length > CACHE_MAX_SOURCE) return fn(source, { closed, labels })
  let cache = caches.get(fn)
  if (!cache) {
    cache = new Map()
    caches.set(fn, cache)
  }
  const key = labelsKey + '\u0000' + source
  const hit = cache.get(key)
  if (hit !== undefined) {
    cache.delete(key)
    cache.set(key, hit)
    return hit
  }
  const html = fn(source, { closed, labels })
  cache.set(key, html)
  if (cache.size > CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  return html
}

// ---- one block ----

interface BlockRenderer {
  render: (source: string, closed: boolean) => string
  labels: MarkdownLabels
  /** `${blockId}:${codeIndex}` of code blocks the user switched to wrapped lines. */
  wrapped: Set<string>
  /** Read when a diagram is drawn, not when the renderer is made: the data source may come later. */
  diagramEnv: () => DiagramEnv
}

interface BlockProps {
  id: string
  source: string
  closed: boolean
  type: string
  renderer: BlockRenderer
}

const Block = memo(function Block({ id, source, closed, type, renderer }: BlockProps): ReactElement {
  // An open fence streams as text chunks (see StreamingCode); everything else is sanitised HTML.
  const fence = useMemo(
    () => (!closed && type === 'code' && !isFenceClosed(source.replace(/^(?:[ \t]*\n)+/, '')) ? parseOpenFence(source) : null),
    [closed, type, source]
  )
  return fence ? (
    <BlockShell id={id} open renderer={renderer} stamp={fence.code}>
      <StreamingCode fence={fence} labels={renderer.labels} />
    </BlockShell>
  ) : (
    <HtmlBlock id={id} source={source} closed={closed} renderer={renderer} />
  )
})

function HtmlBlock({ id, source, closed, renderer }: Omit<BlockProps, 'type'>): ReactElement {
  const html = useMemo(() => renderer.render(source, closed), [renderer, source, closed])
  return <BlockShell id={id} open={!closed} renderer={renderer} stamp={html} html={html} />
}

function BlockShell({
  id,
  open,
  renderer,
  stamp,
  html,
  children
}: {
  id: string
  open: boolean
  renderer: BlockRenderer
  /** Changes whenever the content does: re-apply wrap toggles then. */
  stamp: string
  html?: string
  children?: ReactElement
}): ReactElement {
  const ref = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    // Re-apply the wrap toggles the new content doesn't know about.
    const el = ref.current
    if (!el || renderer.wrapped.size === 0) return
    el.querySelectorAll<HTMLElement>('.od-md-code').forEach((code, i) => {
      if (renderer.wrapped.has(`${id}:${i}`)) setWrapped(code, true)
    })
  }, [stamp, id, renderer])
  // Closed mermaid / chart blocks: draw them once the HTML is in the DOM (lazy-loaded libraries).
  const hasDiagram = html !== undefined && html.includes('od-md-diagram')
  useEffect(() => {
    const el = ref.current
    if (!el || !hasDiagram) return
    drawDiagrams(el, renderer.diagramEnv())
    return () => disposeDiagrams(el)
  }, [stamp, hasDiagram])
  return html !== undefined ? (
    <div
      ref={ref}
      className="od-md-block"
      data-block-id={id}
      data-open={open ? '' : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <div ref={ref} className="od-md-block" data-block-id={id} data-open={open ? '' : undefined}>
      {children}
    </div>
  )
}

const BlockList = memo(function BlockList({
  blocks,
  final,
  renderer
}: {
  blocks: readonly MarkdownBlock[]
  /** Render every block as closed (the stream has ended). */
  final: boolean
  renderer: BlockRenderer
}): ReactElement {
  return (
    <>
      {blocks.map((b) => (
        <Block key={b.id} id={b.id} source={b.source} closed={b.closed || final} type={b.type} renderer={renderer} />
      ))}
    </>
  )
})

/**
 * Finished blocks in groups of SETTLED_CHUNK_BLOCKS, each group skipped by the browser while it's
 * out of view (content-visibility: auto, see markdown.css): a frame then styles, lays out and
 * paints the blocks near the viewport, not every block the answer has grown (measured in
 * `npm run bench -- render`: paint −60 %, layout −50 % over the stream). Groups rather than single
 * blocks: one visibility check per group per frame (per block, the checks cost more than they
 * saved). Only full groups are skipped, once laid out: a short message stays plain (the
 * virtualised list measures its items, and an estimated size would mislead it), and a full group
 * never re-renders; only the last one grows.
 */
const SETTLED_CHUNK_BLOCKS = 16

const SettledChunk = memo(
  function SettledChunk({ blocks, renderer }: { blocks: readonly MarkdownBlock[]; renderer: BlockRenderer }): ReactElement {
    const full = blocks.length === SETTLED_CHUNK_BLOCKS
    // Skippable from the second frame after it is full: the browser has laid the whole group out
    // once by then and remembers its size (contain-intrinsic-size: auto), so a group that filled
    // up out of view (the user scrolled up) holds its real height, not the estimate.
    const [skippable, setSkippable] = useState(false)
    useEffect(() => {
      if (!full || skippable) return
      let frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => setSkippable(true))
      })
      return () => cancelAnimationFrame(frame)
    }, [full, skippable])
    return (
      <div className="od-md-chunk" data-skippable={skippable ? '' : undefined}>
        <BlockList blocks={blocks} final renderer={renderer} />
      </div>
    )
  },
  (a, b) => a.renderer === b.renderer && a.blocks.length === b.blocks.length && a.blocks.every((block, i) => block === b.blocks[i])
)

const SettledBlocks = memo(function SettledBlocks({ blocks, renderer }: { blocks: readonly MarkdownBlock[]; renderer: BlockRenderer }): ReactElement {
  const chunks: ReactElement[] = []
  for (let i = 0; i < blocks.length; i += SETTLED_CHUNK_BLOCKS) {
    chunks.push(<SettledChunk key={i} blocks={blocks.slice(i, i + SETTLED_CHUNK_BLOCKS)} renderer={renderer} />)
  }
  return <>{chunks}</>
})

function setWrapped(code: HTMLElement, on: boolean): void {
  code.classList.toggle('od-md-code--wrap', on)
  code.querySelector('[data-action="wrap"]')?.setAttribute('aria-pressed', on ? 'true' : 'false')
}

/** An AppError (`info.code`, `info.detail`) in the UI's words, without importing the app's types. */
function describeQueryError(error: unknown): string {
  const info = (error as { info?: { code?: unknown; detail?: unknown } } | null)?.info
  if (!info || typeof info.code !== 'string') return error instanceof Error ? error.message : String(error)
  const key = `errors.${info.code}`
  const sentence = i18next.exists(key) ? i18next.t(key as 'errors.unknown') : ''
  const detail = typeof info.detail === 'string' ? info.detail : ''
  return [sentence, detail].filter(Boolean).join(' ') || info.code
}

/**
 * The words of query charts, read when a chart is drawn (drawn once, so no need to follow language
 * changes); English where the app's i18n is not set up (tests, other pages).
 */
function dataChartLabels(): Partial<DataChartLabels> {
  if (!i18next.isInitialized) return {}
  return {
    running: i18next.t('dataResults.chartRunning'),
    from: i18next.t('dataResults.chartFrom'),
    needsData: i18next.t('dataResults.chartNeedsData'),
    firstRows: (rows) => i18next.t('dataResults.chartFirstRows', { count: rows, rows: rows.toLocaleString(i18next.language) }),
    describeError: describeQueryError
  }
}

// ---- the view ----

export function MarkdownView({
  text,
  streaming,
  onOpenLink,
  labels,
  className,
  renderBlock = renderBlockHtml
}: MarkdownViewProps): ReactElement {
  const splitterRef = useRef<BlockSplitter | null>(null)
  if (!splitterRef.current) splitterRef.current = createBlockSplitter()
  const splitter = splitterRef.current

  // The text arrives at the stream pace (STREAM_FRAME_MS, set by the controller's batcher): each
  // new text renders at once, in the same task, so a glyph is never a render or a frame late.
  // Closed blocks keep the same array until one more closes, so that list isn't even reconciled
  // per update: each update costs the open tail, not the answer's length.
  const { closedBlocks, openBlocks } = useMemo(() => {
    splitter.update(text)
    return { closedBlocks: splitter.closedBlocks, openBlocks: splitter.openBlocks }
  }, [splitter, text])

  const labelsKey = labels ? JSON.stringify(labels) : ''
  const wrappedRef = useRef<Set<string>>(new Set())
  // Through a ref: a new context value must not make a new renderer (every block would re-render).
  const chartDataRef = useRef<ChartDataSource | undefined>(undefined)
  chartDataRef.current = useContext(ChartDataContext)
  const renderer: BlockRenderer = useMemo(() => {
    const full: MarkdownLabels = labels ? { ...DEFAULT_LABELS, ...labels } : DEFAULT_LABELS
    return {
      render: (source, closed) => cachedRender(renderBlock, source, closed, full, labelsKey),
      labels: full,
      wrapped: wrappedRef.current,
      diagramEnv: () => ({ data: chartDataRef.current, labels: dataChartLabels() })
    }
  }, [renderBlock, labelsKey]) // labels are captured through labelsKey

  const copiedTimers = useRef(new WeakMap<Element, ReturnType<typeof setTimeout>>())
  const onOpenLinkRef = useRef(onOpenLink)
  onOpenLinkRef.current = onOpenLink
  const copiedLabel = labels?.copied ?? DEFAULT_LABELS.copied

  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const target = event.target
      if (!(target instanceof Element)) return
      const action = target.closest<HTMLElement>('[data-action]')
      if (action && event.currentTarget.contains(action)) {
        const code = action.closest<HTMLElement>('.od-md-code')
        if (!code) return
        event.preventDefault()
        if (action.dataset.action === 'copy') {
          const raw = code.querySelector('pre code')?.textContent ?? ''
          void copyText(raw).then((ok) => {
            if (!ok) return
            const original = action.dataset.label ?? action.textContent ?? ''
            action.dataset.label = original
            action.dataset.copied = 'true'
            action.textContent = copiedLabel
            const timers = copiedTimers.current
            const prev = timers.get(action)
            if (prev) clearTimeout(prev)
            timers.set(
              action,
              setTimeout(() => {
                delete action.dataset.copied
                action.textContent = original
              }, 1500)
            )
          })
        } else if (action.dataset.action === 'wrap') {
          const on = !code.classList.contains('od-md-code--wrap')
          setWrapped(code, on)
          const blockEl = code.closest<HTMLElement>('.od-md-block')
          const blockId = blockEl?.dataset.blockId
          if (blockEl && blockId) {
            const index = Array.from(blockEl.querySelectorAll('.od-md-code')).indexOf(code)
            const key = `${blockId}:${index}`
            if (on) wrappedRef.current.add(key)
            else wrappedRef.current.delete(key)
          }
        }
        return
      }
      const anchor = target.closest('a')
      if (anchor && event.currentTarget.contains(anchor)) {
        // Never navigate the app window; http(s)/mailto go to the OS browser via the app.
        event.preventDefault()
        const href = anchor.getAttribute('href')
        // The text the user read goes along: a link whose text names another address asks first.
        if (href && anchor.hasAttribute('data-external')) onOpenLinkRef.current(href, anchor.textContent ?? '')
      }
    },
    [copiedLabel]
  )

  const onAuxClick = useCallback((event: MouseEvent<HTMLDivElement>) => {
    // Middle-click would open a new window: stop it; the primary click path handles links.
    if (event.target instanceof Element && event.target.closest('a')) event.preventDefault()
  }, [])

  return (
    <div
      className={className ? `od-md ${className}` : 'od-md'}
      data-streaming={streaming ? '' : undefined}
      onClick={onClick}
      onAuxClick={onAuxClick}
    >
      <SettledBlocks blocks={closedBlocks} renderer={renderer} />
      <BlockList blocks={openBlocks} final={!streaming} renderer={renderer} />
    </div>
  )
}
