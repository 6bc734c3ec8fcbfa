/**
 * Voice mode: the calm view a headphone button opens — phase (listening / you are speaking /
 * thinking / assistant speaking), a level indicator, mute, end, the live transcript, a voice
 * picker, "Live translation" and push-to-talk (hold Space). Transcripts land in the
 * conversation (main stores them); the host window shows that conversation as they do.
 *
 * A session talks with its conversation's assistant (or a new chat's pick): the view says "With
 * <name>" and shows the assistant's voice when it has one. "Live translation" is the library's
 * live interpreter: ticked, the view restarts in a conversation with it (the interpreter's own
 * conversation, so the chat it was opened on keeps its assistant); unticked, back to that chat.
 *
 * The view knows nothing of the window it lives in: the main window (a dialog over the chat,
 * `VoiceButton` below) and the companion (inline in its card, companion/CompanionVoice.tsx) pass
 * the few things it needs as `VoiceViewProps`.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../shared/settings'
import type { VoiceBuiltinAssistant, VoiceEvent, VoicePhase, VoiceSessionAssistant, VoiceWindow } from '../../../shared/voice/schemas'
import { api } from '../api'
import { IconHeadphones } from '../components/Icons'
import type { AppController } from '../state/controller'
import type { Assistant } from '../state/assistants'
import { useAppState, useController } from '../state/hooks'
import { VoiceClient, VoiceStartError, type ClientVadCounts, type ClientVadState, type VoiceFailure } from './voiceClient'
import './voice.css'
import { readAloudPlayer } from './readAloud'
import { ShareControls } from './share/ShareControls'

interface Line {
  itemId: string
  role: 'user' | 'assistant'
  text: string
  final: boolean
  truncated: boolean
}

type Status = 'starting' | 'active' | 'ended' | 'network-lost' | VoiceFailure

/** "Live translation": the library's live interpreter (src/shared/assistants/library.ts). */
const LIVE_TRANSLATOR: VoiceBuiltinAssistant = 'live-translator'

const PHASE_KEY = {
  connecting: 'voice.phase.connecting',
  listening: 'voice.phase.listening',
  'user-speaking': 'voice.phase.userSpeaking',
  thinking: 'voice.phase.thinking',
  'assistant-speaking': 'voice.phase.assistantSpeaking',
  ended: 'voice.phase.ended'
} as const satisfies Record<VoicePhase, string>

export type VoiceSettings = Pick<Settings, 'voiceName' | 'voicePushToTalk' | 'voiceAudioProcessing' | 'voiceSilenceMs'>

/** What a window gives the voice view. */
export interface VoiceViewProps {
  /** The window the view is in: main sends the session's audio link there. */
  window: VoiceWindow
  /** The conversation the session continues (its history is the context); none → main starts one. */
  conversationId?: string
  /** No conversation yet: the assistant the new one talks with (the main window's new chat may have one picked). */
  assistantId?: string
  /** The assistant of that conversation or pick, as far as the window knows it (shown until main says). */
  assistant?: VoiceSessionAssistant
  /** The current settings (undefined while loading). */
  settings: VoiceSettings | undefined
  updateSettings(patch: SettingsPatch): void
  /** The session is on this conversation, or a voice message just landed in it: show it. */
  showConversation(conversationId: string): void
  /** 'dialog': over the page (main window); 'inline': in the flow, so a window sized to its content grows with it (companion). */
  layout: 'dialog' | 'inline'
  onClose(): void
}

/** The props every window built on an AppController gives (main window and companion alike). */
export function useControllerVoiceProps(): Pick<VoiceViewProps, 'conversationId' | 'assistantId' | 'assistant' | 'settings' | 'updateSettings' | 'showConversation'> {
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const activeId = useAppState((s) => s.activeId)
  const pendingAssistantId = useAppState((s) => (s.activeId ? null : s.pendingAssistantId))
  // The chat's assistant: the open conversation's, or the new chat's pick (a window that does not
  // load the list — the companion — learns it from main's answer to voice.start).
  const known = useAppState((s): Assistant | undefined => {
    const active = s.activeId ? s.conversations.find((c) => c.id === s.activeId) : undefined
    const id = active ? active.assistantId : s.pendingAssistantId
    return id ? s.assistants.find((a) => a.id === id) : undefined
  })
  const assistant = useMemo(() => (known ? shownAssistant(known) : undefined), [known])
  const updateSettings = useCallback((patch: SettingsPatch) => void controller.settings.update(patch), [controller])
  const showConversation = useCallback((conversationId: string) => showInController(controller, conversationId), [controller])
  return { conversationId: activeId ?? undefined, assistantId: pendingAssistantId ?? undefined, assistant, settings: settings ?? undefined, updateSettings, showConversation }
}

function shownAssistant(a: Assistant): VoiceSessionAssistant {
  return { id: a.id, name: a.name, ...(a.voice ? { voice: a.voice } : {}), ...(a.builtinId ? { builtinId: a.builtinId } : {}) }
}

function showInController(controller: AppController, conversationId: string): void {
  if (controller.store.get().activeId === conversationId) void controller.conversations.reloadActive()
  else void controller.conversations.open(conversationId)
}

/** The headphone button of the main window's chat header; opens the voice view over the chat. */
export function VoiceButton(): ReactElement {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const voiceProps = useControllerVoiceProps()
  return (
    <>
      <button type="button" className="od-btn od-btn-ghost od-icon-btn od-voice-button" data-testid="voice-button" aria-label={t('voice.open')} title={t('voice.open')} onClick={() => setOpen(true)}>
        <IconHeadphones />
      </button>
      {open ? createPortal(<VoiceView {...voiceProps} window="main" layout="dialog" onClose={() => setOpen(false)} />, document.body) : null}
    </>
  )
}

const dbToPercent = (db: number): number => (Number.isFinite(db) ? Math.max(0, Math.min(100, ((db + 60) / 60) * 100)) : 0)

export function VoiceView(props: VoiceViewProps): ReactElement {
  const { t } = useTranslation()
  const { settings, updateSettings } = props
  const [status, setStatus] = useState<Status>('starting')
  const [detail, setDetail] = useState('')
  const [phase, setPhase] = useState<VoicePhase>('connecting')
  const [playing, setPlaying] = useState(false)
  const [muted, setMuted] = useState(false)
  const [levels, setLevels] = useState({ input: -Infinity, output: -Infinity })
  const [lines, setLines] = useState<Line[]>([])
  const [voices, setVoices] = useState<string[]>([])
  // The chat the view was opened on is itself with the interpreter: translating is all it does
  // (known from the window's state, or from main's answer where the window has no list).
  const [baseInterpreter, setBaseInterpreter] = useState(props.assistant?.builtinId === LIVE_TRANSLATOR)
  const [translation, setTranslation] = useState(baseInterpreter)
  const [assistant, setAssistant] = useState<VoiceSessionAssistant | undefined>(props.assistant)
  const [talking, setTalking] = useState(false)
  const [clientVad, setClientVad] = useState<{ state: ClientVadState } & ClientVadCounts>({ state: 'off', bargeIns: 0, heldAsEcho: 0 })
  const clientRef = useRef<VoiceClient | undefined>(undefined)
  const conversationRef = useRef<string | undefined>(props.conversationId)
  /** The chat the view was opened on (or the one its first start made). */
  const baseConversationRef = useRef<string | undefined>(props.conversationId)
  /** A new chat's pick, read once: after the first start the chat is a conversation with it. */
  const pickedAssistantRef = useRef<string | undefined>(props.assistantId)
  const baseInterpreterRef = useRef(baseInterpreter)
  /** The interpreter's conversation, once "Live translation" made one (ticking it again continues it). */
  const translationConversationRef = useRef<string | undefined>(undefined)
  const sessionRef = useRef<string | undefined>(undefined)
  const lastInputLevel = useRef(0)
  const pushToTalk = settings?.voicePushToTalk ?? false
  // Read at start (a restart takes the settings of that moment), not a reason to restart.
  const settingsRef = useRef(settings)
  settingsRef.current = settings
  const showRef = useRef(props.showConversation)
  showRef.current = props.showConversation
  const showConversation = useCallback((conversationId: string) => showRef.current(conversationId), [])
  const closeRef = useRef(props.onClose)
  closeRef.current = props.onClose

  const start = useCallback(async (translate: boolean) => {
    await clientRef.current?.stop()
    // A conversation by voice and an answer read aloud would talk over each other.
    readAloudPlayer().stop()
    setStatus('starting')
    setPhase('connecting')
    setDetail('')
    const client = new VoiceClient(api, {
      onInputLevel: (db) => {
        const now = performance.now()
        if (now - lastInputLevel.current < 50) return
        lastInputLevel.current = now
        setLevels((l) => ({ ...l, input: db }))
      },
      onOutput: (db, isPlaying) => {
        setLevels((l) => ({ ...l, output: db }))
        setPlaying(isPlaying)
      },
      onLinkClosed: () => undefined,
      onClientVad: (state, counts) => {
        if (clientRef.current === client) setClientVad({ state, ...counts })
      }
    })
    clientRef.current = client
    try {
      const s = settingsRef.current
      const interpreter = translate && !baseInterpreterRef.current
      const base = baseConversationRef.current
      const started = await client.start({
        window: props.window,
        ...(interpreter
          ? { conversationId: translationConversationRef.current, builtinAssistantId: LIVE_TRANSLATOR }
          : { conversationId: base, assistantId: base ? undefined : pickedAssistantRef.current }),
        voice: s?.voiceName,
        pushToTalk: s?.voicePushToTalk,
        audioProcessing: s?.voiceAudioProcessing ?? true,
        silenceMs: s?.voiceSilenceMs ?? DEFAULT_SETTINGS.voiceSilenceMs
      })
      if (clientRef.current !== client) return
      sessionRef.current = started.sessionId
      conversationRef.current = started.conversationId
      if (interpreter) translationConversationRef.current = started.conversationId
      else {
        baseConversationRef.current = started.conversationId
        if (started.assistant?.builtinId === LIVE_TRANSLATOR && !baseInterpreterRef.current) {
          baseInterpreterRef.current = true
          setBaseInterpreter(true)
          setTranslation(true)
        }
      }
      setAssistant(started.assistant)
      setStatus('active')
      showConversation(started.conversationId)
    } catch (error) {
      if (clientRef.current !== client) return
      const failure = error instanceof VoiceStartError ? error.failure : 'start-failed'
      setStatus(failure)
      setDetail(error instanceof Error ? error.message : String(error))
    }
  }, [showConversation, props.window])

  // Events of our session.
  useEffect(
    () =>
      api.voice.onEvent((event: VoiceEvent) => {
        if (event.kind === 'link' || event.sessionId !== sessionRef.current) return
        if (event.kind === 'phase') setPhase(event.phase)
        else if (event.kind === 'transcript') {
          setLines((prev) => {
            const next = prev.slice()
            const i = next.findIndex((l) => l.itemId === event.itemId)
            const line = { itemId: event.itemId, role: event.role, text: event.text, final: event.final, truncated: !!event.truncated }
            if (i === -1) next.push(line)
            else next[i] = line
            return next
          })
          if (event.final && event.messageId) showConversation(event.conversationId)
        } else if (event.kind === 'ended') {
          setPhase('ended')
          setPlaying(false)
          setStatus(event.reason === 'network' ? 'network-lost' : 'ended')
          showConversation(event.conversationId)
          void clientRef.current?.close()
        }
      }),
    [showConversation]
  )

  useEffect(() => {
    void start(translation)
    void api.voice.voices({}).then(setVoices, () => setVoices([]))
    return () => {
      void clientRef.current?.stop()
      clientRef.current = undefined
    }
    // Start once on open; restarts are explicit (live translation, reconnect).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // Push-to-talk: hold Space.
  useEffect(() => {
    if (!pushToTalk || status !== 'active') return
    const isField = (el: EventTarget | null) => el instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || isField(e.target)) return
      e.preventDefault()
      setTalking(true)
      clientRef.current?.pushToTalk(true)
    }
    const up = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || isField(e.target)) return
      e.preventDefault()
      setTalking(false)
      clientRef.current?.pushToTalk(false)
    }
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
    }
  }, [pushToTalk, status])

  const end = useCallback(async () => {
    await clientRef.current?.stop()
    clientRef.current = undefined
    if (conversationRef.current) showConversation(conversationRef.current)
    closeRef.current()
  }, [showConversation])

  // Esc ends voice mode (a dialog's Esc). In capture, so it runs before the page's own Esc (the
  // companion's hides the window) and that one sees it handled.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return
      e.preventDefault()
      e.stopPropagation()
      void end()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [end])

  const toggleTranslation = (on: boolean): void => {
    setTranslation(on)
    setLines([])
    void start(on)
  }
  // The picker shows the voice the session speaks with: its assistant's own, else Settings → Voice's.
  const voiceName = assistant?.voice ?? settings?.voiceName ?? 'alloy'
  const voiceChoices = voices.includes(voiceName) ? voices : [...voices, voiceName]

  const shownPhase: VoicePhase = playing ? 'assistant-speaking' : phase === 'assistant-speaking' ? 'listening' : talking ? 'user-speaking' : phase
  const failed = status === 'mic-denied' || status === 'no-device' || status === 'start-failed'

  return (
    <Frame layout={props.layout}>
      <section className="od-voice" data-testid="voice-view" data-status={status} data-layout={props.layout} data-client-vad={clientVad.state} data-client-bargeins={clientVad.bargeIns} data-client-echo-held={clientVad.heldAsEcho} role={props.layout === 'dialog' ? 'dialog' : 'region'} aria-label={t('voice.title')}>
        <header className="od-voice-header">
          <h2>{t('voice.title')}</h2>
          <label className="od-voice-option">
            <span>{t('voice.voiceLabel')}</span>
            <select
              data-testid="voice-picker"
              value={voiceName}
              disabled={assistant?.voice !== undefined}
              title={assistant?.voice !== undefined ? t('voice.assistantVoice', { name: assistant.name }) : undefined}
              onChange={(e) => updateSettings({ voiceName: e.target.value })}
            >
              {voiceChoices.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label className="od-voice-option" title={baseInterpreter ? t('voice.liveTranslationFixed') : undefined}>
            <input type="checkbox" data-testid="voice-translation" checked={translation} disabled={baseInterpreter} onChange={(e) => toggleTranslation(e.target.checked)} />
            <span>{t('voice.liveTranslation')}</span>
          </label>
          <label className="od-voice-option">
            <input type="checkbox" data-testid="voice-ptt" checked={pushToTalk} onChange={(e) => updateSettings({ voicePushToTalk: e.target.checked })} />
            <span>{t('voice.pushToTalk')}</span>
          </label>
        </header>
        {assistant ? (
          <p className="od-voice-assistant" data-testid="voice-assistant" data-id={assistant.id} data-builtin-id={assistant.builtinId}>
            {t('voice.withAssistant', { name: assistant.name })}
          </p>
        ) : null}

        {failed ? (
          <div className="od-voice-error" data-testid="voice-error" data-kind={status} role="alert">
            {status === 'mic-denied' ? (
              <>
                <p>{t('voice.micDenied')}</p>
                <p>{t('voice.micDeniedHelp')}</p>
              </>
            ) : status === 'no-device' ? (
              <p>{t('voice.noDevice')}</p>
            ) : (
              <p>{t('voice.startFailed', { detail })}</p>
            )}
          </div>
        ) : (
          <>
            {/* data-session-phase: main's phase, which leaves assistant-speaking only once the
                whole answer was played (or cut); the shown phase also follows local playback. */}
            <div className="od-voice-phase" data-testid="voice-phase" data-phase={shownPhase} data-session-phase={phase} aria-live="polite">
              {t(PHASE_KEY[shownPhase])}
              {pushToTalk && status === 'active' ? <span className="od-voice-hint"> · {t('voice.holdSpace')}</span> : null}
            </div>
            <div
              className="od-voice-level"
              data-testid="voice-level"
              data-input-dbfs={Number.isFinite(levels.input) ? levels.input.toFixed(1) : '-inf'}
              data-output-dbfs={Number.isFinite(levels.output) ? levels.output.toFixed(1) : '-inf'}
              role="meter"
              aria-label={t('voice.level')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(dbToPercent(Math.max(levels.input, levels.output)))}
            >
              <div className="od-voice-level-in" style={{ width: `${dbToPercent(levels.input)}%` }} />
              <div className="od-voice-level-out" style={{ width: `${dbToPercent(levels.output)}%` }} />
            </div>
          </>
        )}
        {status === 'network-lost' ? (
          <p className="od-voice-notice" data-testid="voice-network-lost" role="status">
            {t('voice.networkLost')}
          </p>
        ) : null}

        <ol className="od-voice-transcript" data-testid="voice-transcript">
          {lines.map((l) => (
            <li key={l.itemId} data-testid="voice-line" data-role={l.role} data-final={String(l.final)} data-truncated={String(l.truncated)}>
              <strong>{l.role === 'user' ? t('voice.you') : (assistant?.name ?? t('voice.assistant'))}: </strong>
              {l.text}
              {l.truncated ? <em className="od-voice-cut"> ({t('voice.interrupted')})</em> : null}
            </li>
          ))}
        </ol>

        <ShareControls sessionId={status === 'active' ? sessionRef.current : undefined} active={status === 'active'} />

        <footer className="od-voice-controls">
          {status === 'active' ? (
            <button
              type="button"
              className="od-btn"
              data-testid="voice-mute"
              aria-pressed={muted}
              onClick={() => {
                setMuted(!muted)
                clientRef.current?.setMuted(!muted)
              }}
            >
              {muted ? t('voice.unmute') : t('voice.mute')}
            </button>
          ) : null}
          {status === 'network-lost' || status === 'ended' || failed ? (
            <button type="button" className="od-btn" data-testid="voice-reconnect" onClick={() => void start(translation)}>
              {t('voice.reconnect')}
            </button>
          ) : null}
          <button type="button" className="od-btn od-btn-primary" data-testid="voice-end" onClick={() => void end()}>
            {t('voice.end')}
          </button>
        </footer>
      </section>
    </Frame>
  )
}

function Frame(props: { layout: VoiceViewProps['layout']; children: ReactElement }): ReactElement {
  return props.layout === 'dialog' ? <div className="od-voice-backdrop">{props.children}</div> : props.children
}
