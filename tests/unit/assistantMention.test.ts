/** `@name` in the composer: what counts as a mention, how assistants match it, the text after a pick. */
import { describe, expect, it } from 'vitest'
import { MENTION_CHOICES, matchAssistants, mentionAt, removeMention } from '../../src/renderer/src/logic/assistantMention'

describe('mentionAt', () => {
  it('finds the @ the caret is typing after, at the start or after a space or line break', () => {
    expect(mentionAt('@tr', 3)).toEqual({ start: 0, end: 3, query: 'tr' })
    expect(mentionAt('hello @', 7)).toEqual({ start: 6, end: 7, query: '' })
    expect(mentionAt('line\n@wri', 9)).toEqual({ start: 5, end: 9, query: 'wri' })
    expect(mentionAt('@writing ed', 11)).toEqual({ start: 0, end: 11, query: 'writing ed' })
    // The caret inside: only what is before it counts.
    expect(mentionAt('@translate this', 4)).toEqual({ start: 0, end: 4, query: 'tra' })
    expect(mentionAt('@翻译', 3)).toEqual({ start: 0, end: 3, query: '翻译' })
  })

  it('is not an e-mail address, a mention across lines, one that starts with a space, or a long sentence', () => {
    expect(mentionAt('me@example', 10)).toBeUndefined()
    expect(mentionAt('@tr\nabc', 7)).toBeUndefined()
    expect(mentionAt('@ tr', 4)).toBeUndefined()
    expect(mentionAt('@a  b', 5)).toBeUndefined()
    expect(mentionAt(`@${'x'.repeat(41)}`, 42)).toBeUndefined()
    expect(mentionAt('no mention', 10)).toBeUndefined()
    expect(mentionAt('', 0)).toBeUndefined()
    expect(mentionAt('@tr', 9)).toBeUndefined()
  })
})

describe('matchAssistants', () => {
  const list = [{ name: 'Translator' }, { name: 'Writing editor' }, { name: 'Code explainer' }, { name: 'Café guide' }, { name: '会议纪要' }]
  const names = (q: string): string[] => matchAssistants(list, q).map((a) => a.name)

  it('ranks a name starting with the query, then a word starting with it, then anywhere; case and accents do not matter', () => {
    expect(names('')).toEqual(list.map((a) => a.name))
    expect(names('T')).toEqual(['Translator', 'Writing editor'])
    expect(names('ex')).toEqual(['Code explainer'])
    expect(names('cafe')).toEqual(['Café guide'])
    expect(names('GUIDE')).toEqual(['Café guide'])
    expect(names('纪要')).toEqual(['会议纪要'])
    expect(names('zzz')).toEqual([])
  })

  it('offers a short list', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `Helper ${i}` }))
    expect(matchAssistants(many, 'help')).toHaveLength(MENTION_CHOICES)
  })
})

describe('removeMention', () => {
  it('takes the mention and one space after it out, and puts the caret where it was', () => {
    const text = 'Please @tra translate this'
    expect(removeMention(text, { start: 7, end: 11, query: 'tra' })).toEqual({ text: 'Please translate this', caret: 7 })
    expect(removeMention('@tr', { start: 0, end: 3, query: 'tr' })).toEqual({ text: '', caret: 0 })
  })
})
