/**
 * Speech for Chromium's fake microphone (`--use-file-for-fake-audio-capture`): espeak-ng speaks,
 * sox resamples to 48 kHz mono 16-bit and pads silence around it. The onset and end of speech
 * are measured from the samples, so benches know when the "user" starts talking.
 * Chromium loops the file.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { syntheticVoice, wavFromPcm16 } from './fakeProvider/realtimeAudio'

export interface SpeechWav {
  path: string
  durationMs: number
  /** Where speech starts / ends in the file (first / last sample above -40 dBFS in 10 ms windows). */
  onsetMs: number
  endMs: number
}

/** Runs espeak-ng or sox; when it is not installed, says how to get it. */
function tool(command: string, args: string[]): void {
  try {
    execFileSync(command, args)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${command} is not installed: \`npm run test:setup\` installs it (or names the command to run).`)
    throw error
  }
}

export function makeSpeechWav(opts: { text: string; leadMs?: number; tailMs?: number; dir?: string; voice?: string; name?: string }): SpeechWav {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'omnidesk-voice-wav-'))
  const raw = path.join(dir, `${opts.name ?? 'speech'}-raw.wav`)
  const out = path.join(dir, `${opts.name ?? 'speech'}.wav`)
  tool('espeak-ng', ['-v', opts.voice ?? 'en-us', '-s', '160', '-w', raw, opts.text])
  tool('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', out, 'pad', `${(opts.leadMs ?? 500) / 1000}`, `${(opts.tailMs ?? 3000) / 1000}`])
  return { path: out, ...measureWav(out) }
}

/** Silence or low noise only (for false barge-in runs). */
export function makeNoiseWav(opts: { durationMs: number; dir?: string; amplitude?: number }): SpeechWav {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'omnidesk-voice-wav-'))
  const out = path.join(dir, 'noise.wav')
  tool('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', out, 'synth', `${opts.durationMs / 1000}`, 'pinknoise', 'vol', `${opts.amplitude ?? 0.003}`])
  return { path: out, ...measureWav(out) }
}

/** A 16-bit mono WAV file's sample rate and samples (walks the RIFF chunks; no header size assumed). */
export function readWavPcm16(file: string): { rate: number; pcm: Int16Array } {
  const buf = readFileSync(file)
  let offset = 12
  let rate = 48000
  let data: Buffer | undefined
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4)
    const size = buf.readUInt32LE(offset + 4)
    if (id === 'fmt ') rate = buf.readUInt32LE(offset + 12)
    if (id === 'data') data = buf.subarray(offset + 8, offset + 8 + size)
    offset += 8 + size + (size % 2)
  }
  if (!data) throw new Error(`no data chunk in ${file}`)
  const pcm = new Int16Array(data.length / 2)
  for (let i = 0; i < pcm.length; i++) pcm[i] = data.readInt16LE(i * 2)
  return { rate, pcm }
}

export function measureWav(file: string): Omit<SpeechWav, 'path'> {
  const { rate, pcm } = readWavPcm16(file)
  const samples = pcm.length
  const win = Math.round(rate / 100)
  let onset = -1
  let end = -1
  for (let i = 0; i + win <= samples; i += win) {
    let sum = 0
    for (let j = 0; j < win; j++) sum += (pcm[i + j] / 32768) ** 2
    const db = 10 * Math.log10(sum / win + 1e-12)
    if (db > -40) {
      if (onset < 0) onset = i
      end = i + win
    }
  }
  return { durationMs: (samples * 1000) / rate, onsetMs: onset < 0 ? -1 : (onset * 1000) / rate, endMs: end < 0 ? -1 : (end * 1000) / rate }
}

/**
 * The assistant's own voice coming back into the microphone (speakers on, no user speech): the
 * local provider's synthetic voice, `attenuationDb` below what is played, looped by Chromium.
 */
export function makeEchoWav(opts: { durationMs: number; attenuationDb: number; dir?: string }): SpeechWav {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'omnidesk-voice-wav-'))
  const out = path.join(dir, 'echo.wav')
  const rate = 48_000
  const gain = 10 ** (-opts.attenuationDb / 20)
  const voice = syntheticVoice(opts.durationMs, rate, 2)
  const samples = Int16Array.from(voice, (v) => Math.round(v * gain))
  writeFileSync(out, wavFromPcm16(samples, rate))
  return { path: out, ...measureWav(out) }
}
