/**
 * "Did the picture change enough?" for shared frames: compares two RGBA thumbnails of the same
 * size by luma, pixel by pixel. Pure (no DOM); unit-tested in tests/unit/voiceShare.test.ts.
 */

/** Share (0–1) of pixels whose luma moved by more than `pixelDelta` between `a` and `b`. */
export function changedShare(a: Uint8ClampedArray, b: Uint8ClampedArray, pixelDelta: number): number {
  if (a.length !== b.length || a.length === 0) return 1
  let changed = 0
  const pixels = a.length / 4
  for (let i = 0; i < a.length; i += 4) {
    // Rec. 601 luma in integers (×1000): cheap, and enough to tell a change from noise.
    const la = a[i] * 299 + a[i + 1] * 587 + a[i + 2] * 114
    const lb = b[i] * 299 + b[i + 1] * 587 + b[i + 2] * 114
    if (Math.abs(la - lb) > pixelDelta * 1000) changed++
  }
  return changed / pixels
}

export interface SendPlan {
  /** Send the current frame now. */
  now: boolean
  /** Otherwise, look again at this time (ms) — the end of the cooldown after the last send. */
  retryAt?: number
}

/**
 * Whether a changed frame goes now or after the cooldown: at most one frame per `minIntervalMs`,
 * and a change inside the cooldown is sent when it ends (the last picture is never left unsent).
 */
export function planSend(changed: boolean, now: number, lastSentAt: number | undefined, minIntervalMs: number): SendPlan {
  if (!changed) return { now: false }
  if (lastSentAt === undefined || now - lastSentAt >= minIntervalMs) return { now: true }
  return { now: false, retryAt: lastSentAt + minIntervalMs }
}
