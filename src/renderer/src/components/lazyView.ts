/**
 * A view whose code is a chunk of its own, loaded when first drawn or earlier (`preload`,
 * `preloadWhenIdle`): what the window does not show at start stays off its start-up path.
 * Drawn inside a <Suspense> boundary.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import { whenIdle, type Idle } from '../logic/idle'

export type LazyView<P> = LazyExoticComponent<ComponentType<P>> & {
  /** Starts loading the chunk (once); drawing the view later then finds it ready. */
  preload(): Promise<unknown>
}

export function lazyView<P>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loading: Promise<{ default: ComponentType<P> }> | null = null
  const preload = (): Promise<{ default: ComponentType<P> }> => {
    loading ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        // Not kept: the next draw (or preload) asks again.
        loading = null
        throw error
      }
    )
    return loading
  }
  return Object.assign(lazy(preload), { preload })
}

/** Loads the views' chunks one per idle moment, so opening one later draws at once. */
export function preloadWhenIdle(views: Array<{ preload(): Promise<unknown> }>, idle: Idle = (cb) => whenIdle(cb, 5000)): void {
  const queue = [...views]
  const next = (): void => {
    const view = queue.shift()
    if (!view) return
    void view
      .preload()
      .catch(() => undefined)
      .finally(() => idle(next))
  }
  idle(next)
}
