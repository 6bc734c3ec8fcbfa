/**
 * The companion's show / hide / toggle / pin / blur rules. Pure: events in (with the time they
 * happened), a decision out; the service carries the decision out through the CompanionDesktopPort.
 *
 * Traps it handles:
 * - **Flash and close.** Right after a show some systems deliver a stray blur (Windows, when the
 *   OS's focus-stealing rules hand focus back for a moment). A blur within `blurGraceMs` of a
 *   show, or before the window ever had focus, is ignored.
 * - **Blur then toggle.** Clicking the tray icon blurs the window first (which hides it) and then
 *   delivers the click (which would show it again). A toggle within `toggleAfterBlurMs` of a
 *   blur-hide is taken as that same gesture: the window stays hidden.
 * - **Key repeat.** Holding the shortcut can repeat it; toggles closer than `repeatGuardMs`
 *   after the previous one are dropped.
 * - **No blur at all.** An always-on-top window may never receive 'blur' (electron/electron#3222:
 *   Windows and Linux lock an always-on-top window in the focused state; seen on macOS too). The
 *   glue polls the window's focus while it is shown and unpinned and feeds `focusCheck`: two
 *   unfocused readings in a row, after it had focus once, count as a blur.
 */
import type { CompanionHideReason, CompanionShowSource } from '../../shared/companion/schemas'

export interface CompanionTimings {
  blurGraceMs: number
  toggleAfterBlurMs: number
  repeatGuardMs: number
  /** Consecutive unfocused polls that count as a blur. */
  unfocusedChecks: number
}

export const DEFAULT_TIMINGS: CompanionTimings = {
  blurGraceMs: 250,
  toggleAfterBlurMs: 400,
  repeatGuardMs: 150,
  unfocusedChecks: 2
}

export interface CompanionState {
  visible: boolean
  pinned: boolean
  /** Increases with every show; 0 before the first. */
  showId: number
  shownAt: number
  /** The window has had focus since it was shown. */
  focusedSinceShow: boolean
  unfocusedCount: number
  lastToggleAt: number
  /** When the last blur (or focus loss) hid it. */
  lastBlurHideAt: number
}

export type CompanionDecision =
  | { kind: 'none'; why?: string }
  | { kind: 'show'; showId: number; source: CompanionShowSource }
  | { kind: 'hide'; showId: number; reason: CompanionHideReason }

export type CompanionEvent =
  | { type: 'toggle'; at: number; source: CompanionShowSource }
  | { type: 'show'; at: number; source: CompanionShowSource }
  | { type: 'hide'; at: number; reason: CompanionHideReason }
  | { type: 'blur'; at: number }
  | { type: 'focus'; at: number }
  | { type: 'focusCheck'; at: number; focused: boolean }
  | { type: 'setPinned'; pinned: boolean }
  /** The window was hidden or closed by something else (Cmd+H, the OS). */
  | { type: 'hiddenExternally' }

export function initialCompanionState(): CompanionState {
  return {
    visible: false,
    pinned: false,
    showId: 0,
    shownAt: -Infinity,
    focusedSinceShow: false,
    unfocusedCount: 0,
    lastToggleAt: -Infinity,
    lastBlurHideAt: -Infinity
  }
}

const NONE = (why?: string): CompanionDecision => ({ kind: 'none', ...(why ? { why } : {}) })

export class CompanionStateMachine {
  private s: CompanionState = initialCompanionState()

  constructor(private readonly timings: CompanionTimings = DEFAULT_TIMINGS) {}

  get state(): Readonly<CompanionState> {
    return this.s
  }

  dispatch(event: CompanionEvent): CompanionDecision {
    const s = this.s
    switch (event.type) {
      case 'toggle': {
        if (event.at - s.lastToggleAt < this.timings.repeatGuardMs) return NONE('repeat')
        s.lastToggleAt = event.at
        if (s.visible) return this.hide('shortcut')
        if (event.at - s.lastBlurHideAt < this.timings.toggleAfterBlurMs) return NONE('just-hidden-by-blur')
        return this.show(event.at, event.source)
      }
      case 'show':
        if (s.visible) return NONE('already-visible')
        return this.show(event.at, event.source)
      case 'hide':
        if (!s.visible) return NONE('already-hidden')
        return this.hide(event.reason)
      case 'focus':
        if (s.visible) {
          s.focusedSinceShow = true
          s.unfocusedCount = 0
        }
        return NONE()
      case 'blur':
        return this.lostFocus(event.at)
      case 'focusCheck': {
        if (!s.visible) return NONE()
        if (event.focused) {
          s.focusedSinceShow = true
          s.unfocusedCount = 0
          return NONE()
        }
        s.unfocusedCount++
        if (s.unfocusedCount < this.timings.unfocusedChecks) return NONE('unfocused-once')
        return this.lostFocus(event.at)
      }
      case 'setPinned':
        s.pinned = event.pinned
        s.unfocusedCount = 0
        return NONE()
      case 'hiddenExternally':
        s.visible = false
        return NONE()
    }
  }

  private lostFocus(at: number): CompanionDecision {
    const s = this.s
    if (!s.visible) return NONE('hidden')
    if (s.pinned) return NONE('pinned')
    if (at - s.shownAt < this.timings.blurGraceMs) return NONE('grace')
    if (!s.focusedSinceShow) return NONE('never-focused')
    s.lastBlurHideAt = at
    return this.hide('blur')
  }

  private show(at: number, source: CompanionShowSource): CompanionDecision {
    const s = this.s
    s.visible = true
    s.showId++
    s.shownAt = at
    s.focusedSinceShow = false
    s.unfocusedCount = 0
    return { kind: 'show', showId: s.showId, source }
  }

  private hide(reason: CompanionHideReason): CompanionDecision {
    const s = this.s
    s.visible = false
    s.unfocusedCount = 0
    return { kind: 'hide', showId: s.showId, reason }
  }
}

/**
 * How focus goes back to where the user was when the companion hides.
 * - 'hide-app' (macOS, no other Omnidesk window visible): app.hide(). Hiding only the window
 *   would leave Omnidesk the active app with no window, and keystrokes would go nowhere; hiding
 *   the app makes macOS activate the app that was active before.
 * - 'hide-window': another Omnidesk window is open (it keeps its place), or Windows / Linux,
 *   where hiding the focused window lets the OS activate the window below it, normally the one
 *   the user came from.
 * - 'none': the main window takes focus next ("Open in main window").
 */
export type FocusReturn = 'hide-app' | 'hide-window' | 'none'

export function focusReturnAction(opts: { platform: string; reason: CompanionHideReason; otherWindowsVisible: boolean }): FocusReturn {
  if (opts.reason === 'open-in-main') return 'none'
  if (opts.platform === 'darwin' && !opts.otherWindowsVisible) return 'hide-app'
  return 'hide-window'
}
