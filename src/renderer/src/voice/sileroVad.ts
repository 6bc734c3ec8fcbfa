/**
 * Loads the Silero VAD (v5) for client-side barge-in, entirely from our own origin: the model
 * file from @ricky0123/vad-web and onnxruntime-web's WebAssembly are bundled by Vite as assets
 * (`?url`), never fetched from a CDN. Compiling the WebAssembly needs 'wasm-unsafe-eval' in the
 * page's script-src (src/main/security/csp.ts) — and nothing more.
 *
 * Runs in the speech-onset worker (onsetWorker.ts), so onnxruntime never loads on a page's
 * main thread; `location` is the worker's (same origin as the page).
 */
import { Silero } from '@ricky0123/vad-web/dist/models/silero'
import sileroModelUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url'
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url'
import type { SpeechModel } from './speechOnset'

export async function loadSileroModel(): Promise<SpeechModel> {
  const ort = await import('onnxruntime-web/wasm')
  ort.env.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, location.href).href }
  // One thread: several need SharedArrayBuffer (a cross-origin-isolated page), and one 32 ms
  // frame takes well under a millisecond anyway. No proxy worker: we are in a worker already.
  ort.env.wasm.numThreads = 1
  ort.env.wasm.proxy = false
  ort.env.logLevel = 'error'
  const fetchModel = async (): Promise<ArrayBuffer> => {
    const res = await fetch(new URL(sileroModelUrl, location.href))
    if (!res.ok) throw new Error(`The speech detection model could not be loaded (HTTP ${res.status}).`)
    return res.arrayBuffer()
  }
  return Silero.new(ort as never, fetchModel)
}
