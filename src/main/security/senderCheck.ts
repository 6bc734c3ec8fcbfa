/**
 * Who may call the IPC contract: a frame we trust, and which kind of window it is (registerContract
 * then checks the kind may use the channel). Pure, no electron import; the ipcMain transport
 * turns an IpcMainInvokeEvent into an `IpcSender` and this decides.
 */
import type { SenderInfo } from '../ipc/registerContract'
import { isTrustedOrigin } from './origins'
import type { WindowKind } from '../../shared/ipc/windows'

export interface IpcSender extends SenderInfo {
  /** webContents id of the sender. */
  id: number
  /** False for iframes: only a window's top frame speaks for the window. */
  isMainFrame: boolean
}

export interface SenderPolicy {
  /** The kind of the window our window factory created with this webContents (and that still lives); undefined otherwise. */
  windowOf(webContentsId: number): WindowKind | undefined
  /** The app origin (app://omnidesk) or the dev server origin. */
  trustedOrigins: readonly string[]
}

/** The kind of window a request comes from, when it is the top frame of one of ours at our origin; else undefined. */
export function createSenderCheck(policy: SenderPolicy): (sender: IpcSender) => WindowKind | undefined {
  return (sender) => (sender.isMainFrame && isTrustedOrigin(sender.url, policy.trustedOrigins) ? policy.windowOf(sender.id) : undefined)
}
