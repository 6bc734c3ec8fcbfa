/**
 * Zod schemas of the `attachments` IPC namespace (listed in the one contract,
 * src/shared/ipc/contract.ts) and the image shapes capture shares. Images cross IPC as data: URLs.
 */
import { z } from 'zod'
import { dataUrlChars, MAX_ADD_REQUEST_CHARS, MAX_IMAGE_BYTES, MAX_MODEL_COPIES, MAX_MODEL_COPY_BYTES } from './limits'

export const Id = z.string().min(1).max(200)
const IMAGE_DATA_URL_HEADER = /^data:image\/(png|jpeg|webp|gif);base64,/
/**
 * A data: URL of an image (a 6K PNG screenshot is ~25 MB in base64). Captures use this one: a
 * display's frame is not an attachment yet, and the largest can exceed MAX_IMAGE_BYTES.
 */
export const ImageDataUrl = z
  .string()
  .max(64 * 1024 * 1024)
  .regex(IMAGE_DATA_URL_HEADER)
/** A pixel dimension. */
export const Px = z.number().int().positive().max(100_000)

/** A data: URL no longer than a file of `maxBytes` needs (the length is checked before the header). */
const boundedDataUrl = (maxBytes: number) => z.string().max(dataUrlChars(maxBytes)).regex(IMAGE_DATA_URL_HEADER)

export const EncodedImage = z.object({ dataUrl: ImageDataUrl, width: Px, height: Px })
export type EncodedImage = z.infer<typeof EncodedImage>

/**
 * Bounded before anything reads the strings: each data: URL by its file's limit (limits.ts), and
 * the request as a whole, so the 17 URLs of one request cannot add up to a gigabyte in main.
 */
export const AddAttachmentRequest = z
  .object({
    /** The image as the user gave it (or as captured): kept locally, shown in history. */
    original: z.object({ dataUrl: boundedDataUrl(MAX_IMAGE_BYTES), width: Px, height: Px }),
    /** Sized and encoded for the model: what goes to the provider (several in sharp mode). */
    encoded: z
      .array(z.object({ dataUrl: boundedDataUrl(MAX_MODEL_COPY_BYTES), width: Px, height: Px }))
      .min(1)
      .max(MAX_MODEL_COPIES),
    name: z.string().max(300).optional()
  })
  .refine((req) => addRequestChars(req) <= MAX_ADD_REQUEST_CHARS, { message: 'The images of this request are too large together.' })
export type AddAttachmentRequest = z.infer<typeof AddAttachmentRequest>

/** Characters of every data: URL in an `attachments.add` request. */
export function addRequestChars(req: { original: { dataUrl: string }; encoded: ReadonlyArray<{ dataUrl: string }> }): number {
  return req.original.dataUrl.length + req.encoded.reduce((sum, e) => sum + e.dataUrl.length, 0)
}

export const AttachmentInfo = z.object({
  id: Id,
  mime: z.string(),
  width: Px,
  height: Px,
  encoded: z.array(z.object({ mime: z.string(), width: Px, height: Px, bytes: z.number().int().nonnegative() }))
})
export type AttachmentInfo = z.infer<typeof AttachmentInfo>

export const AttachmentImage = z.object({ id: Id, mime: z.string(), width: Px, height: Px, dataUrl: z.string() })
export type AttachmentImage = z.infer<typeof AttachmentImage>

