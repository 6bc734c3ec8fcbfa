/**
 * Audio maths of the voice view, shared by the AudioWorklets and tested in Node: float ↔ pcm16,
 * a streaming resampler (anti-aliased when going down, e.g. 48 or 44.1 kHz → 24 kHz), levels.
 * No DOM, no Web Audio: plain typed arrays.
 */

export { LINK_SAMPLE_RATE } from '../../../shared/voice/linkFormat'

export function floatToPcm16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length)
  for (let i = 0; i < input.length; i++) {
    const s = Math.max(-1, Math.min(1, input[i]))
    out[i] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767)
  }
  return out
}

export function pcm16ToFloat(input: Int16Array): Float32Array {
  const out = new Float32Array(input.length)
  for (let i = 0; i < input.length; i++) out[i] = input[i] / 32768
  return out
}

/** RMS level in dBFS (−Infinity for digital silence). */
export function rmsDbfs(samples: Float32Array | Int16Array): number {
  if (samples.length === 0) return -Infinity
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1
  let sum = 0
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] * scale
    sum += v * v
  }
  const rms = Math.sqrt(sum / samples.length)
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity
}

/** Windowed-sinc low-pass taps (Blackman), `cutoff` as a fraction of the input sample rate. */
function lowPassTaps(cutoff: number, count: number): Float32Array {
  const taps = new Float32Array(count)
  const mid = (count - 1) / 2
  let sum = 0
  for (let i = 0; i < count; i++) {
    const x = i - mid
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x)
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (count - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (count - 1))
    taps[i] = sinc * w
    sum += taps[i]
  }
  for (let i = 0; i < count; i++) taps[i] /= sum
  return taps
}

/**
 * Streaming resampler: chunks in, chunks out, continuous across chunk boundaries.
 * Going down, a low-pass at 0.45 × the output rate removes what would alias; then linear
 * interpolation at the fractional positions. Going up, interpolation alone.
 */
export class Resampler {
  private readonly step: number
  private readonly taps: Float32Array | undefined
  /** Position of the next output sample, in input samples relative to the start of `history`'s live part. */
  private pos = 0
  private prev = 0
  private readonly filterState: Float32Array

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    tapCount = 63
  ) {
    this.step = fromRate / toRate
    this.taps = toRate < fromRate ? lowPassTaps((0.45 * toRate) / fromRate, tapCount) : undefined
    this.filterState = new Float32Array(this.taps ? this.taps.length - 1 : 0)
  }

  process(input: Float32Array): Float32Array {
    const filtered = this.taps ? this.filter(input) : input
    if (this.step === 1) return filtered.slice()
    // Samples available: prev (index -1) then filtered[0..n-1]; pos stays within [-1, n-1).
    const n = filtered.length
    if (n === 0) return new Float32Array(0)
    const out = new Float32Array(Math.ceil((n + 1) / this.step) + 1)
    let count = 0
    while (Math.floor(this.pos) + 1 <= n - 1) {
      const i = Math.floor(this.pos)
      const frac = this.pos - i
      const a = i < 0 ? this.prev : filtered[i]
      const b = filtered[i + 1]
      out[count++] = a + (b - a) * frac
      this.pos += this.step
    }
    this.prev = filtered[n - 1]
    this.pos -= n
    return out.slice(0, count)
  }

  private filter(input: Float32Array): Float32Array {
    const taps = this.taps as Float32Array
    const k = taps.length
    const buf = new Float32Array(k - 1 + input.length)
    buf.set(this.filterState)
    buf.set(input, k - 1)
    const out = new Float32Array(input.length)
    for (let i = 0; i < input.length; i++) {
      let acc = 0
      for (let j = 0; j < k; j++) acc += taps[j] * buf[i + j]
      out[i] = acc
    }
    this.filterState.set(buf.subarray(buf.length - (k - 1)))
    return out
  }
}

/**
 * Collects resampled samples into fixed frames (e.g. 480 samples = 20 ms at 24 kHz).
 */
export class FrameAssembler {
  private buf: Float32Array
  private fill = 0

  constructor(readonly frameSamples: number) {
    this.buf = new Float32Array(frameSamples)
  }

  push(samples: Float32Array, onFrame: (frame: Float32Array) => void): void {
    let offset = 0
    while (offset < samples.length) {
      const take = Math.min(this.frameSamples - this.fill, samples.length - offset)
      this.buf.set(samples.subarray(offset, offset + take), this.fill)
      this.fill += take
      offset += take
      if (this.fill === this.frameSamples) {
        onFrame(this.buf)
        this.buf = new Float32Array(this.frameSamples)
        this.fill = 0
      }
    }
  }
}
