/**
 * Dense, real-looking UI for the capture bench: 13 px body text, a sidebar, a table and a code
 * block, filled with ordinary English words (seeded, so every run renders the same page).
 */
const WORDS = (
  'account action address advance agent answer april archive article audit august balance budget build ' +
  'calendar campaign change channel chart client cloud column comment company contract cost country ' +
  'customer dashboard data date deadline default delivery design detail device draft edit email ' +
  'engine entry error event export feature feedback field filter finance folder follow forecast ' +
  'format friday general growth health history import income invoice issue item january journal ' +
  'label language launch layout ledger license limit list market meeting member message method ' +
  'metric migration minute mobile module monday monthly network notes number office order owner ' +
  'page partner payment people period phone pipeline planning policy price print priority product ' +
  'profile project quality quarter query record region release report request review revenue ' +
  'sales schedule search season section security server service session settings shipping status ' +
  'storage store summary supplier support system table target task team template ticket timeline ' +
  'total track training update upload user value vendor version volume warehouse weekly window ' +
  'workflow yearly'
).split(' ')

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export function fixtureHtml(widthCss: number, heightCss: number, seed = 7): string {
  const r = rng(seed)
  const word = (): string => WORDS[Math.floor(r() * WORDS.length)]
  const words = (n: number): string => Array.from({ length: n }, word).join(' ')
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
  // Enough rows and lines to fill the screen to its bottom edge (clipped by overflow: hidden):
  // a real screen full of text, not a page with an empty lower quarter.
  const rowsNeeded = Math.ceil(heightCss / 19)
  const sidebar = Array.from({ length: Math.ceil(heightCss / 26) }, () => `<li>${cap(words(2))}</li>`).join('')
  const tableRows = Array.from({ length: Math.max(8, rowsNeeded) }, (_, i) => {
    const n = 1000 + Math.floor(r() * 9000)
    return `<tr><td>${cap(word())} ${word()}</td><td>${cap(words(3))}</td><td>${n}</td><td>${cap(word())}</td><td>${words(4)}</td></tr>`
  }).join('')
  const codeLines = Array.from({ length: Math.max(8, rowsNeeded) }, (_, i) =>
    `const ${word()}${cap(word())} = ${word()}.${word()}(${word()}, ${Math.floor(r() * 100)}) // ${words(3)}`
  ).join('\n')
  const paras = Array.from({ length: Math.ceil(widthCss / 400) * 3 }, () => `<p>${cap(words(28))}.</p>`).join('')
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.45 "DejaVu Sans", "Noto Sans", sans-serif; color: #1f2328; background: #fff; width: ${widthCss}px; height: ${heightCss}px; overflow: hidden; display: flex; }
  nav { width: 220px; background: #f6f8fa; border-right: 1px solid #d0d7de; padding: 12px; flex: none; }
  nav ul { list-style: none; margin: 0; padding: 0; } nav li { padding: 4px 6px; }
  main { flex: 1; padding: 14px 20px; overflow: hidden; display: flex; flex-direction: column; }
  header { font-size: 15px; font-weight: 600; margin-bottom: 8px; }
  .grid { display: grid; grid-template-columns: 1.2fr 1fr; gap: 18px; flex: 1; min-height: 0; overflow: hidden; align-items: start; }
  table { border-collapse: collapse; width: 100%; } td { border-bottom: 1px solid #eaeef2; padding: 3px 6px; white-space: nowrap; }
  pre { font: 12.5px/1.45 "DejaVu Sans Mono", monospace; background: #f6f8fa; padding: 10px; margin: 0; border-radius: 6px; white-space: pre; overflow: hidden; height: 100%; }
  p { margin: 0 0 8px; }
  .paras { columns: ${Math.max(1, Math.floor(widthCss / 700))}; column-gap: 24px; }
  </style></head><body>
  <nav><ul>${sidebar}</ul></nav>
  <main><header>${cap(words(4))}</header><div class="paras">${paras}</div>
  <div class="grid"><table>${tableRows}</table><pre>${codeLines}</pre></div></main>
  </body></html>`
}
