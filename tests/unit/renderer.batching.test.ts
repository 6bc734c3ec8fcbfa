// @vitest-environment jsdom
/** Streamed deltas are batched: many deltas in a frame make one update, in order, per message. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DeltaBatcher, frameScheduler } from '../../src/renderer/src/state/deltaBatcher'

function manualScheduler(): { schedule: (cb: () => void) => void; runFrame: () => void; scheduled: () => number } {
  let queue: Array<() => void> = []
  let count = 0
  return {
    schedule: (cb) => {
      count++
      queue.push(cb)
    },
    runFrame: () => {
      const q = queue
      queue = []
      for (const cb of q) cb()
    },
    scheduled: () => count
  }
}

describe('DeltaBatcher', () => {
  it('delivers many deltas as one flush per frame, concatenated in order', () => {
    const s = manualScheduler()
    const flushes: Array<Map<string, string>> = []
    const b = new DeltaBatcher(s.schedule, (c) => flushes.push(c))
    for (let i = 0; i < 500; i++) b.push('m1', `${i},`)
    expect(flushes).toHaveLength(0)
    expect(s.scheduled()).toBe(1)
    s.runFrame()
    expect(flushes).toHaveLength(1)
    expect(flushes[0].get('m1')).toBe(Array.from({ length: 500 }, (_, i) => `${i},`).join(''))
  })

  it('keeps messages apart', () => {
    const s = manualScheduler()
    const flushes: Array<Map<string, string>> = []
    const b = new DeltaBatcher(s.schedule, (c) => flushes.push(c))
    b.push('a', 'A1')
    b.push('b', 'B1')
    b.push('a', 'A2')
    s.runFrame()
    expect([...flushes[0]]).toEqual([
      ['a', 'A1A2'],
      ['b', 'B1']
    ])
  })

  it('schedules again after a flush, and not for empty deltas', () => {
    const s = manualScheduler()
    const flushes: Array<Map<string, string>> = []
    const b = new DeltaBatcher(s.schedule, (c) => flushes.push(c))
    b.push('m', '')
    expect(s.scheduled()).toBe(0)
    b.push('m', 'x')
    s.runFrame()
    b.push('m', 'y')
    expect(s.scheduled()).toBe(2)
    s.runFrame()
    expect(flushes.map((f) => f.get('m'))).toEqual(['x', 'y'])
  })

  it('flush() delivers at once (before done / fallback) and the pending frame then has nothing', () => {
    const s = manualScheduler()
    const flushes: Array<Map<string, string>> = []
    const b = new DeltaBatcher(s.schedule, (c) => flushes.push(c))
    b.push('m', 'hello')
    expect(b.hasPending()).toBe(true)
    b.flush()
    expect(b.hasPending()).toBe(false)
    expect(flushes).toHaveLength(1)
    s.runFrame()
    expect(flushes).toHaveLength(1)
    b.flush()
    expect(flushes).toHaveLength(1)
  })
})

describe('frameScheduler', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs on the animation frame, once', () => {
    vi.useFakeTimers()
    let frame: (() => void) | null = null
    const schedule = frameScheduler((cb) => {
      frame = cb
    }, 100)
    const cb = vi.fn()
    schedule(cb)
    expect(cb).not.toHaveBeenCalled()
    frame!()
    expect(cb).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(200)
    expect(cb).toHaveBeenCalledTimes(1)
  })

  it('still runs when frames are paused (hidden window)', () => {
    vi.useFakeTimers()
    const schedule = frameScheduler(() => undefined, 100)
    const cb = vi.fn()
    schedule(cb)
    vi.advanceTimersByTime(99)
    expect(cb).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(cb).toHaveBeenCalledTimes(1)
  })
})
