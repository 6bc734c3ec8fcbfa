/**
 * The global capture shortcut (default Cmd/Ctrl+Shift+2, the `captureShortcut` setting).
 * Pure over a globalShortcut-like port: re-registered when the setting changes; a shortcut
 * another app holds is reported (register() returns false) and the old one is not kept.
 */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean
  unregister(accelerator: string): void
}

export interface CaptureShortcut {
  /** Applies a (new) accelerator; returns false when the OS refused it. Empty: none. */
  apply(accelerator: string | undefined): boolean
  readonly current: string | undefined
  dispose(): void
}

export function createCaptureShortcut(shortcuts: GlobalShortcutLike, onPress: () => void, log: (m: string) => void = () => {}): CaptureShortcut {
  let current: string | undefined
  const self: CaptureShortcut = {
    get current() {
      return current
    },
    apply(accelerator) {
      const next = accelerator?.trim() || undefined
      if (next === current) return true
      if (current) shortcuts.unregister(current)
      current = undefined
      if (!next) return true
      let ok = false
      try {
        ok = shortcuts.register(next, onPress)
      } catch {
        ok = false
      }
      if (ok) current = next
      else log(`the capture shortcut ${next} could not be registered (in use by another app, or invalid)`)
      return ok
    },
    dispose() {
      if (current) shortcuts.unregister(current)
      current = undefined
    }
  }
  return self
}
