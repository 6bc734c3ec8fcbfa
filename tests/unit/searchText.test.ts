import { describe, expect, it } from 'vitest'
import { buildMatchQuery, CJK_BOUNDARY as B, readableSnippet, toIndexText } from '../../src/main/store/searchText'

describe('toIndexText', () => {
  it('makes every CJK character its own token', () => {
    expect(toIndexText('今天天气很好')).toBe(['今', '天', '天', '气', '很', '好'].join(B))
  })

  it('separates CJK from adjacent Latin words but leaves Latin text alone', () => {
    expect(toIndexText('hello世界 ok')).toBe(`hello${B}世${B}界 ok`)
    expect(toIndexText('The quick brown fox.')).toBe('The quick brown fox.')
  })

  it('splits Japanese kana and kanji, long vowel mark included, and Korean syllables', () => {
    expect(toIndexText('東京タワー')).toBe(['東', '京', 'タ', 'ワ', 'ー'].join(B))
    expect(toIndexText('안녕')).toBe(`안${B}녕`)
  })

  it('does not touch CJK punctuation (already a separator)', () => {
    expect(toIndexText('好。好')).toBe('好。好')
  })

  it('keeps characters outside the BMP whole', () => {
    expect(toIndexText('𠀀𠀁')).toBe(`𠀀${B}𠀁`)
  })

  it('replaces our reserved markers found in the input', () => {
    expect(toIndexText(`a\u0001b\u0002c${B}d`)).toBe('a b c d')
  })
})

describe('buildMatchQuery', () => {
  it('ANDs words and makes the last English word a prefix', () => {
    expect(buildMatchQuery('hello world')).toBe('"hello" AND "world"*')
  })

  it('turns a CJK word into a phrase of its characters, without prefix', () => {
    expect(buildMatchQuery('天气')).toBe('"天 气"')
    expect(buildMatchQuery('天气 weather')).toBe('"天 气" AND "weather"*')
    expect(buildMatchQuery('Beijing天气')).toBe('"Beijing 天 气"')
  })

  it('quotes FTS syntax so it is plain text', () => {
    expect(buildMatchQuery('AND (')).toBe('"AND"*')
    expect(buildMatchQuery('a"b')).toBe('"a""b"*')
    expect(buildMatchQuery('title:secret')).toBe('"title:secret"*')
    expect(buildMatchQuery('NEAR(a b)')).toBe('"NEAR(a" AND "b)"*')
  })

  it('returns undefined when nothing is searchable', () => {
    for (const query of ['', '   ', '"', '*', '-', '()', '😀', '\u0001', B]) {
      expect(buildMatchQuery(query), JSON.stringify(query)).toBeUndefined()
    }
  })

  it('drops unsearchable words among searchable ones', () => {
    expect(buildMatchQuery('fox 😀 -')).toBe('"fox"*')
  })
})

describe('readableSnippet', () => {
  const M = (word: string): string => `\u0001${word}\u0002`

  it('removes the boundaries and keeps the match markers', () => {
    expect(readableSnippet(`…今${B}天${B}\u0001天${B}气\u0002${B}很${B}好`)).toBe('…今天\u0001天气\u0002很好')
  })

  it('folds line breaks into single spaces', () => {
    expect(readableSnippet(' a\n\n b\t c ')).toBe('a b c')
  })

  // What the user test saw in the result list (issue 19 item 7): headings, emphasis, tables.
  it('shows markdown as plain text: headings, emphasis, code, tables and links lose their syntax', () => {
    expect(readableSnippet(`## 快速${B}排${B}序${B}简${B}介\n\n快速排序用**${M(`分${B}治`)}**思想`)).toBe(`快速排序简介 快速排序用${M('分治')}思想`)
    expect(readableSnippet(`| 算法 | 复杂度 |\n|---|:---:|\n| ${M('快排')} | O(n log n) |`)).toBe(`算法 复杂度 ${M('快排')} O(n log n)`)
    expect(readableSnippet('Run `npm test` first:\n```bash\nnpm test\n```\n> *Note*: see [the docs](https://example.com/docs) or ![diagram](d.png)')).toBe(
      'Run npm test first: npm test Note: see the docs or diagram'
    )
    expect(readableSnippet(`- item one\n* item __two__\n1. ~~old~~ step`)).toBe('item one item two 1. old step')
  })

  it('keeps what only looks like markdown: arithmetic, snake_case, escapes, a link the snippet cut', () => {
    expect(readableSnippet('2 * 3 = 6 and 2*3 in snake_case_name')).toBe('2 * 3 = 6 and 2*3 in snake_case_name')
    expect(readableSnippet('a literal \\* star and a \\| pipe')).toBe('a literal * star and a | pipe')
    expect(readableSnippet('see [the guide](https://example.com/a-very-lo…')).toBe('see the guide')
    expect(readableSnippet(`…${M('fox')}** jumps`)).toBe(`…${M('fox')} jumps`)
  })
})
