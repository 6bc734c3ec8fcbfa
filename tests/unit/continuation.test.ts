import { describe, expect, it } from 'vitest'
import { endsInsideFence, SEAM_HOLD_CHARS, SeamJoiner } from '../../src/main/chat/continuation'

function join(before: string, deltas: string[]): string {
  const j = new SeamJoiner(before)
  return before + deltas.map((d) => j.push(d)).join('') + j.end()
}

describe('SeamJoiner', () => {
  it('appends a clean continuation as is, however it is chunked', () => {
    const before = 'The quick brown fox jumps over the la'
    expect(join(before, ['zy dog. ', 'Then it rests.'])).toBe('The quick brown fox jumps over the lazy dog. Then it rests.')
    const long = 'x'.repeat(SEAM_HOLD_CHARS * 2)
    expect(join(before, [long.slice(0, 10), long.slice(10)])).toBe(before + long)
  })

  it('drops a restart of the last words', () => {
    const before = 'First point.\nSecond point: the seam must not show'
    expect(join(before, ['the seam must not show', ' anything.'])).toBe('First point.\nSecond point: the seam must not show anything.')
    expect(join(before, ['Second point: the seam must not show anything.'])).toBe('First point.\nSecond point: the seam must not show anything.')
  })

  it('keeps a short coincidental overlap (a word is not a restart)', () => {
    expect(join('It is on the', [' table.'])).toBe('It is on the table.')
    expect(join('one two', ['two three'])).toBe('one twotwo three')
  })

  it('inside a code block, a reopened fence is dropped so the block stays balanced', () => {
    const before = 'Here:\n\n```python\ndef f(x):\n    return'
    const out = join(before, ['```python\n', ' x + 1\n```\n\nDone.'])
    expect(out).toBe('Here:\n\n```python\ndef f(x):\n    return x + 1\n```\n\nDone.')
    expect(endsInsideFence(out)).toBe(false)
    // Outside a code block a fence at the start is the model's own new block.
    expect(join('Text.\n\n', ['```js\nlet a\n```'])).toBe('Text.\n\n```js\nlet a\n```')
  })

  it('tells whether text ends inside a fence', () => {
    expect(endsInsideFence('```js\ncode')).toBe(true)
    expect(endsInsideFence('```js\ncode\n```')).toBe(false)
    expect(endsInsideFence('~~~~\n```\nstill inside')).toBe(true)
  })
})
