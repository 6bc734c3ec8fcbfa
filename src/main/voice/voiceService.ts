/**
 * The `voice` namespace of the contract: starts and ends voice sessions (realtime or pipeline),
 * mute, push-to-talk, voices, microphone permission. Sessions live in main; the renderer only
 * moves audio over the session's audio link.
 */
import { AppError } from '../../shared/errors'
import type { VoiceProbe } from './probe'
import { VOICE_MAIN_CONFIG } from './config'
import { randomUUID } from 'node:crypto'
import type OpenAI from 'openai'
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import type { Settings } from '../../shared/settings'
import type { VoicePreset } from '../../shared/voice/schemas'
import { sentContext } from '../chat/contextLimit'
import { toChatError } from '../providers/errors'
import type { ProviderResolver } from '../providers/types'
import type { ConversationStore } from '../store/types'
import type { AudioLinkPort, MicPermissionPort } from './audioLink'
import { PipelineVoiceSession } from './pipelineSession'
import { openRealtimeConnection, type RealtimeConnection } from './realtimeConnection'
import { RealtimeVoiceSession } from './realtimeSession'
import { LIVE_TRANSLATION_INSTRUCTIONS, voiceInstructions } from './prompts'

/** The voices of OpenAI's realtime and speech models (there is no API listing them). */
export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar']

function isAuthFailure(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status
  return status === 401 || status === 403
}

export interface VoiceServiceDeps {
  store: ConversationStore
  providers: ProviderResolver
  settings: () => Settings
  emit: EmitEvent
  audioLinks?: AudioLinkPort
  mic?: MicPermissionPort
  log: (message: string, error?: unknown) => void
  /** Tests and benches may replace how the realtime socket is opened. */
  connect?: (client: OpenAI, model: string) => Promise<RealtimeConnection>
  /** How long the renderer has to connect the audio link. */
  linkTimeoutMs?: number
  /** A timing observer per realtime session (the voice bench, tests); absent in the app. */
  probe?: (sessionId: string) => VoiceProbe
}

interface LiveSession {
  setMuted(muted: boolean): void
  pushToTalk(pressed: boolean): Promise<void>
  stop(): void
}

export interface VoiceService {
  handlers: ContractHandlers['voice']
  /** Open sessions (tests, benches). */
  sessions: Map<string, RealtimeVoiceSession | PipelineVoiceSession>
  stopAll(): void
}

export function createVoiceService(deps: VoiceServiceDeps): VoiceService {
  const sessions = new Map<string, RealtimeVoiceSession | PipelineVoiceSession>()
  const emitVoice = (event: Parameters<EmitEvent>[1] & object) => deps.emit('voice:onEvent', event as never)

  const live = (sessionId: string): LiveSession => {
    const session = sessions.get(sessionId)
    if (!session) throw new AppError({ code: 'not_found', detail: 'That voice session has ended.' })
    return session
  }

  const handlers: ContractHandlers['voice'] = {
    start: async (req) => {
      if (!deps.audioLinks) throw new Error('Voice is not available in this window.')
      const settings = deps.settings()
      let mode = req.mode ?? settings.voiceMode
      const preset = req.preset ?? 'default'
      let conversation = req.conversationId ? await deps.store.getConversation(req.conversationId) : undefined
      if (req.conversationId && !conversation) throw new AppError({ code: 'not_found', detail: 'That conversation no longer exists.' })
      const resolved = deps.providers.resolve(req.providerId ?? conversation?.providerId)
      if (!conversation) {
        conversation = await deps.store.createConversation({
          title: preset === 'live-translation' ? 'Live translation' : 'Voice conversation',
          providerId: resolved.provider.id,
          model: resolved.provider.defaultModel
        })
        deps.emit('conversations:onChanged', { conversationId: conversation.id })
      }
      const conversationId = conversation.id
      // What chat sends, voice sends: the oldest turns the user left out stay out.
      const history = sentContext(await deps.store.listMessages(conversationId), conversation.contextFrom)
      const sessionId = randomUUID()
      const voice = req.voice ?? settings.voiceName
      const instructions = voiceInstructions(preset, settings.voiceInstructions)
      const pushToTalk = req.pushToTalk ?? settings.voicePushToTalk

      const abort = new AbortController()
      const timer = setTimeout(() => abort.abort(), deps.linkTimeoutMs ?? VOICE_MAIN_CONFIG.linkTimeoutMs)
      const window = req.window ?? 'main'
      const linkOpened = deps.audioLinks.open(sessionId, { signal: abort.signal, window })
      // Tell the renderer to connect the session's audio link (the harness bridge of that window's page opens its socket).
      emitVoice({ kind: 'link', sessionId, window })
      const connOpened =
        mode === 'realtime'
          ? (deps.connect ?? ((client, model) => openRealtimeConnection(client, model)))(resolved.client, settings.voiceRealtimeModel)
          : Promise.resolve(undefined)
      const [linkResult, settledConn] = await Promise.allSettled([linkOpened, connOpened])
      clearTimeout(timer)
      let connResult = settledConn
      if (mode === 'realtime' && connResult.status === 'rejected' && !isAuthFailure(connResult.reason) && linkResult.status === 'fulfilled') {
        // A provider without a realtime endpoint (refused upgrade, 404, no TLS): the pipeline
        // (transcription → chat → speech) over its ordinary HTTP API.
        deps.log('realtime unavailable, using the voice pipeline', connResult.reason)
        mode = 'pipeline'
        connResult = { status: 'fulfilled', value: undefined }
      }
      if (linkResult.status === 'rejected' || connResult.status === 'rejected') {
        if (linkResult.status === 'fulfilled') linkResult.value.close()
        if (connResult.status === 'fulfilled') connResult.value?.close()
        const error = linkResult.status === 'rejected' ? linkResult.reason : (connResult as PromiseRejectedResult).reason
        deps.log('voice session could not start', error)
        const info = toChatError(error)
        throw Object.assign(new Error(info.detail ?? 'The voice session could not start.'), { code: `voice-${info.code}` })
      }
      const link = linkResult.value
      const emit = (event: Parameters<typeof emitVoice>[0]) => emitVoice(event)
      if (mode === 'realtime') {
        const session = new RealtimeVoiceSession(
          { sessionId, conversationId, link, store: deps.store, emit, log: deps.log, history, probe: deps.probe?.(sessionId) },
          connResult.value as RealtimeConnection,
          {
            instructions,
            voice,
            turnDetection: settings.voiceTurnDetection,
            silenceMs: settings.voiceSilenceMs,
            transcribeModel: settings.voiceTranscribeModel,
            pushToTalk
          }
        )
        session.onEnded(() => sessions.delete(sessionId))
        sessions.set(sessionId, session)
        session.start()
      } else {
        const session = new PipelineVoiceSession(
          { sessionId, conversationId, client: resolved.client, link, store: deps.store, emit, log: deps.log },
          {
            chatModel: conversation.model ?? resolved.provider.defaultModel,
            transcribeModel: settings.voiceTranscribeModel,
            speechModel: settings.voiceSpeechModel,
            voice,
            instructions: preset === 'live-translation' ? LIVE_TRANSLATION_INSTRUCTIONS : (settings.voiceInstructions ?? '')
          }
        )
        session.onEnded(() => sessions.delete(sessionId))
        sessions.set(sessionId, session)
        session.start()
      }
      return { sessionId, conversationId, mode, measure: mode === 'realtime' && deps.probe !== undefined }
    },
    stop: ({ sessionId }) => {
      sessions.get(sessionId)?.stop()
      return { ok: true as const }
    },
    setMuted: ({ sessionId, muted }) => {
      live(sessionId).setMuted(muted)
      return { ok: true as const }
    },
    pushToTalk: async ({ sessionId, pressed }) => {
      await live(sessionId).pushToTalk(pressed)
      return { ok: true as const }
    },
    voices: () => OPENAI_VOICES,
    micAccess: async ({ ask }) => {
      if (!deps.mic) return { status: 'unknown' as const }
      let status = deps.mic.status()
      if (ask && status === 'not-determined') status = (await deps.mic.ask()) ? 'granted' : 'denied'
      return { status }
    }
  }

  return {
    handlers,
    sessions,
    stopAll() {
      for (const session of [...sessions.values()]) session.stop()
    }
  }
}
