/**
 * Word-frequency samplers built from real text available offline, for the history bench's
 * generated conversations.
 *
 * English: the U.S. Constitution passages of bench/knowledge.bench.ts plus the licences in
 * /usr/share/common-licenses (GPL, Apache, MPL, GFDL... real legal prose), counted word by word
 * and the prose of node_modules READMEs (technical English, code blocks and identifiers dropped),
 * lower-cased, with the capitalised form kept when a word is usually capitalised. Words seen at
 * most twice in all of it form a tail of rare words, drawn with a small probability and
 * uniformly, so each occurs a handful of times in the whole history (what a name or a term of
 * art does in real chats).
 *
 * Chinese: the zh-CN UI strings (src/renderer/src/i18n), the assistants library's zh-CN texts
 * (src/shared/assistants/library.ts) and the Chinese READMEs in node_modules (exceljs, mermaid).
 * Runs of Han characters are cut into words of 1–3 characters: a 3- or 2-character n-gram that
 * occurs at least 3 times in the corpus is a word, else a single character (greedy, longest
 * first), then counted. Rare Chinese terms: the corpus's 3-character sequences seen once.
 *
 * Sampling is by the counted frequency (the empirical rank/frequency curve of real text is
 * Zipf-like), through a cumulative table and a binary search, with a seeded PRNG.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface WordSampler {
  /** Distinct words, most frequent first. */
  words: string[]
  counts: number[]
  sample(rng: () => number): string
}

function samplerOf(counts: Map<string, number>): WordSampler {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const words = entries.map((e) => e[0])
  const freq = entries.map((e) => e[1])
  const cumulative = new Float64Array(words.length)
  let total = 0
  for (let i = 0; i < words.length; i++) cumulative[i] = total += freq[i]
  return {
    words,
    counts: freq,
    sample(rng) {
      const x = rng() * total
      let lo = 0
      let hi = words.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cumulative[mid] > x) hi = mid
        else lo = mid + 1
      }
      return words[lo]
    }
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/** The Constitution passages' text from bench/knowledge.bench.ts (`text: '…'` literals). */
function constitution(root: string): string {
  const src = read(path.join(root, 'bench/knowledge.bench.ts'))
  const out: string[] = []
  for (const m of src.matchAll(/text: '((?:[^'\\]|\\.)*)'/g)) out.push(m[1].replace(/\\'/g, "'"))
  return out.join('\n')
}

const LICENCES = ['GPL-3', 'GPL-2', 'LGPL-3', 'LGPL-2.1', 'Apache-2.0', 'MPL-2.0', 'GFDL-1.3', 'Artistic', 'BSD', 'CC0-1.0', 'MPL-1.1', 'GPL-1']

/** Prose of Markdown: fenced code, inline code, links' targets, HTML and tables dropped. */
function markdownProse(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s*\|.*$/gm, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
}

const ENGLISH_WORD = /[A-Za-z]+(?:'[a-z]+)?/g

export interface Corpus {
  english: WordSampler
  /** Rare words (README prose not in the main corpus): drawn uniformly. */
  englishTail: string[]
  chinese: WordSampler
  /** Rare Chinese terms: 3-character sequences seen once in the corpus, drawn uniformly. */
  chineseTail: string[]
  /** What was read, for the notes. */
  sources: { englishTokens: number; englishFiles: number; tailWords: number; chineseChars: number; chineseFiles: string[] }
}

export function loadCorpus(root: string): Corpus {
  // --- English ------------------------------------------------------------------------------
  const texts = [constitution(root)]
  let englishFiles = 1
  for (const name of LICENCES) {
    const t = read(path.join('/usr/share/common-licenses', name))
    if (t) {
      texts.push(t)
      englishFiles++
    }
  }
  const lower = new Map<string, number>()
  const capital = new Map<string, number>()
  let englishTokens = 0
  const count = (w: string): void => {
    const key = w.toLowerCase()
    lower.set(key, (lower.get(key) ?? 0) + 1)
    if (w !== key) capital.set(key, (capital.get(key) ?? 0) + 1)
    englishTokens++
  }
  for (const t of texts) {
    for (const m of t.matchAll(ENGLISH_WORD)) {
      const w = m[0]
      if (w.length > 1 && w === w.toUpperCase()) continue // acronyms / headings in capitals
      count(w)
    }
  }

  // READMEs' prose (technical English, what many chats with an assistant are about) joins the
  // counts; the words seen at most twice in everything become the rare tail.
  const nm = path.join(root, 'node_modules')
  const readmes: string[] = []
  try {
    for (const dir of readdirSync(nm).sort()) {
      const pkgs = dir.startsWith('@') ? readdirSync(path.join(nm, dir)).sort().map((d) => path.join(dir, d)) : [dir]
      for (const p of pkgs) {
        for (const f of ['README.md', 'readme.md', 'Readme.md']) {
          const file = path.join(nm, p, f)
          if (existsSync(file) && statSync(file).size < 400_000) {
            readmes.push(file)
            break
          }
        }
      }
    }
  } catch {
    // no node_modules: licences and the Constitution only
  }
  for (const file of readmes) {
    for (const m of markdownProse(read(file)).matchAll(/\b[A-Za-z]{2,14}\b/g)) {
      const w = m[0]
      // identifiers (camelCase, PascalCase) are code, not prose
      if (/[a-z][A-Z]/.test(w) || (w.length > 1 && w === w.toUpperCase())) continue
      count(w)
    }
  }
  englishFiles += readmes.length
  const english = new Map<string, number>()
  const tail: string[] = []
  for (const [w, n] of lower) {
    // A word mostly written capitalised (States, Congress, Senate) keeps its capital.
    const form = (capital.get(w) ?? 0) * 2 > n ? w[0].toUpperCase() + w.slice(1) : w
    if (n <= 2 && w.length >= 4) tail.push(form)
    else english.set(form, n)
  }
  tail.sort()

  // --- Chinese ------------------------------------------------------------------------------
  const chineseFiles = [
    'src/renderer/src/i18n/zh-CN.ts',
    'src/renderer/src/i18n/assistants.ts',
    'src/renderer/src/i18n/memory.ts',
    'src/renderer/src/i18n/files.ts',
    'src/renderer/src/i18n/shell.ts',
    'src/shared/assistants/library.ts',
    'node_modules/exceljs/README_zh.md',
    'node_modules/mermaid/README.zh-CN.md'
  ].filter((f) => existsSync(path.join(root, f)))
  const runs: string[] = []
  for (const f of chineseFiles) for (const m of read(path.join(root, f)).matchAll(/[\u4e00-\u9fff]+/g)) runs.push(m[0])
  const grams = new Map<string, number>()
  let chineseChars = 0
  for (const r of runs) {
    chineseChars += r.length
    for (let n = 2; n <= 3; n++) for (let i = 0; i + n <= r.length; i++) grams.set(r.slice(i, i + n), (grams.get(r.slice(i, i + n)) ?? 0) + 1)
  }
  const chinese = new Map<string, number>()
  for (const r of runs) {
    for (let i = 0; i < r.length; ) {
      let n = 1
      if (i + 3 <= r.length && (grams.get(r.slice(i, i + 3)) ?? 0) >= 3) n = 3
      else if (i + 2 <= r.length && (grams.get(r.slice(i, i + 2)) ?? 0) >= 3) n = 2
      const w = r.slice(i, i + n)
      chinese.set(w, (chinese.get(w) ?? 0) + 1)
      i += n
    }
  }

  return {
    english: samplerOf(english),
    englishTail: tail,
    chinese: samplerOf(chinese),
    chineseTail: [...grams].filter(([g, n]) => g.length === 3 && n === 1).map(([g]) => g).sort(),
    sources: { englishTokens, englishFiles, tailWords: tail.length, chineseChars, chineseFiles }
  }
}
