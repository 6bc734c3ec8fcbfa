/**
 * Settings' search box: which settings a query finds. A setting matches when every word of the
 * query is in its label, hint, value or choices (so "dark" finds Theme), accents, case and width
 * ignored; Chinese needs no spaces (每个字 is matched as typed).
 */

/** Lower case, accents off, full-width forms folded (ＡＢＣ → abc), runs of space collapsed. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** The query's words, normalised; empty when the query is blank. */
export function queryWords(query: string): string[] {
  const q = normalizeForSearch(query)
  return q ? q.split(' ') : []
}

/** True when `text` holds every word of the query (an empty query matches everything). */
export function matchesWords(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return true
  const haystack = normalizeForSearch(text)
  return words.every((w) => haystack.includes(w))
}
