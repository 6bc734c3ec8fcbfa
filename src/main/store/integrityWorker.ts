/**
 * Worker thread: SQLite's quick_check of the history, off the main process's thread. libsql runs
 * a statement on the calling thread, and a quick_check reads the whole file (9 s for 1.2 GB
 * measured here), so on main it would freeze every window. Its own connection, which never
 * writes (query_only), and WAL lets the app go on writing while it reads.
 */
import { createClient } from '@libsql/client'
import { parentPort, workerData } from 'node:worker_threads'

export interface IntegrityWorkerResult {
  ok: boolean
  /** SQLite's first lines when it is not ok, or the error that stopped the check. */
  problems: string[]
  /** The check could not run (locked, I/O): no verdict. */
  failed?: boolean
}

async function check(file: string): Promise<IntegrityWorkerResult> {
  // @libsql/client takes no `mode=ro`; query_only refuses any write on this connection instead.
  const client = createClient({ url: `file:${file}` })
  try {
    await client.execute('PRAGMA query_only = 1')
    const result = await client.execute('PRAGMA quick_check(20)')
    const lines = result.rows.map((row) => String(row[0]))
    return { ok: lines.length === 1 && lines[0] === 'ok', problems: lines[0] === 'ok' ? [] : lines }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const message = error instanceof Error ? error.message : String(error)
    // Damage SQLite reports as an error rather than lines is a verdict too.
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return { ok: false, problems: [message] }
    return { ok: false, failed: true, problems: [message] }
  } finally {
    client.close()
  }
}

void check(String(workerData)).then((result) => parentPort?.postMessage(result))
