// @vitest-environment jsdom
/**
 * The renderer's state flow against a fake `window.omnidesk`: load, send, stream (batched per
 * frame), done → stored truth, events racing the invoke, a page reloaded mid-stream, fallback,
 * stop, errors, regenerate, search, commands.
 */
import { describe, expect, it, vi } from 'vitest'
import type { AppInfo, ChatEvent, ConversationPage, OmnideskApi, StreamStarted } from '../../src/shared/ipc/contract'
import type { Conversation, Message, SearchHit } from '../../src/shared/domain'
import type { ProviderView, Settings, SettingsPatch } from '../../src/shared/settings'
import { valueApi } from '../support/valueApi'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { AppError } from '../../src/shared/errors'
import { AppController } from '../../src/renderer/src/state/controller'

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await tick()
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const PROVIDER: ProviderView = {
  id: 'p1',
  presetId: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o',
  fallbackModel: 'gpt-4o-mini',
  hasKey: true
}

const conv = (id: string, updatedAt: number, title = id): Conversation => ({
  id,
  title,
  titleIsAuto: true,
  createdAt: updatedAt,
  updatedAt
})

const msg = (over: Partial<Message> & Pick<Message, 'id' | 'conversationId' | 'role'>): Message => ({
  parts: [{ type: 'text', text: '' }],
  status: 'complete',
  createdAt: 1,
  updatedAt: 1,
  ...over
})

const text = (t: string): Message['parts'] => [{ type: 'text', text: t }]

/** Every channel this test does not fake: rejects if called (newer namespaces need no edit here). */
const unfaked = valueApi({
  invoke: async (channel) => {
    throw new Error(`${channel} is not faked in this test`)
  },
  on: () => () => undefined
})

function fakeApi(opts: { providers?: ProviderView[]; conversations?: Conversation[]; messages?: Record<string, Message[]> } = {}) {
  const listeners = {
    chat: new Set<(e: ChatEvent) => void>(),
    conversations: new Set<(p: { conversationId?: string }) => void>(),
    providers: new Set<(p: ProviderView[]) => void>(),
    settings: new Set<(s: Settings) => void>(),
    command: new Set<(p: { command: 'new-chat' | 'open-settings' | 'focus-composer' }) => void>()
  }
  const on =
    <T>(set: Set<(p: T) => void>) =>
    (l: (p: T) => void) => {
      set.add(l)
      return () => set.delete(l)
    }
  const db = {
    conversations: [...(opts.conversations ?? [])],
    messages: { ...(opts.messages ?? {}) } as Record<string, Message[]>,
    providers: [...(opts.providers ?? [PROVIDER])],
    settings: { theme: 'system', launchAtLogin: false, enterToSend: true, allowPlaintextSecrets: false } as Settings
  }
  const info: AppInfo = {
    version: '0.1.0',
    platform: 'linux',
    systemLocale: 'en-US',
    systemDark: false,
    dataDir: '/data',
    keyring: 'available',
    startupNotices: []
  }
  let streamSeq = 0
  const nextStarted = (conversationId: string): StreamStarted => {
    streamSeq++
    return { streamId: `s${streamSeq}`, conversationId, userMessageId: `u${streamSeq}`, assistantMessageId: `a${streamSeq}` }
  }
  const api = {
    ...unfaked,
    app: {
      ready: vi.fn(async () => ({ ok: true as const })),
      relaunch: vi.fn(async () => ({ ok: true as const })),
      info: vi.fn(async () => info),
      openExternal: vi.fn(async () => ({ opened: true })),
      onCommand: on(listeners.command)
    },
    settings: {
      get: vi.fn(async () => db.settings),
      update: vi.fn(async (patch: SettingsPatch) => {
        db.settings = applySettingsPatch(db.settings, patch)
        return db.settings
      }),
      onChanged: on(listeners.settings)
    },
    providers: {
      list: vi.fn(async () => db.providers),
      save: vi.fn(async () => PROVIDER),
      remove: vi.fn(async () => ({ ok: true as const })),
      test: vi.fn(async () => ({ ok: true as const, models: ['gpt-4o'] })),
      models: vi.fn(async () => ['gpt-4o', 'o3']),
      detectOllama: vi.fn(async () => ({ found: false, baseURL: '', models: [] })),
      onChanged: on(listeners.providers)
    },
    conversations: {
      list: vi.fn(async (_: { after?: unknown; limit?: number }): Promise<ConversationPage> => ({ conversations: db.conversations, next: null })),
      get: vi.fn(async ({ id }: { id: string }) => {
        const conversation = db.conversations.find((c) => c.id === id)
        if (!conversation) throw new Error('not found')
        return { conversation, messages: db.messages[id] ?? [] }
      }),
      rename: vi.fn(async ({ id, title }: { id: string; title: string }) => ({ ...conv(id, 1), title })),
      remove: vi.fn(async () => ({ ok: true as const })),
      search: vi.fn(async (_: { query: string }): Promise<{ hits: SearchHit[]; next: string | null }> => ({ hits: [], next: null })),
      includeAllTurns: vi.fn(async (_: { conversationId: string }) => ({ ok: true as const })),
      setToolsOff: vi.fn(async (req: { id: string; toolsOff: string[] }) => ({ id: req.id, title: 't', titleIsAuto: true, createdAt: 0, updatedAt: 0, toolsOff: req.toolsOff })),
      setAssistant: vi.fn(async (req: { id: string; assistantId: string | null }) => ({ id: req.id, title: 't', titleIsAuto: true, createdAt: 0, updatedAt: 0, ...(req.assistantId ? { assistantId: req.assistantId } : {}) })),
      onChanged: on(listeners.conversations)
    },
    chat: {
      send: vi.fn(async (req: { conversationId?: string; text: string }) => nextStarted(req.conversationId ?? 'c-new')),
      stop: vi.fn(async () => ({ ok: true as const })),
      regenerate: vi.fn(async (req: { conversationId: string }) => nextStarted(req.conversationId)),
      continue: vi.fn(async (req: { conversationId: string }) => nextStarted(req.conversationId)),
      retryWithoutOldest: vi.fn(async (req: { conversationId: string }) => nextStarted(req.conversationId)),
      approveTool: vi.fn(async (_: { approvalId: string; decision: 'once' | 'always' | 'deny' }) => ({ ok: true as const })),
      newChatWithSummary: vi.fn(async (req: { conversationId: string }) => nextStarted(req.conversationId)),
      editAndResend: vi.fn(async (req: { conversationId: string }) => nextStarted(req.conversationId)),
      onEvent: on(listeners.chat)
    }
  } satisfies OmnideskApi
  return {
    api,
    db,
    listeners,
    emit: (e: ChatEvent) => listeners.chat.forEach((l) => l(e)),
    command: (command: 'new-chat' | 'open-settings' | 'focus-composer') => listeners.command.forEach((l) => l({ command }))
  }
}

function setup(opts: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(opts)
  let frame: Array<() => void> = []
  const controller = new AppController({
    api: fake.api,
    schedule: (cb) => {
      frame.push(cb)
    },
    refetchDelayMs: 50
  })
  const runFrame = (): void => {
    const q = frame
    frame = []
    q.forEach((cb) => cb())
  }
  let updates = 0
  controller.store.subscribe(() => updates++)
  return { ...fake, controller, runFrame, updates: () => updates, state: () => controller.store.get() }
}

describe('start-up', () => {
  it('loads info, settings, providers and conversations, and opens the most recent one', async () => {
    const t = setup({
      conversations: [conv('old', 1), conv('recent', 5)],
      messages: {
        recent: [
          msg({ id: 'm1', conversationId: 'recent', role: 'user', parts: text('hi') }),
          msg({ id: 'm2', conversationId: 'recent', role: 'assistant', parts: text('Hello!'), model: 'gpt-4o' })
        ]
      }
    })
    await t.controller.start()
    const s = t.state()
    expect(s.phase).toBe('ready')
    expect(s.info?.version).toBe('0.1.0')
    expect(s.conversations.map((c) => c.id)).toEqual(['recent', 'old'])
    expect(s.activeId).toBe('recent')
    expect(s.messages.map((m) => m.text)).toEqual(['hi', 'Hello!'])
    expect(t.listeners.chat.size).toBe(1)
    await t.controller.start()
    expect(t.listeners.chat.size).toBe(1) // subscribed once
  })

  it('reports a missing bridge instead of crashing', async () => {
    const controller = new AppController({ api: undefined as unknown as OmnideskApi, schedule: (cb) => cb() })
    await controller.start()
    expect(controller.store.get().phase).toBe('failed')
  })
})

describe('sending and streaming', () => {
  it('shows the message at once, streams deltas batched per frame, then reloads the stored truth', async () => {
    const t = setup()
    await t.controller.start()
    const sent = t.controller.chat.send('Hello there')
    // optimistic: the question and an empty streaming answer
    expect(t.state().messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'Hello there', 'complete'],
      ['assistant', '', 'streaming']
    ])
    expect(await sent).toBe(true)
    expect(t.api.chat.send).toHaveBeenCalledWith({ text: 'Hello there' })
    const s = t.state()
    expect(s.activeId).toBe('c-new')
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1'])
    expect(s.streams.s1).toEqual({ streamId: 's1', conversationId: 'c-new', messageId: 'a1' })

    // main stored the conversation meanwhile
    t.db.conversations.push(conv('c-new', 10, 'Greeting'))
    t.emit({ kind: 'started', streamId: 's1', conversationId: 'c-new', messageId: 'a1', model: 'gpt-4o' })
    const before = t.updates()
    for (let i = 0; i < 200; i++) t.emit({ kind: 'delta', streamId: 's1', conversationId: 'c-new', messageId: 'a1', text: `w${i} ` })
    expect(t.updates()).toBe(before) // nothing rendered per delta
    t.runFrame()
    expect(t.updates()).toBe(before + 1) // one update for 200 deltas
    const streamed = Array.from({ length: 200 }, (_, i) => `w${i} `).join('')
    expect(t.state().messages[1]).toMatchObject({ id: 'a1', text: streamed, status: 'streaming', model: 'gpt-4o' })

    t.db.messages['c-new'] = [
      msg({ id: 'u1', conversationId: 'c-new', role: 'user', parts: text('Hello there') }),
      msg({ id: 'a1', conversationId: 'c-new', role: 'assistant', parts: text(streamed + 'end.'), model: 'gpt-4o' })
    ]
    t.emit({ kind: 'delta', streamId: 's1', conversationId: 'c-new', messageId: 'a1', text: 'end.' })
    t.emit({ kind: 'done', streamId: 's1', conversationId: 'c-new', messageId: 'a1', status: 'complete' })
    // done flushes pending deltas first, at once
    expect(t.state().messages[1]).toMatchObject({ text: streamed + 'end.', status: 'complete' })
    expect(t.state().streams).toEqual({})
    await settle()
    expect(t.api.conversations.get).toHaveBeenLastCalledWith({ id: 'c-new' })
    expect(t.state().messages[1].text).toBe(streamed + 'end.')
    expect(t.state().conversations.map((c) => c.title)).toContain('Greeting')
  })

  it('sends the model picked in the picker', async () => {
    const t = setup()
    await t.controller.start()
    t.controller.chat.selectModel({ providerId: 'p1', model: 'o3' })
    await t.controller.chat.send('hi')
    expect(t.api.chat.send).toHaveBeenCalledWith({ text: 'hi', providerId: 'p1', model: 'o3' })
  })

  it('copes with events that arrive before chat.send resolves', async () => {
    const t = setup()
    await t.controller.start()
    const d = deferred<StreamStarted>()
    t.api.chat.send.mockImplementationOnce(() => d.promise)
    const sent = t.controller.chat.send('quick')
    t.emit({ kind: 'started', streamId: 's9', conversationId: 'c9', messageId: 'a9', model: 'gpt-4o' })
    t.emit({ kind: 'delta', streamId: 's9', conversationId: 'c9', messageId: 'a9', text: 'Fast ' })
    t.emit({ kind: 'delta', streamId: 's9', conversationId: 'c9', messageId: 'a9', text: 'answer' })
    t.emit({ kind: 'done', streamId: 's9', conversationId: 'c9', messageId: 'a9', status: 'complete' })
    t.db.conversations.push(conv('c9', 3))
    t.db.messages.c9 = [
      msg({ id: 'u9', conversationId: 'c9', role: 'user', parts: text('quick') }),
      msg({ id: 'a9', conversationId: 'c9', role: 'assistant', parts: text('Fast answer') })
    ]
    d.resolve({ streamId: 's9', conversationId: 'c9', userMessageId: 'u9', assistantMessageId: 'a9' })
    await sent
    await settle()
    const s = t.state()
    expect(s.streams).toEqual({}) // a finished stream is never tracked again: no stuck Stop button
    expect(s.messages.map((m) => [m.id, m.text, m.status])).toEqual([
      ['u9', 'quick', 'complete'],
      ['a9', 'Fast answer', 'complete']
    ])
  })

  it('shows reasoning as it streams (batched per frame), then the answer beside it, and the ending main reports', async () => {
    const t = setup()
    await t.controller.start()
    const d = deferred<StreamStarted>()
    t.api.chat.send.mockImplementationOnce(() => d.promise)
    const sent = t.controller.chat.send('think first')
    d.resolve({ streamId: 's5', conversationId: 'c5', userMessageId: 'u5', assistantMessageId: 'a5' })
    await sent
    const ev = { streamId: 's5', conversationId: 'c5', messageId: 'a5' }
    t.emit({ kind: 'started', ...ev, model: 'deepseek-reasoner' })
    t.emit({ kind: 'reasoning', ...ev, text: 'Hmm, ' })
    t.emit({ kind: 'reasoning', ...ev, text: 'let me see.' })
    const answer = () => t.state().messages.find((m) => m.id === 'a5')
    expect(answer()?.reasoning).toBeUndefined()
    t.runFrame()
    expect(answer()).toMatchObject({ reasoning: 'Hmm, let me see.', text: '', status: 'streaming' })
    expect(answer()?.thinkingSince).toEqual(expect.any(Number))
    t.emit({ kind: 'delta', ...ev, text: 'It is ' })
    t.emit({ kind: 'delta', ...ev, text: 'cut' })
    t.runFrame()
    expect(answer()).toMatchObject({ reasoning: 'Hmm, let me see.', text: 'It is cut' })
    t.emit({ kind: 'done', ...ev, status: 'complete', finish: 'length' })
    expect(answer()).toMatchObject({ status: 'complete', finish: 'length', reasoning: 'Hmm, let me see.', text: 'It is cut' })
  })

  it('after a page reload mid-stream, shows the stored partial and re-reads it instead of appending a tail', async () => {
    vi.useFakeTimers()
    try {
      const t = setup({
        conversations: [conv('c1', 5)],
        messages: {
          c1: [
            msg({ id: 'u1', conversationId: 'c1', role: 'user', parts: text('q') }),
            msg({ id: 'a1', conversationId: 'c1', role: 'assistant', parts: text('Partial'), status: 'streaming' })
          ]
        }
      })
      await t.controller.start()
      expect(t.state().messages[1]).toMatchObject({ text: 'Partial', status: 'streaming' })
      expect(t.state().streams).toEqual({})
      t.emit({ kind: 'delta', streamId: 's1', conversationId: 'c1', messageId: 'a1', text: ' more' })
      expect(t.state().streams.s1).toBeDefined() // Stop works again: the stream id is known now
      t.runFrame()
      expect(t.state().messages[1].text).toBe('Partial') // a tail alone is not appended
      t.db.messages.c1[1] = { ...t.db.messages.c1[1], parts: text('Partial answer more') }
      const calls = t.api.conversations.get.mock.calls.length
      await vi.advanceTimersByTimeAsync(60)
      expect(t.api.conversations.get.mock.calls.length).toBe(calls + 1)
      expect(t.state().messages[1].text).toBe('Partial answer more')
    } finally {
      vi.useRealTimers()
    }
  })

  it('marks the fallback model on the answer', async () => {
    const t = setup()
    await t.controller.start()
    await t.controller.chat.send('hi')
    t.emit({ kind: 'started', streamId: 's1', conversationId: 'c-new', messageId: 'a1', model: 'gpt-4o' })
    t.emit({
      kind: 'fallback',
      streamId: 's1',
      conversationId: 'c-new',
      messageId: 'a1',
      model: 'gpt-4o-mini',
      fallback: { requestedModel: 'gpt-4o', reason: 'rate_limit' }
    })
    expect(t.state().messages[1]).toMatchObject({
      model: 'gpt-4o-mini',
      fallback: { requestedModel: 'gpt-4o', reason: 'rate_limit' }
    })
  })

  it('Stop stops the open conversation’s stream', async () => {
    const t = setup()
    await t.controller.start()
    await t.controller.chat.send('long please')
    await t.controller.chat.stop()
    expect(t.api.chat.stop).toHaveBeenCalledWith({ streamId: 's1' })
    t.emit({ kind: 'done', streamId: 's1', conversationId: 'c-new', messageId: 'a1', status: 'stopped' })
    expect(t.state().messages[1].status).toBe('stopped')
    expect(t.state().streams).toEqual({})
  })

  it('keeps the partial text and the error when a stream fails', async () => {
    const t = setup()
    await t.controller.start()
    await t.controller.chat.send('q')
    t.emit({ kind: 'started', streamId: 's1', conversationId: 'c-new', messageId: 'a1', model: 'gpt-4o' })
    t.emit({ kind: 'delta', streamId: 's1', conversationId: 'c-new', messageId: 'a1', text: 'Half an ans' })
    t.emit({
      kind: 'done',
      streamId: 's1',
      conversationId: 'c-new',
      messageId: 'a1',
      status: 'error',
      error: { code: 'stream_dropped', detail: 'socket hang up' }
    })
    expect(t.state().messages[1]).toMatchObject({
      text: 'Half an ans',
      status: 'error',
      error: { code: 'stream_dropped', detail: 'socket hang up' }
    })
  })

  it('a refused send removes the optimistic messages and shows the error', async () => {
    const t = setup()
    await t.controller.start()
    t.api.chat.send.mockRejectedValueOnce(new AppError({ code: 'no_key' }))
    expect(await t.controller.chat.send('hi')).toBe(false)
    expect(t.state().messages).toEqual([])
    expect(t.state().chatError).toEqual({ code: 'no_key' })
  })

  it('ignores empty messages', async () => {
    const t = setup()
    await t.controller.start()
    expect(await t.controller.chat.send('   \n ')).toBe(false)
    expect(t.api.chat.send).not.toHaveBeenCalled()
  })
})

describe('regenerate and edit', () => {
  const history = {
    conversations: [conv('c1', 5)],
    messages: {
      c1: [
        msg({ id: 'u1', conversationId: 'c1', role: 'user', parts: text('first') }),
        msg({ id: 'a1', conversationId: 'c1', role: 'assistant', parts: text('one'), status: 'error', error: { code: 'server' as const } })
      ]
    }
  }

  it('Retry / Regenerate answers the last user message again', async () => {
    const t = setup(history)
    await t.controller.start()
    const p = t.controller.chat.regenerate()
    expect(t.state().messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'first', 'complete'],
      ['assistant', '', 'streaming']
    ])
    await p
    expect(t.api.chat.regenerate).toHaveBeenCalledWith({ conversationId: 'c1' })
    expect(t.state().streams.s1).toMatchObject({ conversationId: 'c1', messageId: 'a1' })
  })

  it('edit-and-resend replaces the last question and drops what followed', async () => {
    const t = setup(history)
    await t.controller.start()
    const p = t.controller.chat.editAndResend('u1', 'second')
    expect(t.state().messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'second'],
      ['assistant', '']
    ])
    await p
    expect(t.api.chat.editAndResend).toHaveBeenCalledWith({ conversationId: 'c1', messageId: 'u1', text: 'second' })
  })

  it('restores the conversation when regenerate is refused', async () => {
    const t = setup(history)
    await t.controller.start()
    t.api.chat.regenerate.mockRejectedValueOnce(new Error('boom'))
    await t.controller.chat.regenerate()
    expect(t.state().messages.map((m) => m.id)).toEqual(['u1', 'a1'])
    expect(t.state().chatError).toEqual({ code: 'unknown', detail: 'boom' })
  })
})

describe('search, commands, providers', () => {
  it('asks as typed, one search at a time: what is typed meanwhile waits, only the latest is asked, stale answers are dropped', async () => {
    const t = setup()
    await t.controller.start()
    const slow = deferred<{ hits: SearchHit[]; next: string | null }>()
    t.api.conversations.search.mockImplementationOnce(() => slow.promise)
    const first = t.controller.conversations.search('h')
    const hit: SearchHit = { conversationId: 'c1', conversationTitle: 'T', messageId: 'm1', snippet: '\u0001hello\u0002', updatedAt: 1 }
    t.api.conversations.search.mockResolvedValueOnce({ hits: [hit], next: 'abc.m.5' })
    // Typed while the first is being answered: neither is asked yet.
    await t.controller.conversations.search('he')
    await t.controller.conversations.search('hello')
    expect(t.api.conversations.search).toHaveBeenCalledTimes(1)
    slow.resolve({ hits: [], next: null })
    await first
    expect(t.api.conversations.search.mock.calls.map((c) => c[0].query)).toEqual(['h', 'hello'])
    expect(t.state().search).toEqual({ query: 'hello', hits: [hit], loading: false, next: 'abc.m.5', loadingMore: false })

    // The next page: appended, a conversation already listed not twice.
    const other: SearchHit = { ...hit, conversationId: 'c2', messageId: 'm2' }
    t.api.conversations.search.mockResolvedValueOnce({ hits: [hit, other], next: null })
    await t.controller.conversations.searchMore()
    expect(t.api.conversations.search).toHaveBeenLastCalledWith({ query: 'hello', after: 'abc.m.5' })
    expect(t.state().search.hits.map((h) => h.conversationId)).toEqual(['c1', 'c2'])
    await t.controller.conversations.searchMore()
    expect(t.api.conversations.search).toHaveBeenCalledTimes(3)

    await t.controller.conversations.search('  ')
    expect(t.state().search.hits).toEqual([])
  })

  it('reads the history a page at a time: the next page on asking, a refresh re-reads as many as were read', async () => {
    const all = Array.from({ length: 5 }, (_, i) => conv(`c${i}`, 100 - i))
    const t = setup({ conversations: all.slice(0, 2) })
    t.api.conversations.list.mockImplementationOnce(async () => ({ conversations: all.slice(0, 2), next: { updatedAt: 99, seq: 2 } }))
    await t.controller.start()
    expect(t.state().conversationsNext).toEqual({ updatedAt: 99, seq: 2 })
    t.api.conversations.list.mockImplementationOnce(async () => ({ conversations: all.slice(2), next: null }))
    await t.controller.conversations.loadMore()
    expect(t.api.conversations.list).toHaveBeenLastCalledWith({ after: { updatedAt: 99, seq: 2 }, limit: 200 })
    expect(t.state().conversations.map((c) => c.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4'])
    expect(t.state().conversationsNext).toBeNull()
    await t.controller.conversations.loadMore()
    expect(t.api.conversations.list).toHaveBeenCalledTimes(2)
  })

  it('opens a search hit at its message', async () => {
    const t = setup({ conversations: [conv('c1', 1)], messages: { c1: [msg({ id: 'm1', conversationId: 'c1', role: 'user' })] } })
    await t.controller.start()
    await t.controller.conversations.openSearchHit({ conversationId: 'c1', conversationTitle: 'T', messageId: 'm1', snippet: '', updatedAt: 1 })
    expect(t.state().highlight?.messageId).toBe('m1')
  })

  it('follows tray / menu commands', async () => {
    const t = setup({ conversations: [conv('c1', 1)] })
    await t.controller.start()
    expect(t.state().activeId).toBe('c1')
    t.command('open-settings')
    expect(t.state().settingsOpen).toBe(true)
    t.command('new-chat')
    expect(t.state().activeId).toBeNull()
    expect(t.state().settingsOpen).toBe(false)
    const tickBefore = t.state().composerFocusTick
    t.command('focus-composer')
    expect(t.state().composerFocusTick).toBe(tickBefore + 1)
  })

  it('refreshes the list when main says conversations changed', async () => {
    const t = setup()
    await t.controller.start()
    t.db.conversations.push(conv('x', 9, 'New one'))
    t.listeners.conversations.forEach((l) => l({ conversationId: 'x' }))
    await settle()
    expect(t.state().conversations.map((c) => c.title)).toEqual(['New one'])
  })

  it('makes the first saved provider the default', async () => {
    const t = setup({ providers: [] })
    await t.controller.start()
    const r = await t.controller.settings.saveProvider({ presetId: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', defaultModel: 'gpt-4o', apiKey: 'sk' })
    expect(r.ok).toBe(true)
    expect(t.state().providers).toHaveLength(1)
    expect(t.api.settings.update).toHaveBeenCalledWith({ defaultProviderId: 'p1' })
  })

  it('turns a rejected test into an error result', async () => {
    const t = setup()
    await t.controller.start()
    t.api.providers.test.mockRejectedValueOnce(new Error('Invalid request for providers:test: bad'))
    const r = await t.controller.settings.testProvider({ presetId: 'openai', name: 'x', baseURL: 'https://x/v1', defaultModel: 'm' })
    expect(r.ok).toBe(false)
  })
})
