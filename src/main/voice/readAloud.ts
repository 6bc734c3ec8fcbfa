/**
 * "Read aloud" on an answer (issue 18): its text as speech, sentence by sentence as in the voice
 * pipeline (markdown stripped, code skipped: `splitForSpeech`), through the provider's speech
 * endpoint with the voice and speech model chosen in Settings → Voice. The page asks for one
 * sentence's audio at a time, in order, and plays it in the voice player; main synthesises a
 * few sentences ahead so the next is ready when the current one ends. One reading at a time:
 * starting another (or stopping) cancels what is still being synthesised.
 */
import { randomUUID } from 'node:crypto'
import type OpenAI from 'openai'
import { AppError } from '../../shared/errors'
import { messageText } from '../../shared/domain'
import type { Settings } from '../../shared/settings'
import { toChatError } from '../providers/errors'
import type { ProviderResolver } from '../providers/types'
import type { ConversationStore } from '../store/types'
import { VOICE_MAIN_CONFIG } from './config'
import { splitForSpeech } from './sentences'

export interface ReadAloudDeps {
  store: ConversationStore
  providers: ProviderResolver
  settings: () => Settings
  log: (message: string, error?: unknown) => void
}

interface Reading {
  id: string
  client: OpenAI
  sentences: string[]
  audio: Map<number, Promise<ArrayBuffer>>
  controller: AbortController
}

export interface ReadAloud {
  /** Starts reading an answer: how many sentences it has (the first is already being synthesised). */
  start(req: { messageId: string }): Promise<{ readingId: string; sentences: string[] }>
  /** One sentence's speech: pcm16, 24 kHz, mono (what the voice player plays). */
  audio(req: { readingId: string; index: number }): Promise<ArrayBuffer>
  stop(req: { readingId: string }): void
  stopAll(): void
}

export function createReadAloud(deps: ReadAloudDeps): ReadAloud {
  let current: Reading | undefined

  const synthesise = (reading: Reading, index: number): Promise<ArrayBuffer> => {
    let audio = reading.audio.get(index)
    if (!audio) {
      const settings = deps.settings()
      audio = reading.client.audio.speech
        .create({ model: settings.voiceSpeechModel, voice: settings.voiceName, input: reading.sentences[index], response_format: 'pcm' }, { signal: reading.controller.signal })
        .then((res) => res.arrayBuffer())
      // Synthesised ahead and maybe never asked for (stopped first): its failure is not unhandled.
      audio.catch(() => undefined)
      reading.audio.set(index, audio)
    }
    return audio
  }

  const stopReading = (reading: Reading | undefined): void => {
    if (!reading) return
    reading.controller.abort()
    if (current === reading) current = undefined
  }

  return {
    async start({ messageId }) {
      const message = await deps.store.getMessage(messageId)
      if (!message) throw new AppError({ code: 'not_found', detail: 'That answer no longer exists.' })
      const sentences = splitForSpeech(messageText(message.parts))
      if (!sentences.length) throw new AppError({ code: 'bad_request', detail: 'This answer has no text to read aloud (only code or images).' })
      const conversation = await deps.store.getConversation(message.conversationId)
      const { client } = deps.providers.resolve(conversation?.providerId)
      stopReading(current)
      const reading: Reading = { id: randomUUID(), client, sentences, audio: new Map(), controller: new AbortController() }
      current = reading
      for (let i = 0; i < Math.min(sentences.length, VOICE_MAIN_CONFIG.readAloudAheadSentences + 1); i++) void synthesise(reading, i)
      return { readingId: reading.id, sentences }
    },
    async audio({ readingId, index }) {
      const reading = current?.id === readingId ? current : undefined
      if (!reading) throw new AppError({ code: 'not_found', detail: 'That reading has stopped.' })
      if (index < 0 || index >= reading.sentences.length) throw new AppError({ code: 'bad_request', detail: 'There is no such sentence.' })
      // Keep a few sentences ahead of the one being played.
      for (let i = index + 1; i <= Math.min(reading.sentences.length - 1, index + VOICE_MAIN_CONFIG.readAloudAheadSentences); i++) void synthesise(reading, i)
      try {
        return await synthesise(reading, index)
      } catch (error) {
        if (reading.controller.signal.aborted) throw new AppError({ code: 'not_found', detail: 'That reading has stopped.' })
        deps.log('read aloud: speech failed', error)
        stopReading(reading)
        throw new AppError(toChatError(error))
      }
    },
    stop({ readingId }) {
      if (current?.id === readingId) stopReading(current)
    },
    stopAll() {
      stopReading(current)
    }
  }
}
