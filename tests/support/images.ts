/**
 * Tiny image helpers for tests: a PNG encoder (RGBA, no dependencies) and header readers for
 * PNG / JPEG sizes, so a test can check what the provider received without an image library.
 */
import { deflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** PNG from a pixel function (r, g, b in 0–255; opaque). */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1)
    raw[row] = 0
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y)
      const i = row + 1 + x * 4
      raw[i] = r
      raw[i + 1] = g
      raw[i + 2] = b
      raw[i + 3] = 255
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** A UI-like picture: a sidebar, "text" lines (stripes of dark dashes) and a header bar. */
export function uiLikePixel(width: number, height: number): (x: number, y: number) => [number, number, number] {
  return (x, y) => {
    if (y < height * 0.08) return [40, 44, 52]
    if (x < width * 0.2) return (y >> 4) % 3 === 0 && x % 9 < 6 ? [90, 90, 110] : [236, 238, 242]
    const line = (y >> 3) % 3 === 0
    return line && (x >> 2) % 5 !== 0 ? [30, 30, 30] : [255, 255, 255]
  }
}

/** Width and height from a PNG or JPEG (baseline or progressive) header. */
export function imageSize(buf: Buffer): { mime: string; width: number; height: number } | undefined {
  if (buf.length > 24 && buf.readUInt32BE(0) === 0x89504e47) {
    return { mime: 'image/png', width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
  }
  if (buf[0] === 0xff && buf[1] === 0xd8) {
    let i = 2
    while (i + 9 < buf.length) {
      if (buf[i] !== 0xff) return undefined
      const marker = buf[i + 1]
      const len = buf.readUInt16BE(i + 2)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { mime: 'image/jpeg', height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) }
      }
      i += 2 + len
    }
  }
  return undefined
}

/** Splits a data: URL into its MIME type and bytes. */
export function parseDataUrl(url: string): { mime: string; bytes: Buffer } {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url)
  if (!m) throw new Error(`not a base64 data URL: ${url.slice(0, 40)}`)
  return { mime: m[1], bytes: Buffer.from(m[2], 'base64') }
}
