/**
 * Zod schemas of the `capture` IPC namespace (listed in the one contract,
 * src/shared/ipc/contract.ts): sources, grabs, the region overlay's frames and results.
 */
import { z } from 'zod'
import { Id, ImageDataUrl, Px } from '../attachments/schemas'

const RectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })

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
