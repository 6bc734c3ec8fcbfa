/**
 * Citation numbers across one answer. Each search numbers its results from 1; an answer that
 * searched twice would then have two [1]s. The loop shifts a later step's numbers past the
 * sources of the earlier steps, so every [n] in the answer names one source, and the renderer's
 * Sources list (all steps' sources in order) matches.
 */
import type { ContentPart, ToolStepPart } from '../../shared/domain'

/** Sources already cited by the answer's earlier steps. */
export function sourcesBefore(parts: readonly ContentPart[]): number {
  return parts.reduce((n, p) => n + (p.type === 'tool' && p.status === 'done' ? (p.sources?.length ?? 0) : 0), 0)
}

/** The step with its result's leading `[n]` markers shifted by `offset`. */
export function shiftCitations(step: ToolStepPart, offset: number): ToolStepPart {
  if (!offset || !step.sources?.length || !step.result) return step
  return { ...step, result: step.result.replace(/^\[(\d+)\]/gm, (_m, n: string) => `[${Number(n) + offset}]`) }
}
