/**
 * The companion window: a compact floating panel, created hidden at start-up and kept warm
 * (page loaded, state subscribed), so a hotkey only has to place and show it.
 *
 * - Frameless and transparent (the page draws the rounded card and its shadow area), not
 *   resizable (the page asks main to fit the height to the content), no taskbar entry.
 * - Always on top at the 'floating' level. macOS: `type: 'panel'` makes it an NSPanel-like
 *   window that floats over full-screen apps and joins every Space; setVisibleOnAllWorkspaces
 *   adds the collection behaviour explicitly, with skipTransformProcessType so the Dock icon does
 *   not flicker (the transformation is only needed for ordinary windows).
 * - backgroundThrottling stays ON (the default), on purpose: while the window is hidden the page
 *   gets no animation frames and throttled timers, so a hidden companion costs no CPU even while
 *   an answer keeps streaming into it (deltas are batched on a timer, which throttling stretches,
 *   and what piled up is applied in one go when it shows). What must be fast on show does not depend on timers: IPC events are
 *   delivered at once and React renders from a message-channel task, and `paintWhenInitiallyHidden`
 *   (default true) has the first paint done before it is ever shown.
 * - Closing it (Cmd+W) only hides it, except while the app quits: then it closes like any window
 *   so it never holds the quit up.
 */
import type { BrowserWindow } from 'electron'
import { COMPANION_MIN_HEIGHT, COMPANION_WIDTH } from '../companion/placement'
import { createSecureWindow, type WindowContext } from './factory'
import type { TunableWebPreferences, WindowShapeOptions } from './secureOptions'

/** The window options (pure, so tests check them per platform). */
export function companionWindowShape(platform: string): WindowShapeOptions {
  return {
    width: COMPANION_WIDTH,
    height: COMPANION_MIN_HEIGHT,
    show: false,
    frame: false,
    transparent: true,
    backgroundColor: '#00000000',
    hasShadow: platform === 'darwin',
    resizable: false,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Omnidesk',
    paintWhenInitiallyHidden: true,
    ...(platform === 'darwin' ? { type: 'panel', hiddenInMissionControl: true, roundedCorners: true } : {}),
    // No resize border nor the DWM frame around a transparent window.
    ...(platform === 'win32' ? { thickFrame: false } : {})
  }
}

export const COMPANION_WEB_PREFERENCES: TunableWebPreferences = { backgroundThrottling: true, spellcheck: false }

export interface CompanionWindowOptions {
  url: string
  platform: string
  isQuitting: () => boolean
  onFocus: () => void
  onBlur: () => void
  /** Hidden by something other than us (app.hide by Cmd+H, the OS). */
  onHide: () => void
  log?: (message: string) => void
}

export function createCompanionWindow(context: WindowContext, opts: CompanionWindowOptions): BrowserWindow {
  const win = createSecureWindow(context, {
    kind: 'companion',
    shape: companionWindowShape(opts.platform),
    webPreferences: COMPANION_WEB_PREFERENCES
  })
  win.setAlwaysOnTop(true, 'floating')
  if (opts.platform !== 'win32') {
    // Every Space / workspace, and over full-screen apps on macOS.
    win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true })
  }
  win.on('focus', opts.onFocus)
  win.on('blur', opts.onBlur)
  win.on('hide', opts.onHide)
  win.on('close', (event) => {
    if (opts.isQuitting()) return
    event.preventDefault()
    win.hide()
  })
  // A crashed renderer would leave the hotkey showing a dead window: load it again.
  win.webContents.on('render-process-gone', (_event, details) => {
    opts.log?.(`companion renderer gone (${details.reason}); reloading`)
    if (!opts.isQuitting() && !win.isDestroyed()) void win.loadURL(opts.url)
  })
  void win.loadURL(opts.url)
  return win
}
