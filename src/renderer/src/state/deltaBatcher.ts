/**
 * Batches streamed text so that hundreds of deltas per second cause one state update per stream
 * frame. Pure: the scheduler is injected (pacedScheduler in the app, a manual one in tests).
 */
import { STREAM_FRAME_MS } from '../../../shared/streamPace'

/** Runs `cb` once, now or soon (see pacedScheduler); returns nothing useful. */
export type Scheduler = (cb: () => void) => void

export class DeltaBatcher {
  private pending = new Map<string, string[]>()
  private scheduled = false

  constructor(
    private readonly schedule: Scheduler,
    /** Receives, per message id, the text that arrived since the last flush (in order). */
    private readonly onFlush: (chunks: Map<string, string>) => void
  ) {}

  push(messageId: string, text: string): void {
    if (!text) return
    const list = this.pending.get(messageId)
    if (list) list.push(text)
    else this.pending.set(messageId, [text])
    if (!this.scheduled) {
      this.scheduled = true
      this.schedule(() => {
        this.scheduled = false
        this.flush()
      })
    }
  }

  /** Delivers everything pending now (before a 'done', 'fallback' or 'started' is applied). */
  flush(): void {
    if (this.pending.size === 0) return
    const chunks = new Map<string, string>()
    for (const [id, parts] of this.pending) chunks.set(id, parts.join(''))
    this.pending.clear()
    this.onFlush(chunks)
  }

  hasPending(): boolean {
    return this.pending.size > 0
  }
}

/**
 * Main already coalesces deltas to STREAM_FRAME_MS; the renderer's floor sits a little under it,
 * so delivery jitter doesn't turn a message into a timer wait (one more task), while a burst
 * (several streams at once, a backlog after a busy moment) still makes one render per interval.
 */
export const RENDER_FLOOR_MS = Math.round(STREAM_FRAME_MS * 0.75)

/**
 * Paces flushes: the first push after a quiet interval flushes at once, in the event that brought
 * it (the first glyph waits for nothing), later ones at most once per interval. A timer rather
 * than an animation frame: frames pause in a hidden window, and a flush per frame would render
 * twice as often as anyone reads.
 */
export function pacedScheduler(
  intervalMs = RENDER_FLOOR_MS,
  clock: { now: () => number; setTimeout: (cb: () => void, ms: number) => unknown } = { now: () => performance.now(), setTimeout: (cb, ms) => setTimeout(cb, ms) }
): Scheduler {
  let lastRun = -Infinity
  return (cb) => {
    const run = (): void => {
      lastRun = clock.now()
      cb()
    }
    const wait = lastRun + intervalMs - clock.now()
    if (wait <= 0) run()
    else clock.setTimeout(run, wait)
  }
}
