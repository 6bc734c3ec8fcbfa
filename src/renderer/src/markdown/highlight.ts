/**
 * Syntax highlighting for closed code blocks: highlight.js core plus an explicit set of common
 * languages (not the full bundle). Unknown languages render as plain escaped text; there is no
 * auto-detection (it costs a pass per registered grammar).
 */
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import cpp from 'highlight.js/lib/languages/cpp'
import csharp from 'highlight.js/lib/languages/csharp'
import css from 'highlight.js/lib/languages/css'
import diff from 'highlight.js/lib/languages/diff'
import dockerfile from 'highlight.js/lib/languages/dockerfile'
import go from 'highlight.js/lib/languages/go'
import ini from 'highlight.js/lib/languages/ini'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import kotlin from 'highlight.js/lib/languages/kotlin'
import latex from 'highlight.js/lib/languages/latex'
import lua from 'highlight.js/lib/languages/lua'
import makefile from 'highlight.js/lib/languages/makefile'
import markdown from 'highlight.js/lib/languages/markdown'
import php from 'highlight.js/lib/languages/php'
import plaintext from 'highlight.js/lib/languages/plaintext'
import powershell from 'highlight.js/lib/languages/powershell'
import python from 'highlight.js/lib/languages/python'
import r from 'highlight.js/lib/languages/r'
import ruby from 'highlight.js/lib/languages/ruby'
import rust from 'highlight.js/lib/languages/rust'
import scss from 'highlight.js/lib/languages/scss'
import shell from 'highlight.js/lib/languages/shell'
import sql from 'highlight.js/lib/languages/sql'
import swift from 'highlight.js/lib/languages/swift'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'

const LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  latex,
  lua,
  makefile,
  markdown,
  php,
  plaintext,
  powershell,
  python,
  r,
  ruby,
  rust,
  scss,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml
}

for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang)
// A few aliases the grammars don't declare themselves but models like to write.
hljs.registerAliases(['zsh', 'sh', 'console', 'terminal'], { languageName: 'bash' })
hljs.registerAliases(['vue', 'svelte'], { languageName: 'xml' })
hljs.registerAliases(['jsonc', 'json5'], { languageName: 'json' })
hljs.registerAliases(['toml'], { languageName: 'ini' })
hljs.registerAliases(['text', 'txt', 'plain'], { languageName: 'plaintext' })

/** Above this size a block is shown plain: one highlight pass must never become a long task. */
export const MAX_HIGHLIGHT_CHARS = 60_000

const CACHE_MAX = 200
const cache = new Map<string, string | null>()

/** Returns highlighted HTML for a known language, or null (caller escapes the code itself). */
export function highlightCode(code: string, lang: string): string | null {
  if (!lang || code.length > MAX_HIGHLIGHT_CHARS) return null
  const language = hljs.getLanguage(lang)
  if (!language || language.name === 'Plain text') return null
  const key = lang + '\u0000' + code
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  let html: string | null
  try {
    html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value
  } catch {
    html = null
  }
  cache.set(key, html)
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string)
  return html
}
