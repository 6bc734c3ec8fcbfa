/**
 * `window.omnidesk` as the preload exposes it: one function per contract channel
 * (src/shared/ipc/contract.ts), invokes resolving to their IpcResult. The renderer's code uses
 * the unwrapped API of src/renderer/src/api.ts.
 */
import type { BridgeApi } from '../shared/ipc/contract'

declare global {
  interface Window {
    omnidesk: BridgeApi
  }
}

export {}
