/**
 * Quitting waits for the services to close (streams stopped, partial answers saved, database
 * closed) before the process ends. Pure: the app wires `onBeforeQuit` to `before-quit`.
 *
 * The first before-quit is postponed (preventDefault) while close() runs, bounded by a timeout
 * so a stuck close never leaves a zombie app; then quit() is called again and goes through.
 */
export interface QuitCoordinator {
  /** True from the first quit request on: windows stop hiding themselves on close. */
  readonly isQuitting: boolean
  onBeforeQuit(event: { preventDefault(): void }): void
}

export function createQuitCoordinator(deps: {
  close: () => Promise<void>
  quit: () => void
  timeoutMs?: number
  onError?: (error: unknown) => void
}): QuitCoordinator {
  let state: 'running' | 'closing' | 'closed' = 'running'
  const timeoutMs = deps.timeoutMs ?? 5000

  const closeBounded = async (): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        deps.onError?.(new Error(`Services did not close within ${timeoutMs} ms; quitting anyway`))
        resolve()
      }, timeoutMs)
    })
    try {
      await Promise.race([deps.close(), timeout])
    } catch (error) {
      deps.onError?.(error)
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    get isQuitting() {
      return state !== 'running'
    },
    onBeforeQuit(event) {
      if (state === 'closed') return
      event.preventDefault()
      if (state === 'closing') return
      state = 'closing'
      void closeBounded().then(() => {
        state = 'closed'
        deps.quit()
      })
    }
  }
}
