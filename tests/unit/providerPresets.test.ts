import { describe, expect, it } from 'vitest'
import { normalizeBaseUrl, PROVIDER_PRESETS } from '../../src/shared/providerPresets'
import { PresetId } from '../../src/shared/settings'

describe('PROVIDER_PRESETS', () => {
  it('has one preset per PresetId, keyed by its own id', () => {
    expect(Object.keys(PROVIDER_PRESETS).sort()).toEqual([...PresetId.options].sort())
    for (const [id, preset] of Object.entries(PROVIDER_PRESETS)) expect(preset.id).toBe(id)
  })

  it('prefills base URLs that are already normalised', () => {
    for (const preset of Object.values(PROVIDER_PRESETS)) {
      if (!preset.baseURL) continue
      expect(normalizeBaseUrl(preset.baseURL, preset.id)).toEqual({ ok: true, url: preset.baseURL })
      for (const alternative of preset.baseURLAlternatives ?? []) {
        expect(normalizeBaseUrl(alternative.url, preset.id)).toEqual({ ok: true, url: alternative.url })
      }
    }
  })

  it('asks for a key exactly where the service cannot work without one', () => {
    const needingKey = Object.values(PROVIDER_PRESETS).filter((preset) => preset.needsKey).map((preset) => preset.id)
    expect(needingKey.sort()).toEqual(['azure', 'deepseek', 'openai', 'openrouter', 'qwen'])
    for (const preset of Object.values(PROVIDER_PRESETS)) expect(preset.keyOptional).toBe(!preset.needsKey)
  })

  it('gives Azure an API version and no guessed deployment', () => {
    expect(PROVIDER_PRESETS.azure.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(PROVIDER_PRESETS.azure.defaultModel).toBe('')
  })
})

describe('normalizeBaseUrl', () => {
  it.each([
    ['https://api.openai.com', 'https://api.openai.com/v1'],
    ['https://api.openai.com/', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['  https://api.openai.com/v1//  ', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1?foo=bar#x', 'https://api.openai.com/v1'],
    ['HTTPS://API.OpenAI.com/v1', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/chat/completions', 'https://api.openai.com/v1'],
    ['https://api.openai.com/v1/models', 'https://api.openai.com/v1'],
    ['http://127.0.0.1:11434', 'http://127.0.0.1:11434/v1'],
    ['http://localhost:1234/v1', 'http://localhost:1234/v1'],
    ['https://example.com:443/v1', 'https://example.com/v1']
  ])('%s → %s', (input, expected) => {
    expect(normalizeBaseUrl(input, 'openai')).toEqual({ ok: true, url: expected })
  })

  it('keeps a given path as it is', () => {
    expect(normalizeBaseUrl('https://dashscope.aliyuncs.com/compatible-mode/v1/', 'qwen')).toEqual({
      ok: true,
      url: 'https://dashscope.aliyuncs.com/compatible-mode/v1'
    })
    expect(normalizeBaseUrl('https://openrouter.ai/api/v1', 'openrouter')).toEqual({ ok: true, url: 'https://openrouter.ai/api/v1' })
    expect(normalizeBaseUrl('https://gateway.example/openai', 'custom')).toEqual({ ok: true, url: 'https://gateway.example/openai' })
  })

  it('keeps only the endpoint origin for Azure', () => {
    expect(normalizeBaseUrl('https://my-res.openai.azure.com/', 'azure')).toEqual({ ok: true, url: 'https://my-res.openai.azure.com' })
    expect(
      normalizeBaseUrl('https://my-res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21', 'azure')
    ).toEqual({ ok: true, url: 'https://my-res.openai.azure.com' })
  })

  it('says why a URL is refused', () => {
    expect(normalizeBaseUrl('', 'custom')).toEqual({ ok: false, reason: 'empty' })
    expect(normalizeBaseUrl('   ', 'openai')).toEqual({ ok: false, reason: 'empty' })
    expect(normalizeBaseUrl('api.openai.com/v1', 'openai')).toEqual({ ok: false, reason: 'scheme' })
    expect(normalizeBaseUrl('localhost:11434', 'ollama')).toEqual({ ok: false, reason: 'scheme' })
    expect(normalizeBaseUrl('ftp://example.com/v1', 'custom')).toEqual({ ok: false, reason: 'scheme' })
    expect(normalizeBaseUrl('javascript:alert(1)', 'custom')).toEqual({ ok: false, reason: 'scheme' })
    expect(normalizeBaseUrl('https://', 'custom')).toEqual({ ok: false, reason: 'invalid' })
    expect(normalizeBaseUrl('http://exa mple.com', 'custom')).toEqual({ ok: false, reason: 'invalid' })
    expect(normalizeBaseUrl('https://user:pass@example.com/v1', 'custom')).toEqual({ ok: false, reason: 'invalid' })
  })
})
