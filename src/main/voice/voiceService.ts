/**
 * The `voice` namespace of the contract: starts and ends voice sessions (realtime or pipeline),
 * mute, push-to-talk, voices, microphone permission. Sessions live in main; the renderer only
 * moves audio over the session's audio link. A session talks with an assistant when it has one
 * (assistants.ts): its voice, its voice instructions.
 */
import { AppError } from '../../shared/errors'
import type { VoiceProbe } from './probe'
import { VOICE_MAIN_CONFIG } from './config'
import { randomUUID } from 'node:crypto'
import type OpenAI from 'openai'
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import type { Settings } from '../../shared/settings'
import type { VoiceSharing, VoiceWindow } from '../../shared/voice/schemas'
import { sentContext } from '../chat/contextLimit'
import { toChatError } from '../providers/errors'
import type { ProviderResolver } from '../providers/types'
import type { ConversationStore } from '../store/types'
import type { AudioLinkPort, MicPermissionPort } from './audioLink'
import { PipelineVoiceSession, wavFromPcm16 } from './pipelineSession'
import { toFile } from 'openai'
import { openRealtimeConnection, type RealtimeConnection } from './realtimeConnection'
import { RealtimeVoiceSession } from './realtimeSession'
import { assistantVoiceExtra, voiceInstructions } from './prompts'
import { sessionAssistant, voiceAssistantFor, type VoiceAssistant, type VoiceAssistantsPort } from './assistants'
import { createReadAloud } from './readAloud'

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
  /** The user's assistants (a session talks with its conversation's); absent: sessions have none. */
  assistants?: VoiceAssistantsPort
  /** The UI's language (a library assistant is added in it); default Settings.language, else English. */
  language?: () => 'en' | 'zh-CN'
  /** Screen sharing: the live media source of a display or window (Electron: desktopCapturer). Absent: no screen sharing. */
  shareScreen?: { mediaSourceId(target: { kind: 'display' | 'window'; id: string }): Promise<string | undefined> }
  /** The camera (and screen) permission of a window: granted only while it shares. */
  videoAccess?: { setAllowed(window: VoiceWindow, allowed: boolean): void }
  /** Which sessions share now (the tray shows "Stop sharing" while any does). */
  onSharingChanged?: (sharing: ReadonlyArray<{ sessionId: string; sharing: VoiceSharing }>) => void
}

interface LiveSession {
  setMuted(muted: boolean): void
  pushToTalk(pressed: boolean): Promise<void>
  stop(): void
  addFrame(image: string): void
  setSharing(sharing: boolean): void
}

export interface VoiceService {
  handlers: ContractHandlers['voice']
  /** The tray's "Stop sharing": every session's page is asked to stop its stream. */
  stopSharing(): void
  /** Open sessions (tests, benches). */
  sessions: Map<string, RealtimeVoiceSession | PipelineVoiceSession>
  stopAll(): void
}

export function createVoiceService(deps: VoiceServiceDeps): VoiceService {
  const sessions = new Map<string, RealtimeVoiceSession | PipelineVoiceSession>()
  const language = deps.language ?? (() => deps.settings().language ?? 'en')
  // A library assistant is added once, even when two starts ask for it at the same moment.
  const adding = new Map<string, Promise<VoiceAssistant>>()
  const assistants = deps.assistants
  const assistantsPort: VoiceAssistantsPort | undefined = assistants && {
    get: (id) => assistants.get(id),
    list: () => assistants.list(),
    addFromLibrary: (req) => {
      const running = adding.get(req.builtinId)
      if (running) return running
      const added = assistants.addFromLibrary(req).finally(() => adding.delete(req.builtinId))
      adding.set(req.builtinId, added)
      return added
    }
  }
  const emitVoice = (event: Parameters<EmitEvent>[1] & object) => deps.emit('voice:onEvent', event as never)
  const readAloud = createReadAloud({ store: deps.store, providers: deps.providers, settings: deps.settings, log: deps.log })

  // What each session shares, and from which window (the camera permission is that window's).
  const sharing = new Map<string, { window: VoiceWindow; sharing: VoiceSharing }>()
  const sessionWindows = new Map<string, VoiceWindow>()
  const setSharing = (sessionId: string, next: VoiceSharing | null): void => {
    const window = sessionWindows.get(sessionId) ?? 'main'
    const was = sharing.get(sessionId)
    if (next) sharing.set(sessionId, { window, sharing: next })
    else sharing.delete(sessionId)
    deps.videoAccess?.setAllowed(window, [...sharing.values()].some((s) => s.window === window))
    if (!was && !next) return
    emitVoice({ kind: 'sharing', sessionId, sharing: next })
    deps.onSharingChanged?.([...sharing].map(([id, s]) => ({ sessionId: id, sharing: s.sharing })))
  }
  const sessionEnded = (sessionId: string): void => {
    sessions.delete(sessionId)
    setSharing(sessionId, null)
    sessionWindows.delete(sessionId)
  }

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
      let conversation = req.conversationId ? await deps.store.getConversation(req.conversationId) : undefined
      if (req.conversationId && !conversation) throw new AppError({ code: 'not_found', detail: 'That conversation no longer exists.' })
      const assistant = await voiceAssistantFor(assistantsPort, { conversation, assistantId: req.assistantId, builtinAssistantId: req.builtinAssistantId }, language)
      // A new conversation: an assistant's own provider and model answer it, as in chat.
      const resolved = deps.providers.resolve(req.providerId ?? conversation?.providerId ?? assistant?.providerId)
      if (!conversation) {
        conversation = await deps.store.createConversation({
          title: assistant?.name ?? 'Voice conversation',
          providerId: resolved.provider.id,
          model: assistant?.model && (assistant.providerId ?? resolved.provider.id) === resolved.provider.id ? assistant.model : resolved.provider.defaultModel,
          assistantId: assistant?.id
        })
        deps.emit('conversations:onChanged', { conversationId: conversation.id })
      }
      const conversationId = conversation.id
      // What chat sends, voice sends: the oldest turns the user left out stay out.
      const history = sentContext(await deps.store.listMessages(conversationId), conversation.contextFrom)
      const sessionId = randomUUID()
      const voice = assistant?.voice ?? req.voice ?? settings.voiceName
      const instructions = voiceInstructions(assistant, settings.voiceInstructions)
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
      sessionWindows.set(sessionId, window)
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
        session.onEnded(() => sessionEnded(sessionId))
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
            instructions: assistantVoiceExtra(assistant, settings.voiceInstructions)
          }
        )
        session.onEnded(() => sessionEnded(sessionId))
        sessions.set(sessionId, session)
        session.start()
      }
      return {
        sessionId,
        conversationId,
        mode,
        ...(assistant ? { assistant: sessionAssistant(assistant) } : {}),
        measure: mode === 'realtime' && deps.probe !== undefined
      }
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
    readAloud: (req) => readAloud.start(req),
    readAloudAudio: async (req) => ({ pcm: Buffer.from(await readAloud.audio(req)).toString('base64') }),
    stopReading: (req) => {
      readAloud.stop(req)
      return { ok: true as const }
    },
    share: async ({ sessionId, sharing: next, target }) => {
      // Stopping after the session ended (its end stopped the sharing already): nothing to do.
      if (!next && !sessions.has(sessionId)) return {}
      const session = live(sessionId)
      let mediaSourceId: string | undefined
      if (next?.source === 'screen') {
        if (!deps.shareScreen) throw new AppError({ code: 'bad_request', detail: 'Screen sharing is not available here.' })
        if (!target) throw new AppError({ code: 'bad_request', detail: 'Pick a screen or a window to share.' })
        mediaSourceId = await deps.shareScreen.mediaSourceId(target)
        if (!mediaSourceId) throw new AppError({ code: 'not_found', detail: 'That screen or window is no longer available.' })
      }
      session.setSharing(next !== null)
      setSharing(sessionId, next)
      return mediaSourceId ? { mediaSourceId } : {}
    },
    shareFrame: ({ sessionId, image }) => {
      const session = live(sessionId)
      // A frame still on its way after Stop is dropped: nothing is shown once the user stopped.
      if (sharing.has(sessionId)) session.addFrame(image)
      return { ok: true as const }
    },
    transcribe: async ({ pcm, providerId }) => {
      const { client } = deps.providers.resolve(providerId)
      try {
        const wav = wavFromPcm16(Buffer.from(pcm, 'base64'))
        const result = await client.audio.transcriptions.create({ file: await toFile(wav, 'dictation.wav', { type: 'audio/wav' }), model: deps.settings().voiceTranscribeModel })
        return { text: result.text.trim() }
      } catch (error) {
        deps.log('dictation: transcription failed', error)
        throw new AppError(toChatError(error))
      }
    },
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
    stopSharing() {
      for (const sessionId of sharing.keys()) emitVoice({ kind: 'stopSharing', sessionId })
    },
    stopAll() {
      readAloud.stopAll()
      for (const session of [...sessions.values()]) session.stop()
    }
  }
}
