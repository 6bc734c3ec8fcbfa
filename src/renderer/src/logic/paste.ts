/**
 * Large pastes: a megabyte in a textarea makes every keystroke slow, so past a threshold the
 * composer keeps the pasted text aside as a chip ("Pasted text · 1.0 MB") and appends it to the
 * typed text when sending. Pure functions only.
 */

/** A paste longer than this many characters, or lines, is collapsed into a chip. */
export const PASTE_COLLAPSE_CHARS = 5_000
export const PASTE_COLLAPSE_LINES = 80

export interface PastedBlock {
  id: string
  text: string
  /** UTF-8 size in bytes (what the user thinks of as the file size). */
  bytes: number
  lines: number
  /** Only whitespace: nothing to send (computed once, not per keystroke). */
  blank: boolean
}

export function countLines(text: string): number {
  if (!text) return 0
  let n = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** True when the pasted text should become a chip instead of going into the textarea. */
export function shouldCollapsePaste(text: string): boolean {
  if (text.length > PASTE_COLLAPSE_CHARS) return true
  // Only count lines when it could matter (cheap either way, but skip the scan for short text).
  return text.length > PASTE_COLLAPSE_LINES && countLines(text) > PASTE_COLLAPSE_LINES
}

/** UTF-8 byte length without TextEncoder (works the same in every runtime). */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** Decimal units, like the OS file browsers: 1,000,000 bytes → "1.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

export function makePastedBlock(id: string, text: string): PastedBlock {
  return { id, text, bytes: utf8Length(text), lines: countLines(text), blank: !/\S/.test(text) }
}

/** The preview shown when a chip is expanded: the start of the text, never the whole megabyte. */
export const PASTE_PREVIEW_CHARS = 3_000

export function pastePreview(text: string): { preview: string; restChars: number } {
  if (text.length <= PASTE_PREVIEW_CHARS) return { preview: text, restChars: 0 }
  return { preview: text.slice(0, PASTE_PREVIEW_CHARS), restChars: text.length - PASTE_PREVIEW_CHARS }
}

/** The message actually sent: the typed text, then each pasted block, separated by a blank line. */
export function composeMessage(typed: string, blocks: readonly PastedBlock[]): string {
  const parts: string[] = []
  if (typed.trim()) parts.push(typed.trimEnd())
  for (const b of blocks) if (!b.blank) parts.push(b.text)
  return parts.join('\n\n')
}

/** Send is possible when there is something other than whitespace to send. */
export function canSend(typed: string, blocks: readonly PastedBlock[]): boolean {
  return typed.trim().length > 0 || blocks.some((b) => !b.blank)
}

/** Total characters the message would have (to check against MAX_MESSAGE_CHARS before sending). */
export function composedLength(typed: string, blocks: readonly PastedBlock[]): number {
  // Same result as composeMessage(...).length, without building a megabyte string per keystroke.
  let total = 0
  let parts = 0
  if (typed.trim()) {
    total += typed.trimEnd().length
    parts++
  }
  for (const b of blocks) {
    if (b.blank) continue
    total += b.text.length
    parts++
  }
  return parts > 1 ? total + 2 * (parts - 1) : total
}

/** Longest typed text splitSentMessage looks for before a paste (a question, not an essay). */
const SENT_TYPED_MAX_CHARS = 2_000

/**
 * A sent message as the composer built it (composeMessage): the typed text, then the pasted
 * blocks. The message stores one string, so the boundary is found again: the first blank line,
 * early in the message, after which the rest is a paste the composer would have made a chip of.
 * No such boundary: the whole message is the paste. A short message has no paste.
 */
export function splitSentMessage(text: string): { typed: string; pasted: string } {
  if (!shouldCollapsePaste(text)) return { typed: text, pasted: '' }
  const boundary = text.indexOf('\n\n')
  if (boundary > 0 && boundary <= SENT_TYPED_MAX_CHARS && /\S/.test(text.slice(0, boundary))) {
    const pasted = text.slice(boundary + 2)
    if (shouldCollapsePaste(pasted)) return { typed: text.slice(0, boundary), pasted }
  }
  return { typed: '', pasted: text }
}

/** A sent paste shows this much until "Show more"… */
export const SENT_PASTE_PREVIEW = { lines: 12, chars: 1_500 }
/** …and each "Show more" adds at most this much: a megabyte is never laid out in one go. */
export const SENT_PASTE_STEP = { lines: 500, chars: 50_000 }

/**
 * Where the shown part of `text` ends after revealing `step.lines` more lines from `from`,
 * cut at `step.chars` characters (a log with one megabyte-long line still comes in steps).
 */
export function revealEnd(text: string, from: number, step: { lines: number; chars: number }): number {
  const limit = Math.min(text.length, from + step.chars)
  let end = from
  for (let n = 0; n < step.lines; n++) {
    const newline = text.indexOf('\n', end)
    if (newline === -1 || newline >= limit) return limit
    end = newline + 1
  }
  return end
}
