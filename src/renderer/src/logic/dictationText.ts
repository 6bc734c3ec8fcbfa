/**
 * Where dictated text goes: in place of the selection (or at the caret), with a space between it
 * and the words around it when the language puts one there (not between Chinese or Japanese
 * characters, not before punctuation). Pure; unit-tested in tests/unit/dictationText.test.ts.
 */

const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/

export function insertDictation(text: string, selectionStart: number, selectionEnd: number, said: string): { text: string; caret: number } {
  const words = said.trim()
  const start = Math.max(0, Math.min(selectionStart, text.length))
  const end = Math.max(start, Math.min(selectionEnd, text.length))
  if (!words) return { text, caret: end }
  const before = text.slice(0, start)
  const after = text.slice(end)
  const last = before.slice(-1)
  const next = after.slice(0, 1)
  const spaceBefore = last !== '' && !/\s/.test(last) && !CJK.test(last) && !CJK.test(words[0])
  const spaceAfter = next !== '' && !/[\s.,!?;:)\]}]/.test(next) && !CJK.test(next) && !CJK.test(words.slice(-1))
  const inserted = `${spaceBefore ? ' ' : ''}${words}${spaceAfter ? ' ' : ''}`
  return { text: before + inserted + after, caret: before.length + inserted.length }
}
