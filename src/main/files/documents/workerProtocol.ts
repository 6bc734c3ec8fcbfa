/** The messages between runWorker.ts and worker.ts (structured clone: plain data only). */
import type { DocumentErrorCode } from './errors'
import type { ExtractedDocument, ExtractOptions } from './extract'

export interface WorkerRequest {
  bytes: Uint8Array
  name: string
  opts: ExtractOptions
}

export type WorkerReply = { ok: true; document: ExtractedDocument } | { ok: false; code: DocumentErrorCode; message: string }
