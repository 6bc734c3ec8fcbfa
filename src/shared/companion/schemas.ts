/**
 * The companion window's part of the IPC contract: request, response and event payloads as zod
 * schemas (types inferred). Pure, shared by main, the preload, the harness and the renderer.
 */
import { z } from 'zod'

const Id = z.string().min(1).max(200)

/** Why the companion was hidden. */
export const CompanionHideReason = z.enum(['escape', 'shortcut', 'blur', 'open-in-main', 'button', 'tray'])
export type CompanionHideReason = z.infer<typeof CompanionHideReason>

/** What triggered a show. */
export const CompanionShowSource = z.enum(['shortcut', 'tray', 'api'])
export type CompanionShowSource = z.infer<typeof CompanionShowSource>

/**
 * Sent just before the window is shown (the renderer applies it while the window appears):
 * which conversation to show (null: a new one), and the height the content may grow to.
 */
export const CompanionShown = z.object({
  showId: z.number().int().nonnegative(),
  /** The companion's last conversation when it is recent (setting: minutes), else null. */
  conversationId: Id.nullable(),
  pinned: z.boolean(),
  /** Tallest the window may get on this display (DIP); past it the answer scrolls. */
  maxHeight: z.number().int().positive(),
  source: CompanionShowSource
})
export type CompanionShown = z.infer<typeof CompanionShown>

export const CompanionHidden = z.object({
  showId: z.number().int().nonnegative(),
  reason: CompanionHideReason
})
export type CompanionHidden = z.infer<typeof CompanionHidden>

/** Optional context offered as a removable chip (only when the setting is on). */
export const CompanionContext = z.object({
  clipboard: z
    .object({
      text: z.string(),
      /** 'selection': the X11/Wayland primary selection (Linux); 'clipboard' elsewhere. */
      source: z.enum(['clipboard', 'selection']),
      /** The original was longer than what is kept. */
      truncated: z.boolean(),
      originalLength: z.number().int().nonnegative()
    })
    .nullable()
})
export type CompanionContext = z.infer<typeof CompanionContext>

/** Where the global shortcut stands. */
export const ShortcutState = z.enum([
  'registered', // active: pressing it toggles the companion
  'conflict', // the OS or another app holds it
  'invalid', // the stored text is not a usable accelerator
  'disabled', // the user turned it off (tray and main window still work)
  'unavailable' // this desktop offers no global shortcuts (not started yet, or e.g. some Wayland sessions)
])
export type ShortcutState = z.infer<typeof ShortcutState>

export const ShortcutStatus = z.object({
  /** What the user asked for (canonical when valid); '' when disabled. */
  accelerator: z.string(),
  /** The one actually registered, if any (after a refused change the previous one stays). */
  active: z.string().nullable(),
  state: ShortcutState,
  /** A free alternative to offer when `state` is conflict or invalid. */
  suggestion: z.string().nullable()
})
export type ShortcutStatus = z.infer<typeof ShortcutStatus>

export const SetShortcutResult = z.object({
  /** True when `accelerator` is now the registered shortcut (or it was disabled as asked). */
  ok: z.boolean(),
  status: ShortcutStatus
})
export type SetShortcutResult = z.infer<typeof SetShortcutResult>

/** What the renderer measured for one show (its own clock: durations only). */
export const CompanionShownReport = z.object({
  showId: z.number().int().nonnegative(),
  /** onShown received → first frame painted after it (double requestAnimationFrame). */
  rendererMs: z.number().nonnegative().max(600_000)
})
export type CompanionShownReport = z.infer<typeof CompanionShownReport>

/** One measured show: hotkey → first frame, measured on main's clock. */
export const ShowSample = z.object({
  showId: z.number().int().nonnegative(),
  source: CompanionShowSource,
  /** Wall-clock time of the trigger (ms since epoch), for display. */
  at: z.number(),
  /** Trigger → window.show() returned (main). */
  mainMs: z.number().nonnegative(),
  /** onShown received → first frame (renderer). */
  rendererMs: z.number().nonnegative(),
  /** Trigger → the renderer's first-frame report arrived in main (an upper bound of hotkey → first frame). */
  totalMs: z.number().nonnegative()
})
export type ShowSample = z.infer<typeof ShowSample>

/** Hotkey → first frame of the companion, the target on a Mac (≤ 50 ms). */
export const SHOW_LATENCY_TARGET_MS = 50

export const CompanionDiagnostics = z.object({
  shortcut: ShortcutStatus,
  /** Most recent first. */
  samples: z.array(ShowSample),
  summary: z.object({
    count: z.number().int().nonnegative(),
    lastMs: z.number().nullable(),
    medianMs: z.number().nullable(),
    p95Ms: z.number().nullable(),
    targetMs: z.number()
  })
})
export type CompanionDiagnostics = z.infer<typeof CompanionDiagnostics>

export const CompanionStateInfo = z.object({
  visible: z.boolean(),
  pinned: z.boolean(),
  showId: z.number().int().nonnegative()
})
export type CompanionStateInfo = z.infer<typeof CompanionStateInfo>

/** Requests, grouped so contract.ts stays one line per channel. */
export const companionReq = {
  hide: z.object({ reason: CompanionHideReason }),
  setPinned: z.object({ pinned: z.boolean() }),
  /** The content's natural height (DIP); main clamps it to the display. */
  resize: z.object({ height: z.number().int().min(1).max(10_000) }),
  openInMain: z.object({ conversationId: Id }),
  /** The companion's current conversation (null after "New chat"): the continue rule's memory. */
  setConversation: z.object({ conversationId: Id.nullable() }),
  /** null disables the global shortcut. */
  setShortcut: z.object({ accelerator: z.string().max(100).nullable() })
} as const
