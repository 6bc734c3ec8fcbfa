import { describe, expect, it } from 'vitest'
import { StreamParser } from '../../src/main/chat/streamParser'

/** Feeds deltas and returns the joined text and reasoning, plus the parser. */
function run(deltas: unknown[], options: ConstructorParameters<typeof StreamParser>[0] = {}): { text: string; reasoning: string; parser: StreamParser; moved: number } {
  const parser = new StreamParser(options)
  let text = ''
  let reasoning = ''
  let moved = 0
  for (const d of [...deltas.map((x) => parser.push(x)), parser.end()]) {
    // As the chat engine does: the text given so far moves to the thinking.
    if (d.movedToReasoning) {
      reasoning += text
      text = ''
      moved++
    }
    text += d.text
    reasoning += d.reasoning
  }
  return { text, reasoning, parser, moved }
}

const contents = (...parts: string[]) => parts.map((content) => ({ content }))

describe('StreamParser', () => {
  it('passes plain content through', () => {
    expect(run(contents('Hello', ', world')).text).toBe('Hello, world')
  })

  it('reads reasoning from reasoning_content (DeepSeek, Qwen, Moonshot) and reasoning (Ollama, Groq, OpenRouter, xAI)', () => {
    const deepseek = run([{ role: 'assistant', content: null, reasoning_content: 'Let me ' }, { reasoning_content: 'think.' }, { content: 'Answer.' }])
    expect(deepseek).toMatchObject({ reasoning: 'Let me think.', text: 'Answer.' })
    const ollama = run([{ reasoning: 'Hmm.' }, { content: '', reasoning: ' Yes.' }, { content: 'Yes.' }])
    expect(ollama).toMatchObject({ reasoning: 'Hmm. Yes.', text: 'Yes.' })
  })

  it('splits inline <think> tags from the answer, tags cut anywhere across chunks', () => {
    const whole = '<think>\nThe user greets me.\n</think>\n\nHello! How can I help?'
    for (let cut1 = 1; cut1 < whole.length - 1; cut1 += 3) {
      for (let cut2 = cut1 + 1; cut2 < whole.length; cut2 += 5) {
        const r = run(contents(whole.slice(0, cut1), whole.slice(cut1, cut2), whole.slice(cut2)))
        expect(r.text, `cuts ${cut1}/${cut2}`).toBe('Hello! How can I help?')
        expect(r.reasoning, `cuts ${cut1}/${cut2}`).toBe('\nThe user greets me.\n')
      }
    }
  })

  it('a lone </think> (the block opened in the prompt) makes what came before it thinking, cut anywhere', () => {
    const whole = 'The user greets me.\nI should answer.\n</think>\n\nHello! How can I help?'
    for (let cut1 = 1; cut1 < whole.length - 1; cut1 += 2) {
      for (let cut2 = cut1 + 1; cut2 < whole.length; cut2 += 3) {
        const r = run(contents(whole.slice(0, cut1), whole.slice(cut1, cut2), whole.slice(cut2)), { orphanClose: true })
        expect(r.text, `cuts ${cut1}/${cut2}`).toBe('Hello! How can I help?')
        expect(r.reasoning, `cuts ${cut1}/${cut2}`).toBe('The user greets me.\nI should answer.\n')
        expect(r.moved).toBeLessThanOrEqual(1)
      }
    }
    // Off (voice: the text may already be spoken), and after a real think block, the tag is text.
    expect(run(contents('a</think>b')).text).toBe('a</think>b')
    expect(run(contents('<think>x</think>Use ', '</think> to close.'), { orphanClose: true }).text).toBe('Use </think> to close.')
  })

  it('a lone </think> in an answer about tags stays text', () => {
    const quoted = run(contents('Close the block with `', '</think>', '` at the end.'), { orphanClose: true })
    expect(quoted).toMatchObject({ text: 'Close the block with `</think>` at the end.', reasoning: '', moved: 0 })
    const fenced = run(contents('```xml\n<a/>\n', '</think>\n```'), { orphanClose: true })
    expect(fenced.text).toBe('```xml\n<a/>\n</think>\n```')
  })

  it('one character per chunk', () => {
    const r = run(contents(...'  <think>a<b</think>Done <think> stays'.split('')))
    expect(r.reasoning).toBe('a<b')
    expect(r.text).toBe('Done <think> stays')
  })

  it('keeps a <think> that does not open the answer, and text that only looks like the tag start', () => {
    expect(run(contents('Use the ', '<think>', ' tag')).text).toBe('Use the <think> tag')
    expect(run(contents('<thi', 'ngs>')).text).toBe('<things>')
    expect(run(contents('<')).text).toBe('<')
  })

  it('an unclosed think block is reasoning, whatever it held back at the end', () => {
    expect(run(contents('<think>still thinking</th'))).toMatchObject({ reasoning: 'still thinking</th', text: '' })
  })

  it('a refusal is the answer, marked', () => {
    const r = run([{ refusal: "I'm sorry, " }, { refusal: "I can't help with that." }])
    expect(r.text).toBe("I'm sorry, I can't help with that.")
    expect(r.parser.refused).toBe(true)
  })

  it('notices tool calls', () => {
    const r = run([{ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'get_weather', arguments: '' } }] }])
    expect(r.parser.toolCalls).toBe(true)
    expect(r.text).toBe('')
  })

  it('ignores what is not a delta', () => {
    expect(run([null, 'x', 3, { content: 5 }]).text).toBe('')
  })
})
