/**
 * Text for speech: markdown stripped, code blocks never read aloud, split into sentences as
 * soon as each one is complete (English and Chinese punctuation), so text-to-speech can start
 * on the first sentence while the answer still streams.
 */

const SENTENCE_END = /[.!?](?=["')\]]*\s)|[。！？；…]+["'”’）」』]*|\n\s*\n/g
/** A sentence longer than this is cut at a comma or a space, so speech never waits too long. */
const LONG_SENTENCE = 220

/** Markdown to plain spoken text: formatting removed, fenced code dropped, inline code kept as words. */
export function speechText(markdown: string): string {
  let s = markdown
  s = s.replace(/(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*|$)/g, '$1') // fenced code blocks
  s = s.replace(/(^|\n)(?: {4}|\t)[^\n]*/g, '$1') // indented code
  s = s.replace(/\$\$[\s\S]*?\$\$/g, ' ') // display math
  s = s.replace(/<[^>\n]+>/g, ' ') // html tags
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images → alt
  s = s.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // links → text
  s = s.replace(/https?:\/\/\S+/g, ' ')
  s = s.replace(/`([^`]*)`/g, '$1')
  s = s.replace(/^\s{0,3}#{1,6}\s+/gm, '') // headings
  s = s.replace(/^\s{0,3}>\s?/gm, '') // quotes
  s = s.replace(/^\s*([-*+]|\d+[.)])\s+/gm, '') // list markers
  s = s.replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, '') // table rules
  s = s.replace(/^[ \t]*\|(.*)\|[ \t]*$/gm, (_m, row: string) => row.split('|').map((c) => c.trim()).filter(Boolean).join(', ')) // table rows
  s = s.replace(/(\*\*|__|~~|\*|_)(?=\S)([^\n]*?\S)\1/g, '$2') // emphasis
  s = s.replace(/\$([^$\n]+)\$/g, '$1')
  s = s.replace(/^\s*([-*_])\1{2,}\s*$/gm, '') // horizontal rules
  return s.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, ' ').trim()
}

/**
 * Incremental splitter: push markdown deltas, get complete sentences (already plain text) back.
 * Fenced code is skipped even when a fence is split across deltas.
 */
export class SpeechSentenceSplitter {
  private raw = ''
  private text = ''
  private inCode = false
  private skipLine = false

  push(delta: string): string[] {
    this.raw += delta
    const out: string[] = []
    for (;;) {
      if (!this.inCode && this.skipLine) {
        // The rest of a closing fence line is not text.
        const eol = this.raw.indexOf('\n')
        if (eol < 0) {
          this.raw = ''
          break
        }
        this.raw = this.raw.slice(eol + 1)
        this.skipLine = false
      }
      if (!this.inCode) {
        const fence = this.raw.search(/(^|\n)\s*(```|~~~)/)
        if (fence >= 0) {
          this.text += this.raw.slice(0, fence)
          const rest = this.raw.slice(fence)
          this.raw = rest.slice(rest.search(/```|~~~/) + 3)
          this.inCode = true
          // A code block ends the sentence before it.
          out.push(...this.take(true))
          continue
        }
        // Keep a possible start of a fence (newline + backticks) for the next delta.
        const keep = /(\n\s*`{0,2}|`{1,2})$/.exec(this.raw)
        const cut = keep ? keep.index : this.raw.length
        this.text += this.raw.slice(0, cut)
        this.raw = this.raw.slice(cut)
        break
      }
      const close = this.raw.search(/\n\s*(```|~~~)/)
      if (close < 0) {
        this.raw = this.raw.slice(-5)
        break
      }
      const rest = this.raw.slice(close)
      this.raw = rest.slice(rest.search(/```|~~~/) + 3)
      this.skipLine = true
      this.inCode = false
    }
    out.push(...this.take(false))
    return out
  }

  /** End of the answer: whatever is left (outside code) is the last sentence. */
  flush(): string[] {
    if (!this.inCode) this.text += this.raw
    this.raw = ''
    this.inCode = false
    this.skipLine = false
    return this.take(true)
  }

  private take(all: boolean): string[] {
    const out: string[] = []
    let last = 0
    SENTENCE_END.lastIndex = 0
    for (let m = SENTENCE_END.exec(this.text); m; m = SENTENCE_END.exec(this.text)) {
      const end = m.index + m[0].length
      const sentence = speechText(this.text.slice(last, end))
      if (sentence) out.push(sentence)
      last = end
    }
    this.text = this.text.slice(last)
    if (!all && this.text.length > LONG_SENTENCE) {
      const head = this.text.slice(0, LONG_SENTENCE)
      const cut = Math.max(head.lastIndexOf(','), head.lastIndexOf('，'), head.lastIndexOf('、'), head.lastIndexOf(' '))
      if (cut > 40) {
        const sentence = speechText(this.text.slice(0, cut + 1))
        if (sentence) out.push(sentence)
        this.text = this.text.slice(cut + 1)
      }
    }
    if (all) {
      const sentence = speechText(this.text)
      if (sentence) out.push(sentence)
      this.text = ''
    }
    return out
  }
}

/** Every sentence of a whole answer. */
export function splitForSpeech(markdown: string): string[] {
  const splitter = new SpeechSentenceSplitter()
  return [...splitter.push(markdown), ...splitter.flush()]
}
