/**
 * Show-latency figures: hotkey → first frame of the companion. Main keeps the trigger time and
 * when show() returned (its own monotonic clock); the renderer reports how long it took from the
 * onShown event to its first painted frame (its clock, a duration). The total is measured on
 * main's clock alone, from the trigger to the arrival of the renderer's report, so two processes'
 * clocks are never compared; it slightly overstates (by the report's own IPC hop, well under a
 * millisecond locally). Pure.
 */
import { SHOW_LATENCY_TARGET_MS, type CompanionDiagnostics, type CompanionShowSource, type ShowSample, type ShortcutStatus } from '../../shared/companion/schemas'

export { SHOW_LATENCY_TARGET_MS }
const KEEP = 20

interface Pending {
  showId: number
  source: CompanionShowSource
  at: number
  triggeredAt: number
  shownAt: number | null
}

export class ShowLatencyLog {
  private readonly pending = new Map<number, Pending>()
  private readonly samples: ShowSample[] = []

  /** The trigger (hotkey press) of show `showId`: monotonic `triggeredAt`, wall-clock `at`. */
  triggered(showId: number, source: CompanionShowSource, triggeredAt: number, at: number): void {
    this.pending.set(showId, { showId, source, at, triggeredAt, shownAt: null })
    // A renderer that never reported (crashed, reloading) must not leak entries.
    if (this.pending.size > KEEP) this.pending.delete(this.pending.keys().next().value as number)
  }

  /** window.show() returned. */
  shown(showId: number, now: number): void {
    const p = this.pending.get(showId)
    if (p) p.shownAt = now
  }

  /** The renderer's report arrived; returns the finished sample (undefined for an unknown show). */
  reported(showId: number, rendererMs: number, now: number): ShowSample | undefined {
    const p = this.pending.get(showId)
    if (!p) return undefined
    this.pending.delete(showId)
    const sample: ShowSample = {
      showId,
      source: p.source,
      at: p.at,
      mainMs: round(Math.max(0, (p.shownAt ?? now) - p.triggeredAt)),
      rendererMs: round(rendererMs),
      totalMs: round(Math.max(0, now - p.triggeredAt))
    }
    this.samples.unshift(sample)
    this.samples.length = Math.min(this.samples.length, KEEP)
    return sample
  }

  snapshot(shortcut: ShortcutStatus): CompanionDiagnostics {
    const totals = this.samples.map((s) => s.totalMs)
    return {
      shortcut,
      samples: this.samples.map((s) => ({ ...s })),
      summary: {
        count: totals.length,
        lastMs: totals[0] ?? null,
        medianMs: percentile(totals, 50),
        p95Ms: percentile(totals, 95),
        targetMs: SHOW_LATENCY_TARGET_MS
      }
    }
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10

/** Nearest-rank percentile; null for no data. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** One line for the terminal running the app (docs/VERIFICATION.md says where to read it). */
export function formatSample(s: ShowSample): string {
  return (
    `[companion] show #${s.showId} (${s.source}): ${s.totalMs} ms hotkey → first frame ` +
    `(main ${s.mainMs} ms, renderer ${s.rendererMs} ms; target ${SHOW_LATENCY_TARGET_MS} ms)`
  )
}
