/**
 * The companion service: the state machine, placement, the shortcut registry, the continue rule
 * and the latency log put together behind the contract's `companion` handlers. No electron import:
 * the desktop is the CompanionDesktopPort port, so the whole flow runs under vitest and in the web
 * harness.
 *
 * A show, step by step (the order matters for speed and for what the first frame contains):
 *  1. the trigger time is taken (the hotkey callback passes it in);
 *  2. the state machine agrees (not a key repeat, not the click that just blurred it away);
 *  3. the continue rule picks the conversation (one indexed row read when there is a candidate);
 *  4. `companion:onShown` goes out BEFORE the window is shown, so the renderer (loaded and
 *     subscribed since start-up) switches conversation and focuses the input while the window
 *     appears, instead of painting the previous state first;
 *  5. the window is placed on the display under the pointer, shown and focused;
 *  6. the renderer reports its first frame; the figure lands in the diagnostics.
 */
import type {
  CompanionHideReason,
  CompanionShowSource,
  CompanionStateInfo,
  ShortcutStatus
} from '../../shared/companion/schemas'
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import type { Settings } from '../../shared/settings'
import type { PreferencesPort } from '../store/types'
import { clipboardContext } from './clipboardContext'
import { decideConversation, type LastCompanionConversation } from './continueRule'
import { ShowLatencyLog, formatSample } from './diagnostics'
import type { CompanionDesktopPort } from './desktopPort'
import { conflictNotification, type MainLanguage } from './messages'
import { COMPANION_EMPTY_HEIGHT, COMPANION_MAX_HEIGHT, dipStep, fitHeight, placeCompanion } from './placement'
import { createShortcutRegistry, type ShortcutRegistry } from './shortcuts'
import {
  CompanionStateMachine,
  DEFAULT_TIMINGS,
  focusReturnAction,
  type CompanionDecision,
  type CompanionTimings
} from './stateMachine'

/** Key of the companion's memory in the preferences backend (not a setting). */
export const COMPANION_MEMORY_KEY = 'companion'

export interface CompanionServiceDeps {
  host: CompanionDesktopPort
  platform: string
  settings: () => Settings
  updateSettings: (patch: Partial<Settings>) => Settings
  /** Where the companion remembers its last conversation across restarts. */
  backend: PreferencesPort
  /** The conversation's updatedAt, or null when it no longer exists. */
  conversationUpdatedAt: (id: string) => Promise<number | null>
  emit: EmitEvent
  /** The language of main's own words (notifications). */
  language: () => MainLanguage
  /** Monotonic milliseconds (default performance.now). */
  clock?: () => number
  /** Wall clock (default Date.now). */
  wallClock?: () => number
  timings?: Partial<CompanionTimings>
  log?: (message: string) => void
}

export interface CompanionService {
  handlers: ContractHandlers['companion']
  /** Registers the global shortcut from the settings (tells the user when it is taken). */
  start(): ShortcutStatus
  /** The global shortcut (or tray item): show when hidden, hide when shown. */
  toggle(source: CompanionShowSource, triggeredAt?: number): Promise<void>
  show(source: CompanionShowSource, triggeredAt?: number): Promise<void>
  hide(reason: CompanionHideReason): void
  /** Window events from the glue. */
  windowFocused(): void
  windowBlurred(): void
  /** The glue's focus poll (see the state machine: blur may never come for an always-on-top window). */
  focusCheck(focused: boolean): void
  windowHiddenExternally(): void
  /** True while the glue should poll focus: shown and not pinned. */
  wantsFocusPolling(): boolean
  readonly state: CompanionStateInfo
  readonly shortcut: ShortcutStatus
  dispose(): void
}

function readMemory(raw: unknown): LastCompanionConversation | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  if (typeof r.conversationId !== 'string' || !r.conversationId || typeof r.usedAt !== 'number') return null
  return { conversationId: r.conversationId, usedAt: r.usedAt }
}

export function createCompanionService(deps: CompanionServiceDeps): CompanionService {
  const { host, emit } = deps
  const clock = deps.clock ?? (() => performance.now())
  const wallClock = deps.wallClock ?? (() => Date.now())
  const log = deps.log ?? (() => undefined)
  const machine = new CompanionStateMachine({ ...DEFAULT_TIMINGS, ...deps.timings })
  const latency = new ShowLatencyLog()

  let last: LastCompanionConversation | null = readMemory(deps.backend.get(COMPANION_MEMORY_KEY))
  /** The conversation the companion page shows now (null: a new one). */
  let rendererConversationId: string | null = last?.conversationId ?? null
  /**
   * The content height last reported for each conversation (null: a new chat), so a show opens
   * the window at the right height at once instead of growing it a frame later.
   */
  const heights = new Map<string | null, number>()
  let maxHeight = COMPANION_MAX_HEIGHT
  let step = 1
  let notifiedConflict: string | null = null

  const remember = (conversationId: string | null): void => {
    last = conversationId ? { conversationId, usedAt: wallClock() } : null
    try {
      if (last) deps.backend.set(COMPANION_MEMORY_KEY, last)
      else deps.backend.delete(COMPANION_MEMORY_KEY)
    } catch (error) {
      log(`could not save the companion's last conversation: ${String(error)}`)
    }
  }

  const tellConflict = (status: ShortcutStatus): void => {
    if (status.state !== 'conflict' && status.state !== 'invalid') return
    if (notifiedConflict === status.accelerator) return
    notifiedConflict = status.accelerator
    try {
      host.notify(
        conflictNotification({
          language: deps.language(),
          platform: deps.platform,
          accelerator: status.accelerator,
          suggestion: status.suggestion
        })
      )
    } catch (error) {
      log(`could not show the shortcut notification: ${String(error)}`)
    }
  }

  const registry: ShortcutRegistry = createShortcutRegistry({
    port: host.shortcuts,
    platform: deps.platform,
    onTrigger: () => void toggle('shortcut', clock()),
    onStatus: (status) => emit('companion:onShortcutStatus', status),
    // The screenshot's keys are never the companion's too.
    reserved: () => [deps.settings().captureShortcut],
    log
  })

  const carryOut = async (decision: CompanionDecision, triggeredAt: number): Promise<void> => {
    try {
      if (decision.kind === 'show') await doShow(decision.showId, decision.source, triggeredAt)
      else if (decision.kind === 'hide') doHide(decision.showId, decision.reason)
    } catch (error) {
      // A window that went away mid-show (crash, quit): forget it was visible, keep going.
      log(`companion ${decision.kind} failed: ${String(error)}`)
      if (decision.kind === 'show') machine.dispatch({ type: 'hiddenExternally' })
    }
  }

  const doShow = async (showId: number, source: CompanionShowSource, triggeredAt: number): Promise<void> => {
    latency.triggered(showId, source, triggeredAt, wallClock())
    const settings = deps.settings()
    let updatedAt: number | null | undefined
    if (last && settings.companionContinueMinutes > 0) {
      updatedAt = await deps.conversationUpdatedAt(last.conversationId).catch(() => undefined)
    }
    // A hide (or another show) came while the row was read: that one wins.
    if (!machine.state.visible || machine.state.showId !== showId) return
    const decision = decideConversation({
      now: wallClock(),
      continueMinutes: settings.companionContinueMinutes,
      last,
      conversationUpdatedAt: updatedAt
    })
    if (decision.reason === 'deleted') remember(null)
    const screen = host.screen()
    const placement = placeCompanion({
      displays: screen.displays,
      cursor: screen.cursor,
      cursorDisplayId: screen.cursorDisplayId,
      height: heights.get(decision.conversationId) ?? heights.get(null) ?? COMPANION_EMPTY_HEIGHT
    })
    maxHeight = placement.maxHeight
    step = dipStep(placement.scaleFactor)
    emit('companion:onShown', {
      showId,
      conversationId: decision.conversationId,
      pinned: machine.state.pinned,
      maxHeight,
      source
    })
    host.show({ bounds: placement.bounds, scaleFactor: placement.scaleFactor })
    latency.shown(showId, clock())
  }

  const doHide = (showId: number, reason: CompanionHideReason): void => {
    const focus = focusReturnAction({
      platform: deps.platform,
      reason,
      otherWindowsVisible: safe(() => host.otherWindowsVisible(), false)
    })
    host.hide(focus)
    // "Recent" counts from when the user last had the conversation in front of them.
    if (rendererConversationId) remember(rendererConversationId)
    emit('companion:onHidden', { showId, reason })
  }

  const toggle = (source: CompanionShowSource, triggeredAt?: number): Promise<void> => {
    const at = triggeredAt ?? clock()
    return carryOut(machine.dispatch({ type: 'toggle', at, source }), at)
  }

  const show = (source: CompanionShowSource, triggeredAt?: number): Promise<void> => {
    const at = triggeredAt ?? clock()
    return carryOut(machine.dispatch({ type: 'show', at, source }), at)
  }

  const hide = (reason: CompanionHideReason): void => {
    void carryOut(machine.dispatch({ type: 'hide', at: clock(), reason }), clock())
  }

  const handlers: ContractHandlers['companion'] = {
    hide: ({ reason }) => {
      hide(reason)
      return { ok: true as const }
    },
    setPinned: ({ pinned }) => {
      machine.dispatch({ type: 'setPinned', pinned })
      host.setPinned(pinned)
      return { ok: true as const }
    },
    resize: ({ height }) => {
      heights.delete(rendererConversationId)
      heights.set(rendererConversationId, height)
      if (heights.size > 50) heights.delete(heights.keys().next().value as string | null)
      const applied = fitHeight(height, maxHeight, step)
      host.setHeight(applied)
      return { height: applied }
    },
    openInMain: ({ conversationId }) => {
      rendererConversationId = conversationId
      remember(conversationId)
      const decision = machine.dispatch({ type: 'hide', at: clock(), reason: 'open-in-main' })
      if (decision.kind === 'hide') doHide(decision.showId, decision.reason)
      host.openInMain(conversationId)
      return { ok: true as const }
    },
    openProviderSetup: () => {
      // Like openInMain: the main window takes over, so the companion steps aside.
      const decision = machine.dispatch({ type: 'hide', at: clock(), reason: 'open-in-main' })
      if (decision.kind === 'hide') doHide(decision.showId, decision.reason)
      host.openProviderSetup()
      return { ok: true as const }
    },
    setConversation: ({ conversationId }) => {
      rendererConversationId = conversationId
      remember(conversationId)
      return { ok: true as const }
    },
    context: async () => {
      const enabled = deps.settings().companionClipboardContext
      if (!enabled) return { clipboard: null }
      const reading = await host.readClipboard().catch((error: unknown) => {
        log(`could not read the clipboard: ${String(error)}`)
        return null
      })
      return clipboardContext(true, reading)
    },
    state: () => ({ visible: machine.state.visible, pinned: machine.state.pinned, showId: machine.state.showId }),
    reportShown: ({ showId, rendererMs }) => {
      const sample = latency.reported(showId, rendererMs, clock())
      if (sample) log(formatSample(sample))
      return { ok: true as const }
    },
    diagnostics: () => latency.snapshot(registry.status),
    setShortcut: ({ accelerator }) => {
      const result = registry.change(accelerator)
      if (result.ok) {
        deps.updateSettings({ companionShortcut: result.status.accelerator })
        notifiedConflict = null
      }
      return result
    }
  }

  return {
    handlers,
    start() {
      const status = registry.apply(deps.settings().companionShortcut)
      tellConflict(status)
      return status
    },
    toggle,
    show,
    hide,
    windowFocused: () => void machine.dispatch({ type: 'focus', at: clock() }),
    windowBlurred: () => void carryOut(machine.dispatch({ type: 'blur', at: clock() }), clock()),
    focusCheck: (focused) => void carryOut(machine.dispatch({ type: 'focusCheck', at: clock(), focused }), clock()),
    windowHiddenExternally: () => void machine.dispatch({ type: 'hiddenExternally' }),
    wantsFocusPolling: () => machine.state.visible && !machine.state.pinned,
    get state() {
      return { visible: machine.state.visible, pinned: machine.state.pinned, showId: machine.state.showId }
    },
    get shortcut() {
      return registry.status
    },
    dispose() {
      registry.dispose()
    }
  }
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn()
  } catch {
    return fallback
  }
}
