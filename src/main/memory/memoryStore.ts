/**
 * Saved memories in the conversation database (table `memories`, schema 7). Small by nature (a
 * few hundred facts at the most), so lists are read whole and ranked in JS (memoryPrompt.ts).
 */
import { randomUUID } from 'node:crypto'
import type { Client, Row } from '@libsql/client'
import type { MemoryItem } from '../../shared/memory/schemas'

export interface MemoryStore {
  /** Every memory of these scopes (all when absent), newest change first. */
  list(scopes?: readonly string[]): Promise<MemoryItem[]>
  get(id: string): Promise<MemoryItem | undefined>
  add(input: { text: string; scope: string; source: MemoryItem['source']; conversationId?: string }): Promise<MemoryItem>
  /** Undefined when it no longer exists. */
  update(id: string, text: string): Promise<MemoryItem | undefined>
  remove(id: string): Promise<MemoryItem | undefined>
  /** Puts back a memory removed before (Undo of "forget"), with its id and dates. */
  restore(item: MemoryItem): Promise<void>
  /** Deletes every memory (of these scopes when given); how many. */
  clear(scopes?: readonly string[]): Promise<number>
}

const COLUMNS = 'id, text, scope, source, conversation_id, created_at, updated_at'

function toItem(row: Row): MemoryItem {
  return {
    id: String(row.id),
    text: String(row.text),
    scope: String(row.scope),
    source: String(row.source) === 'user' ? 'user' : 'model',
    ...(row.conversation_id !== null ? { conversationId: String(row.conversation_id) } : {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at)
  }
}

export function createMemoryStore(client: Client, opts: { now?: () => number; newId?: () => string } = {}): MemoryStore {
  const now = opts.now ?? Date.now
  const newId = opts.newId ?? (() => `m_${randomUUID().replace(/-/g, '').slice(0, 12)}`)
  const get = async (id: string): Promise<MemoryItem | undefined> => {
    const result = await client.execute({ sql: `SELECT ${COLUMNS} FROM memories WHERE id = ?`, args: [id] })
    return result.rows[0] ? toItem(result.rows[0]) : undefined
  }
  return {
    async list(scopes) {
      const result = scopes
        ? await client.execute({
            sql: `SELECT ${COLUMNS} FROM memories WHERE scope IN (SELECT value FROM json_each(?)) ORDER BY updated_at DESC, rowid DESC`,
            args: [JSON.stringify(scopes)]
          })
        : await client.execute(`SELECT ${COLUMNS} FROM memories ORDER BY updated_at DESC, rowid DESC`)
      return result.rows.map(toItem)
    },
    get,
    async add(input) {
      const at = now()
      const item: MemoryItem = { id: newId(), text: input.text, scope: input.scope, source: input.source, ...(input.conversationId ? { conversationId: input.conversationId } : {}), createdAt: at, updatedAt: at }
      await client.execute({
        sql: `INSERT INTO memories (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        args: [item.id, item.text, item.scope, item.source, item.conversationId ?? null, item.createdAt, item.updatedAt]
      })
      return item
    },
    async update(id, text) {
      const result = await client.execute({ sql: 'UPDATE memories SET text = ?, updated_at = ? WHERE id = ?', args: [text, now(), id] })
      return result.rowsAffected ? get(id) : undefined
    },
    async remove(id) {
      const item = await get(id)
      if (item) await client.execute({ sql: 'DELETE FROM memories WHERE id = ?', args: [id] })
      return item
    },
    async restore(item) {
      await client.execute({
        sql: `INSERT OR REPLACE INTO memories (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        args: [item.id, item.text, item.scope, item.source, item.conversationId ?? null, item.createdAt, item.updatedAt]
      })
    },
    async clear(scopes) {
      const result = scopes
        ? await client.execute({ sql: 'DELETE FROM memories WHERE scope IN (SELECT value FROM json_each(?))', args: [JSON.stringify(scopes)] })
        : await client.execute('DELETE FROM memories')
      return result.rowsAffected
    }
  }
}
