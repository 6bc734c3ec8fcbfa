/** Tuning values of document extraction (attach files), each with its why. */

/**
 * The largest file extraction reads. 200 MB holds any real report, book or slide deck as a PDF
 * (scans included) while a worker holding it, pdf.js's copy and the page texts stay well under
 * what a 64-bit Electron process can spare; anything larger is almost always an export or an
 * archive that is better queried than read into a prompt.
 */
export const MAX_DOCUMENT_BYTES = 200 * 1024 * 1024

/**
 * How long one extraction may run in its worker before it is stopped. A 200-page text PDF takes
 * well under a second here (tests/unit/documents.test.ts prints it); a minute leaves room for
 * thousand-page books on slow laptops and stops a file that makes pdf.js loop.
 */
export const EXTRACT_TIMEOUT_MS = 60_000

/**
 * How much of the start of a file the sniffer reads to tell text from binary and JSON from CSV:
 * 64 KB is many lines of any table and enough bytes for chardet to be sure of an encoding.
 */
export const SNIFF_SAMPLE_BYTES = 64 * 1024

/**
 * A sample is binary when more than this share of it is control characters (other than tab, line
 * breaks, form feed and escape) or, after decoding, replacement characters. Text in a wrong
 * guess of encoding still decodes to letters; images, archives and executables do not.
 */
export const BINARY_CONTROL_SHARE = 0.1

/**
 * BOM-less UTF-16 is recognised when at least this share of the bytes at odd (LE) or even (BE)
 * offsets are NUL and almost none at the other: ASCII-range text in UTF-16, the common case of
 * Windows exports without a BOM.
 */
export const UTF16_NUL_SHARE = 0.3

/**
 * A PDF page has a text layer when pdf.js finds at least this many non-space characters on it
 * (page numbers and stamps on a scan are a few characters).
 */
export const MIN_TEXT_CHARS_PER_PAGE = 16

/**
 * A PDF is `scanned` when at most this share of its pages has a text layer: a scanned book with
 * an OCR'd cover is still a scan to the user (and needs OCR to be read).
 */
export const SCANNED_MAX_TEXT_PAGE_SHARE = 0.1

/**
 * Size of a chunk of a long document, in estimated tokens: ~500 tokens is a few paragraphs, small
 * enough that retrieval returns several from different places and large enough to keep a
 * paragraph's context together.
 */
export const CHUNK_TARGET_TOKENS = 500
