import { describe, expect, it } from 'vitest'
import { chooseEncoding, classifyContent, detectBlank, flatness, pngSize, sniffImageMime, usesWebp } from '../../src/shared/attachments/imageFormat'
import { visionRuleFor } from '../../src/shared/attachments/sizing'
import { makePng } from '../support/images'

const bytes = (...b: number[]): Uint8Array => new Uint8Array([...b, ...new Array(16).fill(0)])

function rgba(w: number, h: number, f: (x: number, y: number) => [number, number, number]): Uint8Array {
  const out = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = f(x, y)
      out.set([r, g, b, 255], (y * w + x) * 4)
    }
  return out
}

describe('image format', () => {
  it('sniffs PNG, JPEG, WebP and GIF by magic bytes, and nothing else', () => {
    expect(sniffImageMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png')
    expect(sniffImageMime(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
    expect(sniffImageMime(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50))).toBe('image/webp')
    expect(sniffImageMime(new TextEncoder().encode('GIF89a......'))).toBe('image/gif')
    expect(sniffImageMime(new TextEncoder().encode('GIF87a......'))).toBe('image/gif')
    expect(sniffImageMime(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined()
    expect(sniffImageMime(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined()
    expect(sniffImageMime(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45))).toBeUndefined() // WAV
    expect(sniffImageMime(new Uint8Array())).toBeUndefined()
  })

  it('reads a PNG size from its header', () => {
    expect(pngSize(makePng(37, 11, () => [1, 2, 3]))).toEqual({ width: 37, height: 11 })
    expect(pngSize(new TextEncoder().encode('nope'))).toBeUndefined()
  })

  it('detects all-black and flat captures, not real ones', () => {
    expect(detectBlank(rgba(32, 32, () => [0, 0, 0]))).toBe('black')
    expect(detectBlank(rgba(32, 32, (x) => [x % 3, 1, 0]))).toBe('black')
    expect(detectBlank(rgba(32, 32, () => [236, 236, 236]))).toBe('uniform')
    expect(detectBlank(rgba(32, 32, (x, y) => (x === 5 && y === 5 ? [255, 255, 255] : [0, 0, 0])))).toBeUndefined()
    expect(detectBlank(rgba(32, 32, (x) => [x * 8, 100, 50]))).toBeUndefined()
    expect(detectBlank(new Uint8Array())).toBe('black')
  })

  it('tells UI from photos and picks the encoding by content', () => {
    const ui = rgba(64, 64, (x, y) => ((y >> 3) % 3 === 0 && x % 7 < 4 ? [20, 20, 20] : [255, 255, 255]))
    const photo = rgba(64, 64, (x, y) => [(x * 37 + y * 11) % 256, (x * 13 + y * 29) % 256, (x * y) % 256])
    expect(classifyContent(ui, 64, 64)).toBe('ui')
    expect(classifyContent(photo, 64, 64)).toBe('photo')
    expect(flatness(ui, 64, 64)).toBeGreaterThan(0.5)
    expect(chooseEncoding({ flatness: 0.95 }).attempts[0]).toEqual({ mime: 'image/png' })
    expect(chooseEncoding({ flatness: 0.7 }).attempts.map((a) => a.quality)).toEqual([0.85, 0.8])
    expect(chooseEncoding({ flatness: 0.1 }).attempts).toEqual([{ mime: 'image/jpeg', quality: 0.8 }])
    expect(chooseEncoding({ flatness: 0.1, hasAlpha: true }).attempts[0].mime).toBe('image/png')
  })

  it('dense UI for GPT-4o: lossy WebP q80 (libwebp), q60 only over budget, whatever the content', () => {
    const rule = visionRuleFor('gpt-4o')
    expect(usesWebp(rule.formats, true)).toBe(true)
    const choice = chooseEncoding(undefined, { webp: true })
    expect(choice.attempts).toEqual([
      { mime: 'image/webp', quality: 0.8 },
      { mime: 'image/webp', quality: 0.6 }
    ])
    // Stats do not change the WebP choice (transparency is kept by WebP).
    expect(chooseEncoding({ flatness: 0.95, hasAlpha: true }, { webp: true })).toEqual(choice)
    expect(choice.maxBytes).toBeLessThanOrEqual(350 * 1024)
  })

  it('a model without WebP keeps PNG/JPEG by content, and so does GPT-4o when the WASM did not load', () => {
    for (const model of ['llava:13b', 'deepseek-flash', 'qwen-plus', '', undefined]) {
      const rule = visionRuleFor(model)
      expect(rule.formats).not.toContain('image/webp')
      expect(usesWebp(rule.formats, true)).toBe(false)
    }
    // The fallback: encoder not loaded (blocked WebAssembly) → the canvas's codecs.
    expect(usesWebp(visionRuleFor('gpt-4o').formats, false)).toBe(false)
    expect(chooseEncoding({ flatness: 0.7 }, { webp: false }).attempts.map((a) => a.mime)).toEqual(['image/jpeg', 'image/jpeg'])
    expect(chooseEncoding({ flatness: 0.95 }).attempts[0].mime).toBe('image/png')
  })

  it('blank detection stops at the first bright varied pixel, same answers as a full scan', () => {
    const big = rgba(1365, 768, (x, y) => (y === 0 && x < 2 ? [200, 10 * x, 0] : [0, 0, 0]))
    expect(detectBlank(big)).toBeUndefined()
    expect(detectBlank(rgba(200, 100, (x, y) => (x === 199 && y === 99 ? [200, 200, 200] : [30, 30, 30])))).toBeUndefined()
    expect(detectBlank(rgba(200, 100, () => [30, 30, 31]))).toBe('uniform')
  })
})
