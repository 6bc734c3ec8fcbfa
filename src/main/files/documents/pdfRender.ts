/**
 * Pages of a scanned PDF as JPEG images, for models that read images: a scan has no text layer,
 * but its pictures can be looked at. pdf.js draws each page on a canvas from its own
 * NodeCanvasFactory (@napi-rs/canvas, pdf.js's optional native dependency), which encodes it to
 * JPEG. The document is the one extractPdf opened, so an encrypted PDF is rendered with the
 * password its text was read with. Rendering is a bonus on top of extraction: when the canvas
 * module cannot load or a page fails to draw, the result says so in warnings and the extraction
 * still succeeds.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { SCANNED_RENDER_JPEG_QUALITY, SCANNED_RENDER_SIDE_LIMIT, SCANNED_RENDER_TIME_BUDGET_MS } from './config'
import { nodeCanvasLoadError } from './nodeCanvas'

export interface RenderScannedPagesOptions {
  /** Render at most this many pages, from the first. */
  maxPages: number
  /** The longer side of each image at most this many pixels (aspect ratio kept). */
  maxSide: number
}

export interface PageImage {
  /** 1-based page number. */
  page: number
  width: number
  height: number
  /** JPEG bytes in a buffer of their own, so a worker can transfer it. */
  jpeg: Uint8Array
}

/** What pdf.js's NodeCanvasFactory hands out: an @napi-rs/canvas canvas and its 2D context. */
interface NodeCanvasAndContext {
  canvas: { encode(format: 'jpeg', quality?: number): Promise<Uint8Array> }
  context: unknown
}
interface NodeCanvasFactory {
  create(width: number, height: number): NodeCanvasAndContext
  destroy(canvasAndContext: NodeCanvasAndContext): void
}

type RenderParameters = Parameters<PDFPageProxy['render']>[0]

const errorDetail = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The first pages of `doc` as JPEGs; pages past `budgetMs` of rendering are left out, with a warning. */
export async function renderPageImages(
  doc: PDFDocumentProxy,
  name: string,
  options: RenderScannedPagesOptions,
  budgetMs = SCANNED_RENDER_TIME_BUDGET_MS
): Promise<{ pageImages: PageImage[]; warnings: string[] }> {
  const pageCount = Math.min(Math.floor(options.maxPages), doc.numPages)
  const maxSide = Math.min(Math.floor(options.maxSide), SCANNED_RENDER_SIDE_LIMIT)
  if (!(pageCount >= 1) || !(maxSide >= 1)) return { pageImages: [], warnings: [] }
  const canvasError = nodeCanvasLoadError()
  if (canvasError !== null) {
    return { pageImages: [], warnings: [`The pages of ${name} could not be turned into images: the canvas module does not load here (${canvasError}).`] }
  }

  const factory = doc.canvasFactory as NodeCanvasFactory
  const pageImages: PageImage[] = []
  const warnings: string[] = []
  const started = performance.now()
  for (let number = 1; number <= pageCount; number++) {
    if (number > 1 && performance.now() - started > budgetMs) {
      warnings.push(`Only ${number - 1} of ${pageCount} pages of ${name} were turned into images: drawing them took longer than ${Math.round(budgetMs / 1000)} s.`)
      return { pageImages, warnings }
    }
    let page: PDFPageProxy | undefined
    let target: NodeCanvasAndContext | undefined
    try {
      page = await doc.getPage(number)
      const natural = page.getViewport({ scale: 1 })
      const viewport = page.getViewport({ scale: maxSide / Math.max(natural.width, natural.height) })
      // Rounded, not floored: 792 pt × (1000 / 792) is 999.9999… in floating point.
      const width = Math.min(maxSide, Math.max(1, Math.round(viewport.width)))
      const height = Math.min(maxSide, Math.max(1, Math.round(viewport.height)))
      target = factory.create(width, height)
      // pdf.js 5 takes the context (canvas: null) when the canvas is not a DOM element.
      await page.render({ canvas: null, canvasContext: target.context, viewport } as unknown as RenderParameters).promise
      const encoded = await target.canvas.encode('jpeg', SCANNED_RENDER_JPEG_QUALITY)
      // A copy in a fresh ArrayBuffer: the encoder's Buffer may share memory a transfer would detach.
      pageImages.push({ page: number, width, height, jpeg: new Uint8Array(encoded) })
    } catch (error) {
      warnings.push(`Page ${number} of ${name} could not be turned into an image (${errorDetail(error)}).`)
    } finally {
      if (target) factory.destroy(target)
      page?.cleanup()
    }
  }
  // Pages past maxPages are not a warning: they were not asked for (pageImages vs pageCount says it).
  return { pageImages, warnings }
}
