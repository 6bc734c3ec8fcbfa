/**
 * The playback jitter buffer (used inside the playback AudioWorklet): assistant audio arrives in
 * bursts over the network; playback starts once `targetSamples` are queued (or the item's audio
 * has ended), plays in order, outputs silence on underrun and waits for the target again, and
 * counts what was actually played of each item (for conversation.item.truncate).
 */

interface Chunk {
  itemId: string
  samples: Float32Array
  offset: number
}

export interface StopReport {
  itemId: string | null
  /** ms of that item actually played (at the output rate). */
  playedMs: number
}

export class JitterBuffer {
  private chunks: Chunk[] = []
  private queued = 0
  private playing = false
  private readonly played = new Map<string, number>()
  private readonly ended = new Set<string>()
  private current: string | null = null
  /** Samples output since creation (audio clock of the player). */
  clock = 0

  constructor(
    readonly sampleRate: number,
    readonly targetSamples: number
  ) {}

  get queuedSamples(): number {
    return this.queued
  }

  get isPlaying(): boolean {
    return this.playing
  }

  get currentItem(): string | null {
    return this.current
  }

  push(itemId: string, samples: Float32Array): void {
    if (samples.length === 0) return
    this.chunks.push({ itemId, samples, offset: 0 })
    this.queued += samples.length
  }

  /** No more audio for this item: start even below the target. */
  end(itemId: string): void {
    this.ended.add(itemId)
  }

  /** Fills `out` with the next samples (silence where there are none). Returns the samples of audio written. */
  pull(out: Float32Array): number {
    const lastItem = this.chunks.length ? this.chunks[this.chunks.length - 1].itemId : null
    if (!this.playing && this.queued > 0 && (this.queued >= this.targetSamples || (lastItem !== null && this.ended.has(lastItem)))) {
      this.playing = true
    }
    let written = 0
    if (this.playing) {
      while (written < out.length && this.chunks.length) {
        const chunk = this.chunks[0]
        const take = Math.min(out.length - written, chunk.samples.length - chunk.offset)
        out.set(chunk.samples.subarray(chunk.offset, chunk.offset + take), written)
        chunk.offset += take
        written += take
        this.queued -= take
        this.current = chunk.itemId
        this.played.set(chunk.itemId, (this.played.get(chunk.itemId) ?? 0) + take)
        if (chunk.offset >= chunk.samples.length) this.chunks.shift()
      }
      if (this.chunks.length === 0) this.playing = false
    }
    out.fill(0, written)
    this.clock += out.length
    return written
  }

  playedMs(itemId: string): number {
    return ((this.played.get(itemId) ?? 0) * 1000) / this.sampleRate
  }

  /** Barge-in: drop everything queued at once; report what was played of the item being heard. */
  stop(): StopReport {
    const itemId = this.current ?? (this.chunks[0]?.itemId ?? null)
    this.chunks = []
    this.queued = 0
    this.playing = false
    return { itemId, playedMs: itemId ? this.playedMs(itemId) : 0 }
  }
}
