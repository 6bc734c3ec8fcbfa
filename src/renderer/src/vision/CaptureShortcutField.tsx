/** Settings field for the global capture shortcut: an accelerator, saved when valid. */
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { isValidAccelerator } from '../../../shared/vision/accelerator'

export function CaptureShortcutField(props: { id: string; value: string; onCommit: (value: string) => void }): ReactElement {
  const { t } = useTranslation()
  const [draft, setDraft] = useState(props.value)
  useEffect(() => setDraft(props.value), [props.value])
  const trimmed = draft.trim()
  const valid = trimmed === '' || isValidAccelerator(trimmed)
  const commit = (): void => {
    if (valid && trimmed !== props.value) props.onCommit(trimmed)
  }
  return (
    <div>
      <input
        id={props.id}
        className="od-input"
        data-testid="settings-capture-shortcut"
        value={draft}
        spellCheck={false}
        aria-invalid={!valid}
        placeholder="CommandOrControl+Shift+2"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
        }}
      />
      {!valid ? (
        <p className="od-field-error" data-testid="settings-capture-shortcut-invalid">
          {t('vision.shortcutInvalid')}
        </p>
      ) : null}
    </div>
  )
}
