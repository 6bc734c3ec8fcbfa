/** Document extraction for attached files (issue 15): what the rest of main imports. */
export { chunkDocument, type ChunkOptions, type DocumentChunk } from './chunk'
export { CHUNK_TARGET_TOKENS, EXTRACT_TIMEOUT_MS, MAX_DOCUMENT_BYTES } from './config'
export { DocumentError, type DocumentErrorCode } from './errors'
export { extractDocumentInProcess, type ExtractedDocument, type ExtractOptions } from './extract'
export type { DocumentPage } from './pdf'
export { extractDocument, type ExtractInWorkerOptions, type WorkerScript } from './runWorker'
export { sniffDocument, type DocumentKind, type SniffResult } from './sniff'
export { decodeText, type DecodedText } from './textDecode'
