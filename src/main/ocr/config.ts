/**
 * Tuning of the local text reader (OCR) for models that take no images (issue 18). One place
 * for the numbers; src/main/ocr/ocrService.ts uses them.
 */

/**
 * Languages read, in one pass: tesseract's `eng+chi_sim` reads English and Simplified Chinese
 * side by side (a Chinese UI with English names in it). Their data ships with the app (the
 * `@tesseract.js-data/*` packages, LSTM "best_int" models: 2.9 + 1.7 MB gzipped).
 */
export const OCR_LANGUAGES = ['eng', 'chi_sim'] as const

/** The worker (≈100 MB with both models loaded) is let go after this long without work. */
export const OCR_IDLE_MS = 60_000

/** One image may take this long; past it the image is sent as "could not be read". */
export const OCR_TIMEOUT_MS = 60_000

/**
 * Originals above this many pixels are not read whole (tesseract's memory grows with the page);
 * their copies sized for the model are read instead. A 6K display's screenshot is 20 MP.
 */
export const OCR_MAX_PIXELS = 40_000_000

/** Text kept per image: a dense full-screen page of text is ~6,000 characters. */
export const OCR_MAX_CHARS = 20_000

/** Results kept in memory, by content: the same screenshot asked about again is not read twice. */
export const OCR_CACHE_ENTRIES = 200
