/**
 * The renderer's only way to main: the functions the preload (or the web harness) exposes on
 * `window.omnidesk`, one per contract channel, unwrapped in this page (`unwrapApi`): a call
 * resolves to its value or throws an AppError carrying main's ErrorInfo. Nothing else crosses
 * the boundary.
 */
import { unwrapApi } from '../../shared/ipc/client'
import type { BridgeApi, OmnideskApi } from '../../shared/ipc/contract'

let unwrapped: { bridge: BridgeApi; api: OmnideskApi } | undefined

/**
 * This page's API, read when used (component tests install their fake bridge after modules
 * load); undefined where the page runs without a bridge.
 */
export function pageApi(): OmnideskApi | undefined {
  const bridge = (window as unknown as { omnidesk?: BridgeApi }).omnidesk
  if (!bridge) return undefined
  if (unwrapped?.bridge !== bridge) unwrapped = { bridge, api: unwrapApi(bridge) }
  return unwrapped.api
}

/** This page's API where a feature cannot work without one (the app's windows always have it). */
export function requirePageApi(): OmnideskApi {
  const found = pageApi()
  if (!found) throw new Error('The Omnidesk bridge is missing: this page was opened outside the app.')
  return found
}

export const api: OmnideskApi = pageApi() as OmnideskApi
