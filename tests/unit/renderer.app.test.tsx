// @vitest-environment jsdom
/**
 * The React app mounted in jsdom against a fake `window.omnidesk`: onboarding (presets, inline
 * URL check, Ollama offer, test result), chat (IME-safe Enter, streaming, Stop, errors and
 * Retry, long messages collapsed, 1 MB paste as a chip), and switching the language at once.
 * The browser-level flows are the E2E specs' job; this checks the wiring of components.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppInfo, ChatEvent, OmnideskApi, StreamStarted } from '../../src/shared/ipc/contract'
import type { Conversation, Message } from '../../src/shared/domain'
import { Settings as SettingsSchema, type ProviderView, type Settings, type SettingsPatch } from '../../src/shared/settings'
import { valueApi } from '../support/valueApi'
import { AppError } from '../../src/shared/errors'
import { App, preloadAppViews } from '../../src/renderer/src/components/App'
import { applyLanguage, initI18n } from '../../src/renderer/src/i18n'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext } from '../../src/renderer/src/state/hooks'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const PROVIDER: ProviderView = {
  id: 'p1',
  presetId: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o',
  fallbackModel: 'gpt-4o-mini',
  hasKey: true
}

const conv = (id: string, updatedAt: number): Conversation => ({ id, title: `Title ${id}`, titleIsAuto: true, createdAt: 1, updatedAt })

/** Every channel this test does not fake: rejects if called (newer namespaces need no edit here). */
const unfaked = valueApi({
  invoke: async (channel) => {
    throw new Error(`${channel} is not faked in this test`)
  },
  on: () => () => undefined
})

function fakeApi(opts: { providers?: ProviderView[]; conversations?: Conversation[]; messages?: Record<string, Message[]>; keyring?: AppInfo['keyring'] }) {
  const chatListeners = new Set<(e: ChatEvent) => void>()
  const noop = () => () => undefined
  let settings: Settings = SettingsSchema.parse({ theme: 'system', launchAtLogin: false, enterToSend: true, allowPlaintextSecrets: false })
  let seq = 0
  const messages: Record<string, Message[]> = JSON.parse(JSON.stringify(opts.messages ?? {}))
  /** Like main: the question and an empty streaming answer are stored before the stream starts. */
  const started = (conversationId: string, text?: string): StreamStarted => {
    seq++
    const list = (messages[conversationId] ??= [])
    const at = Date.now()
    if (text !== undefined) {
      list.push({ id: `u${seq}`, conversationId, role: 'user', parts: [{ type: 'text', text }], status: 'complete', createdAt: at, updatedAt: at })
    }
    list.push({ id: `a${seq}`, conversationId, role: 'assistant', parts: [{ type: 'text', text: '' }], status: 'streaming', createdAt: at, updatedAt: at })
    return { streamId: `s${seq}`, conversationId, userMessageId: `u${seq}`, assistantMessageId: `a${seq}` }
  }
  const api = {
    ...unfaked,
    app: {
      ready: vi.fn(async () => ({ ok: true as const })),
      relaunch: vi.fn(async () => ({ ok: true as const })),
      info: vi.fn(async (): Promise<AppInfo> => ({
        version: '9.9.9',
        platform: 'linux',
        systemLocale: 'en-US',
        systemDark: false,
        dataDir: '/home/me/.config/Omnidesk',
        keyring: opts.keyring ?? 'available',
        startupNotices: []
      })),
      openExternal: vi.fn(async () => ({ opened: true })),
      onCommand: noop
    },
    settings: {
      get: vi.fn(async () => settings),
      update: vi.fn(async (patch: SettingsPatch) => (settings = applySettingsPatch(settings, patch))),
      onChanged: noop
    },
    providers: {
      list: vi.fn(async () => opts.providers ?? [PROVIDER]),
      save: vi.fn(async () => PROVIDER),
      remove: vi.fn(async () => ({ ok: true as const })),
      test: vi.fn(async () => ({ models: ['gpt-4o', 'gpt-4o-mini'] })),
      models: vi.fn(async () => ['gpt-4o', 'gpt-4o-mini', 'o3']),
      detectOllama: vi.fn(async () => ({ found: false, baseURL: '', models: [] as string[] })),
      onChanged: noop
    },
    conversations: {
      list: vi.fn(async () => ({ conversations: opts.conversations ?? [], next: null })),
      get: vi.fn(async ({ id }: { id: string }) => ({
        conversation: (opts.conversations ?? []).find((c) => c.id === id) ?? conv(id, 1),
        messages: messages[id] ?? []
      })),
      rename: vi.fn(async ({ id, title }: { id: string; title: string }) => ({ ...conv(id, 1), title })),
      remove: vi.fn(async () => ({ ok: true as const })),
      search: vi.fn(async () => ({ hits: [], next: null })),
      includeAllTurns: vi.fn(async () => ({ ok: true as const })),
      setToolsOff: vi.fn(async (req: { id: string; toolsOff: string[] }) => ({ id: req.id, title: 't', titleIsAuto: true, createdAt: 0, updatedAt: 0, toolsOff: req.toolsOff })),
      setAssistant: vi.fn(async (req: { id: string; assistantId: string | null }) => ({ id: req.id, title: 't', titleIsAuto: true, createdAt: 0, updatedAt: 0, ...(req.assistantId ? { assistantId: req.assistantId } : {}) })),
      onChanged: noop
    },
    chat: {
      send: vi.fn(async (req: { conversationId?: string; text: string }) => started(req.conversationId ?? 'c-new', req.text)),
      stop: vi.fn(async () => ({ ok: true as const })),
      regenerate: vi.fn(async (req: { conversationId: string }) => started(req.conversationId)),
      continue: vi.fn(async (req: { conversationId: string }) => started(req.conversationId)),
      retryWithoutOldest: vi.fn(async (req: { conversationId: string }) => started(req.conversationId)),
      approveTool: vi.fn(async (_: { approvalId: string; decision: 'once' | 'always' | 'deny' }) => ({ ok: true as const })),
      newChatWithSummary: vi.fn(async (req: { conversationId: string }) => started(req.conversationId)),
      editAndResend: vi.fn(async (req: { conversationId: string }) => started(req.conversationId)),
      onEvent: (l: (e: ChatEvent) => void) => {
        chatListeners.add(l)
        return () => chatListeners.delete(l)
      }
    }
  } satisfies OmnideskApi
  return { api, messages, emit: (e: ChatEvent) => chatListeners.forEach((l) => l(e)) }
}

let root: Root | null = null
let container: HTMLElement | null = null

async function mount(opts: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(opts)
  // Frames run synchronously here: batching is tested on its own in renderer.batching.test.ts.
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

async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
  })
}

const $ = (testId: string): HTMLElement | null => container!.querySelector(`[data-testid="${testId}"]`)
const $$ = (testId: string): HTMLElement[] => Array.from(container!.querySelectorAll(`[data-testid="${testId}"]`))

async function click(el: HTMLElement | null): Promise<void> {
  expect(el).not.toBeNull()
  await act(async () => {
    el!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
  })
  await flush()
}

/** Sets a controlled input's value the way typing does (React listens to 'input'). */
async function type(el: HTMLElement | null, value: string): Promise<void> {
  expect(el).not.toBeNull()
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')!.set!
  await act(async () => {
    setter.call(el, value)
    el!.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
  })
  await flush()
}

async function keydown(el: HTMLElement | null, init: KeyboardEventInit & { keyCode?: number }): Promise<boolean> {
  let notCancelled = true
  await act(async () => {
    const ev = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
    if (init.keyCode !== undefined) Object.defineProperty(ev, 'keyCode', { value: init.keyCode })
    notCancelled = el!.dispatchEvent(ev)
  })
  await flush()
  return notCancelled
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

describe('onboarding', () => {
  it('is shown when no provider exists, with every preset', async () => {
    await mount({ providers: [] })
    expect($('onboarding')).not.toBeNull()
    for (const id of ['openai', 'azure', 'deepseek', 'qwen', 'openrouter', 'ollama', 'lmstudio', 'custom']) {
      expect($(`preset-${id}`), id).not.toBeNull()
    }
    expect(($('provider-base-url') as HTMLInputElement).value).toBe('https://api.openai.com/v1')
    expect(($('provider-model') as HTMLInputElement).value).toBe('gpt-4o')
    expect(($('provider-api-key') as HTMLInputElement).type).toBe('password')
  })

  it('checks the base URL inline and hides the key for keyless presets', async () => {
    await mount({ providers: [] })
    // A bare host is completed (https:// for a remote one); only another scheme is refused.
    await type($('provider-base-url'), 'api.example.com')
    expect(container!.textContent).not.toContain('The URL must start with http:// or https://.')
    await type($('provider-base-url'), 'ftp://api.example.com')
    expect(container!.textContent).toContain('The URL must start with http:// or https://.')
    await click($('preset-ollama'))
    expect($('provider-api-key')).toBeNull()
    expect(($('provider-base-url') as HTMLInputElement).value).toBe('http://127.0.0.1:11434/v1')
    await click($('preset-azure'))
    expect($('provider-api-version')).not.toBeNull()
  })

  it('shows the translated error and the provider’s words when the test fails', async () => {
    const t = await mount({ providers: [] })
    t.api.providers.test.mockRejectedValueOnce(new AppError({ code: 'auth', detail: 'Incorrect API key provided', status: 401 }))
    await type($('provider-api-key'), 'sk-wrong')
    await click($('test-connection'))
    const result = $('connection-result')!
    expect(result.dataset.ok).toBe('false')
    // In the form itself the message points at the field above, not "in Settings".
    expect(result.textContent).toContain('Check the key above')
    expect(result.textContent).not.toContain('in Settings')
    expect(result.textContent).toContain('Incorrect API key provided')
    expect(t.api.providers.test).toHaveBeenCalledWith(expect.objectContaining({ apiKey: 'sk-wrong', baseURL: 'https://api.openai.com/v1' }))
    await click($('test-connection'))
    expect($('connection-result')!.textContent).toContain('2 models available')
  })

  it('offers a detected Ollama with its models', async () => {
    const fakeOllama = { found: true, baseURL: 'http://127.0.0.1:11434/v1', models: ['qwen2.5:7b', 'llama3.2:latest'] }
    const t = await mount({ providers: [] })
    // detection runs on open: remount with it answering "found"
    await act(async () => root!.unmount())
    container!.remove()
    t.api.providers.detectOllama.mockResolvedValue(fakeOllama)
    container = document.createElement('div')
    document.body.appendChild(container)
    root = createRoot(container)
    await act(async () => {
      root!.render(
        <ControllerContext.Provider value={t.controller}>
          <App />
        </ControllerContext.Provider>
      )
    })
    await flush()
    expect($('ollama-detected')!.textContent).toContain('2 models')
    await click($('use-ollama'))
    expect(($('provider-base-url') as HTMLInputElement).value).toBe('http://127.0.0.1:11434/v1')
    expect(($('provider-model') as HTMLInputElement).value).toBe('qwen2.5:7b')
    expect($('preset-ollama')!.getAttribute('aria-pressed')).toBe('true')
  })

  it('warns when keys cannot be stored securely and opts in only when ticked', async () => {
    const t = await mount({ providers: [], keyring: 'unavailable' })
    expect($('keyring-warning')).not.toBeNull()
    const box = $('allow-plaintext') as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(t.api.settings.update).not.toHaveBeenCalled()
    await click(box)
    expect(t.api.settings.update).toHaveBeenCalledWith({ allowPlaintextSecrets: true })
  })
})

describe('chat', () => {
  const history = {
    conversations: [conv('c1', 5)],
    messages: {
      c1: [
        { id: 'm1', conversationId: 'c1', role: 'user' as const, parts: [{ type: 'text' as const, text: 'x'.repeat(10_000) }], status: 'complete' as const, createdAt: 1, updatedAt: 1 },
        { id: 'm2', conversationId: 'c1', role: 'assistant' as const, parts: [{ type: 'text' as const, text: 'Short answer' }], model: 'gpt-4o', status: 'complete' as const, createdAt: 2, updatedAt: 2 }
      ]
    }
  }

  it('opens the most recent conversation and collapses a very long user message', async () => {
    await mount(history)
    const msgs = $$('message')
    expect(msgs.map((m) => [m.dataset.role, m.dataset.status, m.dataset.messageId])).toEqual([
      ['user', 'complete', 'm1'],
      ['assistant', 'complete', 'm2']
    ])
    expect(msgs[0].textContent!.length).toBeLessThan(2_000)
    // 10,000 characters is a paste the composer made a chip of: shown as one, "Show more" opens it.
    await click($('sent-paste-more'))
    expect($$('message')[0].textContent!.length).toBeGreaterThan(10_000)
    expect($('message-model')!.textContent).toBe('gpt-4o')
    expect($('regenerate')).not.toBeNull()
    expect($('edit-message')).not.toBeNull()
    expect($$('conversation-item')[0].getAttribute('aria-current')).toBe('page')
  })

  it('never sends on Enter during IME composition; Enter sends; Shift+Enter does not', async () => {
    const t = await mount(history)
    const composer = $('composer') as HTMLTextAreaElement
    expect(($('send') as HTMLButtonElement).disabled).toBe(true)
    await type(composer, '   ')
    expect(($('send') as HTMLButtonElement).disabled).toBe(true)
    await type(composer, '你好')
    expect(($('send') as HTMLButtonElement).disabled).toBe(false)
    expect(await keydown(composer, { key: 'Enter', isComposing: true, keyCode: 229 })).toBe(true)
    expect(await keydown(composer, { key: 'Enter', keyCode: 229 })).toBe(true)
    expect(await keydown(composer, { key: 'Enter', shiftKey: true, keyCode: 13 })).toBe(true)
    expect(t.api.chat.send).not.toHaveBeenCalled()
    expect(await keydown(composer, { key: 'Enter', keyCode: 13 })).toBe(false)
    expect(t.api.chat.send).toHaveBeenCalledWith({ conversationId: 'c1', text: '你好' })
    expect(composer.value).toBe('')
  })

  it('streams an answer with Stop, then shows an error panel with Retry', async () => {
    const t = await mount(history)
    await type($('composer'), 'Tell me')
    await click($('send'))
    expect($('stop')).not.toBeNull()
    expect($('send')).toBeNull()
    await act(async () => {
      t.emit({ kind: 'started', streamId: 's1', conversationId: 'c1', messageId: 'a1', model: 'gpt-4o' })
      t.emit({ kind: 'delta', streamId: 's1', conversationId: 'c1', messageId: 'a1', text: 'Partial **answ' })
    })
    await flush()
    const last = $$('message').at(-1)!
    expect(last.dataset.status).toBe('streaming')
    expect(last.textContent).toContain('Partial')
    await click($('stop'))
    expect(t.api.chat.stop).toHaveBeenCalledWith({ streamId: 's1' })
    await act(async () => {
      t.emit({ kind: 'done', streamId: 's1', conversationId: 'c1', messageId: 'a1', status: 'error', error: { code: 'auth', detail: 'Incorrect API key' } })
    })
    await flush()
    // main stored the outcome; the done event made the renderer re-read it
    const stored = t.messages.c1.at(-1)!
    Object.assign(stored, { parts: [{ type: 'text', text: 'Partial **answ' }], status: 'error', error: { code: 'auth', detail: 'Incorrect API key' } })
    await act(async () => {
      await t.controller.conversations.reloadActive()
    })
    await flush()
    const panel = $('error-panel')!
    expect(panel.textContent).toContain('check your API key')
    expect(panel.textContent).toContain('Incorrect API key')
    expect($$('message').at(-1)!.textContent).toContain('Partial')
    expect($('send')).not.toBeNull()
    await click($('retry'))
    expect(t.api.chat.regenerate).toHaveBeenCalledWith({ conversationId: 'c1' })
  })

  it('shows the fallback notice and the model that answered', async () => {
    const t = await mount(history)
    await type($('composer'), 'q')
    await click($('send'))
    await act(async () => {
      t.emit({ kind: 'started', streamId: 's1', conversationId: 'c1', messageId: 'a1', model: 'gpt-4o' })
      t.emit({ kind: 'fallback', streamId: 's1', conversationId: 'c1', messageId: 'a1', model: 'gpt-4o-mini', fallback: { requestedModel: 'gpt-4o', reason: 'rate_limit' } })
      t.emit({ kind: 'delta', streamId: 's1', conversationId: 'c1', messageId: 'a1', text: 'Hi' })
    })
    await flush()
    expect($('fallback-notice')!.textContent).toBe('gpt-4o is rate-limited — answered by gpt-4o-mini')
  })

  it('keeps a 1 MB paste as a chip and sends it appended', async () => {
    const t = await mount(history)
    const composer = $('composer') as HTMLTextAreaElement
    const big = 'y'.repeat(1_000_000)
    await act(async () => {
      const ev = new Event('paste', { bubbles: true, cancelable: true })
      Object.defineProperty(ev, 'clipboardData', { value: { getData: (type: string) => (type === 'text/plain' ? big : '') } })
      composer.dispatchEvent(ev)
    })
    await flush()
    expect(composer.value).toBe('')
    expect($('paste-chip')!.textContent).toContain('Pasted text · 1.0 MB')
    await click($('paste-chip-toggle'))
    expect($('paste-chip')!.textContent!.length).toBeLessThan(5_000)
    await type(composer, 'Summarise:')
    await click($('send'))
    expect(t.api.chat.send).toHaveBeenCalledWith({ conversationId: 'c1', text: `Summarise:\n\n${big}` })
    expect($('paste-chip')).toBeNull()
  })

  it('switches the whole UI to Chinese at once', async () => {
    const t = await mount(history)
    expect($('new-chat')!.textContent).toContain('New chat')
    await click($('settings-open'))
    expect($('settings')).not.toBeNull()
    expect($('settings-data-dir')!.textContent).toBe('/home/me/.config/Omnidesk')
    expect($('settings-version')!.textContent).toBe('9.9.9')
    await type($('settings-language'), 'zh-CN')
    expect(t.api.settings.update).toHaveBeenCalledWith({ language: 'zh-CN' })
    expect($('new-chat')!.textContent).toContain('新对话')
    expect($('settings')!.textContent).toContain('设置')
    expect(document.documentElement.lang).toBe('zh-CN')
    await type($('settings-theme'), 'dark')
    expect(document.documentElement.dataset.theme).toBe('dark')
  })
})
