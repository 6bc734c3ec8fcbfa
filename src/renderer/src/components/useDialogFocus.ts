/**
 * Keyboard focus for a modal dialog: Tab and Shift+Tab cycle inside it (the user test reached
 * the dimmed page behind Settings), and when it closes focus goes back where it came from (or to
 * `fallback`, e.g. the composer, when that element is gone or can no longer take focus).
 *
 * Returns a keydown handler for the dialog's root element; the root needs the ref. Mount the
 * component that calls it only while the dialog is shown: the element focused when it first
 * renders is the one focus returns to.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react'

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]',
  '[contenteditable="true"]'
].join(',')

/** Laid out and not hidden. Where the DOM cannot tell (jsdom has no layout), every element counts. */
function visible(el: HTMLElement): boolean {
  const check = (el as HTMLElement & { checkVisibility?: (o?: { visibilityProperty?: boolean }) => boolean }).checkVisibility
  return typeof check === 'function' ? check.call(el, { visibilityProperty: true }) : true
}

/** The elements Tab visits inside `root`, in order (hidden, inert and tabindex="-1" ones skipped). */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.tabIndex >= 0 && !el.closest('[hidden], [inert]') && visible(el)
  )
}

/** Where Tab (or Shift+Tab) goes from `current` among `items`: wraps at both ends. */
export function nextFocusIndex(count: number, current: number, backwards: boolean): number {
  if (count === 0) return -1
  if (current < 0) return backwards ? count - 1 : 0
  return backwards ? (current - 1 + count) % count : (current + 1) % count
}

/** Where ↑/↓/Home/End go among `count` entries of a menu from `current` (-1: none focused yet); wraps. */
export function menuMoveIndex(key: string, count: number, current: number): number | null {
  if (count === 0) return null
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  if (key === 'ArrowDown') return current < 0 ? 0 : (current + 1) % count
  if (key === 'ArrowUp') return current < 0 ? count - 1 : (current - 1 + count) % count
  return null
}

const focusedElement = (): HTMLElement | null =>
  typeof document !== 'undefined' && document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null

export function useDialogFocus(
  root: RefObject<HTMLElement | null>,
  options: { fallback?: () => void } = {}
): (e: KeyboardEvent<HTMLElement>) => void {
  const fallback = useRef(options.fallback)
  fallback.current = options.fallback
  // Read at the first render, before the dialog is in the page: by the time an effect runs, an
  // autoFocus field inside the dialog (or React's StrictMode re-run) has already moved focus.
  const [opener] = useState(focusedElement)

  useEffect(() => {
    // Focus into the dialog unless something inside already took it (an autofocus field).
    const el = root.current
    if (el && !el.contains(document.activeElement)) (focusableIn(el)[0] ?? el).focus()
    return () => {
      // After React removed the dialog: the opener if it is still on the page, else the fallback.
      // Focus that closing moved on purpose (the composer after "Chat") stays where it went.
      queueMicrotask(() => {
        if (focusedElement()) return
        if (opener && opener.isConnected && !el?.contains(opener)) opener.focus()
        if (!focusedElement()) fallback.current?.()
      })
    }
  }, [root, opener])

  return useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return
      const el = root.current
      if (!el) return
      const items = focusableIn(el)
      if (items.length === 0) {
        e.preventDefault()
        return
      }
      const current = items.indexOf(document.activeElement as HTMLElement)
      const atEdge = e.shiftKey ? current <= 0 : current === items.length - 1 || current < 0
      if (!atEdge) return // the browser's own order inside the dialog
      e.preventDefault()
      items[nextFocusIndex(items.length, current, e.shiftKey)]?.focus()
    },
    [root]
  )
}
