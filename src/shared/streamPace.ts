/**
 * How often a streaming answer reaches the screen: at most one update every STREAM_FRAME_MS
 * (25 a second). Every DOM update of a long answer costs the browser style, layout, paint and a
 * compositor commit whatever its size (~5 ms on a 2-core machine), and text appearing 25 times a
 * second reads as smooth: at a typical 50–100 tokens/s that is 2–4 tokens per update (measured
 * in `npm run bench -- render`). Main coalesces deltas to this pace (fewer IPC messages) and the
 * renderer flushes them to its store at the same pace (fewer renders); both send the first text
 * of a burst at once, so the first glyph is never delayed.
 */
export const STREAM_FRAME_MS = 40
