// @vitest-environment jsdom
/**
 * Settings' pages, search and links: where an error's "Open Settings" lands, which words find a
 * setting, and the search over rendered pages (sections, rows, the pages that still show).
 */
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../src/shared/errors'
import { SETTINGS_SECTIONS, isSettingsSection, settingsTargetForError } from '../../src/renderer/src/logic/settingsSections'
import { matchesWords, normalizeForSearch, queryWords } from '../../src/renderer/src/logic/settingsSearch'
import { applySettingsSearch } from '../../src/renderer/src/settings/useSettingsSearch'

describe('settingsTargetForError', () => {
  it('sends a key error to the failing provider’s key, an address error to its address', () => {
    expect(settingsTargetForError('auth', 'p1')).toEqual({ section: 'providers', provider: { id: 'p1', field: 'apiKey' } })
    expect(settingsTargetForError('no_key', 'p1')).toEqual({ section: 'providers', provider: { id: 'p1', field: 'apiKey' } })
    expect(settingsTargetForError('key_other_origin', 'p1').provider?.field).toBe('apiKey')
    for (const code of ['not_found', 'invalid_url', 'redirect_refused'] as const) {
      expect(settingsTargetForError(code, 'p1').provider).toEqual({ id: 'p1', field: 'baseURL' })
    }
  })

  it('without a provider it opens the providers page; other fixes have their own field', () => {
    expect(settingsTargetForError('auth', null)).toEqual({ section: 'providers' })
    expect(settingsTargetForError('no_provider', null)).toEqual({ section: 'providers' })
    expect(settingsTargetForError('model_not_found', 'p1')).toEqual({ section: 'models', field: 'models.default' })
    expect(settingsTargetForError('tool_step_limit', 'p1')).toEqual({ section: 'tools', field: 'tools.stepLimit' })
    expect(settingsTargetForError('keyring_unavailable', 'p1')).toEqual({ section: 'providers', field: 'providers.keyring' })
  })

  it('lands on a page that exists for every error code', () => {
    for (const code of ErrorCode.options) expect(isSettingsSection(settingsTargetForError(code, 'p1').section)).toBe(true)
    expect(isSettingsSection('nowhere')).toBe(false)
    expect(new Set(SETTINGS_SECTIONS).size).toBe(SETTINGS_SECTIONS.length)
  })
})

describe('settings search words', () => {
  it('ignores case, accents, full-width forms and extra spaces', () => {
    expect(normalizeForSearch('  Thème   SOMBRE ')).toBe('theme sombre')
    expect(normalizeForSearch('ＡＰＩ Key')).toBe('api key')
    expect(queryWords('  ')).toEqual([])
    expect(queryWords('Fallback  MODEL')).toEqual(['fallback', 'model'])
  })

  it('needs every word, in any order; Chinese matches as typed', () => {
    expect(matchesWords('Fallback model — answers when rate-limited', queryWords('model fallback'))).toBe(true)
    expect(matchesWords('Fallback model', queryWords('fallback provider'))).toBe(false)
    expect(matchesWords('备用模型 在默认模型被限流时回答', queryWords('备用'))).toBe(true)
    expect(matchesWords('anything', [])).toBe(true)
  })
})

describe('applySettingsSearch', () => {
  const page = (id: string, sections: Array<{ title: string; rows: string[] }>): string =>
    `<div data-settings-page="${id}">${sections
      .map(
        (s) =>
          `<section class="od-settings-section"><h3 class="od-settings-section-title">${s.title}</h3><div class="od-settings-rows">${s.rows
            .map((r) => `<div class="od-settings-row">${r}</div>`)
            .join('')}</div></section>`
      )
      .join('')}</div>`

  const render = (): HTMLElement => {
    const root = document.createElement('div')
    root.innerHTML =
      page('general', [{ title: 'General', rows: ['Theme <select><option>Light</option><option>Dark</option></select>', 'Language'] }]) +
      page('voice', [{ title: 'Voice', rows: ['Mode realtime', 'Silence before the answer'] }])
    return root
  }
  const hidden = (root: HTMLElement): string[] =>
    [...root.querySelectorAll<HTMLElement>('[data-search-hidden]')].map((el) => el.textContent?.slice(0, 12) ?? '')
  /** The rows a user still sees: not marked, nor inside a marked section. */
  const shown = (root: HTMLElement): string[] =>
    [...root.querySelectorAll<HTMLElement>('.od-settings-row')]
      .filter((row) => !row.closest('[data-search-hidden]'))
      .map((row) => row.textContent?.slice(0, 8) ?? '')

  it('keeps the rows that match and the pages that still show something', () => {
    const root = render()
    expect([...applySettingsSearch(root, queryWords('dark'))]).toEqual(['general'])
    expect(shown(root)).toEqual(['Theme Li'])
  })

  it('keeps a whole section when its title matches, and clears every mark for an empty query', () => {
    const root = render()
    expect([...applySettingsSearch(root, queryWords('voice'))]).toEqual(['voice'])
    expect(shown(root)).toEqual(['Mode rea', 'Silence '])
    expect(applySettingsSearch(root, []).size).toBe(0)
    expect(hidden(root)).toEqual([])
  })
})
