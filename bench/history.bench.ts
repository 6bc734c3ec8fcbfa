/**
 * `npm run bench -- history`: the history at scale (issue 17, bench/history/scale.ts: a
 * 10,000-conversation / 500,000-message history generated through the store and cached in the
 * temp folder; app ready, sidebar, search, ChatGPT import), then what making deleted text leave
 * the disk costs the user (issue 14, below). `HISTORY_BENCH_PARTS=scale` (or `delete`) runs one.
 *
 * Issue 14's part:
 *
 * Deleting a conversation through the real store (`deleteConversation`: the row delete with
 * PRAGMA secure_delete, FTS5 secure-delete removing the terms from the search index, and the
 * WAL checkpoint) against the same delete on an identical database with all three off (what
 * the store did before: the text stayed in free pages, the index and the WAL). Conversations of
 * 20, 200 and 1,000 messages of ~120 words (questions and answers alternating, ~7 KB of text per
 * ten messages), interleaved so both see the same machine. Also the longest pause of main's
 * event loop while the 1,000-message delete runs (libsql works on the calling thread, so the
 * store deletes a few messages per statement and lets the loop through between).
 *
 * And the backup before a migration: `openConversationStore` on a 2,000-message history one
 * schema version behind (VACUUM INTO, then the migration) against opening it when it is
 * current.
 */
import { createClient } from '@libsql/client'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/main/store/migrations'
import { openConversationStore } from '../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../src/main/store/types'
import type { BenchContext, BenchResult } from './run'
import { percentile } from './stats'
import { scaleBench } from './history/scale'

const SIZES = [20, 200, 1000] as const
const ROUNDS = 5
const WORDS = 'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches near old harbour lights'.split(' ')

const round = (n: number): number => Math.round(n * 100) / 100

function messageText(seed: number): string {
  const words: string[] = []
  for (let i = 0; i < 120; i++) words.push(`${WORDS[(seed * 7 + i * 13) % WORDS.length]}${(seed + i) % 50}`)
  return words.join(' ')
}

async function fill(store: ConversationStore, messages: number, seed: number): Promise<string> {
  const conversation = await store.createConversation({ title: `bench ${seed}` })
  for (let i = 0; i < messages; i++) {
    await store.addMessage({ conversationId: conversation.id, role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text: messageText(seed + i) }], status: 'complete' })
  }
  return conversation.id
}

/**
 * Makes the database one schema version behind for real: the latest migration's added columns
 * and created tables are dropped (so running it again succeeds, as on a user's older file),
 * then user_version goes back one.
 */
async function undoLatestMigration(file: string): Promise<void> {
  const client = createClient({ url: `file:${file}` })
  try {
    const latest = MIGRATIONS[MIGRATIONS.length - 1]
    for (const statement of [...latest.statements].reverse()) {
      const added = /ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/i.exec(statement)
      const created = /CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/i.exec(statement)
      if (added) await client.execute(`ALTER TABLE ${added[1]} DROP COLUMN ${added[2]}`)
      else if (created) await client.execute(`DROP TABLE IF EXISTS ${created[1]}`)
    }
    await client.execute(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION - 1}`)
  } finally {
    client.close()
  }
}

/** The store as it was before issue 14: no secure_delete, no FTS5 secure-delete. The WAL checkpoint is skipped by deleting with SQL. */
async function plainDelete(dir: string, conversationId: string): Promise<number> {
  const client = createClient({ url: `file:${path.join(dir, 'omnidesk.db')}` })
  try {
    await client.execute('PRAGMA secure_delete = OFF')
    const started = performance.now()
    await client.execute({ sql: 'DELETE FROM conversations WHERE id = ?', args: [conversationId] })
    return performance.now() - started
  } finally {
    client.close()
  }
}

async function deleteBench(ctx: BenchContext): Promise<BenchResult> {
  const root = await mkdtemp(path.join(tmpdir(), 'omnidesk-bench-history-'))
  const figures: BenchResult['figures'] = {}
  try {
    // --- delete ------------------------------------------------------------------------------
    const secureDir = path.join(root, 'secure')
    const plainDir = path.join(root, 'plain')
    const secure = await openConversationStore({ dataDir: secureDir })
    const plain = await openConversationStore({ dataDir: plainDir })
    // The "before" database: the same schema with FTS5 secure-delete turned back off.
    const off = createClient({ url: `file:${path.join(plainDir, 'omnidesk.db')}` })
    await off.execute("INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 0)")
    off.close()
    await plain.store.close()

    for (const size of SIZES) {
      const ours: number[] = []
      const before: number[] = []
      for (let r = 0; r < ROUNDS; r++) {
        const a = await fill(secure.store, size, r)
        const reopened = await openConversationStore({ dataDir: plainDir })
        const b = await fill(reopened.store, size, r)
        await reopened.store.close()
        // Alternate which goes first, so neither always runs on a warmer machine.
        const runOurs = async (): Promise<void> => {
          const started = performance.now()
          await secure.store.deleteConversation(a)
          ours.push(performance.now() - started)
        }
        const runBefore = async (): Promise<void> => {
          before.push(await plainDelete(plainDir, b))
        }
        if (r % 2) {
          await runOurs()
          await runBefore()
        } else {
          await runBefore()
          await runOurs()
        }
      }
      const p50Ours = percentile(ours, 0.5)
      const p50Before = percentile(before, 0.5)
      figures[`delete_${size}_messages_ms_p50`] = round(p50Ours)
      figures[`delete_${size}_messages_before_ms_p50`] = round(p50Before)
      figures[`delete_${size}_messages_ratio`] = round(p50Ours / Math.max(0.01, p50Before))
      ctx.log(`delete ${size} messages: ${round(p50Ours)} ms (before: ${round(p50Before)} ms)`)
    }

    // The longest the event loop went without running a 1-ms timer while the delete ran.
    const id = await fill(secure.store, 1000, 99)
    let last = performance.now()
    let longestGap = 0
    const ticker = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await secure.store.deleteConversation(id)
    await new Promise((resolve) => setTimeout(resolve, 20))
    clearInterval(ticker)
    figures.delete_1000_messages_event_loop_gap_ms_max = round(longestGap)
    ctx.log(`longest event-loop gap during the 1,000-message delete: ${round(longestGap)} ms`)
    await secure.store.close()

    // --- backup before a migration --------------------------------------------------------
    const migrateDir = path.join(root, 'migrate')
    const history = await openConversationStore({ dataDir: migrateDir })
    for (let c = 0; c < 20; c++) await fill(history.store, 100, c * 100)
    await history.store.close()
    const opens: number[] = []
    const migrations: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      let started = performance.now()
      await (await openConversationStore({ dataDir: migrateDir })).store.close()
      opens.push(performance.now() - started)
      await undoLatestMigration(path.join(migrateDir, 'omnidesk.db'))
      started = performance.now()
      await (await openConversationStore({ dataDir: migrateDir })).store.close()
      migrations.push(performance.now() - started)
    }
    figures.open_2000_messages_ms_p50 = round(percentile(opens, 0.5))
    figures.open_with_backup_and_migration_ms_p50 = round(percentile(migrations, 0.5))
    ctx.log(`open a 2,000-message history: ${figures.open_2000_messages_ms_p50} ms; with backup + migration: ${figures.open_with_backup_and_migration_ms_p50} ms`)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
  return {
    figures,
    // Deleting must not freeze main (every window's IPC, streams, the companion's hotkey): the
    // longest pause while the largest conversation goes stays under a tenth of a second.
    targets: [{ metric: 'delete_1000_messages_event_loop_gap_ms_max', op: '<=', value: 100 }],
    notes: {
      messages: '~120 words each (≈700 characters), alternating user/assistant',
      rounds: ROUNDS,
      before: 'same schema, FTS5 secure-delete off, PRAGMA secure_delete off, no WAL checkpoint (the store before issue 14)'
    }
  }
}

export default async function historyBench(ctx: BenchContext): Promise<BenchResult> {
  const parts = (process.env.HISTORY_BENCH_PARTS ?? 'scale,delete').split(',')
  const figures: BenchResult['figures'] = {}
  const notes: Record<string, unknown> = {}
  if (parts.includes('scale')) await scaleBench(ctx, figures, notes)
  const targets: NonNullable<BenchResult['targets']> = parts.includes('scale')
    ? [
        { metric: 'app_ready_ms', op: '<=', value: 300 },
        { metric: 'sidebar_first_row_ms', op: '<=', value: 100 },
        { metric: 'search_first_page_ms_p50', op: '<=', value: 50 },
        { metric: 'search_first_page_ms_p95', op: '<=', value: 100 },
        { metric: 'search_typed_to_hit_ms_p50', op: '<=', value: 100 },
        { metric: 'import_chatgpt_1000_conversations_ms', op: '<=', value: 10000 }
      ]
    : []
  if (parts.includes('delete')) {
    const deleted = await deleteBench(ctx)
    Object.assign(figures, deleted.figures)
    targets.push(...(deleted.targets ?? []))
    notes.delete = deleted.notes
  }
  return { figures, targets, notes }
}
