import { describe, expect, it } from 'vitest'
import { answerSources, linkCitations } from '../../src/renderer/src/tools/citations'

const sources = [
  { title: 'Tea', url: 'https://tea.example/a' },
  { title: 'Pot', url: 'https://pot.example/b (1)' }
]

describe('linkCitations', () => {
  it('links [n] and [1, 2] to their sources, leaves unknown numbers and real links alone', () => {
    expect(linkCitations('Green tea [1]. Pots [1, 2]. Nope [3]. [x](https://a.b) and [1](https://c.d)', sources)).toBe(
      'Green tea [[1]](https://tea.example/a). Pots [[1]](https://tea.example/a)[[2]](https://pot.example/b%20%281%29). Nope [3]. [x](https://a.b) and [1](https://c.d)'
    )
  })

  it('never inside code', () => {
    const text = 'See [1] and `arr[1]`\n```js\nx = a[1]\n```\nend [2]'
    expect(linkCitations(text, sources)).toBe('See [[1]](https://tea.example/a) and `arr[1]`\n```js\nx = a[1]\n```\nend [[2]](https://pot.example/b%20%281%29)')
  })

  it('no sources: the text as it is', () => {
    expect(linkCitations('a [1]', [])).toBe('a [1]')
  })
})

describe('answerSources', () => {
  it('the sources of finished steps, in order', () => {
    const step = (status: 'done' | 'error', urls: string[]) =>
      ({ type: 'tool', callId: urls.join(), name: 'web_search', source: 'builtin', title: 'web_search', arguments: '{}', status, sources: urls.map((url) => ({ title: url, url })) }) as const
    expect(answerSources([step('done', ['https://a']), step('error', ['https://x']), step('done', ['https://b'])]).map((s) => s.url)).toEqual(['https://a', 'https://b'])
  })
})
