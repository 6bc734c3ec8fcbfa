import { describe, expect, it } from 'vitest'
import {
  VISION_RULES,
  estimateImageTokens,
  modelSeesImages,
  modelReadScale,
  modelReadSize,
  planSharpTiles,
  suggestsSharp,
  visionRuleFor
} from '../../src/shared/attachments/sizing'

describe('the sizing table', () => {
  it('GPT-4o family and unknown models get high detail: fit 2048², shortest side 768', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'GPT-4O-2024-08-06']) expect(visionRuleFor(model).id).toBe('openai-gpt-4o-high')
    for (const model of ['llava:13b', 'qwen-vl-max', '', undefined]) expect(visionRuleFor(model).id).toBe('default-gpt-4o-high')
    for (const r of VISION_RULES) expect([r.maxBox, r.shortSide, r.tile, r.baseTokens, r.tileTokens]).toEqual([2048, 768, 512, 85, 170])
  })

  it('accepted formats are in the same table: WebP for the OpenAI family (OpenRouter too), PNG/JPEG otherwise', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'openai/gpt-4o', 'OpenAI/GPT-4o-mini']) {
      expect(visionRuleFor(model).id).toBe('openai-gpt-4o-high')
      expect(visionRuleFor(model).formats).toContain('image/webp')
    }
    for (const model of ['llava:13b', 'llama3.2', 'qwen-plus', 'deepseek-flash', 'anthropic/claude-3.5-sonnet', '', undefined]) {
      expect(visionRuleFor(model).formats).toEqual(['image/png', 'image/jpeg'])
    }
  })

  it('reads screenshots at the shortest side 768, never enlarging', () => {
    expect(modelReadSize({ width: 2560, height: 1440 })).toEqual({ width: 1365, height: 768 })
    expect(modelReadSize({ width: 5120, height: 2880 })).toEqual({ width: 1365, height: 768 })
    expect(modelReadSize({ width: 1920, height: 1080 })).toEqual({ width: 1365, height: 768 })
    expect(modelReadSize({ width: 400, height: 200 })).toEqual({ width: 400, height: 200 })
    expect(modelReadSize({ width: 1000, height: 700 })).toEqual({ width: 1000, height: 700 })
  })

  it('fits very long images within 2048 first', () => {
    // 4096×1000 → 2048×500 (fit), shortest side already ≤ 768.
    expect(modelReadSize({ width: 4096, height: 1000 })).toEqual({ width: 2048, height: 500 })
    // 1000×8000 → 256×2048.
    expect(modelReadSize({ width: 1000, height: 8000 })).toEqual({ width: 256, height: 2048 })
  })

  it('estimates tokens: 85 + 170 per 512-px tile (1920×1080 → 1105)', () => {
    expect(estimateImageTokens({ width: 1920, height: 1080 })).toBe(1105)
    expect(estimateImageTokens({ width: 2560, height: 1440 })).toBe(1105)
    expect(estimateImageTokens({ width: 512, height: 512 })).toBe(255)
    expect(estimateImageTokens({ width: 513, height: 512 })).toBe(425)
    expect(estimateImageTokens({ width: 100, height: 50 })).toBe(255)
    expect(estimateImageTokens({ width: 0, height: 50 })).toBe(0)
  })

  it('sharp mode splits a dense 5K screen into full-detail tiles read at ≥ half scale', () => {
    const size = { width: 5120, height: 2880 }
    expect(modelReadScale(size)).toBeCloseTo(0.2666, 3)
    expect(suggestsSharp(size)).toBe(true)
    const plan = planSharpTiles(size)
    expect(plan.scale).toBeGreaterThanOrEqual(0.5)
    expect(plan.tiles.length).toBe(4)
    expect(plan.tokens).toBe(plan.sendSizes.reduce((s, x) => s + estimateImageTokens(x), 0))
    // Tiles cover the whole image and stay inside it.
    for (const t of plan.tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0)
      expect(t.y).toBeGreaterThanOrEqual(0)
      expect(t.x + t.width).toBeLessThanOrEqual(5120)
      expect(t.y + t.height).toBeLessThanOrEqual(2880)
    }
    expect(Math.max(...plan.tiles.map((t) => t.x + t.width))).toBe(5120)
    expect(Math.max(...plan.tiles.map((t) => t.y + t.height))).toBe(2880)
  })

  it('a 2560×1440 screen is sharp enough as one image', () => {
    expect(suggestsSharp({ width: 2560, height: 1440 })).toBe(false)
    expect(planSharpTiles({ width: 2560, height: 1440 }).tiles).toHaveLength(1)
  })
})

import { acceleratorLabel, isValidAccelerator } from '../../src/shared/capture/accelerator'

describe('capture shortcut accelerators', () => {
  it('needs modifiers and one key', () => {
    for (const ok of ['CommandOrControl+Shift+2', 'Alt+Shift+S', 'Ctrl+F12', 'Cmd+Option+Space', 'Shift+Alt+/']) expect(isValidAccelerator(ok)).toBe(true)
    for (const bad of ['2', 'Shift', 'Shift+Ctrl', 'Ctrl+Shift+Ctrl+2', 'Ctrl++', 'Ctrl+AB', 'Hyper+2', '']) expect(isValidAccelerator(bad)).toBe(false)
  })
  it('reads naturally per platform', () => {
    expect(acceleratorLabel('CommandOrControl+Shift+2', 'darwin')).toBe('⌘⇧2')
    expect(acceleratorLabel('CommandOrControl+Shift+2', 'win32')).toBe('Ctrl+Shift+2')
  })
})

describe('which models see images', () => {
  it('text-only families are known, with or without a vendor prefix; their vision variants are not', () => {
    for (const model of ['gpt-3.5-turbo', 'o3-mini', 'openai/gpt-oss-120b', 'deepseek-chat', 'deepseek-reasoner', 'deepseek/deepseek-r1', 'qwen-max', 'Qwen/Qwen2.5-72B-Instruct', 'qwq-32b', 'llama3.1:8b', 'meta-llama/Llama-3.3-70B-Instruct', 'mixtral-8x7b', 'moonshot-v1-8k', 'glm-4-plus', 'glm-4.5'])
      expect(modelSeesImages(model), model).toBe(false)
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'qwen-vl-max', 'Qwen/Qwen2.5-VL-72B-Instruct', 'qwen2.5-omni-7b', 'llama3.2-vision:11b', 'llava:13b', 'deepseek-vl2', 'glm-4v-plus', 'glm-4.5v', 'pixtral-large-latest', 'claude-sonnet-4', 'gemini-2.5-flash'])
      expect(modelSeesImages(model), model).toBe(true)
  })

  it('an unknown or empty model name is assumed to see images (a custom gateway, a local server)', () => {
    for (const model of ['my-deployment', 'local-model', '', undefined]) expect(modelSeesImages(model)).toBe(true)
  })
})
