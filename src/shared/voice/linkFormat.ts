/**
 * The audio format on the voice link (renderer ⇄ main ⇄ provider): what the Realtime API speaks,
 * so no conversion happens in main. Pure constants, also used by the audio worklets.
 */

/** pcm16 mono at the Realtime API's rate. */
export const LINK_SAMPLE_RATE = 24_000
/** 2 bytes a sample: 48 bytes per millisecond of audio. */
export const LINK_BYTES_PER_MS = (LINK_SAMPLE_RATE * 2) / 1000
/** The capture worklet's frame: short enough for a prompt barge-in, long enough to keep the message rate at 50/s. */
export const LINK_FRAME_MS = 20
