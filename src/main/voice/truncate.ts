/**
 * Barge-in arithmetic: how much of an assistant item the user really heard.
 */
import { LINK_SAMPLE_RATE } from '../../shared/voice/linkFormat'

export function pcmBytesToMs(bytes: number, sampleRate = LINK_SAMPLE_RATE): number {
  return (bytes / 2 / sampleRate) * 1000
}

/**
 * `audio_end_ms` for conversation.item.truncate: what playback reported as played, never more
 * than what was received (the server rejects a time beyond the item's audio), never negative,
 * whole milliseconds.
 */
export function truncateAudioEndMs(playedMs: number, receivedMs: number): number {
  if (!Number.isFinite(playedMs) || playedMs < 0) return 0
  return Math.floor(Math.min(playedMs, Math.max(0, receivedMs)))
}

/** Should an item be truncated at all: only when playback stopped before its audio ended. */
export function needsTruncate(playedMs: number, receivedMs: number, done: boolean): boolean {
  return receivedMs > 0 && (!done || playedMs < receivedMs - 1)
}

/**
 * The part of a transcript that was heard, assuming speech at an even pace: cut at the word (or
 * CJK character) nearest the played fraction.
 */
export function heardTranscript(transcript: string, audioEndMs: number, totalMs: number): string {
  if (totalMs <= 0 || audioEndMs >= totalMs) return transcript
  const target = Math.round((transcript.length * Math.max(0, audioEndMs)) / totalMs)
  if (target <= 0) return ''
  if (/[\u3000-\u9fff]/.test(transcript.charAt(target - 1))) return transcript.slice(0, target)
  const space = transcript.lastIndexOf(' ', target)
  return (space > 0 ? transcript.slice(0, space) : transcript.slice(0, target)).trimEnd()
}
