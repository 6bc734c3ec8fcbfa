/**
 * The messages between the page and its two audio worklets (capture.worklet.ts,
 * playback.worklet.ts). What the worklets post is checked here, on the page, with zod; the
 * worklets check what the page posts with a plain guard (`import type` only: zod stays out of the
 * audio thread, where parsing would allocate on every render quantum).
 */
import { z } from 'zod'
import { Pcm } from '../../../shared/voice/audioLink'

/** A finite number or -Infinity (the level of digital silence). */
const Dbfs = z.custom<number>((v) => typeof v === 'number' && !Number.isNaN(v) && v !== Infinity, 'a level in dBFS')
const AudioTime = z.number().finite().nonnegative()

/** Capture worklet → page: one 20-ms frame (pcm16 24 kHz), its level, the audio clock at its end. */
export const CaptureFrame = z.object({ pcm: Pcm, level: Dbfs, time: AudioTime })
export type CaptureFrame = z.infer<typeof CaptureFrame>

/** Playback worklet → page. */
export const PlaybackReport = z.discriminatedUnion('type', [
  /** Answer to `stop`: how much of the item that was cut had been played. */
  z.object({ type: z.literal('stopped'), itemId: z.string().nullable(), ms: z.number().finite().nonnegative() }),
  /** About every 50 ms, and at once when playback starts or stops. */
  z.object({
    type: z.literal('level'),
    time: AudioTime,
    dbfs: Dbfs,
    playing: z.boolean(),
    itemId: z.string().nullable(),
    playedMs: z.number().finite().nonnegative(),
    queuedMs: z.number().finite().nonnegative()
  })
])
export type PlaybackReport = z.infer<typeof PlaybackReport>

/** Page → playback worklet. */
export type PlaybackCommand = { type: 'audio'; itemId: string; pcm: ArrayBuffer } | { type: 'end'; itemId: string } | { type: 'stop' }

/** The checked message, or undefined (dropped: a worklet of ours posting something else is a bug). */
export function parseWorkletMessage<T>(schema: z.ZodType<T>, data: unknown): T | undefined {
  const parsed = schema.safeParse(data)
  return parsed.success ? parsed.data : undefined
}
