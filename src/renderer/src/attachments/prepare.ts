/**
 * Images prepared for the model in the renderer: the same code runs in Electron, in the web
 * harness and in the capture bench. Resizing is the browser canvas's; encoding is lossy WebP by
 * libwebp in WASM (./webpEncoder.ts) when the model accepts WebP (sizing.ts's table), else the
 * canvas's PNG/JPEG chosen by content (chooseEncoding), which is also the fallback when the WASM
 * cannot load. Main receives the original (kept for history) and the encoded copies, and only
 * re-checks magic bytes.
 *
 * The standard copy costs one resize, one read-back of the resized pixels (getImageData), and
 * one encode straight from that buffer; the blank check reads the same pixels (the PNG/JPEG path
 * measures content on a 96-px sample instead: it needs flatness, not the pixels).
 *
 * Downscaling: one drawImage with imageSmoothingQuality 'high'. In Chromium (and so in
 * Electron) 'high' downscales through mipmaps plus a cubic filter, i.e. close to an area
 * filter: on the bench's dense-text fixtures it keeps OCR within 1 % of a Lanczos3 reference
 * (ocr_word_recall) in ~30 ms for a 5K frame. Progressive halving was measured too: no OCR
 * gain, 2–3× slower. A true Lanczos3 in JS costs ~1 s for a 5K frame on two cores; for dense
 * HiDPI screens, sharp mode (several full-detail tiles) is what keeps small text readable.
 */
import {
  chooseEncoding,
  detectBlank,
  flatness as measureFlatness,
  sniffImageMime,
  usesWebp,
  WEBP_QUALITY,
  type BlankKind,
  type EncodingAttempt,
  type EncodingChoice
} from '../../../shared/attachments/imageFormat'
import {
  estimateImageTokens,
  modelReadSize,
  planSharpTiles,
  suggestsSharp,
  visionRuleFor,
  type Rect,
  type Size,
  type VisionRule
} from '../../../shared/attachments/sizing'
import { MAX_IMAGE_BYTES } from '../../../shared/attachments/limits'
import { checkPixelBudget } from './pixelBudget'
import { blobToDataUrl, bytesToDataUrl } from '../logic/base64'
import { webpEncoder, type WebpEncoder } from './webpEncoder'

export type AnyCanvas = HTMLCanvasElement | OffscreenCanvas
type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D

export class ImageRefused extends Error {
  constructor(
    readonly reason: 'not-image' | 'unreadable' | 'too-large' | 'too-many-pixels',
    readonly fileName: string,
    /** What the header declared (too-many-pixels). */
    readonly size?: Size
  ) {
    super(`${fileName}: ${reason}`)
  }
}

/** Main's limit too (src/shared/attachments/limits.ts): refused here before it is read whole. */
export const MAX_SOURCE_BYTES = MAX_IMAGE_BYTES

export interface EncodedCopy {
  dataUrl: string
  mime: string
  width: number
  height: number
  bytes: number
}

export interface PreparedImage {
  /** The original file or capture, as given (kept locally, shown in history). */
  original: { dataUrl: string; mime: string; width: number; height: number; bytes: number }
  /** Standard: one image at the model's read size. */
  standard: EncodedCopy[]
  standardTokens: number
  /** Offered when the standard read is too coarse for the text (dense HiDPI screens). */
  sharpAvailable: boolean
  sharpTokens: number
  sharpTiles: number
  /** Small preview for the chip. */
  thumbnailUrl: string
  blank?: BlankKind
  /** Decoded source, kept to encode sharp tiles on demand. */
  bitmap: ImageBitmap
}

function makeCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height)
  const c = document.createElement('canvas')
  c.width = width
  c.height = height
  return c
}

function ctx2d(c: AnyCanvas, settings?: CanvasRenderingContext2DSettings): Ctx {
  const ctx = c.getContext('2d', settings) as Ctx | null
  if (!ctx) throw new Error('2D canvas unavailable')
  return ctx
}

/** Draws `src` (or its `crop`) at width×height with high-quality smoothing (see the file comment). */
export function resizeImage(src: CanvasImageSource & { width: number; height: number }, target: Size, crop?: Rect): AnyCanvas {
  const out = makeCanvas(target.width, target.height)
  const g = ctx2d(out)
  g.imageSmoothingEnabled = true
  g.imageSmoothingQuality = 'high'
  g.drawImage(src, crop?.x ?? 0, crop?.y ?? 0, crop?.width ?? src.width, crop?.height ?? src.height, 0, 0, target.width, target.height)
  return out
}

async function canvasBlob(c: AnyCanvas, a: EncodingAttempt): Promise<Blob> {
  if ('convertToBlob' in c) return c.convertToBlob({ type: a.mime, quality: a.quality })
  return new Promise((resolve, reject) =>
    (c as HTMLCanvasElement).toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), a.mime, a.quality)
  )
}

/** A small RGBA sample of the image (content class for the PNG/JPEG choice). */
export function sampleRgba(src: CanvasImageSource & { width: number; height: number }, edge = 96): { data: Uint8ClampedArray; width: number; height: number } {
  const s = Math.min(1, edge / Math.max(src.width, src.height))
  const w = Math.max(1, Math.round(src.width * s))
  const h = Math.max(1, Math.round(src.height * s))
  const c = resizeImage(src, { width: w, height: h })
  return { data: ctx2d(c).getImageData(0, 0, w, h).data, width: w, height: h }
}

/** Encodes one canvas with the canvas's codecs (PNG/JPEG): first attempt within budget, else the smallest. */
export async function encodeCanvas(c: AnyCanvas, attempts: EncodingAttempt[], maxBytes: number): Promise<Blob> {
  let best: Blob | undefined
  for (const a of attempts) {
    const blob = await canvasBlob(c, a)
    if (blob.size <= maxBytes) return blob
    if (!best || blob.size < best.size) best = blob
  }
  return best as Blob
}

/** Encodes RGBA pixels with libwebp: first attempt within budget, else the smallest. */
function encodePixels(encoder: WebpEncoder, pixels: ImageData, choice: EncodingChoice): Uint8Array {
  let best: Uint8Array | undefined
  for (const a of choice.attempts) {
    const out = encoder.encode(pixels, a.quality ?? WEBP_QUALITY)
    if (out.byteLength <= choice.maxBytes) return out
    if (!best || out.byteLength < best.byteLength) best = out
  }
  return best as Uint8Array
}

/** One image as sent to the model (bytes; the data: URL is made by the caller). */
export interface ModelImage {
  bytes: Uint8Array
  mime: string
  width: number
  height: number
  /** From the encoded pixels (or the PNG/JPEG path's sample): an all-black or flat capture. */
  blank?: BlankKind
}

/**
 * THE encoding path (standard copy, sharp tiles, and what the capture bench times): `src` (or
 * its `crop`) resized to `target`, encoded as the model's rule allows — WebP (libwebp, from the
 * read-back pixels) or, without it, PNG/JPEG by content from the canvas.
 */
export async function encodeForModel(
  src: CanvasImageSource & { width: number; height: number },
  target: Size,
  rule: VisionRule,
  crop?: Rect,
  opts: { mayHaveAlpha?: boolean } = {}
): Promise<ModelImage> {
  // The WASM is only loaded for models that take WebP; undefined when it could not load.
  const encoder = rule.formats.includes('image/webp') ? await webpEncoder() : undefined
  if (usesWebp(rule.formats, encoder !== undefined)) {
    try {
      // Synchronous from here (so one scratch canvas serves every call): resize, read back once;
      // libwebp encodes from that buffer (one copy into its heap) and the blank check scans it
      // (stopping at the first varied bright pixel, i.e. within the first rows).
      const pixels = resizedPixels(src, target, crop)
      const bytes = encodePixels(encoder as WebpEncoder, pixels, chooseEncoding(undefined, { webp: true }))
      return { bytes, mime: 'image/webp', ...target, blank: detectBlank(pixels.data) }
    } catch (error) {
      console.warn('WebP encoding failed: this image is sent as PNG/JPEG.', error)
    }
  }
  const canvas = resizeImage(src, target, crop)
  const sample = sampleRgba(canvas)
  const stats = {
    flatness: measureFlatness(sample.data, sample.width, sample.height),
    hasAlpha: opts.mayHaveAlpha !== false && hasTransparency(sample.data)
  }
  const choice = chooseEncoding(stats)
  const blob = await encodeCanvas(canvas, choice.attempts, choice.maxBytes)
  return { bytes: new Uint8Array(await blob.arrayBuffer()), mime: blob.type, ...target, blank: detectBlank(sample.data) }
}

let scratch: { canvas: AnyCanvas; g: Ctx } | undefined

/**
 * resizeImage into a canvas kept between calls (a new 1365×768 canvas costs ~2.5 ms more on the
 * bench machine), read back. Callers must not await between drawing and reading.
 */
function resizedPixels(src: CanvasImageSource & { width: number; height: number }, target: Size, crop?: Rect): ImageData {
  if (!scratch) {
    const canvas = makeCanvas(target.width, target.height)
    // Read back on every use: a CPU canvas (no GPU read-back stall; the bench's path too).
    scratch = { canvas, g: ctx2d(canvas, { willReadFrequently: true }) }
  }
  const { canvas, g } = scratch
  if (canvas.width !== target.width || canvas.height !== target.height) {
    canvas.width = target.width
    canvas.height = target.height
  }
  g.imageSmoothingEnabled = true
  g.imageSmoothingQuality = 'high'
  // 'copy': the new pixels replace the last image's, transparency included.
  g.globalCompositeOperation = 'copy'
  g.drawImage(src, crop?.x ?? 0, crop?.y ?? 0, crop?.width ?? src.width, crop?.height ?? src.height, 0, 0, target.width, target.height)
  return g.getImageData(0, 0, target.width, target.height)
}

function toCopy(m: ModelImage): EncodedCopy {
  return { dataUrl: bytesToDataUrl(m.bytes, m.mime), mime: m.mime, width: m.width, height: m.height, bytes: m.bytes.byteLength }
}

export interface PrepareOptions {
  model?: string
  name?: string
}

/** Reads a dropped / pasted / picked file: refuses anything that is not PNG, JPEG, WebP or GIF. */
export async function readImageFile(file: Blob & { name?: string }): Promise<{ bytes: Uint8Array; mime: string }> {
  const name = file.name || 'file'
  if (file.size > MAX_SOURCE_BYTES) throw new ImageRefused('too-large', name)
  const bytes = new Uint8Array(await file.arrayBuffer())
  const mime = sniffImageMime(bytes)
  if (!mime) throw new ImageRefused('not-image', name)
  return { bytes, mime }
}

/**
 * Decodes (a GIF gives its first frame) and prepares the standard encoding. The header's size is
 * checked first: a picture over the pixel budget is refused without being decoded.
 */
export async function prepareImage(bytes: Uint8Array, mime: string, opts: PrepareOptions = {}): Promise<PreparedImage> {
  const budget = checkPixelBudget(bytes)
  if (!budget.ok) {
    const name = opts.name ?? 'image'
    throw budget.reason === 'too-many-pixels' ? new ImageRefused('too-many-pixels', name, { width: budget.width, height: budget.height }) : new ImageRefused('unreadable', name)
  }
  const blob = new Blob([bytes as BlobPart], { type: mime })
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(blob)
  } catch {
    throw new ImageRefused('unreadable', opts.name ?? 'image')
  }
  const size = { width: bitmap.width, height: bitmap.height }
  const rule = visionRuleFor(opts.model)
  const standard = await encodeForModel(bitmap, modelReadSize(size, rule), rule, undefined, { mayHaveAlpha: mime !== 'image/jpeg' })
  const plan = planSharpTiles(size, rule)
  const thumb = resizeImage(bitmap, fitWithin(size, 160))
  // A GIF's original is kept as is; history shows its first frame like the model gets.
  return {
    original: { dataUrl: await blobToDataUrl(blob), mime, width: size.width, height: size.height, bytes: bytes.byteLength },
    standard: [toCopy(standard)],
    standardTokens: estimateImageTokens(size, rule),
    sharpAvailable: suggestsSharp(size, rule) && plan.tiles.length > 1,
    sharpTokens: plan.tokens,
    sharpTiles: plan.tiles.length,
    thumbnailUrl: await blobToDataUrl(await canvasBlob(thumb, { mime: 'image/png' })),
    blank: standard.blank,
    bitmap
  }
}

/** Sharp mode: the plan's tiles, each at its full-detail read size. */
export async function encodeSharp(prepared: PreparedImage, model?: string): Promise<EncodedCopy[]> {
  const size = { width: prepared.bitmap.width, height: prepared.bitmap.height }
  const rule = visionRuleFor(model)
  const plan = planSharpTiles(size, rule)
  const out: EncodedCopy[] = []
  for (let i = 0; i < plan.tiles.length; i++) {
    out.push(toCopy(await encodeForModel(prepared.bitmap, plan.sendSizes[i], rule, plan.tiles[i], { mayHaveAlpha: prepared.original.mime !== 'image/jpeg' })))
  }
  return out
}

function hasTransparency(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] < 250) return true
  return false
}

export function fitWithin(size: Size, edge: number): Size {
  const s = Math.min(1, edge / Math.max(size.width, size.height))
  return { width: Math.max(1, Math.round(size.width * s)), height: Math.max(1, Math.round(size.height * s)) }
}

