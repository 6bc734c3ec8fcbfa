/**
 * Reads the deltas of a streamed chat completion the way the providers really send them and
 * says what each one means to the user: answer text, reasoning ("thinking"), a refusal, or a tool
 * call. Providers differ:
 *
 * - reasoning in `delta.reasoning_content` (DeepSeek, Qwen/DashScope, Moonshot, Azure-hosted
 *   DeepSeek, vLLM) or `delta.reasoning` (Ollama, Groq, OpenRouter, xAI);
 * - reasoning inline in the content as `<think>…</think>` (llama.cpp, LM Studio and vLLM without
 *   a reasoning parser), the tags possibly split across chunks. Only a `<think>` that opens the
 *   answer counts (before it, whitespace at most): an answer that mentions the tag later keeps it;
 * - only the closing `</think>` (DeepSeek-R1's chat template opens the block in the prompt, so
 *   servers without a reasoning parser stream thinking, `</think>`, answer): with `orphanClose`,
 *   everything before it was thinking (`movedToReasoning`), unless the text so far is about
 *   tags (a backquote before it, a code fence, or an opening tag seen);
 * - `delta.refusal` (OpenAI models): the refusal is the answer, marked as one;
 * - `delta.tool_calls`: the model asks for a tool.
 *
 * Pure: no SDK types, no I/O.
 */

/** What one delta adds (each possibly empty). */
export interface ParsedDelta {
  text: string
  reasoning: string
  /** The answer text given so far was thinking: the consumer moves it (before `reasoning` and `text`). */
  movedToReasoning?: true
}

export interface StreamParserOptions {
  /** Recognise a lone `</think>` (see above). Off where the text was already used (spoken). */
  orphanClose?: boolean
}

const OPEN = '<think>'
const CLOSE = '</think>'

export class StreamParser {
  /** Whether the model sent a refusal (its text is in `text`). */
  refused = false
  /** Whether the model asked for a tool. */
  toolCalls = false
  private answerStarted = false
  private inThink = false
  /** The end of a content delta that may be the start of a tag, held until the next delta. */
  private held = ''
  /** After a think block, the answer's leading blank lines are the block's separator, not text. */
  private trimLeading = false
  /** A think block was opened or closed: a later `</think>` is text. */
  private thinkSeen = false
  /** Answer text given so far, while a lone `</think>` may still turn it into thinking. */
  private answerSoFar = ''

  constructor(private readonly options: StreamParserOptions = {}) {}

  /** One `choices[0].delta` as the SDK gives it. */
  push(delta: unknown): ParsedDelta {
    const out: ParsedDelta = { text: '', reasoning: '' }
    if (typeof delta !== 'object' || delta === null) return out
    const d = delta as Record<string, unknown>
    for (const field of ['reasoning_content', 'reasoning'] as const) {
      if (typeof d[field] === 'string') out.reasoning += d[field]
    }
    if (Array.isArray(d.tool_calls) && d.tool_calls.length > 0) this.toolCalls = true
    if (typeof d.refusal === 'string' && d.refusal) {
      this.refused = true
      this.addText(out, d.refusal)
    }
    if (typeof d.content === 'string' && d.content) this.readContent(out, d.content)
    return out
  }

  /** The stream ended: what was held back as a possible tag is what it was. */
  end(): ParsedDelta {
    const out: ParsedDelta = { text: '', reasoning: '' }
    const rest = this.held
    this.held = ''
    if (this.inThink) out.reasoning += rest
    else this.addText(out, rest)
    return out
  }

  private readContent(out: ParsedDelta, content: string): void {
    let s = this.held + content
    this.held = ''
    while (s) {
      if (this.inThink) {
        const close = s.indexOf(CLOSE)
        if (close === -1) {
          const keep = partialSuffix(s, CLOSE)
          out.reasoning += s.slice(0, s.length - keep)
          this.held = s.slice(s.length - keep)
          return
        }
        out.reasoning += s.slice(0, close)
        s = s.slice(close + CLOSE.length)
        this.inThink = false
        this.trimLeading = true
        continue
      }
      if (!this.answerStarted) {
        const lead = s.length - s.trimStart().length
        const rest = s.slice(lead)
        if (rest.startsWith(OPEN)) {
          this.inThink = true
          this.thinkSeen = true
          s = rest.slice(OPEN.length)
          continue
        }
        if (rest === '' || OPEN.startsWith(rest)) {
          // Whitespace, or the beginning of what may be a <think>: wait for more.
          this.held = s
          return
        }
      }
      if (this.watchingForClose()) {
        const close = s.indexOf(CLOSE)
        if (close === -1) {
          const keep = partialSuffix(s, CLOSE)
          this.addText(out, s.slice(0, s.length - keep))
          this.held = s.slice(s.length - keep)
          return
        }
        const before = s.slice(0, close)
        const soFar = this.answerSoFar + before
        if (!/`$/.test(soFar) && !/```|<think>/.test(soFar)) {
          // Everything so far was thinking: the consumer moves the text it was given.
          if (this.answerSoFar.length > out.text.length) out.movedToReasoning = true
          out.reasoning += out.text + before
          out.text = ''
          this.answerSoFar = ''
          this.thinkSeen = true
          this.answerStarted = false
          this.trimLeading = true
          s = s.slice(close + CLOSE.length)
          continue
        }
        this.thinkSeen = true
      }
      this.addText(out, s)
      return
    }
  }

  private watchingForClose(): boolean {
    return this.options.orphanClose === true && !this.thinkSeen && !this.refused
  }

  private addText(out: ParsedDelta, text: string): void {
    let t = text
    if (this.trimLeading) {
      t = t.replace(/^\s+/, '')
      if (!t) return
      this.trimLeading = false
    }
    if (!t) return
    this.answerStarted = true
    out.text += t
    if (this.watchingForClose()) this.answerSoFar += t
  }
}

/** Length of the longest end of `s` that is a proper beginning of `tag`. */
function partialSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) {
    if (tag.startsWith(s.slice(s.length - n))) return n
  }
  return 0
}
