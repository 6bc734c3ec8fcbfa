/**
 * Client-side barge-in: the Silero onset detector (with a scripted model, then with the real
 * bundled model run by onnxruntime-web's WebAssembly in Node on espeak-ng speech and noise) and
 * the echo gate.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as ort from 'onnxruntime-web'
import { Silero } from '@ricky0123/vad-web/dist/models/silero'
import { describe, expect, it } from 'vitest'
import { EchoGate } from '../../src/renderer/src/voice/echoGate'
import { SpeechOnsetDetector, type SpeechModel } from '../../src/renderer/src/voice/speechOnset'
import { floatToPcm16, pcm16ToFloat, Resampler } from '../../src/renderer/src/voice/dsp'
import { makeNoiseWav, makeSpeechWav, readWavPcm16 } from '../support/voiceWav'
import { syntheticVoice } from '../support/fakeProvider/realtimeAudio'

const FRAME_24K = 480 // 20 ms link frames

/** A model answering from a script, one probability per 512-sample frame it is given. */
function scriptedModel(probabilities: number[]) {
  const seen: number[] = []
  let released = false
  const model: SpeechModel = {
    process: async (frame) => {
      seen.push(frame.length)
      const p = probabilities[seen.length - 1] ?? 0
      return { isSpeech: p, notSpeech: 1 - p }
    },
    reset_state: () => undefined,
    release: async () => {
      released = true
    }
  }
  return { model, seen, released: () => released }
}

/** Link frames (24 kHz pcm16, 20 ms) of a float signal at `rate`. */
function linkFrames(signal: Float32Array, rate: number): Int16Array[] {
  const pcm = floatToPcm16(new Resampler(rate, 24_000).process(signal))
  const frames: Int16Array[] = []
  for (let i = 0; i + FRAME_24K <= pcm.length; i += FRAME_24K) frames.push(pcm.slice(i, i + FRAME_24K))
  return frames
}

function readWavMono(file: string): { rate: number; samples: Float32Array } {
  const { rate, pcm } = readWavPcm16(file)
  return { rate, samples: pcm16ToFloat(pcm) }
}

describe('SpeechOnsetDetector (scripted model)', () => {
  it('feeds the model 16 kHz frames of 512 samples from 20 ms link frames at 24 kHz', async () => {
    const { model, seen } = scriptedModel([])
    const d = new SpeechOnsetDetector(model, { onSpeech: () => undefined })
    // 1 s of link audio = 16 000 samples at 16 kHz = 31 whole frames (the resampler holds back ~1 sample).
    for (let i = 0; i < 50; i++) {
      d.push(new Int16Array(FRAME_24K), i * 0.02)
      await d.idle()
    }
    expect(seen.length).toBe(31)
    expect(new Set(seen)).toEqual(new Set([512]))
  })

  it('calls the onset after two speech frames, then on every speech frame of that segment, with its capture time', async () => {
    // frame:              0    1    2    3    4    5    6    7    8
    const { model } = scriptedModel([0.1, 0.9, 0.2, 0.1, 0.8, 0.9, 0.95, 0.4, 0.9])
    const at: number[] = []
    const d = new SpeechOnsetDetector(model, { onSpeech: (time) => at.push(time), redemptionMs: 64 })
    // Push one model frame's worth (32 ms ≈ 1.6 link frames) at a time and note which frame it is.
    const samples = new Int16Array(24_000)
    for (let i = 0; i < 9; i++) {
      // The capture time given with the link audio that completes model frame i.
      d.push(samples.subarray(i * 768, (i + 1) * 768 + (i === 0 ? 2 : 0)), i)
      await d.idle()
    }
    // Frame 1 is a lone blip (one frame < 64 ms of speech, ended by 64 ms of non-speech); frames 4-5 make the onset; 6 and 8
    // continue it (7 is below the positive threshold but not below the negative one).
    expect(at).toEqual([5, 6, 8])
  })

  it('drops nothing at real-time pace, drops past 8 frames waiting for the model, releases it on close', async () => {
    const m = scriptedModel([])
    const d = new SpeechOnsetDetector(m.model, { onSpeech: () => undefined })
    for (let i = 0; i < 20; i++) {
      d.push(new Int16Array(FRAME_24K), i * 0.02)
      await d.idle()
    }
    expect(d.dropped).toBe(0)
    // 1 s at once (a stalled page): 31 model frames, 8 may wait, the rest are dropped.
    for (let i = 0; i < 50; i++) d.push(new Int16Array(FRAME_24K), 1)
    await d.idle()
    expect(d.dropped).toBeGreaterThan(20)
    expect(m.seen.length).toBeLessThan(12 + 8 + 2)
    await d.close()
    expect(m.released()).toBe(true)
  })
})

describe('SpeechOnsetDetector with the bundled Silero v5 model', () => {
  const require = createRequire(import.meta.url)
  const modelPath = require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx')
  ort.env.wasm.numThreads = 1
  const silero = (): Promise<SpeechModel> => Silero.new(ort as never, async () => new Uint8Array(readFileSync(modelPath)).buffer)

  async function onsetsOf(frames: Int16Array[]): Promise<number[]> {
    const model = await silero()
    const times: number[] = []
    let t = 0
    // Capture times in ms: the end of each 20 ms link frame.
    const d = new SpeechOnsetDetector(model, { onSpeech: (time) => times.push(time) })
    for (const f of frames) {
      t += 20
      d.push(f, t)
      await d.idle()
    }
    await d.close()
    return times
  }

  it('hears espeak-ng speech within 150 ms of its onset, and never before it', async () => {
    const wav = makeSpeechWav({ text: 'What time is it?', leadMs: 600, tailMs: 800 })
    const { rate, samples } = readWavMono(wav.path)
    const times = await onsetsOf(linkFrames(samples, rate))
    expect(times.length).toBeGreaterThan(5)
    expect(times[0]).toBeGreaterThan(wav.onsetMs)
    expect(times[0] - wav.onsetMs).toBeLessThanOrEqual(150)
    expect(times.at(-1)!).toBeLessThanOrEqual(wav.endMs + 100)
  }, 30_000)

  it('stays silent on pink noise, even 20 dB louder than the bench plays it', async () => {
    const wav = makeNoiseWav({ durationMs: 3000, amplitude: 0.03 })
    const { rate, samples } = readWavMono(wav.path)
    expect(await onsetsOf(linkFrames(samples, rate))).toEqual([])
  }, 30_000)

  it('calls the assistant’s synthetic voice speech: level, not the model, tells its echo apart (EchoGate)', async () => {
    const echo = pcm16ToFloat(syntheticVoice(2000)).map((x) => x * 0.1)
    expect((await onsetsOf(linkFrames(echo, 24_000))).length).toBeGreaterThan(0)
  }, 30_000)
})

describe('EchoGate', () => {
  it('holds back speech 20 dB under what is playing, lets the user through at the output level', () => {
    const g = new EchoGate()
    for (let t = 0; t <= 300; t += 50) g.output(-14, t, true)
    for (let t = 200; t <= 300; t += 20) g.input(-34, t)
    expect(g.isUser(300)).toBe(false)
    for (let t = 320; t <= 400; t += 20) g.input(-16, t)
    g.output(-14, 400, true)
    expect(g.isUser(400)).toBe(true)
  })

  it('holds everything for the first 100 ms of playback (the output is not known yet)', () => {
    const g = new EchoGate()
    g.input(-10, 0)
    expect(g.isUser(0)).toBe(true) // nothing playing
    g.output(-40, 10, true) // the first short report
    g.input(-10, 20)
    expect(g.isUser(20)).toBe(false)
    g.output(-14, 60, true)
    g.input(-10, 110)
    g.output(-14, 110, true)
    expect(g.isUser(110)).toBe(true)
    // Stopped, started again: held again.
    g.output(-80, 160, false)
    g.output(-14, 200, true)
    g.input(-10, 220)
    expect(g.isUser(220)).toBe(false)
  })

  it('uses the loudest output of the echo tail (300 ms), and only the onset window of the microphone', () => {
    const g = new EchoGate({ echoReturnLossDb: 12, echoTailMs: 300, onsetWindowMs: 120 })
    g.output(-10, 0, true) // a loud syllable…
    g.output(-40, 250, true) // …then a quiet one: the loud one still echoes
    g.input(-25, 250)
    expect(g.isUser(250)).toBe(false) // -25 < -10 - 12
    // 400 ms later the loud syllable is past the tail: -25 > -40 - 12.
    g.output(-40, 600, true)
    g.input(-25, 600)
    expect(g.isUser(600)).toBe(true)
    // An old loud input does not count for a new onset.
    g.input(-60, 750)
    g.output(-14, 750, true)
    expect(g.isUser(750)).toBe(false)
  })

  it('lets everything through when nothing is playing', () => {
    const g = new EchoGate()
    g.input(-50, 0)
    expect(g.isUser(0)).toBe(true)
  })
})

describe('EchoGate, judging late', () => {
  it('judges speech as of its own moment, up to two seconds back', () => {
    const g = new EchoGate()
    // The assistant plays loud until 1000 ms, then quietly; the user spoke loud at 500 ms.
    for (let t = 0; t <= 1000; t += 50) g.output(-14, t, true)
    for (let t = 1050; t <= 2000; t += 50) g.output(-50, t, true)
    for (let t = 0; t <= 2000; t += 20) g.input(t >= 440 && t <= 520 ? -10 : -40, t)
    // Judged late (the model answered at 2000 ms): as of 520 ms, the user, over a loud output.
    expect(g.isUser(520)).toBe(true)
    // As of 300 ms only the quiet echo-level input: held.
    expect(g.isUser(300)).toBe(false)
    // Later samples do not leak into an earlier moment's judgement: at 1900 ms the input is -40
    // over a -50 output (the user, by level), at 400 ms the same input over -14 is not.
    expect(g.isUser(1900)).toBe(true)
    expect(g.isUser(400)).toBe(false)
  })
})
