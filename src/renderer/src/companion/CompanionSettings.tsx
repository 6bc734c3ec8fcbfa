/**
 * Settings → Companion window: the global shortcut (the shared key recorder,
 * components/ShortcutField.tsx, on companion.setShortcut), "continue the last conversation"
 * minutes, the assistant new chats talk to, and the clipboard context switch.
 *
 * CompanionDiagnosticsSection is the measured show latency (shortcut → first frame) — numbers
 * for whoever tunes the app, kept out of the user's settings (Settings places it under Advanced).
 */
import { useCallback, useEffect, useId, useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_COMPANION_SHORTCUT, displayAccelerator } from '../../../shared/companion/accelerator'
import { SHOW_LATENCY_TARGET_MS, type CompanionDiagnostics } from '../../../shared/companion/schemas'
import { DEFAULT_SETTINGS } from '../../../shared/settings'
import { pageApi } from '../api'
import { useAppState, useController } from '../state/hooks'
import { Row, Section, SwitchInput } from '../components/SettingsRow'
import { ShortcutField, type ShortcutChannel } from '../components/ShortcutField'
import './companion.css'
import '../components/settingsFields.css'

/** Main's companion-shortcut channels (its status comes with the diagnostics); undefined without a bridge. */
function companionChannel(): ShortcutChannel | undefined {
  const companion = pageApi()?.companion
  if (!companion) return undefined
  return {
    status: async () => (await companion.diagnostics()).shortcut,
    onStatus: (listener) => companion.onShortcutStatus(listener),
    set: (accelerator) => companion.setShortcut({ accelerator })
  }
}

/**
 * The companion's global shortcut, recorded in Settings → Shortcuts beside the screenshot's (the
 * Companion page shows it with a link there).
 */
export function CompanionShortcutRow(): ReactElement {
  const { t } = useTranslation()
  const settings = useAppState((s) => s.settings)
  const channel = useMemo(companionChannel, [])
  const id = useId()
  return (
    <Row label={t('companion.settings.shortcutFull')} htmlFor={id} hint={t('companion.settings.shortcutHint')} field="shortcuts.companion">
      <ShortcutField
        kind="companion"
        id={id}
        value={settings?.companionShortcut ?? DEFAULT_COMPANION_SHORTCUT}
        defaultAccelerator={DEFAULT_COMPANION_SHORTCUT}
        other={settings?.captureShortcut ?? DEFAULT_SETTINGS.captureShortcut}
        channel={channel}
      />
    </Row>
  )
}

export function CompanionSettingsSection(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const assistants = useAppState((s) => s.assistants)
  const [minutes, setMinutes] = useState(String(settings?.companionContinueMinutes ?? DEFAULT_SETTINGS.companionContinueMinutes))
  const platform = useAppState((s) => s.info?.platform)
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`
  useEffect(() => setMinutes(String(settings?.companionContinueMinutes ?? DEFAULT_SETTINGS.companionContinueMinutes)), [settings?.companionContinueMinutes])

  const commitMinutes = (): void => {
    const n = Math.round(Number(minutes))
    if (minutes.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1440) {
      setMinutes(String(settings?.companionContinueMinutes ?? DEFAULT_SETTINGS.companionContinueMinutes))
      return
    }
    if (n !== settings?.companionContinueMinutes) void controller.settings.update({ companionContinueMinutes: n })
  }

  return (
    <Section title={t('companion.settings.title')} testId="settings-companion">
      <Row label={t('companion.settings.shortcut')} hint={t('companion.settings.shortcutElsewhere')} field="companion.shortcut">
        <span className="od-settings-value" data-testid="companion-shortcut-shown">
          {displayAccelerator(settings?.companionShortcut ?? DEFAULT_COMPANION_SHORTCUT, platform) || t('companion.settings.noShortcut')}
        </span>
        <button
          type="button"
          className="od-btn od-btn-small"
          data-testid="companion-shortcut-change"
          onClick={() => controller.view.openSettings({ section: 'shortcuts', field: 'shortcuts.companion' })}
        >
          {t('companion.settings.changeShortcut')}
        </button>
      </Row>
      <Row
        label={t('companion.settings.continueMinutes')}
        htmlFor={id('minutes')}
        hint={t('companion.settings.continueMinutesHint')}
        field="companion.continueMinutes"
      >
        <input
          id={id('minutes')}
          className="od-input od-input-number"
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
        <span className="od-muted od-input-unit">{t('companion.settings.minutes')}</span>
      </Row>
      <Row
        label={t('assistants.companionDefault.label')}
        htmlFor={id('assistant')}
        hint={t('assistants.companionDefault.hint')}
        field="companion.assistant"
      >
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
      <Row
        label={t('companion.settings.clipboard')}
        htmlFor={id('clipboard')}
        hint={t('companion.settings.clipboardHint')}
        field="companion.clipboard"
      >
        <SwitchInput
          id={id('clipboard')}
          testId="companion-clipboard-context"
          checked={settings?.companionClipboardContext ?? false}
          onChange={(checked) => void controller.settings.update({ companionClipboardContext: checked })}
        />
      </Row>
    </Section>
  )
}

function LatencyTable(props: { data: CompanionDiagnostics | null; onRefresh: () => void }): ReactElement {
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

/** The companion's measured show latency (hotkey → first frame), for Settings' Advanced part. */
export function CompanionDiagnosticsSection(): ReactElement {
  const { t } = useTranslation()
  const [diagnostics, setDiagnostics] = useState<CompanionDiagnostics | null>(null)
  const refresh = useCallback(() => {
    pageApi()
      ?.companion.diagnostics()
      .then(setDiagnostics)
      .catch(() => undefined)
  }, [])
  useEffect(() => refresh(), [refresh])
  return (
    <Section title={t('companion.settings.diagnosticsTitle')} testId="settings-companion-diagnostics">
      <Row
        label={t('companion.settings.diagnostics')}
        hint={t('companion.settings.diagnosticsHint', { target: diagnostics?.summary.targetMs ?? SHOW_LATENCY_TARGET_MS })}
        field="advanced.companionLatency"
      >
        <span />
      </Row>
      <LatencyTable data={diagnostics} onRefresh={refresh} />
    </Section>
  )
}
