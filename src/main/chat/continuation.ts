/**
 * Continuing an answer the output limit cut: the model is asked to go on, and what it sends is
 * joined to the cut answer so the seam shows nothing. Models often restart a few words early
 * (repeating what was already there) and, when the cut fell inside a code block, open a new
 * fence; both are dropped. The beginning of the continuation is held until there is enough of it
 * to judge (SEAM_HOLD_CHARS, or the end of the stream). Pure.
 */

/** Enough of the continuation to recognise a restart of the last sentence or line. */
export const SEAM_HOLD_CHARS = 160
/** A repeat shorter than this is a coincidence (a space, a word), not a restart. */
const MIN_REPEAT_CHARS = 8
/** How far back a restart may reach into the cut answer. */
const MAX_REPEAT_CHARS = 400

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/gm

/** Whether `text` ends inside an open fenced code block. */
export function endsInsideFence(text: string): boolean {
  let open: string | null = null
  for (const m of text.matchAll(FENCE_LINE)) {
    const fence = m[1]
    if (open === null) open = fence
    else if (fence[0] === open[0] && fence.length >= open.length) open = null
  }
  return open !== null
}

export class SeamJoiner {
  private held = ''
  private decided = false

  /** `before`: the cut answer the continuation is joined to. */
  constructor(private readonly before: string) {}

  /** A delta of the continuation → the text to append now (possibly empty while held). */
  push(delta: string): string {
    if (this.decided) return delta
    this.held += delta
    return this.held.length >= SEAM_HOLD_CHARS ? this.decide() : ''
  }

  /** The stream ended: whatever is still held, joined. */
  end(): string {
    return this.decided ? '' : this.decide()
  }

  private decide(): string {
    this.decided = true
    let next = this.held
    this.held = ''
    // A new fence opener while the cut answer is inside a code block would close it instead.
    if (endsInsideFence(this.before)) next = next.replace(/^\s*(`{3,}|~{3,})[^\n`]*\n/, '')
    return next.slice(repeatLength(this.before, next))
  }
}

/** Length of the longest start of `next` that the end of `before` already says (≥ MIN_REPEAT_CHARS). */
function repeatLength(before: string, next: string): number {
  const max = Math.min(MAX_REPEAT_CHARS, before.length, next.length)
  for (let k = max; k >= MIN_REPEAT_CHARS; k--) {
    if (before.endsWith(next.slice(0, k))) return k
  }
  return 0
}

