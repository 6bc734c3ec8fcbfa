/**
 * The history bench's scale part (issue 17): a 10,000-conversation / 500,000-message history
 * (./generate.ts, cached), then
 *
 * - app ready: `openConversationStore` → first `listConversationPage({ limit: 100 })`, against
 *   the old path (open → `listConversations()`, every conversation) in the same rounds;
 * - search: `searchPage(query)` (the sidebar's first page) against `search(query)` (ranks the
 *   whole match set) over common, mid-frequency, rare, prefix (a partial last word, as the
 *   sidebar sends while typing), two-word and CJK queries, interleaved, alternating which goes
 *   first;
 * - the UI (./ui.ts): reload → first sidebar row, typed query → first hit, on a copy of the
 *   history in the web harness;
 * - import of a 1,000-conversation ChatGPT export (./chatgptExport.ts) through the transfer
 *   service, into the big history (a heavy user's case) and into an empty one.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import type { BenchContext, BenchResult } from '../run'
import { percentile } from '../stats'
import { writeChatGptExport, type ChatGptExportInfo } from './chatgptExport'
import { cacheDir, copyHistory, ensureHistory, type HistoryMeta } from './generate'
import { measureUi } from './ui'

const OPEN_ROUNDS = 4
/** Rounds of the old search (seconds per common word on this history) next to the first `SEARCH_ROUNDS`. */
const BEFORE_ROUNDS = 2
const SEARCH_ROUNDS = 3
const UI_RELOADS = 9
const UI_ROUNDS = 2
const IMPORT_CONVERSATIONS = 1000
/** The first row's small-history peer: enough conversations for the sidebar's virtualised list, as on the big one. */
const SMALL_HISTORY = 300

const round = (n: number): number => Math.round(n * 100) / 100

interface Query {
  q: string
  kind: 'common' | 'mid' | 'rare' | 'prefix' | 'two-word' | 'cjk-common' | 'cjk' | 'cjk-rare' | 'cjk-prefix'
}

/** Evicts a file from the page cache (posix_fadvise DONTNEED through dd): a cold open. false when dd can't. */
function evict(file: string): boolean {
  try {
    execFileSync('dd', [`of=${file}`, 'oflag=nocache', 'conv=notrunc,fdatasync', 'count=0'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now()
  const value = await fn()
  return [performance.now() - started, value]
}

export async function scaleBench(ctx: BenchContext, figures: BenchResult['figures'], notes: Record<string, unknown>): Promise<void> {
  // --- the history ---------------------------------------------------------------------------
  const generated = performance.now()
  const { dir, meta, reused } = await ensureHistory({ root: ctx.root, log: ctx.log })
  ctx.log(`${reused ? 'reused the cached' : 'generated the'} history in ${dir}: ${meta.conversations} conversations, ${meta.messages} messages, ${(meta.dbBytes / 1e6).toFixed(0)} MB (generation ${Math.round(meta.generationMs / 1000)} s)`)
  figures.history_conversations = meta.conversations
  figures.history_messages = meta.messages
  figures.history_db_bytes = meta.dbBytes
  figures.history_generation_ms = meta.generationMs
  figures.history_cache_reused = reused
  notes.history = {
    generator: `bench/history/generate.ts ${meta.version}, cache ${dir} (reused when present: ${reused ? 'reused in this run' : `generated in this run, ${Math.round((performance.now() - generated) / 1000)} s`}; generated ${meta.generatedAt})`,
    how: 'through the store: importConversations in batches of 200 conversations (one transaction each), UUID ids; a quarter of the conversations in Chinese (words of 1–3 characters, ~4 % English terms mixed in); English words drawn by counted frequency, 0.04 % from a tail of rare words (each in a few messages); user/assistant alternating, ~50 messages per conversation (2–300, exponential tail), user ~18 words median, assistant ~72 words median (log-normal, up to 900; paragraphs, lists, small code blocks); titles from the first question; created over 2 years before generation, denser recently, 1 in 10 resumed days later; deterministic (seed 17)',
    chineseConversations: meta.chineseConversations,
    textChars: meta.textChars,
    corpus: meta.corpus
  }

  const work = path.join(tmpdir(), `omnidesk-bench-history-work-${process.pid}`)
  await rm(work, { recursive: true, force: true })
  try {
    const [copyMs, dataDir] = await timed(() => copyHistory(dir, work))
    ctx.log(`copied the history for this run in ${Math.round(copyMs)} ms`)
    const dbFile = path.join(dataDir, 'omnidesk.db')

    // --- app ready ---------------------------------------------------------------------------
    const opens: number[] = []
    const firstPages: number[] = []
    const ready: number[] = []
    const readyBefore: number[] = []
    const listAll: number[] = []
    let listed = 0
    // One open per round, then the first page and the whole list on it (which goes first
    // alternates): "before" is the same open plus the whole list, as the app did.
    for (let r = 0; r < OPEN_ROUNDS; r++) {
      const started = performance.now()
      const { store } = await openConversationStore({ dataDir })
      const opened = performance.now()
      const open = opened - started
      const ours = async (): Promise<void> => {
        const [ms, page] = await timed(() => store.listConversationPage({ limit: 100 }))
        if (page.conversations.length !== 100) throw new Error(`first page has ${page.conversations.length} conversations`)
        firstPages.push(ms)
        ready.push(open + ms)
      }
      const before = async (): Promise<void> => {
        const [ms, all] = await timed(() => store.listConversations())
        listed = all.length
        listAll.push(ms)
        readyBefore.push(open + ms)
      }
      if (r % 2) {
        await ours()
        await before()
      } else {
        await before()
        await ours()
      }
      opens.push(open)
      await store.close()
    }
    figures.app_ready_ms = round(percentile(ready, 0.5))
    figures.app_ready_ms_max = round(Math.max(...ready))
    figures.store_open_ms_p50 = round(percentile(opens, 0.5))
    figures.list_first_page_ms_p50 = round(percentile(firstPages, 0.5))
    figures.app_ready_before_ms = round(percentile(readyBefore, 0.5))
    figures.list_all_before_ms_p50 = round(percentile(listAll, 0.5))
    figures.list_all_before_conversations = listed
    figures.app_ready_ratio = round(figures.app_ready_ms / Math.max(0.01, figures.app_ready_before_ms))
    figures.list_first_page_ratio = round(figures.list_first_page_ms_p50 / Math.max(0.01, figures.list_all_before_ms_p50))
    notes.appReady = `openConversationStore({ dataDir }) → listConversationPage({ limit: 100 }) returned, p50 of ${OPEN_ROUNDS} opens (one open per round; the first page and the old path, listConversations() of all ${listed}, on the same open, which goes first alternating; "before" = that open + the whole list). The page cache is warm (the copy was just made): app_ready_cold_ms is one open + first page after the file was evicted from the page cache (dd oflag=nocache, posix_fadvise DONTNEED), a figure of the disk as much as of the app. Opens: ${opens.map(round).join(', ')} ms`
    ctx.log(`app ready ${figures.app_ready_ms} ms (open ${figures.store_open_ms_p50} + first page ${figures.list_first_page_ms_p50}); before (open + whole list of ${listed}): ${figures.app_ready_before_ms} ms`)

    // A cold open: the database file evicted from the page cache first (the issue's "right after
    // a day of writes"). One sample: it is the disk's figure more than the app's.
    if (evict(dbFile)) {
      const [coldMs] = await timed(async () => {
        const { store } = await openConversationStore({ dataDir })
        await store.listConversationPage({ limit: 100 })
        await store.close()
      })
      figures.app_ready_cold_ms = round(coldMs)
      ctx.log(`app ready with the database evicted from the page cache: ${figures.app_ready_cold_ms} ms`)
    }

    // --- search -------------------------------------------------------------------------------
    const { store } = await openConversationStore({ dataDir })
    // Rare words: the generator's least-used tail words that match at most 3 messages as a
    // query (a CJK tail term is a phrase of characters, which can also match across words).
    const rare = async (candidates: HistoryMeta['rareEnglish'], n: number): Promise<string[]> => {
      const out: string[] = []
      for (const { word } of candidates) {
        if (out.length === n) break
        if ((await store.search(word, 10)).length <= 3) out.push(word)
      }
      return out
    }
    const rareEnglish = await rare(meta.rareEnglish, 3)
    const rareChinese = await rare(meta.rareChinese, 2)
    const queries: Query[] = [
      { q: 'the', kind: 'common' },
      { q: 'and', kind: 'common' },
      { q: 'is', kind: 'common' },
      // Mid-frequency words (ranks ~150 and ~1,500 of the English vocabulary when v2 was generated).
      { q: 'chat', kind: 'mid' },
      { q: 'void', kind: 'mid' },
      ...rareEnglish.map((q) => ({ q, kind: 'rare' as const })),
      { q: 'th', kind: 'prefix' },
      { q: 'qua', kind: 'prefix' },
      { q: 'conf', kind: 'prefix' },
      { q: 'the lic', kind: 'prefix' },
      { q: 'the license', kind: 'two-word' },
      { q: 'install package', kind: 'two-word' },
      { q: '的', kind: 'cjk-common' },
      { q: '是', kind: 'cjk-common' },
      { q: '显示', kind: 'cjk' },
      { q: '单元格', kind: 'cjk' },
      { q: '数据 文件', kind: 'cjk' },
      { q: '显', kind: 'cjk-prefix' },
      ...rareChinese.map((q) => ({ q, kind: 'cjk-rare' as const }))
    ]
    const pageMs: number[] = []
    const beforeMs: number[] = []
    const nextMs: number[] = []
    const byKind = new Map<string, number[]>()
    const byKindBefore = new Map<string, number[]>()
    const perQuery: Record<string, { ms: number[]; beforeMs: number[]; hits: number; more: boolean; beforeHits: number }> = {}
    try {
      for (let r = 0; r < SEARCH_ROUNDS; r++) {
        for (const [i, { q, kind }] of queries.entries()) {
          const entry = (perQuery[q] ??= { ms: [], beforeMs: [], hits: 0, more: false, beforeHits: 0 })
          const ours = async (): Promise<void> => {
            const [ms, page] = await timed(() => store.searchPage(q))
            pageMs.push(ms)
            entry.ms.push(round(ms))
            entry.hits = page.hits.length
            entry.more = page.next !== null
            byKind.set(kind, [...(byKind.get(kind) ?? []), ms])
            if (page.next !== null && r === 0) {
              const [more] = await timed(() => store.searchPage(q, { after: page.next! }))
              nextMs.push(more)
            }
          }
          const before = async (): Promise<void> => {
            const [ms, hits] = await timed(() => store.search(q))
            beforeMs.push(ms)
            entry.beforeMs.push(round(ms))
            entry.beforeHits = hits.length
            byKindBefore.set(kind, [...(byKindBefore.get(kind) ?? []), ms])
          }
          if (r >= BEFORE_ROUNDS) await ours()
          else if ((r + i) % 2) {
            await ours()
            await before()
          } else {
            await before()
            await ours()
          }
        }
      }
    } finally {
      await store.close()
    }
    figures.search_first_page_ms_p50 = round(percentile(pageMs, 0.5))
    figures.search_first_page_ms_p95 = round(percentile(pageMs, 0.95))
    figures.search_first_page_ms_max = round(Math.max(...pageMs))
    figures.search_before_ms_p50 = round(percentile(beforeMs, 0.5))
    figures.search_before_ms_p95 = round(percentile(beforeMs, 0.95))
    figures.search_first_page_ratio_p50 = round(figures.search_first_page_ms_p50 / Math.max(0.01, figures.search_before_ms_p50))
    figures.search_first_page_ratio_p95 = round(figures.search_first_page_ms_p95 / Math.max(0.01, figures.search_before_ms_p95))
    figures.search_next_page_ms_p50 = nextMs.length ? round(percentile(nextMs, 0.5)) : null
    for (const [kind, xs] of byKind) {
      const key = kind.replace(/-/g, '_')
      figures[`search_first_page_${key}_ms_p50`] = round(percentile(xs, 0.5))
      figures[`search_before_${key}_ms_p50`] = round(percentile(byKindBefore.get(kind) ?? [], 0.5))
    }
    notes.search = {
      queries: queries.map(({ q, kind }) => `${kind}: ${q}`),
      samples: `${SEARCH_ROUNDS} rounds × ${queries.length} queries of searchPage, the first ${BEFORE_ROUNDS} interleaved with search (which goes first alternates); p50/p95 are nearest-rank over all ${pageMs.length} samples; next page: the second page of each query that has one, first round`,
      perQuery
    }
    ctx.log(`search first page p50 ${figures.search_first_page_ms_p50} ms, p95 ${figures.search_first_page_ms_p95} ms; before (search) p50 ${figures.search_before_ms_p50} ms, p95 ${figures.search_before_ms_p95} ms`)

    // --- the UI ---------------------------------------------------------------------------------
    const uiQueries = ['the', 'qua', 'the license', '显示', '的', rareEnglish[0] ?? 'quorum', 'conf', '单元格']
    const rendererBuilt = existsSync(path.join(ctx.root, 'out/renderer/index.html')) && existsSync(path.join(ctx.root, 'out/harness/bridge.js'))
    if (!rendererBuilt) {
      figures.sidebar_first_row_ms = null
      figures.search_typed_to_hit_ms_p50 = null
      notes.ui = 'not measured: out/renderer or out/harness/bridge.js missing (npm run build && npm run build:harness)'
    } else {
      try {
        const peers = { smallDataDir: path.join(work, 'small'), floorDataDir: path.join(work, 'floor-data'), floorDir: path.join(work, 'floor-page') }
        await writeSmallHistory(peers.smallDataDir)
        await writeSmallHistory(peers.floorDataDir)
        const ui = await measureUi({ root: ctx.root, dataDir, reloads: UI_RELOADS, queries: uiQueries, rounds: UI_ROUNDS, peers, log: ctx.log })
        figures.harness_start_ms = round(ui.harnessStartMs)
        figures.sidebar_first_row_ms = round(percentile(ui.firstRowMs, 0.5))
        figures.sidebar_first_row_ms_max = round(Math.max(...ui.firstRowMs))
        figures.sidebar_first_row_first_load_ms = ui.firstRowFirstLoadsMs.length ? round(ui.firstRowFirstLoadsMs[0]) : null
        const small = ui.firstRowSmallHistoryMs ? percentile(ui.firstRowSmallHistoryMs, 0.5) : null
        const floor = ui.firstRowFloorMs ? percentile(ui.firstRowFloorMs, 0.5) : null
        figures.sidebar_first_row_small_history_ms = small === null ? null : round(small)
        figures.sidebar_first_row_floor_ms = floor === null ? null : round(floor)
        figures.sidebar_first_row_ratio_to_small_history = small ? round(percentile(ui.firstRowMs, 0.5) / small) : null
        figures.sidebar_first_row_over_floor_ms = floor === null ? null : round(percentile(ui.firstRowMs, 0.5) - floor)
        figures.sidebar_rows_in_dom = ui.rowsInDom
        const typed = ui.typed.map((t) => t.ms).filter((ms): ms is number => ms !== null)
        figures.search_typed_to_hit_ms_p50 = typed.length ? round(percentile(typed, 0.5)) : null
        figures.search_typed_to_hit_ms_p95 = typed.length ? round(percentile(typed, 0.95)) : null
        figures.search_typed_no_hit_within_20s = ui.typed.length - typed.length
        notes.ui = {
          sidebarFirstRow: `page.reload() ×${UI_RELOADS}; in the page, navigation start (performance.timeOrigin) → the requestAnimationFrame after the first [data-testid="conversation-item"] with a non-empty box is in the DOM (MutationObserver armed by an init script); p50 (samples: ${ui.firstRowMs.map(round).join(', ')}), after ${ui.firstRowFirstLoadsMs.length} reloads not counted, until Chromium's code cache holds the scripts, as it does for the app's app:// pages from their second load (those: ${ui.firstRowFirstLoadsMs.map(round).join(', ')}; sidebar_first_row_first_load_ms is the first, a first start after an install or an update)`,
          firstRowPeers: `reloaded in turn with the app on the big history, each in its own harness and tab: the app on a ${SMALL_HISTORY}-conversation history (samples: ${(ui.firstRowSmallHistoryMs ?? []).map(round).join(', ')}), and a floor page with no framework that asks conversations:list through the same bridge and draws 30 titles as plain buttons (samples: ${(ui.firstRowFloorMs ?? []).map(round).join(', ')}): what the harness itself costs on this machine`,
          typedToHit: `the search box cleared, then the query typed at 60 ms between keys; last input event (performance.now() in its listener) → the frame in which, with the whole query in the box, a visible [data-testid="search-hit"] outside any [aria-busy="true"] list and whose text contains the query's last word is in the DOM (any debounce included); ${UI_ROUNDS} rounds`,
          medianReload: ui.medianReload,
          typed: ui.typed.map((t) => `${t.query}: ${t.ms === null ? 'no hit within 20 s' : `${round(t.ms)} ms`}`),
          harness: 'startHarness on a copy of the history (validateResponses off, like the app), the built renderer in Debian Chromium, 1280×900'
        }
        ctx.log(`sidebar first row p50 ${figures.sidebar_first_row_ms} ms (${ui.rowsInDom} rows in the DOM); typed → first hit p50 ${figures.search_typed_to_hit_ms_p50} ms`)
      } catch (error) {
        figures.sidebar_first_row_ms = null
        figures.search_typed_to_hit_ms_p50 = null
        notes.ui = `failed: ${(error as Error).stack ?? String(error)}`.slice(0, 2000)
        ctx.log(`UI part failed: ${(error as Error).message}`)
      }
    }

    // --- ChatGPT import ------------------------------------------------------------------------
    await importBench(ctx, dataDir, figures, notes)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** A small history for the first row's peers: SMALL_HISTORY conversations of four short messages, through the store. */
async function writeSmallHistory(dataDir: string): Promise<void> {
  const { store } = await openConversationStore({ dataDir })
  try {
    for (let i = 0; i < SMALL_HISTORY; i++) {
      const conversation = await store.createConversation({ title: `A short conversation about item ${i + 1}` })
      for (let m = 0; m < 4; m++) {
        const text = m % 2 ? `An answer about item ${i + 1}, in a sentence or two.` : `A question about item ${i + 1}?`
        await store.addMessage({ conversationId: conversation.id, role: m % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text }], status: 'complete' })
      }
    }
  } finally {
    await store.close()
  }
}

interface TransferModule {
  createTransferService?: (deps: { store: ConversationStore; dataDir: string }) => { importFile(zipPath: string): Promise<unknown> }
}

async function importBench(ctx: BenchContext, bigDataDir: string, figures: BenchResult['figures'], notes: Record<string, unknown>): Promise<void> {
  figures.import_chatgpt_1000_conversations_ms = null
  const servicePath = path.join(ctx.root, 'src/main/transfer/service.ts')
  if (!existsSync(servicePath)) {
    notes.import = 'not measured: src/main/transfer/service.ts (createTransferService) is not in the tree yet'
    return
  }
  let mod: TransferModule
  try {
    mod = (await import(servicePath)) as TransferModule
  } catch (error) {
    notes.import = `not measured: src/main/transfer/service.ts does not load: ${(error as Error).message}`.slice(0, 1000)
    return
  }
  if (typeof mod.createTransferService !== 'function') {
    notes.import = 'not measured: src/main/transfer/service.ts has no createTransferService'
    return
  }
  const zipDir = path.join(cacheDir(), 'chatgpt')
  await mkdir(zipDir, { recursive: true })
  // Cached next to the history (the corpus's files change as the project's strings do: the same
  // export from run to run).
  const zipPath = path.join(zipDir, `chatgpt-export-${IMPORT_CONVERSATIONS}.zip`)
  const infoPath = `${zipPath}.json`
  let info: ChatGptExportInfo
  if (existsSync(zipPath) && existsSync(infoPath)) info = JSON.parse(await readFile(infoPath, 'utf8')) as ChatGptExportInfo
  else {
    info = await writeChatGptExport(ctx.root, zipPath, IMPORT_CONVERSATIONS)
    await writeFile(infoPath, JSON.stringify(info))
  }
  ctx.log(`ChatGPT export: ${info.conversations} conversations, ${info.messages} messages, conversations.json ${(info.jsonBytes / 1e6).toFixed(1)} MB, zip ${(info.zipBytes / 1e6).toFixed(1)} MB`)
  const results: Record<string, unknown> = {}
  const run = async (label: string, dataDir: string): Promise<number | null> => {
    const { store } = await openConversationStore({ dataDir })
    try {
      const before = await countConversations(store)
      const service = mod.createTransferService!({ store, dataDir })
      const [ms, result] = await timed(() => service.importFile(zipPath))
      const after = await countConversations(store)
      results[label] = { ms: round(ms), conversationsAdded: after - before, result: JSON.stringify(result)?.slice(0, 500) }
      ctx.log(`import into ${label}: ${round(ms)} ms, ${after - before} conversations added`)
      return after - before === IMPORT_CONVERSATIONS ? ms : null
    } catch (error) {
      results[label] = { failed: (error as Error).message.slice(0, 500) }
      ctx.log(`import into ${label} failed: ${(error as Error).message}`)
      return null
    } finally {
      await store.close()
    }
  }
  const emptyDir = path.join(path.dirname(bigDataDir), 'empty-data')
  await mkdir(emptyDir, { recursive: true })
  const intoEmpty = await run('an empty history', emptyDir)
  const intoBig = await run('the 10,000-conversation history', bigDataDir)
  figures.import_chatgpt_1000_conversations_ms = intoBig === null ? null : round(intoBig)
  figures.import_chatgpt_1000_conversations_into_empty_ms = intoEmpty === null ? null : round(intoEmpty)
  notes.import = {
    how: `createTransferService({ store, dataDir }).importFile(zip) of a generated ChatGPT export (bench/history/chatgptExport.ts): ${info.conversations} conversations, ${info.messages} messages on their current branches (1 in 8 with a regenerated answer on another branch), conversations.json ${info.jsonBytes} bytes, zip ${info.zipBytes} bytes. The figure is the import into the 10,000-conversation history (a heavy user's case); into an empty one as context. null when the import failed or did not add exactly ${IMPORT_CONVERSATIONS} conversations.`,
    results
  }
}

async function countConversations(store: ConversationStore): Promise<number> {
  let n = 0
  let after: Parameters<ConversationStore['listConversationPage']>[0]['after']
  for (;;) {
    const page = await store.listConversationPage({ after, limit: 1000 })
    n += page.conversations.length
    if (!page.next) return n
    after = page.next
  }
}
