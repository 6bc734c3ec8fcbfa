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

/**
 * The size an image file's header declares, read before anything decodes it (a small file can
 * declare billions of pixels). PNG: IHDR. JPEG: the first frame header (SOFn), walking the
 * segments before it. WebP: the VP8, VP8L or VP8X header. GIF: the logical screen, grown to the
 * first frame's bounds when that frame reaches past it (decoders grow the canvas the same way).
 * undefined when the header is missing, cut short or declares no size.
 */
export function declaredImageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const size = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined)
  const u16be = (at: number): number => (bytes[at] << 8) | bytes[at + 1]
  const u16le = (at: number): number => bytes[at] | (bytes[at + 1] << 8)
  const u24le = (at: number): number => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)
  const u32be = (at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
  switch (sniffImageMime(bytes)) {
    case 'image/png':
      // Signature (8), then the IHDR chunk: length (4), type (4), width (4), height (4).
      return bytes.length >= 24 && startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12) ? size(u32be(16), u32be(20)) : undefined
    case 'image/jpeg':
      return jpegFrameSize(bytes, u16be, size)
    case 'image/webp': {
      if (bytes.length < 30) return undefined
      if (startsWith(bytes, [0x56, 0x50, 0x38, 0x20], 12)) {
        // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
        return startsWith(bytes, [0x9d, 0x01, 0x2a], 23) ? size(u16le(26) & 0x3fff, u16le(28) & 0x3fff) : undefined
      }
      if (startsWith(bytes, [0x56, 0x50, 0x38, 0x4c], 12)) {
        // Lossless: the signature 0x2f, then width-1 and height-1 in 14 bits each, little-endian bits.
        if (bytes[20] !== 0x2f) return undefined
        const bits = (bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24)) >>> 0
        return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1)
      }
      // Extended (animation, alpha, metadata): the canvas, width-1 and height-1 in 24 bits each.
      if (startsWith(bytes, [0x56, 0x50, 0x38, 0x58], 12)) return size(u24le(24) + 1, u24le(27) + 1)
      return undefined
    }
    case 'image/gif':
      return gifCanvasSize(bytes, u16le, size)
    default:
      return undefined
  }
}

type SizeOf = (width: number, height: number) => { width: number; height: number } | undefined

/** Walks the JPEG segments from SOI to the first frame header (SOF0–SOF15 but DHT, JPG, DAC). */
function jpegFrameSize(bytes: Uint8Array, u16be: (at: number) => number, size: SizeOf): { width: number; height: number } | undefined {
  let i = 2
  while (i + 3 < bytes.length) {
    if (bytes[i] !== 0xff) {
      i += 1 // stray bytes before a marker: decoders skip them too (libjpeg warns and goes on)
      continue
    }
    const marker = bytes[i + 1]
    if (marker === 0xff) {
      i += 1 // fill byte before a marker
      continue
    }
    // Markers without a length: SOI, TEM, RST0–7.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2
      continue
    }
    // End of image or start of scan before any frame header: there is no size to read.
    if (marker === 0xd9 || marker === 0xda) return undefined
    const length = u16be(i + 2)
    if (length < 2) return undefined
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      // Length (2), precision (1), height (2), width (2).
      return i + 8 < bytes.length ? size(u16be(i + 7), u16be(i + 5)) : undefined
    }
    i += 2 + length
  }
  return undefined
}

/** The GIF's logical screen, grown to its first frame's bounds (how Chromium's decoder sizes it). */
function gifCanvasSize(bytes: Uint8Array, u16le: (at: number) => number, size: SizeOf): { width: number; height: number } | undefined {
  if (bytes.length < 13) return undefined
  let width = u16le(6)
  let height = u16le(8)
  // Header (6), logical screen descriptor (7), then the global colour table when flagged.
  let i = 13 + (bytes[10] & 0x80 ? 3 * 2 ** ((bytes[10] & 0x07) + 1) : 0)
  while (i < bytes.length) {
    const block = bytes[i]
    if (block === 0x2c) {
      // Image descriptor: left, top, width, height (16 bits each, little-endian).
      if (i + 9 > bytes.length) break
      width = Math.max(width, u16le(i + 1) + u16le(i + 5))
      height = Math.max(height, u16le(i + 3) + u16le(i + 7))
      break
    }
    if (block !== 0x21 || i + 2 >= bytes.length) break
    // Extension: introducer, label, then sub-blocks (a length byte each) up to an empty one.
    i += 2
    while (i < bytes.length && bytes[i] !== 0) i += bytes[i] + 1
    i += 1
  }
  return size(width, height)
}
