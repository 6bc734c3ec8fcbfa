/**
 * The smaller pages of Settings: General, Models, Shortcuts, Assistants, Data and About. Pages
 * with their own folder (Companion, Voice, Tools, Memory, Providers) live there.
 */
import { useId, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { Language, Theme } from '../../../shared/settings'
import { LANGUAGES, pickLanguage } from '../i18n/language'
import { modKeyLabel } from '../logic/composerKeys'
import { defaultProvider } from '../logic/models'
import { toDraft, valuesFromProvider } from '../logic/providerForm'
import { useAppState, useController } from '../state/hooks'
import { CaptureShortcutField } from '../capture/CaptureShortcutField'
import { CompanionShortcutRow } from '../companion/CompanionSettings'
import { HistoryBackups } from '../components/HistoryBackups'
import { CommitInput, Row, Section, SwitchInput } from '../components/SettingsRow'
import { TransferSettings } from '../transfer/TransferSettings'

const THEMES: readonly Theme[] = ['system', 'light', 'dark']

function useFieldIds(): (name: string) => string {
  const uid = useId()
  return (name) => `${uid}-${name}`
}

export function GeneralPage(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const info = useAppState((s) => s.info)
  const id = useFieldIds()
  const language: Language = pickLanguage(settings?.language, info?.systemLocale)
  const mod = modKeyLabel(info?.platform)
  return (
    <>
      <Section title={t('settings.sections.general')}>
        <Row label={t('settings.theme')} htmlFor={id('theme')} field="general.theme">
          <select
            id={id('theme')}
            className="od-select"
            data-testid="settings-theme"
            value={settings?.theme ?? 'system'}
            onChange={(e) => void controller.settings.update({ theme: e.target.value as Theme })}
          >
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`settings.themes.${th}`)}
              </option>
            ))}
          </select>
        </Row>
        <Row label={t('settings.language')} htmlFor={id('lang')} field="general.language">
          <select
            id={id('lang')}
            className="od-select"
            data-testid="settings-language"
            value={language}
            onChange={(e) => void controller.settings.update({ language: e.target.value as Language })}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </Row>
        <Row label={t('settings.launchAtLogin')} htmlFor={id('login')} field="general.launchAtLogin">
          <SwitchInput
            id={id('login')}
            testId="settings-launch-at-login"
            checked={settings?.launchAtLogin ?? false}
            onChange={(checked) => void controller.settings.update({ launchAtLogin: checked })}
          />
        </Row>
      </Section>
      <Section title={t('settings.sections.chat')}>
        <Row
          label={t('settings.enterToSend')}
          htmlFor={id('enter')}
          hint={t('settings.enterToSendHint', { mod })}
          field="general.enterToSend"
        >
          <SwitchInput
            id={id('enter')}
            testId="settings-enter-to-send"
            checked={settings?.enterToSend ?? true}
            onChange={(checked) => void controller.settings.update({ enterToSend: checked })}
          />
        </Row>
      </Section>
    </>
  )
}

export function ModelsPage(props: { onGoToProviders: () => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const providers = useAppState((s) => s.providers)
  const providerModels = useAppState((s) => s.providerModels)
  const id = useFieldIds()
  const current = defaultProvider(providers, settings)
  const models = current ? (providerModels[current.id] ?? []) : []
  return (
    <Section title={t('settings.nav.models')}>
      {providers.length === 0 || !current ? (
        <div className="od-settings-row" data-settings-field="models.none">
          <p className="od-muted">{t('settings.modelsNeedProvider')}</p>
          <button type="button" className="od-btn od-btn-small" onClick={props.onGoToProviders}>
            {t('settings.addProvider')}
          </button>
        </div>
      ) : (
        <>
          <Row label={t('settings.defaultProvider')} htmlFor={id('provider')} field="models.provider">
            <select
              id={id('provider')}
              className="od-select"
              data-testid="settings-default-provider"
              value={current.id}
              onChange={(e) => void controller.settings.update({ defaultProviderId: e.target.value, defaultModel: null })}
            >
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Row>
          <Row
            label={t('settings.defaultModel')}
            htmlFor={id('model')}
            hint={t('settings.defaultModelHint', { model: current.defaultModel })}
            field="models.default"
          >
            <CommitInput
              id={id('model')}
              testId="settings-default-model"
              value={settings?.defaultModel ?? ''}
              placeholder={current.defaultModel}
              list={models.length ? id('models') : undefined}
              onCommit={(v) => void controller.settings.update({ defaultModel: v || null })}
            />
          </Row>
          <Row label={t('settings.fallbackModel')} htmlFor={id('fallback')} hint={t('settings.fallbackModelHint')} field="models.fallback">
            <CommitInput
              id={id('fallback')}
              testId="settings-fallback-model"
              value={current.fallbackModel ?? ''}
              placeholder={t('settings.noFallback')}
              list={models.length ? id('models') : undefined}
              onCommit={(v) => {
                const draft = toDraft({ ...valuesFromProvider(current), fallbackModel: v })
                void controller.settings.saveProvider(draft)
              }}
            />
          </Row>
          {models.length ? (
            <datalist id={id('models')}>
              {models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          ) : null}
        </>
      )}
    </Section>
  )
}

/** Every global shortcut in one place (one recorder for each), and the window's own shortcuts. */
export function ShortcutsPage(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const id = useFieldIds()
  return (
    <Section title={t('settings.nav.shortcuts')} testId="settings-shortcuts">
      <CompanionShortcutRow />
      <Row label={t('capture.shortcutLabel')} htmlFor={id('capture-shortcut')} hint={t('capture.shortcutHint')} field="shortcuts.capture">
        <CaptureShortcutField id={id('capture-shortcut')} value={settings?.captureShortcut ?? 'CommandOrControl+Shift+2'} />
      </Row>
      <Row label={t('settings.windowShortcuts')} hint={t('settings.windowShortcutsHint')} field="shortcuts.window">
        <button
          type="button"
          className="od-btn od-btn-small"
          data-testid="settings-show-shortcuts"
          onClick={() => {
            controller.view.closeSettings()
            controller.view.openShortcuts()
          }}
        >
          {t('settings.showShortcuts')}
        </button>
      </Row>
    </Section>
  )
}

export function AssistantsPage(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const count = useAppState((s) => s.assistants.length)
  return (
    <Section title={t('settings.nav.assistants')}>
      <Row label={t('settings.assistantsManage')} hint={t('settings.assistantsHint', { count })} field="assistants.open">
        <button type="button" className="od-btn od-btn-small" data-testid="settings-open-assistants" onClick={() => controller.assistants.open()}>
          {t('settings.assistantsOpen')}
        </button>
      </Row>
    </Section>
  )
}

export function DataPage(): ReactElement {
  const { t } = useTranslation()
  const info = useAppState((s) => s.info)
  return (
    <>
      <Section title={t('settings.sections.history')} testId="settings-history">
        <HistoryBackups />
      </Section>
      <TransferSettings />
      <Section title={t('settings.dataFolder')}>
        <Row label={t('settings.dataFolder')} field="data.folder">
          <code className="od-path" data-testid="settings-data-dir">
            {info?.dataDir ?? ''}
          </code>
        </Row>
      </Section>
    </>
  )
}

export function AboutPage(props: { children?: React.ReactNode }): ReactElement {
  const { t } = useTranslation()
  const info = useAppState((s) => s.info)
  return (
    <>
      <Section title={t('settings.sections.about')}>
        <Row label={t('settings.version')} field="about.version">
          <span className="od-settings-value" data-testid="settings-version">
            {info?.version ?? ''}
          </span>
        </Row>
      </Section>
      {props.children}
    </>
  )
}
