/**
 * The companion page's logic without a DOM: keys (Esc, Cmd/Ctrl+N, Up; never during an IME
 * composition), the clipboard context in the sent message, prompt recall, and the CompanionModel
 * over the real AppController and a fake `window.omnidesk` built from the contract (so every
 * channel exists and is typed). The Settings key recorder: shortcutField.test.ts.
 */
import { describe, expect, it, vi } from 'vitest'
import { scriptedApi, type ScriptedHandlers } from '../support/scriptedApi'
import { Settings } from '../../src/shared/settings'
import type { Conversation, Message } from '../../src/shared/domain'
import type { Assistant } from '../../src/shared/assistants/schemas'
import {
  companionKeyAction,
  fenceFor,
  promptToRecall,
  withClipboardContext,
  type KeyLike
} from '../../src/renderer/src/companion/logic'
import { CompanionModel } from '../../src/renderer/src/companion/model'
import { AppController } from '../../src/renderer/src/state/controller'

const key = (over: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...over
})

describe('companion keys', () => {
  const inComposer = { platform: 'darwin', inComposer: true, composerEmpty: true }
  it('Esc hides, but not while an IME composes', () => {
    expect(companionKeyAction(key({ key: 'Escape', code: 'Escape' }), inComposer)).toBe('hide')
    expect(companionKeyAction(key({ key: 'Escape', code: 'Escape', isComposing: true }), inComposer)).toBeNull()
    expect(companionKeyAction(key({ key: 'Process', code: 'Escape', keyCode: 229 }), inComposer)).toBeNull()
    expect(companionKeyAction(key({ key: 'Escape', shiftKey: true }), inComposer)).toBeNull()
  })

  it('Cmd+N on macOS, Ctrl+N elsewhere, starts a new conversation', () => {
    expect(companionKeyAction(key({ key: 'n', code: 'KeyN', metaKey: true }), inComposer)).toBe('new-chat')
    expect(companionKeyAction(key({ key: 'n', code: 'KeyN', ctrlKey: true }), inComposer)).toBeNull()
    const win = { ...inComposer, platform: 'win32' }
    expect(companionKeyAction(key({ key: 'n', code: 'KeyN', ctrlKey: true }), win)).toBe('new-chat')
    expect(companionKeyAction(key({ key: 'N', code: 'KeyN', ctrlKey: true, shiftKey: true }), win)).toBeNull()
  })

  it('Up recalls only in the empty composer', () => {
    expect(companionKeyAction(key({ key: 'ArrowUp', code: 'ArrowUp' }), inComposer)).toBe('recall')
    expect(companionKeyAction(key({ key: 'ArrowUp', code: 'ArrowUp' }), { ...inComposer, composerEmpty: false })).toBeNull()
    expect(companionKeyAction(key({ key: 'ArrowUp', code: 'ArrowUp' }), { ...inComposer, inComposer: false })).toBeNull()
    expect(companionKeyAction(key({ key: 'ArrowUp', code: 'ArrowUp', isComposing: true }), inComposer)).toBeNull()
  })

  it('recalls the companion’s last prompt, else the conversation’s last question', () => {
    expect(promptToRecall(['one', 'two'], 'older')).toBe('two')
    expect(promptToRecall([], 'older')).toBe('older')
    expect(promptToRecall([], '  ')).toBeUndefined()
  })
})

describe('clipboard context in the message', () => {
  it('is appended under a heading in a fence the text cannot close', () => {
    const clip = { text: 'const a = 1', source: 'clipboard' as const, truncated: false, originalLength: 11 }
    expect(withClipboardContext('What does this do?', clip)).toBe('What does this do?\n\nClipboard:\n```text\nconst a = 1\n```')
    const nasty = { ...clip, text: 'look ```` here' }
    expect(fenceFor(nasty.text)).toBe('`````')
    expect(withClipboardContext('q', nasty)).toContain('`````text\nlook ```` here\n`````')
    expect(withClipboardContext('q', { ...clip, source: 'selection' })).toContain('Selected text:')
  })

  it('is left out when the chip was removed, and alone it is the whole message', () => {
    expect(withClipboardContext('just this', null)).toBe('just this')
    expect(withClipboardContext('', { text: 'x', source: 'clipboard', truncated: false, originalLength: 1 })).toBe('Clipboard:\n```text\nx\n```')
  })
})

// ------------------------------------------------------------------ the model

function fakeMain(
  opts: { conversations?: Conversation[]; messages?: Record<string, Message[]>; clipboardContext?: boolean; assistantId?: string; assistants?: Assistant[] } = {}
) {
  const settings = Settings.parse({ companionClipboardContext: opts.clipboardContext ?? false, ...(opts.assistantId ? { companionAssistantId: opts.assistantId } : {}) })
  const conversations = opts.conversations ?? []
  const handlers: ScriptedHandlers = {
    'app:info': () => ({ version: '0', platform: 'darwin', systemLocale: 'en', systemDark: false, dataDir: '/d', keyring: 'available', startupNotices: [] }),
    'settings:get': () => settings,
    'providers:list': () => [{ id: 'p', presetId: 'openai', name: 'P', baseURL: 'https://x/v1', defaultModel: 'm', hasKey: true }],
    'providers:models': () => [],
    'conversations:list': () => ({ conversations, next: null }),
    'conversations:get': ({ id }: { id: string }) => ({
      conversation: conversations.find((c) => c.id === id) ?? { id, title: id, titleIsAuto: true, createdAt: 1, updatedAt: 1 },
      messages: opts.messages?.[id] ?? []
    }),
    'chat:send': ({ conversationId }: { conversationId?: string }) => ({
      streamId: 's1',
      conversationId: conversationId ?? 'new-conv',
      userMessageId: 'u1',
      assistantMessageId: 'a1'
    }),
    'assistants:list': () => opts.assistants ?? [],
    'companion:state': () => ({ visible: false, pinned: false, showId: 0 }),
    'companion:context': () => ({ clipboard: { text: 'copied', source: 'clipboard', truncated: false, originalLength: 6 } })
  }
  return scriptedApi(handlers)
}

const conv = (id: string, updatedAt: number): Conversation => ({ id, title: id, titleIsAuto: true, createdAt: updatedAt, updatedAt })
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0))
}

function model(main: ReturnType<typeof fakeMain>) {
  const frames: Array<() => void> = []
  let now = 100
  const controller = new AppController({ api: main.api, schedule: (cb) => void frames.push(cb) })
  const m = new CompanionModel({
    api: main.api,
    controller,
    frame: (cb) => void frames.push(cb),
    now: () => now,
    ready: controller.start()
  })
  m.start()
  return {
    m,
    controller,
    runFrames(advance = 0) {
      now += advance
      const batch = frames.splice(0)
      for (const f of batch) f()
    }
  }
}

describe('CompanionModel', () => {
  it('a show for a new conversation leaves the most recent one the controller opened, and says so to main', async () => {
    const main = fakeMain({ conversations: [conv('main-window-conv', 5)] })
    const { m, controller } = model(main)
    main.emit('companion:onShown', { showId: 1, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    expect(controller.store.get().activeId).toBeNull()
    expect(m.store.get()).toMatchObject({ visible: true, showId: 1, maxHeight: 600 })
    expect(main.of('companion:setConversation')).toEqual([{ conversationId: null }])
  })

  it('a show that continues a conversation opens it and focuses the input', async () => {
    const main = fakeMain({ conversations: [conv('newest', 9), conv('c1', 5)] })
    const { controller } = model(main)
    const tick = controller.store.get().composerFocusTick
    main.emit('companion:onShown', { showId: 1, conversationId: 'c1', pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    expect(controller.store.get().activeId).toBe('c1')
    expect(controller.store.get().composerFocusTick).toBeGreaterThan(tick)
    expect(main.of('companion:setConversation')).toEqual([{ conversationId: 'c1' }])
  })

  it('reports the first frame two animation frames after onShown', async () => {
    const main = fakeMain()
    const { runFrames } = model(main)
    main.emit('companion:onShown', { showId: 3, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    runFrames(5)
    expect(main.of('companion:reportShown')).toEqual([])
    runFrames(7)
    await settle()
    expect(main.of('companion:reportShown')).toEqual([{ showId: 3, rendererMs: 12 }])
  })

  it('clipboard chip: fetched on show when the setting is on, sent with the message, cleared after', async () => {
    const main = fakeMain({ clipboardContext: true })
    const { m } = model(main)
    main.emit('companion:onShown', { showId: 1, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    expect(m.store.get().clipboard?.text).toBe('copied')
    expect(await m.send('Explain')).toBe(true)
    expect(main.of('chat:send')).toEqual([{ text: 'Explain\n\nClipboard:\n```text\ncopied\n```' }])
    expect(m.store.get().clipboard).toBeNull()
    // The new conversation becomes the companion's.
    await settle()
    expect(main.of('companion:setConversation')).toContainEqual({ conversationId: 'new-conv' })
    // Up brings back what was typed, not the context.
    expect(m.recallPrompt()).toBe('Explain')
  })

  it('new chats talk to the assistant Settings → Companion names; `@` may pick none for one chat', async () => {
    const translator: Assistant = {
      id: 'a1',
      name: 'Translator',
      description: '',
      instructions: 'Translate.',
      starters: [],
      knowledge: [],
      capabilities: { web: false, data: false, memory: false, mcpServers: [] },
      createdAt: 1,
      updatedAt: 1
    }
    const main = fakeMain({ assistantId: 'a1', assistants: [translator] })
    const { m, controller } = model(main)
    main.emit('companion:onShown', { showId: 1, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    expect(controller.store.get().pendingAssistantId).toBe('a1')
    expect(await m.send('Bonjour')).toBe(true)
    expect(main.of('chat:send')).toEqual([{ text: 'Bonjour', assistantId: 'a1' }])

    // A new chat starts with it again; `@` → "No assistant" for this one only.
    m.newChat()
    expect(controller.store.get().pendingAssistantId).toBe('a1')
    await controller.assistants.choose(null)
    expect(await m.send('Plain')).toBe(true)
    expect(main.of('chat:send').at(-1)).toEqual({ text: 'Plain' })
    m.newChat()
    expect(controller.store.get().pendingAssistantId).toBe('a1')

    // The setting turned off: the untouched new chat follows.
    main.emit('settings:onChanged', Settings.parse({}))
    await settle()
    expect(controller.store.get().pendingAssistantId).toBeNull()
    // An assistant deleted since is never asked for.
    main.emit('settings:onChanged', Settings.parse({ companionAssistantId: 'gone' }))
    await settle()
    expect(controller.store.get().pendingAssistantId).toBeNull()
  })

  it('a removed chip is not sent; with the setting off nothing is read', async () => {
    const on = fakeMain({ clipboardContext: true })
    const a = model(on)
    on.emit('companion:onShown', { showId: 1, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    a.m.removeClipboard()
    await a.m.send('Plain question')
    expect(on.of('chat:send')).toEqual([{ text: 'Plain question' }])

    const off = fakeMain({ clipboardContext: false })
    model(off)
    off.emit('companion:onShown', { showId: 1, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    expect(off.of('companion:context')).toEqual([])
  })

  it('resizes at most once per frame, and only when the height changed', async () => {
    const main = fakeMain()
    const { m, runFrames } = model(main)
    m.resize(120.2)
    m.resize(180)
    m.resize(240.5)
    runFrames()
    m.resize(241)
    runFrames()
    await settle()
    expect(main.of('companion:resize')).toEqual([{ height: 241 }])
  })

  it('pin, hide and open in main window go to main', async () => {
    const main = fakeMain({ conversations: [conv('c1', 5)] })
    const { m } = model(main)
    main.emit('companion:onShown', { showId: 1, conversationId: 'c1', pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    m.togglePin()
    m.hide('escape')
    m.openInMain()
    await settle()
    expect(main.of('companion:setPinned')).toEqual([{ pinned: true }])
    expect(main.of('companion:hide')).toEqual([{ reason: 'escape' }])
    expect(main.of('companion:openInMain')).toEqual([{ conversationId: 'c1' }])
    expect(m.store.get().pinned).toBe(true)
  })

  it('an older show that resolves late does not override a newer one', async () => {
    const main = fakeMain({ conversations: [conv('newest', 9), conv('c1', 5)] })
    const { controller } = model(main)
    const spy = vi.spyOn(controller.conversations, 'open')
    main.emit('companion:onShown', { showId: 1, conversationId: 'c1', pinned: false, maxHeight: 600, source: 'shortcut' })
    main.emit('companion:onShown', { showId: 2, conversationId: null, pinned: false, maxHeight: 600, source: 'shortcut' })
    await settle()
    expect(spy).not.toHaveBeenCalledWith('c1')
    expect(controller.store.get().activeId).toBeNull()
  })
})
