/**
 * A VoiceProbe that records a realtime session's timing figures (the voice bench, tests): what
 * the shipped app never keeps. VAD times the server reports in the session's audio time are
 * placed on the wall clock through the capture times of the frames sent.
 */
import type { VoiceProbe } from '../../src/main/voice/probe'

/** Epoch ms, one clock for renderer and main on one machine. */
export interface VoiceSessionTimings {
  /** mic frame captured (renderer) → its bytes left main on the socket. */
  micToSendMs: number[]
  /** assistant audio delta arrived in main → handed to the playback worklet. */
  deltaToScheduledMs: number[]
  /** When main told the renderer to stop playback (server or client barge-in, push-to-talk). */
  stopSentAt: number[]
  /** When each input_audio_buffer.speech_started arrived in main (aligned with `onsetAt`). */
  speechStartedAt: number[]
  /** When the player confirmed it stopped (its output is silent from the next render quantum). */
  stoppedAt: number[]
  /** Wall time of the speech onset the server's VAD reported (audio_start_ms mapped to capture time). */
  onsetAt: number[]
  /** Wall time of the end of speech the server's VAD reported (audio_end_ms mapped to capture time). */
  speechEndAt: number[]
  /** First playback report of each assistant item (its audio is coming out). */
  firstPlayedAt: Record<string, number>
  /** Early barge-ins decided by the renderer's VAD. */
  clientBargeInAt: number[]
}

/** Figures kept per series (a long bench run stays bounded). */
const MAX_ENTRIES = 10_000

export function createVoiceTimingsProbe(): { probe: VoiceProbe; timings: VoiceSessionTimings } {
  const timings: VoiceSessionTimings = { micToSendMs: [], deltaToScheduledMs: [], stopSentAt: [], speechStartedAt: [], stoppedAt: [], onsetAt: [], speechEndAt: [], firstPlayedAt: {}, clientBargeInAt: [] }
  /** Capture time of the end of each sent frame, by session audio time (ms). */
  const frameClock: Array<{ endMs: number; capturedAt: number }> = []
  const wallTimeOf = (audioMs: number): number => {
    const frame = Number.isFinite(audioMs) ? frameClock.find((f) => f.endMs >= audioMs) : undefined
    return frame ? frame.capturedAt - (frame.endMs - audioMs) : Number.NaN
  }
  const push = (into: number[], value: number): void => {
    if (into.length < MAX_ENTRIES) into.push(value)
  }
  const probe: VoiceProbe = {
    micSent(capturedAt, sentAt, audioEndMs) {
      if (timings.micToSendMs.length >= MAX_ENTRIES) return
      timings.micToSendMs.push(sentAt - capturedAt)
      frameClock.push({ endMs: audioEndMs, capturedAt })
    },
    chunkScheduled: (receivedAt, at) => push(timings.deltaToScheduledMs, at - receivedAt),
    played(itemId, ms, at) {
      if (ms > 0 && timings.firstPlayedAt[itemId] === undefined) timings.firstPlayedAt[itemId] = at
    },
    stopped: (at) => push(timings.stoppedAt, at),
    clientBargeIn: (at) => push(timings.clientBargeInAt, at),
    stopSent: (at) => push(timings.stopSentAt, at),
    speechStarted(at, audioStartMs) {
      push(timings.speechStartedAt, at)
      // One onset per speech_started (NaN when the frame is unknown), so the two stay aligned.
      push(timings.onsetAt, wallTimeOf(audioStartMs))
    },
    speechStopped(audioEndMs) {
      const at = wallTimeOf(audioEndMs)
      if (Number.isFinite(at)) push(timings.speechEndAt, at)
    }
  }
  return { probe, timings }
}
