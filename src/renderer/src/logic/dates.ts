/**
 * Sidebar grouping of conversations by their last activity, like the ChatGPT app: Today,
 * Yesterday, Previous 7 days, Previous 30 days, then each month of this year, then each year (a
 * long history is not one "Older" heap of thousands).
 */

export type RecentGroup = 'today' | 'yesterday' | 'previous7' | 'previous30'
/** A recent group, `month:2026-03` (this year, before the last 30 days) or `year:2024`. */
export type DateGroup = RecentGroup | `month:${string}` | `year:${string}`

const DAY = 86_400_000
const RECENT: readonly RecentGroup[] = ['today', 'yesterday', 'previous7', 'previous30']

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
  const date = new Date(updatedAt)
  if (date.getFullYear() === new Date(now).getFullYear()) return `month:${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`
  return `year:${date.getFullYear()}`
}

export function isRecentGroup(group: DateGroup): group is RecentGroup {
  return (RECENT as readonly string[]).includes(group)
}

/** A month or year group's name in the UI's language ("March", "三月", "2024"). */
export function calendarGroupLabel(group: `month:${string}` | `year:${string}`, language: string): string {
  if (group.startsWith('year:')) return group.slice(5)
  const [year, month] = group.slice(6).split('-').map(Number)
  return new Date(year, month - 1, 1).toLocaleDateString(language, { month: 'long' })
}

/** Most recent first, grouped, groups in order; empty groups left out. */
export function groupByDate<T extends { updatedAt: number }>(items: readonly T[], now: number): Array<{ group: DateGroup; items: T[] }> {
  const sorted = [...items].sort((a, b) => b.updatedAt - a.updatedAt)
  const groups: Array<{ group: DateGroup; items: T[] }> = []
  for (const item of sorted) {
    const group = dateGroup(item.updatedAt, now)
    const last = groups[groups.length - 1]
    // Sorted by time, so a group's items are together and groups come in order.
    if (last?.group === group) last.items.push(item)
    else groups.push({ group, items: [item] })
  }
  return groups
}
