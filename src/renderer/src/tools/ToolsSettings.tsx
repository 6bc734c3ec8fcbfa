/**
 * Settings → Tools: where web_search searches (SearXNG's address, or a Tavily / Brave key kept in
 * main), whether read_url may read local addresses, how many tool rounds an answer may take, and
 * the tools the user allowed to run without asking (each can be taken back).
 */
import { useEffect, useId, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { WebSearchBackend } from '../../../shared/settings'
import { CommitInput, Row, Section, SwitchInput } from '../components/SettingsRow'
import { ErrorText } from '../components/ErrorPanel'
import type { ErrorInfo } from '../../../shared/errors'
import { useAppState, useController } from '../state/hooks'
import { McpServersSettings } from './McpServersSettings'
import '../components/settingsFields.css'

const BACKENDS: readonly WebSearchBackend[] = ['none', 'searxng', 'tavily', 'brave']

function SearchKeyField(props: { backend: 'tavily' | 'brave'; id: string }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [stored, setStored] = useState<boolean | null>(null)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<ErrorInfo | null>(null)
  useEffect(() => {
    let live = true
    void controller.settings.searchKeys().then((keys) => live && setStored(keys[props.backend]))
    return () => {
      live = false
    }
  }, [controller, props.backend])
  const save = async (key: string | null): Promise<void> => {
    const failed = await controller.settings.setSearchKey(props.backend, key)
    setError(failed)
    if (!failed) {
      setStored(key !== null)
      setDraft('')
    }
  }
  return (
    <div className="od-search-key">
      <input
        id={props.id}
        type="password"
        className="od-input"
        data-testid="settings-search-key"
        value={draft}
        placeholder={stored ? t('settings.tools.keyStored') : t('settings.tools.keyPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="button" className="od-btn od-btn-small" data-testid="settings-search-key-save" disabled={!draft.trim()} onClick={() => void save(draft.trim())}>
        {t('common.save')}
      </button>
      {stored ? (
        <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="settings-search-key-remove" onClick={() => void save(null)}>
          {t('settings.tools.removeKey')}
        </button>
      ) : null}
      {error ? <ErrorText error={error} /> : null}
    </div>
  )
}

export function ToolsSettingsSection(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`
  const backend = settings?.webSearchBackend ?? 'none'
  const allowed = settings?.toolsAlwaysAllowed ?? []
  return (
    <Section title={t('settings.sections.tools')} testId="settings-tools">
      <Row label={t('settings.tools.search')} htmlFor={id('backend')} hint={t('settings.tools.searchHint')} field="tools.search">
        <select
          id={id('backend')}
          className="od-select"
          data-testid="settings-search-backend"
          value={backend}
          onChange={(e) => void controller.settings.update({ webSearchBackend: e.target.value as WebSearchBackend })}
        >
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {t(`settings.tools.backends.${b}`)}
            </option>
          ))}
        </select>
      </Row>
      {backend === 'searxng' ? (
        <Row label={t('settings.tools.searxngUrl')} htmlFor={id('searxng')} hint={t('settings.tools.searxngHint')} field="tools.searxngUrl">
          <CommitInput
            id={id('searxng')}
            testId="settings-searxng-url"
            value={settings?.searxngUrl ?? ''}
            placeholder="http://localhost:8888"
            onCommit={(v) => void controller.settings.update({ searxngUrl: v })}
          />
        </Row>
      ) : null}
      {backend === 'tavily' || backend === 'brave' ? (
        <Row label={t('settings.tools.apiKey')} htmlFor={id('key')} field="tools.searchKey">
          <SearchKeyField backend={backend} id={id('key')} />
        </Row>
      ) : null}
      <Row label={t('settings.tools.localNetwork')} htmlFor={id('local')} hint={t('settings.tools.localNetworkHint')} field="tools.localNetwork">
        <SwitchInput
          id={id('local')}
          testId="settings-read-local"
          checked={settings?.readUrlLocalNetwork ?? false}
          onChange={(checked) => void controller.settings.update({ readUrlLocalNetwork: checked })}
        />
      </Row>
      <Row label={t('settings.tools.embeddingModel')} htmlFor={id('embeddings')} hint={t('settings.tools.embeddingModelHint')} field="tools.embeddingModel">
        <CommitInput
          id={id('embeddings')}
          testId="settings-embedding-model"
          value={settings?.embeddingModel ?? ''}
          placeholder="text-embedding-3-small"
          onCommit={(v) => {
            if (v.trim()) void controller.settings.update({ embeddingModel: v.trim() })
          }}
        />
      </Row>
      <Row label={t('settings.tools.stepLimit')} htmlFor={id('steps')} hint={t('settings.tools.stepLimitHint')} field="tools.stepLimit">
        <input
          id={id('steps')}
          type="number"
          min={1}
          max={50}
          className="od-input od-input-number"
          data-testid="settings-step-limit"
          value={settings?.toolStepLimit ?? 10}
          onChange={(e) => {
            const n = Math.round(Number(e.target.value))
            if (n >= 1 && n <= 50) void controller.settings.update({ toolStepLimit: n })
          }}
        />
      </Row>
      <Row label={t('settings.tools.alwaysAllowed')} hint={allowed.length ? undefined : t('settings.tools.alwaysAllowedNone')} field="tools.alwaysAllowed">
        <div className="od-chip-list" data-testid="settings-always-allowed">
          {allowed.map((name) => (
            <span key={name} className="od-attachment-chip">
              {name}
              <button
                type="button"
                className="od-icon-btn"
                aria-label={t('settings.tools.revoke', { tool: name })}
                title={t('settings.tools.revoke', { tool: name })}
                onClick={() => void controller.settings.update({ toolsAlwaysAllowed: allowed.filter((n) => n !== name) })}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      </Row>
      <McpServersSettings />
    </Section>
  )
}
