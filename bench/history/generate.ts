/**
 * The history bench's big database: 10,000 conversations / 500,000 messages written through the
 * store's own API (`importConversations`, ~200 conversations per call, one transaction each), with
 * text drawn from real word frequencies (./corpus.ts), a quarter of the conversations in Chinese.
 *
 * Deterministic (seeded). Generating takes minutes, so the result is cached in
 * `os.tmpdir()/omnidesk-bench-history-<GENERATOR_VERSION>/` (data/omnidesk.db + meta.json) and
 * reused when present; a measurement that writes works on a copy (`copyHistory`).
 *
 * Run alone (outside the E2E lock) to build the cache: `npx tsx bench/history/generate.ts`.
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ImportedConversation } from '../../src/main/store/types'
import type { Message } from '../../src/shared/domain'
import { createRng, loadCorpus, type Corpus } from './corpus'

/** Bump when the generated data changes (the cache folder's name). */
export const GENERATOR_VERSION = 'v2'
export const CONVERSATIONS = Number(process.env.HISTORY_BENCH_CONVERSATIONS ?? 10_000)
export const MESSAGES = CONVERSATIONS * 50
const BATCH = 200
const SEED = 17
const DAY = 86_400_000
const SPAN_DAYS = 730
/** Share of words drawn from the rare tail: each tail word then occurs in a handful of messages. */
const TAIL_RATE = 0.0004

export interface HistoryMeta {
  version: string
  conversations: number
  messages: number
  chineseConversations: number
  dbBytes: number
  generationMs: number
  generatedAt: string
  /** The "now" the times were spread back from (ms epoch). */
  anchor: number
  /** Rare words that occur in the history, with how many messages hold them. */
  rareEnglish: Array<{ word: string; uses: number }>
  rareChinese: Array<{ word: string; uses: number }>
  corpus: Corpus['sources'] & { englishVocabulary: number; chineseVocabulary: number }
  textChars: number
}

export function cacheDir(): string {
  return path.join(tmpdir(), `omnidesk-bench-history-${GENERATOR_VERSION}${CONVERSATIONS === 10_000 ? '' : `-${CONVERSATIONS}`}`)
}

/** Deterministic UUID-shaped ids (the store's own are UUIDs: same index sizes). */
export function uuid(rng: () => number): string {
  const h = (n: number): string => {
    let s = ''
    for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16)
    return s
  }
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(rng() * 4)]}${h(3)}-${h(12)}`
}

/** Log-normal-ish length: median `median`, clamped. */
export function lengthOf(rng: () => number, median: number, min: number, max: number): number {
  const u = Math.max(1e-9, rng())
  const v = rng()
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  return Math.max(min, Math.min(max, Math.round(median * Math.exp(0.6 * z))))
}

export interface TextMaker {
  /** A user question / an assistant answer of about `words` words. */
  message(role: 'user' | 'assistant', words: number): string
  title(firstMessage: string): string
}

export function englishMaker(corpus: Corpus, rng: () => number, tailUses: Map<string, number>): TextMaker {
  const word = (): string => {
    if (rng() < TAIL_RATE) {
      const w = corpus.englishTail[Math.floor(rng() * corpus.englishTail.length)]
      tailUses.set(w, (tailUses.get(w) ?? 0) + 1)
      return w
    }
    return corpus.english.sample(rng)
  }
  const sentence = (end: string): string => {
    const n = lengthOf(rng, 13, 4, 40)
    const ws: string[] = []
    for (let i = 0; i < n; i++) ws.push(word())
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1)
    for (let i = 1; i < n - 1; i++) if (rng() < 0.06) ws[i] += ','
    return ws.join(' ') + end
  }
  const paragraph = (words: number, end: () => string): string => {
    const out: string[] = []
    let count = 0
    while (count < words) {
      const s = sentence(end())
      out.push(s)
      count += s.split(' ').length
    }
    return out.join(' ')
  }
  return {
    message(role, words) {
      if (role === 'user') return paragraph(words, () => (rng() < 0.5 ? '?' : '.'))
      const blocks: string[] = []
      let left = words
      while (left > 0) {
        const r = rng()
        if (r < 0.12 && blocks.length > 0) {
          const items: string[] = []
          for (let i = 0, n = 2 + Math.floor(rng() * 4); i < n; i++) items.push(`- ${sentence('')}`)
          blocks.push(items.join('\n'))
          left -= items.join(' ').split(' ').length
        } else if (r < 0.16 && blocks.length > 0) {
          const lines: string[] = []
          for (let i = 0, n = 2 + Math.floor(rng() * 6); i < n; i++) lines.push(`const ${word().toLowerCase()} = ${word().toLowerCase()}(${word().toLowerCase()})`)
          blocks.push('```js\n' + lines.join('\n') + '\n```')
          left -= lines.length * 4
        } else {
          const n = Math.min(left, lengthOf(rng, 60, 15, 160))
          blocks.push(paragraph(n, () => '.'))
          left -= n
        }
      }
      return blocks.join('\n\n')
    },
    title(first) {
      const ws = first.replace(/[?.,]/g, '').split(/\s+/).slice(0, 3 + Math.floor(rng() * 5))
      return ws.join(' ')
    }
  }
}

export function chineseMaker(corpus: Corpus, rng: () => number, tailUses: Map<string, number>): TextMaker {
  const sentence = (end: string): string => {
    const n = lengthOf(rng, 9, 3, 30)
    let s = ''
    for (let i = 0; i < n; i++) {
      // Chinese chats about software mix in English terms now and then.
      const r = rng()
      if (r < TAIL_RATE) {
        const w = corpus.chineseTail[Math.floor(rng() * corpus.chineseTail.length)]
        tailUses.set(w, (tailUses.get(w) ?? 0) + 1)
        s += w
      } else s += r < 0.04 ? ` ${corpus.english.sample(rng)} ` : corpus.chinese.sample(rng)
      if (i > 2 && i < n - 2 && rng() < 0.08) s += '，'
    }
    return s.trim() + end
  }
  /** `words` is in English-word terms: a Chinese "word" here is ~1.6 characters. */
  const paragraph = (words: number, end: () => string): string => {
    let out = ''
    let count = 0
    while (count < words) {
      const s = sentence(end())
      out += s
      count += s.length / 2.5
    }
    return out
  }
  return {
    message(role, words) {
      if (role === 'user') return paragraph(words, () => (rng() < 0.5 ? '？' : '。'))
      const blocks: string[] = []
      let left = words
      while (left > 0) {
        if (rng() < 0.12 && blocks.length > 0) {
          const items: string[] = []
          for (let i = 0, n = 2 + Math.floor(rng() * 4); i < n; i++) items.push(`${i + 1}. ${sentence('')}`)
          blocks.push(items.join('\n'))
          left -= 20
        } else {
          const n = Math.min(left, lengthOf(rng, 60, 15, 160))
          blocks.push(paragraph(n, () => '。'))
          left -= n
        }
      }
      return blocks.join('\n\n')
    },
    title(first) {
      const plain = first.replace(/[？。，\s]/g, '')
      return plain.slice(0, 6 + Math.floor(rng() * 9))
    }
  }
}

/** Messages per conversation: mostly short, a long tail (up to 300), summing to MESSAGES exactly. */
function messageCounts(rng: () => number): number[] {
  const counts: number[] = []
  for (let i = 0; i < CONVERSATIONS; i++) counts.push(2 * Math.min(150, 1 + Math.floor(-Math.log(Math.max(1e-9, rng())) * 24)))
  let sum = counts.reduce((a, b) => a + b, 0)
  for (let i = 0; sum !== MESSAGES; i = (i + 1) % CONVERSATIONS) {
    if (sum < MESSAGES && counts[i] < 300) {
      counts[i] += 2
      sum += 2
    } else if (sum > MESSAGES && counts[i] > 2) {
      counts[i] -= 2
      sum -= 2
    }
  }
  return counts
}

export interface GenerateOptions {
  root: string
  log: (line: string) => void
}

/** Builds the cached history if absent; returns its folder (data/ + meta.json). */
export async function ensureHistory(opts: GenerateOptions): Promise<{ dir: string; meta: HistoryMeta; reused: boolean }> {
  const dir = cacheDir()
  const metaFile = path.join(dir, 'meta.json')
  if (existsSync(metaFile)) {
    return { dir, meta: JSON.parse(await readFile(metaFile, 'utf8')) as HistoryMeta, reused: true }
  }
  const partial = `${dir}.partial-${process.pid}`
  await rm(partial, { recursive: true, force: true })
  const started = performance.now()
  const corpus = loadCorpus(opts.root)
  const rng = createRng(SEED)
  const tailUses = new Map<string, number>()
  const en = englishMaker(corpus, rng, tailUses)
  const chineseUses = new Map<string, number>()
  const zh = chineseMaker(corpus, rng, chineseUses)
  const counts = messageCounts(rng)
  const anchor = Math.floor(Date.now() / 60_000) * 60_000
  // Conversation start times over two years, denser recently (people use the app more over
  // time), sorted so creation order follows time as in a real history.
  const starts = counts.map(() => anchor - Math.pow(rng(), 1.6) * SPAN_DAYS * DAY - 3_600_000).sort((a, b) => a - b)

  const { store } = await openConversationStore({ dataDir: path.join(partial, 'data') })
  let messages = 0
  let chineseConversations = 0
  let textChars = 0
  try {
    for (let b = 0; b < CONVERSATIONS; b += BATCH) {
      const items: ImportedConversation[] = []
      for (let i = b; i < Math.min(CONVERSATIONS, b + BATCH); i++) {
        const chinese = rng() < 0.25
        if (chinese) chineseConversations++
        const maker = chinese ? zh : en
        const id = uuid(rng)
        let t = Math.floor(starts[i])
        const createdAt = t
        const msgs: Message[] = []
        // One conversation in ten is picked up again days later.
        const resumeAt = rng() < 0.1 ? Math.floor(counts[i] * (0.3 + rng() * 0.5)) : -1
        for (let m = 0; m < counts[i]; m++) {
          const role = m % 2 === 0 ? 'user' : 'assistant'
          const words = role === 'user' ? lengthOf(rng, 18, 2, 150) : lengthOf(rng, 72, 10, 900)
          const text = maker.message(role, words)
          textChars += text.length
          if (m === resumeAt) t += Math.floor(rng() * 20 * DAY)
          t += role === 'user' ? 20_000 + Math.floor(rng() * 240_000) : 2_000 + Math.floor(rng() * 40_000)
          msgs.push({
            id: uuid(rng),
            conversationId: id,
            role,
            parts: [{ type: 'text', text }],
            ...(role === 'assistant' ? { model: 'gpt-4o' } : {}),
            status: 'complete',
            createdAt: Math.min(t, anchor - (CONVERSATIONS - i)),
            updatedAt: Math.min(t, anchor - (CONVERSATIONS - i))
          })
        }
        const first = msgs[0].parts[0]
        const updatedAt = msgs[msgs.length - 1].createdAt
        items.push({
          conversation: { id, title: maker.title(first.type === 'text' ? first.text : 'Chat'), titleIsAuto: true, providerId: 'openai', model: 'gpt-4o', createdAt, updatedAt },
          messages: msgs
        })
        messages += msgs.length
      }
      await store.importConversations(items)
      if ((b / BATCH) % 5 === 4) opts.log(`generated ${b + BATCH} conversations, ${messages} messages (${Math.round((performance.now() - started) / 1000)} s)`)
    }
  } finally {
    await store.close()
  }
  let dbBytes = 0
  for (const f of await readdir(path.join(partial, 'data'))) if (f.startsWith('omnidesk.db')) dbBytes += (await stat(path.join(partial, 'data', f))).size
  // The least used tail words (a spread of them, not just the alphabet's start).
  const leastUsed = (uses: Map<string, number>): Array<{ word: string; uses: number }> =>
    [...uses]
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 400)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .filter((_, i) => i % 20 === 0)
      .map(([word, n]) => ({ word, uses: n }))
  const meta: HistoryMeta = {
    version: GENERATOR_VERSION,
    conversations: CONVERSATIONS,
    messages,
    chineseConversations,
    dbBytes,
    generationMs: Math.round(performance.now() - started),
    generatedAt: new Date().toISOString(),
    anchor,
    rareEnglish: leastUsed(tailUses),
    rareChinese: leastUsed(chineseUses),
    corpus: { ...corpus.sources, englishVocabulary: corpus.english.words.length, chineseVocabulary: corpus.chinese.words.length },
    textChars
  }
  await writeFile(path.join(partial, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`)
  await rm(dir, { recursive: true, force: true })
  await rename(partial, dir)
  return { dir, meta, reused: false }
}

/** A private copy of the cached history's data folder (for a measurement that writes). */
export async function copyHistory(dir: string, to: string): Promise<string> {
  await mkdir(to, { recursive: true })
  const data = path.join(to, 'data')
  await cp(path.join(dir, 'data'), data, { recursive: true })
  return data
}

if (require.main === module) {
  const root = path.resolve(__dirname, '../..')
  ensureHistory({ root, log: (line) => console.log(`[history:generate] ${line}`) })
    .then(({ dir, meta, reused }) => console.log(`${reused ? 'reused' : 'generated'} ${dir}: ${JSON.stringify({ ...meta, rareEnglish: meta.rareEnglish.length, rareChinese: meta.rareChinese.length })}`))
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
