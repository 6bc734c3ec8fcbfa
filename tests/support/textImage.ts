/**
 * PNG images with known text in them, for the OCR tests: drawn with @napi-rs/canvas (pdf.js's
 * native canvas, already installed) in DejaVu Sans and Noto Sans CJK SC (the system packages
 * tests/support/systemPackages.ts installs). Black on white, like a document or a light UI.
 */
import { createRequire } from 'node:module'

interface NapiCanvas {
  createCanvas(width: number, height: number): {
    getContext(kind: '2d'): { fillStyle: string; font: string; fillRect(x: number, y: number, w: number, h: number): void; fillText(text: string, x: number, y: number): void }
    toBuffer(mime: 'image/png' | 'image/jpeg'): Buffer
  }
}

function canvasModule(): NapiCanvas {
  // Resolved from pdf.js's package, as the app's scanned-page renderer resolves it.
  const fromPdfJs = createRequire(createRequire(__filename).resolve('pdfjs-dist/package.json'))
  return fromPdfJs('@napi-rs/canvas') as NapiCanvas
}

/** One line per entry, 40 px type on a `width` × (lines × 80) page. Han text gets the CJK font. */
export function textImagePng(lines: readonly string[], opts: { width?: number; mime?: 'image/png' | 'image/jpeg' } = {}): Buffer {
  const width = opts.width ?? 1200
  const canvas = canvasModule().createCanvas(width, 60 + lines.length * 80)
  const g = canvas.getContext('2d')
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, width, 60 + lines.length * 80)
  g.fillStyle = '#111111'
  lines.forEach((line, i) => {
    g.font = /[\u4e00-\u9fff]/.test(line) ? '40px "Noto Sans CJK SC"' : '40px "DejaVu Sans"'
    g.fillText(line, 30, 80 + i * 80)
  })
  return canvas.toBuffer(opts.mime ?? 'image/png')
}
