/**
 * Release notes as plain text. electron-updater gives them as a string (GitHub renders the
 * release's markdown to HTML) or, with `fullChangelog`, as a list of { version, note }. The
 * renderer shows text only (white-space kept), so no markup from a release ever reaches the DOM.
 */

export const MAX_NOTES_CHARS = 20_000

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase()
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? whole
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? whole
    return ENTITIES[lower] ?? whole
  })
}

function safeCodePoint(code: number): string | undefined {
  if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined
  return String.fromCodePoint(code)
}

/** HTML (or markdown, left as it is) to readable text: list items as bullets, blocks as lines. */
export function htmlToText(html: string): string {
  const isHtml = /<\/?[a-z][^>]*>/i.test(html)
  // In HTML a line break in the source is a space: the tags say where lines end.
  const text = (isHtml ? html.replace(/\s*\n\s*/g, ' ') : html)
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n• ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|pre|blockquote|tr|table)\s*>/gi, '\n')
    .replace(/<(p|div|h[1-6]|ul|ol|pre|blockquote|tr|table)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (isHtml ? line.replace(/[ \t]+/g, ' ').trim() : line.trimEnd()))
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n')
}

/** electron-updater's `releaseNotes` (string, list of { version, note }, null) as text, capped. */
export function releaseNotesText(notes: unknown): string {
  let text = ''
  if (typeof notes === 'string') text = htmlToText(notes)
  else if (Array.isArray(notes)) {
    text = notes
      .map((entry: unknown) => {
        const { version, note } = (entry ?? {}) as { version?: unknown; note?: unknown }
        const body = typeof note === 'string' ? htmlToText(note) : ''
        return typeof version === 'string' && version ? (body ? `${version}\n${body}` : version) : body
      })
      .filter(Boolean)
      .join('\n\n')
  }
  return text.length > MAX_NOTES_CHARS ? `${text.slice(0, MAX_NOTES_CHARS - 1)}…` : text
}
