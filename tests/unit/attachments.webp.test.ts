/**
 * The WebP encoder (libwebp in WASM, src/renderer/src/attachments/webpEncoder.ts): the real module
 * encodes, a module that cannot load or encode makes the loader fall back (undefined, one
 * warning, never a throw), and the build-time glue patch still applies to the installed glue.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { patchWebpGlue, WEBP_GLUE_FILE } from '../../build/webpGluePlugin'
import { createWebpLoader, WEBP_OPTIONS } from '../../src/renderer/src/attachments/webpEncoder'
import { sniffImageMime } from '../../src/shared/attachments/imageFormat'

const require = createRequire(import.meta.url)
const gluePath = require.resolve('@jsquash/webp/codec/enc/webp_enc_simd.js')
const wasmPath = gluePath.replace(/\.js$/, '.wasm')

type Module = Parameters<typeof createWebpLoader>[0] extends (() => Promise<infer M>) | undefined ? M : never

afterEach(() => vi.restoreAllMocks())

function pixels(width: number, height: number): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let i = 0; i < data.length; i += 4) {
    const p = i / 4
    const dark = (Math.floor(p / width) >> 2) % 3 === 0 && (p % width) % 5 !== 0
    data.set(dark ? [30, 30, 30, 255] : [255, 255, 255, 255], i)
  }
  return { data, width, height }
}

describe('WebP encoder (libwebp WASM)', () => {
  it('the real SIMD module encodes lossy WebP at method 0', async () => {
    const { default: factory } = await import('@jsquash/webp/codec/enc/webp_enc_simd.js')
    const load = (): Promise<Module> => factory({ noInitialRun: true, wasmBinary: readFileSync(wasmPath) } as never) as Promise<Module>
    const encoder = await createWebpLoader(load)()
    expect(encoder).toBeDefined()
    const out = encoder!.encode(pixels(120, 60), 0.8)
    expect(sniffImageMime(out)).toBe('image/webp')
    // A lossy 'VP8 ' chunk; its frame header holds the size (14 bits each).
    expect(new TextDecoder().decode(out.subarray(12, 16))).toBe('VP8 ')
    const view = new DataView(out.buffer, out.byteOffset)
    expect([view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff]).toEqual([120, 60])
    expect(WEBP_OPTIONS.method).toBe(0)
  })

  it('falls back when the module cannot load (e.g. WebAssembly blocked): undefined, one warning, loaded once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const load = vi.fn(() => Promise.reject(new WebAssembly.CompileError('blocked by CSP')))
    const get = createWebpLoader(load)
    expect(await get()).toBeUndefined()
    expect(await get()).toBeUndefined()
    expect(load).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0][0])).toMatch(/PNG\/JPEG/)
  })

  it('falls back when the module loads but cannot encode (checked once while warming)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const broken = { encode: () => null } as unknown as Module
    expect(await createWebpLoader(() => Promise.resolve(broken))()).toBeUndefined()
  })

  it('passes quality 0–100 and method 0 to libwebp', async () => {
    const calls: Array<{ quality: number; method: number }> = []
    const fake = { encode: (_d: unknown, _w: number, _h: number, o: { quality: number; method: number }) => (calls.push(o), new Uint8Array([1])) }
    const encoder = await createWebpLoader(() => Promise.resolve(fake as unknown as Module))()
    encoder!.encode(pixels(4, 4), 0.8)
    expect(calls.at(-1)).toMatchObject({ quality: 80, method: 0 })
  })

  it('the build-time glue patch still finds exactly one byte-copy loop in the installed glue', () => {
    expect(WEBP_GLUE_FILE.test(gluePath)).toBe(true)
    const glue = readFileSync(gluePath, 'utf8')
    const out = patchWebpGlue(glue)
    expect(out.patched).toBe(true)
    expect(out.code).toContain('HEAPU8.set(value,ptr)')
    expect(out.code).not.toContain('HEAPU8[ptr+i]=value[i]')
    expect(out.code.length).toBeLessThan(glue.length)
    expect(patchWebpGlue('var x = 1')).toEqual({ code: 'var x = 1', patched: false })
  })
})
