/**
 * Delta coalescing in main (src/main/chat/coalesceDeltas.ts, issue 5): the first delta of a burst
 * goes out at once, the rest of the window as one event, everything before 'done', nothing lost.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { coalesceDeltas } from '../../src/main/chat/coalesceDeltas'

type Ev = { event: string; payload: Record<string, unknown> }
const tag = { streamId: 's1', conversationId: 'c1', messageId: 'm1' }

describe('coalesceDeltas', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends the first delta at once, batches the window, flushes before done', () => {
    const out: Ev[] = []
    const emit = coalesceDeltas(((event: string, payload: Record<string, unknown>) => out.push({ event, payload })) as never, 16)
    emit('chat:onEvent', { kind: 'started', ...tag, model: 'm' })
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'a' })
    expect(out.map((e) => e.payload.text)).toEqual([undefined, 'a'])
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'b' })
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'c' })
    expect(out).toHaveLength(2)
    vi.advanceTimersByTime(16)
    expect(out.map((e) => e.payload.text)).toEqual([undefined, 'a', 'bc'])
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'd' })
    emit('conversations:onChanged' as never, { conversationId: 'c1' } as never)
    emit('chat:onEvent', { kind: 'done', ...tag, status: 'complete' })
    // The window reopened after 'bc' went out: 'd' waits, and goes out just before 'done'.
    expect(out.map((e) => e.payload.kind ?? e.event)).toEqual(['started', 'delta', 'delta', 'conversations:onChanged', 'delta', 'done'])
    expect(out.filter((e) => e.payload.kind === 'delta').map((e) => e.payload.text).join('')).toBe('abcd')
    vi.advanceTimersByTime(100)
    expect(out).toHaveLength(6)
    // Idle: the window closed, the next delta goes out at once.
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'e' })
    expect(out.at(-1)?.payload.text).toBe('e')
  })

  it('coalesces reasoning like answer text, and keeps the two kinds in order', () => {
    const out: Ev[] = []
    const emit = coalesceDeltas(((event: string, payload: Record<string, unknown>) => out.push({ event, payload })) as never, 16)
    emit('chat:onEvent', { kind: 'reasoning', ...tag, text: 'r1' })
    emit('chat:onEvent', { kind: 'reasoning', ...tag, text: 'r2' })
    emit('chat:onEvent', { kind: 'reasoning', ...tag, text: 'r3' })
    expect(out.map((e) => e.payload.text)).toEqual(['r1'])
    // The answer starts: the thinking still pending goes out first, then the answer's first delta.
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'a1' })
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'a2' })
    vi.advanceTimersByTime(16)
    expect(out.map((e) => [e.payload.kind, e.payload.text])).toEqual([
      ['reasoning', 'r1'],
      ['reasoning', 'r2r3'],
      ['delta', 'a1'],
      ['delta', 'a2']
    ])
  })

  it('keeps streams apart', () => {
    const out: Ev[] = []
    const emit = coalesceDeltas(((event: string, payload: Record<string, unknown>) => out.push({ event, payload })) as never, 16)
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'x' })
    emit('chat:onEvent', { kind: 'delta', ...tag, streamId: 's2', text: 'y' })
    emit('chat:onEvent', { kind: 'delta', ...tag, text: 'x2' })
    emit('chat:onEvent', { kind: 'done', ...tag, streamId: 's2', status: 'complete' })
    expect(out.map((e) => `${e.payload.streamId}:${e.payload.kind}:${e.payload.text ?? ''}`)).toEqual(['s1:delta:x', 's2:delta:y', 's2:done:'])
    vi.advanceTimersByTime(16)
    expect(out.at(-1)?.payload.text).toBe('x2')
  })
})
