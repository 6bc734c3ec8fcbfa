/**
 * Dictation (issue 18): the microphone through the voice capture worklet (pcm16, 24 kHz, one
 * 20-ms frame at a time with its level), kept in the page until the user is done; then main
 * sends it to the provider's transcription endpoint (`voice.transcribe`) and the text comes
 * back to be inserted where the caret is. Nothing is sent while recording; Cancel drops it all.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import { LINK_BYTES_PER_MS } from '../../../shared/voice/linkFormat'
import { VOICE_PAGE_CONFIG } from './config'
import { CaptureFrame, parseWorkletMessage } from './workletMessages'
import { bytesToBase64 } from '../logic/base64'
import captureWorkletUrl from './capture.worklet.ts?worker&url'
import { captureNode, MicrophoneError, openMicrophone, type MicrophoneFailure } from './microphone'

export type DictationStartFailure = MicrophoneFailure | 'failed'

export class DictationStartError extends Error {
  constructor(
    readonly reason: DictationStartFailure,
    detail: string
  ) {
    super(detail)
  }
}

/** What was heard, as one buffer's base64. */
function base64Of(frames: readonly ArrayBuffer[]): string {
  const bytes = new Uint8Array(frames.reduce((n, f) => n + f.byteLength, 0))
  let offset = 0
  for (const f of frames) {
    bytes.set(new Uint8Array(f), offset)
    offset += f.byteLength
  }
  return bytesToBase64(bytes)
}

export class DictationRecorder {
  private stream: MediaStream | undefined
  private ctx: AudioContext | undefined
  private node: AudioWorkletNode | undefined
  private readonly frames: ArrayBuffer[] = []
  private bytes = 0
  private stopped = false

  constructor(
    private readonly api: OmnideskApi,
    private readonly cb: { onLevel(dbfs: number): void; onFull(): void }
  ) {}

  /** Opens the microphone (asking for it on macOS first) and starts keeping what it hears. */
  async start(): Promise<void> {
    try {
      // The browser's echo cancellation and noise suppression help transcription here (nothing plays).
      this.stream = await openMicrophone(this.api, true)
    } catch (error) {
      if (error instanceof MicrophoneError) throw new DictationStartError(error.failure, error.message)
      throw error
    }
    try {
      const ctx = new AudioContext({ latencyHint: 'interactive' })
      this.ctx = ctx
      await ctx.audioWorklet.addModule(captureWorkletUrl)
      if (this.stopped) return
      if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined)
      const node = captureNode(ctx, this.stream)
      this.node = node
      const maxBytes = VOICE_PAGE_CONFIG.dictation.maxMs * LINK_BYTES_PER_MS
      node.port.onmessage = (ev: MessageEvent) => {
        const frame = parseWorkletMessage(CaptureFrame, ev.data)
        if (!frame || this.stopped) return
        this.cb.onLevel(frame.level)
        if (this.bytes >= maxBytes) return
        this.frames.push(frame.pcm)
        this.bytes += frame.pcm.byteLength
        if (this.bytes >= maxBytes) this.cb.onFull()
      }
    } catch (error) {
      this.close()
      throw new DictationStartError('failed', String(error))
    }
  }

  /** Milliseconds heard so far. */
  get durationMs(): number {
    return this.bytes / LINK_BYTES_PER_MS
  }

  /** Stops listening and has what was said transcribed ('' for silence too short to send). */
  async finish(): Promise<string> {
    this.close()
    if (this.durationMs < VOICE_PAGE_CONFIG.dictation.minMs) return ''
    const { text } = await this.api.voice.transcribe({ pcm: base64Of(this.frames) })
    return text
  }

  /** Stops listening; what was heard is dropped. */
  cancel(): void {
    this.close()
    this.frames.length = 0
  }

  private close(): void {
    this.stopped = true
    this.node?.port.close()
    this.node?.disconnect()
    for (const track of this.stream?.getTracks() ?? []) track.stop()
    void this.ctx?.close().catch(() => undefined)
  }
}
