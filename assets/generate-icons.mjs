#!/usr/bin/env node
/**
 * Generates the app and tray icons as PNGs with nothing but node:zlib, so they can be rebuilt
 * anywhere: `node assets/generate-icons.mjs`. The mark is a speech bubble with three dots.
 *
 * - icon.png (512×512): app icon for electron-builder (converted to .icns / .ico there) and
 *   the Linux window icon. The tile leaves the margin macOS icons have around their squircle.
 * - trayTemplate.png / trayTemplate@2x.png (16 / 32 px): macOS menu-bar template images,
 *   black + alpha only, so macOS recolours them for light and dark menu bars.
 * - tray.png / tray@2x.png (16 / 32 px): the coloured tray icon for Windows and Linux.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
/** RGBA8 pixels (Uint8Array, row-major) → PNG bytes. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

// Shapes in a unit square (0..1), y down.
const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s1 = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
  const s2 = (cx - bx) * (y - by) - (cy - by) * (x - bx)
  const s3 = (ax - cx) * (y - cy) - (ay - cy) * (x - cx)
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)
}

/** The bubble mark inside a box (bx, by, size): 'bubble', 'dot' or null. */
function mark(x, y, bx, by, size) {
  const u = (x - bx) / size
  const v = (y - by) / size
  const dots = [0.3, 0.5, 0.7].some((cx) => inCircle(u, v, cx, 0.44, 0.075))
  const body = inRoundedRect(u, v, 0.04, 0.12, 0.96, 0.76, 0.2)
  const tail = inTriangle(u, v, [0.2, 0.7], [0.44, 0.7], [0.14, 0.95])
  if (!(body || tail)) return null
  return dots ? 'dot' : 'bubble'
}

/** Renders with 4×4 supersampling; paint(x, y) returns [r, g, b, a] (0..255) for a sample. */
function render(size, paint) {
  const out = new Uint8Array(size * size * 4)
  const n = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca
        }
      }
      const i = (py * size + px) * 4
      out[i + 3] = Math.round(a / (n * n))
      if (a > 0) {
        out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a)
      }
    }
  }
  return out
}

const INDIGO = [79, 70, 229]
const VIOLET = [147, 51, 234]
const WHITE = [255, 255, 255]
const TRANSPARENT = [0, 0, 0, 0]
const mix = (p, q, t) => p.map((c, i) => c + (q[i] - c) * t)

function appIcon(size) {
  const margin = 0.1 // macOS-style breathing room around the tile
  return render(size, (x, y) => {
    if (!inRoundedRect(x, y, margin, margin, 1 - margin, 1 - margin, 0.18)) return TRANSPARENT
    const tile = mix(INDIGO, VIOLET, (x + y) / 2)
    const m = mark(x, y, 0.25, 0.27, 0.5)
    if (m === 'bubble') return [...WHITE, 255]
    return [...tile, 255]
  })
}
function trayTemplate(size) {
  return render(size, (x, y) => (mark(x, y, 0, 0.02, 1) === 'bubble' ? [0, 0, 0, 255] : TRANSPARENT))
}
function trayColour(size) {
  return render(size, (x, y) => {
    const m = mark(x, y, 0, 0.02, 1)
    if (m === 'bubble') return [...INDIGO, 255]
    if (m === 'dot') return [...WHITE, 255]
    return TRANSPARENT
  })
}

const outputs = [
  ['icon.png', 512, appIcon],
  ['trayTemplate.png', 16, trayTemplate],
  ['trayTemplate@2x.png', 32, trayTemplate],
  ['tray.png', 16, trayColour],
  ['tray@2x.png', 32, trayColour]
]
for (const [name, size, draw] of outputs) {
  writeFileSync(join(here, name), encodePng(size, size, draw(size)))
  console.log(`assets/${name} ${size}×${size}`)
}
