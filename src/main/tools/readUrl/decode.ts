/**
 * Bytes → text for read_url: which charset a page is in, and what kind of content it is.
 *
 * The charset is chosen the way a browser does, in order: a byte-order mark, the Content-Type
 * header, a `<meta charset>` (or `http-equiv`) near the top of an HTML page, else UTF-8. Many
 * Chinese and Japanese sites still serve GBK / GB18030 / Shift_JIS and say so only in a meta tag.
 * TextDecoder (WHATWG Encoding, with Node's full ICU) knows all of these labels (gb2312 → gbk,
 * x-sjis → shift_jis …), so no extra package is needed.
 */

/** The WHATWG name of a charset label, or undefined when TextDecoder does not know it. */
function known(label: string | undefined): string | undefined {
  if (!label) return undefined
  try {
    return new TextDecoder(label.trim()).encoding
  } catch {
    return undefined
  }
}

function bomCharset(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8'
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le'
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be'
  return undefined
}

/**
 * The charset an HTML page declares in a meta tag. Browsers look at the first 1024 bytes; pages
 * with long heads put it later and browsers then re-parse, so this looks a little further.
 */
function metaCharset(body: Uint8Array): string | undefined {
  // latin1 maps every byte to one character, so ASCII markup is found whatever the real charset.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 8192)).toString('latin1')
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const label = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag)?.[1]
    const name = known(label)
    // A page cannot really be UTF-16 if its ASCII meta tag was readable: the spec says UTF-8 then.
    if (name) return name.startsWith('utf-16') ? 'utf-8' : name
  }
  return undefined
}

/** Chooses the charset (see the module comment). `html` enables the meta-tag scan. */
export function chooseCharset(body: Uint8Array, headerCharset: string | undefined, html: boolean): string {
  return bomCharset(body) ?? known(headerCharset) ?? (html ? metaCharset(body) : undefined) ?? guessUtf8OrLegacy(body)
}

/**
 * Nothing declared: UTF-8 if the bytes are valid UTF-8, else windows-1252 (what browsers fall
 * back to in the West; a wrong guess for undeclared CJK pages, but nothing declared is a guess).
 */
function guessUtf8OrLegacy(body: Uint8Array): string {
  try {
    // stream: an incomplete character at the end (a body cut at the byte limit) is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true })
    return 'utf-8'
  } catch {
    return 'windows-1252'
  }
}

/**
 * Decodes with `charset`. `truncated`: the body was cut at the byte limit, so a character split
 * at the end is dropped rather than shown as U+FFFD.
 */
export function decodeText(body: Uint8Array, charset: string, truncated: boolean): string {
  return new TextDecoder(charset).decode(body, { stream: truncated })
}

/** What read_url does with a response, by its media type (and, when the server sent none, its first bytes). */
export type ContentKind =
  | { kind: 'html' }
  | { kind: 'text'; flavour: 'plain' | 'markdown' | 'json' }
  | { kind: 'unsupported'; what: string }
  /** No useful type: read the body, then ask sniffContent. */
  | { kind: 'unknown' }

const TEXT_TYPES = new Set([
  'application/xml',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/x-sh',
  'application/x-yaml',
  'application/yaml',
  'application/toml'
])

/** `mime` is lower case without parameters. */
export function contentKind(mime: string): ContentKind {
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return { kind: 'html' }
  if (mime === 'text/markdown' || mime === 'text/x-markdown') return { kind: 'text', flavour: 'markdown' }
  if (mime === 'application/json' || mime.endsWith('+json')) return { kind: 'text', flavour: 'json' }
  // Feeds, CSV, source code, XML: readable as they are.
  if (mime.startsWith('text/') || mime.endsWith('+xml') || TEXT_TYPES.has(mime)) return { kind: 'text', flavour: 'plain' }
  if (mime === 'application/pdf') return { kind: 'unsupported', what: 'a PDF; reading PDFs is not supported yet' }
  if (mime.startsWith('image/')) return { kind: 'unsupported', what: `an image (${mime}); read_url reads web pages and text, not images` }
  if (mime.startsWith('audio/') || mime.startsWith('video/')) {
    return { kind: 'unsupported', what: `${mime.startsWith('audio/') ? 'an audio' : 'a video'} file (${mime}); read_url reads web pages and text only` }
  }
  // No type, or the catch-all "some bytes": the body has to be looked at, as browsers do.
  if (mime === '' || mime === 'application/octet-stream' || mime === 'binary/octet-stream') return { kind: 'unknown' }
  return { kind: 'unsupported', what: `a file of type ${mime.slice(0, 100)}, not a web page or text; read_url cannot read it` }
}

/** What the first bytes of a body look like (for a response without a useful type). */
export function sniffContent(start: Uint8Array, mime: string): Exclude<ContentKind, { kind: 'unknown' }> {
  const head = Buffer.from(start.buffer, start.byteOffset, Math.min(start.length, 1024)).toString('latin1')
  if (head.startsWith('%PDF-')) return { kind: 'unsupported', what: 'a PDF; reading PDFs is not supported yet' }
  if (/^\s*(<!doctype html|<html|<head|<body|<!--)/i.test(head)) return { kind: 'html' }
  if (!head.includes('\0')) return { kind: 'text', flavour: /^\s*[[{]/.test(head) ? 'json' : 'plain' }
  return { kind: 'unsupported', what: `a binary file${mime ? ` (${mime})` : ''}, not a web page or text; read_url cannot read it` }
}
