/**
 * The ONE wrapper through which every invoke channel is registered, whatever the transport
 * (Electron ipcMain or the web harness's WebSocket bridge): it checks the sender first (one of
 * our windows, at our origin, of a kind that may use this channel: src/shared/ipc/windows.ts),
 * then validates the request against the contract's schema, then calls the handler with the
 * request and its caller. A handler never sees an unvalidated payload or a foreign sender.
 *
 * It never rejects: every call is answered with an IpcResult, a failure as the contract's
 * ErrorInfo (an AppError's info as thrown; anything else as `unknown` with its message). The
 * renderer rethrows it typed (src/shared/ipc/client.ts).
 */
import { errorInfoOf, type ErrorInfo } from '../../shared/errors'
import { ipcFail, ipcOk, type IpcResult } from '../../shared/ipc/bridgeApi'
import { listChannels, type Caller, type ContractHandlers } from '../../shared/ipc/contract'
import { windowMayUse, type WindowKind } from '../../shared/ipc/windows'

/** What a transport knows about who sent a request. */
export interface SenderInfo {
  /** URL of the frame (Electron) or Origin of the socket (harness). */
  url: string
  /** Transport-specific identity, e.g. the webContents id. */
  id?: number | string
}

export interface MainTransport<S extends SenderInfo = SenderInfo> {
  handle(channel: string, handler: (sender: S, payload: unknown) => Promise<IpcResult>): void
}

export interface RegisterOptions<S extends SenderInfo> {
  transport: MainTransport<S>
  handlers: ContractHandlers
  /** The kind of the window the request comes from, when it is one of ours at our own origin; else undefined. */
  windowOf: (sender: S) => WindowKind | undefined
  onError?: (channel: string, error: unknown) => void
}

export function registerContract<S extends SenderInfo>(opts: RegisterOptions<S>): void {
  const handlers = opts.handlers as unknown as Record<string, Record<string, (req: unknown, caller: Caller) => unknown>>
  for (const { ns, name, channel, spec } of listChannels()) {
    if (spec.kind !== 'invoke') continue
    const handler = handlers[ns]?.[name]
    if (typeof handler !== 'function') throw new Error(`No handler for ${channel}`)
    opts.transport.handle(channel, async (sender, payload) => {
      const window = opts.windowOf(sender)
      if (!window) return ipcFail(refusal('forbidden', `Refused ${channel} from an untrusted sender`))
      if (!windowMayUse(window, channel)) return ipcFail(refusal('forbidden', `The ${window} window may not use ${channel}`))
      const parsed = spec.req.safeParse(payload)
      if (!parsed.success) {
        return ipcFail(refusal('invalid_request', `Invalid request for ${channel}: ${parsed.error.issues[0]?.message ?? 'bad payload'}`))
      }
      try {
        return ipcOk(await handler.call(handlers[ns], parsed.data, { window, sender: sender.id ?? sender.url }))
      } catch (error) {
        opts.onError?.(channel, error)
        return ipcFail(errorInfoOf(error))
      }
    })
  }
}

const refusal = (code: 'forbidden' | 'invalid_request', detail: string): ErrorInfo => ({ code, detail })
