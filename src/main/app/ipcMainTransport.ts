/**
 * registerContract's transport over Electron's ipcMain. Written against the two fields of the
 * invoke event it reads, so tests drive it with plain objects.
 */
import type { MainTransport } from '../ipc/registerContract'
import type { IpcSender } from '../security/senderCheck'

export interface InvokeEventLike {
  readonly sender: { readonly id: number }
  /** Null when the frame navigated away or was destroyed before the message arrived. */
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>): void
}

export function senderOf(event: InvokeEventLike): IpcSender {
  const frame = event.senderFrame
  return { id: event.sender.id, url: frame?.url ?? '', isMainFrame: frame !== null && frame.parent === null }
}

export function createIpcMainTransport(ipcMain: IpcMainLike): MainTransport<IpcSender> {
  return {
    handle(channel, handler) {
      ipcMain.handle(channel, (event, payload) => handler(senderOf(event), payload))
    }
  }
}
