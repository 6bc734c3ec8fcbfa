/** React access to the controller: one context, and selectors over its store. */
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { AppController, AppState } from './controller'
import { effectiveChoice } from '../logic/models'

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

/** The model the next message goes to (the picker's choice, else the conversation's, else the default). */
export function useNextModel(): string | undefined {
  return useAppState(
    (s) =>
      effectiveChoice({ selection: s.selection, conversation: s.conversations.find((c) => c.id === s.activeId), settings: s.settings, providers: s.providers })?.model
  )
}
