/// <reference types="vite/client" />
/**
 * Lossy WebP for the model: libwebp compiled to WebAssembly (@jsquash/webp 1.5.0, its SIMD
 * build), served from our own origin like the voice's onnxruntime: the .wasm is a Vite asset
 * (`?url`), nothing is fetched from elsewhere, and compiling it needs only the 'wasm-unsafe-eval'
 * the CSP already has. The Emscripten glue is patched at build time (build/webpGluePlugin.ts).
 *
 * Why not the canvas's own WebP: Chromium encodes it at method 4, ~7× slower than JPEG (see
 * bench/results/capture.json); libwebp here runs at method 0, the fastest, at quality 80.
 *
 * Loaded once, lazily: the composer warms it at idle time and the capture menu when it opens
 * (warmWebpEncoder), so a capture rarely waits for it. When it cannot load (WebAssembly blocked,
 * no SIMD), webpEncoder() resolves undefined after one console warning and images go out as
 * PNG/JPEG from the canvas (chooseEncoding); a failing encode does the same for that image.
 */
import wasmUrl from '@jsquash/webp/codec/enc/webp_enc_simd.wasm?url'
import type { EncodeOptions, WebPModule } from '@jsquash/webp/codec/enc/webp_enc'

export interface WebpEncoder {
  /** RGBA pixels → a WebP file. `quality` 0–1 like the canvas's. Throws when libwebp fails. */
  encode(pixels: { data: Uint8ClampedArray<ArrayBuffer> | Uint8Array<ArrayBuffer>; width: number; height: number }, quality: number): Uint8Array
}

/** libwebp's WebPConfig (@jsquash/webp's defaults), at method 0: segments, SNS, filter as is. */
export const WEBP_OPTIONS: Omit<EncodeOptions, 'quality'> = {
  target_size: 0,
  target_PSNR: 0,
  method: 0,
  sns_strength: 50,
  filter_strength: 60,
  filter_sharpness: 0,
  filter_type: 1,
  partitions: 0,
  segments: 4,
  pass: 1,
  show_compressed: 0,
  preprocessing: 0,
  autofilter: 0,
  partition_limit: 0,
  alpha_compression: 1,
  alpha_filtering: 1,
  alpha_quality: 100,
  lossless: 0,
  exact: 0,
  image_hint: 0,
  emulate_jpeg_size: 0,
  thread_level: 0,
  low_memory: 0,
  near_lossless: 100,
  use_delta_palette: 0,
  use_sharp_yuv: 0
}

async function loadModule(): Promise<WebPModule> {
  const { default: factory } = await import('@jsquash/webp/codec/enc/webp_enc_simd.js')
  const url = new URL(wasmUrl, location.href).href
  return factory({ noInitialRun: true, locateFile: () => url } as never)
}

/**
 * One loader: `load` once, and undefined (with one warning) for good if it fails. Exported
 * with an injectable `load` for the unit tests of the fallback.
 */
export function createWebpLoader(load: () => Promise<WebPModule> = loadModule): () => Promise<WebpEncoder | undefined> {
  let pending: Promise<WebpEncoder | undefined> | undefined
  return () =>
    (pending ??= load()
      .then((module): WebpEncoder => {
        const encoder: WebpEncoder = {
          encode(pixels, quality) {
            const out = module.encode(pixels.data, pixels.width, pixels.height, { ...WEBP_OPTIONS, quality: Math.round(quality * 100) })
            if (!out) throw new Error('libwebp could not encode the image')
            return out
          }
        }
        // One small encode: proves the module works, grows its memory, and lets V8 start
        // optimising the hot code, so the first real image does not pay for it.
        const side = 256
        const data = new Uint8ClampedArray(side * side * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 251))
        encoder.encode({ data, width: side, height: side }, 0.8)
        return encoder
      })
      .catch((error: unknown) => {
        console.warn('WebP encoder (WebAssembly) unavailable: images are sent as PNG/JPEG.', error)
        return undefined
      }))
}

/** The app's encoder: the module is compiled once per page, on first use or warm-up. */
export const webpEncoder = createWebpLoader()

/** Starts loading the encoder without waiting (capture menu opened, composer idle). */
export function warmWebpEncoder(): void {
  void webpEncoder()
}
