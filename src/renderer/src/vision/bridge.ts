/**
 * The page's API for the capture and attachment code, read when used rather than at import
 * (tests install their fake bridge after modules load; the companion window may mount the
 * composer before the app does).
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import { pageApi } from '../api'

export function visionApi(): OmnideskApi {
  return pageApi() as OmnideskApi
}

/** The capture namespace when the bridge has it (test doubles of the API may not). */
export function captureApi(): OmnideskApi['capture'] | undefined {
  return pageApi()?.capture
}
