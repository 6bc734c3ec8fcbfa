/**
 * The hits as the model reads them and the user sees them. Numbered from 1 in the service's
 * order, and `sources` in the same order, so the [n] the model writes in its answer is
 * sources[n - 1] for the renderer that turns citations into links.
 */
import type { ToolResult } from '../types'
import type { Freshness, SearchHit } from './hits'

export const CITE_LINE = 'Cite the results you use by their numbers in brackets, like [1] or [2][3].'

export function formatHits(query: string, hits: readonly SearchHit[], freshness?: Freshness): ToolResult {
  if (hits.length === 0) {
    // Not an error: the search worked and found nothing; the model should say so or search otherwise.
    const within = freshness ? ` from the past ${freshness}` : ''
    const tip = freshness ? 'Try other words, or search without the time filter.' : 'Try other words.'
    return { content: `The web search found no results${within} for “${query}”. ${tip}`, format: 'text', sources: [] }
  }
  const blocks = hits.map((hit, index) => [`[${index + 1}] ${hit.title}`, hit.url, ...(hit.snippet ? [hit.snippet] : [])].join('\n'))
  return {
    content: `${blocks.join('\n\n')}\n\n${CITE_LINE}`,
    format: 'markdown',
    sources: hits.map((hit) => (hit.snippet ? { title: hit.title, url: hit.url, snippet: hit.snippet } : { title: hit.title, url: hit.url }))
  }
}
