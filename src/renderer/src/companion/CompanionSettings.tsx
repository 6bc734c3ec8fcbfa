/**
 * Settings → Companion window: the global shortcut (a key recorder; conflicts explained with a
 * suggested alternative), "continue the last conversation" minutes, the assistant new chats talk
 * to, the clipboard context switch,
 * and the diagnostics panel with the measured show latency.
 *
 * The shortcut is changed through companion.setShortcut: main registers the new one first and
 * saves it only if that worked, so a refused shortcut never leaves the user with none.
 */
import { useCallback, useEffect, useId, useState, type KeyboardEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_COMPANION_SHORTCUT, displayAccelerator } from '../../../shared/companion/accelerator'
import { SHOW_LATENCY_TARGET_MS, type CompanionDiagnostics, type ShortcutStatus } from '../../../shared/companion/schemas'
import { DEFAULT_SETTINGS } from '../../../shared/settings'
import type { OmnideskApi } from '../../../shared/ipc/contract'
import { api } from '../api'
import { useAppState, useController } from '../state/hooks'
import { recordKey } from './logic'
import './companion.css'
import { Row } from '../components/SettingsRow'


type Feedback = { kind: 'saved' | 'refused' | 'problem'; text: string; suggestion?: string | null } | null

function ShortcutStatusLine(props: {
  status: ShortcutStatus | null
  platform: string | undefined
  busy: boolean
  onUse: (accelerator: string) => void
}): ReactElement | null {
  const { t } = useTranslation()
  const s = props.status
  if (!s) return null
  const show = (a: string): string => displayAccelerator(a, props.platform)
  const text =
    s.state === 'registered'
      ? t('companion.settings.registered', { shortcut: show(s.accelerator) })
      : s.state === 'conflict'
        ? t('companion.settings.conflict', { shortcut: show(s.accelerator) })
        : s.state === 'invalid'
          ? t('companion.settings.invalid', { shortcut: s.accelerator })
          : s.state === 'disabled'
            ? t('companion.settings.disabled')
            : t('companion.settings.unavailable')
  return (
    <p className="od-shortcut-status" data-testid="companion-shortcut-status" data-state={s.state} role="status">
      {text}
      {s.suggestion && (s.state === 'conflict' || s.state === 'invalid') ? (
        <button
          type="button"
          className="od-btn od-btn-small"
          data-testid="companion-shortcut-suggestion"
          disabled={props.busy}
          onClick={() => props.onUse(s.suggestion!)}
        >
          {t('companion.settings.useShortcut', { shortcut: show(s.suggestion) })}
        </button>
      ) : null}
    </p>
  )
}

function Diagnostics(props: { data: CompanionDiagnostics | null; onRefresh: () => void }): ReactElement {
  const { t } = useTranslation()
  const d = props.data
  const target = d?.summary.targetMs ?? SHOW_LATENCY_TARGET_MS
  return (
    <div className="od-companion-diagnostics" data-testid="companion-diagnostics">
      {d && d.summary.count > 0 ? (
        <>
          <p data-testid="companion-latency-summary">
            {t('companion.settings.summary', {
              last: d.summary.lastMs,
              median: d.summary.medianMs,
              p95: d.summary.p95Ms,
              n: d.summary.count
            })}
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('companion.settings.colWhen')}</th>
                <th>{t('companion.settings.colTotal')}</th>
                <th>{t('companion.settings.colMain')}</th>
                <th>{t('companion.settings.colRenderer')}</th>
              </tr>
            </thead>
            <tbody>
              {d.samples.slice(0, 5).map((s) => (
                <tr key={s.showId} data-testid="companion-latency-sample">
                  <td>{new Date(s.at).toLocaleTimeString()}</td>
                  <td data-over-target={s.totalMs > target ? 'true' : undefined}>{s.totalMs} ms</td>
                  <td>{s.mainMs} ms</td>
                  <td>{s.rendererMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="od-muted" data-testid="companion-latency-empty">
          {t('companion.settings.noSamples')}
        </p>
      )}
      <button type="button" className="od-btn od-btn-small" data-testid="companion-diagnostics-refresh" onClick={props.onRefresh}>
        {t('companion.settings.refresh')}
      </button>
    </div>
  )
}

/** window.omnidesk's companion channels; absent when the page runs without a bridge (component tests). */
const companionApi = (): OmnideskApi['companion'] | undefined => (api as OmnideskApi | undefined)?.companion

export function CompanionSettingsSection(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const platform = useAppState((s) => s.info?.platform)
  const assistants = useAppState((s) => s.assistants)
  const [diagnostics, setDiagnostics] = useState<CompanionDiagnostics | null>(null)
  const [status, setStatus] = useState<ShortcutStatus | null>(null)
  const [recording, setRecording] = useState(false)
  const [pending, setPending] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [feedback, setFeedback] = useState<Feedback>(null)
  const [minutes, setMinutes] = useState(String(settings?.companionContinueMinutes ?? DEFAULT_SETTINGS.companionContinueMinutes))
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`
  const show = (a: string): string => displayAccelerator(a, platform)

  const refresh = useCallback(() => {
    companionApi()
      ?.diagnostics()
      .then((d) => {
        setDiagnostics(d)
        setStatus(d.shortcut)
      })
      .catch(() => undefined)
  }, [])
  useEffect(() => {
    refresh()
    try {
      return companionApi()?.onShortcutStatus(setStatus)
    } catch {
      return undefined
    }
  }, [refresh])
  useEffect(() => setMinutes(String(settings?.companionContinueMinutes ?? DEFAULT_SETTINGS.companionContinueMinutes)), [settings?.companionContinueMinutes])

  const apply = async (accelerator: string | null): Promise<void> => {
    setBusy(true)
    setRecording(false)
    try {
      const c = companionApi()
      if (!c) return
      const result = await c.setShortcut({ accelerator })
      if (result.ok) {
        setStatus(result.status)
        setFeedback(accelerator ? { kind: 'saved', text: t('companion.settings.saved', { shortcut: show(result.status.accelerator) }) } : null)
      } else {
        const wanted = result.status.accelerator
        const kept = result.status.active
        setFeedback({
          kind: 'refused',
          text:
            (result.status.state === 'invalid'
              ? t('companion.settings.invalid', { shortcut: wanted })
              : t('companion.settings.conflict', { shortcut: show(wanted) })) +
            (kept ? ' ' + t('companion.settings.keptPrevious', { shortcut: show(kept) }) : ''),
          suggestion: result.status.suggestion
        })
      }
    } catch {
      refresh()
    } finally {
      setBusy(false)
    }
  }

  const onRecorderKeyDown = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (!recording) return
    e.preventDefault()
    e.stopPropagation()
    const r = recordKey(e, platform)
    if (r.kind === 'pending') {
      setPending(r.modifiers)
      return
    }
    setPending([])
    if (r.kind === 'cancel') {
      setRecording(false)
      return
    }
    if (r.kind === 'invalid') {
      setFeedback({
        kind: 'problem',
        text: r.problem === 'needs-modifier' ? t('companion.settings.needsModifier') : t('companion.settings.unknownKey')
      })
      return
    }
    void apply(r.accelerator)
  }

  const current = settings?.companionShortcut ?? DEFAULT_COMPANION_SHORTCUT
  const commitMinutes = (): void => {
    const n = Math.round(Number(minutes))
    if (!Number.isFinite(n) || n < 0 || n > 1440) {
      setMinutes(String(settings?.companionContinueMinutes ?? DEFAULT_SETTINGS.companionContinueMinutes))
      return
    }
    if (n !== settings?.companionContinueMinutes) void controller.settings.update({ companionContinueMinutes: n })
  }

  return (
    <section className="od-settings-section" aria-labelledby={id('title')} data-testid="settings-companion">
      <h3 id={id('title')} className="od-settings-section-title">
        {t('companion.settings.title')}
      </h3>
      <div className="od-settings-rows">
        <Row
          label={t('companion.settings.shortcut')}
          hint={
            <>
              {t('companion.settings.shortcutHint')}
              <ShortcutStatusLine status={status} platform={platform} busy={busy} onUse={(a) => void apply(a)} />
              {feedback ? (
                <p className="od-shortcut-status" data-testid="companion-shortcut-feedback" data-kind={feedback.kind} role="alert">
                  {feedback.text}
                  {feedback.suggestion ? (
                    <button
                      type="button"
                      className="od-btn od-btn-small"
                      data-testid="companion-shortcut-feedback-suggestion"
                      disabled={busy}
                      onClick={() => void apply(feedback.suggestion!)}
                    >
                      {t('companion.settings.useShortcut', { shortcut: show(feedback.suggestion) })}
                    </button>
                  ) : null}
                </p>
              ) : null}
            </>
          }
        >
          <button
            type="button"
            className="od-btn od-shortcut-recorder"
            data-testid="companion-shortcut-recorder"
            data-recording={recording ? 'true' : 'false'}
            data-accelerator={current}
            aria-live="polite"
            disabled={busy}
            onClick={() => {
              setFeedback(null)
              setPending([])
              setRecording((r) => !r)
            }}
            onKeyDown={onRecorderKeyDown}
            onBlur={() => setRecording(false)}
          >
            {recording
              ? pending.length
                ? show([...pending, 'A'].join('+')).replace(/A$/, '…')
                : t('companion.settings.recording')
              : current
                ? show(current)
                : t('companion.settings.off')}
          </button>
          {current ? (
            <button
              type="button"
              className="od-btn od-btn-small od-btn-ghost"
              data-testid="companion-shortcut-off"
              disabled={busy}
              onClick={() => void apply(null)}
            >
              {t('companion.settings.turnOff')}
            </button>
          ) : (
            <button
              type="button"
              className="od-btn od-btn-small"
              data-testid="companion-shortcut-default"
              disabled={busy}
              onClick={() => void apply(DEFAULT_COMPANION_SHORTCUT)}
            >
              {t('companion.settings.useShortcut', { shortcut: show(DEFAULT_COMPANION_SHORTCUT) })}
            </button>
          )}
        </Row>
        <Row label={t('companion.settings.continueMinutes')} htmlFor={id('minutes')} hint={t('companion.settings.continueMinutesHint')}>
          <input
            id={id('minutes')}
            className="od-input od-number-input"
            data-testid="companion-continue-minutes"
            type="number"
            min={0}
            max={1440}
            step={1}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            onBlur={commitMinutes}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitMinutes()
            }}
          />
          <span className="od-muted">{t('companion.settings.minutes')}</span>
        </Row>
        <Row label={t('assistants.companionDefault.label')} htmlFor={id('assistant')} hint={t('assistants.companionDefault.hint')}>
          <select
            id={id('assistant')}
            className="od-select"
            data-testid="companion-default-assistant"
            value={assistants.some((a) => a.id === settings?.companionAssistantId) ? settings?.companionAssistantId : ''}
            onChange={(e) => void controller.settings.update({ companionAssistantId: e.target.value || null })}
          >
            <option value="">{t('assistants.companionDefault.none')}</option>
            {assistants.map((a) => (
              <option key={a.id} value={a.id}>
                {a.emoji ? `${a.emoji} ${a.name}` : a.name}
              </option>
            ))}
          </select>
        </Row>
        <Row label={t('companion.settings.clipboard')} htmlFor={id('clipboard')} hint={t('companion.settings.clipboardHint')}>
          <input
            id={id('clipboard')}
            type="checkbox"
            className="od-switch"
            role="switch"
            data-testid="companion-clipboard-context"
            checked={settings?.companionClipboardContext ?? false}
            onChange={(e) => void controller.settings.update({ companionClipboardContext: e.target.checked })}
          />
        </Row>
        <Row
          label={t('companion.settings.diagnostics')}
          hint={t('companion.settings.diagnosticsHint', { target: diagnostics?.summary.targetMs ?? SHOW_LATENCY_TARGET_MS })}
        >
          <span />
        </Row>
        <Diagnostics data={diagnostics} onRefresh={refresh} />
      </div>
    </section>
  )
}
