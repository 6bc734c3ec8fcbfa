import { describe, expect, it } from 'vitest'
import { estimateTokens, firstKeptIndex, sentContext, summaryBudget, summaryTranscript } from '../../src/main/chat/contextLimit'
import type { Message } from '../../src/shared/domain'

let seq = 0
function msg(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  seq++
  return { id: `m${seq}`, conversationId: 'c', role, parts: [{ type: 'text', text }], status: 'complete', createdAt: seq, updatedAt: seq, ...extra }
}

/** n turns of a question and an answer of `chars` characters each. */
function turns(n: number, chars = 400): Message[] {
  return Array.from({ length: n }, (_, i) => [msg('user', `q${i} ${'a'.repeat(chars)}`), msg('assistant', `r${i} ${'b'.repeat(chars)}`)]).flat()
}

describe('estimateTokens', () => {
  it('counts about four characters of Latin text, and one CJK character, per token', () => {
    expect(estimateTokens('a'.repeat(400))).toBe(100)
    expect(estimateTokens('你好世界')).toBe(4)
    expect(estimateTokens('hi 你好')).toBe(3)
  })
})

describe('firstKeptIndex', () => {
  it('drops the oldest turns until the rest fits in three quarters of the limit, scaled to the provider count', () => {
    const history = turns(10).slice(0, -1) // ends with the 10th question
    // Our estimate is ~2,000 tokens; the provider counted 4,000 (scale 2), limit 2,000 → keep ≤ 1,500 real = 750 estimated.
    const keep = firstKeptIndex(history, { used: 4000, limit: 2000 })
    expect(keep).toBeDefined()
    expect(history[keep as number].role).toBe('user')
    const kept = history.slice(keep)
    const estimated = kept.reduce((a, m) => a + estimateTokens((m.parts[0] as { text: string }).text) + 4, 0)
    expect(estimated * 2).toBeLessThanOrEqual(1500)
    // …and not more than needed: one more turn would not fit.
    const oneMore = history.slice((keep as number) - 2)
    expect(oneMore.reduce((a, m) => a + estimateTokens((m.parts[0] as { text: string }).text) + 4, 0) * 2).toBeGreaterThan(1500)
  })

  it('without sizes, drops the oldest half of the turns', () => {
    const history = turns(4).concat(msg('user', 'last'))
    expect(history[firstKeptIndex(history) as number].id).toBe(history[4].id)
  })

  it('keeps the last turn even when it alone is too long; nothing to drop is undefined', () => {
    const history = turns(3).concat(msg('user', 'x'.repeat(100_000)))
    expect(firstKeptIndex(history, { used: 30_000, limit: 8000 })).toBe(6)
    expect(firstKeptIndex([msg('user', 'only')], { used: 9000, limit: 8000 })).toBeUndefined()
  })
})

describe('sentContext', () => {
  it('starts at contextFrom, keeps a carried summary, and sends everything when the mark is gone', () => {
    const summary: Message = { ...msg('system', ''), parts: [{ type: 'summary', text: 's', fromConversationId: 'old', fromTitle: 'Old' }] }
    const history = [summary, ...turns(3)]
    expect(sentContext(history, history[3].id).map((m) => m.id)).toEqual([summary.id, ...history.slice(3).map((m) => m.id)])
    expect(sentContext(history, 'deleted')).toHaveLength(history.length)
    expect(sentContext(history, undefined)).toHaveLength(history.length)
  })
})

describe('summaryTranscript', () => {
  it('keeps the first question and the newest messages within the budget, and marks the gap', () => {
    const history = turns(20, 400)
    const text = summaryTranscript(history, 1000)
    expect(estimateTokens(text)).toBeLessThanOrEqual(1000 + 20)
    expect(text.startsWith('User: q0 ')).toBe(true)
    expect(text).toContain('r19 ')
    expect(text).toMatch(/\[… \d+ earlier messages left out …\]/)
    expect(text).not.toContain('q5 ')
  })

  it('carries everything when it fits, and names images', () => {
    const withImage: Message = { ...msg('user', 'look'), parts: [{ type: 'text', text: 'look' }, { type: 'image', attachmentId: 'a', mime: 'image/png' }] }
    const text = summaryTranscript([withImage, msg('assistant', 'a cat')], 1000)
    expect(text).toBe('User: look [1 image]\n\nAssistant: a cat')
  })

  it('the budget is half the limit, or half of what was too long', () => {
    expect(summaryBudget(turns(2), { used: 9000, limit: 8000 })).toBe(4000)
    expect(summaryBudget(turns(2, 396))).toBe(Math.floor(4 * (100 + 4) / 2))
  })
})
