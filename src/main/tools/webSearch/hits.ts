/**
 * One search result as every backend hands it on: the same shape as the ToolSource an answer
 * cites, so the tool's `sources` are the hits themselves. Backends pass their raw fields through
 * `collectHits`, which is where "tolerate missing fields" lives: a result without a usable http(s)
 * address is dropped (nothing to cite), a missing title falls back to the host name.
 */
import type { ToolSource } from '../../../shared/tools/schemas'
import { cleanText, clip } from './text'

export interface SearchHit {
  title: string
  url: string
  /** A few words from the page (absent when the service gave none). */
  snippet?: string
}

/** A hit is a citable source as is; this fails to compile if the two ever drift apart. */
const _hitIsSource = (hit: SearchHit): ToolSource => hit
void _hitIsSource

/** The recency filter the model may ask for; each backend maps it to its own parameter. */
export const FRESHNESS = ['day', 'week', 'month', 'year'] as const
export type Freshness = (typeof FRESHNESS)[number]

/** Long enough for any real title; well under ToolSource's limits (1000 / 4000). */
const MAX_TITLE = 300
/** A snippet is a hint of what the page says, not the page: keeps six results well under 1k tokens. */
const MAX_SNIPPET = 500
const MAX_URL = 4000

export interface RawHit {
  title?: unknown
  url?: unknown
  snippet?: unknown
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

function toHit(raw: RawHit): SearchHit | undefined {
  const url = str(raw.url).trim()
  if (!url || url.length > MAX_URL) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  const title = clip(cleanText(str(raw.title)), MAX_TITLE) || parsed.hostname
  const snippet = clip(cleanText(str(raw.snippet)), MAX_SNIPPET)
  return snippet ? { title, url, snippet } : { title, url }
}

/** The usable hits, in the service's order, each address once, at most `max`. */
export function collectHits(raws: readonly RawHit[], max: number): SearchHit[] {
  const hits: SearchHit[] = []
  const seen = new Set<string>()
  for (const raw of raws) {
    if (hits.length >= max) break
    const hit = toHit(raw)
    if (!hit || seen.has(hit.url)) continue
    seen.add(hit.url)
    hits.push(hit)
  }
  return hits
}
