// @vitest-environment jsdom
/**
 * Every UI string exists in both languages: same keys (the zh-CN type enforces it at compile
 * time, this enforces it at run time too), no empty strings, and the same {{placeholders}}.
 */
import { describe, expect, it } from 'vitest'
import en from '../../src/renderer/src/i18n/en'
import zhCN from '../../src/renderer/src/i18n/zh-CN'
import { pickLanguage } from '../../src/renderer/src/i18n/language'
import { ERROR_CODES } from '../../src/renderer/src/logic/errors'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
  }
  return out
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()

describe('i18n resources', () => {
  const enKeys = flatten(en as unknown as Tree)
  const zhKeys = flatten(zhCN as unknown as Tree)

  it('zh-CN has exactly the keys en has', () => {
    const missing = [...enKeys.keys()].filter((k) => !zhKeys.has(k))
    const extra = [...zhKeys.keys()].filter((k) => !enKeys.has(k))
    expect(missing).toEqual([])
    expect(extra).toEqual([])
    expect(enKeys.size).toBeGreaterThan(100)
  })

  it('has no empty or whitespace-only strings', () => {
    for (const [lang, keys] of [['en', enKeys], ['zh-CN', zhKeys]] as const) {
      const empty = [...keys].filter(([, v]) => !v.trim()).map(([k]) => `${lang}:${k}`)
      expect(empty).toEqual([])
    }
  })

  it('uses the same interpolation variables in both languages', () => {
    const mismatched = [...enKeys]
      .filter(([k, v]) => placeholders(v).join() !== placeholders(zhKeys.get(k) ?? '').join())
      .map(([k]) => k)
    expect(mismatched).toEqual([])
  })

  it('has a plural pair wherever a plural form is used', () => {
    for (const k of enKeys.keys()) {
      if (k.endsWith('_one')) expect(enKeys.has(k.replace(/_one$/, '_other'))).toBe(true)
      if (k.endsWith('_other')) expect(enKeys.has(k.replace(/_other$/, '_one'))).toBe(true)
    }
  })

  it('translates every chat error code', () => {
    for (const code of ERROR_CODES) {
      expect(enKeys.get(`errors.${code}`), code).toBeTruthy()
      expect(zhKeys.get(`errors.${code}`), code).toBeTruthy()
    }
  })

  it('says what the E2E tests look for', () => {
    expect(en.errors.auth).toContain('check your API key')
    expect(en.errors.connection).toBe("Can't reach the provider. Check your network or the base URL, then Retry.")
    expect(en.errors.stream_dropped).toBe('The connection dropped before the answer finished. What arrived is kept.')
  })

  it('zh-CN really is Chinese where it should be', () => {
    const cjk = /[\u4e00-\u9fff]/
    for (const key of ['chat.send', 'chat.stop', 'sidebar.newChat', 'errors.auth', 'settings.title', 'onboarding.title']) {
      expect(zhKeys.get(key), key).toMatch(cjk)
    }
  })
})

describe('pickLanguage', () => {
  it('prefers the saved choice', () => {
    expect(pickLanguage('en', 'zh-CN')).toBe('en')
    expect(pickLanguage('zh-CN', 'en-US')).toBe('zh-CN')
  })
  it('follows a Chinese OS locale when nothing is saved', () => {
    expect(pickLanguage(undefined, 'zh-CN')).toBe('zh-CN')
    expect(pickLanguage(undefined, 'zh-TW')).toBe('zh-CN')
    expect(pickLanguage(undefined, 'zh')).toBe('zh-CN')
    expect(pickLanguage(undefined, 'ZH-Hans-CN')).toBe('zh-CN')
  })
  it('falls back to English', () => {
    expect(pickLanguage(undefined, 'en-GB')).toBe('en')
    expect(pickLanguage(undefined, 'fr-FR')).toBe('en')
    expect(pickLanguage(undefined, '')).toBe('en')
    expect(pickLanguage(undefined, undefined)).toBe('en')
  })
})
