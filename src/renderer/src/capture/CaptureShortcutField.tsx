/**
 * Settings field for the global capture shortcut, with the same status line as the companion's
 * shortcut: registered, taken by another app (with a "Use …" button for a free alternative main
 * has tried for real), invalid, off, or not available on this desktop.
 *
 * A change goes through capture.setShortcut: main registers the new shortcut first and saves it
 * only when that worked, so a taken shortcut never leaves the user with none.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { displayAccelerator } from '../../../shared/companion/accelerator'
import type { ShortcutStatus } from '../../../shared/companion/schemas'
import { isValidAccelerator } from '../../../shared/capture/accelerator'
import { useAppState } from '../state/hooks'
import { pageApi } from '../api'

function statusText(t: TFunction, s: ShortcutStatus, show: (a: string) => string): string {
  switch (s.state) {
    case 'registered':
      return t('capture.shortcutRegistered', { shortcut: show(s.accelerator) })
    case 'conflict':
      return s.active && s.active !== s.accelerator
        ? `${t('capture.shortcutConflict', { shortcut: show(s.accelerator) })} ${t('capture.shortcutKept', { shortcut: show(s.active) })}`
        : t('capture.shortcutConflict', { shortcut: show(s.accelerator) })
    case 'invalid':
      return t('capture.shortcutInvalidStored', { shortcut: s.accelerator })
    case 'disabled':
      return t('capture.shortcutDisabled')
    default:
      return t('capture.shortcutUnavailable')
  }
}

export function CaptureShortcutField(props: { id: string; value: string }): ReactElement {
  const { t } = useTranslation()
  const platform = useAppState((s) => s.info?.platform)
  const [draft, setDraft] = useState(props.value)
  const [status, setStatus] = useState<ShortcutStatus | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => setDraft(props.value), [props.value])
  useEffect(() => {
    const api = pageApi()?.capture
    if (!api?.shortcutStatus) return
    let live = true
    api
      .shortcutStatus()
      .then((s) => live && setStatus(s))
      .catch(() => undefined)
    const off = api.onShortcutStatus?.((s) => setStatus(s))
    return () => {
      live = false
      off?.()
    }
  }, [])

  const show = (a: string): string => displayAccelerator(a, platform)
  const trimmed = draft.trim()
  const valid = trimmed === '' || isValidAccelerator(trimmed)

  // The last accelerator tried, and which attempt is the latest: clicking "Use …" blurs the
  // field, and the blur must neither retry a shortcut just refused nor let that older attempt's
  // answer overwrite the newer one.
  const lastTried = useRef<string | null>(null)
  const attempt = useRef(0)
  const apply = async (accelerator: string): Promise<void> => {
    const api = pageApi()?.capture
    if (!api?.setShortcut) return
    lastTried.current = accelerator
    const mine = ++attempt.current
    setBusy(true)
    try {
      const result = await api.setShortcut({ accelerator: accelerator || null })
      if (mine !== attempt.current) return
      // Refused: the status describes this attempt (the old shortcut stays active and saved).
      setStatus(result.status)
      if (result.ok) setDraft(result.status.accelerator)
    } catch {
      // The bridge failed (harness restarting): nothing changed in main; the line keeps the last status.
    } finally {
      if (mine === attempt.current) setBusy(false)
    }
  }
  /** Enter always tries; a blur only tries what wasn't tried yet. */
  const commit = (onBlur: boolean): void => {
    if (!valid || trimmed === (status?.active ?? props.value)) return
    if (onBlur && trimmed === lastTried.current) return
    void apply(trimmed)
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
        disabled={busy}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commit(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(false)
        }}
      />
      {!valid ? (
        <p className="od-field-error" data-testid="settings-capture-shortcut-invalid">
          {t('capture.shortcutInvalid')}
        </p>
      ) : status ? (
        <p className="od-capture-shortcut-status" data-testid="capture-shortcut-status" data-state={status.state} role="status">
          {statusText(t, status, show)}
          {status.suggestion && (status.state === 'conflict' || status.state === 'invalid') ? (
            <button
              type="button"
              className="od-btn od-btn-small"
              data-testid="capture-shortcut-suggestion"
              disabled={busy}
              onClick={() => void apply(status.suggestion!)}
            >
              {t('capture.shortcutUse', { shortcut: show(status.suggestion) })}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  )
}
