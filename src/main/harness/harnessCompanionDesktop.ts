/**
 * The web harness's CompanionDesktopPort: no window manager, so every call main makes is recorded
 * (E2E asserts "Esc asked main to hide, returning focus by hiding the app"), the clipboard is a
 * settable fake, the screen is a simulated layout, and global shortcuts are a fake registry a
 * test can "press" or mark as taken by another app.
 *
 * "Open in main window" is real here: the event goes to every connected page, and the main
 * window's page (another tab of the same browser context) opens the conversation.
 */
import type { EmitEvent } from '../../shared/ipc/contract'
import type { CompanionDesktopPort, ScreenSnapshot } from '../companion/desktopPort'
import type { Rect } from '../companion/placement'
import type { FocusReturn } from '../companion/stateMachine'
import type { CompanionService } from '../companion/service'

export type CompanionCall =
  | { op: 'show'; bounds: Rect; scaleFactor: number }
  | { op: 'hide'; focus: FocusReturn }
  | { op: 'setHeight'; height: number }
  | { op: 'setPinned'; pinned: boolean }
  | { op: 'openInMain'; conversationId: string }
  | { op: 'openProviderSetup' }
  | { op: 'readClipboard' }
  | { op: 'notify'; title: string; body: string }

export interface HarnessCompanion {
  readonly host: CompanionDesktopPort
  /** Every call main made on the companion's desktop side, in order. */
  readonly calls: CompanionCall[]
  /** The fake clipboard (and Linux primary selection) main reads for the context chip. */
  setClipboard(text: string, selection?: string): void
  /** Accelerators "another app" holds: registering them fails (a conflict). */
  readonly takenShortcuts: Set<string>
  /** What the app has registered right now. */
  registeredShortcuts(): string[]
  /** Presses a registered global shortcut (default: the companion's); false when none is registered. */
  pressShortcut(accelerator?: string): boolean
  /** The simulated display layout and pointer. */
  screen: ScreenSnapshot
  /** Whether another Omnidesk window counts as visible (the focus-return decision). */
  otherWindowsVisible: boolean
  /** The live service (after the services started). */
  service(): CompanionService | undefined
  attach(service: CompanionService | undefined): void
}

export const HARNESS_DISPLAY: ScreenSnapshot = {
  displays: [
    {
      id: '1',
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 25, width: 1920, height: 1055 },
      scaleFactor: 2
    }
  ],
  cursor: { x: 960, y: 540 }
}

export function createHarnessCompanion(deps: { emit: EmitEvent }): HarnessCompanion {
  const calls: CompanionCall[] = []
  const clipboard = { text: '', selection: '' }
  const takenShortcuts = new Set<string>()
  const registered = new Map<string, () => void>()
  let service: CompanionService | undefined

  const state = {
    screen: structuredClone(HARNESS_DISPLAY),
    otherWindowsVisible: false
  }

  const host: CompanionDesktopPort = {
    screen: () => state.screen,
    otherWindowsVisible: () => state.otherWindowsVisible,
    show: (placement) => void calls.push({ op: 'show', bounds: placement.bounds, scaleFactor: placement.scaleFactor }),
    hide: (focus) => void calls.push({ op: 'hide', focus }),
    setHeight: (height) => void calls.push({ op: 'setHeight', height }),
    setPinned: (pinned) => void calls.push({ op: 'setPinned', pinned }),
    openInMain: (conversationId) => {
      calls.push({ op: 'openInMain', conversationId })
      deps.emit('companion:onOpenConversation', { conversationId })
    },
    openProviderSetup: () => {
      calls.push({ op: 'openProviderSetup' })
      deps.emit('companion:onOpenProviderSetup', {})
    },
    readClipboard: async () => {
      calls.push({ op: 'readClipboard' })
      return { clipboard: clipboard.text, selection: clipboard.selection }
    },
    notify: (n) => void calls.push({ op: 'notify', title: n.title, body: n.body }),
    shortcuts: {
      register: (accelerator, callback) => {
        if (takenShortcuts.has(accelerator) || registered.has(accelerator)) return false
        registered.set(accelerator, callback)
        return true
      },
      unregister: (accelerator) => void registered.delete(accelerator),
      isRegistered: (accelerator) => registered.has(accelerator)
    }
  }

  return {
    host,
    calls,
    setClipboard(text, selection = '') {
      clipboard.text = text
      clipboard.selection = selection
    },
    takenShortcuts,
    registeredShortcuts: () => [...registered.keys()],
    pressShortcut(accelerator) {
      const key = accelerator ?? service?.shortcut.active ?? undefined
      const callback = key ? registered.get(key) : undefined
      if (!callback) return false
      callback()
      return true
    },
    get screen() {
      return state.screen
    },
    set screen(value) {
      state.screen = value
    },
    get otherWindowsVisible() {
      return state.otherWindowsVisible
    },
    set otherWindowsVisible(value) {
      state.otherWindowsVisible = value
    },
    service: () => service,
    attach(s) {
      service = s
    }
  }
}
