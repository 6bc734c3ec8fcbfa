/**
 * The memories a request carries: ranked by how many of the question's meaningful words (CJK as
 * two-character phrases, as the history search reads them) each memory shares, then by how
 * recently it changed, and taken in that order while they fit the budget. Ids go with them so
 * the model can update or forget one. 1,000 memories rank in well under a millisecond
 * (`npm run bench -- knowledge`, memory_prompt_build_ms_p50).
 */
import type { MemoryItem } from '../../shared/memory/schemas'
import { estimateTokens } from '../chat/contextLimit'
import { retrievalTerms } from '../store/documentChunks'
import { MEMORY_PROMPT, memoryLine } from './prompts'

/** Tokens of memories per request: ~40 facts, a small share of any context window. */
export const MEMORY_BUDGET_TOKENS = 600

/** The question's terms as plain lowercase text to look for ("天 气" → "天气"). */
function termsOf(question: string): string[] {
  return retrievalTerms(question).map((t) => t.slice(1, -1).replaceAll('""', '"').replace(/ /g, '').toLowerCase())
}

/** The memories to send, most relevant first, within the budget. */
export function pickMemories(items: readonly MemoryItem[], question: string, budgetTokens = MEMORY_BUDGET_TOKENS): MemoryItem[] {
  const terms = termsOf(question)
  const scored = items.map((item) => {
    const text = item.text.toLowerCase()
    let score = 0
    for (const term of terms) if (text.includes(term)) score++
    return { item, score }
  })
  scored.sort((a, b) => b.score - a.score || b.item.updatedAt - a.item.updatedAt)
  const picked: MemoryItem[] = []
  let used = estimateTokens(MEMORY_PROMPT)
  for (const { item } of scored) {
    const cost = estimateTokens(memoryLine(item.id, item.text))
    if (used + cost > budgetTokens) continue
    used += cost
    picked.push(item)
  }
  return picked
}

/** The system prompt's memory section (the instructions alone when there is nothing saved yet). */
export function memorySection(items: readonly MemoryItem[], question: string, budgetTokens = MEMORY_BUDGET_TOKENS): string {
  const picked = pickMemories(items, question, budgetTokens)
  return picked.length ? `${MEMORY_PROMPT}\n${picked.map((m) => memoryLine(m.id, m.text)).join('\n')}` : `${MEMORY_PROMPT}\n(Nothing saved yet.)`
}
