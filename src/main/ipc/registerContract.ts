/**
 * The ONE wrapper through which every invoke channel is registered, whatever the transport
 * (Electron ipcMain or the web harness's WebSocket bridge): it checks the sender first, then
 * validates the request against the contract's schema, then calls the handler. A handler never
 * sees an unvalidated payload or a foreign sender.
 */
import { listChannels, type ContractHandlers } from '../../shared/ipc/contract'

/** Thrown back to the renderer; the message is safe to show (no stack, no secrets). */
export class IpcRejection extends Error {
  constructor(
    readonly code: 'forbidden-sender' | 'invalid-request' | 'unknown-channel',
    message: string
  ) {
    super(message)
    this.name = 'IpcRejection'
  }
}

/** What a transport knows about who sent a request. */
export interface SenderInfo {
  /** URL of the frame (Electron) or Origin of the socket (harness). */
  url: string
  /** Transport-specific identity, e.g. the webContents id. */
  id?: number | string
}

export interface MainTransport<S extends SenderInfo = SenderInfo> {
  handle(channel: string, handler: (sender: S, payload: unknown) => Promise<unknown>): void
}

export interface RegisterOptions<S extends SenderInfo> {
  transport: MainTransport<S>
  handlers: ContractHandlers
  /** True when the request comes from one of our windows at our own origin. */
  isTrustedSender: (sender: S) => boolean
  onError?: (channel: string, error: unknown) => void
}

export function registerContract<S extends SenderInfo>(opts: RegisterOptions<S>): void {
  const handlers = opts.handlers as unknown as Record<string, Record<string, (req: unknown) => unknown>>
  for (const { ns, name, channel, spec } of listChannels()) {
    if (spec.kind !== 'invoke') continue
    const handler = handlers[ns]?.[name]
    if (typeof handler !== 'function') throw new Error(`No handler for ${channel}`)
    opts.transport.handle(channel, async (sender, payload) => {
      if (!opts.isTrustedSender(sender)) {
        throw new IpcRejection('forbidden-sender', `Refused ${channel} from an untrusted sender`)
      }
      const parsed = spec.req.safeParse(payload)
      if (!parsed.success) {
        throw new IpcRejection('invalid-request', `Invalid request for ${channel}: ${parsed.error.issues[0]?.message ?? 'bad payload'}`)
      }
      try {
        return await handler.call(handlers[ns], parsed.data)
      } catch (error) {
        opts.onError?.(channel, error)
        throw error
      }
    })
  }
}
