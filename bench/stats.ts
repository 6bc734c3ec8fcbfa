/** Statistics the benches share. */

/**
 * Nearest-rank percentile (the ⌈p·n⌉-th smallest). Not ⌊p·n⌋: over the ~20 one-second windows
 * of a stream that index is the maximum at 20 windows and the second largest at 21, so the p95
 * flipped between the two with a few ms of wall time. Empty: 0.
 */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
}
