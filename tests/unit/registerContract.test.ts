/**
 * The one wrapper every invoke channel goes through: sender check, then schema validation,
 * then the handler. Tested with an in-memory transport and handlers that record their calls.
 */
import { describe, expect, it } from 'vitest'
import { IpcRejection, registerContract, type SenderInfo } from '../../src/main/ipc/registerContract'
import { createApi } from '../../src/shared/ipc/client'
import { listChannels, type ContractHandlers } from '../../src/shared/ipc/contract'

type Handler = (sender: SenderInfo, payload: unknown) => Promise<unknown>

function setup() {
  const registered = new Map<string, Handler>()
  const calls: Array<{ channel: string; req: unknown }> = []
  // Every handler records its call and answers something plausible for its channel.
  const handlers: Record<string, Record<string, (req: unknown) => unknown>> = {}
  for (const { ns, name, channel, spec } of listChannels()) {
    if (spec.kind !== 'invoke') continue
    ;(handlers[ns] ??= {})[name] = (req: unknown) => {
      calls.push({ channel, req })
      return { echoed: req }
    }
  }
  registerContract({
    transport: { handle: (channel, handler) => registered.set(channel, handler) },
    handlers: handlers as unknown as ContractHandlers,
    isTrustedSender: (sender) => sender.url.startsWith('app://omnidesk/')
  })
  const trusted: SenderInfo = { url: 'app://omnidesk/index.html', id: 1 }
  const call = (channel: string, payload: unknown, sender: SenderInfo = trusted) => registered.get(channel)!(sender, payload)
  return { registered, calls, call }
}

describe('registerContract', () => {
  it('registers every invoke channel of the contract and no event channel', () => {
    const { registered } = setup()
    const invokes = listChannels().filter((c) => c.spec.kind === 'invoke').map((c) => c.channel)
    expect([...registered.keys()].sort()).toEqual(invokes.sort())
    expect(registered.has('chat:onEvent')).toBe(false)
  })

  it('passes a valid request to the handler', async () => {
    const { call, calls } = setup()
    await expect(call('conversations:get', { id: 'c1' })).resolves.toEqual({ echoed: { id: 'c1' } })
    expect(calls).toEqual([{ channel: 'conversations:get', req: { id: 'c1' } }])
  })

  it('rejects a payload that does not match the schema, before the handler runs', async () => {
    const { call, calls } = setup()
    await expect(call('conversations:get', { id: 5 })).rejects.toMatchObject({ code: 'invalid-request' })
    await expect(call('chat:send', { text: 42 })).rejects.toBeInstanceOf(IpcRejection)
    await expect(call('providers:save', { presetId: 'nope', name: 'x', baseURL: '', defaultModel: 'm' })).rejects.toThrow(/Invalid request/)
    expect(calls).toEqual([])
  })

  it('rejects a foreign sender even with a valid payload', async () => {
    const { call, calls } = setup()
    await expect(call('settings:get', undefined, { url: 'https://evil.example/', id: 9 })).rejects.toMatchObject({
      code: 'forbidden-sender'
    })
    expect(calls).toEqual([])
  })

  it('strips unknown fields rather than passing them through', async () => {
    const { call, calls } = setup()
    await call('conversations:remove', { id: 'c1', extra: 'ignored' })
    expect(calls[0].req).toEqual({ id: 'c1' })
  })
})

describe('createApi', () => {
  it('exposes one function per channel, named after it, and nothing else', async () => {
    const invoked: Array<[string, unknown]> = []
    const api = createApi({
      invoke: async (channel, payload) => {
        invoked.push([channel, payload])
        return 'ok'
      },
      on: () => () => {}
    }) as unknown as Record<string, Record<string, unknown>>
    const names = Object.entries(api).flatMap(([ns, group]) => Object.keys(group).map((n) => `${ns}:${n}`))
    expect(names.sort()).toEqual(listChannels().map((c) => c.channel).sort())
    for (const group of Object.values(api)) for (const fn of Object.values(group)) expect(typeof fn).toBe('function')
    await (api.chat.stop as (r: unknown) => Promise<unknown>)({ streamId: 's' })
    expect(invoked).toEqual([['chat:stop', { streamId: 's' }]])
  })
})
