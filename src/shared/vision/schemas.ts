/**
 * Zod schemas of the `attachments` and `capture` IPC namespaces (listed in the one contract,
 * src/shared/ipc/contract.ts). Images cross IPC as data: URLs.
 */
import { z } from 'zod'

const Id = z.string().min(1).max(200)
/** A data: URL of an image (a 6K PNG screenshot is ~25 MB in base64). */
export const ImageDataUrl = z
  .string()
  .max(64 * 1024 * 1024)
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,/)
const Px = z.number().int().positive().max(100_000)

export const RectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })

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

/** macOS Screen Recording access; 'not-needed' on other systems. */
export const ScreenPermission = z.enum(['granted', 'denied', 'restricted', 'not-determined', 'unknown', 'not-needed'])
export type ScreenPermission = z.infer<typeof ScreenPermission>

export const CaptureDisplay = z.object({
  id: Id,
  label: z.string(),
  bounds: RectSchema,
  scaleFactor: z.number().positive(),
  primary: z.boolean()
})
export type CaptureDisplay = z.infer<typeof CaptureDisplay>

export const CaptureWindow = z.object({
  id: Id,
  name: z.string(),
  appName: z.string().optional(),
  thumbnail: z.string().optional(),
  /** The owning app's icon (a small PNG data URL), where the OS gives one. */
  appIcon: z.string().optional()
})
export type CaptureWindow = z.infer<typeof CaptureWindow>

export const CaptureSources = z.object({
  platform: z.string(),
  permission: ScreenPermission,
  displays: z.array(CaptureDisplay),
  windows: z.array(CaptureWindow)
})
export type CaptureSources = z.infer<typeof CaptureSources>

export const CapturedImage = z.object({
  dataUrl: ImageDataUrl,
  width: Px,
  height: Px,
  /** What was captured, for the chip's name. */
  label: z.string().max(300),
  kind: z.enum(['display', 'window', 'region'])
})
export type CapturedImage = z.infer<typeof CapturedImage>

export const CaptureFailure = z.object({
  ok: z.literal(false),
  reason: z.enum(['permission', 'not-found', 'failed', 'unavailable']),
  permission: ScreenPermission.optional(),
  detail: z.string().max(2000).optional()
})
export type CaptureFailure = z.infer<typeof CaptureFailure>

export const GrabResult = z.union([z.object({ ok: z.literal(true), image: CapturedImage }), CaptureFailure])
export type GrabResult = z.infer<typeof GrabResult>

export const StartRegionResult = z.union([z.object({ ok: z.literal(true), sessionId: Id }), CaptureFailure])
export type StartRegionResult = z.infer<typeof StartRegionResult>

export const OverlayFrame = z.object({
  sessionId: Id,
  display: CaptureDisplay,
  /** The frozen capture of this display, in device pixels. */
  dataUrl: ImageDataUrl,
  width: Px,
  height: Px
})
export type OverlayFrame = z.infer<typeof OverlayFrame>

export const CaptureResultEvent = z.object({
  sessionId: Id,
  cancelled: z.boolean(),
  image: CapturedImage.optional()
})
export type CaptureResultEvent = z.infer<typeof CaptureResultEvent>

/** The tray or the global shortcut asks the focused composer to capture. */
export const CaptureRequestEvent = z.object({ action: z.enum(['menu', 'region']) })
export type CaptureRequestEvent = z.infer<typeof CaptureRequestEvent>

export const captureReq = {
  grab: z.object({ kind: z.enum(['display', 'window']), id: Id }),
  overlayFrame: z.object({ sessionId: Id, displayId: Id }),
  finishRegion: z.object({ sessionId: Id, image: CapturedImage.nullable() })
}
