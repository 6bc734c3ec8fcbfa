/**
 * Capture AudioWorklet: microphone (the context's rate, e.g. 48 kHz) → 24 kHz mono pcm16 frames
 * of 20 ms, posted to the main thread (transferred, no copy) with their level and the audio
 * clock at their end (`time`: the page can tell a fresh frame from one held up by a stall).
 */
import { LINK_FRAME_MS as FRAME_MS } from '../../../shared/voice/linkFormat'
import { FrameAssembler, floatToPcm16, LINK_SAMPLE_RATE, Resampler, rmsDbfs } from './dsp'

declare const sampleRate: number
declare const currentTime: number
declare class AudioWorkletProcessor {
  readonly port: MessagePort
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor & { process(inputs: Float32Array[][]): boolean }): void


class CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler = new Resampler(sampleRate, LINK_SAMPLE_RATE)
  private readonly frames = new FrameAssembler((LINK_SAMPLE_RATE * FRAME_MS) / 1000)

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0]
    if (channel && channel.length) {
      this.frames.push(this.resampler.process(channel), (frame) => {
        const pcm = floatToPcm16(frame)
        this.port.postMessage({ pcm: pcm.buffer, level: rmsDbfs(frame), time: currentTime }, [pcm.buffer])
      })
    }
    return true
  }
}

registerProcessor('omnidesk-capture', CaptureProcessor)
