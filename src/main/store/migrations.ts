/**
 * Schema versions of the conversation database, oldest first. The version lives in SQLite's
 * `PRAGMA user_version` (in the file header, so it is transactional and needs no table). Each
 * migration runs in its own transaction together with the version bump: a crash or an error
 * leaves the database at the previous version, never half migrated.
 *
 * Never edit a released migration: append a new one.
 */
import type { Client } from '@libsql/client'
import { SEARCH_TOKENIZER } from './searchText'

export interface Migration {
  version: number
  description: string
  statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'conversations, messages and their full-text search index',
    statements: [
      // `seq` is an explicit rowid alias: plain rowids may be renumbered by VACUUM, and the
      // search index refers to rows by rowid (a title's row is -seq, see search_index below).
      `CREATE TABLE conversations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        title_is_auto INTEGER NOT NULL,
        provider_id TEXT,
        model TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE INDEX conversations_by_recency ON conversations (updated_at DESC, seq DESC)`,
      // `seq` grows with every insert, so it is also the order of creation (timestamps can tie).
      // Enumerations (role, status) are not CHECKed: SQLite cannot alter a CHECK without
      // rebuilding the table, and the TypeScript types already guard what we write.
      `CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        parts TEXT NOT NULL,
        model TEXT,
        fallback TEXT,
        usage TEXT,
        status TEXT NOT NULL,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE INDEX messages_by_conversation ON messages (conversation_id, seq)`,
      // Start-up recovery looks for these; there are almost never any, so the index stays tiny.
      `CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming'`,
      // One index for titles and message text, so both are ranked together by one bm25: a
      // message's row has rowid = messages.seq and only `body`; a title's row has
      // rowid = -conversations.seq and only `title`. Its text is searchText.toIndexText(...).
      `CREATE VIRTUAL TABLE search_index USING fts5 (title, body, tokenize = "${SEARCH_TOKENIZER}")`,
      // A word in a title says more about a conversation than the same word in a long answer.
      `INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(4.0, 1.0)')`,
      // Deletions need no text processing, so triggers keep the index in step with every delete
      // path, including ON DELETE CASCADE. Inserts and updates are written by the store, which
      // has to prepare the indexed text.
      `CREATE TRIGGER messages_leave_search_index AFTER DELETE ON messages BEGIN
        DELETE FROM search_index WHERE rowid = old.seq;
      END`,
      `CREATE TRIGGER conversations_leave_search_index AFTER DELETE ON conversations BEGIN
        DELETE FROM search_index WHERE rowid = -old.seq;
      END`
    ]
  },
  {
    version: 2,
    description: 'how an answer ended (cut by the output limit, a refusal)',
    statements: [`ALTER TABLE messages ADD COLUMN finish TEXT`]
  },
  {
    version: 3,
    description: 'where what is sent to the model starts (retry without the oldest turns)',
    statements: [`ALTER TABLE conversations ADD COLUMN context_from TEXT`]
  },
  {
    version: 4,
    description: 'the tools a conversation does not offer the model (JSON list of names)',
    statements: [`ALTER TABLE conversations ADD COLUMN tools_off TEXT`]
  },
  {
    version: 5,
    description: 'deleted text leaves the search index at once (FTS5 secure-delete)',
    statements: [
      // By default FTS5 deletes by adding "delete" entries and merges the old terms, positions
      // included (from which the text can be rebuilt), out only when segments are merged: long
      // after a conversation was deleted. secure-delete removes them on delete; it is stored in
      // the table's config, so every connection and every later version keeps it. It costs
      // ~17 µs per indexed word deleted (libsql's SQLite 3.45, measured): a 2,000-message
      // conversation goes in ~2.7 s instead of ~0.1 s. Needs SQLite ≥ 3.42.
      `INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1)`,
      // Rewrites the index into one segment without the terms of rows deleted before this
      // version; with PRAGMA secure_delete (database.ts) the pages it frees are zeroed.
      `INSERT INTO search_index (search_index) VALUES ('optimize')`
    ]
  },
  {
    version: 6,
    description: 'chunks of long attached documents and their full-text index (retrieval)',
    statements: [
      // A long document cut by files/documents/chunk.ts; `document_id` is the attachment's id.
      // `seq` is an explicit rowid alias for the same reason as in conversations: the index
      // refers to chunks by rowid. UNIQUE also gives the index that lookups by document use.
      // IF NOT EXISTS throughout: a database whose version was set back (a restored backup of a
      // file this version already touched) migrates again without failing.
      `CREATE TABLE IF NOT EXISTS document_chunks (
        seq INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        page_from INTEGER,
        page_to INTEGER,
        text TEXT NOT NULL,
        tokens INTEGER NOT NULL,
        UNIQUE (document_id, idx)
      )`,
      // rowid = document_chunks.seq; its text is searchText.toIndexText(chunk text), written by
      // store/documentChunks.ts (see search_index for why CJK needs the same tokenizer).
      `CREATE VIRTUAL TABLE IF NOT EXISTS document_chunks_index USING fts5 (text, tokenize = "${SEARCH_TOKENIZER}")`,
      // Deleted documents leave the index at once, as for search_index (version 5).
      `INSERT INTO document_chunks_index (document_chunks_index, rank) VALUES ('secure-delete', 1)`,
      `CREATE TRIGGER IF NOT EXISTS document_chunks_leave_index AFTER DELETE ON document_chunks BEGIN
        DELETE FROM document_chunks_index WHERE rowid = old.seq;
      END`
    ]
  },
  {
    version: 7,
    description: 'saved memories; temporary conversations (never listed, deleted when left or at the next start)',
    statements: [
      // A few hundred short facts at most in practice: read whole and ranked in JS
      // (src/main/memory/memoryPrompt.ts), so no index beyond the key.
      `CREATE TABLE IF NOT EXISTS memories (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'global',
        source TEXT NOT NULL,
        conversation_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `ALTER TABLE conversations ADD COLUMN temporary INTEGER NOT NULL DEFAULT 0`
    ]
  },
  {
    version: 8,
    description: 'assistants (GPTs), and the assistant a conversation talks to',
    statements: [
      // The assistant as its JSON (src/shared/assistants/schemas.ts checks it on every read and
      // write): a few dozen rows, read whole. Its knowledge files are attachments, kept by the
      // collector while an assistant names them (referencedAttachmentIds).
      `CREATE TABLE IF NOT EXISTS assistants (
        id TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `ALTER TABLE conversations ADD COLUMN assistant_id TEXT`
    ]
  }
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

export async function readSchemaVersion(client: Client): Promise<number> {
  const result = await client.execute('PRAGMA user_version')
  return Number(result.rows[0]?.[0] ?? 0)
}

/**
 * Applies, in order, the migrations newer than the database. Returns the versions applied.
 * The caller has already refused a database newer than `migrations` knows.
 */
export async function migrate(client: Client, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const current = await readSchemaVersion(client)
  const applied: number[] = []
  let previous = 0
  for (const migration of migrations) {
    // The version is spliced into SQL and decides the order: it must be a growing integer.
    if (!Number.isSafeInteger(migration.version) || migration.version <= previous) {
      throw new Error(`Migrations must have increasing integer versions (at ${migration.version})`)
    }
    previous = migration.version
    if (migration.version <= current) continue
    await client.batch([...migration.statements, `PRAGMA user_version = ${migration.version}`], 'write')
    applied.push(migration.version)
  }
  return applied
}
