/**
 * Assistants in the conversation database (table `assistants`, schema 8): each row the
 * assistant's JSON, checked against the shared schema when read (a row an older or newer
 * version wrote that no longer fits is skipped, never shown half-valid) and when written.
 */
import { randomUUID } from 'node:crypto'
import type { Client } from '@libsql/client'
import { Assistant, type AssistantDraft } from '../../shared/assistants/schemas'

export interface AssistantStore {
  list(): Promise<Assistant[]>
  get(id: string): Promise<Assistant | undefined>
  /** Creates (no id) or replaces (id) an assistant. Throws the schema's error when it does not fit. */
  put(draft: AssistantDraft & { id?: string }): Promise<Assistant>
  remove(id: string): Promise<boolean>
}

export function createAssistantStore(client: Client, opts: { now?: () => number; newId?: () => string } = {}): AssistantStore {
  const now = opts.now ?? Date.now
  const newId = opts.newId ?? randomUUID
  const parse = (json: unknown): Assistant | undefined => {
    try {
      const parsed = Assistant.safeParse(JSON.parse(String(json)))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }
  const get = async (id: string): Promise<Assistant | undefined> => {
    const result = await client.execute({ sql: 'SELECT json FROM assistants WHERE id = ?', args: [id] })
    return result.rows[0] ? parse(result.rows[0].json) : undefined
  }
  return {
    async list() {
      const result = await client.execute('SELECT json FROM assistants ORDER BY updated_at DESC')
      return result.rows.map((row) => parse(row.json)).filter((a): a is Assistant => a !== undefined)
    },
    get,
    async put(draft) {
      const existing = draft.id ? await get(draft.id) : undefined
      const at = now()
      const assistant = Assistant.parse({ ...draft, id: existing?.id ?? draft.id ?? newId(), createdAt: existing?.createdAt ?? at, updatedAt: at })
      await client.execute({
        sql: 'INSERT OR REPLACE INTO assistants (id, json, created_at, updated_at) VALUES (?, ?, ?, ?)',
        args: [assistant.id, JSON.stringify(assistant), assistant.createdAt, assistant.updatedAt]
      })
      return assistant
    },
    async remove(id) {
      const result = await client.execute({ sql: 'DELETE FROM assistants WHERE id = ?', args: [id] })
      return result.rowsAffected > 0
    }
  }
}
