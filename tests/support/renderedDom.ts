/**
 * What the renderer's component tests do to the DOM (jsdom): let React and the app's promises
 * settle, click, and type into a controlled field the way a user does.
 */
import { act } from 'react'
import { expect } from 'vitest'

/** Lets pending effects, IPC promises and timers of 0 ms run (a few event-loop turns inside act). */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0))
  })
}

export async function click(el: HTMLElement | null | undefined): Promise<void> {
  expect(el).toBeTruthy()
  await act(async () => {
    el!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
  })
  await flush()
}

/** Sets a controlled field's value the way typing does (React listens to 'input'). */
export async function type(el: HTMLElement | null, value: string): Promise<void> {
  expect(el).not.toBeNull()
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')!.set!
  await act(async () => {
    setter.call(el, value)
    el!.dispatchEvent(new Event('input', { bubbles: true }))
  })
  await flush()
}
