/**
 * Batches streamed text so that hundreds of deltas per second cause one state update per frame.
 * Pure: the scheduler is injected (requestAnimationFrame in the app, a manual one in tests).
 */

/** Runs `cb` once, soon (next animation frame); returns nothing useful. */
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
 * A frame scheduler that still fires when the window is hidden (animation frames pause there):
 * whichever of the frame or a short timer comes first runs the callback, once.
 */
export function frameScheduler(raf: (cb: () => void) => unknown, timeoutMs = 100): Scheduler {
  return (cb) => {
    let ran = false
    const run = (): void => {
      if (ran) return
      ran = true
      cb()
    }
    raf(run)
    setTimeout(run, timeoutMs)
  }
}
