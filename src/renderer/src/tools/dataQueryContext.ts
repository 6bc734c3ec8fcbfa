/**
 * The data files of the conversation a message belongs to, as the results table ("Save as CSV")
 * and charts with a "query" reach them. The app wraps each message in
 * `<DataQueryContext.Provider value={dataQueryApiFor(conversationId)}>`; where there is no
 * provider the value is undefined: no Save button, and a query chart says it needs its files.
 */
import type { Context } from 'react'
import type { DataQueryResult } from '../../../shared/files/schemas'
import { requirePageApi } from '../api'
import { ChartDataContext } from '../markdown/MarkdownView'

export interface DataQueryApi {
  /** Read-only SQL over the conversation's data files: the first rows of its result. */
  query(sql: string): Promise<DataQueryResult>
  /** The whole result of `sql` as CSV text, and how many rows it has. */
  exportCsv(sql: string): Promise<{ csv: string; rows: number }>
}

/**
 * The markdown module's own context, typed here with the full API: MarkdownView reads it without
 * importing app code, and every value is provided through this name, so it is always a
 * DataQueryApi.
 */
export const DataQueryContext = ChartDataContext as unknown as Context<DataQueryApi | undefined>

const MAX_KEPT_APIS = 100
const apis = new Map<string, DataQueryApi>()

/**
 * The API of one conversation's data. The same object for the same conversation: a provider's
 * value that stays equal re-renders no consumer, and query charts keep their results per object.
 */
export function dataQueryApiFor(conversationId: string): DataQueryApi {
  const kept = apis.get(conversationId)
  if (kept) return kept
  const made: DataQueryApi = {
    query: (sql) => requirePageApi().data.query({ conversationId, sql }),
    exportCsv: (sql) => requirePageApi().data.exportCsv({ conversationId, sql })
  }
  apis.set(conversationId, made)
  if (apis.size > MAX_KEPT_APIS) apis.delete(apis.keys().next().value as string)
  return made
}
