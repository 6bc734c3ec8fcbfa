/**
 * How often a streaming answer reaches the screen: at most one update every STREAM_FRAME_MS
 * (20 a second). Every DOM update of a long answer costs the browser style, layout, paint and a
 * compositor commit whatever its size (~7 ms on a 2-core machine), and text appearing 20 times a
 * second reads as smooth: at a typical 50–100 tokens/s that is 2–5 tokens per update (measured
 * in `npm run bench -- render`). Main coalesces deltas to this pace (fewer IPC messages) and the
 * renderer flushes them to its store at the same pace (fewer renders); both send the first text
 * of a burst at once, so the first glyph is never delayed.
 */
export const STREAM_FRAME_MS = 50
