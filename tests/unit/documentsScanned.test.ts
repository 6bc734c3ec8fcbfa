/**
 * Scanned PDFs rendered to page images (src/main/files/documents/pdfRender.ts) by pdf.js on
 * @napi-rs/canvas: image-only PDFs from tests/support (grey pages, and pages of a given size each
 * holding one solid-colour Flate RGB image, to see that what is drawn is the page), JPEGs checked
 * by their own headers and by decoding them again.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { extractDocument, extractDocumentInProcess, SCANNED_RENDER_MAX_PAGES, SCANNED_RENDER_MAX_SIDE, type PageImage } from '../../src/main/files/documents'
import { renderPageImages } from '../../src/main/files/documents/pdfRender'
import { encryptPdf, hasQpdf, makeImagePdf, makePdf, textPages, type PdfPage } from '../support/documents'

// --- PDFs ----------------------------------------------------------------------------------------

const scannedPages = (count: number): PdfPage[] => Array.from({ length: count }, () => ({ image: true as const }))

// --- JPEGs ---------------------------------------------------------------------------------------

/** A JPEG's size from its start-of-frame marker (any SOFn: C0–CF but C4, C8, CC). */
function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8])
  const view = new DataView(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength)
  for (let at = 2; at + 9 < jpeg.length; ) {
    if (jpeg[at] !== 0xff) throw new Error(`not a JPEG marker at ${at}`)
    const marker = jpeg[at + 1]
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) }
    }
    at += 2 + view.getUint16(at + 2)
  }
  throw new Error('no start-of-frame marker')
}

type NapiCanvas = {
  loadImage(data: Uint8Array): Promise<{ width: number; height: number }>
  createCanvas(width: number, height: number): {
    getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } }
  }
}
/** The canvas module pdf.js renders with, from pdf.js's package as pdf.js loads it. */
const napiCanvas = (): NapiCanvas => createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))('@napi-rs/canvas') as NapiCanvas

/** The colour at the middle of a JPEG, decoded again. */
async function centerColour(jpeg: Uint8Array): Promise<number[]> {
  const { loadImage, createCanvas } = napiCanvas()
  const image = await loadImage(jpeg)
  const context = createCanvas(image.width, image.height).getContext('2d')
  context.drawImage(image, 0, 0)
  return [...context.getImageData(Math.floor(image.width / 2), Math.floor(image.height / 2), 1, 1).data.subarray(0, 3)]
}

const expectImage = (image: PageImage, page: number, width: number, height: number): void => {
  expect(image).toMatchObject({ page, width, height })
  expect(image.jpeg).toBeInstanceOf(Uint8Array)
  expect(jpegSize(image.jpeg)).toEqual({ width, height })
}

const near = (actual: number[], expected: readonly number[]): void => {
  actual.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(12))
}

const render = { maxPages: SCANNED_RENDER_MAX_PAGES, maxSide: SCANNED_RENDER_MAX_SIDE }
const worker = { path: fileURLToPath(new URL('../../src/main/files/documents/worker.ts', import.meta.url)), execArgv: ['--require', 'tsx/cjs'] }

// --- Tests ---------------------------------------------------------------------------------------

describe('scanned PDF → page images', () => {
  it('defaults: 20 pages, 1600 px on the longer side', () => {
    expect(render).toEqual({ maxPages: 20, maxSide: 1600 })
  })

  it('renders each page of a scan to a JPEG: its number, size and content', async () => {
    const pdf = makeImagePdf([
      { width: 612, height: 792, rgb: [220, 30, 30] }, // Letter, portrait
      { width: 842, height: 595, rgb: [30, 60, 200] } // A4, landscape
    ])
    const started = performance.now()
    const doc = await extractDocumentInProcess(pdf, 'scan.pdf', { renderScannedPages: { maxPages: 5, maxSide: 800 } })
    console.log(`[documents] 2 scanned pages at 800 px: ${(performance.now() - started).toFixed(0)} ms`)
    expect(doc).toMatchObject({ kind: 'pdf', pageCount: 2, scanned: true })
    expect(doc.pageImages).toHaveLength(2)
    // The longer side is maxSide; the other keeps the page's proportions (rounded).
    expectImage(doc.pageImages![0], 1, Math.round((612 * 800) / 792), 800)
    expectImage(doc.pageImages![1], 2, 800, Math.round((595 * 800) / 842))
    near(await centerColour(doc.pageImages![0].jpeg), [220, 30, 30])
    near(await centerColour(doc.pageImages![1].jpeg), [30, 60, 200])
    // Only the "looks scanned" warning: nothing went wrong while rendering.
    expect(doc.warnings).toHaveLength(1)
    expect(doc.warnings[0]).toMatch(/scanned/)
  })

  it('without the option nothing is rendered', async () => {
    const doc = await extractDocumentInProcess(makePdf(scannedPages(2)), 'scan.pdf')
    expect(doc.scanned).toBe(true)
    expect(doc.pageImages).toBeUndefined()
  })

  it('a PDF with text is not rendered, even when asked', async () => {
    const doc = await extractDocumentInProcess(makePdf(textPages(2)), 'report.pdf', { renderScannedPages: render })
    expect(doc.scanned).toBe(false)
    expect(doc.pageImages).toBeUndefined()
  })

  it('maxPages is honoured', async () => {
    const doc = await extractDocumentInProcess(makePdf(scannedPages(5)), 'scan.pdf', { renderScannedPages: { maxPages: 2, maxSide: 400 } })
    expect(doc.pageImages!.map((image) => image.page)).toEqual([1, 2])
    for (const image of doc.pageImages!) expectImage(image, image.page, Math.round((612 * 400) / 792), 400)
    expect(doc.pageCount).toBe(5)
    // Pages past maxPages were not asked for: no warning beyond "looks scanned".
    expect(doc.warnings).toHaveLength(1)
  })

  it('20 pages at the defaults (time printed, not asserted)', async () => {
    const pdf = makePdf(scannedPages(25))
    const started = performance.now()
    const doc = await extractDocumentInProcess(pdf, 'book-scan.pdf', { renderScannedPages: render })
    const bytes = doc.pageImages!.reduce((sum, image) => sum + image.jpeg.byteLength, 0)
    console.log(`[documents] 25-page scan, 20 pages rendered at 1600 px: ${(performance.now() - started).toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KB of JPEG`)
    expect(doc.pageImages).toHaveLength(20)
    expectImage(doc.pageImages![19], 20, 1236, 1600)
  })

  it('stops drawing pages once the time budget is spent (at least the first page is drawn)', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const doc = await getDocument({ data: new Uint8Array(makePdf(scannedPages(3))), isEvalSupported: false, verbosity: 0 }).promise
    try {
      const rendered = await renderPageImages(doc, 'slow.pdf', { maxPages: 3, maxSide: 200 }, 0)
      expect(rendered.pageImages.map((image) => image.page)).toEqual([1])
      expect(rendered.warnings).toEqual([expect.stringMatching(/Only 1 of 3 pages of slow\.pdf .*longer than 0 s/)])
    } finally {
      await doc.destroy()
    }
  })

  describe.skipIf(!hasQpdf())('encrypted (qpdf, AES-256)', () => {
    const locked = hasQpdf() ? encryptPdf(makeImagePdf([{ width: 600, height: 600, rgb: [20, 160, 60] }]), 'open sesame') : Buffer.alloc(0)

    it('renders with the password the text was read with', async () => {
      const doc = await extractDocumentInProcess(locked, 'locked-scan.pdf', { password: 'open sesame', renderScannedPages: { maxPages: 1, maxSide: 300 } })
      expectImage(doc.pageImages![0], 1, 300, 300)
      near(await centerColour(doc.pageImages![0].jpeg), [20, 160, 60])
    })

    it('still asks for the password first', async () => {
      await expect(extractDocumentInProcess(locked, 'locked-scan.pdf', { renderScannedPages: render })).rejects.toMatchObject({ code: 'needs_password' })
    })
  })

  it('in a worker thread: the JPEG bytes arrive as a Uint8Array', async () => {
    const started = performance.now()
    const doc = await extractDocument(makePdf(scannedPages(3)), 'scan.pdf', { worker, renderScannedPages: { maxPages: 3, maxSide: 1000 } })
    console.log(`[documents] 3 scanned pages rendered in a worker (start-up included): ${(performance.now() - started).toFixed(0)} ms`)
    expect(doc.pageImages!.map((image) => image.page)).toEqual([1, 2, 3])
    for (const image of doc.pageImages!) expectImage(image, image.page, Math.round((612 * 1000) / 792), 1000)
  })
})

describe('scanned PDF → page images, without a canvas module', () => {
  afterEach(() => {
    vi.doUnmock('../../src/main/files/documents/nodeCanvas')
    vi.resetModules()
  })

  it('extraction still succeeds: no images, and a warning saying why', async () => {
    vi.resetModules()
    vi.doMock('../../src/main/files/documents/nodeCanvas', () => ({ nodeCanvasLoadError: () => "Cannot find module '@napi-rs/canvas'" }))
    const { extractDocumentInProcess: extractWithoutCanvas } = await import('../../src/main/files/documents/extract')
    const doc = await extractWithoutCanvas(makePdf(scannedPages(2)), 'scan.pdf', { renderScannedPages: render })
    expect(doc).toMatchObject({ scanned: true, pageCount: 2 })
    expect(doc.pageImages).toBeUndefined()
    expect(doc.warnings.some((w) => /could not be turned into images.*napi-rs\/canvas/.test(w))).toBe(true)
  })
})
