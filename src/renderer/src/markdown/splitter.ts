/**
 * Incremental block splitter for a streaming answer.
 *
 * The text is cut into top-level blocks (paragraph, heading, list, fenced code, table, block math,
 * blockquote...) with marked's block lexer. Blocks that can no longer change are frozen ("closed")
 * and never lexed again; each `update(fullText)` re-lexes only from the start of the first open
 * block, so the work per update is proportional to the growing tail, not to the answer.
 *
 * Cut points are at line starts: a block runs from the end of the previous block through the end
 * of its last content line (blank lines before a block belong to it). A block is closed when
 * nothing appended later can change how it lexes:
 *   - it terminates itself and its last line is complete: a fenced code block with its closing
 *     fence, a display-math block, an ATX heading, a thematic break;
 *   - or a later block has started and settled it: after a blank line, any block but a list is
 *     finished (a list may still continue with another item or an indented paragraph), and a
 *     block opening with an unclosed `$$`/`\[` is finished by nothing else (once closed,
 *     display math swallows every line up to its closer, whatever they look like); otherwise
 *     (and always for lists) the next block's first line must be complete — and its second too
 *     right after a paragraph — because a half-typed line ("2" → "2.", "#" → "#a", "|--" →
 *     "|--x") can still turn into a continuation of the block before it.
 *   The rules look at the text only, never at the next block's type (which may still change), so
 *   a block once closed stays closed.
 *
 * Invariant (tested at every prefix of a corpus): the blocks returned after any sequence of
 * appends equal the blocks a fresh splitter returns for the same text in one call.
 *
 * Known limits: reference-style link definitions only resolve within their own block; marked
 * lets a setext underline reach back over a table whose delimiter row has no pipe (":-"), which
 * this does not foresee.
 */
import type { Token } from 'marked'
import { isFenceClosed, lexBlocks } from './engine'
import { findPendingDisplayMath } from './math'

export interface MarkdownBlock {
  /** Stable for the life of the message: the block's index ("b0", "b1", ...). */
  readonly id: string
  /** The block's markdown, blank lines before it included. */
  readonly source: string
  /** Closed blocks never change; only open ones (the tail) re-render. */
  readonly closed: boolean
  /** marked's token type for the block ("paragraph", "code", "list", "blockMath"...). */
  readonly type: string
}

export interface BlockSplitter {
  /** Full text so far (append-only while streaming; anything else restarts the split). */
  update(fullText: string): MarkdownBlock[]
  /** After update(): the closed blocks. Same array instance until a block closes or a reset. */
  readonly closedBlocks: readonly MarkdownBlock[]
  /** After update(): the open tail blocks. */
  readonly openBlocks: readonly MarkdownBlock[]
  reset(): void
  /** Diagnostics: characters re-lexed by the last update. */
  readonly lastRelexedChars: number
}

interface Item {
  type: string
  raw: string
  start: number
}

const WS = new Set([' ', '\t', '\n'])

/** Offset just past the newline ending the item's last content line, or -1 if that line is incomplete. */
function contentLineEnd(tail: string, it: Item): number {
  let last = it.raw.length - 1
  while (last >= 0 && WS.has(it.raw[last])) last--
  const nl = tail.indexOf('\n', it.start + Math.max(last, 0) + 1)
  return nl === -1 ? -1 : nl + 1
}

/** Whether the first `lines` lines starting at `from` are complete (newline-terminated). */
function linesComplete(tail: string, from: number, lines: number): boolean {
  let pos = from
  for (let i = 0; i < lines; i++) {
    const nl = tail.indexOf('\n', pos)
    if (nl === -1) return false
    pos = nl + 1
  }
  return true
}

function selfTerminating(it: Item): boolean {
  switch (it.type) {
    case 'code':
      return isFenceClosed(it.raw)
    case 'blockMath':
    case 'hr':
      return true
    case 'heading':
      return /^ {0,3}#/.test(it.raw)
    default:
      return false
  }
}

function isSettledBy(tail: string, it: Item, end: number, next: Item): boolean {
  const blankBetween = end < next.start
  // A block opening with an unclosed `$$` / `\[` (a paragraph, or a setext heading "$$\n-") may
  // still become display math swallowing every following line up to its closer; only a blank
  // line rules that out.
  if (it.type !== 'code' && findPendingDisplayMath(it.raw) === 0) return blankBetween
  if (blankBetween && it.type !== 'list') return true
  // The next block's first line must be complete; after a paragraph its second line too (a
  // table's delimiter row could still turn invalid and fold the table back into the paragraph).
  // These depend only on the text, not on the next block's type, so once true they stay true.
  return linesComplete(tail, next.start, it.type === 'paragraph' && !blankBetween ? 2 : 1)
}

/** Original-text length of the first `normLen` characters of `orig` once CRLF/CR became LF. */
function originalLength(orig: string, normLen: number): number {
  let i = 0
  let n = 0
  while (n < normLen && i < orig.length) {
    if (orig.charCodeAt(i) === 13 && orig.charCodeAt(i + 1) === 10) i += 2
    else i += 1
    n++
  }
  return i
}

export function createBlockSplitter(): BlockSplitter {
  let closed: MarkdownBlock[] = []
  let closedView: readonly MarkdownBlock[] = closed
  let stableEnd = 0 // offset in the original text where the open tail starts
  let lastText = ''
  let lastBlocks: MarkdownBlock[] = []
  let openBlocks: MarkdownBlock[] = []
  let relexed = 0

  function reset(): void {
    closed = []
    closedView = closed.slice()
    stableEnd = 0
    lastText = ''
    lastBlocks = []
    openBlocks = []
  }

  function continues(text: string): boolean {
    if (text.length < lastText.length) return false
    // Append-only is the contract; check the part we would otherwise trust blindly cheaply:
    // the tail we are about to re-lex anyway, the char before it and the very beginning.
    const from = Math.max(0, stableEnd - 1)
    if (!text.startsWith(lastText.slice(from), from)) return false
    const head = Math.min(64, stableEnd)
    return head === 0 || text.startsWith(lastText.slice(0, head))
  }

  function update(input: string): MarkdownBlock[] {
    // A lone trailing CR may be the first half of CRLF: wait for the next chunk.
    const text = input.charCodeAt(input.length - 1) === 13 ? input.slice(0, -1) : input
    if (text === lastText && lastText !== '') return lastBlocks
    if (!continues(text)) reset()
    lastText = text

    const tailOrig = text.slice(stableEnd)
    const tail = tailOrig.indexOf('\r') === -1 ? tailOrig : tailOrig.replace(/\r\n?/g, '\n')
    relexed = tail.length
    const tokens = lexBlocks(tail)

    const items: Item[] = []
    let off = 0
    for (const t of tokens as Token[]) {
      if (t.type !== 'space') items.push({ type: t.type, raw: t.raw, start: off })
      off += t.raw.length
    }
    if (off !== tail.length) {
      // marked's raws should always tile the source; if not, keep everything as one open block.
      items.length = 0
      if (tail.trim()) items.push({ type: 'paragraph', raw: tail, start: 0 })
    }

    // Freeze every leading block that is settled.
    let cut = 0
    let i = 0
    for (; i < items.length; i++) {
      const it = items[i]
      const end = contentLineEnd(tail, it)
      if (end === -1) break
      const next = items[i + 1]
      const settled = selfTerminating(it) || (next !== undefined && isSettledBy(tail, it, end, next))
      if (!settled) break
      closed.push({ id: `b${closed.length}`, source: tail.slice(cut, end), closed: true, type: it.type })
      cut = end
    }
    if (cut > 0) {
      stableEnd += tail === tailOrig ? cut : originalLength(tailOrig, cut)
      closedView = closed.slice()
    }

    // The rest is the open tail, one block per remaining top-level token.
    const open: MarkdownBlock[] = []
    let from = cut
    for (; i < items.length; i++) {
      const isLast = i === items.length - 1
      const end = isLast ? tail.length : contentLineEnd(tail, items[i])
      const id = `b${closed.length + open.length}`
      const source = tail.slice(from, end === -1 ? tail.length : end)
      const prev = openBlocks[open.length]
      const type = items[i].type
      open.push(prev && prev.id === id && prev.source === source && prev.type === type ? prev : { id, source, closed: false, type })
      from = end
    }
    openBlocks = open
    lastBlocks = open.length ? closed.concat(open) : closed.slice()
    return lastBlocks
  }

  return {
    update,
    reset,
    get closedBlocks() {
      return closedView
    },
    get openBlocks() {
      return openBlocks
    },
    get lastRelexedChars() {
      return relexed
    }
  }
}
