/**
 * Settings' field for a global shortcut, one for both of the app's: the companion window's and
 * the screenshot's. A key recorder, not a text box: click it (or press Enter / Space on it),
 * press the keys, and it shows them the platform's way (⇧⌘2 on macOS, Ctrl+Shift+2 elsewhere).
 * Esc cancels, Tab moves on, "Turn off" removes the shortcut, "Reset to …" brings the default
 * back. The status line says what main reports: registered, taken by another app (with a "Use …"
 * button for a free alternative main has tried for real), the app's other shortcut, invalid, off,
 * or not available on this desktop.
 *
 * A change goes through main (companion.setShortcut / capture.setShortcut): main registers the
 * new shortcut first and saves it only when that worked, so a refused one never leaves the user
 * with none; the refusal is shown under the field with main's suggestion.
 *
 * The pure rules (key → accelerator, the sentences) are companion/shortcutRecorder.ts. Each
 * shortcut's own wrapper (CompanionSettings.tsx, capture/CaptureShortcutField.tsx) gives main's
 * channels, the default and the app's other shortcut.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState } from '../state/hooks'
import {
  describeStatus,
  displayAccelerator,
  isDefaultShortcut,
  pendingLabel,
  recordKey,
  suggestionOf,
  type SetShortcutResult,
  type ShortcutKind,
  type ShortcutLine,
  type ShortcutStatus
} from '../companion/shortcutRecorder'
import './settingsFields.css'

export type { ShortcutKind } from '../companion/shortcutRecorder'

/** Main's channels for one global shortcut (companion.* or capture.*). */
export interface ShortcutChannel {
  /** What main has registered now. */
  status(): Promise<ShortcutStatus>
  /** Main's status changes (a change elsewhere, a settings import); returns the unsubscribe. */
  onStatus(listener: (status: ShortcutStatus) => void): () => void
  /** Registers the accelerator (null: none) first, saves it only if that worked. */
  set(accelerator: string | null): Promise<SetShortcutResult>
}

export interface ShortcutFieldProps {
  /** Which global shortcut: the status line's words and the test ids. */
  kind: ShortcutKind
  /** The recorder button's id (a Row's htmlFor). */
  id?: string
  /** The saved accelerator ('' : none). */
  value: string
  /** "Reset to …" brings this back. */
  defaultAccelerator: string
  /** The app's other global shortcut as saved: main refuses its keys, the field says whose they are. */
  other: string
  /** Main's channels; undefined where the page has no bridge (nothing can change then). */
  channel: ShortcutChannel | undefined
}

/** Test ids, kept from the two fields this one replaced. */
const TEST_IDS = {
  companion: { prefix: 'companion-shortcut', recorder: 'companion-shortcut-recorder' },
  capture: { prefix: 'capture-shortcut', recorder: 'settings-capture-shortcut' }
} as const

type FeedbackLine = ShortcutLine | { text: 'needsModifier' | 'unknownKey' }

interface Feedback {
  kind: 'saved' | 'refused' | 'problem'
  lines: FeedbackLine[]
  suggestion: string | null
}

export function ShortcutField(props: ShortcutFieldProps): ReactElement {
  const { t } = useTranslation()
  const ids = TEST_IDS[props.kind]
  const { channel } = props
  const platform = useAppState((s) => s.info?.platform)
  const [status, setStatus] = useState<ShortcutStatus | null>(null)
  const [recording, setRecording] = useState(false)
  const [pending, setPending] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [feedback, setFeedback] = useState<Feedback | null>(null)
  const show = (a: string): string => displayAccelerator(a, platform)
  const ctx = { platform, other: props.other }
  const uid = useId()

  const reload = useCallback(() => {
    channel
      ?.status()
      .then(setStatus)
      .catch(() => undefined)
  }, [channel])
  useEffect(() => {
    reload()
    try {
      return channel?.onStatus(setStatus)
    } catch {
      return undefined
    }
  }, [channel, reload])

  // Which attempt is the latest: an older attempt's answer must not overwrite a newer one's.
  const attempt = useRef(0)
  const apply = async (accelerator: string | null): Promise<void> => {
    if (!channel) return
    const mine = ++attempt.current
    setRecording(false)
    setPending([])
    setBusy(true)
    try {
      const result = await channel.set(accelerator)
      if (mine !== attempt.current) return
      if (result.ok) {
        setStatus(result.status)
        setFeedback(accelerator ? { kind: 'saved', lines: [{ text: 'saved', shortcut: show(result.status.accelerator) }], suggestion: null } : null)
      } else {
        // Refused: nothing changed in main (the working shortcut stays registered and saved).
        setFeedback({ kind: 'refused', lines: describeStatus(result.status, ctx), suggestion: suggestionOf(result.status) })
      }
    } catch {
      // The bridge failed (harness restarting): ask main what is true now.
      if (mine === attempt.current) reload()
    } finally {
      if (mine === attempt.current) setBusy(false)
    }
  }

  const stopRecording = (): void => {
    setRecording(false)
    setPending([])
  }

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (!recording || e.nativeEvent.isComposing) return
    const r = recordKey(e, platform)
    // Tab: focus moves on (not prevented) and the blur stops recording.
    if (r.kind === 'leave') return
    // Esc must not close Settings, Enter / Space must not click the button.
    e.preventDefault()
    e.stopPropagation()
    if (r.kind === 'pending') return setPending(r.modifiers)
    setPending([])
    if (r.kind === 'cancel') return setRecording(false)
    if (r.kind === 'invalid') {
      setFeedback({ kind: 'problem', lines: [{ text: r.problem === 'needs-modifier' ? 'needsModifier' : 'unknownKey' }], suggestion: null })
      return
    }
    void apply(r.accelerator)
  }
  const onKeyUp = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (!recording) return
    // Space activates a button on key up.
    e.preventDefault()
    const r = recordKey(e, platform)
    if (r.kind === 'pending') setPending(r.modifiers)
  }

  const lineText = (line: FeedbackLine): string => {
    switch (line.text) {
      case 'registered':
        return props.kind === 'companion'
          ? t('companion.settings.registered', { shortcut: line.shortcut })
          : t('capture.shortcutRegistered', { shortcut: line.shortcut })
      case 'disabled':
        return props.kind === 'companion' ? t('companion.settings.disabled') : t('capture.shortcutDisabled')
      case 'unavailable':
        return props.kind === 'companion' ? t('companion.settings.unavailable') : t('capture.shortcutUnavailable')
      case 'usedByOther':
        return props.kind === 'companion'
          ? t('shortcutField.usedByCapture', { shortcut: line.shortcut })
          : t('shortcutField.usedByCompanion', { shortcut: line.shortcut })
      case 'taken':
        return t('shortcutField.taken', { shortcut: line.shortcut })
      case 'kept':
        return t('shortcutField.kept', { shortcut: line.shortcut })
      case 'invalid':
        return t('shortcutField.invalid', { shortcut: line.shortcut })
      case 'saved':
        return t('shortcutField.saved', { shortcut: line.shortcut })
      case 'needsModifier':
        return t('shortcutField.needsModifier')
      case 'unknownKey':
        return t('shortcutField.unknownKey')
    }
  }
  const sentences = (lines: FeedbackLine[]): string => lines.map(lineText).join(' ')

  const suggestionButton = (accelerator: string, testId: string): ReactElement => (
    <button type="button" className="od-btn od-btn-small" data-testid={testId} disabled={busy} onClick={() => void apply(accelerator)}>
      {t('shortcutField.use', { shortcut: show(accelerator) })}
    </button>
  )

  const statusSuggestion = suggestionOf(status)
  const isDefault = isDefaultShortcut(props.value, props.defaultAccelerator, platform)

  return (
    <div className="od-shortcut-field" data-testid={`${ids.prefix}-field`}>
      <div className="od-shortcut-controls">
        <button
          id={props.id}
          type="button"
          className="od-btn od-shortcut-recorder"
          data-testid={ids.recorder}
          data-recording={recording ? 'true' : 'false'}
          data-accelerator={props.value}
          aria-busy={busy}
          // The button's name is the Row's label; what is set and what main said describe it.
          aria-describedby={[status ? `${uid}-status` : '', feedback ? `${uid}-feedback` : ''].filter(Boolean).join(' ') || undefined}
          title={t('shortcutField.recorderTitle')}
          onClick={() => {
            if (busy) return
            setFeedback(null)
            setPending([])
            setRecording((r) => !r)
          }}
          onKeyDown={onKeyDown}
          onKeyUp={onKeyUp}
          onBlur={stopRecording}
        >
          {recording
            ? pending.length
              ? pendingLabel(pending, platform)
              : t('shortcutField.recording')
            : props.value
              ? show(props.value)
              : t('shortcutField.off')}
        </button>
        {props.value ? (
          <button
            type="button"
            className="od-btn od-btn-small od-btn-ghost"
            data-testid={`${ids.prefix}-off`}
            disabled={busy}
            onClick={() => void apply(null)}
          >
            {t('shortcutField.turnOff')}
          </button>
        ) : null}
        {!isDefault ? (
          <button
            type="button"
            className="od-btn od-btn-small od-btn-ghost"
            data-testid={`${ids.prefix}-default`}
            disabled={busy}
            onClick={() => void apply(props.defaultAccelerator)}
          >
            {t('shortcutField.reset', { shortcut: show(props.defaultAccelerator) })}
          </button>
        ) : null}
      </div>
      {status ? (
        <p id={`${uid}-status`} className="od-shortcut-status" data-testid={`${ids.prefix}-status`} data-state={status.state} role="status">
          {sentences(describeStatus(status, ctx))}
          {statusSuggestion ? suggestionButton(statusSuggestion, `${ids.prefix}-suggestion`) : null}
        </p>
      ) : null}
      {feedback ? (
        <p id={`${uid}-feedback`} className="od-shortcut-status" data-testid={`${ids.prefix}-feedback`} data-kind={feedback.kind} role="alert">
          {sentences(feedback.lines)}
          {feedback.suggestion ? suggestionButton(feedback.suggestion, `${ids.prefix}-feedback-suggestion`) : null}
        </p>
      ) : null}
    </div>
  )
}
