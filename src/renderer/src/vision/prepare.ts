/**
 * Images prepared for the model in the renderer, with the browser's own codecs (canvas /
 * OffscreenCanvas): the same code runs in Electron and in the web harness, and the issue's
 * calibration figures are the browser canvas's. Main receives the original (kept for history)
 * and the encoded copies, and only re-checks magic bytes.
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
  type BlankKind,
  type EncodingAttempt
} from '../../../shared/vision/imageFormat'
import {
  estimateImageTokens,
  modelReadSize,
  planSharpTiles,
  suggestsSharp,
  visionRuleFor,
  type Rect,
  type Size
} from '../../../shared/vision/sizing'

export type AnyCanvas = HTMLCanvasElement | OffscreenCanvas
type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D

export class ImageRefused extends Error {
  constructor(
    readonly reason: 'not-image' | 'unreadable' | 'too-large',
    readonly fileName: string
  ) {
    super(`${fileName}: ${reason}`)
  }
}

export const MAX_SOURCE_BYTES = 40 * 1024 * 1024

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

function ctx2d(c: AnyCanvas): Ctx {
  const ctx = c.getContext('2d') as Ctx | null
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

export async function blobToDataUrl(blob: Blob): Promise<string> {
  const buf = new Uint8Array(await blob.arrayBuffer())
  let bin = ''
  const CHUNK = 0x8000
  for (let i = 0; i < buf.length; i += CHUNK) bin += String.fromCharCode(...buf.subarray(i, i + CHUNK))
  return `data:${blob.type};base64,${btoa(bin)}`
}

/** A small RGBA sample of the image (content class, blank detection). */
export function sampleRgba(src: CanvasImageSource & { width: number; height: number }, edge = 96): { data: Uint8ClampedArray; width: number; height: number } {
  const s = Math.min(1, edge / Math.max(src.width, src.height))
  const w = Math.max(1, Math.round(src.width * s))
  const h = Math.max(1, Math.round(src.height * s))
  const c = resizeImage(src, { width: w, height: h })
  return { data: ctx2d(c).getImageData(0, 0, w, h).data, width: w, height: h }
}

/** Encodes one canvas per the content's rules: first attempt within budget, else the smallest. */
export async function encodeCanvas(c: AnyCanvas, attempts: EncodingAttempt[], maxBytes: number): Promise<Blob> {
  let best: Blob | undefined
  for (const a of attempts) {
    const blob = await canvasBlob(c, a)
    if (blob.size <= maxBytes) return blob
    if (!best || blob.size < best.size) best = blob
  }
  return best as Blob
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

/** Decodes (a GIF gives its first frame) and prepares the standard encoding. */
export async function prepareImage(bytes: Uint8Array, mime: string, opts: PrepareOptions = {}): Promise<PreparedImage> {
  const blob = new Blob([bytes as BlobPart], { type: mime })
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(blob)
  } catch {
    throw new ImageRefused('unreadable', opts.name ?? 'image')
  }
  const size = { width: bitmap.width, height: bitmap.height }
  const rule = visionRuleFor(opts.model)
  const readSize = modelReadSize(size, rule)
  const resized = resizeImage(bitmap, readSize)
  // Content stats from the model-sized copy: sampling the full 5K bitmap costs more than the resize.
  const sample = sampleRgba(resized)
  const stats = {
    flatness: measureFlatness(sample.data, sample.width, sample.height),
    hasAlpha: mime !== 'image/jpeg' && hasTransparency(sample.data)
  }
  const standard = [await encodeCanvas2(resized, readSize, stats)]
  const plan = planSharpTiles(size, rule)
  const thumb = resizeImage(bitmap, fitWithin(size, 160))
  // A GIF's original is kept as is; history shows its first frame like the model gets.
  return {
    original: { dataUrl: await blobToDataUrl(blob), mime, width: size.width, height: size.height, bytes: bytes.byteLength },
    standard,
    standardTokens: estimateImageTokens(size, rule),
    sharpAvailable: suggestsSharp(size, rule) && plan.tiles.length > 1,
    sharpTokens: plan.tokens,
    sharpTiles: plan.tiles.length,
    thumbnailUrl: await blobToDataUrl(await canvasBlob(thumb, { mime: 'image/png' })),
    blank: detectBlank(sample.data),
    bitmap
  }
}

/** Sharp mode: the plan's tiles, each at its full-detail read size. */
export async function encodeSharp(prepared: PreparedImage, model?: string): Promise<EncodedCopy[]> {
  const size = { width: prepared.bitmap.width, height: prepared.bitmap.height }
  const rule = visionRuleFor(model)
  const plan = planSharpTiles(size, rule)
  const sample = sampleRgba(resizeImage(prepared.bitmap, modelReadSize(size, rule)))
  const stats = { flatness: measureFlatness(sample.data, sample.width, sample.height) }
  const out: EncodedCopy[] = []
  for (let i = 0; i < plan.tiles.length; i++) out.push(await encodeRegion(prepared.bitmap, plan.tiles[i], plan.sendSizes[i], stats))
  return out
}

async function encodeCanvas2(canvas: AnyCanvas, target: Size, stats: { flatness: number; hasAlpha?: boolean }): Promise<EncodedCopy> {
  const choice = chooseEncoding(stats)
  const blob = await encodeCanvas(canvas, choice.attempts, choice.maxBytes)
  return { dataUrl: await blobToDataUrl(blob), mime: blob.type, width: target.width, height: target.height, bytes: blob.size }
}

async function encodeRegion(
  bitmap: ImageBitmap,
  crop: Rect | undefined,
  target: Size,
  stats: { flatness: number; hasAlpha?: boolean }
): Promise<EncodedCopy> {
  return encodeCanvas2(resizeImage(bitmap, target, crop), target, stats)
}

function hasTransparency(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] < 250) return true
  return false
}

export function fitWithin(size: Size, edge: number): Size {
  const s = Math.min(1, edge / Math.max(size.width, size.height))
  return { width: Math.max(1, Math.round(size.width * s)), height: Math.max(1, Math.round(size.height * s)) }
}

/** data: URL → bytes (captures arrive from main as data: URLs). */
export function dataUrlBytes(url: string): { bytes: Uint8Array; mime: string } {
  const comma = url.indexOf(',')
  const mime = /^data:([^;,]+)/.exec(url)?.[1] ?? 'application/octet-stream'
  const bin = atob(url.slice(comma + 1))
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return { bytes, mime }
}
