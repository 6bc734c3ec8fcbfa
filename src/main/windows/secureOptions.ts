/**
 * The BrowserWindow options every window gets. Pure (type-only electron import): callers choose
 * size, frame and the like, never the security switches, which are written last so nothing a
 * caller passes can turn them off.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'
import { WINDOW_KIND_ARG, type WindowKind } from '../../shared/ipc/windows'

/** Window options a caller may set: everything except webPreferences. */
export type WindowShapeOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'>

/** The few webPreferences a window may tune; none of them weakens isolation. */
export type TunableWebPreferences = Pick<WebPreferences, 'backgroundThrottling' | 'spellcheck' | 'zoomFactor'>

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  // A file dropped on the window must not navigate it to file://.
  navigateOnDragDrop: false,
  safeDialogs: true
} as const satisfies WebPreferences

export function buildSecureWindowOptions(opts: {
  shape: WindowShapeOptions
  preloadPath: string
  /** The kind of window: its preload exposes only that kind's channels. */
  kind: WindowKind
  webPreferences?: TunableWebPreferences
  /**
   * DevTools: on in development, off in a packaged app unless its debug switch is set
   * (security/devTools.ts). Off, "paste this into the console" cannot reach window.omnidesk.
   */
  devTools: boolean
}): BrowserWindowConstructorOptions {
  const tunable: TunableWebPreferences = {}
  // Copy by name, not by spread: a cast object with extra keys must not smuggle in others.
  for (const key of ['backgroundThrottling', 'spellcheck', 'zoomFactor'] as const) {
    if (opts.webPreferences?.[key] !== undefined) Object.assign(tunable, { [key]: opts.webPreferences[key] })
  }
  return {
    ...opts.shape,
    webPreferences: {
      ...tunable,
      ...SECURE_WEB_PREFERENCES,
      devTools: opts.devTools === true,
      preload: opts.preloadPath,
      additionalArguments: [`${WINDOW_KIND_ARG}${opts.kind}`]
    }
  }
}
