/**
 * Zod schemas of the `attachments` IPC namespace (listed in the one contract,
 * src/shared/ipc/contract.ts) and the image shapes capture shares. Images cross IPC as data: URLs.
 */
import { z } from 'zod'

export const Id = z.string().min(1).max(200)
/** A data: URL of an image (a 6K PNG screenshot is ~25 MB in base64). */
export const ImageDataUrl = z
  .string()
  .max(64 * 1024 * 1024)
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,/)
/** A pixel dimension. */
export const Px = z.number().int().positive().max(100_000)

export const EncodedImage = z.object({ dataUrl: ImageDataUrl, width: Px, height: Px })
export type EncodedImage = z.infer<typeof EncodedImage>

export const AddAttachmentRequest = z.object({
  /** The image as the user gave it (or as captured): kept locally, shown in history. */
  original: EncodedImage,
  /** Sized and encoded for the model: what goes to the provider (several in sharp mode). */
  encoded: z.array(EncodedImage).min(1).max(16),
  name: z.string().max(300).optional()
})

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

