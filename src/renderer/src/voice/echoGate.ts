/**
 * Is the speech the microphone hears the user, or the assistant coming back from the speakers?
 * Silero says "speech" for both (it does not care about level), so barge-in also asks this gate,
 * a level-based double-talk test in the spirit of the Geigel detector: the user is talking over
 * the assistant only when the microphone is louder than the loudest recent output minus the echo
 * return loss we can count on. Echo cancellation (on in the product) leaves a residual well
 * below that; the server's VAD still hears whatever the gate holds back (later, not never).
 */
import { VOICE_PAGE_CONFIG } from './config'

/** Options default to VOICE_PAGE_CONFIG.echoGate (tests and benches pass their own). */
export interface EchoGateOptions {
  /** How far below the output an echo is assumed to be, at least (dB). */
  echoReturnLossDb?: number
  /** Output this recent still echoes (speaker → room → microphone → capture buffers), ms. */
  echoTailMs?: number
  /** Microphone frames that count for the onset (the frames the VAD just called speech), ms. */
  onsetWindowMs?: number
  /**
   * Output must have been measured this long before the gate can judge: right after playback
   * starts it has one short report at most, and speech heard then (already going on, or echo of
   * the first syllable) would be judged against almost nothing. A real barge-in then waits this
   * long — still far ahead of the server's VAD.
   */
  minOutputKnownMs?: number
}

/** How far back `isUser` can judge (ms): see config.ts. */
export const HISTORY_MS = VOICE_PAGE_CONFIG.echoGate.historyMs

interface Sample {
  at: number
  dbfs: number
}

export class EchoGate {
  private readonly erl: number
  private readonly tail: number
  private readonly window: number
  private readonly minKnown: number
  private playingSince: number | undefined
  private outputs: Sample[] = []
  private inputs: Sample[] = []

  constructor(opts: EchoGateOptions = {}) {
    const defaults = VOICE_PAGE_CONFIG.echoGate
    this.erl = opts.echoReturnLossDb ?? defaults.echoReturnLossDb
    this.tail = opts.echoTailMs ?? defaults.echoTailMs
    this.window = opts.onsetWindowMs ?? defaults.onsetWindowMs
    this.minKnown = opts.minOutputKnownMs ?? defaults.minOutputKnownMs
  }

  /** A level report of the output (about every 50 ms) and whether assistant audio is playing. */
  output(dbfs: number, at: number, playing: boolean): void {
    if (!playing) this.playingSince = undefined
    else this.playingSince ??= at
    this.outputs.push({ at, dbfs })
    this.prune(at)
  }

  input(dbfs: number, at: number): void {
    this.inputs.push({ at, dbfs })
    this.prune(at)
  }

  /**
   * True when the microphone level just before `at` cannot be only the echo of what was played
   * before it. `at` may lie in the recent past (up to HISTORY_MS): speech the model judged late
   * is judged as of its own moment.
   */
  isUser(at: number): boolean {
    if (this.playingSince !== undefined && at - this.playingSince < this.minKnown) return false
    const mic = maxDb(this.inputs.filter((s) => s.at >= at - this.window && s.at <= at))
    const out = maxDb(this.outputs.filter((s) => s.at >= at - this.tail && s.at <= at))
    if (!Number.isFinite(out)) return true
    return mic > out - this.erl
  }

  private prune(now: number): void {
    const keep = HISTORY_MS + Math.max(this.tail, this.window)
    while (this.outputs.length && this.outputs[0].at < now - keep) this.outputs.shift()
    while (this.inputs.length && this.inputs[0].at < now - keep) this.inputs.shift()
  }
}

const maxDb = (xs: Sample[]): number => xs.reduce((m, s) => Math.max(m, s.dbfs), -Infinity)
