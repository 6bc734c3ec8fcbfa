/**
 * The `query_data` tool: read-only DuckDB SQL over the conversation's data files. Offered only in
 * a conversation with data files (the file context registers them before each request). The SQL
 * goes through the data engine's gate (one SELECT, no COPY / ATTACH / INSTALL / file readers, a
 * 10 s limit); the model gets the first QUERY_ROW_CAP rows as a table, the user a results table
 * of the first RESULT_TABLE_ROWS under the step.
 */
import { RESULT_TABLE_ROWS, type DataQueryResult } from '../../shared/files/schemas'
import type { ToolProvider, ToolResult, ToolSpec } from '../tools/types'
import type { QueryResult } from './data/dataSession'
import { DataError } from './data/errors'
import type { DataFileRef, DataSessions } from './dataSessions'

export const QUERY_DATA_TOOL = 'query_data'

const SPEC: ToolSpec = {
  name: QUERY_DATA_TOOL,
  source: 'builtin',
  title: QUERY_DATA_TOOL,
  description:
    "Run one read-only SQL query (DuckDB dialect) over the tables loaded from the user's data files, and get the result rows. " +
    'Only SELECT (WITH, joins, GROUP BY, window functions…); nothing that writes, attaches, installs or reads other files. ' +
    'The result returns at most 200 rows (and says how many there are in all): aggregate, filter and LIMIT in SQL. ' +
    'Queries stop after 10 seconds. Table and column names are listed in the system prompt; quote them as shown.',
  parameters: {
    type: 'object',
    properties: {
      sql: { type: 'string', description: 'One DuckDB SELECT statement, e.g. SELECT region, sum(sales) AS sales FROM orders GROUP BY region ORDER BY sales DESC' }
    },
    required: ['sql']
  },
  readOnly: true
}

export interface QueryDataTool extends ToolProvider {
  /** The data files of a conversation (set before each of its requests). */
  setConversationFiles(conversationId: string, files: readonly DataFileRef[]): void
  /** Forgets a conversation (deleted). */
  forget(conversationId: string): void
}

/** A cell as the model reads it: text as is, other values as JSON, null as NULL. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? 'NULL' : typeof value === 'string' ? value : JSON.stringify(value)
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}

/** The result as the model reads it: a Markdown table and how many rows there were. */
export function resultForModel(result: QueryResult): string {
  if (result.columns.length === 0) return 'The query returned no columns.'
  const header = `| ${result.columns.map((c) => cell(c.name)).join(' | ')} |\n| ${result.columns.map(() => '---').join(' | ')} |`
  const rows = result.rows.map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n')
  const count = result.truncated
    ? `First ${result.rowCount} rows of ${result.totalRows !== undefined ? result.totalRows : 'more than a million'}. Aggregate or filter in SQL to see the rest.`
    : `${result.rowCount} row${result.rowCount === 1 ? '' : 's'}.`
  return result.rowCount === 0 ? `${header}\n\nNo rows.` : `${header}\n${rows}\n\n${count}`
}

/** The result as the results table keeps it (JSON-safe, first RESULT_TABLE_ROWS). */
export function resultTable(result: QueryResult): DataQueryResult {
  return {
    columns: result.columns,
    rows: result.rows.slice(0, RESULT_TABLE_ROWS),
    rowCount: Math.min(result.rowCount, RESULT_TABLE_ROWS),
    truncated: result.truncated || result.rowCount > RESULT_TABLE_ROWS,
    ...(result.totalRows !== undefined ? { totalRows: result.totalRows } : !result.truncated ? { totalRows: result.rowCount } : {})
  }
}

export function createQueryDataTool(sessions: DataSessions): QueryDataTool {
  const files = new Map<string, DataFileRef[]>()
  return {
    list: (scope) => (scope?.conversationId && files.get(scope.conversationId)?.length ? [SPEC] : []),
    async call(name, args, ctx): Promise<ToolResult> {
      if (name !== QUERY_DATA_TOOL) return { isError: true, content: `There is no tool named "${name}" here.` }
      const sql = typeof args.sql === 'string' ? args.sql : ''
      if (!sql.trim()) return { isError: true, content: 'Give the SQL to run in "sql".' }
      const refs = ctx.conversationId ? files.get(ctx.conversationId) : undefined
      if (!refs?.length) return { isError: true, content: 'This conversation has no data files to query.' }
      try {
        const { session } = await sessions.sessionFor(refs)
        const result = await session.query(sql)
        return { content: resultForModel(result), format: 'text', table: resultTable(result) }
      } catch (error) {
        if (error instanceof DataError) return { isError: true, content: error.message }
        throw error
      }
    },
    setConversationFiles(conversationId, list) {
      if (list.length) files.set(conversationId, [...list])
      else files.delete(conversationId)
    },
    forget: (conversationId) => void files.delete(conversationId)
  }
}
