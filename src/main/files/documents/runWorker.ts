/**
 * `extractDocument`: the extraction in a `node:worker_threads` Worker, stopped after a time
 * limit. The worker script is a parameter: under vitest/tsx it is worker.ts run through tsx
 * (`execArgv: ['--import', 'tsx']`), in a bundled build the worker entry the bundler emitted.
 */
import { Worker } from 'node:worker_threads'
import { EXTRACT_TIMEOUT_MS } from './config'
import { DocumentError } from './errors'
import { checkSize, type ExtractedDocument, type ExtractOptions } from './extract'
import type { WorkerReply, WorkerRequest } from './workerProtocol'

export interface WorkerScript {
  /** worker.ts (with a TypeScript loader in execArgv) or its bundled .js. */
  path: string | URL
  /** e.g. ['--import', 'tsx'] to run the TypeScript source. */
  execArgv?: string[]
}

export interface ExtractInWorkerOptions extends ExtractOptions {
  worker: WorkerScript
  /** EXTRACT_TIMEOUT_MS by default. */
  timeoutMs?: number
}

export async function extractDocument(bytes: Uint8Array, name: string, opts: ExtractInWorkerOptions): Promise<ExtractedDocument> {
  // Refused before a thread is started (and before a 2 GB file is copied to it).
  checkSize(bytes.byteLength, name, opts.maxBytes)
  const { worker: script, timeoutMs = EXTRACT_TIMEOUT_MS, ...extractOpts } = opts
  const worker = new Worker(script.path, { execArgv: script.execArgv })
  // A copy the worker owns, transferred: the caller's buffer stays usable.
  const copy = new Uint8Array(bytes)
  return new Promise<ExtractedDocument>((resolve, reject) => {
    let settled = false
    const finish = (outcome: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      outcome()
    }
    const timer = setTimeout(() => {
      finish(() => reject(new DocumentError('timeout', `Reading ${name} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`)))
    }, timeoutMs)
    worker.on('message', (reply: WorkerReply) => {
      finish(() => (reply.ok ? resolve(reply.document) : reject(new DocumentError(reply.code, reply.message))))
    })
    worker.on('error', (error) => {
      finish(() => reject(new DocumentError('corrupt', `${name} could not be read: ${error.message}`)))
    })
    worker.on('exit', (code) => {
      finish(() => reject(new DocumentError('corrupt', `${name} could not be read: the reader stopped (exit code ${code}).`)))
    })
    worker.postMessage({ bytes: copy, name, opts: extractOpts } satisfies WorkerRequest, [copy.buffer])
  })
}
