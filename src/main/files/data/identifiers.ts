/**
 * SQL names for what the user attached. A file name is the user's (or whoever sent them the
 * file) — "x; DROP TABLE y.csv", quotes, Chinese — so the table name is rebuilt from its letters
 * and digits only, never pasted: the model can type it unquoted, and every statement the engine
 * builds quotes it anyway. Column names come from headers and are only ever quoted.
 */
import { TABLE_NAME_MAX_CHARS } from './config'

/** `"name"` with inner quotes doubled: any string becomes one identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** `'text'` with inner quotes doubled (file paths in read_csv(…) and friends). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/**
 * A name the model can write bare: letters (any script: DuckDB's scanner takes every non-ASCII
 * byte as an identifier character), digits, underscores, not starting with a digit. ASCII
 * capitals would be folded to lower case, so the names made here have none.
 */
export function isPlainIdent(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !/[A-Z]/.test(name)
}

/**
 * The table name for a file (and sheet): its base name without the extension, runs of anything
 * but letters and digits as one `_`, lower case (DuckDB folds unquoted names anyway), a `t_`
 * prefix when it would start with a digit or be a keyword, `data` when nothing is left, and
 * `_2`, `_3`… until it is not `taken` (compared case-insensitively, as DuckDB does).
 */
export function tableNameFor(fileName: string, taken: ReadonlySet<string>, keywords: ReadonlySet<string>, sheet?: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  const stem = base.includes('.') && !base.startsWith('.') ? base.slice(0, base.lastIndexOf('.')) : base
  const words = (sheet === undefined ? stem : `${stem} ${sheet}`)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
  let name = [...words].slice(0, TABLE_NAME_MAX_CHARS).join('').replace(/_+$/, '') || 'data'
  if (!isPlainIdent(name) || keywords.has(name)) name = `t_${name}`
  const lowerTaken = new Set([...taken].map((t) => t.toLowerCase()))
  if (!lowerTaken.has(name)) return name
  for (let n = 2; ; n++) if (!lowerTaken.has(`${name}_${n}`)) return `${name}_${n}`
}
