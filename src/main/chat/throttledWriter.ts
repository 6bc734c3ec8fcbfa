/**
 * Writes the latest value at most once per interval, in order, never two writes at once.
 * Used to persist partial answers while they stream: a crash loses at most `intervalMs` of text,
 * and a 1,000 tokens/s stream costs a handful of writes per second instead of one per token.
 */
export class ThrottledWriter<T> {
  private latest: { value: T } | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private inFlight: Promise<void> = Promise.resolve()

  constructor(
    private readonly write: (value: T) => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void = () => {}
  ) {}

  /** Remembers `value`; it is written when the current interval ends. */
  schedule(value: T): void {
    this.latest = { value }
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.drain()
    }, this.intervalMs)
  }

  /** Writes whatever is pending now and waits for every write to land. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    await this.drain()
  }

  /** Drops anything pending (the caller writes a final state itself). */
  async cancel(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.latest = undefined
    await this.inFlight
  }

  private drain(): Promise<void> {
    const pending = this.latest
    this.latest = undefined
    if (pending) {
      this.inFlight = this.inFlight.then(() => this.write(pending.value)).then(
        () => undefined,
        (error) => this.onError(error)
      )
    }
    return this.inFlight
  }
}
