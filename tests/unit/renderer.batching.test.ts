// @vitest-environment jsdom
/** Streamed deltas are batched: many deltas in a frame make one update, in order, per message. */
import { describe, expect, it } from 'vitest'
import { DeltaBatcher, pacedScheduler } from '../../src/renderer/src/state/deltaBatcher'

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

describe('pacedScheduler', () => {
  function fakeClock(): { now: () => number; setTimeout: (cb: () => void, ms: number) => void; advance: (ms: number) => void } {
    let t = 1000
    let timers: Array<{ at: number; cb: () => void }> = []
    return {
      now: () => t,
      setTimeout: (cb, ms) => void timers.push({ at: t + ms, cb }),
      advance: (ms) => {
        t += ms
        const due = timers.filter((x) => x.at <= t)
        timers = timers.filter((x) => x.at > t)
        for (const x of due) x.cb()
      }
    }
  }

  it('runs the first callback at once (first glyph), then at most once per interval', () => {
    const clock = fakeClock()
    const schedule = pacedScheduler(33, clock)
    const runs: number[] = []
    schedule(() => runs.push(clock.now()))
    expect(runs).toEqual([1000])
    clock.advance(10)
    schedule(() => runs.push(clock.now()))
    expect(runs).toHaveLength(1) // inside the interval: waits
    clock.advance(22)
    expect(runs).toHaveLength(1)
    clock.advance(1)
    expect(runs).toEqual([1000, 1033])
    clock.advance(100)
    schedule(() => runs.push(clock.now()))
    expect(runs).toEqual([1000, 1033, 1133]) // quiet for longer than the interval: at once again
  })

  it('with a batcher: a stream of deltas becomes one flush per interval, nothing lost', () => {
    const clock = fakeClock()
    const flushes: string[] = []
    const b = new DeltaBatcher(pacedScheduler(33, clock), (c) => flushes.push(c.get('m') ?? ''))
    let sent = ''
    for (let i = 0; i < 100; i++) {
      b.push('m', `${i},`)
      sent += `${i},`
      clock.advance(2)
    }
    clock.advance(50)
    expect(flushes.join('')).toBe(sent)
    expect(flushes[0]).toBe('0,')
    // 200 ms of deltas: the leading flush plus one per 33 ms.
    expect(flushes.length).toBeGreaterThanOrEqual(6)
    expect(flushes.length).toBeLessThanOrEqual(8)
  })
})
