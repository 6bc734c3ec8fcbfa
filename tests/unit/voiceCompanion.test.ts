/**
 * Voice mode in the companion (CompanionModel, no DOM): while a voice session is open, the
 * conversation on screen stays the session's — a show from the hotkey does not switch it and
 * Cmd/Ctrl+N does not start another — so "Open in main window" hands over the one holding the
 * voice messages.
 */
import { describe, expect, it } from 'vitest'
import { scriptedApi, type ScriptedHandlers } from '../support/scriptedApi'
import { Settings } from '../../src/shared/settings'
import type { Conversation } from '../../src/shared/domain'
import { CompanionModel } from '../../src/renderer/src/companion/model'
import { AppController } from '../../src/renderer/src/state/controller'

const conv = (id: string, updatedAt: number): Conversation => ({ id, title: id, titleIsAuto: true, createdAt: updatedAt, updatedAt })

function fakeMain(conversations: Conversation[]) {
  const handlers: ScriptedHandlers = {
    'app:info': () => ({ version: '0', platform: 'darwin', systemLocale: 'en', systemDark: false, dataDir: '/d', keyring: 'available', startupNotices: [] }),
    'settings:get': () => Settings.parse({}),
    'providers:list': () => [{ id: 'p', presetId: 'openai', name: 'P', baseURL: 'https://x/v1', defaultModel: 'm', hasKey: true }],
    'providers:models': () => [],
    'conversations:list': () => ({ conversations, next: null }),
    'conversations:get': ({ id }: { id: string }) => ({ conversation: conversations.find((c) => c.id === id) ?? conv(id, 1), messages: [] }),
    'companion:state': () => ({ visible: false, pinned: false, showId: 0 })
  }
  return scriptedApi(handlers)
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0))
}

function setup(conversations: Conversation[]) {
  const main = fakeMain(conversations)
  const controller = new AppController({ api: main.api, schedule: (cb) => void setTimeout(cb, 0) })
  const model = new CompanionModel({ api: main.api, controller, frame: (cb) => void setTimeout(cb, 0), now: () => 0, ready: controller.start() })
  model.start()
  return { main, controller, model }
}

const show = (showId: number, conversationId: string | null) => ({ showId, conversationId, pinned: false, maxHeight: 600, source: 'shortcut' })

describe('companion voice mode', () => {
  it('a show while voice is open keeps the voice conversation (main says so is the companion’s)', async () => {
    const { main, controller, model } = setup([conv('voice-conv', 9), conv('other', 5)])
    main.emit('companion:onShown', show(1, 'voice-conv'))
    await settle()
    expect(controller.store.get().activeId).toBe('voice-conv')
    model.setVoice(true)
    // Hidden and shown again: the continue rule would pick another conversation (or none).
    main.emit('companion:onShown', show(2, null))
    await settle()
    expect(controller.store.get().activeId).toBe('voice-conv')
    main.emit('companion:onShown', show(3, 'other'))
    await settle()
    expect(controller.store.get().activeId).toBe('voice-conv')
    expect(model.store.get()).toMatchObject({ visible: true, showId: 3, voice: true })
    // Voice closed: shows apply their decision again.
    model.setVoice(false)
    main.emit('companion:onShown', show(4, 'other'))
    await settle()
    expect(controller.store.get().activeId).toBe('other')
    expect(main.of('companion:setConversation').at(-1)).toEqual({ conversationId: 'other' })
  })

  it('new chat waits until voice mode is closed; the session’s conversation is the one opened in main', async () => {
    const { main, controller, model } = setup([conv('voice-conv', 9)])
    main.emit('companion:onShown', show(1, null))
    await settle()
    model.setVoice(true)
    // The voice view opens the conversation the session started (the controller's openConversation).
    await controller.conversations.open('voice-conv')
    await settle()
    expect(main.of('companion:setConversation').at(-1)).toEqual({ conversationId: 'voice-conv' })
    model.newChat()
    expect(controller.store.get().activeId).toBe('voice-conv')
    model.openInMain()
    await settle()
    expect(main.of('companion:openInMain')).toEqual([{ conversationId: 'voice-conv' }])
    model.setVoice(false)
    model.newChat()
    expect(controller.store.get().activeId).toBeNull()
  })
})
