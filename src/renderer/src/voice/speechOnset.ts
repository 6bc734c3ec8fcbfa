/**
 * Client-side barge-in: "has the user started talking?" from the microphone frames, decided by
 * the Silero VAD model (through @ricky0123/vad-web's FrameProcessor: positive / negative
 * thresholds, a minimum of speech frames, redemption). The model is passed in, so this runs under
 * vitest with a fake one; the browser loader is sileroVad.ts.
 *
 * Link frames are 24 kHz pcm16 of 20 ms; Silero v5 reads 16 kHz frames of 512 samples (32 ms).
 */
import { VOICE_PAGE_CONFIG } from './config'
import { FrameProcessor, type FrameProcessorOptions } from '@ricky0123/vad-web/dist/frame-processor'
import { Message } from '@ricky0123/vad-web/dist/messages'
import { FrameAssembler, LINK_SAMPLE_RATE, pcm16ToFloat, Resampler } from './dsp'

export const SILERO_SAMPLE_RATE = 16_000
export const SILERO_FRAME_SAMPLES = 512
const SILERO_FRAME_MS = (SILERO_FRAME_SAMPLES * 1000) / SILERO_SAMPLE_RATE

export interface SpeechModel {
  process(frame: Float32Array): Promise<{ isSpeech: number; notSpeech: number }>
  reset_state(): void
  release(): Promise<void>
}

export interface SpeechOnsetOptions {
  /**
   * A frame of confirmed speech: the model calls this frame speech, and the segment it belongs to
   * has had `minSpeechMs` of speech (the first call is the onset). Called for every such frame,
   * so a caller that holds back an onset (the echo gate) can still act on a later frame.
   * `time`: the capture time of the frame's end (the audio clock, as given to `push`).
   */
  onSpeech(time: number): void
  /** The thresholds and lengths default to VOICE_PAGE_CONFIG.onset (their reasons are there). */
  positiveThreshold?: number
  negativeThreshold?: number
  minSpeechMs?: number
  redemptionMs?: number
}

const MAX_PENDING = VOICE_PAGE_CONFIG.onset.maxPendingFrames

export class SpeechOnsetDetector {
  private readonly resampler = new Resampler(LINK_SAMPLE_RATE, SILERO_SAMPLE_RATE)
  private readonly frames = new FrameAssembler(SILERO_FRAME_SAMPLES)
  private readonly processor: FrameProcessor
  private readonly positive: number
  private chain: Promise<void> = Promise.resolve()
  private pending = 0
  private closed = false
  /** Frames dropped because the model fell behind (diagnostics). */
  dropped = 0
  /** Last speech probability (diagnostics). */
  lastProbability = 0

  constructor(
    private readonly model: SpeechModel,
    private readonly opts: SpeechOnsetOptions
  ) {
    const defaults = VOICE_PAGE_CONFIG.onset
    this.positive = opts.positiveThreshold ?? defaults.positiveThreshold
    const options: FrameProcessorOptions = {
      positiveSpeechThreshold: this.positive,
      negativeSpeechThreshold: opts.negativeThreshold ?? defaults.negativeThreshold,
      minSpeechMs: opts.minSpeechMs ?? defaults.minSpeechMs,
      redemptionMs: opts.redemptionMs ?? defaults.redemptionMs,
      // We never ask for the speech audio itself: keep no padding.
      preSpeechPadMs: 0,
      submitUserSpeechOnPause: false
    }
    this.processor = new FrameProcessor((f) => model.process(f), () => model.reset_state(), options, SILERO_FRAME_MS)
    this.processor.resume()
  }

  /**
   * One link frame (24 kHz pcm16) and its capture time. Reads it synchronously, so the caller
   * may transfer it after. A model frame completed by this link frame carries its time.
   */
  push(pcm: Int16Array, time: number): void {
    if (this.closed) return
    this.frames.push(this.resampler.process(pcm16ToFloat(pcm)), (frame) => this.enqueue(frame, time))
  }

  private enqueue(frame: Float32Array, time: number): void {
    if (this.pending >= MAX_PENDING) {
      this.dropped++
      return
    }
    this.pending++
    this.chain = this.chain
      .then(async () => {
        if (this.closed) return
        let probability = 0
        await this.processor.process(frame, (event) => {
          if (event.msg === Message.FrameProcessed) probability = event.probs.isSpeech
        })
        this.lastProbability = probability
        // speechRealStartFired: this segment already had minSpeechMs of speech (set on the onset frame).
        if (!this.closed && this.processor.speechRealStartFired && probability >= this.positive) this.opts.onSpeech(time)
      })
      .catch(() => undefined)
      .finally(() => {
        this.pending--
      })
  }

  /** Resolves when the frames pushed so far have been through the model (tests). */
  idle(): Promise<void> {
    return this.chain
  }

  async close(): Promise<void> {
    this.closed = true
    await this.chain
    await this.model.release().catch(() => undefined)
  }
}
