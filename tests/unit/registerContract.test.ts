/**
 * The one wrapper every invoke channel goes through: sender check, then schema validation,
 * then the handler; every answer an IpcResult, failures as the contract's ErrorInfo. Tested with
 * an in-memory transport and handlers that record their calls; then the renderer's side of the
 * same convention (createBridgeApi, unwrapApi).
 */
import { describe, expect, it } from 'vitest'
import { registerContract, type SenderInfo } from '../../src/main/ipc/registerContract'
import { AppError } from '../../src/shared/errors'
import { createBridgeApi, ipcFail, ipcOk, isEventName, type IpcResult } from '../../src/shared/ipc/bridgeApi'
import { unwrapApi } from '../../src/shared/ipc/client'
import { listChannels, type Caller, type ContractHandlers } from '../../src/shared/ipc/contract'
import { WINDOW_CHANNELS, WINDOW_KINDS, type WindowKind } from '../../src/shared/ipc/windows'

type Handler = (sender: SenderInfo, payload: unknown) => Promise<IpcResult>

function setup(kind: WindowKind = 'main') {
  const registered = new Map<string, Handler>()
  const calls: Array<{ channel: string; req: unknown }> = []
  const callers: Caller[] = []
  // Every handler records its call and answers something plausible for its channel.
  const handlers: Record<string, Record<string, (req: unknown, caller: Caller) => unknown>> = {}
  for (const { ns, name, channel, spec } of listChannels()) {
    if (spec.kind !== 'invoke') continue
    ;(handlers[ns] ??= {})[name] = (req: unknown, caller: Caller) => {
      calls.push({ channel, req })
      callers.push(caller)
      if (channel === 'chat:stop') throw new AppError({ code: 'not_found', detail: 'No such stream' })
      if (channel === 'chat:regenerate') throw new Error('disk I/O error')
      return { echoed: req }
    }
  }
  registerContract({
    transport: { handle: (channel, handler) => registered.set(channel, handler) },
    handlers: handlers as unknown as ContractHandlers,
    windowOf: (sender) => (sender.url.startsWith('app://omnidesk/') ? kind : undefined)
  })
  const trusted: SenderInfo = { url: 'app://omnidesk/index.html', id: 1 }
  const call = (channel: string, payload: unknown, sender: SenderInfo = trusted) => registered.get(channel)!(sender, payload)
  return { registered, calls, callers, call }
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
    await expect(call('conversations:get', { id: 'c1' })).resolves.toEqual({ ok: true, value: { echoed: { id: 'c1' } } })
    expect(calls).toEqual([{ channel: 'conversations:get', req: { id: 'c1' } }])
  })

  it('refuses a payload that does not match the schema, before the handler runs', async () => {
    const { call, calls } = setup()
    await expect(call('conversations:get', { id: 5 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    await expect(call('providers:save', { presetId: 'nope', name: 'x', baseURL: '', defaultModel: 'm' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request', detail: expect.stringMatching(/^Invalid request for providers:save/) }
    })
    expect(calls).toEqual([])
  })

  it('refuses a foreign sender even with a valid payload', async () => {
    const { call, calls } = setup()
    await expect(call('settings:get', undefined, { url: 'https://evil.example/', id: 9 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(calls).toEqual([])
  })

  it("answers a handler's AppError with its ErrorInfo, and anything else as unknown with its message", async () => {
    const { call } = setup()
    await expect(call('chat:stop', { streamId: 's' })).resolves.toEqual({ ok: false, error: { code: 'not_found', detail: 'No such stream' } })
    await expect(call('chat:regenerate', { conversationId: 'c' })).resolves.toEqual({ ok: false, error: { code: 'unknown', detail: 'disk I/O error' } })
  })

  it('strips unknown fields rather than passing them through', async () => {
    const { call, calls } = setup()
    await call('conversations:remove', { id: 'c1', extra: 'ignored' })
    expect(calls[0].req).toEqual({ id: 'c1' })
  })
})

describe('a contract per window kind', () => {
  // A valid request for every invoke channel, so only the window check can refuse it.
  const validRequests: Record<string, unknown> = {
    'capture:overlayFrame': { sessionId: 's1', displayId: 'd1' },
    'capture:finishRegion': { sessionId: 's1', image: null },
    'providers:save': { presetId: 'openai', name: 'x', baseURL: 'https://api.openai.com/v1', defaultModel: 'gpt-4o' },
    'companion:hide': undefined,
    'settings:get': undefined,
    'app:ready': undefined
  }

  it.each(WINDOW_KINDS)('the %s window may call its channels and is refused the others, before validation', async (kind) => {
    const { call, calls, callers } = setup(kind)
    for (const [channel, req] of Object.entries(validRequests)) {
      const result = await call(channel, req)
      if (WINDOW_CHANNELS[kind].has(channel as never)) expect(result, channel).not.toMatchObject({ error: { code: 'forbidden' } })
      else expect(result, channel).toMatchObject({ ok: false, error: { code: 'forbidden', detail: `The ${kind} window may not use ${channel}` } })
    }
    // Refused even with a payload the schema would refuse too: the window is checked first.
    const notMine = [...listChannels()].find((c) => c.spec.kind === 'invoke' && !WINDOW_CHANNELS[kind].has(c.channel as never))
    if (notMine) await expect(call(notMine.channel, { nonsense: true })).resolves.toMatchObject({ error: { code: 'forbidden' } })
    expect(callers.every((c) => c.window === kind && c.sender === 1)).toBe(true)
    expect(calls.length).toBe(callers.length)
  })

  it('the capture overlay gets only its frame, its crop, the settings and app.ready; main and the companion split the rest', () => {
    expect([...WINDOW_CHANNELS.capture].sort()).toEqual(['app:ready', 'capture:finishRegion', 'capture:overlayFrame', 'settings:get'])
    expect(WINDOW_CHANNELS.main.has('providers:save')).toBe(true)
    expect(WINDOW_CHANNELS.companion.has('providers:save')).toBe(false)
    expect(WINDOW_CHANNELS.companion.has('companion:hide')).toBe(true)
    expect(WINDOW_CHANNELS.main.has('companion:hide')).toBe(false)
    expect(WINDOW_CHANNELS.main.has('capture:finishRegion')).toBe(false)
    for (const { channel } of listChannels()) expect(WINDOW_KINDS.some((k) => WINDOW_CHANNELS[k].has(channel as never)), channel).toBe(true)
  })

  it.each(WINDOW_KINDS)("the %s window's bridge exposes exactly its channels", (kind) => {
    const bridge = createBridgeApi({ invoke: async () => ipcOk(null), on: () => () => {} }, kind) as unknown as Record<string, Record<string, unknown>>
    const names = Object.entries(bridge).flatMap(([ns, group]) => Object.keys(group).map((n) => `${ns}:${n}`))
    expect(names.sort()).toEqual([...WINDOW_CHANNELS[kind]].sort())
  })
})

describe('the renderer side: createBridgeApi and unwrapApi', () => {
  const bridgeOver = (answer: (channel: string) => IpcResult, invoked: Array<[string, unknown]> = []) =>
    createBridgeApi({
      invoke: async (channel, payload) => {
        invoked.push([channel, payload])
        return answer(channel)
      },
      on: () => () => {}
    })

  it('exposes one function per channel, named after it, and nothing else', async () => {
    const invoked: Array<[string, unknown]> = []
    const bridge = bridgeOver(() => ipcOk({ ok: true }), invoked) as unknown as Record<string, Record<string, unknown>>
    const names = Object.entries(bridge).flatMap(([ns, group]) => Object.keys(group).map((n) => `${ns}:${n}`))
    expect(names.sort()).toEqual(listChannels().map((c) => c.channel).sort())
    for (const group of Object.values(bridge)) for (const fn of Object.values(group)) expect(typeof fn).toBe('function')
    await expect((bridge.chat.stop as (r: unknown) => Promise<unknown>)({ streamId: 's' })).resolves.toEqual({ ok: true, value: { ok: true } })
    expect(invoked).toEqual([['chat:stop', { streamId: 's' }]])
  })

  it("built from the channels' names alone, each channel is an invoke or an event as the contract says", () => {
    const subscribed: string[] = []
    const invoked: string[] = []
    const bridge = createBridgeApi({
      invoke: async (channel) => {
        invoked.push(channel)
        return ipcOk(null)
      },
      on: (channel) => {
        subscribed.push(channel)
        return () => {}
      }
    }) as unknown as Record<string, Record<string, (arg?: unknown) => unknown>>
    for (const { ns, name } of listChannels()) void bridge[ns][name](() => {})
    const events = listChannels().filter((c) => c.spec.kind === 'event')
    expect(events.length).toBeGreaterThan(10)
    expect(subscribed.sort()).toEqual(events.map((c) => c.channel).sort())
    expect(invoked.sort()).toEqual(listChannels().filter((c) => c.spec.kind === 'invoke').map((c) => c.channel).sort())
    for (const { name, spec } of listChannels()) expect(isEventName(name), name).toBe(spec.kind === 'event')
  })

  it('unwraps a value, and rethrows a failure as an AppError carrying the ErrorInfo', async () => {
    const api = unwrapApi(
      bridgeOver((channel) => (channel === 'conversations:list' ? ipcOk([]) : ipcFail({ code: 'auth', detail: 'Incorrect API key provided', status: 401 })))
    )
    await expect(api.conversations.list({})).resolves.toEqual([])
    const failure = await api.providers.test({ presetId: 'openai', name: 'x', baseURL: 'https://api.openai.com/v1', defaultModel: 'm' }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(AppError)
    expect((failure as AppError).info).toEqual({ code: 'auth', detail: 'Incorrect API key provided', status: 401 })
  })

  it('an answer that is not an IpcResult fails as unknown, not as a value', async () => {
    const api = unwrapApi(bridgeOver(() => 'surprise' as unknown as IpcResult))
    await expect(api.conversations.list({})).rejects.toMatchObject({ info: { code: 'unknown' } })
  })
})
