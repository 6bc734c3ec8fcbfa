/**
 * `window.omnidesk` as the renderer sees it: exactly the API the preload builds from the
 * contract (src/shared/ipc/contract.ts), typed from it.
 */
import type { OmnideskApi } from '../shared/ipc/contract'

declare global {
  interface Window {
    omnidesk: OmnideskApi
  }
}

export {}
