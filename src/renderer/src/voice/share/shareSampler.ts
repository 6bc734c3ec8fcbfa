/**
 * Turns a live stream (a screen or the camera) into the few frames a voice session's model
 * needs: each new video frame (requestVideoFrameCallback: a screen stream delivers one only when
 * something moved) is drawn to a small thumbnail and compared with the last frame sent; when
 * enough changed — and no more than once a second — the frame is drawn at the size the model
 * reads (the capture sizing table), encoded as JPEG and handed to `send`. Static: nothing goes.
 */
import { modelReadSize } from '../../../../shared/attachments/sizing'
import { VOICE_PAGE_CONFIG } from '../config'
import { changedShare, planSend } from './frameChange'

const CONFIG = VOICE_PAGE_CONFIG.share

export interface SharedFrame {
  image: string
  width: number
  height: number
  /** performance.now() of the video frame it was taken from. */
  capturedAt: number
}

async function dataUrlOf(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return `data:${blob.type};base64,${btoa(bin)}`
}

export class ShareSampler {
  private readonly thumb = new OffscreenCanvas(CONFIG.thumbWidth, CONFIG.thumbHeight)
  private readonly thumbCtx = this.thumb.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D
  private lastSent: Uint8ClampedArray | undefined
  private lastSentAt: number | undefined
  private lastCheckAt = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private frameRequest: number | undefined
  private sending = false
  private stopped = false
  /** Frames handed to `send` (tests, the bench). */
  sent = 0

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly send: (frame: SharedFrame) => Promise<void>
  ) {}

  start(): void {
    this.watch()
    // The first picture goes at once: the model sees what is shared from the start.
    void this.check(performance.now(), true)
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    if (this.frameRequest !== undefined) this.video.cancelVideoFrameCallback(this.frameRequest)
  }

  private watch(): void {
    if (this.stopped) return
    this.frameRequest = this.video.requestVideoFrameCallback((now) => {
      if (now - this.lastCheckAt >= CONFIG.checkEveryMs) void this.check(now)
      this.watch()
    })
  }

  private async check(now: number, force = false): Promise<void> {
    if (this.stopped || this.sending || this.video.videoWidth === 0) return
    this.lastCheckAt = now
    this.thumbCtx.drawImage(this.video, 0, 0, CONFIG.thumbWidth, CONFIG.thumbHeight)
    const pixels = this.thumbCtx.getImageData(0, 0, CONFIG.thumbWidth, CONFIG.thumbHeight).data
    const changed = force || !this.lastSent || changedShare(this.lastSent, pixels, CONFIG.pixelDelta) > CONFIG.changedShare
    const plan = planSend(changed, now, this.lastSentAt, CONFIG.minIntervalMs)
    // Changed inside the cooldown: look again when it ends, even if no new frame comes.
    if (plan.retryAt !== undefined) this.lookAgainAt(plan.retryAt, now)
    if (!plan.now) return
    this.sending = true
    this.lastSent = pixels
    this.lastSentAt = now
    try {
      const size = modelReadSize({ width: this.video.videoWidth, height: this.video.videoHeight })
      const canvas = new OffscreenCanvas(size.width, size.height)
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
      ctx.imageSmoothingQuality = 'high'
      ctx.drawImage(this.video, 0, 0, size.width, size.height)
      const image = await dataUrlOf(await canvas.convertToBlob({ type: 'image/jpeg', quality: CONFIG.jpegQuality }))
      if (this.stopped) return
      this.sent++
      await this.send({ image, width: size.width, height: size.height, capturedAt: now })
    } catch {
      // A frame that could not be sent is not retried: the next change sends a newer one.
    } finally {
      this.sending = false
      // A change while this one was encoded, then stillness (a screen sends no more frames):
      // one look when the cooldown ends catches it.
      this.lookAgainAt(now + CONFIG.minIntervalMs, performance.now())
    }
  }

  private lookAgainAt(at: number, now: number): void {
    if (this.stopped || this.retryTimer !== undefined) return
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined
        void this.check(performance.now())
      },
      Math.max(0, at - now)
    )
  }
}
