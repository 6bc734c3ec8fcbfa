/**
 * Every way extracting a document fails, as a code the UI can act on (ask for a password, say
 * the file is too large) and an English sentence for the user. Errors cross the worker boundary
 * as `{ code, message }` (structured clone drops an Error's class), hence `toDocumentError`.
 */
export type DocumentErrorCode = 'empty' | 'too_large' | 'binary' | 'corrupt' | 'needs_password' | 'wrong_password' | 'unsupported' | 'timeout'

export class DocumentError extends Error {
  readonly code: DocumentErrorCode
  constructor(code: DocumentErrorCode, message: string) {
    super(message)
    this.name = 'DocumentError'
    this.code = code
  }
}

const CODES: ReadonlySet<string> = new Set<DocumentErrorCode>(['empty', 'too_large', 'binary', 'corrupt', 'needs_password', 'wrong_password', 'unsupported', 'timeout'])

export const isDocumentErrorCode = (value: unknown): value is DocumentErrorCode => typeof value === 'string' && CODES.has(value)

/** A DocumentError from anything thrown, or from its `{ code, message }` copy sent by a worker. */
export function toDocumentError(error: unknown, name: string): DocumentError {
  if (error instanceof DocumentError) return error
  if (error && typeof error === 'object' && isDocumentErrorCode((error as { code?: unknown }).code)) {
    const { code, message } = error as { code: DocumentErrorCode; message?: unknown }
    return new DocumentError(code, typeof message === 'string' ? message : `${name} could not be read.`)
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new DocumentError('corrupt', `${name} could not be read: ${detail}`)
}
