/**
 * How a provider's model reads an image, as ONE table of rules, and what that costs.
 * Pure TypeScript (no DOM, no Node): used by the renderer to size images before they are
 * encoded, by the chat engine, by tests and by the capture bench.
 *
 * OpenAI GPT-4o, detail "high": the image is fitted within 2048×2048, then scaled so that its
 * shortest side is 768 (never up), and costs 85 + 170 tokens per 512-px tile of that size.
 * Sending more pixels than the model reads only costs upload time, so we never do.
 *
 * `formats` is what the provider accepts as image input for that model. The OpenAI family takes
 * PNG, JPEG, WebP and non-animated GIF (OpenRouter's openai/* too), so the renderer sends lossy
 * WebP there (libwebp in WASM: more legible than JPEG q85 at ~2/3 of its size, see
 * bench/results/capture.json). Models without a rule of their own (Azure deployments, whose
 * names say nothing, local servers, custom gateways) keep PNG and JPEG, which every vision API
 * takes: llama.cpp-based servers, for one, load images with stb_image, which has no WebP.
 */

import type { AcceptedImageMime } from './imageFormat'

export interface VisionRule {
  /** Stable name (shown in notes and the bench). */
  id: string
  /** Does this rule apply to a model name (case-insensitive)? */
  match: RegExp
  /** The image is fitted (never enlarged) within maxBox × maxBox… */
  maxBox: number
  /** …then its shortest side is brought down to this (never up). */
  shortSide: number
  /** Tile edge for the token estimate. */
  tile: number
  baseTokens: number
  tileTokens: number
  /** The `detail` value sent with image_url parts, when the provider has one. */
  detail: 'high' | 'low' | 'auto'
  /** Image formats the model accepts as input (the encoder picks among PNG, JPEG, WebP). */
  formats: readonly AcceptedImageMime[]
}

/** First match wins; the last rule matches everything (unknown models: GPT-4o high detail). */
export const VISION_RULES: readonly VisionRule[] = [
  {
    id: 'openai-gpt-4o-high',
    // Also through OpenRouter, whose names carry the vendor ("openai/gpt-4o").
    match: /^(openai\/)?(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|o1|o3|o4)/i,
    maxBox: 2048,
    shortSide: 768,
    tile: 512,
    baseTokens: 85,
    tileTokens: 170,
    detail: 'high',
    formats: ['image/png', 'image/jpeg', 'image/webp', 'image/gif']
  },
  {
    id: 'default-gpt-4o-high',
    match: /.*/,
    maxBox: 2048,
    shortSide: 768,
    tile: 512,
    baseTokens: 85,
    tileTokens: 170,
    detail: 'high',
    formats: ['image/png', 'image/jpeg']
  }
]

export function visionRuleFor(model: string | undefined): VisionRule {
  const name = (model ?? '').trim()
  return VISION_RULES.find((r) => r.match.test(name)) ?? VISION_RULES[VISION_RULES.length - 1]
}

/**
 * Models known to take no image input: what the user attaches is read on this computer (OCR,
 * src/main/ocr) and sent as text. Names as OpenAI-compatible providers spell them, with or
 * without a vendor prefix ("deepseek/deepseek-chat", "Qwen/Qwen2.5-72B-Instruct"). A model not
 * listed here is assumed to see images (the providers' vision models change faster than any list);
 * a vision variant of a listed family (qwen2.5-vl, llama-3.2-vision) is excluded by `unless`.
 */
export const TEXT_ONLY_MODELS: ReadonlyArray<{ id: string; match: RegExp; unless?: RegExp }> = [
  { id: 'openai-text', match: /(^|\/)(gpt-3\.5|gpt-oss|o1-mini|o3-mini|text-davinci|davinci|babbage)/i },
  { id: 'deepseek-text', match: /(^|\/)deepseek/i, unless: /vl|vision|janus|ocr/i },
  { id: 'qwen-text', match: /(^|\/)(qwen|qwq)/i, unless: /vl|omni|vision|qvq/i },
  { id: 'llama-3-text', match: /(^|\/)(meta-llama\/)?(meta-)?llama[-_ ]?(2|3)/i, unless: /vision|llava/i },
  { id: 'mistral-text', match: /(^|\/)(mistral-(tiny|7b|nemo|large-2)|mixtral|codestral|open-mistral|ministral)/i, unless: /pixtral|vision/i },
  { id: 'moonshot-text', match: /(^|\/)moonshot-v1-(8k|32k|128k)$/i },
  { id: 'glm-text', match: /(^|\/)glm-(4|z1)/i, unless: /\dv|vision/i }
]

/** Does this model take images? False only for the families above (so unknown models get images). */
export function modelSeesImages(model: string | undefined): boolean {
  const name = (model ?? '').trim()
  if (!name) return true
  return !TEXT_ONLY_MODELS.some((rule) => rule.match.test(name) && !rule.unless?.test(name))
}

export interface Size {
  width: number
  height: number
}

/** The size the model reads an image of `size` at (never larger than the image itself). */
export function modelReadSize(size: Size, rule: VisionRule = VISION_RULES[VISION_RULES.length - 1]): Size {
  let { width, height } = size
  if (width <= 0 || height <= 0) return { width: 0, height: 0 }
  const fit = Math.min(1, rule.maxBox / width, rule.maxBox / height)
  width *= fit
  height *= fit
  const short = Math.min(width, height)
  const s = short > rule.shortSide ? rule.shortSide / short : 1
  return {
    width: Math.max(1, Math.round(width * s)),
    height: Math.max(1, Math.round(height * s))
  }
}

/** Linear scale from the image to what the model reads (≤ 1). */
export function modelReadScale(size: Size, rule?: VisionRule): number {
  const read = modelReadSize(size, rule)
  return size.width > 0 ? read.width / size.width : 0
}

/** Image tokens for one image of `size` (as sent; the model resizes it first). */
export function estimateImageTokens(size: Size, rule: VisionRule = VISION_RULES[VISION_RULES.length - 1]): number {
  if (size.width <= 0 || size.height <= 0) return 0
  if (rule.detail === 'low') return rule.baseTokens
  const read = modelReadSize(size, rule)
  const tiles = Math.ceil(read.width / rule.tile) * Math.ceil(read.height / rule.tile)
  return rule.baseTokens + rule.tileTokens * tiles
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface SharpPlan {
  /** Crops of the original image, in its pixels; one image each. Row-major. */
  tiles: Rect[]
  /** Each tile's size as sent (already the model's read size). */
  sendSizes: Size[]
  /** Linear scale at which the model reads the worst tile (≥ minScale when possible). */
  scale: number
  tokens: number
}

/** Below this read scale a dense HiDPI screen loses its small text: sharp mode helps. */
export const SHARP_MIN_SCALE = 0.5
/** Tiles overlap a little so a line of text cut by a border is whole in one of them. */
export const SHARP_OVERLAP_PX = 48
const MAX_SHARP_TILES = 9

/**
 * "Sharp" mode: split a dense high-resolution image into a grid of crops, each read by the
 * model at full detail, so that it reads every part at ≥ `minScale` of the original pixels.
 * Chooses the grid with the fewest tiles (then the fewest tokens). One tile when the standard
 * read is already sharp enough.
 */
export function planSharpTiles(
  size: Size,
  rule: VisionRule = VISION_RULES[VISION_RULES.length - 1],
  minScale = SHARP_MIN_SCALE,
  overlap = SHARP_OVERLAP_PX
): SharpPlan {
  const candidates: Array<{ cols: number; rows: number; plan: SharpPlan }> = []
  for (let cols = 1; cols <= 4; cols++) {
    for (let rows = 1; rows <= 4; rows++) {
      if (cols * rows > MAX_SHARP_TILES) continue
      const tiles = gridTiles(size, cols, rows, cols * rows === 1 ? 0 : overlap)
      const sendSizes = tiles.map((t) => modelReadSize(t, rule))
      const scale = Math.min(...tiles.map((t, i) => sendSizes[i].width / t.width))
      const tokens = sendSizes.reduce((sum, s) => sum + estimateImageTokens(s, rule), 0)
      candidates.push({ cols, rows, plan: { tiles, sendSizes, scale, tokens } })
    }
  }
  const good = candidates.filter((c) => c.plan.scale >= minScale - 1e-9)
  const pool = good.length ? good : [candidates.reduce((a, b) => (b.plan.scale > a.plan.scale ? b : a))]
  pool.sort((a, b) => a.plan.tiles.length - b.plan.tiles.length || a.plan.tokens - b.plan.tokens)
  return pool[0].plan
}

function gridTiles(size: Size, cols: number, rows: number, overlap: number): Rect[] {
  const out: Rect[] = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = Math.round((c * size.width) / cols)
      const x1 = Math.round(((c + 1) * size.width) / cols)
      const y0 = Math.round((r * size.height) / rows)
      const y1 = Math.round(((r + 1) * size.height) / rows)
      const x = Math.max(0, x0 - (c > 0 ? overlap / 2 : 0))
      const y = Math.max(0, y0 - (r > 0 ? overlap / 2 : 0))
      const right = Math.min(size.width, x1 + (c < cols - 1 ? overlap / 2 : 0))
      const bottom = Math.min(size.height, y1 + (r < rows - 1 ? overlap / 2 : 0))
      out.push({ x, y, width: right - x, height: bottom - y })
    }
  }
  return out
}

/** Is the standard read of this image too coarse for its text (a dense HiDPI screen)? */
export function suggestsSharp(size: Size, rule?: VisionRule, minScale = SHARP_MIN_SCALE): boolean {
  return modelReadScale(size, rule) < minScale - 1e-9
}
