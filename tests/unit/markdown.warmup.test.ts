// @vitest-environment jsdom
/** The markdown warm-up: runs every step, one per idle callback, once per page, and never throws. */
import { describe, expect, it, vi } from 'vitest'
import { warmUpMarkdown, warmUpSteps } from '../../src/renderer/src/markdown/warmUp'

describe('warmUpMarkdown', () => {
  it('runs each step in its own idle callback, once per page, and survives failing steps', () => {
    const queue: Array<() => void> = []
    const idle = vi.fn((cb: () => void) => void queue.push(cb))
    const load = vi.fn(() => Promise.reject(new Error('no font here')))
    Object.defineProperty(document, 'fonts', { value: { load }, configurable: true })
    warmUpMarkdown(idle)
    warmUpMarkdown(idle) // a second call is a no-op
    expect(queue).toHaveLength(1)
    let callbacks = 0
    while (queue.length > 0) {
      queue.shift()!()
      callbacks++
    }
    const steps = warmUpSteps().length
    expect(callbacks).toBe(steps + 1) // every step, then one idle callback that finds nothing left
    expect(load).toHaveBeenCalled()
  })
})
