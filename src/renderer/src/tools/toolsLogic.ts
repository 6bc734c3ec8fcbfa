/**
 * The pure parts of the tools UI: the add-server form's parsing and the tools menu's grouping
 * (unit-tested without a DOM).
 */
import type { AvailableTool } from '../../../shared/tools/schemas'

/** Splits a command line into words: spaces separate, quotes keep spaces ("a b" 'c d'). */
export function splitCommandLine(line: string): string[] {
  const words: string[] = []
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(line))) words.push(m[1] ?? m[2] ?? m[3])
  return words
}

/** KEY=value lines (env) or Key: value lines (headers) as a record; blank lines ignored. */
export function parsePairs(text: string, separator: '=' | ':'): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const at = line.indexOf(separator)
    if (at <= 0) continue
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return out
}

/** A server id from its name: lowercase letters, digits and dashes, unique among `taken`. */
export function idFromName(name: string, taken: readonly string[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24) || 'server'
  let id = base
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`.slice(0, 32)
  return id
}

/** Tools grouped by where they come from, built-ins first, in the order main lists them. */
export function groupBySource(tools: readonly AvailableTool[]): Array<{ source: string; name: string; tools: AvailableTool[] }> {
  const groups = new Map<string, { source: string; name: string; tools: AvailableTool[] }>()
  for (const tool of tools) {
    const group = groups.get(tool.source) ?? { source: tool.source, name: tool.sourceName, tools: [] }
    group.tools.push(tool)
    groups.set(tool.source, group)
  }
  return [...groups.values()].sort((a, b) => (a.source === 'builtin' ? -1 : b.source === 'builtin' ? 1 : 0))
}
