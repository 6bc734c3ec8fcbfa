// @vitest-environment jsdom
/** The renderer's small pure rules: snippets, model picker, provider form, errors, theme, dates. */
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { Settings as SettingsSchema, type ProviderView, type Settings } from '../../src/shared/settings'
import { calendarGroupLabel, groupByDate, dateGroup } from '../../src/renderer/src/logic/dates'
import { errorFromUnknown, errorNeedsSettings } from '../../src/renderer/src/logic/errors'
import { AppError } from '../../src/shared/errors'
import { effectiveKeyring } from '../../src/renderer/src/logic/keyring'
import { decodeChoice, effectiveChoice, encodeChoice, modelOptionGroups } from '../../src/renderer/src/logic/models'
import {
  completeBaseUrl,
  failedAuth,
  keyFieldMode,
  pickDefaultModel,
  switchPreset,
  toDraft,
  toTestDraft,
  validateProviderForm,
  valuesFromPreset,
  valuesFromProvider,
  warnsPlainHttp
} from '../../src/renderer/src/logic/providerForm'
import { parseSnippet } from '../../src/renderer/src/logic/snippet'
import { pinnedAfterScroll } from '../../src/renderer/src/components/useFollowBottom'
import { applySettingsPatch } from '../../src/renderer/src/logic/settingsPatch'
import { resolveTheme } from '../../src/renderer/src/logic/theme'
import { applyLive, mergeLive, partsText, toViewMessage, type ViewMessage } from '../../src/renderer/src/state/messages'

const provider = (over: Partial<ProviderView> = {}): ProviderView => ({
  id: 'p1',
  presetId: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o',
  fallbackModel: 'gpt-4o-mini',
  hasKey: true,
  ...over
})
const settings = (over: Partial<Settings> = {}): Settings => ({
  ...SettingsSchema.parse({ theme: 'system', launchAtLogin: false, enterToSend: true, allowPlaintextSecrets: false }),
  ...over
})

describe('parseSnippet', () => {
  it('splits marked runs', () => {
    expect(parseSnippet('the \u0001quick\u0002 fox')).toEqual([
      { text: 'the ', mark: false },
      { text: 'quick', mark: true },
      { text: ' fox', mark: false }
    ])
  })
  it('handles CJK, several marks, adjacent marks and unterminated marks', () => {
    expect(parseSnippet('\u0001中文\u0002和\u0001搜索\u0002')).toEqual([
      { text: '中文', mark: true },
      { text: '和', mark: false },
      { text: '搜索', mark: true }
    ])
    expect(parseSnippet('\u0001a\u0002\u0001b\u0002')).toEqual([{ text: 'ab', mark: true }])
    expect(parseSnippet('x\u0001y')).toEqual([
      { text: 'x', mark: false },
      { text: 'y', mark: true }
    ])
    expect(parseSnippet('')).toEqual([])
  })
})

describe('model picker', () => {
  it('lists default, fallback, then listed models without duplicates', () => {
    const groups = modelOptionGroups([provider()], { p1: ['o3', 'gpt-4o', 'gpt-4.1'] })
    expect(groups[0].options).toEqual([
      { model: 'gpt-4o', tag: 'default' },
      { model: 'gpt-4o-mini', tag: 'fallback' },
      { model: 'gpt-4.1' },
      { model: 'o3' }
    ])
  })
  it('keeps the current choice even when not listed', () => {
    const groups = modelOptionGroups([provider({ fallbackModel: undefined })], {}, { providerId: 'p1', model: 'custom-x' })
    expect(groups[0].options.map((o) => o.model)).toEqual(['gpt-4o', 'custom-x'])
  })
  it('picks the selection, else the conversation, else the defaults', () => {
    const providers = [provider(), provider({ id: 'p2', name: 'Local', defaultModel: 'llama3.2', fallbackModel: undefined })]
    const conv: Conversation = { id: 'c', title: 't', titleIsAuto: true, providerId: 'p2', model: 'qwen', createdAt: 1, updatedAt: 1 }
    expect(effectiveChoice({ selection: { providerId: 'p1', model: 'o3' }, conversation: conv, settings: settings(), providers })).toEqual({
      providerId: 'p1',
      model: 'o3'
    })
    expect(effectiveChoice({ selection: null, conversation: conv, settings: settings(), providers })).toEqual({
      providerId: 'p2',
      model: 'qwen'
    })
    expect(effectiveChoice({ selection: null, conversation: undefined, settings: settings({ defaultProviderId: 'p2' }), providers })).toEqual({
      providerId: 'p2',
      model: 'llama3.2'
    })
    expect(
      effectiveChoice({ selection: null, conversation: undefined, settings: settings({ defaultModel: 'gpt-4.1' }), providers })
    ).toEqual({ providerId: 'p1', model: 'gpt-4.1' })
    // a selection for a removed provider is ignored
    expect(effectiveChoice({ selection: { providerId: 'gone', model: 'x' }, conversation: undefined, settings: null, providers })).toEqual({
      providerId: 'p1',
      model: 'gpt-4o'
    })
    expect(effectiveChoice({ selection: null, conversation: undefined, settings: null, providers: [] })).toBeNull()
  })
  it('encodes choices reversibly, model names with colons included', () => {
    const c = { providerId: 'p-1', model: 'llama3.2:latest' }
    expect(decodeChoice(encodeChoice(c))).toEqual(c)
    expect(decodeChoice('garbage')).toBeNull()
  })
})

describe('provider form', () => {
  it('prefills from presets', () => {
    const v = valuesFromPreset('openai')
    expect(v.baseURL).toBe('https://api.openai.com/v1')
    expect(v.defaultModel).toBe('gpt-4o')
    expect(v.fallbackModel).toBe('gpt-4o-mini')
    expect(valuesFromPreset('azure').apiVersion).toBeTruthy()
  })
  it('validates the base URL inline through normalizeBaseUrl', () => {
    expect(validateProviderForm({ ...valuesFromPreset('openai'), baseURL: 'not a url' }).baseURL).toBe('scheme')
    expect(validateProviderForm({ ...valuesFromPreset('openai'), baseURL: 'ftp://x' }).baseURL).toBe('scheme')
    expect(validateProviderForm({ ...valuesFromPreset('openai'), baseURL: 'https://' }).baseURL).toBe('invalid')
    expect(validateProviderForm({ ...valuesFromPreset('azure') }).baseURL).toBe('empty')
    expect(validateProviderForm({ ...valuesFromPreset('openai'), apiKey: 'sk-1' })).toEqual({})
    expect(validateProviderForm({ ...valuesFromPreset('openai'), defaultModel: ' ' }).defaultModel).toBe('required')
  })
  it('shows the key field only where it matters', () => {
    expect(keyFieldMode('openai')).toBe('required')
    expect(keyFieldMode('azure')).toBe('required')
    expect(keyFieldMode('ollama')).toBe('hidden')
    expect(keyFieldMode('lmstudio')).toBe('hidden')
    expect(keyFieldMode('custom')).toBe('optional')
  })
  it('builds drafts: normalised URL, typed key, kept key, cleared key', () => {
    const typed = toDraft({ ...valuesFromPreset('openai'), baseURL: 'https://api.openai.com/', apiKey: ' sk-1 ' })
    expect(typed).toMatchObject({ presetId: 'openai', baseURL: 'https://api.openai.com/v1', apiKey: 'sk-1', defaultModel: 'gpt-4o' })
    const saved = valuesFromProvider(provider())
    expect('apiKey' in toDraft(saved)).toBe(false)
    expect(toDraft(saved).id).toBe('p1')
    expect(toDraft({ ...saved, clearKey: true }).apiKey).toBeNull()
    expect(toDraft({ ...saved, apiKey: 'sk-new' }).apiKey).toBe('sk-new')
    expect(toDraft({ ...saved, fallbackModel: '' }).fallbackModel).toBe('')
    expect(toDraft(valuesFromPreset('ollama'))).not.toHaveProperty('apiKey')
    expect(toDraft(valuesFromPreset('openai'))).not.toHaveProperty('apiVersion')
  })
  it('tests a provider before a model is chosen', () => {
    expect(toTestDraft(valuesFromPreset('lmstudio')).defaultModel).toBeTruthy()
    expect(toTestDraft(valuesFromPreset('openai')).defaultModel).toBe('gpt-4o')
  })
  it('completes a base URL typed without a scheme: http:// on this computer and the LAN, https:// elsewhere', () => {
    expect(completeBaseUrl('localhost:5302')).toBe('http://localhost:5302')
    expect(completeBaseUrl(' 127.0.0.1:11434/v1 ')).toBe('http://127.0.0.1:11434/v1')
    expect(completeBaseUrl('192.168.1.20:8080')).toBe('http://192.168.1.20:8080')
    expect(completeBaseUrl('gpu-box.local:8000')).toBe('http://gpu-box.local:8000')
    expect(completeBaseUrl('api.example.com')).toBe('https://api.example.com')
    expect(completeBaseUrl('https://api.openai.com/v1')).toBe('https://api.openai.com/v1')
    expect(completeBaseUrl('http://example.com')).toBe('http://example.com')
    expect(completeBaseUrl('ftp://x')).toBe('ftp://x')
    const local = { ...valuesFromPreset('custom'), baseURL: 'localhost:5302' }
    expect(validateProviderForm(local).baseURL).toBeUndefined()
    expect(toDraft(local).baseURL).toBe('http://localhost:5302/v1')
    // Plain http to a remote host is still warned about; a guessed scheme never is plain http there.
    expect(warnsPlainHttp({ presetId: 'custom', baseURL: 'http://example.com' })).toBe(true)
    expect(warnsPlainHttp({ presetId: 'custom', baseURL: 'example.com' })).toBe(false)
  })
  it('asks for the key of a preset that needs one, unless a saved key for this address stays', () => {
    expect(validateProviderForm(valuesFromPreset('openai')).apiKey).toBe('required')
    expect(validateProviderForm({ ...valuesFromPreset('openai'), apiKey: '  ' }).apiKey).toBe('required')
    expect(validateProviderForm({ ...valuesFromPreset('custom'), baseURL: 'http://localhost:1' }).apiKey).toBeUndefined()
    expect(validateProviderForm(valuesFromPreset('ollama')).apiKey).toBeUndefined()
    const saved = valuesFromProvider({ ...provider(), presetId: 'openai', hasKey: true })
    expect(validateProviderForm(saved).apiKey).toBeUndefined()
    expect(validateProviderForm({ ...saved, clearKey: true }).apiKey).toBe('required')
    expect(validateProviderForm({ ...saved, baseURL: 'https://elsewhere.example/v1' }).apiKey).toBe('required')
  })
  it('after Test connection keeps the typed model, else the preset default or a known one the provider lists', () => {
    const listed = ['deepseek-chat', 'gpt-4o', 'gpt-4o-mini']
    expect(pickDefaultModel('', 'custom', listed)).toBe('gpt-4o')
    expect(pickDefaultModel('', 'openai', listed)).toBe('gpt-4o')
    expect(pickDefaultModel('my-model', 'custom', listed)).toBe('my-model')
    expect(pickDefaultModel('', 'lmstudio', ['b-model', 'a-model'])).toBe('b-model')
    expect(pickDefaultModel('', 'custom', [])).toBe('')
  })
  it('asks before saving a key the provider refused', () => {
    expect(failedAuth({ code: 'auth' })).toBe(true)
    expect(failedAuth({ code: 'connection' })).toBe(false)
  })
  it('keeps the typed key when switching preset', () => {
    const v = switchPreset({ ...valuesFromPreset('openai'), apiKey: 'sk-x' }, 'deepseek')
    expect(v.presetId).toBe('deepseek')
    expect(v.apiKey).toBe('sk-x')
    expect(v.baseURL).toContain('deepseek')
  })
})

describe('errors', () => {
  it('a failed call is an AppError carrying main\'s ErrorInfo; anything else is unknown with its message', () => {
    expect(errorFromUnknown(new AppError({ code: 'no_key' }))).toEqual({ code: 'no_key' })
    expect(errorFromUnknown(new AppError({ code: 'auth', detail: 'bad key', status: 401 }))).toEqual({ code: 'auth', detail: 'bad key', status: 401 })
    expect(errorFromUnknown(new Error('something odd'))).toEqual({ code: 'unknown', detail: 'something odd' })
    expect(errorFromUnknown(undefined)).toEqual({ code: 'unknown' })
  })
  it('knows which errors are fixed in Settings', () => {
    expect(errorNeedsSettings('auth')).toBe(true)
    expect(errorNeedsSettings('no_key')).toBe(true)
    expect(errorNeedsSettings('rate_limit')).toBe(false)
    expect(errorNeedsSettings('stream_dropped')).toBe(false)
  })
})

describe('theme, keyring, dates', () => {
  it('resolves the theme', () => {
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme(undefined, true)).toBe('dark')
  })
  it('derives the keyring state from the opt-in', () => {
    expect(effectiveKeyring('available', false)).toBe('available')
    expect(effectiveKeyring('unavailable', false)).toBe('unavailable')
    expect(effectiveKeyring('unavailable', true)).toBe('plaintext-allowed')
    expect(effectiveKeyring('plaintext-allowed', false)).toBe('unavailable')
  })
  it('groups conversations by day, most recent first', () => {
    const now = new Date(2026, 4, 20, 15, 0).getTime()
    const day = 86_400_000
    expect(dateGroup(now - 1000, now)).toBe('today')
    expect(dateGroup(now - day, now)).toBe('yesterday')
    expect(dateGroup(now - 3 * day, now)).toBe('previous7')
    expect(dateGroup(now - 20 * day, now)).toBe('previous30')
    expect(dateGroup(now - 90 * day, now)).toBe('month:2026-02')
    expect(dateGroup(new Date(2024, 6, 1).getTime(), now)).toBe('year:2024')
    expect(calendarGroupLabel('month:2026-02', 'en')).toBe('February')
    expect(calendarGroupLabel('month:2026-02', 'zh-CN')).toBe('二月')
    expect(calendarGroupLabel('year:2024', 'en')).toBe('2024')
    const groups = groupByDate(
      [
        { id: 'old', updatedAt: now - 90 * day },
        { id: 'older', updatedAt: now - 95 * day },
        { id: 'last-year', updatedAt: new Date(2025, 11, 31).getTime() },
        { id: 'a', updatedAt: now - 2000 },
        { id: 'b', updatedAt: now - 1000 }
      ],
      now
    )
    expect(groups.map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ['today', ['b', 'a']],
      ['month:2026-02', ['old', 'older']],
      ['year:2025', ['last-year']]
    ])
  })
})

describe('messages: stored truth merged with live stream text', () => {
  const stored = (over: Partial<ViewMessage> = {}): ViewMessage => ({
    id: 'a1',
    conversationId: 'c1',
    role: 'assistant',
    text: 'Hel',
    images: 0,
    status: 'streaming',
    createdAt: 1,
    ...over
  })
  it('joins text parts and counts images', () => {
    const m = toViewMessage({
      id: 'm',
      conversationId: 'c',
      role: 'user',
      parts: [
        { type: 'text', text: 'a' },
        { type: 'image', attachmentId: 'x', mime: 'image/png' },
        { type: 'text', text: 'b' }
      ],
      status: 'complete',
      createdAt: 1,
      updatedAt: 1
    })
    expect(m.text).toBe('a\nb')
    expect(m.images).toBe(1)
    expect(partsText([])).toBe('')
  })
  it('prefers live text seen from the start while streaming', () => {
    const live = new Map([['a1', { conversationId: 'c1', streamId: 's', text: 'Hello wor', fromStart: true, model: 'gpt-4o' }]])
    expect(mergeLive([stored()], live)[0]).toMatchObject({ text: 'Hello wor', model: 'gpt-4o' })
  })
  it('keeps stored text when live text is only a tail (subscribed mid-stream)', () => {
    expect(applyLive(stored(), { conversationId: 'c1', streamId: 's', text: 'lo', fromStart: false }).text).toBe('Hel')
  })
  it('lets the stored message win once it is no longer streaming', () => {
    const m = stored({ status: 'complete', text: 'Hello world' })
    expect(applyLive(m, { conversationId: 'c1', streamId: 's', text: 'Hello', fromStart: true })).toBe(m)
  })
})

describe('applySettingsPatch', () => {
  it('sets given values, clears nulls, leaves the rest', () => {
    const before = settings({ language: 'zh-CN', defaultModel: 'o3', defaultProviderId: 'p1' })
    const after = applySettingsPatch(before, { theme: 'dark', defaultModel: null, language: undefined })
    expect(after).toEqual({ ...settings({ language: 'zh-CN', defaultProviderId: 'p1' }), theme: 'dark' })
    expect('defaultModel' in after).toBe(false)
  })
})

describe('following the bottom of a message list', () => {
  const runwayPx = 128
  it('follows near the end, and only a move up leaves it', () => {
    expect(pinnedAfterScroll(false, { movedUp: false, distanceToEnd: 100, runwayPx })).toBe(true)
    expect(pinnedAfterScroll(true, { movedUp: true, distanceToEnd: 900, runwayPx })).toBe(false)
    // Unpinned and scrolling down, not yet at the end: still reading.
    expect(pinnedAfterScroll(false, { movedUp: false, distanceToEnd: 900, runwayPx })).toBe(false)
  })

  it('the late event of its own scroll, after the answer grew again, does not read as the user leaving', () => {
    expect(pinnedAfterScroll(true, { movedUp: false, distanceToEnd: 1900, runwayPx })).toBe(true)
  })
})
