/**
 * `window.omnidesk`, read when used rather than at import (tests install their fake API after
 * modules load; the companion window may mount the composer before the app does).
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'

export function visionApi(): OmnideskApi {
  return (window as unknown as { omnidesk: OmnideskApi }).omnidesk
}

/** The capture namespace when the bridge has it (test doubles of the API may not). */
export function captureApi(): OmnideskApi['capture'] | undefined {
  return (window as unknown as { omnidesk?: Partial<OmnideskApi> }).omnidesk?.capture
}
