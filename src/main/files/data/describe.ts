/**
 * The loaded tables as text for the system prompt: enough for the model to write correct SQL on
 * the first try (exact names, types, how the values look), bounded so twenty wide sheets cannot
 * crowd out the conversation. Per table: its name, where it came from, its row count, every
 * column with its type, and DESCRIBE_SAMPLE_ROWS sample rows with long values cut. Past the
 * budget, sample rows go first, then columns ("… and 40 more columns"), then whole tables.
 */
import { DESCRIBE_MAX_CHARS, DESCRIBE_SAMPLE_ROWS, DESCRIBE_VALUE_CHARS } from './config'
import type { LoadedTable } from './dataSession'
import { isPlainIdent, quoteIdent } from './identifiers'

export function describeForModel(tables: readonly LoadedTable[], maxChars = DESCRIBE_MAX_CHARS): string {
  if (tables.length === 0) return 'No data files are loaded.'
  const header = `Tables you can query with query_data (DuckDB SQL, one SELECT at a time; column names are quoted as they must be written):`
  const full = tables.map((t) => describeTable(t, true, Infinity))
  const lean = tables.map((t) => describeTable(t, false, Infinity))
  const parts: string[] = []
  let used = header.length
  for (let i = 0; i < tables.length; i++) {
    const left = maxChars - used - 60 // room for the "more tables" line
    const candidates = [full[i], lean[i], describeTable(tables[i], false, Math.max(0, left - 8))]
    const fit = candidates.find((text) => text.length + 2 <= left)
    if (!fit) {
      parts.push(`… and ${tables.length - i} more table${tables.length - i === 1 ? '' : 's'}: ${tables.slice(i).map((t) => name(t.table)).join(', ')}`.slice(0, Math.max(0, maxChars - used - 2)))
      break
    }
    parts.push(fit)
    used += fit.length + 2
  }
  return [header, ...parts].join('\n\n')
}

function describeTable(table: LoadedTable, withSamples: boolean, budget: number): string {
  const source = table.sheet === undefined ? table.file : `${table.file}, sheet "${table.sheet}"`
  const lines = [`${name(table.table)} — from ${source}; ${table.rowCount} row${table.rowCount === 1 ? '' : 's'}`]
  // Columns always quoted: a header may be a keyword ("group", "order") the model cannot write bare.
  const columns = table.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`)
  let columnLine = `  columns: ${columns.join(', ')}`
  if (columnLine.length + lines[0].length > budget) {
    let shown = columns.length
    while (shown > 0 && `  columns: ${columns.slice(0, shown).join(', ')} … and ${columns.length - shown} more columns`.length + lines[0].length > budget) shown--
    columnLine = `  columns: ${columns.slice(0, shown).join(', ')} … and ${columns.length - shown} more columns`
  }
  lines.push(columnLine)
  if (table.rejectedLines) lines.push(`  (${table.rejectedLines} malformed line${table.rejectedLines === 1 ? ' was' : 's were'} skipped when loading)`)
  if (withSamples)
    for (const row of table.sampleRows.slice(0, DESCRIBE_SAMPLE_ROWS)) lines.push(`  sample: ${row.map(sampleValue).join(' | ')}`)
  return lines.join('\n')
}

/** A table or column name as the model must write it. */
function name(text: string): string {
  return isPlainIdent(text) ? text : quoteIdent(text)
}

function sampleValue(value: unknown): string {
  const text = value === null ? 'NULL' : typeof value === 'string' ? value : JSON.stringify(value)
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > DESCRIBE_VALUE_CHARS ? `${oneLine.slice(0, DESCRIBE_VALUE_CHARS - 1)}…` : oneLine
}
