/**
 * Cleans what tesseract returns so a model reads it like text: tesseract separates every
 * Chinese character by a space ("季度 收入 增长"), pads lines, and leaves runs of blank lines
 * between blocks. Pure: unit-tested in tests/unit/ocr.test.ts.
 */
import { OCR_MAX_CHARS } from './config'

// Han, kana, hangul and CJK punctuation: no spaces between them in written text.
const CJK = '\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff00-\\uffef'
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) +(?=[${CJK}])`, 'g')

export function cleanOcrText(raw: string, maxChars = OCR_MAX_CHARS): string {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(SPACE_BETWEEN_CJK, '').replace(/[ \t]+/g, ' ').trim())
  const text = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  if (text.length <= maxChars) return text
  return `${text.slice(0, maxChars).trimEnd()}…`
}
