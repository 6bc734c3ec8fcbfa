/**
 * Conversations and messages in SQLite (see ./migrations for the schema), with full-text search
 * over titles and message text (see ./searchText for how CJK text is indexed).
 *
 * Search index upkeep: deletes are triggers in the schema; inserts and updates happen here, in
 * the same transaction as the row they index. An assistant answer is indexed when it stops
 * streaming, not on every partial write: re-indexing the whole text at each throttled update
 * grows with the answer (measured with a 100 KB answer written in 400 steps: 0.4 → 1.0 ms per
 * update for English, 0.9 → 14.5 ms for Chinese, on the main process). A partial answer is
 * therefore not searchable until it completes, is stopped, fails, or is recovered after a crash.
 */
import type { Client, InStatement, Row, Value } from '@libsql/client'
import { buildRetrievalQuery, deleteDocumentChunks, indexDocumentChunks, retrieveChunks, type IndexedChunk, type RetrievedChunk, type RetrieveOptions } from './documentChunks'
import { randomUUID } from 'node:crypto'
import { messageText, type Conversation, type Message, type SearchHit } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import { openDatabase } from './database'
import { buildMatchQuery, MATCH_END, MATCH_START, readableSnippet, SNIPPET_ELLIPSIS, toIndexText } from './searchText'
import type { ConversationCursor, ConversationPage, SearchPage } from '../../shared/ipc/contract'
import type { ConversationStore, ImportedConversation, MessagePatch, NewMessage, OpenedStore } from './types'
import { createSerialQueue } from '../../shared/serialQueue'

export interface ConversationStoreOptions {
  dataDir: string
  now?: () => number
  newId?: () => string
}

export async function openConversationStore(opts: ConversationStoreOptions): Promise<OpenedStore> {
  const now = opts.now ?? Date.now
  const { client, notices } = await openDatabase({ dataDir: opts.dataDir, now })
  const store = new SqliteConversationStore(client, now, opts.newId ?? randomUUID)
  return { store, notices, database: client }
}

/** Messages deleted per statement when a conversation goes (see deleteConversation). */
const DELETE_BATCH_MESSAGES = 20

/** What the user is told when a window still shows a conversation deleted meanwhile (never the id it sent). */
const CONVERSATION_GONE = 'That conversation no longer exists.'

/** The most conversations one page of the list carries. */
const MAX_PAGE = 1000
const DEFAULT_SEARCH_LIMIT = 50
/** Conversations per page of the sidebar's search: a screenful and a half. */
const SEARCH_PAGE = 30
/** Index rows read per step of a search page, and at most per page (a page may then be short). */
const SEARCH_SCAN_WINDOW = 400
const SEARCH_SCAN_BUDGET = 8000
/** A last word this long or longer is also a prefix in the sidebar's search (see searchPage). */
const PREFIX_FROM = 3
/** Searches whose pages are remembered (one is typed at a time; a few cover the ones in flight). */
const SEARCH_SESSIONS_KEPT = 16
const MAX_SEARCH_LIMIT = 500
/**
 * Passages of one conversation "Reference chat history" may draw on, so one long conversation
 * about the searched word does not crowd out the others. The sidebar's search lists each
 * conversation once (its best hit, and how many more it has).
 */
const MAX_HITS_PER_CONVERSATION = 3
/** Tokens around the match: ~25 English words, or 25 CJK characters (about as much meaning). */
const SNIPPET_TOKENS = 24

const CONVERSATION_COLUMNS = 'seq, id, title, title_is_auto, provider_id, model, context_from, tools_off, temporary, assistant_id, created_at, updated_at'
const MESSAGE_COLUMNS =
  'seq, id, conversation_id, role, parts, model, fallback, usage, status, finish, error, created_at, updated_at'

/** One row, one column: the conversation's messages as a JSON array in Message's shape (nulls for absent fields). */
const LIST_MESSAGES_AS_JSON = `SELECT json_group_array(json_object(
    'id', id, 'conversationId', conversation_id, 'role', role, 'parts', json(parts), 'model', model,
    'fallback', json(fallback), 'usage', json(usage), 'status', status, 'finish', finish, 'error', json(error),
    'createdAt', created_at, 'updatedAt', updated_at) ORDER BY seq) AS list
  FROM messages WHERE conversation_id = ?`

/** A message object from LIST_MESSAGES_AS_JSON: absent fields are null there, missing in a Message. */
function fromJsonRow(row: Record<string, unknown>): Message {
  for (const key of Object.keys(row)) if (row[key] === null) delete row[key]
  return row as unknown as Message
}

export class SqliteConversationStore implements ConversationStore {
  /** A read-modify-write (updateMessage reads the row it patches) must not interleave with another write of the same row; reads need no queue. */
  private readonly serializeWrite = createSerialQueue()
  /** searchPage's sessions: which conversations each has listed so far, the newest last. */
  private readonly searchSessions = new Map<string, Set<string>>()

  constructor(
    private readonly client: Client,
    private readonly now: () => number,
    private readonly newId: () => string
  ) {}

  async createConversation(input: { title: string; providerId?: string; model?: string; toolsOff?: string[]; temporary?: boolean; assistantId?: string }): Promise<Conversation> {
    const createdAt = this.now()
    const conversation: Conversation = {
      id: this.newId(),
      title: input.title,
      titleIsAuto: true,
      providerId: input.providerId,
      model: input.model,
      toolsOff: input.toolsOff?.length ? input.toolsOff : undefined,
      temporary: input.temporary ? true : undefined,
      assistantId: input.assistantId,
      createdAt,
      updatedAt: createdAt
    }
    await this.serializeWrite(() =>
      this.client.batch(
        [
          {
            sql: `INSERT INTO conversations (id, title, title_is_auto, provider_id, model, tools_off, temporary, assistant_id, created_at, updated_at)
                  VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
            args: [
              conversation.id,
              conversation.title,
              input.providerId ?? null,
              input.model ?? null,
              conversation.toolsOff ? JSON.stringify(conversation.toolsOff) : null,
              input.temporary ? 1 : 0,
              input.assistantId ?? null,
              conversation.createdAt,
              conversation.updatedAt
            ]
          },
          ...indexTitle(conversation.id, conversation.title)
        ],
        'write'
      )
    )
    return withoutUndefined(conversation)
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const result = await this.client.execute({ sql: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ?`, args: [id] })
    return result.rows.length > 0 ? toConversation(result.rows[0]) : undefined
  }

  async listConversations(): Promise<Conversation[]> {
    const result = await this.client.execute(
      // Temporary chats are never in the history's list (nor in search).
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE temporary = 0 ORDER BY updated_at DESC, seq DESC`
    )
    return result.rows.map(toConversation)
  }

  async listConversationPage(opts: { after?: ConversationCursor; limit: number }): Promise<ConversationPage> {
    const limit = Math.max(1, Math.min(Math.floor(opts.limit), MAX_PAGE))
    // The row value comparison walks conversations_by_recency from the cursor: a page costs the
    // same at the end of a long history as at its start (an OFFSET would read all rows before).
    const result = await this.client.execute(
      opts.after
        ? {
            sql: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE temporary = 0 AND (updated_at, seq) < (?, ?)
                  ORDER BY updated_at DESC, seq DESC LIMIT ?`,
            args: [opts.after.updatedAt, opts.after.seq, limit + 1]
          }
        : { sql: `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE temporary = 0 ORDER BY updated_at DESC, seq DESC LIMIT ?`, args: [limit + 1] }
    )
    const rows = result.rows.slice(0, limit)
    const last = rows[rows.length - 1]
    return {
      conversations: rows.map(toConversation),
      next: result.rows.length > limit && last ? { updatedAt: Number(last.updated_at), seq: Number(last.seq) } : null
    }
  }

  /**
   * One interactive write transaction for the whole import, a conversation's statements at a
   * time: all or nothing (a failure rolls every conversation back), and between conversations
   * the event loop gets through, so the windows stay responsive during a long import. Written
   * oldest first, so the order of writing (messages.seq, the order searchPage lists in) follows
   * the conversations' own time within an import.
   */
  async importConversations(items: readonly ImportedConversation[], onProgress?: (done: number) => void): Promise<void> {
    await this.serializeWrite(async () => {
      const transaction = await this.client.transaction('write')
      try {
        let done = 0
        const oldestFirst = [...items].sort((a, b) => a.conversation.updatedAt - b.conversation.updatedAt)
        for (const { conversation: c, messages } of oldestFirst) {
          await transaction.batch([
            {
              sql: `INSERT INTO conversations (id, title, title_is_auto, provider_id, model, context_from, tools_off, temporary, assistant_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
              args: [
                c.id,
                c.title,
                c.titleIsAuto ? 1 : 0,
                c.providerId ?? null,
                c.model ?? null,
                c.contextFrom ?? null,
                c.toolsOff?.length ? JSON.stringify(c.toolsOff) : null,
                c.assistantId ?? null,
                c.createdAt,
                c.updatedAt
              ]
            },
            ...indexTitle(c.id, c.title),
            ...messages.flatMap((m): InStatement[] => [
              {
                sql: `INSERT INTO messages (id, conversation_id, role, parts, model, fallback, usage, status, finish, error, created_at, updated_at)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
                args: [
                  m.id,
                  c.id,
                  m.role,
                  JSON.stringify(m.parts),
                  m.model ?? null,
                  toJson(m.fallback),
                  toJson(m.usage),
                  // Nothing imported is still being written.
                  m.status === 'streaming' ? 'stopped' : m.status,
                  m.finish ?? null,
                  toJson(m.error),
                  m.createdAt,
                  m.updatedAt
                ]
              },
              ...indexMessage(m.id, m.parts)
            ])
          ])
          onProgress?.(++done)
          await new Promise((resolve) => setImmediate(resolve))
        }
        await transaction.commit()
      } finally {
        transaction.close()
      }
    })
  }

  async takenIds(ids: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>()
    // json_each keeps the statement one parameter however many ids (SQLite caps parameters).
    for (let i = 0; i < ids.length; i += 5000) {
      const list = JSON.stringify(ids.slice(i, i + 5000))
      const result = await this.client.execute({
        sql: `SELECT id FROM conversations WHERE id IN (SELECT value FROM json_each(?1))
              UNION ALL SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?1))`,
        args: [list]
      })
      for (const row of result.rows) taken.add(String(row.id))
    }
    return taken
  }

  /**
   * An automatic rename of a title the user chose is ignored (the current conversation is
   * returned): an auto title computed while the user was renaming must not win. Renaming does
   * not bump updatedAt, so the list is not reordered by it.
   */
  async renameConversation(id: string, title: string, opts?: { auto?: boolean }): Promise<Conversation> {
    const auto = opts?.auto ?? false
    return this.serializeWrite(async () => {
      const current = await this.getConversation(id)
      if (current === undefined) throw new AppError({ code: 'not_found', detail: CONVERSATION_GONE })
      if (auto && !current.titleIsAuto) return current
      await this.client.batch(
        [
          { sql: 'UPDATE conversations SET title = ?, title_is_auto = ? WHERE id = ?', args: [title, auto ? 1 : 0, id] },
          ...indexTitle(id, title)
        ],
        'write'
      )
      return { ...current, title, titleIsAuto: auto }
    })
  }

  async setToolsOff(id: string, names: string[]): Promise<Conversation> {
    return this.serializeWrite(async () => {
      await this.client.execute({ sql: 'UPDATE conversations SET tools_off = ? WHERE id = ?', args: [names.length ? JSON.stringify(names) : null, id] })
      const current = await this.getConversation(id)
      if (current === undefined) throw new AppError({ code: 'not_found', detail: CONVERSATION_GONE })
      return current
    })
  }

  async setAssistant(id: string, assistantId: string | null): Promise<Conversation> {
    return this.serializeWrite(async () => {
      await this.client.execute({ sql: 'UPDATE conversations SET assistant_id = ? WHERE id = ?', args: [assistantId, id] })
      const current = await this.getConversation(id)
      if (current === undefined) throw new AppError({ code: 'not_found', detail: CONVERSATION_GONE })
      return current
    })
  }

  async setContextFrom(id: string, messageId: string | null): Promise<Conversation> {
    return this.serializeWrite(async () => {
      await this.client.execute({ sql: 'UPDATE conversations SET context_from = ? WHERE id = ?', args: [messageId, id] })
      const current = await this.getConversation(id)
      if (current === undefined) throw new AppError({ code: 'not_found', detail: CONVERSATION_GONE })
      return current
    })
  }

  async deleteConversation(id: string): Promise<void> {
    // Messages go with it (ON DELETE CASCADE); triggers drop both from the search index.
    await this.serializeWrite(async () => {
      // Messages first, a few at a time with the event loop let through between: removing a
      // row's terms from the search index for good (FTS5 secure-delete) costs ~0.8 ms per
      // 120-word message and libsql runs on this thread, so one DELETE of a 1,000-message
      // conversation froze main for about a second (bench/history.bench.ts). A crash midway
      // leaves the conversation with fewer messages, and deleting it again finishes the job.
      for (;;) {
        const deleted = await this.client.execute({
          sql: 'DELETE FROM messages WHERE seq IN (SELECT seq FROM messages WHERE conversation_id = ? LIMIT ?)',
          args: [id, DELETE_BATCH_MESSAGES]
        })
        if (deleted.rowsAffected === 0) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      await this.client.execute({ sql: 'DELETE FROM conversations WHERE id = ?', args: [id] })
      // secure_delete zeroes the freed pages in the database file, but the WAL still holds the
      // pages as they were until a checkpoint: copy them back and empty the WAL now, so the
      // deleted text is gone from disk when the user deletes it, not at the next quit.
      await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    })
  }

  async addMessage(input: NewMessage): Promise<Message> {
    return this.serializeWrite(async () => {
      if ((await this.getConversation(input.conversationId)) === undefined) {
        throw new AppError({ code: 'not_found', detail: CONVERSATION_GONE })
      }
      const createdAt = this.now()
      const message: Message = {
        id: this.newId(),
        conversationId: input.conversationId,
        role: input.role,
        parts: input.parts,
        model: input.model,
        status: input.status,
        createdAt,
        updatedAt: createdAt
      }
      await this.client.batch(
        [
          {
            sql: `INSERT INTO messages (id, conversation_id, role, parts, model, status, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            args: [message.id, message.conversationId, message.role, JSON.stringify(message.parts), message.model ?? null, message.status, createdAt, createdAt]
          },
          ...(message.status === 'streaming' ? [] : indexMessage(message.id, message.parts)),
          { sql: 'UPDATE conversations SET updated_at = ? WHERE id = ?', args: [createdAt, message.conversationId] }
        ],
        'write'
      )
      return withoutUndefined(message)
    })
  }

  async updateMessage(id: string, patch: MessagePatch): Promise<Message> {
    return this.serializeWrite(async () => {
      const current = await this.getMessage(id)
      if (current === undefined) throw new Error(`No message ${id}`)
      const updated = applyPatch(current, patch, this.now())
      // See the file comment: index on leaving 'streaming', and on any later change of text.
      const textChanged = patch.parts !== undefined || current.status === 'streaming'
      const reindex = updated.status !== 'streaming' && textChanged
      await this.client.batch(
        [
          {
            sql: `UPDATE messages SET parts = ?, model = ?, fallback = ?, usage = ?, status = ?, finish = ?, error = ?, updated_at = ?
                  WHERE id = ?`,
            args: [
              JSON.stringify(updated.parts),
              updated.model ?? null,
              toJson(updated.fallback),
              toJson(updated.usage),
              updated.status,
              updated.finish ?? null,
              toJson(updated.error),
              updated.updatedAt,
              id
            ]
          },
          ...(reindex ? indexMessage(id, updated.parts) : [])
        ],
        'write'
      )
      return updated
    })
  }

  async getMessage(id: string): Promise<Message | undefined> {
    const result = await this.client.execute({ sql: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, args: [id] })
    return result.rows.length > 0 ? toMessage(result.rows[0]) : undefined
  }

  /**
   * All messages of a conversation, oldest first. SQLite builds the JSON array itself and JS
   * parses one string: reading rows one by one through the driver cost ~5× more, and opening a
   * 2,000-message conversation waits for this (issue 5, `open_2000_message_conversation_ms`).
   */
  async listMessages(conversationId: string): Promise<Message[]> {
    const result = await this.client.execute({ sql: LIST_MESSAGES_AS_JSON, args: [conversationId] })
    const list = result.rows[0]?.list
    return list === null || list === undefined ? [] : (JSON.parse(String(list)) as Array<Record<string, unknown>>).map(fromJsonRow)
  }

  async deleteMessagesAfter(conversationId: string, messageId: string): Promise<void> {
    // An unknown messageId makes the subquery NULL, and `seq > NULL` deletes nothing.
    await this.serializeWrite(() =>
      this.client.execute({
        sql: `DELETE FROM messages WHERE conversation_id = ?1
              AND seq > (SELECT seq FROM messages WHERE id = ?2 AND conversation_id = ?1)`,
        args: [conversationId, messageId]
      })
    )
  }

  async attachmentIdsOf(conversationId: string): Promise<string[]> {
    const result = await this.client.execute({
      sql: `SELECT DISTINCT json_extract(part.value, '$.attachmentId') AS attachment_id
            FROM messages, json_each(messages.parts) AS part
            WHERE messages.conversation_id = ? AND json_extract(part.value, '$.type') IN ('image', 'file')
              AND json_extract(part.value, '$.attachmentId') IS NOT NULL`,
      args: [conversationId]
    })
    return result.rows.map((row) => String(row.attachment_id))
  }

  /**
   * One pass over the messages: `instr` skips, without parsing their JSON, the rows that have no
   * image part (most of them). A row whose parts are not valid JSON makes the query fail rather
   * than count as "no reference": the collector then deletes nothing.
   */
  async referencedAttachmentIds(candidateIds: readonly string[]): Promise<Set<string>> {
    if (candidateIds.length === 0) return new Set()
    const result = await this.client.execute({
      // Messages' images and files, and assistants' knowledge files.
      sql: `SELECT DISTINCT json_extract(part.value, '$.attachmentId') AS attachment_id
            FROM messages, json_each(messages.parts) AS part
            WHERE instr(messages.parts, '"attachmentId"') > 0
              AND json_extract(part.value, '$.type') IN ('image', 'file')
              AND json_extract(part.value, '$.attachmentId') IN (SELECT value FROM json_each(?1))
            UNION
            SELECT DISTINCT json_extract(file.value, '$.attachmentId')
            FROM assistants, json_each(assistants.json, '$.knowledge') AS file
            WHERE json_extract(file.value, '$.attachmentId') IN (SELECT value FROM json_each(?1))`,
      args: [JSON.stringify([...new Set(candidateIds)])]
    })
    return new Set(result.rows.map((row) => String(row.attachment_id)))
  }

  indexDocument(documentId: string, chunks: readonly IndexedChunk[]): Promise<void> {
    // Not on the write queue: it writes in batches with the event loop let through, and a
    // 2,000-page document must not hold every chat write behind it.
    return indexDocumentChunks(this.client, documentId, chunks)
  }

  async documentChunkCounts(documentIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    if (!documentIds.length) return out
    const result = await this.client.execute({
      sql: 'SELECT document_id, count(*) AS n FROM document_chunks WHERE document_id IN (SELECT value FROM json_each(?)) GROUP BY document_id',
      args: [JSON.stringify([...new Set(documentIds)])]
    })
    for (const row of result.rows) out.set(String(row.document_id), Number(row.n))
    return out
  }

  retrievePassages(opts: RetrieveOptions): Promise<RetrievedChunk[]> {
    return retrieveChunks(this.client, opts)
  }

  deleteDocuments(documentIds: readonly string[]): Promise<void> {
    return deleteDocumentChunks(this.client, documentIds)
  }

  /**
   * One hit per conversation, best first: its best-ranked match (the title or a message) with
   * `moreInConversation`, the other messages in it that match. The user picks a conversation
   * from the list; several rows under one title read as duplicates.
   */
  search(query: string, limit = DEFAULT_SEARCH_LIMIT): Promise<SearchHit[]> {
    return this.searchMatching(buildMatchQuery(query), limit, 1)
  }

  /**
   * The sidebar's search, newest first, a page at a time, at a cost that does not grow with how
   * common the words are. Ranking every match (search()) costs the whole match set: ~1.4 s for
   * "and" over 500k messages. Here FTS5 walks its doclists in rowid order and stops at the page:
   * first the conversations whose title matches (newest first: a title row's rowid is
   * -conversations.seq), then messages from the most recently written (rowid = messages.seq),
   * one hit per conversation. `moreInConversation` counts the other matches met on the way (at
   * least that many more). Which conversations a search has listed lives in `sessions`, so a
   * later page does not list them again.
   *
   * A word being typed is a prefix, and FTS5 answers a prefix by merging every matching word's
   * whole list first (112 ms for "the*" over 500k messages, against 0.7 ms for "the"). So a
   * prefix search lists the whole word's matches first ("the"), then, from the start again,
   * those of the words it begins ("there", "them"); a last word under PREFIX_FROM letters is a
   * whole word only.
   */
  async searchPage(query: string, opts: { after?: string; limit?: number } = {}): Promise<SearchPage> {
    const prefixMatch = buildMatchQuery(query, { prefixFrom: PREFIX_FROM })
    const limit = Math.max(1, Math.min(Math.floor(opts.limit ?? SEARCH_PAGE), MAX_SEARCH_LIMIT))
    if (prefixMatch === undefined) return { hits: [], next: null }
    const wholeWords = prefixMatch.endsWith('*') ? prefixMatch.slice(0, -1) : undefined
    const matchOf = (mode: 'w' | 'p'): string => (mode === 'w' && wholeWords !== undefined ? wholeWords : prefixMatch)
    const cursor = parseSearchCursor(opts.after)
    const session = cursor?.session ?? this.newId().replaceAll('-', '').slice(0, 12)
    const listed = this.searchSession(session)
    const picked: Array<{ rowId: number; mode: 'w' | 'p'; conversationId: string; title: string; updatedAt: number; messageId?: string; more: number }> = []
    const pickedIndex = new Map<string, number>()
    let state: SearchState = cursor ?? { mode: wholeWords !== undefined ? 'w' : 'p', phase: 't', position: Number.MIN_SAFE_INTEGER }
    let done = false
    let scanned = 0

    while (!done && picked.length < limit && scanned < SEARCH_SCAN_BUDGET) {
      const match = matchOf(state.mode)
      if (state.phase === 't') {
        // Titles: bounded by the number of conversations, so one query takes what the page needs.
        const wanted = limit - picked.length
        const rows = await this.client.execute({
          sql: `SELECT rowid AS row_id FROM search_index WHERE search_index MATCH ? AND rowid < 0 AND rowid > ? ORDER BY rowid LIMIT ?`,
          args: [match, state.position, wanted + 1]
        })
        const seqs = rows.rows.map((row) => -Number(row.row_id))
        const taken = seqs.slice(0, wanted)
        const conversations = await this.client.execute({
          sql: `SELECT seq, id, title, updated_at FROM conversations WHERE temporary = 0 AND seq IN (SELECT value FROM json_each(?))`,
          args: [JSON.stringify(taken)]
        })
        const bySeq = new Map(conversations.rows.map((row) => [Number(row.seq), row]))
        for (const seq of taken) {
          const row = bySeq.get(seq)
          state = { ...state, position: -seq }
          if (row === undefined || listed.has(String(row.id)) || pickedIndex.has(String(row.id))) continue
          pickedIndex.set(String(row.id), picked.length)
          picked.push({ rowId: -seq, mode: state.mode, conversationId: String(row.id), title: String(row.title), updatedAt: Number(row.updated_at), more: 0 })
        }
        if (seqs.length <= wanted) state = { mode: state.mode, phase: 'm', position: Number.MAX_SAFE_INTEGER }
        continue
      }

      const rows = await this.client.execute({
        sql: `SELECT rowid AS row_id FROM search_index WHERE search_index MATCH ? AND rowid > 0 AND rowid < ? ORDER BY rowid DESC LIMIT ?`,
        args: [match, state.position, SEARCH_SCAN_WINDOW]
      })
      scanned += rows.rows.length
      const rowIds = rows.rows.map((row) => Number(row.row_id))
      const located = await this.client.execute({
        sql: `SELECT m.seq, m.id, m.conversation_id, c.title, c.updated_at FROM messages m
              JOIN conversations c ON c.id = m.conversation_id AND c.temporary = 0
              WHERE m.seq IN (SELECT value FROM json_each(?))`,
        args: [JSON.stringify(rowIds)]
      })
      const bySeq = new Map(located.rows.map((row) => [Number(row.seq), row]))
      let full = false
      for (const rowId of rowIds) {
        if (!full) state = { ...state, position: rowId }
        const row = bySeq.get(rowId)
        if (row === undefined) continue
        const conversationId = String(row.conversation_id)
        const index = pickedIndex.get(conversationId)
        if (index !== undefined) {
          // Another match in a conversation this page lists: "n more" (also past the page's end).
          if (picked[index].messageId !== undefined && picked[index].mode === state.mode) picked[index].more += 1
          continue
        }
        if (full || listed.has(conversationId)) continue
        pickedIndex.set(conversationId, picked.length)
        picked.push({ rowId, mode: state.mode, conversationId, title: String(row.title), updatedAt: Number(row.updated_at), messageId: String(row.id), more: 0 })
        if (picked.length === limit) full = true
      }
      if (!full && rowIds.length < SEARCH_SCAN_WINDOW) {
        // This match has no more: the words it begins next, from the start, or the end.
        if (state.mode === 'w') state = { mode: 'p', phase: 't', position: Number.MIN_SAFE_INTEGER }
        else done = true
      }
    }

    for (const hit of picked) listed.add(hit.conversationId)
    const snippetByRow = new Map<string, string>()
    for (const mode of ['w', 'p'] as const) {
      const rowIds = picked.filter((hit) => hit.mode === mode).map((hit) => hit.rowId)
      if (rowIds.length === 0) continue
      const snippets = await this.client.execute({
        // `+rowid` keeps the rowid test out of the FTS lookup (see searchMatching).
        sql: `SELECT rowid AS row_id, snippet(search_index, -1, ?2, ?3, ?4, ?5) AS snippet
              FROM search_index WHERE search_index MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?6))`,
        args: [matchOf(mode), MATCH_START, MATCH_END, SNIPPET_ELLIPSIS, SNIPPET_TOKENS, JSON.stringify(rowIds)]
      })
      for (const row of snippets.rows) snippetByRow.set(`${mode}${Number(row.row_id)}`, readableSnippet(String(row.snippet)))
    }
    const hits = picked.map((hit): SearchHit => {
      const out: SearchHit = {
        conversationId: hit.conversationId,
        conversationTitle: hit.title,
        snippet: snippetByRow.get(`${hit.mode}${hit.rowId}`) ?? '',
        updatedAt: hit.updatedAt,
        moreInConversation: hit.more
      }
      if (hit.messageId !== undefined) out.messageId = hit.messageId
      return out
    })
    return { hits, next: done ? null : `${session}.${state.mode}${state.phase}.${state.position}` }
  }

  /** The conversations a paged search has listed (the last few searches are remembered). */
  private searchSession(session: string): Set<string> {
    let listed = this.searchSessions.get(session)
    if (listed === undefined) {
      listed = new Set()
      if (this.searchSessions.size >= SEARCH_SESSIONS_KEPT) this.searchSessions.delete(this.searchSessions.keys().next().value as string)
    } else {
      this.searchSessions.delete(session)
    }
    this.searchSessions.set(session, listed)
    return listed
  }

  /**
   * Messages related to a question (any of its meaningful words, best first), for "Reference
   * chat history": an OR of its terms where search() wants them all.
   */
  async relatedMessages(question: string, opts: { excludeConversationId?: string; limit?: number } = {}): Promise<SearchHit[]> {
    const hits = await this.searchMatching(buildRetrievalQuery(question), (opts.limit ?? DEFAULT_SEARCH_LIMIT) + MAX_HITS_PER_CONVERSATION, MAX_HITS_PER_CONVERSATION)
    return hits.filter((h) => h.messageId && h.conversationId !== opts.excludeConversationId).slice(0, opts.limit ?? DEFAULT_SEARCH_LIMIT)
  }

  /** `perConversation` 1: each hit tells how many other messages of its conversation match. */
  private async searchMatching(match: string | undefined, limit: number, perConversation: number): Promise<SearchHit[]> {
    const wanted = Math.min(Math.floor(limit), MAX_SEARCH_LIMIT)
    if (match === undefined || !(wanted > 0)) return []

    // Ranking and locating first, snippets after: a snippet costs far more than a rank, and a
    // common word can match thousands of rows of which we show a few. Extra candidates make up
    // for hits dropped below as duplicates.
    const candidates = await this.client.execute({
      sql: `WITH matches AS (
              SELECT rowid AS row_id, rank AS score FROM search_index WHERE search_index MATCH ?1
            ),
            located AS (
              SELECT matches.row_id, matches.score, m.id AS message_id,
                     c.id AS conversation_id, c.title AS conversation_title, c.updated_at,
                     ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY matches.score, matches.row_id DESC) AS nth,
                     COUNT(m.id) OVER (PARTITION BY c.id) AS message_hits
              FROM matches
              LEFT JOIN messages m ON matches.row_id > 0 AND m.seq = matches.row_id
              LEFT JOIN conversations tc ON matches.row_id < 0 AND tc.seq = -matches.row_id
              JOIN conversations c ON c.id = COALESCE(m.conversation_id, tc.id) AND c.temporary = 0
            )
            SELECT row_id, message_id, conversation_id, conversation_title, updated_at, message_hits FROM located
            WHERE nth <= ?2
            ORDER BY score, updated_at DESC, row_id DESC
            LIMIT ?3`,
      args: [match, perConversation, wanted * 2]
    })
    if (candidates.rows.length === 0) return []

    // `+rowid` keeps the rowid test out of the FTS lookup: pushed into it, FTS5 re-runs the
    // whole MATCH for each rowid (25x slower for a prefix query, measured on 20k messages);
    // as a plain filter it is one MATCH pass, and snippet() runs only for the rows kept.
    const snippets = await this.client.execute({
      sql: `SELECT rowid AS row_id, snippet(search_index, -1, ?2, ?3, ?4, ?5) AS snippet
            FROM search_index WHERE search_index MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?6))`,
      args: [match, MATCH_START, MATCH_END, SNIPPET_ELLIPSIS, SNIPPET_TOKENS, JSON.stringify(candidates.rows.map((row) => Number(row.row_id)))]
    })
    const snippetByRow = new Map(snippets.rows.map((row) => [Number(row.row_id), readableSnippet(String(row.snippet))]))

    const hits: SearchHit[] = []
    const seen = new Set<string>()
    for (const row of candidates.rows) {
      const snippet = snippetByRow.get(Number(row.row_id)) ?? ''
      const conversationId = String(row.conversation_id)
      // The same text more than once in a conversation (a regenerated answer, a re-sent
      // question) is one hit: the best-ranked, which comes first.
      const key = `${conversationId}\u0000${snippet}`
      if (seen.has(key)) continue
      seen.add(key)
      const hit: SearchHit = {
        conversationId,
        conversationTitle: String(row.conversation_title),
        snippet,
        updatedAt: Number(row.updated_at)
      }
      if (row.message_id !== null) hit.messageId = String(row.message_id)
      if (perConversation === 1) hit.moreInConversation = Number(row.message_hits) - (row.message_id !== null ? 1 : 0)
      hits.push(hit)
      if (hits.length === wanted) break
    }
    return hits
  }

  async temporaryConversationIds(): Promise<string[]> {
    const result = await this.client.execute('SELECT id FROM conversations WHERE temporary = 1')
    return result.rows.map((row) => String(row.id))
  }

  async recoverInterruptedMessages(): Promise<number> {
    return this.serializeWrite(async () => {
      const interrupted = await this.client.execute(`SELECT id, parts FROM messages WHERE status = 'streaming'`)
      if (interrupted.rows.length === 0) return 0
      // updated_at is left alone: it still tells when the text was last written.
      await this.client.batch(
        [
          `UPDATE messages SET status = 'stopped' WHERE status = 'streaming'`,
          ...interrupted.rows.flatMap((row) => indexMessage(String(row.id), JSON.parse(String(row.parts))))
        ],
        'write'
      )
      return interrupted.rows.length
    })
  }

  async close(): Promise<void> {
    // Queued writes (a final partial answer) land first. The checkpoint leaves the main file
    // complete on its own: libsql's close() lets the connection go only when it is garbage
    // collected, so SQLite's own checkpoint-on-close may come late or never.
    await this.serializeWrite(async () => {
      try {
        await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
      } finally {
        this.client.close()
      }
    })
  }
}

/** Statements replacing a message's row in the search index (none left when it has no text). */
function indexMessage(messageId: string, parts: Message['parts']): InStatement[] {
  const text = messageText(parts)
  const statements: InStatement[] = [
    { sql: 'DELETE FROM search_index WHERE rowid = (SELECT seq FROM messages WHERE id = ?)', args: [messageId] }
  ]
  if (text.trim() !== '') {
    statements.push({
      sql: 'INSERT INTO search_index (rowid, body) SELECT seq, ? FROM messages WHERE id = ?',
      args: [toIndexText(text), messageId]
    })
  }
  return statements
}

/** Statements replacing a conversation's title row (rowid = -seq) in the search index. */
function indexTitle(conversationId: string, title: string): InStatement[] {
  const statements: InStatement[] = [
    { sql: 'DELETE FROM search_index WHERE rowid = -(SELECT seq FROM conversations WHERE id = ?)', args: [conversationId] }
  ]
  if (title.trim() !== '') {
    statements.push({
      sql: 'INSERT INTO search_index (rowid, title) SELECT -seq, ? FROM conversations WHERE id = ?',
      args: [toIndexText(title), conversationId]
    })
  }
  return statements
}

/** `undefined` leaves a field as it is; `null` clears it. */
function applyPatch(current: Message, patch: MessagePatch, now: number): Message {
  const next: Message = { ...current, updatedAt: now }
  if (patch.parts !== undefined) next.parts = patch.parts
  if (patch.status !== undefined) next.status = patch.status
  if (patch.model !== undefined) next.model = patch.model
  if (patch.fallback !== undefined) next.fallback = patch.fallback ?? undefined
  if (patch.usage !== undefined) next.usage = patch.usage ?? undefined
  if (patch.error !== undefined) next.error = patch.error ?? undefined
  if (patch.finish !== undefined) next.finish = patch.finish ?? undefined
  return withoutUndefined(next)
}

/** The stored JSON list of names; anything else (hand-edited, damaged) is "none off". */
function toolsOffOf(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) && parsed.length && parsed.every((n) => typeof n === 'string') ? (parsed as string[]) : undefined
  } catch {
    return undefined
  }
}

/** Where a paged search stands: whole words or prefixes, titles or messages, the last rowid taken. */
interface SearchState {
  mode: 'w' | 'p'
  phase: 't' | 'm'
  position: number
}

/** `<session>.<w|p><t|m>.<rowid>`: where a paged search goes on; anything else starts a new search. */
function parseSearchCursor(value: string | undefined): (SearchState & { session: string }) | undefined {
  const parts = value === undefined ? null : /^([a-z0-9]{1,40})\.([wp])([tm])\.(-?\d{1,19})$/i.exec(value)
  if (!parts) return undefined
  const position = Number(parts[4])
  return Number.isSafeInteger(position) ? { session: parts[1], mode: parts[2] as 'w' | 'p', phase: parts[3] as 't' | 'm', position } : undefined
}

function toConversation(row: Row): Conversation {
  return withoutUndefined({
    id: String(row.id),
    title: String(row.title),
    titleIsAuto: Number(row.title_is_auto) === 1,
    providerId: optionalString(row.provider_id),
    model: optionalString(row.model),
    contextFrom: optionalString(row.context_from),
    toolsOff: toolsOffOf(row.tools_off),
    temporary: Number(row.temporary ?? 0) === 1 ? true : undefined,
    assistantId: optionalString(row.assistant_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at)
  })
}

function toMessage(row: Row): Message {
  return withoutUndefined({
    id: String(row.id),
    conversationId: String(row.conversation_id),
    role: String(row.role) as Message['role'],
    parts: JSON.parse(String(row.parts)) as Message['parts'],
    model: optionalString(row.model),
    fallback: fromJson<NonNullable<Message['fallback']>>(row.fallback),
    usage: fromJson<NonNullable<Message['usage']>>(row.usage),
    status: String(row.status) as Message['status'],
    finish: optionalString(row.finish) as Message['finish'],
    error: fromJson<NonNullable<Message['error']>>(row.error),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at)
  })
}

function optionalString(value: Value): string | undefined {
  return value === null || value === undefined ? undefined : String(value)
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

function fromJson<T>(value: Value): T | undefined {
  return value === null || value === undefined ? undefined : (JSON.parse(String(value)) as T)
}

/** Optional fields are absent rather than `undefined`, so results compare and serialise cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}
