import { describe, expect, it } from 'vitest'
import { floatToPcm16, FrameAssembler, pcm16ToFloat, Resampler, rmsDbfs } from '../../src/renderer/src/voice/dsp'
import { JitterBuffer } from '../../src/renderer/src/voice/jitterBuffer'
import { decodeLinkMessage, parseDownMessage, parseUpMessage } from '../../src/shared/voice/audioLink'
import { encodeLinkMessage } from '../../src/shared/voice/audioLinkWire'
import { CaptureFrame, parseWorkletMessage, PlaybackReport } from '../../src/renderer/src/voice/workletMessages'
import { heardTranscript, needsTruncate, pcmBytesToMs, truncateAudioEndMs } from '../../src/main/voice/truncate'

const sine = (freq: number, rate: number, n: number, amp = 0.5): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate))

/** Frequency estimated from rising zero crossings. */
function frequencyOf(x: Float32Array, rate: number): number {
  const crossings: number[] = []
  for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 && x[i] >= 0) crossings.push(i - x[i] / (x[i] - x[i - 1]))
  return ((crossings.length - 1) * rate) / (crossings[crossings.length - 1] - crossings[0])
}

const peak = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)

/** Resample in chunks of the size a worklet sees (128 frames), to test continuity. */
function resampleChunked(r: Resampler, x: Float32Array, chunk = 128): Float32Array {
  const parts: Float32Array[] = []
  for (let i = 0; i < x.length; i += chunk) parts.push(r.process(x.subarray(i, i + chunk)))
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

describe('pcm16 conversion', () => {
  it('maps full scale, zero and clips', () => {
    expect(Array.from(floatToPcm16(Float32Array.from([0, 1, -1, 0.5, 2, -2])))).toEqual([0, 32767, -32768, 16384, 32767, -32768])
    const back = pcm16ToFloat(Int16Array.from([0, 16384, -32768]))
    expect(Array.from(back)).toEqual([0, 0.5, -1])
  })
  it('round-trips a sine within one LSB', () => {
    const x = sine(440, 24000, 2400)
    const y = pcm16ToFloat(floatToPcm16(x))
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1 / 32768 + 1e-9)
  })
  it('measures levels', () => {
    expect(rmsDbfs(sine(1000, 48000, 4800, 1))).toBeCloseTo(-3.01, 1)
    expect(rmsDbfs(new Float32Array(100))).toBe(-Infinity)
  })
})

describe('resampling to 24 kHz', () => {
  for (const rate of [48000, 44100]) {
    it(`${rate} Hz → 24 kHz keeps a 1 kHz tone (frequency, amplitude, length), in worklet-size chunks`, () => {
      const x = sine(1000, rate, rate) // one second
      const y = resampleChunked(new Resampler(rate, 24000), x)
      expect(Math.abs(y.length - 24000)).toBeLessThanOrEqual(2)
      const steady = y.subarray(200, y.length - 200)
      expect(frequencyOf(steady, 24000)).toBeCloseTo(1000, 0)
      expect(peak(steady)).toBeGreaterThan(0.49)
      expect(peak(steady)).toBeLessThan(0.51)
    })
    it(`${rate} Hz → 24 kHz removes a 15 kHz tone instead of aliasing it to ${24000 - 15000} Hz`, () => {
      const y = resampleChunked(new Resampler(rate, 24000), sine(15000, rate, rate))
      expect(rmsDbfs(y.subarray(200))).toBeLessThan(-40)
    })
  }
  it('24 kHz → 48 kHz (playback) doubles the samples and keeps the tone', () => {
    const y = resampleChunked(new Resampler(24000, 48000), sine(500, 24000, 24000))
    expect(Math.abs(y.length - 48000)).toBeLessThanOrEqual(2)
    expect(frequencyOf(y.subarray(100), 48000)).toBeCloseTo(500, 0)
  })
  it('assembles 20 ms frames', () => {
    const frames: number[] = []
    const asm = new FrameAssembler(480)
    for (let i = 0; i < 10; i++) asm.push(new Float32Array(128), (f) => frames.push(f.length))
    expect(frames).toEqual([480, 480])
  })
})

describe('jitter buffer', () => {
  it('waits for the target, plays in order, fills underruns with silence', () => {
    const jb = new JitterBuffer(1000, 30)
    const out = new Float32Array(10)
    jb.push('a', new Float32Array(20).fill(0.5))
    expect(jb.pull(out)).toBe(0)
    expect(Array.from(out)).toEqual(new Array(10).fill(0))
    jb.push('a', new Float32Array(20).fill(0.25))
    expect(jb.pull(out)).toBe(10)
    expect(out[0]).toBe(0.5)
    jb.pull(out)
    expect(jb.pull(out)).toBe(10)
    expect(out[9]).toBe(0.25)
    jb.pull(out)
    expect(jb.pull(out)).toBe(0) // underrun: silence, waits for the target again
    expect(jb.isPlaying).toBe(false)
    expect(jb.playedMs('a')).toBe(40)
  })
  it('starts below the target once the item ended', () => {
    const jb = new JitterBuffer(1000, 100)
    jb.push('a', new Float32Array(5).fill(1))
    jb.end('a')
    expect(jb.pull(new Float32Array(10))).toBe(5)
  })
  it('stop drops the queue at once and reports what was played', () => {
    const jb = new JitterBuffer(24000, 240)
    jb.push('item1', new Float32Array(24000))
    jb.pull(new Float32Array(128 * 50))
    const report = jb.stop()
    expect(report.itemId).toBe('item1')
    expect(report.playedMs).toBeCloseTo((128 * 50 * 1000) / 24000, 5)
    expect(jb.queuedSamples).toBe(0)
    const out = new Float32Array(128).fill(1)
    expect(jb.pull(out)).toBe(0)
    expect(peak(out)).toBe(0)
  })
})

describe('truncate computation', () => {
  it('uses what was played, never more than received, whole ms', () => {
    expect(truncateAudioEndMs(1234.7, 5000)).toBe(1234)
    expect(truncateAudioEndMs(6000, 5000)).toBe(5000)
    expect(truncateAudioEndMs(-5, 5000)).toBe(0)
    expect(truncateAudioEndMs(Number.NaN, 5000)).toBe(0)
    expect(pcmBytesToMs(48_000)).toBe(1000)
  })
  it('truncates only what was cut', () => {
    expect(needsTruncate(1000, 3000, true)).toBe(true)
    expect(needsTruncate(3000, 3000, true)).toBe(false)
    expect(needsTruncate(3000, 3000, false)).toBe(true)
    expect(needsTruncate(0, 0, false)).toBe(false)
  })
  it('cuts the transcript where it was heard', () => {
    expect(heardTranscript('one two three four', 500, 1000)).toBe('one two')
    expect(heardTranscript('你好世界再见', 500, 1000)).toBe('你好世')
    expect(heardTranscript('abc', 2000, 1000)).toBe('abc')
  })
})

describe('audio link codec', () => {
  it('round-trips a frame with pcm and a control message', () => {
    const pcm = Int16Array.from([1, -2, 3]).buffer
    const decoded = decodeLinkMessage(encodeLinkMessage({ t: 'mic', seq: 7, capturedAt: 123.5, pcm }), parseUpMessage)
    expect(decoded).toMatchObject({ t: 'mic', seq: 7, capturedAt: 123.5 })
    expect(Array.from(new Int16Array((decoded as { pcm: ArrayBuffer }).pcm))).toEqual([1, -2, 3])
    expect(decodeLinkMessage(encodeLinkMessage({ t: 'stop', at: 5 }), parseDownMessage)).toEqual({ t: 'stop', at: 5 })
    expect(decodeLinkMessage(new Uint8Array([1, 0]), parseDownMessage)).toBeUndefined()
  })
  it('checks every message against its direction: a malformed one, or one for the other end, is dropped', () => {
    // A page sending main a down message, or nonsense, gets nothing through.
    expect(decodeLinkMessage(encodeLinkMessage({ t: 'stop', at: 5 }), parseUpMessage)).toBeUndefined()
    expect(parseUpMessage({ t: 'mic', seq: -1, capturedAt: 1, pcm: new ArrayBuffer(2) })).toBeUndefined()
    expect(parseUpMessage({ t: 'mic', seq: 1, capturedAt: 1, pcm: 'AAAA' })).toBeUndefined()
    expect(parseUpMessage({ t: 'played', itemId: '', ms: 10 })).toBeUndefined()
    expect(parseUpMessage({ t: 'vad', speaking: 'yes', at: 1 })).toBeUndefined()
    expect(parseUpMessage(null)).toBeUndefined()
    expect(parseUpMessage({ t: 'stopped', itemId: null, ms: 120, at: 1 })).toEqual({ t: 'stopped', itemId: null, ms: 120, at: 1 })
    expect(parseDownMessage({ t: 'closed' })).toEqual({ t: 'closed' })
    expect(parseDownMessage({ t: 'audio', itemId: 'i', receivedAt: 1 })).toBeUndefined()
  })
  it("checks the worklets' messages on the page (a level of digital silence is -Infinity)", () => {
    const pcm = new ArrayBuffer(960)
    expect(parseWorkletMessage(CaptureFrame, { pcm, level: -Infinity, time: 1.5 })).toEqual({ pcm, level: -Infinity, time: 1.5 })
    expect(parseWorkletMessage(CaptureFrame, { pcm, level: Number.NaN, time: 1.5 })).toBeUndefined()
    expect(parseWorkletMessage(PlaybackReport, { type: 'stopped', itemId: 'i', ms: 40 })).toEqual({ type: 'stopped', itemId: 'i', ms: 40 })
    expect(parseWorkletMessage(PlaybackReport, { type: 'level', time: 2, dbfs: -20, playing: true, itemId: 'i', playedMs: 10, queuedMs: 60 })).toMatchObject({ playing: true })
    expect(parseWorkletMessage(PlaybackReport, { type: 'level', time: 2 })).toBeUndefined()
  })
  it('decodes a frame that is a view into a larger buffer (Node Buffers from ws are pooled)', () => {
    const frame = encodeLinkMessage({ t: 'audio', itemId: 'i', receivedAt: 1, pcm: Int16Array.from([5, 6]).buffer })
    const pool = Buffer.alloc(8192, 7)
    pool.set(frame, 100)
    const decoded = decodeLinkMessage(pool.subarray(100, 100 + frame.length), parseDownMessage) as { pcm: ArrayBuffer }
    expect(decoded.pcm.byteLength).toBe(4)
    expect(Array.from(new Int16Array(decoded.pcm))).toEqual([5, 6])
  })
})

describe('renderer end-of-speech VAD', () => {
  it('needs some speech, ignores a click, ends after the silence length', async () => {
    const { FrameEnergyVad } = await import('../../src/renderer/src/voice/energyVad')
    const vad = new FrameEnergyVad({ thresholdDbfs: -40, minSpeechMs: 100, silenceMs: 200 })
    const feed = (db: number, frames: number) => Array.from({ length: frames }, () => vad.push(db, 20)).filter((d) => d !== undefined)
    expect(feed(-20, 2)).toEqual([]) // 40 ms click
    expect(feed(-70, 10)).toEqual([])
    expect(feed(-20, 5)).toEqual([true])
    expect(feed(-70, 9)).toEqual([])
    expect(feed(-70, 1)).toEqual([false])
  })
})
