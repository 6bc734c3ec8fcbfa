import { describe, expect, it } from 'vitest'
import { insertDictation } from '../../src/renderer/src/logic/dictationText'

describe('insertDictation', () => {
  it('goes at the caret, with spaces where the words around it need them', () => {
    expect(insertDictation('', 0, 0, ' Hello there. ')).toEqual({ text: 'Hello there.', caret: 12 })
    expect(insertDictation('Say', 3, 3, 'hello')).toEqual({ text: 'Say hello', caret: 9 })
    expect(insertDictation('Say world', 3, 3, 'hello')).toEqual({ text: 'Say hello world', caret: 9 })
    expect(insertDictation('Say !', 4, 4, 'hello')).toEqual({ text: 'Say hello!', caret: 9 })
    expect(insertDictation('Ask ', 4, 4, 'why')).toEqual({ text: 'Ask why', caret: 7 })
  })

  it('replaces the selection', () => {
    expect(insertDictation('I like cats a lot', 7, 11, 'dogs')).toEqual({ text: 'I like dogs a lot', caret: 11 })
  })

  it('no spaces between Chinese characters', () => {
    expect(insertDictation('今天', 2, 2, '天气很好')).toEqual({ text: '今天天气很好', caret: 6 })
    expect(insertDictation('Use 中文', 4, 4, '输入')).toEqual({ text: 'Use 输入中文', caret: 6 })
  })

  it('silence changes nothing; a caret out of range is clamped', () => {
    expect(insertDictation('abc', 1, 1, '  ')).toEqual({ text: 'abc', caret: 1 })
    expect(insertDictation('abc', 10, 10, 'd')).toEqual({ text: 'abc d', caret: 5 })
  })
})
