/**
 * A deterministic synthetic long answer shaped like issue 5's render benchmark: prose, nested
 * lists, 10 code blocks of 30–80 lines, 3 tables, ~90 math expressions, CJK paragraphs. Used by the
 * markdown perf test; reusable by the render bench. Not imported by the app.
 */

function rng(seed: number): () => number {
  let s = seed | 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'the model streams tokens while the renderer keeps finished blocks stable and only the tail ' +
  'changes so layout work stays small even when answers grow very long with code tables and math ' +
  'performance matters because users read while text arrives and any jank is visible immediately'
).split(' ')

const CJK = [
  '流式渲染需要保持已完成的块稳定，只重新渲染正在增长的尾部。',
  '这样即使回答很长，每个词元的成本也保持平稳。',
  '代码块在闭合之后才进行语法高亮，公式在闭合之前显示为占位符。',
  '表格可以横向滚动，链接在系统浏览器中打开。'
]

const TEX = [
  'x^2 + y^2 = z^2',
  '\\frac{a}{b} + \\sqrt{c}',
  '\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}',
  '\\int_0^1 x\\,dx',
  'e^{i\\pi} + 1 = 0',
  '\\alpha \\beta \\gamma',
  'O(n \\log n)',
  '\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1'
]

const CODE_LINES: Record<string, string[]> = {
  ts: [
    'export function update(text: string): Block[] {',
    '  const tail = text.slice(stableEnd)',
    '  for (const token of lexer.blockTokens(tail)) {',
    '    if (token.type === "space") continue // skip blank lines',
    '    blocks.push({ id: `b${blocks.length}`, source: token.raw })',
    '  }',
    '  return blocks.filter((b) => b.source.length > 0 && b.id !== "x")',
    '}'
  ],
  python: [
    'def render(blocks, cache={}):',
    '    """Render each block once."""',
    '    out = []',
    '    for b in blocks:',
    '        if b.source not in cache:',
    '            cache[b.source] = to_html(b.source)  # expensive',
    '        out.append(cache[b.source])',
    '    return "".join(out)'
  ],
  bash: ['#!/usr/bin/env bash', 'set -euo pipefail', 'for f in "$@"; do', '  echo "processing $f"', '  wc -l "$f" | awk \'{print $1}\'', 'done']
}

export interface SyntheticAnswer {
  text: string
  approxTokens: number
  codeBlocks: number
  tables: number
  mathExpressions: number
}

/** About `targetTokens` tokens (≈ 4 chars each for prose; CJK counted per char). */
export function syntheticAnswer(targetTokens = 20_000, seed = 42): SyntheticAnswer {
  const r = rng(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]
  const sentence = (n: number): string => {
    const words: string[] = []
    for (let i = 0; i < n; i++) words.push(pick(WORDS))
    const s = words.join(' ')
    return s[0].toUpperCase() + s.slice(1) + '.'
  }
  const parts: string[] = []
  let tokens = 0
  let code = 0
  let tables = 0
  let math = 0
  let section = 0
  const add = (s: string, t: number): void => {
    parts.push(s)
    tokens += t
  }
  const perCode = Math.floor(targetTokens / 10)
  const perTable = Math.floor(targetTokens / 3)
  const perMath = targetTokens / 90
  let nextCode = perCode / 2
  let nextTable = perTable / 2
  let nextMath = perMath / 2

  while (tokens < targetTokens) {
    add(`## Section ${++section}: ${sentence(4).slice(0, -1)}`, 8)
    // prose with inline math and a currency mention
    let para = sentence(18) + ' ' + sentence(14)
    while (tokens + 40 > nextMath) {
      para += ` Inline $${pick(TEX)}$ appears here.`
      math++
      nextMath += perMath
    }
    if (r() < 0.3) para += ' It costs $5 and $10 per month.'
    add(para, 80)
    if (r() < 0.25) {
      add(CJK.join('') + `公式$${pick(TEX)}$很常见。`, 90)
      math++
      nextMath += perMath
    }
    // nested list
    const items: string[] = []
    for (let i = 0; i < 3 + Math.floor(r() * 4); i++) {
      items.push(`${i + 1}. **${pick(WORDS)}** — ${sentence(10)}`)
      if (r() < 0.4) items.push(`   - ${sentence(6)}`, `   - ${sentence(7)}`)
    }
    add(items.join('\n'), items.length * 16)
    if (tokens > nextMath) {
      add(`$$\n${pick(TEX)}\n$$`, 20)
      math++
      nextMath += perMath
    }
    if (tokens > nextCode && code < 10) {
      const lang = pick(Object.keys(CODE_LINES))
      const lines: string[] = []
      const n = 30 + Math.floor(r() * 51)
      for (let i = 0; i < n; i++) lines.push(pick(CODE_LINES[lang]))
      add('```' + lang + '\n' + lines.join('\n') + '\n```', n * 12)
      code++
      nextCode += perCode
    }
    if (tokens > nextTable && tables < 3) {
      const rows = ['| Metric | Before | After | Note |', '|:--|--:|--:|:-:|']
      for (let i = 0; i < 8; i++) rows.push(`| ${pick(WORDS)} | ${Math.floor(r() * 100)} | ${Math.floor(r() * 100)} | $${pick(TEX)}$ |`)
      math += 8
      add(rows.join('\n'), 120)
      tables++
      nextTable += perTable
    }
    add('> ' + sentence(12), 20)
  }
  return { text: parts.join('\n\n') + '\n', approxTokens: tokens, codeBlocks: code, tables, mathExpressions: math }
}
