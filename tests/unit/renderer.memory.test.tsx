// @vitest-environment jsdom
/**
 * Memory in the renderer, against a fake `window.omnidesk`: Settings → Memory (the switches, the
 * search filter, edit with main's refusal shown, delete, Clear all only after a confirmation, the
 * list following memory.onChanged; where each memory belongs — all chats, an assistant's own
 * memory, a deleted assistant's —, the scope filter with search inside it and Clear all of what it
 * shows), the chip of a memory change in an answer (its detail, Undo → memory.undo, then
 * "Undone"; an assistant's own memory named; no settings link in the companion), the answer that drew on past
 * chats, and the temporary chat (sent as temporary on its first message only, never in the
 * sidebar, deleted when the user leaves it).
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppInfo, ChatEvent, OmnideskApi, StreamStarted } from '../../src/shared/ipc/contract'
import type { Conversation, Message, ToolStepPart } from '../../src/shared/domain'
import type { MemoryItem } from '../../src/shared/memory/schemas'
import type { Assistant } from '../../src/shared/assistants/schemas'
import { Settings as SettingsSchema, type ProviderView, type Settings, type SettingsPatch } from '../../src/shared/settings'
import { AppError } from '../../src/shared/errors'
import { valueApi } from '../support/valueApi'
import { App, preloadAppViews } from '../../src/renderer/src/components/App'
import { MessageItem } from '../../src/renderer/src/components/MessageItem'
import { applyLanguage, initI18n } from '../../src/renderer/src/i18n'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext } from '../../src/renderer/src/state/hooks'
import { toViewMessage } from '../../src/renderer/src/state/messages'
import { click, flush, type } from '../support/renderedDom'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const PROVIDER: ProviderView = {
  id: 'p1',
  presetId: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o',
  hasKey: true
}

const conv = (id: string, updatedAt: number, extra: Partial<Conversation> = {}): Conversation => ({ id, title: `Title ${id}`, titleIsAuto: true, createdAt: 1, updatedAt, ...extra })

const memory = (id: string, text: string, source: MemoryItem['source'] = 'model', scope = 'global'): MemoryItem => ({
  id,
  text,
  scope,
  source,
  createdAt: Date.UTC(2025, 0, 2),
  updatedAt: Date.UTC(2025, 0, 2)
})

const memoryStep = (change: NonNullable<ToolStepPart['memory']>, callId = 'call-1'): ToolStepPart => ({
  type: 'tool',
  callId,
  name: 'memory',
  source: 'builtin',
  title: 'memory',
  arguments: '{}',
  status: 'done',
  memory: change
})

/** Every channel this test does not fake: rejects if called. */
const unfaked = valueApi({
  invoke: async (channel) => {
    throw new Error(`${channel} is not faked in this test`)
  },
  on: () => () => undefined
})

const assistant = (id: string, name: string, emoji: string): Assistant => ({
  id,
  name,
  emoji,
  description: '',
  instructions: '',
  starters: [],
  knowledge: [],
  capabilities: { web: false, data: false, memory: true, memoryScope: 'own', mcpServers: [] },
  createdAt: 1,
  updatedAt: 1
})

function fakeApi(opts: { conversations?: Conversation[]; messages?: Record<string, Message[]>; memories?: MemoryItem[]; assistants?: Assistant[] }) {
  const chatListeners = new Set<(e: ChatEvent) => void>()
  const memoryListeners = new Set<(items: MemoryItem[]) => void>()
  const noop = () => () => undefined
  let settings: Settings = SettingsSchema.parse({})
  let seq = 0
  let memories = [...(opts.memories ?? [])]
  const messages: Record<string, Message[]> = JSON.parse(JSON.stringify(opts.messages ?? {}))
  /** Conversations main made (a send without conversationId): listed unless temporary, like main. */
  const made: Conversation[] = []
  const started = (conversationId: string, text: string): StreamStarted => {
    seq++
    const list = (messages[conversationId] ??= [])
    list.push({ id: `u${seq}`, conversationId, role: 'user', parts: [{ type: 'text', text }], status: 'complete', createdAt: seq, updatedAt: seq })
    list.push({ id: `a${seq}`, conversationId, role: 'assistant', parts: [{ type: 'text', text: '' }], status: 'streaming', createdAt: seq, updatedAt: seq })
    return { streamId: `s${seq}`, conversationId, userMessageId: `u${seq}`, assistantMessageId: `a${seq}` }
  }
  const all = (): Conversation[] => [...(opts.conversations ?? []), ...made]
  const api = {
    ...unfaked,
    app: {
      ready: vi.fn(async () => ({ ok: true as const })),
      info: vi.fn(async (): Promise<AppInfo> => ({
        version: '9.9.9',
        platform: 'linux',
        systemLocale: 'en-US',
        systemDark: false,
        dataDir: '/tmp/od',
        keyring: 'available',
        startupNotices: []
      })),
      openExternal: vi.fn(async () => ({ opened: true })),
      relaunch: vi.fn(async () => ({ ok: true as const })),
      onCommand: noop
    },
    settings: {
      get: vi.fn(async () => settings),
      update: vi.fn(async (patch: SettingsPatch) => (settings = applySettingsPatch(settings, patch))),
      onChanged: noop
    },
    providers: {
      list: vi.fn(async () => [PROVIDER]),
      save: vi.fn(async () => PROVIDER),
      remove: vi.fn(async () => ({ ok: true as const })),
      test: vi.fn(async () => ({ models: ['gpt-4o'] })),
      models: vi.fn(async () => ['gpt-4o']),
      detectOllama: vi.fn(async () => ({ found: false, baseURL: '', models: [] as string[] })),
      onChanged: noop
    },
    history: {
      backups: vi.fn(async () => ({ backups: [], pendingRestore: null })),
      scheduleRestore: vi.fn(async () => ({ backups: [], pendingRestore: null })),
      cancelRestore: vi.fn(async () => ({ backups: [], pendingRestore: null })),
      backupNow: vi.fn(async () => null),
      restoreFromFile: vi.fn(async () => null)
    },
    conversations: {
      list: vi.fn(async () => ({ conversations: all().filter((c) => !c.temporary), next: null })),
      get: vi.fn(async ({ id }: { id: string }) => ({ conversation: all().find((c) => c.id === id) ?? conv(id, 1), messages: messages[id] ?? [] })),
      rename: vi.fn(async ({ id, title }: { id: string; title: string }) => ({ ...conv(id, 1), title })),
      remove: vi.fn(async (_: { id: string }) => ({ ok: true as const })),
      search: vi.fn(async () => ({ hits: [], next: null })),
      includeAllTurns: vi.fn(async () => ({ ok: true as const })),
      setToolsOff: vi.fn(async (req: { id: string; toolsOff: string[] }) => ({ ...conv(req.id, 1), toolsOff: req.toolsOff })),
      setAssistant: vi.fn(async (req: { id: string; assistantId: string | null }) => ({ ...conv(req.id, 1), ...(req.assistantId ? { assistantId: req.assistantId } : {}) })),
      onChanged: noop
    },
    chat: {
      send: vi.fn(async (req: { conversationId?: string; text: string; temporary?: boolean }) => {
        let id = req.conversationId
        if (!id) {
          id = `c-new-${made.length + 1}`
          made.push(conv(id, 100 + made.length, req.temporary ? { temporary: true } : {}))
        }
        return started(id, req.text)
      }),
      stop: vi.fn(async () => ({ ok: true as const })),
      regenerate: vi.fn(async (req: { conversationId: string }) => started(req.conversationId, '')),
      continue: vi.fn(async (req: { conversationId: string }) => started(req.conversationId, '')),
      retryWithoutOldest: vi.fn(async (req: { conversationId: string }) => started(req.conversationId, '')),
      approveTool: vi.fn(async () => ({ ok: true as const })),
      newChatWithSummary: vi.fn(async (req: { conversationId: string }) => started(req.conversationId, '')),
      editAndResend: vi.fn(async (req: { conversationId: string }) => started(req.conversationId, '')),
      onEvent: (l: (e: ChatEvent) => void) => {
        chatListeners.add(l)
        return () => chatListeners.delete(l)
      }
    },
    memory: {
      list: vi.fn(async (_: { query?: string }) => memories),
      update: vi.fn(async ({ id, text }: { id: string; text: string }) => {
        if (text.includes('sk-')) throw new AppError({ code: 'bad_request', detail: 'This looks like an API key: secrets are never kept in memory.' })
        const item = { ...memories.find((m) => m.id === id)!, text, source: 'user' as const, updatedAt: Date.now() }
        memories = memories.map((m) => (m.id === id ? item : m))
        return item
      }),
      remove: vi.fn(async ({ id }: { id: string }) => {
        memories = memories.filter((m) => m.id !== id)
        return { ok: true as const }
      }),
      clear: vi.fn(async ({ scopes }: { scopes?: string[] }) => {
        memories = scopes ? memories.filter((m) => !scopes.includes(m.scope)) : []
        return { ok: true as const }
      }),
      undo: vi.fn(async ({ messageId, callId }: { messageId: string; callId: string }) => {
        const message = Object.values(messages).flat().find((m) => m.id === messageId)!
        const step = message.parts.find((p): p is ToolStepPart => p.type === 'tool' && p.callId === callId)!
        const undone: ToolStepPart = { ...step, memory: { ...step.memory!, undone: true } }
        message.parts = message.parts.map((p) => (p === step ? undone : p))
        return undone
      }),
      onChanged: (l: (items: MemoryItem[]) => void) => {
        memoryListeners.add(l)
        return () => memoryListeners.delete(l)
      }
    },
    assistants: {
      ...unfaked.assistants,
      list: vi.fn(async () => opts.assistants ?? []),
      onChanged: noop
    }
  } satisfies OmnideskApi
  return {
    api,
    messages,
    emit: (e: ChatEvent) => chatListeners.forEach((l) => l(e)),
    memoryChanged: (items: MemoryItem[]) => {
      memories = items
      memoryListeners.forEach((l) => l(items))
    }
  }
}

let root: Root | null = null
let container: HTMLElement | null = null

async function mount(opts: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(opts)
  const controller = new AppController({ api: fake.api, schedule: (cb) => queueMicrotask(cb) })
  container = document.createElement('div')
  document.body.appendChild(container)
  root = createRoot(container)
  await act(async () => {
    root!.render(
      <ControllerContext.Provider value={controller}>
        <App />
      </ControllerContext.Provider>
    )
    await controller.start()
  })
  await flush()
  return { ...fake, controller }
}

const $ = (testId: string, within: ParentNode = container!): HTMLElement | null => within.querySelector(`[data-testid="${testId}"]`)
const $$ = (testId: string, within: ParentNode = container!): HTMLElement[] => Array.from(within.querySelectorAll(`[data-testid="${testId}"]`))

async function send(text: string): Promise<void> {
  await type($('composer'), text)
  await click($('send'))
}

const itemTexts = (): string[] => $$('memory-item').map((li) => $('memory-text', li)!.textContent!)

/** Picks an option of a controlled select the way the user does (React listens to 'change'). */
async function choose(el: HTMLElement | null, value: string): Promise<void> {
  expect(el).toBeInstanceOf(HTMLSelectElement)
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(el, value)
    el!.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await flush()
}

beforeAll(async () => {
  initI18n('en')
  // The chat view and the panels are chunks of their own, loaded when drawn: ready beforehand here.
  await preloadAppViews()
})

afterEach(async () => {
  await act(async () => root?.unmount())
  container?.remove()
  root = null
  container = null
  await applyLanguage('en')
})

describe('Settings → Memory', () => {
  const memories = [memory('m1', 'Prefers Python'), memory('m2', 'Lives in Shanghai', 'user'), memory('m3', 'Writes Python and Rust')]

  async function openMemorySettings(opts: Parameters<typeof fakeApi>[0] = { memories }) {
    const t = await mount(opts)
    await click($('settings-open'))
    expect($('settings-memory')).not.toBeNull()
    return t
  }

  it('lists the memories with their source, and switches memory and chat history', async () => {
    const t = await openMemorySettings()
    expect(t.api.memory.list).toHaveBeenCalled()
    expect(itemTexts()).toEqual(['Prefers Python', 'Lives in Shanghai', 'Writes Python and Rust'])
    expect($$('memory-item').map((li) => li.dataset.id)).toEqual(['m1', 'm2', 'm3'])
    expect($$('memory-item')[0].textContent).toContain('saved by the model')
    expect($$('memory-item')[1].textContent).toContain('added by you')
    // All of them every chat's: each says so, and there is nothing to filter by.
    expect($$('memory-scope').map((e) => e.textContent)).toEqual(['All chats', 'All chats', 'All chats'])
    expect($('memory-scope-filter')).toBeNull()

    const enabled = $('memory-enabled') as HTMLInputElement
    const history = $('memory-reference-history') as HTMLInputElement
    expect(enabled.checked).toBe(true)
    expect(history.checked).toBe(false)
    await click(history)
    expect(t.api.settings.update).toHaveBeenCalledWith({ referenceChatHistory: true })
    expect(($('memory-reference-history') as HTMLInputElement).checked).toBe(true)
    await click(enabled)
    expect(t.api.settings.update).toHaveBeenCalledWith({ memoryEnabled: false })
    expect(($('memory-enabled') as HTMLInputElement).checked).toBe(false)
  })

  it('filters by the search box, and says when nothing matches', async () => {
    await openMemorySettings()
    await type($('memory-search'), 'python')
    expect(itemTexts()).toEqual(['Prefers Python', 'Writes Python and Rust'])
    await type($('memory-search'), 'tea')
    expect($$('memory-item')).toHaveLength(0)
    expect($('memory-empty')!.textContent).toContain('tea')
    await type($('memory-search'), '')
    expect($$('memory-item')).toHaveLength(3)
  })

  it('edits in place, shows main’s refusal, and cancels', async () => {
    const t = await openMemorySettings()
    await click($('memory-edit', $$('memory-item')[0]))
    const input = $('memory-edit-input') as HTMLTextAreaElement
    expect(input.value).toBe('Prefers Python')

    await type(input, 'My key is sk-abcdefghijklmnopqrstuvwx')
    await click($('memory-edit-save'))
    expect(t.api.memory.update).toHaveBeenCalledWith({ id: 'm1', text: 'My key is sk-abcdefghijklmnopqrstuvwx' })
    expect($('memory-edit-error')!.textContent).toContain('secrets are never kept in memory')
    expect($('memory-edit-input')).not.toBeNull()

    await type($('memory-edit-input'), 'Prefers Python 3.12')
    expect($('memory-edit-error')).toBeNull()
    await click($('memory-edit-save'))
    expect(t.api.memory.update).toHaveBeenLastCalledWith({ id: 'm1', text: 'Prefers Python 3.12' })
    expect($('memory-edit-input')).toBeNull()
    expect(itemTexts()[0]).toBe('Prefers Python 3.12')

    await click($('memory-edit', $$('memory-item')[1]))
    await type($('memory-edit-input'), 'changed my mind')
    await click($('memory-edit-cancel'))
    expect(t.api.memory.update).toHaveBeenCalledTimes(2)
    expect(itemTexts()[1]).toBe('Lives in Shanghai')
  })

  it('deletes one, and clears all only after the confirmation', async () => {
    const t = await openMemorySettings()
    await click($('memory-delete', $$('memory-item')[1]))
    expect(t.api.memory.remove).toHaveBeenCalledWith({ id: 'm2' })
    expect(itemTexts()).toEqual(['Prefers Python', 'Writes Python and Rust'])

    await click($('memory-clear'))
    expect(t.api.memory.clear).not.toHaveBeenCalled()
    expect($('memory-clear-confirm')!.closest('[role="group"]')!.textContent).toContain('Delete all 2 memories?')
    await click($('memory-clear-confirm'))
    expect(t.api.memory.clear).toHaveBeenCalledTimes(1)
    expect($$('memory-item')).toHaveLength(0)
    expect($('memory-empty')!.textContent).toBe('No saved memories yet. As you chat, the model keeps facts worth remembering here.')
    expect($('memory-clear')).toBeNull()
  })

  it('says where each memory belongs, filters by it (search within), and clears only what the filter shows', async () => {
    const t = await openMemorySettings({
      assistants: [assistant('a1', 'Coach', '🏃'), assistant('a2', 'Tutor', '📚')],
      memories: [
        memory('m1', 'Prefers Python'),
        memory('m2', 'Runs 10k in 48 minutes', 'model', 'assistant:a1'),
        memory('m3', 'Left by an old helper', 'model', 'assistant:gone'),
        memory('m4', 'Analyses race data in Python', 'model', 'assistant:a1'),
        memory('m5', 'Writes Python and Rust', 'user')
      ]
    })
    expect($$('memory-scope').map((e) => e.textContent)).toEqual(['All chats', '🏃Coach', 'Deleted assistant', '🏃Coach', 'All chats'])
    expect($$('memory-scope').map((e) => e.dataset.scope)).toEqual(['global', 'assistant:a1', 'deleted', 'assistant:a1', 'global'])
    const filter = $('memory-scope-filter') as HTMLSelectElement
    expect(filter.getAttribute('aria-label')).toBe('Show memories of')
    // Only assistants that have memories are offered (Tutor has none).
    expect(Array.from(filter.options).map((o) => o.textContent)).toEqual(['All memories (5)', 'All chats (2)', 'Coach (2)', 'Deleted assistants (1)'])

    await choose(filter, 'assistant:a1')
    expect(itemTexts()).toEqual(['Runs 10k in 48 minutes', 'Analyses race data in Python'])
    await type($('memory-search'), 'python')
    expect(itemTexts()).toEqual(['Analyses race data in Python'])
    await type($('memory-search'), 'tea')
    expect($('memory-empty')!.textContent).toContain('tea')
    await type($('memory-search'), '')
    await choose($('memory-scope-filter'), 'global')
    expect(itemTexts()).toEqual(['Prefers Python', 'Writes Python and Rust'])
    await choose($('memory-scope-filter'), 'assistant:a1')

    // Clear all: the confirmation names the assistant and counts its memories only.
    await click($('memory-clear'))
    expect(t.api.memory.clear).not.toHaveBeenCalled()
    expect($('memory-clear-confirm')!.closest('[role="group"]')!.textContent).toContain('Delete all 2 memories of Coach?')
    await click($('memory-clear-confirm'))
    expect(t.api.memory.clear).toHaveBeenCalledWith({ scopes: ['assistant:a1'] })
    // Its group is empty: the list shows everything left.
    expect(itemTexts()).toEqual(['Prefers Python', 'Left by an old helper', 'Writes Python and Rust'])
    expect(($('memory-scope-filter') as HTMLSelectElement).value).toBe('all')

    await choose($('memory-scope-filter'), 'deleted')
    await click($('memory-clear'))
    expect($('memory-clear-confirm')!.closest('[role="group"]')!.textContent).toContain('Delete 1 memory left by a deleted assistant?')
    await click($('memory-clear-confirm'))
    expect(t.api.memory.clear).toHaveBeenLastCalledWith({ scopes: ['assistant:gone'] })
    expect(itemTexts()).toEqual(['Prefers Python', 'Writes Python and Rust'])
    // One group left: no filter; Clear all clears everything.
    expect($('memory-scope-filter')).toBeNull()
    await click($('memory-clear'))
    expect($('memory-clear-confirm')!.closest('[role="group"]')!.textContent).toContain('Delete all 2 memories?')
    await click($('memory-clear-confirm'))
    expect(t.api.memory.clear).toHaveBeenLastCalledWith({})
    expect($$('memory-item')).toHaveLength(0)
  })

  it('names the scopes and confirms in Chinese', async () => {
    await openMemorySettings({ assistants: [assistant('a1', '教练', '🏃')], memories: [memory('m1', '喜欢喝绿茶'), memory('m2', '每周跑三次', 'model', 'assistant:a1')] })
    await act(async () => applyLanguage('zh-CN'))
    expect($$('memory-scope').map((e) => e.textContent)).toEqual(['所有对话', '🏃教练'])
    await choose($('memory-scope-filter'), 'global')
    await click($('memory-clear'))
    expect($('memory-clear-confirm')!.closest('[role="group"]')!.textContent).toContain('删除所有对话共用的 1 条记忆？')
  })

  it('follows memory.onChanged while open', async () => {
    const t = await openMemorySettings({ memories: [] })
    expect($('memory-empty')).not.toBeNull()
    await act(async () => t.memoryChanged([memory('m9', 'Has a cat named Miso')]))
    await flush()
    expect(itemTexts()).toEqual(['Has a cat named Miso'])
    expect($('memory-empty')).toBeNull()
  })
})

describe('the memory chip', () => {
  const answer = (step: ToolStepPart): Record<string, Message[]> => ({
    c1: [
      { id: 'u1', conversationId: 'c1', role: 'user', parts: [{ type: 'text', text: 'I moved to Berlin' }], status: 'complete', createdAt: 1, updatedAt: 1 },
      { id: 'a1', conversationId: 'c1', role: 'assistant', parts: [step, { type: 'text', text: 'Noted.' }], status: 'complete', createdAt: 2, updatedAt: 2 }
    ]
  })

  it('shows the change, opens to what it was, and undoes it', async () => {
    const step = memoryStep({ action: 'update', id: 'm1', text: 'Lives in Berlin', previousText: 'Lives in Shanghai' })
    const t = await mount({ conversations: [conv('c1', 5)], messages: answer(step) })
    const chip = $('memory-chip')!
    expect(chip.textContent).toBe('Memory updated: Lives in Berlin')
    expect($('tool-step')).toBeNull()
    expect($('memory-chip-detail')).toBeNull()

    await click(chip)
    const detail = $('memory-chip-detail')!
    expect(detail.textContent).toContain('Lives in Berlin')
    expect(detail.textContent).toContain('Lives in Shanghai')

    await click($('memory-chip-undo'))
    expect(t.api.memory.undo).toHaveBeenCalledWith({ messageId: 'a1', callId: 'call-1' })
    expect($('memory-chip-undone')!.textContent).toBe('Undone')
    expect($('memory-chip-undo')).toBeNull()
    // The message's step list holds the undone step (a re-render keeps "Undone").
    const shown = t.controller.store.get().messages.find((m) => m.id === 'a1')!
    expect(shown.steps?.[0].memory?.undone).toBe(true)
  })

  it('names the assistant when the change is to its own memory', async () => {
    const step = memoryStep({ action: 'save', id: 'm1', text: 'Runs 10k in 48 minutes', scope: 'assistant:a1' })
    await mount({ conversations: [conv('c1', 5, { assistantId: 'a1' })], messages: answer(step), assistants: [assistant('a1', 'Coach', '🏃')] })
    expect($('memory-chip')!.textContent).toBe('Saved to Coach’s memory: Runs 10k in 48 minutes')
  })

  it('links to Settings → Memory in the main window', async () => {
    const step = memoryStep({ action: 'save', id: 'm1', text: 'Prefers tea' })
    await mount({ conversations: [conv('c1', 5)], messages: answer(step), memories: [memory('m1', 'Prefers tea')] })
    expect($('memory-chip')!.textContent).toBe('Memory saved: Prefers tea')
    await click($('memory-chip'))
    await click($('memory-chip-manage'))
    expect($('settings-memory')).not.toBeNull()
    expect(itemTexts()).toEqual(['Prefers tea'])
  })

  it('shows the text alone in the companion (no settings there), and a forgotten memory', async () => {
    const fake = fakeApi({})
    const controller = new AppController({ api: fake.api, schedule: (cb) => queueMicrotask(cb) })
    const message = toViewMessage({
      id: 'a1',
      conversationId: 'c1',
      role: 'assistant',
      parts: [memoryStep({ action: 'forget', id: 'm1', text: 'Lives in Shanghai', previousText: 'Lives in Shanghai', undone: true }), { type: 'text', text: 'Done.' }],
      status: 'complete',
      createdAt: 1,
      updatedAt: 1
    })
    container = document.createElement('div')
    document.body.appendChild(container)
    root = createRoot(container)
    const noop = (): void => undefined
    await act(async () => {
      root!.render(
        <ControllerContext.Provider value={controller}>
          <MessageItem message={message} isLastUser={false} isLastAssistant busy={false} highlighted={false} onRegenerate={noop} onContinue={noop} onEdit={noop} onOpenLink={noop} onOpenSettings={noop} />
        </ControllerContext.Provider>
      )
    })
    await flush()
    expect($('memory-chip')!.textContent).toBe('Forgot: Lives in Shanghai')
    expect($('memory-chip-undone')).not.toBeNull()
    await click($('memory-chip'))
    expect($('memory-chip-detail')!.textContent).toContain('Lives in Shanghai')
    expect($('memory-chip-manage')).toBeNull()
  })

  it('keeps a failed memory call as a plain tool row', async () => {
    const failed: ToolStepPart = { ...memoryStep({ action: 'save', id: 'x', text: 'x' }), status: 'error', memory: undefined }
    await mount({ conversations: [conv('c1', 5)], messages: answer(failed) })
    expect($('memory-chip')).toBeNull()
    expect($('tool-step')!.dataset.tool).toBe('memory')
  })
})

describe('past chats an answer drew on', () => {
  it('names them above the answer, stored or live, and opens one', async () => {
    const messages: Record<string, Message[]> = {
      c1: [
        { id: 'q0', conversationId: 'c1', role: 'user', parts: [{ type: 'text', text: 'What did we decide?' }], status: 'complete', createdAt: 1, updatedAt: 1 },
        {
          id: 'r0',
          conversationId: 'c1',
          role: 'assistant',
          parts: [
            { type: 'history', conversations: [{ id: 'c2', title: 'Trip plans' }, { id: 'c3', title: 'Budget' }] },
            { type: 'text', text: 'You chose Lisbon.' }
          ],
          status: 'complete',
          createdAt: 2,
          updatedAt: 2
        }
      ],
      c2: []
    }
    const t = await mount({ conversations: [conv('c1', 5), conv('c2', 4), conv('c3', 3)], messages })
    expect($('history-notice')!.textContent).toBe('Drew on 2 past chats: Trip plans, Budget')

    // Live: the event comes before the answer's text.
    await send('And the hotel?')
    await act(async () => {
      t.emit({ kind: 'started', streamId: 's1', conversationId: 'c1', messageId: 'a1', model: 'gpt-4o' })
      t.emit({ kind: 'history', streamId: 's1', conversationId: 'c1', messageId: 'a1', conversations: [{ id: 'c3', title: 'Budget' }] })
    })
    await flush()
    expect($$('history-notice').at(-1)!.textContent).toBe('Drew on 1 past chat: Budget')

    await click($$('history-notice-open')[0])
    expect(t.api.conversations.get).toHaveBeenLastCalledWith({ id: 'c2' })
    expect(t.controller.store.get().activeId).toBe('c2')
  })
})

describe('temporary chat', () => {
  it('sends the first message as temporary only, keeps it out of the sidebar, and deletes it on New chat', async () => {
    const t = await mount({ conversations: [conv('c1', 5)], messages: { c1: [] } })
    await click($('new-chat'))
    expect($('temporary-banner')).toBeNull()
    const toggle = $('temporary-toggle') as HTMLInputElement
    expect(toggle.checked).toBe(false)
    await click(toggle)
    expect(($('temporary-toggle') as HTMLInputElement).checked).toBe(true)
    expect($('temporary-banner')!.textContent).toBe('Temporary chat: not saved in your history, and memory is not used.')

    await send('Just between us')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ text: 'Just between us', temporary: true })
    expect(t.controller.store.get().activeId).toBe('c-new-1')
    expect($('temporary-toggle')).toBeNull()
    expect($('temporary-banner')).not.toBeNull()
    expect($$('conversation-item').map((b) => b.dataset.conversationId)).toEqual(['c1'])
    await act(async () => {
      t.emit({ kind: 'done', streamId: 's1', conversationId: 'c-new-1', messageId: 'a1', status: 'complete' })
    })
    await flush()

    await send('Second')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ conversationId: 'c-new-1', text: 'Second' })
    expect(t.api.conversations.remove).not.toHaveBeenCalled()
    expect($$('conversation-item').map((b) => b.dataset.conversationId)).toEqual(['c1'])

    await click($('new-chat'))
    expect(t.api.conversations.remove).toHaveBeenCalledWith({ id: 'c-new-1' })
    expect($('temporary-banner')).toBeNull()
    // The switch starts off again on the next new chat.
    expect(($('temporary-toggle') as HTMLInputElement).checked).toBe(false)
    await send('A normal chat')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ text: 'A normal chat' })
    await click($('new-chat'))
    expect(t.api.conversations.remove).toHaveBeenCalledTimes(1)
  })

  it('deletes it when another conversation is opened', async () => {
    const t = await mount({ conversations: [conv('c1', 5)], messages: { c1: [] } })
    await click($('new-chat'))
    await click($('temporary-toggle'))
    await send('Private question')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ text: 'Private question', temporary: true })
    expect(t.api.conversations.remove).not.toHaveBeenCalled()
    await click($$('conversation-item').find((b) => b.dataset.conversationId === 'c1'))
    expect(t.api.conversations.remove).toHaveBeenCalledWith({ id: 'c-new-1' })
    expect(t.controller.store.get().activeId).toBe('c1')
    expect(t.controller.store.get().conversations.map((c) => c.id)).toEqual(['c1'])
  })
})
