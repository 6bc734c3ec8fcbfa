// @vitest-environment jsdom
/**
 * MarkdownView's stream throttle: while streaming, new text shows at most every minIntervalMs
 * (the latest text always shows in the end); the first text and the final render show at once.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MarkdownView } from '../../src/renderer/src/markdown'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let host: HTMLDivElement
let root: Root
beforeEach(() => {
  vi.useFakeTimers()
  host = document.createElement('div')
  document.body.appendChild(host)
  root = createRoot(host)
})
afterEach(() => {
  act(() => root.unmount())
  host.remove()
  vi.useRealTimers()
})

const show = (text: string, streaming: boolean): void =>
  act(() => root.render(<MarkdownView text={text} streaming={streaming} onOpenLink={() => undefined} minIntervalMs={40} />))

describe('stream throttle', () => {
  it('shows the first text at once, holds updates inside the interval, then shows the latest', () => {
    show('Hello', true)
    expect(host.textContent?.trim()).toBe('Hello')
    act(() => vi.advanceTimersByTime(50))
    show('Hello wor', true)
    expect(host.textContent?.trim()).toBe('Hello wor') // interval elapsed: at once
    show('Hello world', true)
    show('Hello world, again', true)
    expect(host.textContent?.trim()).toBe('Hello wor') // held
    act(() => vi.advanceTimersByTime(40))
    expect(host.textContent?.trim()).toBe('Hello world, again') // the latest, not an intermediate one
  })

  it('the final text shows at once when the stream ends', () => {
    show('Hello', true)
    show('Hello there', true)
    expect(host.textContent?.trim()).toBe('Hello')
    show('Hello there, done.', false)
    expect(host.textContent?.trim()).toBe('Hello there, done.')
  })
})
