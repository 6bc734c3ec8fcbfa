/**
 * Citations in an answer: the sources its tool steps returned, numbered in order across the
 * answer (main numbers each search's results after the previous steps'), and the answer's [n]
 * markers turned into links to them — outside code, where [1] is code.
 */
import type { ToolSource } from '../../../shared/domain'
import type { ViewToolStep } from '../state/messages'

/** The answer's sources, in citation order. */
export function answerSources(steps: readonly ViewToolStep[] | undefined): ToolSource[] {
  return (steps ?? []).flatMap((s) => (s.status === 'done' ? (s.sources ?? []) : []))
}

/** `[n]` markers (also `[1][2]`, `[1, 2]`) as markdown links to their sources; code fences and inline code untouched. */
export function linkCitations(text: string, sources: readonly ToolSource[]): string {
  if (!sources.length || !text.includes('[')) return text
  const link = (n: string): string => {
    const source = sources[Number(n) - 1]
    return source && /^https?:\/\//i.test(source.url) ? `[[${n}]](${source.url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : `[${n}]`
  }
  let inFence = false
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence
        return line
      }
      if (inFence) return line
      // Outside inline code spans only (odd-indexed pieces of a split on backquotes are code).
      return line
        .split('`')
        .map((piece, i) =>
          i % 2 === 1
            ? piece
            : piece.replace(/\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?![(:[])/g, (_m, list: string) =>
                list
                  .split(',')
                  .map((n) => link(n.trim()))
                  .join('')
              )
        )
        .join('`')
    })
    .join('\n')
}
