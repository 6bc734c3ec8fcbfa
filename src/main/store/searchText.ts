/**
 * Text as the full-text index sees it, and user queries turned into safe FTS5 MATCH expressions.
 *
 * Why CJK needs help: FTS5's unicode61 tokenizer splits on spaces and punctuation, so a Chinese
 * or Japanese sentence (written without spaces) becomes ONE token and 天气 never matches inside
 * 今天天气很好. We index a copy of the text in which every CJK character is its own token (a
 * boundary mark is inserted next to it) and turn a CJK query word into a phrase of its
 * characters, which FTS5 matches only where those characters are adjacent, in order. Unlike the
 * trigram tokenizer this matches one- and two-character queries (most Chinese words are two
 * characters) through the index, with no LIKE scan, and keeps unicode61's case folding and
 * diacritics folding for the other scripts.
 *
 * The boundary mark is U+FDD0, a Unicode noncharacter (reserved for a program's internal use, so
 * it does not occur in real text): the tokenizer is told it is a separator, and removing it from
 * a snippet gives back the original text exactly, without spaces we would have had to guess
 * about.
 */

export const CJK_BOUNDARY = '\uFDD0'
/** Around matched terms in a snippet (see SearchHit). */
export const MATCH_START = '\u0001'
export const MATCH_END = '\u0002'
export const SNIPPET_ELLIPSIS = '…'

/** The tokenizer of the search table; changing it needs a migration that rebuilds the index. */
export const SEARCH_TOKENIZER = `unicode61 remove_diacritics 2 separators '${CJK_BOUNDARY}'`

/**
 * Characters written without spaces between words: Han (Chinese, kanji), kana, Hangul, Bopomofo.
 * Script_Extensions rather than Script, so marks shared by these scripts (the Japanese long
 * vowel mark ー) count too. Only letters and numbers: CJK punctuation is a separator anyway.
 */
const CJK = String.raw`(?:(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}])`
/** Roughly what unicode61 keeps in tokens (letters, numbers, private use), plus marks. */
const WORD_CHAR = String.raw`[\p{L}\p{N}\p{Co}\p{M}]`

/** Every place where a CJK character touches another word character. */
const CJK_EDGE = new RegExp(`(?<=${CJK})(?=${WORD_CHAR})|(?<=${WORD_CHAR})(?=${CJK})`, 'gu')
const CJK_CHAR = new RegExp(`^${CJK}$`, 'u')
const INDEXABLE_CHAR = /[\p{L}\p{N}\p{Co}]/u
const LAST_INDEXABLE_CHAR = /[\p{L}\p{N}\p{Co}](?=[^\p{L}\p{N}\p{Co}]*$)/u
/** Our own markers must only ever come from us, in the index and in snippets. */
const RESERVED_CHARS = /[\u0001\u0002\uFDD0]/gu

function separateCjk(text: string, separator: string): string {
  return text.replace(CJK_EDGE, separator)
}

/** The copy of `text` stored in the search index. */
export function toIndexText(text: string): string {
  return separateCjk(text.replace(RESERVED_CHARS, ' '), CJK_BOUNDARY)
}

/**
 * A FTS5 MATCH expression for what the user typed, or undefined when it contains nothing
 * searchable (only punctuation or emoji, which the tokenizer drops).
 *
 * Each whitespace-separated word becomes a double-quoted FTS5 string, so operators, column
 * filters, `*`, `^`, parentheses and quotes in user input are plain text (a `"` is escaped by
 * doubling it); the tokenizer then splits the string exactly as it split the indexed text, so
 * `e-mail` matches the phrase "e mail" and `天气` the phrase "天 气". Words are ANDed. The last
 * word is a prefix when it ends in a non-CJK letter (search as you type); a CJK character is a
 * whole token, so a prefix would add nothing there. `prefixFrom`: a last word shorter than this
 * many letters is not a prefix (the sidebar: "th" would be every word starting with th): alone,
 * a whole word; after other words, left out while it is being typed.
 */
export function buildMatchQuery(query: string, opts: { prefixFrom?: number } = {}): string | undefined {
  const words = query
    .replace(RESERVED_CHARS, ' ')
    .split(/\s+/u)
    .filter((word) => INDEXABLE_CHAR.test(word))
  if (words.length === 0) return undefined
  // A short word being typed after others ("harbour li") is left out until it is long enough to
  // be a prefix: the results stay those of the words before it, and narrow as it grows.
  const last = words[words.length - 1]
  if (words.length > 1 && endsInNonCjkLetter(last) && indexableLength(last) < (opts.prefixFrom ?? 1)) words.pop()
  return words
    .map((word, index) => {
      const phrase = `"${separateCjk(word, ' ').replaceAll('"', '""')}"`
      const isLast = index === words.length - 1
      const prefix = isLast && endsInNonCjkLetter(word) && indexableLength(word) >= (opts.prefixFrom ?? 1)
      return prefix ? `${phrase}*` : phrase
    })
    .join(' AND ')
}

function indexableLength(word: string): number {
  return [...word].filter((c) => INDEXABLE_CHAR.test(c)).length
}

function endsInNonCjkLetter(word: string): boolean {
  const last = LAST_INDEXABLE_CHAR.exec(word)?.[0]
  return last !== undefined && !CJK_CHAR.test(last)
}

/** An FTS5 snippet of indexed text, made readable: boundary marks and markdown syntax removed, one line. */
export function readableSnippet(indexedSnippet: string): string {
  return stripMarkdown(indexedSnippet.replaceAll(CJK_BOUNDARY, '')).replace(/\s+/gu, ' ').trim()
}

/**
 * Markdown syntax taken out of a snippet: the index holds answers as the model wrote them, and
 * a result list showing `## Title`, `**bold**` or `| a | b |` reads as noise. Done on the few
 * snippets shown rather than on the indexed text, so the index (and its migration) stays as it
 * is and search speed does not change. Line-based rules run before the snippet becomes one line.
 * A snippet may start or end inside a construct (FTS5 cuts by tokens), so every rule also takes
 * its half-open form; match marks (\u0001 … \u0002) pass through untouched.
 */
export function stripMarkdown(text: string): string {
  return (
    text
      // Code fences (with their language) and table separator rows carry no words.
      .replace(/^[ \t]*(?:```|~~~)[^\n]*$/gmu, '')
      .replace(/^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/gmu, '')
      // Headings, quotes and bullets at the start of a line (a snippet may start with "…").
      .replace(/^([ \t]*…?)(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?)/gmu, '$1')
      // Images and links → their text; the address is left out (also when the snippet cut it).
      .replace(/!?\[([^\]\n]*)\]\([^)\n]*(?:\)|$)/gmu, '$1')
      .replace(/!?\[([^\]\n]*)\]\[[^\]\n]*\]/gu, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/gu, '$1')
      // Table cell borders → a space between cells.
      .replace(/[ \t]*(?<!\\)\|[ \t]*/gu, ' ')
      // Emphasis and inline code: the markers, never the words. A lone `*` between spaces
      // (2 * 3) and snake_case stay.
      .replace(/(?<!\\)(?:\*{2,3}|_{2,3}|~~|`+)/gu, '')
      .replace(/(?<![\p{L}\p{N}\\])[*_](?=\S)|(?<=\S)(?<!\\)[*_](?![\p{L}\p{N}])/gu, '')
      // Backslash escapes of markdown punctuation → the punctuation.
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/gu, '$1')
  )
}
