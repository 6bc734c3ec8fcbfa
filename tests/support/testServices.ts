/**
 * The real main-process services in a temp folder, with the local fake provider saved as the
 * default provider, and a way to send a message and wait for its answer: what the feature tests
 * that drive services (memory, assistants) share.
 */
import path from 'node:path'
import { createMainServices, type MainServices } from '../../src/main/services'
import { createJsonFilePreferences } from '../../src/main/store/jsonFilePreferences'
import { createNodeSecretCipher } from '../../src/main/store/nodeSecretCipher'
import type { Message } from '../../src/shared/domain'
import type { ChatEvent, EmitEvent, EventName, EventPayload } from '../../src/shared/ipc/contract'
import type { AudioLinkPort } from '../../src/main/voice/audioLink'
import type { FakeProvider } from './fakeProvider'

export interface TestServices {
  services: MainServices
  providerId: string
  /** Sends (a new conversation unless given one) and resolves once the answer has ended. */
  ask(text: string, extra?: { conversationId?: string; temporary?: boolean; assistantId?: string }): Promise<{ conversationId: string; answer: Message }>
}

/**
 * Services over `<root>/data` (the same folder again after a restart). `onEvent` sees every
 * event main emits; the provider is saved once (found again by name after a restart).
 */
export async function startTestServices(opts: {
  root: string
  provider: Pick<FakeProvider, 'baseURL'>
  /** The key saved with the provider (a fake provider started with one wants it). */
  apiKey?: string
  /** Voice sessions' audio links (the renderer's side of voice). */
  audioLinks?: AudioLinkPort
  onEvent?: <E extends EventName>(event: E, payload: EventPayload<E>) => void
}): Promise<TestServices> {
  const dataDir = path.join(opts.root, 'data')
  const finished = new Set<string>()
  const waiting = new Map<string, () => void>()
  const emit: EmitEvent = (event, payload) => {
    opts.onEvent?.(event, payload)
    if (event !== 'chat:onEvent') return
    const e = payload as ChatEvent
    if (e.kind === 'done') {
      finished.add(e.streamId)
      waiting.get(e.streamId)?.()
    }
  }
  const services = await createMainServices({
    dataDir,
    preferencesPort: createJsonFilePreferences(path.join(dataDir, 'preferences.json')),
    secretCipher: createNodeSecretCipher({ dir: dataDir, available: true }),
    app: {
      version: '0.0.0-test',
      platform: process.platform,
      systemLocale: () => 'en-US',
      systemDark: () => false,
      openExternal: async () => undefined,
      setLaunchAtLogin: () => undefined,
      relaunch: () => undefined
    },
    emit,
    windowReady: () => undefined,
    clientOptions: { maxRetries: 0, timeoutMs: 20_000 },
    partialWriteIntervalMs: 20,
    ...(opts.audioLinks ? { audioLinks: opts.audioLinks } : {}),
    log: () => undefined
  })
  const known = (await services.handlers.providers.list()).find((p) => p.name === 'Local')
  const providerId = (
    known ?? (await services.handlers.providers.save({ presetId: 'custom', name: 'Local', baseURL: opts.provider.baseURL, apiKey: opts.apiKey ?? 'sk-services-test', defaultModel: 'gpt-4o' }))
  ).id
  return {
    services,
    providerId,
    async ask(text, extra = {}) {
      const started = await services.handlers.chat.send({ text, providerId, ...extra })
      if (!finished.has(started.streamId)) await new Promise<void>((resolve) => waiting.set(started.streamId, resolve))
      const { messages } = await services.handlers.conversations.get({ id: started.conversationId })
      return { conversationId: started.conversationId, answer: messages.find((m) => m.id === started.assistantMessageId) as Message }
    }
  }
}
