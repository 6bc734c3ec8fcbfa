/**
 * Whether @napi-rs/canvas — the native canvas pdf.js draws pages on in Node (its optional
 * dependency, loaded by its own NodeCanvasFactory) — loads in this process. Resolved from
 * pdf.js's package, as pdf.js resolves it, so the answer is about the module pdf.js will use. A
 * module of its own so tests can stand in for a platform where the binary is missing.
 */
import { createRequire } from 'node:module'

let loadError: string | null | undefined

/** Why the canvas module cannot load here, or null when it loads. */
export function nodeCanvasLoadError(): string | null {
  if (loadError !== undefined) return loadError
  try {
    const fromPdfJs = createRequire(createRequire(__filename).resolve('pdfjs-dist/package.json'))
    fromPdfJs('@napi-rs/canvas')
    loadError = null
  } catch (error) {
    loadError = error instanceof Error ? error.message : String(error)
  }
  return loadError
}
