/**
 * Whether the renderer may decode an image, from the size its header declares and before
 * anything decodes it: decoding costs 4 bytes a pixel whatever the file weighs, so a 1 MB PNG
 * declaring 50000×50000 would ask for 10 GB and take the window down. Pure (no DOM): prepare.ts
 * calls it before createImageBitmap, for files and captures alike.
 */
import { declaredImageSize } from '../../../shared/attachments/imageFormat'
import { MAX_IMAGE_PIXELS } from '../../../shared/attachments/limits'

export type PixelCheck =
  | { ok: true; width: number; height: number }
  /** unreadable: no size in the header (cut short, not an image); the decoder would fail too. */
  | { ok: false; reason: 'unreadable' }
  | { ok: false; reason: 'too-many-pixels'; width: number; height: number }

export function checkPixelBudget(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): PixelCheck {
  const size = declaredImageSize(bytes)
  if (!size) return { ok: false, reason: 'unreadable' }
  if (size.width * size.height > maxPixels) return { ok: false, reason: 'too-many-pixels', ...size }
  return { ok: true, ...size }
}

/** The budget in whole megapixels, as the refusal message says it. */
export const MAX_IMAGE_MEGAPIXELS = Math.floor(MAX_IMAGE_PIXELS / 1_000_000)
