/**
 * The renderer's only way to main: the functions the preload (or the web harness) exposes on
 * `window.omnidesk`, one per contract channel. Nothing else crosses the boundary.
 */
import type { OmnideskApi } from '../../shared/ipc/contract'

export const api: OmnideskApi = (window as unknown as { omnidesk: OmnideskApi }).omnidesk
