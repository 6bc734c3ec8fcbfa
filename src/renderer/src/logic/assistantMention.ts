/**
 * `@name` in the composer: the word being typed after an `@` picks the assistant the chat talks
 * to. Pure: which part of the text is the mention, which assistants it matches (best first), and
 * the text once the mention is taken out.
 */

/** Longest mention looked at: a name, not a sentence. */
const MAX_QUERY = 40
/** Assistants offered at once: a short list the arrow keys walk. */
export const MENTION_CHOICES = 8

export interface Mention {
  /** Index of the `@`. */
  start: number
  /** Index after the last character of the mention (the caret). */
  end: number
  /** What follows the `@`, as typed. */
  query: string
}

/**
 * The mention the caret is in: an `@` at the start of the text or after a space or line break,
 * then at most MAX_QUERY characters up to the caret, on one line. An e-mail address
 * (`me@example.com`) is not one: its `@` follows a letter.
 */
export function mentionAt(text: string, caret: number): Mention | undefined {
  if (caret < 1 || caret > text.length) return undefined
  const line = text.slice(0, caret)
  const at = line.lastIndexOf('@')
  if (at === -1 || caret - at - 1 > MAX_QUERY) return undefined
  if (at > 0 && !/\s/.test(line[at - 1])) return undefined
  const query = line.slice(at + 1)
  if (/[\n\r@]/.test(query)) return undefined
  // Names have spaces ("Writing editor"), but a mention that already ends in a space and matches
  // nothing is just text: matching decides (see matchAssistants).
  if (/^\s/.test(query) || /\s{2}/.test(query)) return undefined
  return { start: at, end: caret, query }
}

/**
 * Assistants whose name matches the query, best first: the name starts with it, then a word of
 * the name does, then it appears anywhere; ties keep the list's order (most recently changed first).
 * Case and accents do not matter.
 */
export function matchAssistants<T extends { name: string }>(assistants: readonly T[], query: string): T[] {
  const q = fold(query.trim())
  if (!q) return assistants.slice(0, MENTION_CHOICES)
  const ranked: Array<{ item: T; rank: number; index: number }> = []
  assistants.forEach((item, index) => {
    const name = fold(item.name)
    const rank = name.startsWith(q) ? 0 : name.split(/[\s\-_/·]+/).some((w) => w.startsWith(q)) ? 1 : name.includes(q) ? 2 : -1
    if (rank >= 0) ranked.push({ item, rank, index })
  })
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index)
  return ranked.slice(0, MENTION_CHOICES).map((r) => r.item)
}

/** The text without the mention (and the one space after it), and where the caret goes. */
export function removeMention(text: string, mention: Mention): { text: string; caret: number } {
  const after = text.slice(mention.end).replace(/^ /, '')
  const before = text.slice(0, mention.start)
  return { text: before + after, caret: before.length }
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}
