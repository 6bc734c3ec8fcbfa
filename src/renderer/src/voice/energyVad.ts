/**
 * End-of-speech detection in the renderer for the pipeline path (and push-to-talk-free turns):
 * frame levels in, "speaking" / "stopped" out. Like a server VAD it needs some speech before it
 * decides, and a configurable silence to end the turn.
 */
import { VOICE_PAGE_CONFIG } from './config'

/** Defaults: VOICE_PAGE_CONFIG.energyVad. */
export interface EnergyVadOptions {
  thresholdDbfs?: number
  minSpeechMs?: number
  silenceMs?: number
}

export class FrameEnergyVad {
  private speaking = false
  private voicedMs = 0
  private gapMs = 0
  private silenceMs = 0
  readonly threshold: number
  readonly minSpeech: number
  readonly silence: number

  constructor(opts: EnergyVadOptions = {}) {
    const defaults = VOICE_PAGE_CONFIG.energyVad
    this.threshold = opts.thresholdDbfs ?? defaults.thresholdDbfs
    this.minSpeech = opts.minSpeechMs ?? defaults.minSpeechMs
    this.silence = opts.silenceMs ?? defaults.silenceMs
  }

  /** One frame's level; returns true / false when the decision changes, undefined otherwise. */
  push(levelDbfs: number, frameMs: number): boolean | undefined {
    const voiced = levelDbfs > this.threshold
    if (!this.speaking) {
      if (voiced) {
        this.voicedMs += frameMs
        this.gapMs = 0
        if (this.voicedMs >= this.minSpeech) {
          this.speaking = true
          this.silenceMs = 0
          return true
        }
      } else if (this.voicedMs > 0 && (this.gapMs += frameMs) > 150) {
        this.voicedMs = 0
        this.gapMs = 0
      }
      return undefined
    }
    if (voiced) this.silenceMs = 0
    else if ((this.silenceMs += frameMs) >= this.silence) {
      this.speaking = false
      this.voicedMs = 0
      return false
    }
    return undefined
  }
}
