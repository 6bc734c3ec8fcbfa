/**
 * The global capture shortcut (default Cmd/Ctrl+Shift+2, the `captureShortcut` setting), on the
 * companion's shortcut registry (src/main/companion/shortcuts.ts) so both shortcuts behave the
 * same: a taken shortcut gets a status with a free alternative that was tried for real, a change
 * from Settings registers the new one BEFORE releasing the old (a refused change keeps the
 * working one), only our own accelerator is ever released, and a change to the companion's keys
 * is refused (one shortcut can't do two things).
 *
 * What the user sees when the shortcut is taken: one OS notification per accelerator (at
 * start-up or after a settings change; a click opens Settings), and in Settings the status line
 * with a "Use …" button for the suggestion (`capture:onShortcutStatus`, `capture.shortcutStatus`).
 * No electron import: the port is Electron's globalShortcut in the app, a fake in tests and the
 * web harness.
 */
import type { SetShortcutResult, ShortcutStatus } from '../../shared/companion/schemas'
import type { EmitEvent } from '../../shared/ipc/contract'
import type { Settings } from '../../shared/settings'
import { captureShortcutCandidates } from '../../shared/capture/accelerator'
import type { MainLanguage } from '../companion/messages'
import { createShortcutRegistry, type GlobalShortcutPort } from '../companion/shortcuts'
import { captureShortcutNotification } from './shortcutMessages'

export interface CaptureShortcutService {
  /** Registers the shortcut from the settings (tells the user when it is taken). */
  start(): ShortcutStatus
  /** The settings changed (another window, an import): re-apply when the accelerator differs. */
  sync(settings: Settings): void
  readonly status: ShortcutStatus
  handlers: {
    shortcutStatus(): ShortcutStatus
    setShortcut(req: { accelerator: string | null }): SetShortcutResult
  }
  dispose(): void
}

export function createCaptureShortcutService(deps: {
  /** Absent: this shell has no global shortcuts (status 'unavailable'). */
  port: GlobalShortcutPort | undefined
  notify: ((n: { title: string; body: string }) => void) | undefined
  platform: string
  settings: () => Settings
  updateSettings: (patch: Partial<Settings>) => Settings
  emit: EmitEvent
  language: () => MainLanguage
  /** The shortcut was pressed. */
  onPress: () => void
  log?: (message: string) => void
}): CaptureShortcutService {
  const log = deps.log ?? (() => undefined)
  let notified: string | null = null
  const unavailable: ShortcutStatus = { accelerator: '', active: null, state: 'unavailable', suggestion: null }

  const tell = (status: ShortcutStatus): void => {
    if (status.state !== 'conflict' && status.state !== 'invalid') {
      if (status.state === 'registered') notified = null
      return
    }
    if (notified === status.accelerator || !deps.notify) return
    notified = status.accelerator
    try {
      deps.notify(captureShortcutNotification({ language: deps.language(), platform: deps.platform, ...status }))
    } catch (error) {
      log(`could not show the capture shortcut notification: ${String(error)}`)
    }
  }

  const registry = deps.port
    ? createShortcutRegistry({
        port: deps.port,
        platform: deps.platform,
        candidates: captureShortcutCandidates(deps.platform),
        onTrigger: deps.onPress,
        onStatus: (status) => deps.emit('capture:onShortcutStatus', status),
        // The companion's keys are never the screenshot's too.
        reserved: () => [deps.settings().companionShortcut],
        log
      })
    : undefined

  const apply = (accelerator: string): ShortcutStatus => {
    if (!registry) return unavailable
    const status = registry.apply(accelerator)
    tell(status)
    return status
  }

  return {
    start: () => apply(deps.settings().captureShortcut),
    sync(settings) {
      if (!registry) return
      const wanted = settings.captureShortcut.trim()
      // Our own save after setShortcut (already registered) or the same text: nothing to do.
      if (wanted === registry.status.accelerator || (wanted === '' && registry.status.state === 'disabled')) return
      apply(wanted)
    },
    get status() {
      return registry?.status ?? unavailable
    },
    handlers: {
      shortcutStatus: () => registry?.status ?? unavailable,
      setShortcut({ accelerator }) {
        if (!registry) return { ok: false, status: unavailable }
        const result = registry.change(accelerator)
        // Saved only when it works, in its canonical spelling: a refused one never replaces a working one.
        if (result.ok) deps.updateSettings({ captureShortcut: result.status.accelerator })
        return result
      }
    },
    dispose: () => registry?.dispose()
  }
}
