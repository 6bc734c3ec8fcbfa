/**
 * What an image file really is, from its first bytes (never trust a name or a MIME type), and
 * how to encode an image for the model according to its content. Pure TypeScript.
 */

export type AcceptedImageMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif'
export const ACCEPTED_IMAGE_MIMES: readonly AcceptedImageMime[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v)

/** PNG, JPEG, WebP or GIF by magic bytes; undefined for anything else (SVG, PDF, text, …). */
export function sniffImageMime(bytes: Uint8Array): AcceptedImageMime | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) {
    return 'image/gif'
  }
  return undefined
}

export type ImageContent = 'ui' | 'photo'

/**
 * Share of pixels equal (±2 per channel) to their right neighbour. Screenshots of UI and text
 * have large flat areas; photographs almost never do. `rgba` is a small sample (e.g. 96×96).
 */
export function flatness(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): number {
  let same = 0
  let total = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x + 1 < width; x++) {
      const i = (y * width + x) * 4
      const j = i + 4
      total++
      if (
        Math.abs(rgba[i] - rgba[j]) <= 2 &&
        Math.abs(rgba[i + 1] - rgba[j + 1]) <= 2 &&
        Math.abs(rgba[i + 2] - rgba[j + 2]) <= 2
      ) {
        same++
      }
    }
  }
  return total > 0 ? same / total : 0
}

export function classifyContent(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): ImageContent {
  return flatness(rgba, width, height) >= 0.5 ? 'ui' : 'photo'
}

export interface EncodingAttempt {
  /** image/webp is libwebp in WASM (src/renderer/src/attachments/webpEncoder.ts), never the canvas. */
  mime: 'image/png' | 'image/jpeg' | 'image/webp'
  quality?: number
}

export interface EncodingChoice {
  /** Try these in order; the first one within `maxBytes` wins (else the smallest). */
  attempts: EncodingAttempt[]
  maxBytes: number
}

/** What the choice between PNG and JPEG looks at (a small sample of the image). */
export interface ContentStats {
  flatness: number
  hasAlpha?: boolean
}

/** Payload budget for one image (the 5K bench target is 350 KB). */
export const IMAGE_PAYLOAD_BUDGET = 340 * 1024

/** libwebp quality (0–1 like the canvas's): q80 reads as well as the Lanczos PNG reference. */
export const WEBP_QUALITY = 0.8

/**
 * Should this image be encoded with libwebp (WASM)? Only when the model accepts WebP and the
 * encoder loaded: when it could not (blocked WebAssembly, an old runtime), images fall back to
 * the canvas's PNG/JPEG, never fail.
 */
export function usesWebp(accepted: readonly string[], encoderLoaded: boolean): boolean {
  return encoderLoaded && accepted.includes('image/webp')
}

/**
 * With WebP (`webp`: see usesWebp): lossy q80 for every kind of content, q60 if that is over
 * budget. Text stays legible (the bench's OCR recall is at the lossless reference's level),
 * and transparency is kept, so the content does not need measuring.
 *
 * Without WebP, by content (`stats` required):
 * - very flat UI (flatness ≥ 0.85: dialogs, terminals, sparse pages): lossless PNG keeps glyph
 *   edges and is small; JPEG q85 only if the PNG is over budget;
 * - dense UI / text (0.5–0.85): JPEG q85 (text stays legible: the bench checks OCR), q80 if
 *   over budget — PNG would be several times larger for no gain the model can read;
 * - photos: JPEG q80. Images with transparency stay PNG (JPEG would paint it black).
 */
export function chooseEncoding(stats: ContentStats | undefined, opts: { webp?: boolean } = {}): EncodingChoice {
  const maxBytes = IMAGE_PAYLOAD_BUDGET
  if (opts.webp) return { attempts: [{ mime: 'image/webp', quality: WEBP_QUALITY }, { mime: 'image/webp', quality: 0.6 }], maxBytes }
  const { flatness = 0.5, hasAlpha = false } = stats ?? {}
  if (hasAlpha) return { attempts: [{ mime: 'image/png' }, { mime: 'image/jpeg', quality: 0.85 }], maxBytes }
  if (flatness >= 0.85) return { attempts: [{ mime: 'image/png' }, { mime: 'image/jpeg', quality: 0.85 }], maxBytes }
  if (flatness >= 0.5) {
    return { attempts: [{ mime: 'image/jpeg', quality: 0.85 }, { mime: 'image/jpeg', quality: 0.8 }], maxBytes }
  }
  return { attempts: [{ mime: 'image/jpeg', quality: 0.8 }], maxBytes }
}

export type BlankKind = 'black' | 'uniform'

/**
 * An all-black capture (macOS without Screen Recording permission, a protected window) or a
 * single flat colour: `rgba` is the capture at any size (the renderer passes the pixels it read
 * back for the encoder). undefined when it has real content, known as soon as one pixel is
 * bright and the colours vary, so a real screenshot is decided within its first rows.
 */
export function detectBlank(rgba: Uint8Array | Uint8ClampedArray): BlankKind | undefined {
  const n = Math.floor(rgba.length / 4)
  if (n === 0) return 'black'
  let maxLum = 0
  let minR = 255, minG = 255, minB = 255, maxR = 0, maxG = 0, maxB = 0
  for (let p = 0; p < n; p++) {
    const i = p * 4
    const r = rgba[i], g = rgba[i + 1], b = rgba[i + 2]
    const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    if (lum > maxLum) maxLum = lum
    if (r < minR) minR = r
    if (g < minG) minG = g
    if (b < minB) minB = b
    if (r > maxR) maxR = r
    if (g > maxG) maxG = g
    if (b > maxB) maxB = b
    if (maxLum > 10 && (maxR - minR > 3 || maxG - minG > 3 || maxB - minB > 3)) return undefined
  }
  if (maxLum <= 10) return 'black'
  if (maxR - minR <= 3 && maxG - minG <= 3 && maxB - minB <= 3) return 'uniform'
  return undefined
}

/** Width and height from a PNG's IHDR chunk (undefined when it is not a PNG). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (sniffImageMime(bytes) !== 'image/png' || bytes.length < 24) return undefined
  const u32 = (at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
  return { width: u32(16), height: u32(20) }
}
