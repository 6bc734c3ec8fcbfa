/**
 * The companion's global shortcut over a `GlobalShortcutPort` (Electron's globalShortcut in the
 * app, a fake in tests and the web harness). Pure logic:
 *
 * - `apply(accelerator)` at start-up: register what the settings say; when that fails, the
 *   status says 'conflict' with a free alternative to suggest (found by trying candidates).
 * - `change(accelerator)` from the Settings key recorder: the new shortcut is registered BEFORE
 *   the old one is released, so a refused change leaves the working shortcut in place and the
 *   caller saves the new one only when it worked.
 * - Only our own accelerator is ever unregistered (never unregisterAll: screen capture has its
 *   own shortcut).
 * - `reserved`: the app's other global shortcut (the companion's and the screenshot's never
 *   share keys). A change to it is refused as a conflict, and it is never suggested. Start-up
 *   does not check it: there, the shortcut registered first keeps it (Electron's own
 *   isRegistered), rather than both refusing.
 *
 * Electron's register() returns false when another app or the OS holds the shortcut (or when
 * this app already registered it, e.g. as the capture shortcut) and throws on a string it cannot
 * parse; both are handled. Some desktops (Wayland without the GlobalShortcuts portal, macOS
 * input-source shortcuts) accept a registration and then never deliver the key: no API can tell,
 * so the README explains what to do when pressing it does nothing.
 */
import { normalizeAccelerator, sameShortcut, shortcutCandidates } from '../../shared/companion/accelerator'
import type { ShortcutStatus } from '../../shared/companion/schemas'

export interface GlobalShortcutPort {
  register(accelerator: string, callback: () => void): boolean
  unregister(accelerator: string): void
  isRegistered(accelerator: string): boolean
}

export interface ShortcutRegistry {
  readonly status: ShortcutStatus
  /** Registers `accelerator` ('' or null: none), replacing ours. For start-up and re-sync. */
  apply(accelerator: string | null): ShortcutStatus
  /** A user's change: keeps the old one unless the new one registers. */
  change(accelerator: string | null): { ok: boolean; status: ShortcutStatus }
  dispose(): void
}

export function createShortcutRegistry(deps: {
  port: GlobalShortcutPort
  platform: string
  /** Free alternatives to try when a shortcut is taken (default: the companion's, per platform). */
  candidates?: readonly string[]
  onTrigger: () => void
  /** Told about every status change (Settings, notification). */
  onStatus?: (status: ShortcutStatus) => void
  /** The app's other global shortcuts (as saved): never taken by a change, never suggested. */
  reserved?: () => readonly string[]
  log?: (message: string) => void
}): ShortcutRegistry {
  let active: string | null = null
  let status: ShortcutStatus = { accelerator: '', active: null, state: 'unavailable', suggestion: null }
  const trigger = (): void => deps.onTrigger()
  const isReserved = (accelerator: string): boolean =>
    (deps.reserved?.() ?? []).some((other) => sameShortcut(other, accelerator, deps.platform))

  const tryRegister = (accelerator: string): boolean => {
    try {
      if (deps.port.isRegistered(accelerator)) return false // ours already (e.g. the capture shortcut)
      return deps.port.register(accelerator, trigger)
    } catch (error) {
      deps.log?.(`global shortcut ${accelerator} could not be registered: ${String(error)}`)
      return false
    }
  }
  const release = (accelerator: string | null): void => {
    if (!accelerator) return
    try {
      deps.port.unregister(accelerator)
    } catch (error) {
      deps.log?.(`global shortcut ${accelerator} could not be released: ${String(error)}`)
    }
  }

  /** A free alternative: tried for real (registered, then released at once). */
  const findSuggestion = (avoid: string | null): string | null => {
    for (const candidate of deps.candidates ?? shortcutCandidates(deps.platform)) {
      if (candidate === avoid || candidate === active || isReserved(candidate)) continue
      if (tryRegister(candidate)) {
        release(candidate)
        return candidate
      }
    }
    return null
  }

  const set = (next: ShortcutStatus): ShortcutStatus => {
    const changed = JSON.stringify(next) !== JSON.stringify(status)
    status = next
    if (changed) deps.onStatus?.(status)
    return status
  }

  const apply = (raw: string | null): ShortcutStatus => {
    const wanted = raw?.trim() ?? ''
    if (!wanted) {
      release(active)
      active = null
      return set({ accelerator: '', active: null, state: 'disabled', suggestion: null })
    }
    const canonical = normalizeAccelerator(wanted)
    if (!canonical) {
      release(active)
      active = null
      return set({ accelerator: wanted, active: null, state: 'invalid', suggestion: findSuggestion(null) })
    }
    if (canonical === active) {
      return set({ accelerator: canonical, active, state: 'registered', suggestion: null })
    }
    release(active)
    active = null
    if (tryRegister(canonical)) {
      active = canonical
      return set({ accelerator: canonical, active, state: 'registered', suggestion: null })
    }
    return set({ accelerator: canonical, active: null, state: 'conflict', suggestion: findSuggestion(canonical) })
  }

  const change = (raw: string | null): { ok: boolean; status: ShortcutStatus } => {
    const wanted = raw?.trim() ?? ''
    if (!wanted) return { ok: true, status: apply(null) }
    const canonical = normalizeAccelerator(wanted)
    if (!canonical) {
      // Nothing changes; the status reports the problem for this attempt only.
      return { ok: false, status: { ...status, accelerator: wanted, state: 'invalid', suggestion: findSuggestion(null) } }
    }
    // The same keys as the active one, spelled otherwise (Control+Shift+2 for CommandOrControl+Shift+2 on Linux): nothing changes.
    if (active && sameShortcut(canonical, active, deps.platform)) {
      return { ok: true, status: set({ accelerator: active, active, state: 'registered', suggestion: null }) }
    }
    if (isReserved(canonical) || !tryRegister(canonical)) {
      return { ok: false, status: { ...status, accelerator: canonical, state: 'conflict', suggestion: findSuggestion(canonical) } }
    }
    const previous = active
    active = canonical
    release(previous)
    return { ok: true, status: set({ accelerator: canonical, active, state: 'registered', suggestion: null }) }
  }

  return {
    get status() {
      return status
    },
    apply,
    change,
    dispose() {
      release(active)
      active = null
    }
  }
}
