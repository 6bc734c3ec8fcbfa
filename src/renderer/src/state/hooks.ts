/** React access to the controller: one context, and selectors over its store. */
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { AppController, AppState } from './controller'

export const ControllerContext = createContext<AppController | null>(null)

export function useController(): AppController {
  const c = useContext(ControllerContext)
  if (!c) throw new Error('useController outside ControllerContext')
  return c
}

/** Re-renders only when the selected value changes (select state slices, not new objects). */
export function useAppState<T>(select: (s: AppState) => T): T {
  const c = useController()
  return useSyncExternalStore(
    c.store.subscribe,
    () => select(c.store.get()),
    () => select(c.store.get())
  )
}
