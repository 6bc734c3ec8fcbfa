/**
 * Voice mode in the companion: the headphone button of its bar and the shared VoiceView, inline
 * in the card (the window is sized to the card, so a dialog over the page would be clipped).
 * The session runs on the companion's current conversation (a new one when it has none); the view
 * opens each conversation it lands in through the controller, so the companion's conversation —
 * the one "Open in main window" hands over — is the one holding the voice messages. The session
 * talks with that conversation's assistant; the companion does not load the assistants list, so
 * the view learns the assistant's name and voice from main's answer to voice.start.
 */
import { useSyncExternalStore, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconHeadphones } from '../components/Icons'
import { useControllerVoiceProps, VoiceView } from '../voice/VoiceView'
import type { CompanionModel } from './model'

const useVoiceOpen = (model: CompanionModel): boolean => useSyncExternalStore(model.store.subscribe, () => model.store.get().voice)

export function CompanionVoiceButton(props: { model: CompanionModel; disabled?: boolean }): ReactElement {
  const { t } = useTranslation()
  const open = useVoiceOpen(props.model)
  return (
    <button
      type="button"
      className="od-icon-btn od-icon-btn-small"
      data-testid="companion-voice"
      aria-pressed={open}
      aria-label={t('voice.open')}
      title={t('voice.open')}
      disabled={props.disabled}
      onClick={() => props.model.setVoice(!open)}
    >
      <IconHeadphones size={15} />
    </button>
  )
}

/** The card's content while voice mode is on (in place of the composer and the conversation). */
export function CompanionVoicePanel(props: { model: CompanionModel }): ReactElement {
  const voiceProps = useControllerVoiceProps()
  return (
    <div className="od-companion-voice">
      <VoiceView {...voiceProps} window="companion" layout="inline" onClose={() => props.model.setVoice(false)} />
    </div>
  )
}
