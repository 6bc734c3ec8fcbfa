/**
 * Settings → Voice: how voice conversations work — Realtime (one speech model listens and
 * speaks) or step by step (transcription → the chat model → speech) —, the voice answers are
 * spoken in (the list the voice view offers, from main), when the user's turn ends, the models,
 * extra instructions, push to talk and the microphone's clean-up. Each change is saved at once
 * through controller.settings.update; text fields when the user leaves them.
 */
import { useEffect, useId, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../shared/settings'
import { pageApi } from '../api'
import { CommitInput, Row, Section, SwitchInput } from '../components/SettingsRow'
import { useAppState, useController } from '../state/hooks'
import '../components/settingsFields.css'

const MODES: ReadonlyArray<Settings['voiceMode']> = ['realtime', 'pipeline']
const TURN_DETECTIONS: ReadonlyArray<Settings['voiceTurnDetection']> = ['server_vad', 'semantic_vad']
const SILENCE_MIN_MS = 200
const SILENCE_MAX_MS = 3000

/** The voices main offers (the same list as the voice view's picker), with the chosen one kept in it. */
function useVoices(current: string): string[] {
  const [voices, setVoices] = useState<string[]>([])
  useEffect(() => {
    let live = true
    pageApi()
      ?.voice.voices({})
      .then((list) => live && setVoices(list))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])
  return voices.includes(current) ? voices : [...voices, current]
}

/** A number saved when the user leaves the field or presses Enter; out of range puts the saved one back. */
function SilenceField(props: { id: string; value: number; onCommit: (ms: number) => void }): ReactElement {
  const [draft, setDraft] = useState(String(props.value))
  useEffect(() => setDraft(String(props.value)), [props.value])
  const commit = (): void => {
    const n = Math.round(Number(draft))
    if (draft.trim() === '' || !Number.isFinite(n) || n < SILENCE_MIN_MS || n > SILENCE_MAX_MS) {
      setDraft(String(props.value))
      return
    }
    if (n !== props.value) props.onCommit(n)
  }
  return (
    <input
      id={props.id}
      className="od-input od-input-number"
      data-testid="settings-voice-silence"
      type="number"
      min={SILENCE_MIN_MS}
      max={SILENCE_MAX_MS}
      step={50}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit()
      }}
    />
  )
}

/** Extra instructions: a textarea saved when the user leaves it (empty: none). */
function InstructionsField(props: { id: string; value: string; onCommit: (text: string | null) => void }): ReactElement {
  const [draft, setDraft] = useState(props.value)
  useEffect(() => setDraft(props.value), [props.value])
  return (
    <textarea
      id={props.id}
      className="od-input od-input-textarea"
      data-testid="settings-voice-instructions"
      rows={4}
      maxLength={4000}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        const text = draft.trim()
        if (text !== props.value.trim()) props.onCommit(text || null)
      }}
    />
  )
}

export function VoiceSettingsSection(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`
  const s = settings ?? DEFAULT_SETTINGS
  const voices = useVoices(s.voiceName)
  const update = (patch: SettingsPatch): void => void controller.settings.update(patch)
  /** A model field: empty brings the default back (a model is always needed). */
  const model = (key: 'voiceRealtimeModel' | 'voiceTranscribeModel' | 'voiceSpeechModel', testId: string): ReactElement => (
    <CommitInput
      id={id(key)}
      testId={testId}
      value={s[key]}
      placeholder={DEFAULT_SETTINGS[key]}
      onCommit={(v) => update({ [key]: v || DEFAULT_SETTINGS[key] })}
    />
  )

  return (
    <Section title={t('voice.settings.title')} testId="settings-voice">
      <Row label={t('voice.settings.mode')} htmlFor={id('mode')} hint={t('voice.settings.modeHint')} field="voice.mode">
        <select
          id={id('mode')}
          className="od-select"
          data-testid="settings-voice-mode"
          value={s.voiceMode}
          onChange={(e) => update({ voiceMode: e.target.value as Settings['voiceMode'] })}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`voice.settings.modes.${m}`)}
            </option>
          ))}
        </select>
      </Row>
      <Row label={t('voice.settings.voice')} htmlFor={id('voice')} hint={t('voice.settings.voiceHint')} field="voice.voice">
        <select
          id={id('voice')}
          className="od-select"
          data-testid="settings-voice-name"
          value={s.voiceName}
          onChange={(e) => update({ voiceName: e.target.value })}
        >
          {voices.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </Row>
      <Row
        label={t('voice.settings.turnDetection')}
        htmlFor={id('turn')}
        hint={t('voice.settings.turnDetectionHint')}
        field="voice.turnDetection"
      >
        <select
          id={id('turn')}
          className="od-select"
          data-testid="settings-voice-turn-detection"
          value={s.voiceTurnDetection}
          onChange={(e) => update({ voiceTurnDetection: e.target.value as Settings['voiceTurnDetection'] })}
        >
          {TURN_DETECTIONS.map((d) => (
            <option key={d} value={d}>
              {t(`voice.settings.turnDetections.${d}`)}
            </option>
          ))}
        </select>
      </Row>
      <Row label={t('voice.settings.silence')} htmlFor={id('silence')} hint={t('voice.settings.silenceHint')} field="voice.silence">
        <SilenceField id={id('silence')} value={s.voiceSilenceMs} onCommit={(ms) => update({ voiceSilenceMs: ms })} />
        <span className="od-muted od-input-unit">{t('voice.settings.ms')}</span>
      </Row>
      <Row
        label={t('voice.settings.realtimeModel')}
        htmlFor={id('voiceRealtimeModel')}
        hint={t('voice.settings.realtimeModelHint')}
        field="voice.realtimeModel"
      >
        {model('voiceRealtimeModel', 'settings-voice-realtime-model')}
      </Row>
      <Row
        label={t('voice.settings.transcribeModel')}
        htmlFor={id('voiceTranscribeModel')}
        hint={t('voice.settings.transcribeModelHint')}
        field="voice.transcribeModel"
      >
        {model('voiceTranscribeModel', 'settings-voice-transcribe-model')}
      </Row>
      <Row
        label={t('voice.settings.speechModel')}
        htmlFor={id('voiceSpeechModel')}
        hint={t('voice.settings.speechModelHint')}
        field="voice.speechModel"
      >
        {model('voiceSpeechModel', 'settings-voice-speech-model')}
      </Row>
      <Row
        label={t('voice.settings.instructions')}
        htmlFor={id('instructions')}
        hint={t('voice.settings.instructionsHint')}
        field="voice.instructions"
      >
        <InstructionsField
          id={id('instructions')}
          value={s.voiceInstructions ?? ''}
          onCommit={(text) => update({ voiceInstructions: text })}
        />
      </Row>
      <Row label={t('voice.settings.pushToTalk')} htmlFor={id('ptt')} hint={t('voice.settings.pushToTalkHint')} field="voice.pushToTalk">
        <SwitchInput
          id={id('ptt')}
          testId="settings-voice-push-to-talk"
          checked={s.voicePushToTalk}
          onChange={(checked) => update({ voicePushToTalk: checked })}
        />
      </Row>
      <Row
        label={t('voice.settings.audioProcessing')}
        htmlFor={id('processing')}
        hint={t('voice.settings.audioProcessingHint')}
        field="voice.audioProcessing"
      >
        <SwitchInput
          id={id('processing')}
          testId="settings-voice-audio-processing"
          checked={s.voiceAudioProcessing}
          onChange={(checked) => update({ voiceAudioProcessing: checked })}
        />
      </Row>
    </Section>
  )
}
