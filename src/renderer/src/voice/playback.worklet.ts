/**
 * Playback AudioWorklet: assistant audio (24 kHz pcm16) → the context's rate, through a small
 * jitter buffer. `stop` drops everything at once and reports what was really played of the item
 * (for conversation.item.truncate). Posts its output level and progress about every 50 ms.
 */
import { JitterBuffer } from './jitterBuffer'
import { VOICE_PAGE_CONFIG } from './config'
import { LINK_SAMPLE_RATE, pcm16ToFloat, Resampler } from './dsp'
import type { PlaybackCommand } from './workletMessages'

declare const sampleRate: number
declare const currentTime: number
declare class AudioWorkletProcessor {
  readonly port: MessagePort
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor & { process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean }): void

const JITTER_TARGET_MS = VOICE_PAGE_CONFIG.playback.jitterTargetMs
const REPORT_MS = VOICE_PAGE_CONFIG.playback.reportMs

/** The page's commands, checked without zod (see workletMessages.ts). */
function isCommand(data: unknown): data is PlaybackCommand {
  if (typeof data !== 'object' || data === null) return false
  const msg = data as Record<string, unknown>
  if (msg.type === 'stop') return true
  if (typeof msg.itemId !== 'string') return false
  return msg.type === 'end' || (msg.type === 'audio' && msg.pcm instanceof ArrayBuffer)
}

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly jb = new JitterBuffer(sampleRate, Math.round((sampleRate * JITTER_TARGET_MS) / 1000))
  private resamplers = new Map<string, Resampler>()
  private sinceReport = 0
  private energy = 0
  private energyCount = 0
  private wasPlaying = false

  constructor() {
    super()
    this.port.onmessage = (ev: MessageEvent) => {
      const msg = ev.data
      if (!isCommand(msg)) return
      if (msg.type === 'audio') {
        let r = this.resamplers.get(msg.itemId)
        if (!r) this.resamplers.set(msg.itemId, (r = new Resampler(LINK_SAMPLE_RATE, sampleRate)))
        this.jb.push(msg.itemId, r.process(pcm16ToFloat(new Int16Array(msg.pcm))))
      } else if (msg.type === 'end') {
        this.jb.end(msg.itemId)
      } else if (msg.type === 'stop') {
        const report = this.jb.stop()
        this.resamplers = new Map()
        this.port.postMessage({ type: 'stopped', itemId: report.itemId, ms: report.playedMs })
      }
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0]
    if (!out || !out[0]) return true
    const written = this.jb.pull(out[0])
    for (let c = 1; c < out.length; c++) out[c].set(out[0])
    for (let i = 0; i < out[0].length; i++) this.energy += out[0][i] * out[0][i]
    this.energyCount += out[0].length
    this.sinceReport += out[0].length
    const playing = written > 0
    if (this.sinceReport >= (sampleRate * REPORT_MS) / 1000 || playing !== this.wasPlaying) {
      const rms = Math.sqrt(this.energy / Math.max(1, this.energyCount))
      const item = this.jb.currentItem
      this.port.postMessage({
        type: 'level',
        // The audio clock, shared with the capture worklet (barge-in compares the two).
        time: currentTime,
        dbfs: rms > 0 ? 20 * Math.log10(rms) : -Infinity,
        playing,
        itemId: item,
        playedMs: item ? this.jb.playedMs(item) : 0,
        queuedMs: (this.jb.queuedSamples * 1000) / sampleRate
      })
      this.sinceReport = 0
      this.energy = 0
      this.energyCount = 0
    }
    this.wasPlaying = playing
    return true
  }
}

registerProcessor('omnidesk-playback', PlaybackProcessor)
