/**
 * Who may call the IPC contract: a frame we trust. Pure, no electron import; the ipcMain
 * transport turns an IpcMainInvokeEvent into an `IpcSender` and this decides.
 */
import type { SenderInfo } from '../ipc/registerContract'
import { isTrustedOrigin } from './origins'

export interface IpcSender extends SenderInfo {
  /** webContents id of the sender. */
  id: number
  /** False for iframes: only a window's top frame speaks for the window. */
  isMainFrame: boolean
}

export interface SenderPolicy {
  /** True for the webContents of a window our window factory created (and that still lives). */
  isOurWebContents(id: number): boolean
  /** The app origin (app://omnidesk) or the dev server origin. */
  trustedOrigins: readonly string[]
}

export function createSenderCheck(policy: SenderPolicy): (sender: IpcSender) => boolean {
  return (sender) =>
    policy.isOurWebContents(sender.id) && sender.isMainFrame && isTrustedOrigin(sender.url, policy.trustedOrigins)
}
