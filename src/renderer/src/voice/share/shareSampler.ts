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
import type { EncodeReply, EncodeRequest } from './frameEncoder.worker'

const CONFIG = VOICE_PAGE_CONFIG.share

export interface SharedFrame {
  image: string
  width: number
  height: number
  /** performance.now() of the video frame it was taken from. */
  capturedAt: number
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
  private encoder: Worker | undefined
  private encodeSeq = 0
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
    this.encoder?.terminate()
    clearTimeout(this.retryTimer)
    if (this.frameRequest !== undefined) this.video.cancelVideoFrameCallback(this.frameRequest)
  }

  private watch(): void {
    if (this.stopped) return
    this.frameRequest = this.video.requestVideoFrameCallback((now) => {
      if (now - this.lastCheckAt >= CONFIG.checkEveryMs) void this.check(now)
      // Too soon after the last look: look at this frame a little later rather than skip it (a
      // screen stream may send no other frame after its change).
      else this.lookAgainAt(this.lastCheckAt + CONFIG.checkEveryMs, now)
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
      const image = await this.encode(new VideoFrame(this.video), size.width, size.height)
      if (this.stopped) return
      // The cooldown runs from when the frame leaves, not from when it was taken: encoding times
      // vary, and two frames must never reach the model less than the interval apart.
      this.lastSentAt = performance.now()
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

  /** The frame at the model's size as a JPEG data: URL, made in the encoder worker. */
  private encode(frame: VideoFrame, width: number, height: number): Promise<string> {
    this.encoder ??= new Worker(new URL('./frameEncoder.worker.ts', import.meta.url), { type: 'module', name: 'omnidesk-share-encoder' })
    const worker = this.encoder
    const id = ++this.encodeSeq
    return new Promise((resolve, reject) => {
      const onReply = (ev: MessageEvent<EncodeReply>): void => {
        if (ev.data.id !== id) return
        worker.removeEventListener('message', onReply)
        if ('image' in ev.data) resolve(ev.data.image)
        else reject(new Error(ev.data.error))
      }
      worker.addEventListener('message', onReply)
      worker.postMessage({ id, frame, width, height, quality: CONFIG.jpegQuality } satisfies EncodeRequest, [frame])
    })
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
