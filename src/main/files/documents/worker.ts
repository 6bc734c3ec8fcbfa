/**
 * The worker thread's entry: one extraction per message, so pdf.js (which in Node parses on the
 * thread that calls it) never blocks main. The bytes arrive transferred, not copied.
 */
import { parentPort } from 'node:worker_threads'
import { extractDocumentInProcess } from './extract'
import { toDocumentError } from './errors'
import type { WorkerReply, WorkerRequest } from './workerProtocol'

const port = parentPort
if (!port) throw new Error('worker.ts runs as a worker thread (see runWorker.ts)')

port.on('message', (request: WorkerRequest) => {
  extractDocumentInProcess(request.bytes, request.name, request.opts).then(
    // Page images (a few MB for a scan) move to the caller instead of being copied.
    (document) => port.postMessage({ ok: true, document } satisfies WorkerReply, document.pageImages?.map((image) => image.jpeg.buffer as ArrayBuffer) ?? []),
    (error: unknown) => {
      const { code, message } = toDocumentError(error, request.name)
      port.postMessage({ ok: false, code, message } satisfies WorkerReply)
    }
  )
})
