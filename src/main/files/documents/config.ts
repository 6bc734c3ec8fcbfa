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

/**
 * The most one part of a PowerPoint file (a slide's XML, its notes) may unpack to. The text of
 * the largest real slides is a few MB of XML; 50 MB leaves room for those and stops a crafted
 * "zip bomb" entry (a few KB that inflate to gigabytes) before it fills the worker's memory.
 */
export const MAX_PPTX_PART_BYTES = 50 * 1024 * 1024

/**
 * The most all the parts read from one PowerPoint file may unpack to together: the same budget as
 * a whole document (MAX_DOCUMENT_BYTES), so hundreds of slides at the per-part cap cannot add up
 * to what one file could not be.
 */
export const MAX_PPTX_TOTAL_BYTES = 200 * 1024 * 1024

/**
 * How many pages of a scanned PDF are rendered to images by default (`renderScannedPages`). A
 * page image costs a vision model roughly 1,000–2,500 tokens, so 20 pages stay well inside a
 * 128k context with room for the conversation, and rendering them takes a few seconds at most;
 * longer scans need OCR rather than a prompt full of pictures.
 */
export const SCANNED_RENDER_MAX_PAGES = 20

/**
 * The longer side of a rendered page image by default, in pixels: about 150 dpi on A4 or Letter,
 * where 9–10 pt body text stays legible. Vision models scale larger images down anyway (Claude to
 * ~1,568 px on the long side, GPT-4o to 768 px on the short side), so more pixels would only cost
 * time and memory.
 */
export const SCANNED_RENDER_MAX_SIDE = 1600

/**
 * JPEG quality of rendered page images (0–100, @napi-rs/canvas's scale): 80 keeps small print
 * free of visible artefacts at a fraction of the size of 95+ (a text page is ~100–300 KB).
 */
export const SCANNED_RENDER_JPEG_QUALITY = 80

/**
 * The hard ceiling on `renderScannedPages.maxSide`, whatever a caller asks: a 4096 px page is a
 * 64 MB canvas already, and a larger one could exhaust the worker's memory for no gain in
 * legibility.
 */
export const SCANNED_RENDER_SIDE_LIMIT = 4096

/**
 * How long rendering a scan's pages may take before the remaining pages are left out (with a
 * warning). A 300-dpi colour scan takes ~0.5 s a page here (pdf.js decodes the JPEG in
 * JavaScript), so 20 pages fit easily; half of EXTRACT_TIMEOUT_MS keeps a slow laptop or huge
 * scans from running into the worker's time limit, which would lose the text as well.
 */
export const SCANNED_RENDER_TIME_BUDGET_MS = 30_000
