// @vitest-environment jsdom
/** Large pastes become chips and are sent appended; long user messages are shown collapsed. */
import { describe, expect, it } from 'vitest'
import {
  PASTE_COLLAPSE_CHARS,
  PASTE_COLLAPSE_LINES,
  PASTE_PREVIEW_CHARS,
  canSend,
  composeMessage,
  composedLength,
  countLines,
  formatBytes,
  makePastedBlock,
  pastePreview,
  revealEnd,
  SENT_PASTE_STEP,
  shouldCollapsePaste,
  splitSentMessage,
  utf8Length
} from '../../src/renderer/src/logic/paste'
import { COLLAPSED_CHARS, collapsedPreview, isLongMessage } from '../../src/renderer/src/logic/longText'

const MB = 'x'.repeat(1_000_000)

describe('shouldCollapsePaste', () => {
  it('keeps ordinary pastes in the textarea', () => {
    expect(shouldCollapsePaste('hello')).toBe(false)
    expect(shouldCollapsePaste('a'.repeat(PASTE_COLLAPSE_CHARS))).toBe(false)
    expect(shouldCollapsePaste('line\n'.repeat(20))).toBe(false)
  })
  it('collapses long text', () => {
    expect(shouldCollapsePaste('a'.repeat(PASTE_COLLAPSE_CHARS + 1))).toBe(true)
    expect(shouldCollapsePaste(MB)).toBe(true)
  })
  it('collapses many short lines', () => {
    expect(shouldCollapsePaste('x\n'.repeat(PASTE_COLLAPSE_LINES + 5))).toBe(true)
  })
})

describe('sizes', () => {
  it('counts UTF-8 bytes', () => {
    expect(utf8Length('abc')).toBe(3)
    expect(utf8Length('é')).toBe(2)
    expect(utf8Length('中文')).toBe(6)
    expect(utf8Length('😀')).toBe(4)
    expect(utf8Length('a😀b')).toBe(6)
    const sample = 'héllo 中文 😀 \u{1F600}x'
    expect(utf8Length(sample)).toBe(new TextEncoder().encode(sample).length)
  })
  it('formats with decimal units, like file browsers', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1_500)).toBe('1.5 KB')
    expect(formatBytes(1_000_000)).toBe('1.0 MB')
    expect(formatBytes(1_048_576)).toBe('1.0 MB')
    expect(formatBytes(12_345_678)).toBe('12.3 MB')
  })
  it('counts lines', () => {
    expect(countLines('')).toBe(0)
    expect(countLines('a')).toBe(1)
    expect(countLines('a\nb\nc')).toBe(3)
  })
})

describe('a 1 MB paste', () => {
  const block = makePastedBlock('p1', MB)
  it('becomes a chip labelled 1.0 MB', () => {
    expect(block.bytes).toBe(1_000_000)
    expect(formatBytes(block.bytes)).toBe('1.0 MB')
    expect(block.blank).toBe(false)
  })
  it('is previewed, never rendered whole', () => {
    const p = pastePreview(MB)
    expect(p.preview.length).toBe(PASTE_PREVIEW_CHARS)
    expect(p.restChars).toBe(1_000_000 - PASTE_PREVIEW_CHARS)
    expect(pastePreview('short')).toEqual({ preview: 'short', restChars: 0 })
  })
  it('is sent appended to the typed text', () => {
    const msg = composeMessage('Summarise this:', [block])
    expect(msg.startsWith('Summarise this:\n\n')).toBe(true)
    expect(msg.length).toBe('Summarise this:\n\n'.length + 1_000_000)
    expect(composedLength('Summarise this:', [block])).toBe(msg.length)
  })
  it('can be sent alone', () => {
    expect(canSend('', [block])).toBe(true)
    expect(composeMessage('', [block])).toBe(MB)
    expect(composedLength('  ', [block])).toBe(1_000_000)
  })
})

describe('composeMessage / canSend', () => {
  it('refuses empty and whitespace-only messages', () => {
    expect(canSend('', [])).toBe(false)
    expect(canSend('   \n\t ', [])).toBe(false)
    expect(canSend(' ', [makePastedBlock('b', '   \n  ')])).toBe(false)
    expect(canSend('hi', [])).toBe(true)
  })
  it('joins the typed text and several blocks with blank lines, skipping blank blocks', () => {
    const a = makePastedBlock('a', 'AAA')
    const blank = makePastedBlock('b', '  \n ')
    const c = makePastedBlock('c', 'CCC')
    expect(composeMessage('hello  ', [a, blank, c])).toBe('hello\n\nAAA\n\nCCC')
    expect(composedLength('hello  ', [a, blank, c])).toBe('hello\n\nAAA\n\nCCC'.length)
    expect(composeMessage('', [a, c])).toBe('AAA\n\nCCC')
  })
})

describe('long user messages', () => {
  it('are long past 4,000 characters or 40 lines', () => {
    expect(isLongMessage('a'.repeat(4_000))).toBe(false)
    expect(isLongMessage('a'.repeat(4_001))).toBe(true)
    expect(isLongMessage(Array.from({ length: 40 }, () => 'x').join('\n'))).toBe(false)
    expect(isLongMessage(Array.from({ length: 41 }, () => 'x').join('\n'))).toBe(true)
    expect(isLongMessage(MB)).toBe(true)
  })
  it('show a short start when collapsed', () => {
    const preview = collapsedPreview(MB)
    expect(preview.length).toBe(COLLAPSED_CHARS + 1)
    expect(preview.endsWith('…')).toBe(true)
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')
    const p = collapsedPreview(lines)
    expect(p.split('\n').length).toBeLessThanOrEqual(12)
    expect(p.startsWith('line 0\nline 1')).toBe(true)
  })
})

// Issue 19 item 12: the sent message is one string; the paste is found again to show it as its chip.
describe('splitSentMessage and revealEnd (a sent paste)', () => {
  const log = Array.from({ length: 300 }, (_, i) => `12:00:${i} INFO line ${i}`).join('\n')

  it('finds the typed question and the paste the composer appended', () => {
    expect(splitSentMessage(composeMessage('Why is this slow?', [makePastedBlock('p', log)]))).toEqual({ typed: 'Why is this slow?', pasted: log })
    expect(splitSentMessage(composeMessage('', [makePastedBlock('p', log)]))).toEqual({ typed: '', pasted: log })
    // A paste that itself starts with a short line and a blank line has no typed part when the rest is short.
    expect(splitSentMessage(`HEADER\n\nshort`.padEnd(PASTE_COLLAPSE_CHARS + 5, 'x'))).toEqual({ typed: '', pasted: expect.stringMatching(/^HEADER/) })
  })

  it('leaves a message the composer would not have made a chip of alone', () => {
    expect(splitSentMessage('Hello\n\nworld')).toEqual({ typed: 'Hello\n\nworld', pasted: '' })
  })

  it('reveals a step of lines at a time, cut at a number of characters for one endless line', () => {
    const first = revealEnd(log, 0, { lines: 12, chars: 1_500 })
    expect(log.slice(0, first).split('\n').length).toBe(13) // 12 whole lines and an empty rest after the last newline
    const second = revealEnd(log, first, SENT_PASTE_STEP)
    expect(second).toBe(log.length)
    const oneLine = 'x'.repeat(1_000_000)
    expect(revealEnd(oneLine, 0, SENT_PASTE_STEP)).toBe(SENT_PASTE_STEP.chars)
    expect(revealEnd(oneLine, 999_990, SENT_PASTE_STEP)).toBe(1_000_000)
  })
})
