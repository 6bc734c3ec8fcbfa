/**
 * Plain text out of what search services put in titles and snippets. Brave marks the query words
 * with <strong> and escapes characters as HTML entities; other services now and then let markup
 * through too. The model and the sources list want plain text, so every backend's strings pass
 * through `cleanText`.
 */

/** A start or end tag (`<strong>`, `</a>`, `<br/>`), never a lone `<` as in "a < b". */
const TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi
/** One entity, decoded in a single pass so `&amp;lt;` becomes the text `&lt;`, not `<`. */
const ENTITY = /&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  times: '×'
}

function decodeEntity(match: string, name: string): string {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    // No NUL, no lone surrogates, nothing past Unicode: keep such a reference as written.
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
    return valid ? String.fromCodePoint(code) : match
  }
  return NAMED[name.toLowerCase()] ?? match
}

/** Tags stripped, entities decoded, runs of whitespace (newlines too) as one space, trimmed. */
export function cleanText(value: string): string {
  return value.replace(TAG, '').replace(ENTITY, decodeEntity).replace(/\s+/g, ' ').trim()
}

/** At most `max` characters, cut at a word when one ends near the limit, with an ellipsis. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}
