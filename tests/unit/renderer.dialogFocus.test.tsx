// @vitest-environment jsdom
/**
 * useDialogFocus (components/useDialogFocus.ts) in jsdom: focus goes into the dialog, Tab and
 * Shift+Tab wrap inside it (skipping what Tab skips), and on close focus returns to the element
 * that opened it — recorded before an autofocus field inside moved focus — or to the fallback.
 * Also the arrow keys of a menu (the capture menu).
 */
import { act, useRef, useState, type ReactElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { focusableIn, menuMoveIndex, nextFocusIndex, useDialogFocus } from '../../src/renderer/src/components/useDialogFocus'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

function Dialog(props: { fallback: () => void; autoFocusLast?: boolean; onClose: () => void }): ReactElement {
  const root = useRef<HTMLDivElement>(null)
  const onKeyDown = useDialogFocus(root, { fallback: props.fallback })
  return (
    <div ref={root} role="dialog" aria-modal="true" data-testid="dialog" onKeyDown={onKeyDown}>
      <button type="button" data-testid="first">
        First
      </button>
      <button type="button" tabIndex={-1}>
        Not in Tab
      </button>
      <button type="button" disabled>
        Disabled
      </button>
      <div hidden>
        <button type="button">Hidden</button>
      </div>
      <input data-testid="field" />
      <button type="button" data-testid="last" autoFocus={props.autoFocusLast} onClick={props.onClose}>
        Close
      </button>
    </div>
  )
}

function Page(props: { fallback: () => void; autoFocusLast?: boolean; removeOpenerOnClose?: boolean; focusOtherOnClose?: boolean }): ReactElement {
  const [open, setOpen] = useState(false)
  const [opener, setOpener] = useState(true)
  const other = useRef<HTMLButtonElement>(null)
  return (
    <div>
      {opener ? (
        <button type="button" data-testid="opener" onClick={() => setOpen(true)}>
          Open
        </button>
      ) : null}
      <button type="button" data-testid="other" ref={other}>
        Other
      </button>
      {open ? (
        <Dialog
          fallback={props.fallback}
          autoFocusLast={props.autoFocusLast}
          onClose={() => {
            setOpen(false)
            if (props.removeOpenerOnClose) setOpener(false)
            if (props.focusOtherOnClose) other.current?.focus()
          }}
        />
      ) : null}
    </div>
  )
}

let root: Root | null = null
let host: HTMLElement | null = null

afterEach(() => {
  act(() => root?.unmount())
  host?.remove()
  root = null
  host = null
})

function render(element: ReactElement): void {
  host = document.createElement('div')
  document.body.appendChild(host)
  root = createRoot(host)
  act(() => root!.render(element))
}

const byTestId = (id: string): HTMLElement => {
  const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
  if (!el) throw new Error(`no ${id}`)
  return el
}

function tab(shift = false): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: shift, bubbles: true, cancelable: true })
  act(() => {
    document.activeElement?.dispatchEvent(event)
  })
  return event
}

async function openThenClose(): Promise<void> {
  byTestId('opener').focus()
  act(() => byTestId('opener').click())
  expect(byTestId('dialog').contains(document.activeElement)).toBe(true)
  act(() => byTestId('last').click())
  await act(async () => {
    await Promise.resolve()
  })
}

describe('useDialogFocus', () => {
  it('lists what Tab visits: not disabled, hidden or tabindex="-1"', () => {
    render(<Page fallback={() => undefined} />)
    act(() => byTestId('opener').click())
    expect(focusableIn(byTestId('dialog')).map((el) => el.dataset.testid)).toEqual(['first', 'field', 'last'])
    expect(nextFocusIndex(3, 2, false)).toBe(0)
    expect(nextFocusIndex(3, 0, true)).toBe(2)
    expect(nextFocusIndex(0, 0, false)).toBe(-1)
  })

  it('focuses into the dialog and keeps Tab and Shift+Tab inside it', () => {
    render(<Page fallback={() => undefined} />)
    byTestId('opener').focus()
    act(() => byTestId('opener').click())
    expect(document.activeElement).toBe(byTestId('first'))
    // Inside: the browser's own order (not prevented).
    expect(tab().defaultPrevented).toBe(false)
    byTestId('last').focus()
    expect(tab().defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(byTestId('first'))
    expect(tab(true).defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(byTestId('last'))
  })

  it('gives focus back to the opener on close', async () => {
    const fallback = vi.fn()
    render(<Page fallback={fallback} />)
    await openThenClose()
    expect(document.activeElement).toBe(byTestId('opener'))
    expect(fallback).not.toHaveBeenCalled()
  })

  it('remembers the opener even when a field inside took focus as the dialog opened (autoFocus)', async () => {
    render(<Page fallback={() => undefined} autoFocusLast />)
    byTestId('opener').focus()
    act(() => byTestId('opener').click())
    expect(document.activeElement).toBe(byTestId('last'))
    act(() => byTestId('last').click())
    await act(async () => {
      await Promise.resolve()
    })
    expect(document.activeElement).toBe(byTestId('opener'))
  })

  it('calls the fallback (the composer) when the opener is gone', async () => {
    const fallback = vi.fn()
    render(<Page fallback={fallback} removeOpenerOnClose />)
    await openThenClose()
    expect(fallback).toHaveBeenCalledTimes(1)
  })

  it('leaves focus where closing put it on purpose', async () => {
    const fallback = vi.fn()
    render(<Page fallback={fallback} focusOtherOnClose />)
    await openThenClose()
    expect(document.activeElement).toBe(byTestId('other'))
    expect(fallback).not.toHaveBeenCalled()
  })
})

describe('capture menu keys', () => {
  it('↑/↓ wrap, Home/End jump, anything else is not a move', () => {
    expect(menuMoveIndex('ArrowDown', 3, -1)).toBe(0)
    expect(menuMoveIndex('ArrowDown', 3, 0)).toBe(1)
    expect(menuMoveIndex('ArrowDown', 3, 2)).toBe(0)
    expect(menuMoveIndex('ArrowUp', 3, 0)).toBe(2)
    expect(menuMoveIndex('ArrowUp', 3, -1)).toBe(2)
    expect(menuMoveIndex('Home', 3, 2)).toBe(0)
    expect(menuMoveIndex('End', 3, 0)).toBe(2)
    expect(menuMoveIndex('Enter', 3, 0)).toBeNull()
    expect(menuMoveIndex('ArrowDown', 0, -1)).toBeNull()
  })
})
