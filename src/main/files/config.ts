/** Tuning values of attached files (uploads, what goes to the model, data sessions), each with its why. */

/**
 * An upload nobody sent a piece of for this long is abandoned (the window closed mid-upload, the
 * user walked away from a password prompt): its bytes are deleted. Ten minutes covers finding a
 * password in a password manager.
 */
export const UPLOAD_IDLE_MS = 10 * 60_000

/** Uploads arriving at once (several files dropped together, two windows). */
export const MAX_OPEN_UPLOADS = 32

/**
 * Documents go whole while all of a request's documents together stay under this many estimated
 * tokens: ~24k tokens is a 60-page report, a fifth of GPT-4o's context, leaving room for the
 * conversation and the answer on 32k-context local models too. Past it, the longest documents
 * give only the passages relevant to the question (RETRIEVED_PASSAGES of them).
 */
export const WHOLE_DOCUMENTS_MAX_TOKENS = 24_000

/** Passages of long documents sent with each question (~500 tokens each, documents/config.ts). */
export const RETRIEVED_PASSAGES = 12

/** The chip's preview of a document: its first characters. */
export const PREVIEW_TEXT_CHARS = 4_000

/** Sample rows per table kept for the chip's preview. */
export const PREVIEW_ROWS = 20

/** Rows of a result a chart draws (the chart spec's own limit, src/renderer/src/markdown/chartSpec.ts). */
export const CHART_QUERY_ROWS = 5_000

/**
 * Rows "Save as CSV" writes: a million rows of a few columns is tens of MB of text crossing IPC
 * once; a larger result is better exported by narrowing the query.
 */
export const EXPORT_MAX_ROWS = 1_000_000

/**
 * DuckDB sessions kept open (one per set of data files in use: a conversation's). Each holds its
 * tables in memory (up to the engine's memory limit), so only the few most recently used stay;
 * the others load again from the stored files when asked.
 */
export const MAX_DATA_SESSIONS = 3

