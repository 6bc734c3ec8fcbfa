/**
 * Build-time only (imported by electron.vite.config.ts and the capture bench's bundler, never by
 * the app's code): a one-line fix to @jsquash/webp's Emscripten glue (webp_enc_simd.js).
 *
 * Its embind binding copies the RGBA argument into the WASM heap one byte at a time in JS
 * (`for(…){HEAPU8[ptr+i]=value[i]}`): ~5 ms for a 1365×768 screenshot on the bench machine,
 * a tenth of the whole prepare budget. `HEAPU8.set(value,ptr)` is the same copy as one memcpy
 * (the values are bytes: Uint8Array, Uint8ClampedArray or Int8Array, wrapped the same way).
 * tests/unit/vision.webp.test.ts checks that the installed glue still has exactly one such loop.
 */

export const WEBP_GLUE_FILE = /[\\/]@jsquash[\\/]webp[\\/]codec[\\/]enc[\\/]webp_enc_simd\.js$/

const BYTE_LOOP = 'for(var i=0;i<length;++i){HEAPU8[ptr+i]=value[i]}'
const ONE_COPY = 'HEAPU8.set(value,ptr)'

/** The glue with its byte loop replaced; `patched: false` when the loop is not found (once). */
export function patchWebpGlue(code: string): { code: string; patched: boolean } {
  const at = code.indexOf(BYTE_LOOP)
  if (at < 0 || code.indexOf(BYTE_LOOP, at + 1) >= 0) return { code, patched: false }
  return { code: code.slice(0, at) + ONE_COPY + code.slice(at + BYTE_LOOP.length), patched: true }
}

/** A Vite plugin applying patchWebpGlue (structural type: no vite import in the renderer tree). */
export function webpGluePlugin(): { name: string; enforce: 'pre'; transform(code: string, id: string): string | undefined } {
  return {
    name: 'omnidesk-webp-glue',
    enforce: 'pre',
    transform(code, id) {
      if (!WEBP_GLUE_FILE.test(id.split('?')[0])) return undefined
      const out = patchWebpGlue(code)
      // Still correct unpatched, only slower: say so loudly rather than fail the build.
      if (!out.patched) console.warn(`[omnidesk-webp-glue] byte-copy loop not found in ${id}: WebP encoding will be ~5 ms slower`)
      return out.code
    }
  }
}
