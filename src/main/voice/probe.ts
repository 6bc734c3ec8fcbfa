/**
 * What a realtime voice session can tell an observer about its timing (the voice bench, tests).
 * Injected, never built in: the app runs without one, so it keeps no figures and the page sends
 * no per-chunk `scheduled` messages (VoiceStarted.measure is false). All times are epoch ms on one
 * machine's clock (renderer and main share it).
 */
export interface VoiceProbe {
  /** A microphone frame left main: when it was captured, when it was sent, and the session's audio time (ms) at its end. */
  micSent(capturedAt: number, sentAt: number, audioEndMs: number): void
  /** An assistant audio chunk was handed to the playback worklet (the page's `scheduled`). */
  chunkScheduled(receivedAt: number, at: number): void
  /** The player's progress report for an item. */
  played(itemId: string, ms: number, at: number): void
  /** The player confirmed it stopped (silent from its next render quantum). */
  stopped(at: number): void
  /** The page's VAD heard the user over the assistant (an early barge-in). */
  clientBargeIn(at: number): void
  /** Main told the page to stop playback (any barge-in, push-to-talk). */
  stopSent(at: number): void
  /** The server's VAD: speech started (received at `at`), at `audioStartMs` of the session's audio. */
  speechStarted(at: number, audioStartMs: number): void
  /** The server's VAD: speech stopped at `audioEndMs` of the session's audio. */
  speechStopped(audioEndMs: number): void
}
