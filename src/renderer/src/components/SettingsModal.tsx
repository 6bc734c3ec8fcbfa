/**
 * Settings, as a dialog over the chat: a sidebar of pages (settings/sections.ts), a search box
 * over every setting, and links into it (`view.openSettings(target)`: a page, a field, a
 * provider's key).
 *
 * Every page stays mounted and the ones not shown are hidden: the search reads the settings'
 * words from the page itself (labels, hints, choices, in the UI language), so a setting added to
 * any page is found without being listed anywhere else, and a link can land on a field at once.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController } from '../state/hooks'
import { IconClose } from './Icons'
import { CompanionDiagnosticsSection, CompanionSettingsSection } from '../companion/CompanionSettings'
import { VoiceSettingsSection } from '../voice/VoiceSettings'
import { ToolsSettingsSection } from '../tools/ToolsSettings'
import { MemorySettingsSection } from './MemorySettings'
import { SETTINGS_SECTIONS, type SettingsSectionId } from '../logic/settingsSections'
import { ProvidersPage } from '../settings/ProvidersPage'
import { AboutPage, AssistantsPage, DataPage, GeneralPage, ModelsPage, ShortcutsPage } from '../settings/pages'
import { useSettingsSearch } from '../settings/useSettingsSearch'
import { useDialogFocus } from './useDialogFocus'
import { UpdatesSettings } from '../updates/UpdatesSettings'
import '../settings/settings.css'

/** How long a field a link landed on stays highlighted. */
const LANDED_FLASH_MS = 1600

export function SettingsModal(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const link = useAppState((s) => s.settingsTarget)
  const [section, setSection] = useState<SettingsSectionId>(link?.target.section ?? 'general')
  const [query, setQuery] = useState('')
  const dialog = useRef<HTMLDivElement>(null)
  const content = useRef<HTMLDivElement>(null)
  const uid = useId()
  const onDialogKeyDown = useDialogFocus(dialog, { fallback: () => controller.view.focusComposer() })
  const search = useSettingsSearch(content, query)

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // A control that uses Esc itself (a shortcut being recorded, an open list) says so first.
      if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing) {
        e.preventDefault()
        controller.view.closeSettings()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [controller])

  // A link into Settings: its page, then its field brought into view, focused and highlighted.
  useEffect(() => {
    if (!link) return
    setQuery('')
    setSection(link.target.section)
    const field = link.target.field
    if (!field) return
    let flashTimer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      const row = content.current?.querySelector<HTMLElement>(`[data-settings-field="${CSS.escape(field)}"]`)
      if (!row) return
      row.scrollIntoView?.({ block: 'center' })
      row.querySelector<HTMLElement>('input, select, textarea, button')?.focus()
      row.dataset.landed = 'true'
      flashTimer = setTimeout(() => delete row.dataset.landed, LANDED_FLASH_MS)
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(flashTimer)
    }
  }, [link])

  // A new page starts at its top.
  useLayoutEffect(() => {
    if (!query) content.current?.scrollTo?.({ top: 0 })
  }, [section, query])

  const searching = query.trim() !== ''
  const page = (id: SettingsSectionId, children: ReactNode): ReactElement => (
    <div
      className="od-settings-page"
      data-settings-page={id}
      data-shown={searching || section === id ? 'true' : 'false'}
      role={searching ? undefined : 'tabpanel'}
      id={`${uid}-${id}`}
      aria-labelledby={`${uid}-${id}-tab`}
    >
      {children}
    </div>
  )

  return (
    <div
      className="od-modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) controller.view.closeSettings()
      }}
    >
      <div
        ref={dialog}
        className="od-modal od-settings-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${uid}-title`}
        data-testid="settings"
        data-section={searching ? 'search' : section}
        onKeyDown={onDialogKeyDown}
      >
        <header className="od-modal-header">
          <h2 id={`${uid}-title`}>{t('settings.title')}</h2>
          <button
            type="button"
            className="od-icon-btn"
            data-testid="settings-close"
            aria-label={t('settings.close')}
            title={t('settings.close')}
            onClick={() => controller.view.closeSettings()}
          >
            <IconClose />
          </button>
        </header>
        <div className="od-settings-layout">
          <nav className="od-settings-nav" aria-label={t('settings.nav.label')}>
            <input
              type="search"
              className="od-input od-settings-search"
              data-testid="settings-search"
              placeholder={t('settings.searchPlaceholder')}
              aria-label={t('settings.searchPlaceholder')}
              value={query}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                // Esc in a filled search box clears it; the next one closes Settings.
                if (e.key === 'Escape' && query) {
                  e.preventDefault()
                  setQuery('')
                }
              }}
            />
            <ul role="tablist" aria-orientation="vertical" className="od-settings-nav-list">
              {SETTINGS_SECTIONS.map((id) => (
                <li key={id} role="presentation">
                  <button
                    type="button"
                    role="tab"
                    id={`${uid}-${id}-tab`}
                    aria-controls={`${uid}-${id}`}
                    aria-selected={!searching && section === id}
                    className="od-settings-nav-item"
                    data-testid={`settings-nav-${id}`}
                    data-match={searching ? (search.pagesWithMatches.has(id) ? 'true' : 'false') : undefined}
                    onClick={() => {
                      setQuery('')
                      setSection(id)
                    }}
                  >
                    {t(`settings.nav.${id}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div ref={content} className="od-modal-body od-settings-content" data-searching={searching ? 'true' : undefined}>
            {searching && search.pagesWithMatches.size === 0 ? (
              <p className="od-muted od-settings-no-match" data-testid="settings-no-match" role="status">
                {t('settings.noMatch', { query: query.trim() })}
              </p>
            ) : null}
            {page('general', <GeneralPage />)}
            {page('providers', <ProvidersPage target={link?.target ?? null} targetTick={link?.tick ?? 0} />)}
            {page('models', <ModelsPage onGoToProviders={() => setSection('providers')} />)}
            {page('shortcuts', <ShortcutsPage />)}
            {page('companion', <CompanionSettingsSection />)}
            {page('voice', <VoiceSettingsSection />)}
            {page('tools', <ToolsSettingsSection />)}
            {page('memory', <MemorySettingsSection />)}
            {page('assistants', <AssistantsPage />)}
            {page('data', <DataPage />)}
            {page('updates', <UpdatesSettings />)}
            {page(
              'about',
              <AboutPage>
                {/* Developer figures (the companion's measured show latency): under About, not beside everyday settings. */}
                <CompanionDiagnosticsSection />
              </AboutPage>
            )}
          </div>
        </div>
      </div>
    </div>
  )
}
