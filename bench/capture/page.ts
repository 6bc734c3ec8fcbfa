/**
 * Runs in Chromium for the capture bench: the app's own pipeline (src/renderer/src/attachments:
 * encodeForModel, the libwebp WASM encoder) plus a reference Lanczos3 resampler and a 2× upscale
 * for OCR. Bundled to an IIFE by the bench with the app's Vite plugin for the WebP glue.
 */
import { encodeForModel, type ModelImage } from '../../src/renderer/src/attachments/prepare'
import { blobToDataUrl } from '../../src/renderer/src/logic/base64'
import { webpEncoder } from '../../src/renderer/src/attachments/webpEncoder'
import { modelReadSize, planSharpTiles, visionRuleFor, type Rect } from '../../src/shared/attachments/sizing'

async function decode(dataUrl: string): Promise<ImageBitmap> {
  const blob = await (await fetch(dataUrl)).blob()
  return createImageBitmap(blob)
}

function canvasOf(bitmap: CanvasImageSource & { width: number; height: number }): OffscreenCanvas {
  const c = new OffscreenCanvas(bitmap.width, bitmap.height)
  c.getContext('2d')!.drawImage(bitmap, 0, 0)
  return c
}

/** Separable Lanczos3 on RGBA (reference quality, not fast). */
function lanczos(src: ImageData, w: number, h: number): ImageData {
  const a = 3
  const kernel = (x: number): number => {
    if (x === 0) return 1
    if (x <= -a || x >= a) return 0
    const px = Math.PI * x
    return (a * Math.sin(px) * Math.sin(px / a)) / (px * px)
  }
  const pass = (data: Float32Array, sw: number, sh: number, dw: number, horizontal: boolean): Float32Array => {
    const outW = horizontal ? dw : sw
    const outH = horizontal ? sh : dw
    const out = new Float32Array(outW * outH * 4)
    const srcLen = horizontal ? sw : sh
    const scale = srcLen / dw
    const support = a * Math.max(1, scale)
    const lines = horizontal ? sh : sw
    for (let i = 0; i < dw; i++) {
      const center = (i + 0.5) * scale
      const lo = Math.max(0, Math.floor(center - support))
      const hi = Math.min(srcLen - 1, Math.ceil(center + support))
      const weights: number[] = []
      let sum = 0
      for (let j = lo; j <= hi; j++) {
        const wgt = kernel((j + 0.5 - center) / Math.max(1, scale))
        weights.push(wgt)
        sum += wgt
      }
      for (let line = 0; line < lines; line++) {
        let r = 0, g = 0, b = 0, al = 0
        for (let j = lo; j <= hi; j++) {
          const wgt = weights[j - lo] / sum
          const idx = horizontal ? (line * sw + j) * 4 : (j * sw + line) * 4
          r += data[idx] * wgt
          g += data[idx + 1] * wgt
          b += data[idx + 2] * wgt
          al += data[idx + 3] * wgt
        }
        const o = horizontal ? (line * outW + i) * 4 : (i * outW + line) * 4
        out[o] = r
        out[o + 1] = g
        out[o + 2] = b
        out[o + 3] = al
      }
    }
    return out
  }
  const f = Float32Array.from(src.data)
  const hpass = pass(f, src.width, src.height, w, true)
  const vpass = pass(hpass, w, src.height, h, false)
  const out = new ImageData(w, h)
  for (let i = 0; i < vpass.length; i++) out.data[i] = Math.max(0, Math.min(255, Math.round(vpass[i])))
  return out
}

async function pngDataUrl(c: OffscreenCanvas): Promise<string> {
  return blobToDataUrl(await c.convertToBlob({ type: 'image/png' }))
}

/** 2× upscale (same for every image OCR'd: tesseract is noisy on small text). */
async function upscale2x(src: CanvasImageSource & { width: number; height: number }): Promise<string> {
  const c = new OffscreenCanvas(src.width * 2, src.height * 2)
  const g = c.getContext('2d')!
  g.imageSmoothingEnabled = true
  g.imageSmoothingQuality = 'high'
  g.drawImage(src, 0, 0, c.width, c.height)
  return pngDataUrl(c)
}

/** The app's standard payload for `model` (prepareImage's encodeForModel call). */
async function standardPayload(bitmap: ImageBitmap, model: string | undefined): Promise<ModelImage> {
  const rule = visionRuleFor(model)
  return encodeForModel(bitmap, modelReadSize({ width: bitmap.width, height: bitmap.height }, rule), rule)
}

/** A payload decoded by the browser (PNG, JPEG or WebP) and upscaled 2× for OCR. */
async function forOcr(m: ModelImage): Promise<string> {
  return upscale2x(await createImageBitmap(new Blob([m.bytes as BlobPart], { type: m.mime })))
}

const api = {
  /** Loads the WASM encoder (the app warms it before a capture; see webpEncoder.ts). ms. */
  async warm(): Promise<{ ms: number; loaded: boolean }> {
    const t0 = performance.now()
    const loaded = (await webpEncoder()) !== undefined
    return { ms: performance.now() - t0, loaded }
  },
  /** Times resize + encode from the in-memory bitmap (standard mode). */
  async timePrepare(dataUrl: string, runs: number, model?: string): Promise<{ times: number[]; bytes: number; mime: string; width: number; height: number }> {
    const bitmap = await decode(dataUrl)
    const times: number[] = []
    let last: ModelImage | undefined
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      last = await standardPayload(bitmap, model)
      times.push(performance.now() - t0)
    }
    return { times, bytes: last!.bytes.byteLength, mime: last!.mime, width: last!.width, height: last!.height }
  },
  /** Our standard payload, decoded and upscaled 2× for OCR. */
  async standardForOcr(dataUrl: string, model?: string): Promise<{ ocr: string; bytes: number; mime: string }> {
    const m = await standardPayload(await decode(dataUrl), model)
    return { ocr: await forOcr(m), bytes: m.bytes.byteLength, mime: m.mime }
  },
  /** Reference: the same image scaled losslessly with Lanczos3 to the model's read size. */
  async lanczosForOcr(dataUrl: string): Promise<string> {
    const bitmap = await decode(dataUrl)
    const size = modelReadSize({ width: bitmap.width, height: bitmap.height })
    const src = canvasOf(bitmap).getContext('2d')!.getImageData(0, 0, bitmap.width, bitmap.height)
    const out = lanczos(src, size.width, size.height)
    const c = new OffscreenCanvas(size.width, size.height)
    c.getContext('2d')!.putImageData(out, 0, 0)
    return upscale2x(c)
  },
  /** Sharp mode: every tile as sent (= as the model reads it: encodeSharp's calls), upscaled 2× for OCR. */
  async sharpForOcr(dataUrl: string, model?: string): Promise<{ tiles: string[]; bytes: number; tokens: number; rects: Rect[] }> {
    const bitmap = await decode(dataUrl)
    const rule = visionRuleFor(model)
    const plan = planSharpTiles({ width: bitmap.width, height: bitmap.height }, rule)
    const tiles: string[] = []
    let bytes = 0
    for (let i = 0; i < plan.tiles.length; i++) {
      const m = await encodeForModel(bitmap, plan.sendSizes[i], rule, plan.tiles[i])
      bytes += m.bytes.byteLength
      tiles.push(await forOcr(m))
    }
    return { tiles, bytes, tokens: plan.tokens, rects: plan.tiles }
  }
}

;(globalThis as unknown as { captureBench: typeof api }).captureBench = api
