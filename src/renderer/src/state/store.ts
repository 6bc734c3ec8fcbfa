/**
 * A tiny external store: one immutable state object, subscribers, and a React hook through
 * useSyncExternalStore. Components select the slice they need, so a streaming delta re-renders
 * the message it changed, not the sidebar.
 */

export interface Store<S> {
  get(): S
  set(update: Partial<S> | ((s: S) => Partial<S>)): void
  subscribe(listener: () => void): () => void
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    set(update) {
      const patch = typeof update === 'function' ? update(state) : update
      let changed = false
      for (const key of Object.keys(patch) as Array<keyof S>) {
        if (!Object.is(state[key], patch[key])) {
          changed = true
          break
        }
      }
      if (!changed) return
      state = { ...state, ...patch }
      for (const l of [...listeners]) l()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
