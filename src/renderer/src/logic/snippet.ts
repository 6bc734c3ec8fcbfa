/** Search snippets mark matched terms with \u0001 … \u0002; split them into plain and marked runs. */

export interface SnippetRun {
  text: string
  mark: boolean
}

export function parseSnippet(snippet: string): SnippetRun[] {
  const runs: SnippetRun[] = []
  let mark = false
  let buf = ''
  const push = (): void => {
    if (buf) runs.push({ text: buf, mark })
    buf = ''
  }
  for (const ch of snippet) {
    if (ch === '\u0001') {
      push()
      mark = true
    } else if (ch === '\u0002') {
      push()
      mark = false
    } else buf += ch
  }
  push()
  // Merge neighbours of the same kind (e.g. two adjacent marks).
  const merged: SnippetRun[] = []
  for (const r of runs) {
    const last = merged[merged.length - 1]
    if (last && last.mark === r.mark) last.text += r.text
    else merged.push({ ...r })
  }
  return merged
}
