/**
 * The DuckDB sessions of attached data files, in the data worker (data/dataWorker.ts): one per
 * set of files in use — a conversation's data files, in the order they were attached — so a
 * question can join two files. A file read when it is attached loads into a session of its own,
 * which is the session of every conversation that has only that file (the common case: nothing
 * loads twice). The MAX_DATA_SESSIONS most recently used stay open; others load again from the
 * stored files when asked. A session whose worker died is opened again on its next use.
 */
import { MAX_DATA_SESSIONS } from './config'
import type { DataWorker } from './data/dataWorker'
import type { DataFileKind, DataSession, LoadedTable } from './data/dataSession'

export interface DataFileRef {
  /** The attachment id. */
  id: string
  /** The stored original. */
  path: string
  name: string
  kind: DataFileKind
}

export interface OpenDataSession {
  session: DataSession
  /** The tables of every file, in file order. */
  tables: LoadedTable[]
}

export interface DataSessions {
  /** The session holding exactly these files, loading them on first use. Throws DataError. */
  sessionFor(files: readonly DataFileRef[]): Promise<OpenDataSession>
  /** Closes every session (shutdown). */
  close(): Promise<void>
}

const keyOf = (files: readonly DataFileRef[]): string => files.map((f) => f.id).join('|')

export function createDataSessions(opts: { worker: () => DataWorker; maxSessions?: number }): DataSessions {
  const max = opts.maxSessions ?? MAX_DATA_SESSIONS
  /** Most recently used last. A session still loading is a promise, so a second ask waits for it. */
  const open = new Map<string, Promise<OpenDataSession>>()

  const closeEntry = (entry: Promise<OpenDataSession>): void => {
    void entry.then((s) => s.session.close()).catch(() => undefined)
  }

  const load = async (files: readonly DataFileRef[]): Promise<OpenDataSession> => {
    const session = await opts.worker().openSession()
    try {
      const tables: LoadedTable[] = []
      for (const file of files) tables.push(...(await session.load({ path: file.path, name: file.name, kind: file.kind })))
      return { session, tables }
    } catch (error) {
      session.close()
      throw error
    }
  }

  return {
    async sessionFor(files) {
      const key = keyOf(files)
      const cached = open.get(key)
      if (cached) {
        open.delete(key)
        open.set(key, cached)
        const found = await cached.catch(() => undefined)
        // tables() is empty once the worker died: the tables are gone, load them again.
        if (found && (found.tables.length === 0 || found.session.tables().length > 0)) return found
        if (open.get(key) === cached) open.delete(key)
      }
      const loading = load(files)
      open.set(key, loading)
      loading.catch(() => {
        if (open.get(key) === loading) open.delete(key)
      })
      while (open.size > max) {
        const [oldest, entry] = open.entries().next().value as [string, Promise<OpenDataSession>]
        open.delete(oldest)
        closeEntry(entry)
      }
      return loading
    },

    async close() {
      for (const entry of open.values()) closeEntry(entry)
      open.clear()
    }
  }
}
