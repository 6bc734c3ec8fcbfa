/**
 * How large an image may be, in bytes and in pixels: checked on what arrives before it is read
 * whole (the IPC schema bounds every data: URL and the whole request; main checks a string's
 * length before decoding it) and on a file's header before it is decoded (the renderer refuses a
 * picture whose pixels would not fit in memory). Pure TypeScript, shared by main and renderer.
 */

/** Largest image file we accept (a 6K screenshot PNG is ~20 MB). */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024

/**
 * Largest copy encoded for the model. The most a model reads is 2048×768 (sizing.ts), which is
 * ~6.3 MB even as a PNG of pure noise; real copies aim at IMAGE_PAYLOAD_BUDGET (340 KB).
 */
export const MAX_MODEL_COPY_BYTES = 16 * 1024 * 1024

/** Most copies of one image for the model: sharp mode sends at most 9 tiles (sizing.ts). */
export const MAX_MODEL_COPIES = 16

/** All the model copies of one image together (9 sharp tiles at their budget are ~3 MB). */
export const MAX_MODEL_COPIES_BYTES = 40 * 1024 * 1024

/**
 * Most pixels a source image may declare. Decoding costs 4 bytes a pixel whatever the file's
 * size (a 1 MB PNG can declare 50000×50000: 10 GB), and the renderer keeps the decoded bitmap
 * while the chip lives (sharp tiles are cut from it). 120 MP is 480 MB decoded; it takes an 8K
 * display (33 MP), phone photos (12–50 MP) and 100-MP medium-format cameras (11648×8736).
 * The model never reads more than 2048×768 of it (sizing.ts), so nothing larger is needed.
 */
export const MAX_IMAGE_PIXELS = 120_000_000

/** The longest header an image data: URL has (`data:image/jpeg;base64,`, webp alike). */
export const DATA_URL_HEADER_CHARS = 'data:image/jpeg;base64,'.length

/** Length of the data: URL of a file of `bytes` bytes (base64: 4 characters per 3 bytes). */
export function dataUrlChars(bytes: number): number {
  return DATA_URL_HEADER_CHARS + 4 * Math.ceil(bytes / 3)
}

/**
 * Longest `attachments.add` request, every data: URL together: the original and all its model
 * copies at their limits (~112 M characters, where 17 unbounded URLs once let ~1.1 G through).
 */
export const MAX_ADD_REQUEST_CHARS = dataUrlChars(MAX_IMAGE_BYTES) + dataUrlChars(MAX_MODEL_COPIES_BYTES) + MAX_MODEL_COPIES * DATA_URL_HEADER_CHARS
