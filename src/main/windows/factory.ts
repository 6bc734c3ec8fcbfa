/**
 * THE way to create a window. Every BrowserWindow goes through here (scripts/security-lint.mjs
 * checks that no other file calls `new BrowserWindow`), so every window gets the secure
 * webPreferences, the navigation and window.open guards, a hardened session, and a place in the
 * registry that the IPC sender check and the event router rely on.
 */
import { BrowserWindow } from 'electron'
import { attachNavigationGuards, hardenSession, windowKindOfContents, type SecurityPolicy } from './guards'
import type { WindowKind, WindowRegistry } from './registry'
import { buildSecureWindowOptions, type TunableWebPreferences, type WindowShapeOptions } from './secureOptions'

export interface WindowContext {
  registry: WindowRegistry<BrowserWindow>
  policy: SecurityPolicy
  /** Set in development: dev-server responses get the CSP header from a webRequest hook. */
  devServerOrigin?: string
  /** Development only: the nonce vite puts on its inline scripts (see electron.vite.config.ts). */
  devScriptNonce?: string
  /** Absolute path of the built preload (out/preload/index.js). */
  preloadPath: string
  /** Whether windows may open DevTools (security/devTools.ts decides). */
  devTools: boolean
}

export function createSecureWindow(
  context: WindowContext,
  opts: { kind: WindowKind; shape: WindowShapeOptions; webPreferences?: TunableWebPreferences }
): BrowserWindow {
  const win = new BrowserWindow(
    buildSecureWindowOptions({
      shape: opts.shape,
      preloadPath: context.preloadPath,
      kind: opts.kind,
      webPreferences: opts.webPreferences,
      devTools: context.devTools
    })
  )
  hardenSession(win.webContents.session, {
    ...context.policy,
    devServerOrigin: context.devServerOrigin,
    devScriptNonce: context.devScriptNonce,
    windowOf: windowKindOfContents(context.registry)
  })
  attachNavigationGuards(win.webContents, context.policy)
  context.registry.add(opts.kind, win)
  return win
}
