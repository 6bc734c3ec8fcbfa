// @vitest-environment jsdom
/**
 * Assistants in the main window, against a fake `window.omnidesk` API: the library (search,
 * categories, Add → addFromLibrary, then "Added"; its texts in the UI language), the editor (the
 * shared schema refuses an empty name before main is asked, Save sends the draft, knowledge files
 * go up through the upload path and show main's indexing state), Chat on a card (the header, the
 * starters as chips that send with assistantId on the first message only), import (main's refusal
 * shown with its detail, by the picker and by a drop) and export (a download with main's file
 * name), and Delete only after its confirmation.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppInfo, ChatEvent, OmnideskApi, StreamStarted } from '../../src/shared/ipc/contract'
import type { Conversation, Message } from '../../src/shared/domain'
import type { Assistant } from '../../src/shared/assistants/schemas'
import type { FileAttachmentInfo } from '../../src/shared/files/schemas'
import { Settings as SettingsSchema, type ProviderView, type Settings, type SettingsPatch } from '../../src/shared/settings'
import { AppError, type ErrorInfo } from '../../src/shared/errors'
import { valueApi } from '../support/valueApi'
import { App, preloadAppViews } from '../../src/renderer/src/components/App'
import { applyLanguage, initI18n } from '../../src/renderer/src/i18n'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext } from '../../src/renderer/src/state/hooks'
import { click, flush, type } from '../support/renderedDom'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

// jsdom's Blob has no arrayBuffer() (Chromium's has): read it through FileReader.
if (typeof Blob.prototype.arrayBuffer !== 'function') {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as ArrayBuffer)
      reader.onerror = () => reject(reader.error)
      reader.readAsArrayBuffer(this)
    })
  }
}

const PROVIDER: ProviderView = {
  id: 'p1',
  presetId: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o',
  hasKey: true
}

const conv = (id: string, updatedAt: number, extra: Partial<Conversation> = {}): Conversation => ({ id, title: `Title ${id}`, titleIsAuto: true, createdAt: 1, updatedAt, ...extra })

const assistant = (id: string, extra: Partial<Assistant> = {}): Assistant => ({
  id,
  name: `Assistant ${id}`,
  emoji: '🧪',
  description: 'Tests things.',
  instructions: 'Be precise.',
  starters: [],
  knowledge: [],
  capabilities: { web: false, data: false, memory: false, mcpServers: [] },
  createdAt: 1,
  updatedAt: 1,
  ...extra
})

const NEWER_VERSION = 'This assistant file is version 2; this Omnidesk reads version 1. Update Omnidesk to import it.'

/** Every channel this test does not fake: rejects if called. */
const unfaked = valueApi({
  invoke: async (channel) => {
    throw new Error(`${channel} is not faked in this test`)
  },
  on: () => () => undefined
})

type KnowledgeState = 'indexing' | 'ready' | 'text-only' | 'failed'

function fakeApi(opts: { conversations?: Conversation[]; assistants?: Assistant[]; knowledgeStates?: KnowledgeState[][] }) {
  const chatListeners = new Set<(e: ChatEvent) => void>()
  const assistantListeners = new Set<(list: Assistant[]) => void>()
  const noop = () => () => undefined
  let settings: Settings = SettingsSchema.parse({})
  let seq = 0
  let idSeq = 0
  let assistants = [...(opts.assistants ?? [])]
  const states = [...(opts.knowledgeStates ?? [])]
  const messages: Record<string, Message[]> = {}
  /** Conversations main made (a send without conversationId), with their assistant, like main. */
  const made: Conversation[] = []
  const started = (conversationId: string, text: string): StreamStarted => {
    seq++
    const list = (messages[conversationId] ??= [])
    list.push({ id: `u${seq}`, conversationId, role: 'user', parts: [{ type: 'text', text }], status: 'complete', createdAt: seq, updatedAt: seq })
    list.push({ id: `a${seq}`, conversationId, role: 'assistant', parts: [{ type: 'text', text: '' }], status: 'streaming', createdAt: seq, updatedAt: seq })
    return { streamId: `s${seq}`, conversationId, userMessageId: `u${seq}`, assistantMessageId: `a${seq}` }
  }
  const all = (): Conversation[] => [...(opts.conversations ?? []), ...made]
  const put = (a: Assistant): Assistant => {
    assistants = [a, ...assistants.filter((x) => x.id !== a.id)]
    return a
  }
  const uploads = new Map<string, { name: string; bytes: number; received: number }>()
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
      models: vi.fn(async () => ['gpt-4o', 'gpt-4o-mini']),
      detectOllama: vi.fn(async () => ({ found: false, baseURL: '', models: [] as string[] })),
      onChanged: noop
    },
    conversations: {
      list: vi.fn(async () => ({ conversations: all(), next: null })),
      get: vi.fn(async ({ id }: { id: string }) => ({ conversation: all().find((c) => c.id === id) ?? conv(id, 1), messages: messages[id] ?? [] })),
      rename: vi.fn(async ({ id, title }: { id: string; title: string }) => ({ ...conv(id, 1), title })),
      remove: vi.fn(async (_: { id: string }) => ({ ok: true as const })),
      search: vi.fn(async () => ({ hits: [], next: null })),
      includeAllTurns: vi.fn(async () => ({ ok: true as const })),
      setToolsOff: vi.fn(async (req: { id: string; toolsOff: string[] }) => ({ ...conv(req.id, 1), toolsOff: req.toolsOff })),
      setAssistant: vi.fn(async (req: { id: string; assistantId: string | null }) => {
        const c = all().find((x) => x.id === req.id) ?? conv(req.id, 1)
        const { assistantId: _old, ...rest } = c
        const updated = req.assistantId ? { ...rest, assistantId: req.assistantId } : rest
        const i = made.findIndex((x) => x.id === req.id)
        if (i >= 0) made[i] = updated
        return updated
      }),
      onChanged: noop
    },
    chat: {
      send: vi.fn(async (req: { conversationId?: string; text: string; assistantId?: string }) => {
        let id = req.conversationId
        if (!id) {
          id = `c-new-${made.length + 1}`
          made.push(conv(id, 100 + made.length, req.assistantId ? { assistantId: req.assistantId } : {}))
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
    attachments: {
      ...unfaked.attachments,
      beginFile: vi.fn(async ({ name, bytes }: { name: string; bytes: number }) => {
        const uploadId = `up${++idSeq}`
        uploads.set(uploadId, { name, bytes, received: 0 })
        return { uploadId, maxBytes: 1024 * 1024 }
      }),
      fileChunk: vi.fn(async ({ uploadId, data }: { uploadId: string; offset: number; data: string }) => {
        uploads.get(uploadId)!.received += atob(data).length
        return { ok: true as const }
      }),
      finishFile: vi.fn(async ({ uploadId }: { uploadId: string }): Promise<FileAttachmentInfo> => {
        const up = uploads.get(uploadId)!
        const data = up.name.endsWith('.csv')
        return {
          id: `att-${uploadId}`,
          name: up.name,
          kind: data ? 'data' : 'document',
          format: data ? 'csv' : 'pdf',
          bytes: up.received,
          tokens: 120,
          ...(data ? { rows: 2 } : { pages: 3 })
        } as FileAttachmentInfo
      }),
      cancelFile: vi.fn(async () => ({ ok: true as const }))
    },
    assistants: {
      list: vi.fn(async () => assistants),
      save: vi.fn(async (req: Omit<Assistant, 'id' | 'createdAt' | 'updatedAt'> & { id?: string }) => put({ ...req, id: req.id ?? `as${++idSeq}`, createdAt: 5, updatedAt: 5 })),
      remove: vi.fn(async ({ id }: { id: string }) => {
        assistants = assistants.filter((a) => a.id !== id)
        return { ok: true as const }
      }),
      duplicate: vi.fn(async ({ id }: { id: string }) => {
        const source = assistants.find((a) => a.id === id)!
        return put({ ...source, id: `as${++idSeq}`, name: `${source.name} (copy)`, builtinId: undefined })
      }),
      addFromLibrary: vi.fn(async ({ builtinId, language }: { builtinId: string; language: 'en' | 'zh-CN' }) =>
        put(assistant(`as${++idSeq}`, { name: language === 'en' ? `Library ${builtinId}` : `库 ${builtinId}`, builtinId }))
      ),
      exportFile: vi.fn(async ({ id }: { id: string }) => {
        const a = assistants.find((x) => x.id === id)!
        return { fileName: `${a.name}.omnidesk-assistant.json`, json: JSON.stringify({ format: 'omnidesk-assistant', version: 1, assistant: { name: a.name } }) }
      }),
      importFile: vi.fn(async ({ json }: { json: string }) => {
        const file = JSON.parse(json) as { version: number; assistant: { name: string }; knowledge?: Array<{ name: string; unreadable?: 'password' | 'broken' }> }
        if (file.version > 1) throw new AppError({ code: 'bad_request', detail: NEWER_VERSION })
        // Like main: a knowledge file it cannot read is left out and named, with why.
        const unreadable = (file.knowledge ?? []).flatMap((k): Array<{ name: string; error: ErrorInfo }> =>
          k.unreadable === 'password'
            ? [{ name: k.name, error: { code: 'file_needs_password' } }]
            : k.unreadable
              ? [{ name: k.name, error: { code: 'file_unreadable', detail: 'The PDF is damaged: its page tree cannot be read.' } }]
              : []
        )
        return { assistant: put(assistant(`as${++idSeq}`, { name: file.assistant.name })), unreadable }
      }),
      knowledgeStatus: vi.fn(async ({ id }: { id: string }) => {
        const a = assistants.find((x) => x.id === id)!
        const next = states.length > 1 ? states.shift()! : (states[0] ?? [])
        return a.knowledge.map((k, i) => ({ attachmentId: k.attachmentId, state: next[i] ?? 'ready' }))
      }),
      onChanged: (l: (list: Assistant[]) => void) => {
        assistantListeners.add(l)
        return () => assistantListeners.delete(l)
      }
    }
  } satisfies OmnideskApi
  return {
    api,
    emit: (e: ChatEvent) => chatListeners.forEach((l) => l(e)),
    assistantsChanged: (list: Assistant[]) => {
      assistants = list
      assistantListeners.forEach((l) => l(list))
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

/** Picks files in a hidden file input, as the system dialog does. */
async function pick(input: HTMLElement | null, files: File[]): Promise<void> {
  expect(input).not.toBeNull()
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  await act(async () => {
    input!.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await flush()
}

/** Drops files on an element (jsdom has no DataTransfer: a plain object stands in). */
async function drop(target: HTMLElement | null, files: File[]): Promise<void> {
  expect(target).not.toBeNull()
  const dataTransfer = { files, types: ['Files'], dropEffect: 'none' }
  for (const kind of ['dragover', 'drop']) {
    const ev = new Event(kind, { bubbles: true, cancelable: true })
    Object.defineProperty(ev, 'dataTransfer', { value: dataTransfer })
    await act(async () => {
      target!.dispatchEvent(ev)
    })
  }
  await flush()
}

async function send(text: string): Promise<void> {
  await type($('composer'), text)
  await click($('send'))
}

const cardNames = (testId: string): string[] => $$(testId).map((c) => c.querySelector('h3')!.textContent!)
const card = (id: string): HTMLElement => $$('assistant-card').find((c) => c.dataset.id === id)!
const libraryCard = (builtinId: string): HTMLElement => $$('library-card').find((c) => c.dataset.builtinId === builtinId)!

async function openPanel(opts: Parameters<typeof fakeApi>[0] = {}) {
  const t = await mount(opts)
  await click($('assistants-open'))
  expect($('assistants-view')).not.toBeNull()
  return t
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
  vi.restoreAllMocks()
  vi.useRealTimers()
  await applyLanguage('en')
})

describe('the panel', () => {
  it('opens from the sidebar on Mine, lists your assistants, and closes', async () => {
    const t = await openPanel({ assistants: [assistant('a1', { knowledge: [{ attachmentId: 'k1', name: 'Guide.pdf', format: 'pdf', bytes: 10, pages: 3 }] }), assistant('a2')] })
    expect(t.api.assistants.list).toHaveBeenCalled()
    expect($('assistants-mine')!.getAttribute('aria-selected')).toBe('true')
    expect($('assistants-mine-panel')).not.toBeNull()
    expect(cardNames('assistant-card')).toEqual(['Assistant a1', 'Assistant a2'])
    expect(card('a1').textContent).toContain('🧪')
    expect(card('a1').textContent).toContain('Tests things.')
    expect(card('a1').textContent).toContain('1 knowledge file')
    await click($('assistants-close'))
    expect($('assistants-view')).toBeNull()
  })

  it('follows assistants.onChanged', async () => {
    const t = await openPanel()
    expect($('assistants-empty')).not.toBeNull()
    await act(async () => t.assistantsChanged([assistant('a9', { name: 'Made elsewhere' })]))
    await flush()
    expect(cardNames('assistant-card')).toEqual(['Made elsewhere'])
  })

  it('deletes only after the confirmation, and duplicates', async () => {
    const t = await openPanel({ assistants: [assistant('a1'), assistant('a2')] })
    await click($('assistant-delete', card('a2')))
    expect(t.api.assistants.remove).not.toHaveBeenCalled()
    expect(card('a2').textContent).toContain('Delete “Assistant a2”?')
    await click($('assistant-delete-cancel', card('a2')))
    expect($('assistant-delete-confirm')).toBeNull()
    await click($('assistant-delete', card('a2')))
    await click($('assistant-delete-confirm', card('a2')))
    expect(t.api.assistants.remove).toHaveBeenCalledWith({ id: 'a2' })
    expect(cardNames('assistant-card')).toEqual(['Assistant a1'])

    await click($('assistant-duplicate', card('a1')))
    expect(t.api.assistants.duplicate).toHaveBeenCalledWith({ id: 'a1' })
    expect(cardNames('assistant-card')).toEqual(['Assistant a1 (copy)', 'Assistant a1'])
  })
})

describe('the library', () => {
  it('searches, filters by category, adds, and shows Added', async () => {
    const t = await openPanel({ assistants: [assistant('a1', { builtinId: 'translator' })] })
    await click($('assistants-library'))
    expect($('assistants-library')!.getAttribute('aria-selected')).toBe('true')
    expect($('assistants-library-panel')).not.toBeNull()
    expect($$('library-card').length).toBe(15)
    // Added already: one of yours came from it.
    expect($('library-added', libraryCard('translator'))).not.toBeNull()
    expect($('library-add', libraryCard('translator'))).toBeNull()

    await type($('library-search'), 'interpreter')
    expect($$('library-card').map((c) => c.dataset.builtinId)).toEqual(['live-translator'])
    await type($('library-search'), 'no such thing at all')
    expect($$('library-card')).toHaveLength(0)
    expect($('library-empty')!.textContent).toContain('no such thing at all')
    await type($('library-search'), '')

    const coding = $$('library-category').find((c) => c.dataset.category === 'coding')!
    await click(coding)
    expect($$('library-category').find((c) => c.dataset.category === 'coding')!.getAttribute('aria-pressed')).toBe('true')
    const codingIds = $$('library-card').map((c) => c.dataset.builtinId)
    expect(codingIds.length).toBeGreaterThan(0)
    expect(codingIds).not.toContain('translator')

    const target = codingIds[0]!
    await click($('library-add', libraryCard(target)))
    expect(t.api.assistants.addFromLibrary).toHaveBeenCalledWith({ builtinId: target, language: 'en' })
    expect($('library-added', libraryCard(target))!.textContent).toBe('Added')

    await click($('assistants-mine'))
    expect(cardNames('assistant-card')).toEqual([`Library ${target}`, 'Assistant a1'])
  })

  it('shows the entries in Chinese and adds them in Chinese when the UI is', async () => {
    const t = await mount()
    await act(async () => applyLanguage('zh-CN'))
    await click($('assistants-open'))
    expect($('assistants-open')!.textContent).toBe('助手')
    await click($('assistants-library'))
    expect(libraryCard('translator').textContent).toContain('中英互译')
    expect($$('library-category').find((c) => c.dataset.category === 'language')!.textContent).toBe('语言')
    // A Chinese query finds it too.
    await type($('library-search'), '翻译')
    expect($$('library-card').map((c) => c.dataset.builtinId)).toContain('translator')
    await click($('library-add', libraryCard('translator')))
    expect(t.api.assistants.addFromLibrary).toHaveBeenCalledWith({ builtinId: 'translator', language: 'zh-CN' })
    expect($('library-added', libraryCard('translator'))!.textContent).toBe('已添加')
  })
})

describe('the editor', () => {
  it('refuses an empty name before main is asked, then saves the draft', async () => {
    const t = await openPanel()
    await click($('assistant-new'))
    expect($('assistant-editor')).not.toBeNull()
    await click($('assistant-save'))
    expect(t.api.assistants.save).not.toHaveBeenCalled()
    const nameError = $$('assistant-field-error').find((e) => e.dataset.field === 'name')!
    expect(nameError.textContent).toBe('Give it a name of at most 100 characters.')

    await type($('assistant-name'), 'Weekly reporter')
    expect($$('assistant-field-error').find((e) => e.dataset.field === 'name')).toBeUndefined()
    await type($('assistant-emoji'), '📝')
    await type($('assistant-description'), 'Writes my weekly report.')
    await type($('assistant-instructions'), 'Summarise the week in five bullets.')
    expect($('assistant-instructions-counter')!.textContent).toBe('35 / 32,000')
    await click($('assistant-starter-add'))
    await click($('assistant-starter-add'))
    await type($$('assistant-starter')[0], 'Draft this week’s report')
    await type($$('assistant-starter')[1], '   ')
    await click($('assistant-cap-web'))
    await type($('assistant-voice-instructions'), 'Speak slowly.')

    // A word is not an emoji: marked on its field, nothing sent.
    await type($('assistant-emoji'), 'notes')
    await click($('assistant-save'))
    expect(t.api.assistants.save).not.toHaveBeenCalled()
    expect($$('assistant-field-error').find((e) => e.dataset.field === 'emoji')).toBeTruthy()
    await type($('assistant-emoji'), '📝')

    await click($('assistant-save'))
    expect(t.api.assistants.save).toHaveBeenCalledWith({
      name: 'Weekly reporter',
      emoji: '📝',
      description: 'Writes my weekly report.',
      instructions: 'Summarise the week in five bullets.',
      starters: ['Draft this week’s report'],
      knowledge: [],
      capabilities: { web: true, data: false, memory: false, mcpServers: [] },
      voiceInstructions: 'Speak slowly.'
    })
    expect($('assistant-editor')).toBeNull()
    expect(cardNames('assistant-card')).toEqual(['Weekly reporter'])
  })

  it('edits one of yours in place, keeping what the form does not show', async () => {
    const t = await openPanel({ assistants: [assistant('a1', { builtinId: 'translator', starters: ['One', 'Two'], providerId: 'p1', model: 'gpt-4o-mini' })] })
    await click($('assistant-edit', card('a1')))
    expect(($('assistant-name') as HTMLInputElement).value).toBe('Assistant a1')
    expect(($('assistant-provider') as HTMLSelectElement).value).toBe('p1')
    expect($$('assistant-starter').map((i) => (i as HTMLInputElement).value)).toEqual(['One', 'Two'])
    await click($$('assistant-starter-remove')[0])
    await type($('assistant-name'), 'Renamed')
    await click($('assistant-save'))
    expect(t.api.assistants.save).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'a1', name: 'Renamed', starters: ['Two'], builtinId: 'translator', providerId: 'p1', model: 'gpt-4o-mini' })
    )
  })

  it('offers “Shares your memory” or “Its own memory” when Memory is on, and saves the choice', async () => {
    const t = await openPanel({ assistants: [assistant('a1', { capabilities: { web: false, data: false, memory: true, memoryScope: 'own', mcpServers: [] } })] })
    await click($('assistant-new'))
    await type($('assistant-name'), 'Coach')
    expect($('assistant-memory-scope')).toBeNull()
    await click($('assistant-cap-memory'))
    const group = $('assistant-memory-scope')!
    expect(group.getAttribute('role')).toBe('radiogroup')
    expect(group.getAttribute('aria-label')).toBe('Which memory')
    const shared = $('assistant-memory-scope-shared') as HTMLInputElement
    const own = $('assistant-memory-scope-own') as HTMLInputElement
    // Each choice is labelled by its own text.
    expect(shared.closest('label')!.textContent).toContain('Shares your memory')
    expect(own.closest('label')!.textContent).toContain('Its own memory')
    expect(shared.checked).toBe(true)
    await click(own)
    expect(($('assistant-memory-scope-own') as HTMLInputElement).checked).toBe(true)
    await click($('assistant-save'))
    expect(t.api.assistants.save).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'Coach', capabilities: { web: false, data: false, memory: true, memoryScope: 'own', mcpServers: [] } }))

    // One with its own memory opens with it chosen; back to shared saves it without the field (absent = shared).
    await click($('assistant-edit', card('a1')))
    expect(($('assistant-memory-scope-own') as HTMLInputElement).checked).toBe(true)
    await click($('assistant-memory-scope-shared'))
    await click($('assistant-save'))
    expect(t.api.assistants.save).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'a1', capabilities: { web: false, data: false, memory: true, mcpServers: [] } }))
  })

  it('shows main’s refusal of a save', async () => {
    const t = await openPanel()
    t.api.assistants.save.mockRejectedValueOnce(new AppError({ code: 'bad_request', detail: 'The knowledge file Guide.pdf is no longer available: add it again.' }))
    await click($('assistant-new'))
    await type($('assistant-name'), 'Helper')
    await click($('assistant-save'))
    expect($('assistant-save-error')!.textContent).toContain('The knowledge file Guide.pdf is no longer available')
    expect($('assistant-editor')).not.toBeNull()
  })

  it('uploads knowledge files, refuses a data file, and saves them with the assistant', async () => {
    const t = await openPanel()
    await click($('assistant-new'))
    await type($('assistant-name'), 'Reader')
    await pick($('assistant-knowledge-input'), [new File(['%PDF-1.7 guide'], 'Guide.pdf'), new File(['a,b\n1,2\n'], 'sales.csv')])
    await flush()
    expect(t.api.attachments.beginFile).toHaveBeenCalledWith({ name: 'Guide.pdf', bytes: 14 })
    const items = $$('assistant-knowledge-item')
    expect(items.map((i) => i.dataset.state)).toEqual(['pending', 'error'])
    expect(items[0].textContent).toContain('Guide.pdf')
    expect(items[0].textContent).toContain('3 pages')
    expect(items[1].textContent).toContain('sales.csv is a data file')
    await click($('assistant-knowledge-remove', items[1]))
    expect($$('assistant-knowledge-item')).toHaveLength(1)

    await click($('assistant-save'))
    expect(t.api.assistants.save).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Reader', knowledge: [{ attachmentId: 'att-up1', name: 'Guide.pdf', format: 'pdf', bytes: 14, pages: 3 }] })
    )
  })

  it('asks main for the indexing state every 2 s while a file is indexing', async () => {
    const knowledge = [{ attachmentId: 'k1', name: 'Guide.pdf', format: 'pdf' as const, bytes: 10, pages: 3 }]
    const t = await openPanel({ assistants: [assistant('a1', { knowledge })], knowledgeStates: [['indexing'], ['ready']] })
    // Fake time that still moves on its own (flush waits on timers): a jump stands for the 2 s.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] })
    await click($('assistant-edit', card('a1')))
    expect(t.api.assistants.knowledgeStatus).toHaveBeenCalledWith({ id: 'a1' })
    expect($('assistant-knowledge-item')!.dataset.state).toBe('indexing')
    expect($('assistant-knowledge-item')!.textContent).toContain('Indexing…')
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000)
    })
    expect(t.api.assistants.knowledgeStatus).toHaveBeenCalledTimes(1)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1100)
    })
    await flush()
    expect(t.api.assistants.knowledgeStatus).toHaveBeenCalledTimes(2)
    expect($('assistant-knowledge-item')!.dataset.state).toBe('ready')
    expect($('assistant-knowledge-item')!.textContent).toContain('Ready')
    // Ready: no more asking.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000)
    })
    expect(t.api.assistants.knowledgeStatus).toHaveBeenCalledTimes(2)
  })
})

describe('chatting with an assistant', () => {
  const withStarters = assistant('a1', { name: 'Translator', emoji: '🌐', starters: ['Translate “good morning”', 'What does 辛苦了 mean?'] })

  it('shows it in the header, offers its starters, and sends the first message with assistantId', async () => {
    const t = await openPanel({ conversations: [conv('c1', 5)], assistants: [withStarters] })
    await click($('assistant-chat', card('a1')))
    expect($('assistants-view')).toBeNull()
    expect(t.controller.store.get().activeId).toBeNull()
    expect($('chat-assistant')!.textContent).toBe('🌐Translator')
    expect($$('starter-chip').map((c) => c.textContent)).toEqual(['Translate “good morning”', 'What does 辛苦了 mean?'])

    await click($$('starter-chip')[1])
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ text: 'What does 辛苦了 mean?', assistantId: 'a1' })
    expect(t.controller.store.get().activeId).toBe('c-new-1')
    expect($('starter-chip')).toBeNull()
    expect($('chat-assistant')!.textContent).toBe('🌐Translator')
    await act(async () => {
      t.emit({ kind: 'done', streamId: 's1', conversationId: 'c-new-1', messageId: 'a1', status: 'complete' })
    })
    await flush()

    // Only the first message names it: the conversation keeps it.
    await send('And “good night”?')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ conversationId: 'c-new-1', text: 'And “good night”?' })

    // New chat forgets it; reopening the conversation shows it again.
    await click($('new-chat'))
    expect($('chat-assistant')).toBeNull()
    expect($('starter-chip')).toBeNull()
    await send('Plain question')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ text: 'Plain question' })
    await click($$('conversation-item').find((b) => b.dataset.conversationId === 'c-new-1'))
    expect($('chat-assistant')!.textContent).toBe('🌐Translator')
    await click($$('conversation-item').find((b) => b.dataset.conversationId === 'c1'))
    expect($('chat-assistant')).toBeNull()
  })

  it('picks the assistant’s own model in the picker', async () => {
    await openPanel({ assistants: [assistant('a1', { providerId: 'p1', model: 'gpt-4o-mini' })] })
    await click($('assistant-chat', card('a1')))
    expect(($('model-picker') as HTMLSelectElement).selectedOptions[0].textContent).toBe('gpt-4o-mini')
  })
})

describe('@name in the composer', () => {
  const translator = assistant('a1', { name: 'Translator', emoji: '🌐', description: 'Between Chinese and English.' })
  const writer = assistant('a2', { name: 'Writing editor', emoji: '✍️' })
  const coder = assistant('a3', { name: 'Code explainer', emoji: '💻' })
  const options = (): string[] => $$('assistant-mention-option').map((o) => o.dataset.id ?? '')
  const selected = (): string | undefined => $$('assistant-mention-option').find((o) => o.getAttribute('aria-selected') === 'true')?.dataset.id
  async function key(name: string): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true })
    await act(async () => {
      $('composer')!.dispatchEvent(event)
    })
    await flush()
    return event
  }

  it('lists the matching assistants as @ is typed; Enter picks one for the new chat and takes the mention out', async () => {
    const t = await mount({ assistants: [translator, writer, coder] })
    await type($('composer'), '@')
    expect(options()).toEqual(['a1', 'a2', 'a3'])
    expect($('composer')!.getAttribute('aria-expanded')).toBe('true')
    await type($('composer'), '@t')
    // The name starting with it first, then one having it anywhere ("Wri-t-ing").
    expect(options()).toEqual(['a1', 'a2'])
    await type($('composer'), '@ex')
    // A word of the name starting with it ("explainer").
    expect(options()).toEqual(['a3'])
    await type($('composer'), '@wri')
    expect(options()).toEqual(['a2'])
    await type($('composer'), '@tr')
    expect(options()).toEqual(['a1'])
    expect($('assistant-mention')!.textContent).toContain('Between Chinese and English.')
    const enter = await key('Enter')
    expect(enter.defaultPrevented).toBe(true)
    // Picked, not sent: the mention left the text, the chat talks to it.
    expect(t.api.chat.send).not.toHaveBeenCalled()
    expect(($('composer') as HTMLTextAreaElement).value).toBe('')
    expect($('assistant-mention')).toBeNull()
    expect($('chat-assistant')!.dataset.id).toBe('a1')
    await send('Good morning')
    expect(t.api.chat.send).toHaveBeenLastCalledWith({ text: 'Good morning', assistantId: 'a1' })
  })

  it('walks the list with the arrows, keeps the rest of the text, and does not take an e-mail address for a mention', async () => {
    await mount({ assistants: [translator, writer, coder] })
    await type($('composer'), 'mail me@tr')
    expect($('assistant-mention')).toBeNull()
    await type($('composer'), 'Please @')
    expect(selected()).toBe('a1')
    await key('ArrowDown')
    await key('ArrowDown')
    expect(selected()).toBe('a3')
    await key('ArrowDown')
    expect(selected()).toBe('a1')
    await key('ArrowUp')
    expect(selected()).toBe('a3')
    await key('Tab')
    expect(($('composer') as HTMLTextAreaElement).value).toBe('Please ')
    expect($('chat-assistant')!.dataset.id).toBe('a3')
  })

  it('Esc closes the list and keeps the text; a name that matches nothing shows no list', async () => {
    await mount({ assistants: [translator] })
    await type($('composer'), '@tra')
    const esc = await key('Escape')
    expect(esc.defaultPrevented).toBe(true)
    expect($('assistant-mention')).toBeNull()
    expect(($('composer') as HTMLTextAreaElement).value).toBe('@tra')
    await type($('composer'), '@tran')
    expect($('assistant-mention')).toBeNull()
    await type($('composer'), '')
    await type($('composer'), '@zz')
    expect($('assistant-mention')).toBeNull()
    await type($('composer'), '@')
    expect(options()).toEqual(['a1'])
  })

  it('switches an open conversation’s assistant from its next message on, and back to none', async () => {
    const t = await mount({ conversations: [conv('c1', 5)], assistants: [translator, writer] })
    await click($$('conversation-item').find((b) => b.dataset.conversationId === 'c1'))
    expect($('chat-assistant')).toBeNull()
    await type($('composer'), '@writ')
    await click($$('assistant-mention-option')[0])
    expect(t.api.conversations.setAssistant).toHaveBeenLastCalledWith({ id: 'c1', assistantId: 'a2' })
    expect($('chat-assistant')!.dataset.id).toBe('a2')
    // The chat has one: "No assistant" is offered first.
    await type($('composer'), '@')
    expect(options()).toEqual(['', 'a1', 'a2'])
    await key('Enter')
    expect(t.api.conversations.setAssistant).toHaveBeenLastCalledWith({ id: 'c1', assistantId: null })
    expect($('chat-assistant')).toBeNull()
  })

  it('puts the conversation back and shows why when main refuses the switch', async () => {
    const t = await mount({ conversations: [conv('c1', 5)], assistants: [translator] })
    t.api.conversations.setAssistant.mockRejectedValueOnce(new AppError({ code: 'not_found', detail: 'That assistant no longer exists.' }))
    await click($$('conversation-item').find((b) => b.dataset.conversationId === 'c1'))
    await type($('composer'), '@')
    await key('Enter')
    expect($('chat-assistant')).toBeNull()
    expect($('error-panel')!.textContent).toContain('That assistant no longer exists.')
  })
})

describe('import and export', () => {
  const file = (json: unknown, name = 'Helper.omnidesk-assistant.json'): File => new File([JSON.stringify(json)], name, { type: 'application/json' })

  it('shows main’s refusal with its detail, and imports a good file', async () => {
    const t = await openPanel()
    await pick($('assistant-import-input'), [file({ format: 'omnidesk-assistant', version: 2, assistant: { name: 'Future' } })])
    expect(t.api.assistants.importFile).toHaveBeenCalledTimes(1)
    const refusal = $('assistant-import-error')!
    expect(refusal.textContent).toContain('This file could not be imported.')
    expect(refusal.textContent).toContain(NEWER_VERSION)
    expect($$('assistant-card')).toHaveLength(0)

    await pick($('assistant-import-input'), [file({ format: 'omnidesk-assistant', version: 1, assistant: { name: 'Helper' } })])
    expect($('assistant-import-error')).toBeNull()
    expect($('assistants-notice')!.textContent).toBe('Imported “Helper”.')
    expect(cardNames('assistant-card')).toEqual(['Helper'])
  })

  it('imports an assistant without the knowledge files main could not read, and names each with why', async () => {
    await openPanel()
    await pick($('assistant-import-input'), [
      file({ format: 'omnidesk-assistant', version: 1, assistant: { name: 'Helper' }, knowledge: [{ name: 'ok.pdf' }, { name: 'locked.pdf', unreadable: 'password' }, { name: 'broken.pdf', unreadable: 'broken' }] })
    ])
    const notice = $('assistants-notice')!
    expect(notice.dataset.warning).toBe('true')
    expect(notice.textContent).toContain('Imported “Helper” without 2 knowledge files that could not be read:')
    expect($$('assistant-import-left-out')).toHaveLength(1)
    expect(Array.from($('assistant-import-left-out')!.querySelectorAll('li')).map((li) => li.textContent)).toEqual([
      'locked.pdf: It is protected by a password.',
      'broken.pdf: The PDF is damaged: its page tree cannot be read.'
    ])
    expect(cardNames('assistant-card')).toEqual(['Helper'])
  })

  it('imports a file dropped on the panel, and refuses what is not JSON', async () => {
    const t = await openPanel()
    await drop($('assistants-view'), [new File(['hello'], 'notes.txt', { type: 'text/plain' })])
    expect(t.api.assistants.importFile).not.toHaveBeenCalled()
    expect($('assistant-import-error')!.textContent).toContain('Only assistant files (.json) can be imported.')

    await drop($('assistants-view'), [file({ format: 'omnidesk-assistant', version: 2, assistant: { name: 'Future' } })])
    expect($('assistant-import-error')!.textContent).toContain(NEWER_VERSION)
    await drop($('assistants-view'), [file({ format: 'omnidesk-assistant', version: 1, assistant: { name: 'Dropped' } })])
    expect(cardNames('assistant-card')).toEqual(['Dropped'])
  })

  it('exports as a download named by main', async () => {
    const t = await openPanel({ assistants: [assistant('a1', { name: 'Translator' })] })
    const blobs: Blob[] = []
    const downloads: Array<{ href: string; download: string }> = []
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        blobs.push(blob)
        return 'blob:od/1'
      }),
      revokeObjectURL: vi.fn()
    })
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download })
    })
    await click($('assistant-export', card('a1')))
    expect(t.api.assistants.exportFile).toHaveBeenCalledWith({ id: 'a1' })
    expect(downloads).toEqual([{ href: 'blob:od/1', download: 'Translator.omnidesk-assistant.json' }])
    expect(blobs[0].type).toBe('application/json')
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.readAsText(blobs[0])
    })
    expect(JSON.parse(text)).toEqual({ format: 'omnidesk-assistant', version: 1, assistant: { name: 'Translator' } })
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:od/1')
  })
})
