/**
 * The renderer's API over a transport that answers with values (or throws), for unit tests:
 * each answer is wrapped into the IpcResult main would send (a throw becomes its ErrorInfo, as
 * registerContract does), then goes through the real bridge builder and `unwrapApi`.
 */
import { errorInfoOf } from '../../src/shared/errors'
import { createBridgeApi, ipcFail, ipcOk } from '../../src/shared/ipc/bridgeApi'
import { unwrapApi } from '../../src/shared/ipc/client'
import type { OmnideskApi } from '../../src/shared/ipc/contract'

export interface ValueTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>
  on(channel: string, listener: (payload: unknown) => void): () => void
}

export function valueApi(transport: ValueTransport): OmnideskApi {
  return unwrapApi(
    createBridgeApi({
      invoke: async (channel, payload) => {
        try {
          return ipcOk(await transport.invoke(channel, payload))
        } catch (error) {
          return ipcFail(errorInfoOf(error))
        }
      },
      on: (channel, listener) => transport.on(channel, listener)
    })
  )
}
