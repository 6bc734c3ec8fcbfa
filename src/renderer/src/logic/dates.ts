/** Sidebar grouping of conversations by their last activity, like the ChatGPT app. */

export type DateGroup = 'today' | 'yesterday' | 'previous7' | 'previous30' | 'older'

const DAY = 86_400_000

function startOfDay(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

export function dateGroup(updatedAt: number, now: number): DateGroup {
  const today = startOfDay(now)
  if (updatedAt >= today) return 'today'
  if (updatedAt >= today - DAY) return 'yesterday'
  if (updatedAt >= today - 7 * DAY) return 'previous7'
  if (updatedAt >= today - 30 * DAY) return 'previous30'
  return 'older'
}

/** Most recent first, grouped, groups in order; empty groups left out. */
export function groupByDate<T extends { updatedAt: number }>(
  items: readonly T[],
  now: number
): Array<{ group: DateGroup; items: T[] }> {
  const order: DateGroup[] = ['today', 'yesterday', 'previous7', 'previous30', 'older']
  const sorted = [...items].sort((a, b) => b.updatedAt - a.updatedAt)
  const map = new Map<DateGroup, T[]>()
  for (const item of sorted) {
    const g = dateGroup(item.updatedAt, now)
    const list = map.get(g)
    if (list) list.push(item)
    else map.set(g, [item])
  }
  return order.filter((g) => map.has(g)).map((g) => ({ group: g, items: map.get(g)! }))
}
