/**
 * Reads the text in images on this computer (tesseract.js: WebAssembly in a worker thread, so
 * main's event loop keeps running), for models that take no images. One worker, started on the
 * first image and let go after a minute without work; results cached by the image's content.
 * Never throws for a bad image: `read` answers `undefined` ("could not be read") and logs why.
 */
import { createHash } from 'node:crypto'
import { createWorker, OEM, type Worker } from 'tesseract.js'
import { OCR_CACHE_ENTRIES, OCR_IDLE_MS, OCR_LANGUAGES, OCR_TIMEOUT_MS } from './config'
import { prepareLanguageFolder } from './languageData'
import { cleanOcrText } from './ocrText'

export interface OcrService {
  /** The text found in an image (PNG, JPEG, WebP, BMP): '' when there is none, undefined when it could not be read. */
  read(image: Uint8Array): Promise<string | undefined>
  close(): Promise<void>
}

export interface OcrServiceDeps {
  /** Where the language models are unpacked (userData in the app). */
  dataDir: string
  log?: (message: string, error?: unknown) => void
  idleMs?: number
  timeoutMs?: number
  /** Tests: a stand-in for tesseract's worker (its lifecycle and the cache, without the WASM). */
  startWorker?: () => Promise<OcrWorker>
}

/** What the service uses of a tesseract.js worker. */
export interface OcrWorker {
  recognize(image: Buffer): Promise<{ data: { text?: string } }>
  terminate(): Promise<unknown>
}

export function createOcrService(deps: OcrServiceDeps): OcrService {
  const log = deps.log ?? (() => undefined)
  const idleMs = deps.idleMs ?? OCR_IDLE_MS
  const timeoutMs = deps.timeoutMs ?? OCR_TIMEOUT_MS
  const cache = new Map<string, string>()
  let worker: Promise<OcrWorker> | undefined
  let busy = 0
  let idleTimer: NodeJS.Timeout | undefined
  let closed = false

  const startTesseract = async (): Promise<Worker> => {
    const langPath = await prepareLanguageFolder(deps.dataDir)
    return createWorker([...OCR_LANGUAGES], OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      // The models are read from langPath every start: no second copy in a cache folder.
      cacheMethod: 'none',
      // Without a handler tesseract.js rethrows a failed job in its message listener, an
      // uncaught exception that would take main down; the job's own promise rejects anyway.
      errorHandler: (error: unknown) => log('OCR job failed', error)
    })
  }

  const stopWorker = async (): Promise<void> => {
    const current = worker
    worker = undefined
    if (!current) return
    await current.then((w) => w.terminate()).catch(() => undefined)
  }

  const armIdleTimer = (): void => {
    clearTimeout(idleTimer)
    if (busy === 0) idleTimer = setTimeout(() => void stopWorker(), idleMs)
  }

  const recognize = async (image: Uint8Array): Promise<string> => {
    worker ??= deps.startWorker ? deps.startWorker() : startTesseract()
    const current = worker
    const w = await current.catch((error: unknown) => {
      // A worker that never started is not kept: the next image tries again.
      if (worker === current) worker = undefined
      throw error
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`OCR took longer than ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      const { data } = await Promise.race([w.recognize(Buffer.from(image)), timeout])
      return cleanOcrText(data.text ?? '')
    } catch (error) {
      // A stuck or broken worker is replaced for the next image.
      if (worker === current) await stopWorker()
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    async read(image) {
      if (closed) return undefined
      const key = createHash('sha256').update(image).digest('hex')
      const known = cache.get(key)
      if (known !== undefined) {
        // Most recently used last: the oldest entry is the first to go.
        cache.delete(key)
        cache.set(key, known)
        return known
      }
      busy++
      clearTimeout(idleTimer)
      try {
        const text = await recognize(image)
        cache.set(key, text)
        if (cache.size > OCR_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string)
        return text
      } catch (error) {
        log('could not read the text of an image', error)
        return undefined
      } finally {
        busy--
        if (!closed) armIdleTimer()
      }
    },
    async close() {
      closed = true
      clearTimeout(idleTimer)
      await stopWorker()
    }
  }
}
