/**
 * Audio helpers of the local provider: pcm16 (24 kHz mono, little-endian) in and out, a simple
 * energy VAD like a server's (it needs some speech before it decides), a synthetic "voice" for
 * assistant audio, and WAV wrapping for /v1/audio/speech.
 */

export const REALTIME_SAMPLE_RATE = 24_000

export function pcm16FromBase64(b64: string): Int16Array {
  const buf = Buffer.from(b64, 'base64')
  const out = new Int16Array(buf.length >> 1)
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2)
  return out
}

export function pcm16ToBuffer(samples: Int16Array): Buffer {
  const buf = Buffer.alloc(samples.length * 2)
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i], i * 2)
  return buf
}

export function rmsDbfs(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0
  for (let i = from; i < to; i++) sum += (samples[i] / 32768) ** 2
  const rms = Math.sqrt(sum / Math.max(1, to - from))
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity
}

export const samplesToMs = (samples: number, rate = REALTIME_SAMPLE_RATE): number => (samples * 1000) / rate

/**
 * A synthetic voice: a few harmonics of a gliding pitch, shaped into ~5 syllables per second.
 * Loud enough (about -14 dBFS) to be heard and measured; deterministic. `from`/`to` (samples)
 * give a slice of the same signal, so a long answer is made chunk by chunk as it is sent.
 */
export function syntheticVoice(durationMs: number, rate = REALTIME_SAMPLE_RATE, seed = 1, from = 0, to?: number): Int16Array {
  const n = Math.round((durationMs * rate) / 1000)
  const end = Math.min(n, to ?? n)
  const out = new Int16Array(Math.max(0, end - from))
  const glide = 30 / (2 * Math.PI * 0.7)
  for (let i = from; i < end; i++) {
    const t = i / rate
    // Phase of 140 Hz + 30 Hz·sin(2π·0.7t + seed), integrated in closed form.
    const phase = 2 * Math.PI * (140 * t - glide * Math.cos(2 * Math.PI * 0.7 * t + seed))
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t)) ** 0.5 * 0.8 + 0.2
    const v = 0.5 * Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.12 * Math.sin(3 * phase)
    const fade = Math.min(1, i / (rate * 0.01), (n - i) / (rate * 0.01))
    out[i - from] = Math.round(v * syllable * fade * 0.35 * 32767)
  }
  return out
}

export function wavFromPcm16(samples: Int16Array, rate = REALTIME_SAMPLE_RATE): Buffer {
  const data = pcm16ToBuffer(samples)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVE', 8)
  header.write('fmt ', 12)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

export interface EnergyVadOptions {
  /** 0..1 like the Realtime API's server_vad threshold; mapped to -60..-20 dBFS. Default 0.5 (-40 dBFS). */
  threshold?: number
  /** Voiced audio needed (within one run) before speech_started. Default 150 ms. */
  minSpeechMs?: number
  /** Silence that ends a turn. Default 500 ms. */
  silenceMs?: number
}

export type VadDecision = { kind: 'speech_started'; audioStartMs: number } | { kind: 'speech_stopped'; audioEndMs: number }

const VAD_FRAME_MS = 10

/** Frame-by-frame energy VAD over the session's pcm16 stream (24 kHz). Time is audio time. */
export class EnergyVad {
  private pending = new Int16Array(0)
  private processedSamples = 0
  private speaking = false
  private voicedMs = 0
  private runStartMs = -1
  private gapMs = 0
  private silenceRunMs = 0
  private lastVoicedEndMs = 0
  thresholdDbfs: number
  minSpeechMs: number
  silenceMs: number

  constructor(opts: EnergyVadOptions = {}) {
    this.thresholdDbfs = -60 + 40 * (opts.threshold ?? 0.5)
    this.minSpeechMs = opts.minSpeechMs ?? 150
    this.silenceMs = opts.silenceMs ?? 500
  }

  configure(opts: EnergyVadOptions): void {
    if (opts.threshold !== undefined) this.thresholdDbfs = -60 + 40 * opts.threshold
    if (opts.minSpeechMs !== undefined) this.minSpeechMs = opts.minSpeechMs
    if (opts.silenceMs !== undefined) this.silenceMs = opts.silenceMs
  }

  get isSpeaking(): boolean {
    return this.speaking
  }

  /** Audio time (ms) of everything analysed so far. */
  get audioMs(): number {
    return samplesToMs(this.processedSamples)
  }

  reset(): void {
    this.speaking = false
    this.voicedMs = 0
    this.runStartMs = -1
    this.gapMs = 0
    this.silenceRunMs = 0
  }

  push(samples: Int16Array): VadDecision[] {
    const all = new Int16Array(this.pending.length + samples.length)
    all.set(this.pending)
    all.set(samples, this.pending.length)
    const frame = (REALTIME_SAMPLE_RATE * VAD_FRAME_MS) / 1000
    const decisions: VadDecision[] = []
    let offset = 0
    for (; offset + frame <= all.length; offset += frame) {
      const startMs = samplesToMs(this.processedSamples)
      this.processedSamples += frame
      const voiced = rmsDbfs(all, offset, offset + frame) > this.thresholdDbfs
      if (!this.speaking) {
        if (voiced) {
          if (this.runStartMs < 0) this.runStartMs = startMs
          this.voicedMs += VAD_FRAME_MS
          this.gapMs = 0
          if (this.voicedMs >= this.minSpeechMs) {
            this.speaking = true
            this.silenceRunMs = 0
            this.lastVoicedEndMs = startMs + VAD_FRAME_MS
            decisions.push({ kind: 'speech_started', audioStartMs: Math.round(this.runStartMs) })
          }
        } else if (this.runStartMs >= 0) {
          this.gapMs += VAD_FRAME_MS
          // Short gaps between syllables keep the run; a longer one starts over.
          if (this.gapMs > 150) {
            this.runStartMs = -1
            this.voicedMs = 0
            this.gapMs = 0
          }
        }
      } else if (voiced) {
        this.silenceRunMs = 0
        this.lastVoicedEndMs = startMs + VAD_FRAME_MS
      } else {
        this.silenceRunMs += VAD_FRAME_MS
        if (this.silenceRunMs >= this.silenceMs) {
          decisions.push({ kind: 'speech_stopped', audioEndMs: Math.round(this.lastVoicedEndMs) })
          this.reset()
        }
      }
    }
    this.pending = all.slice(offset)
    return decisions
  }
}
