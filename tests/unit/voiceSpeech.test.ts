import { describe, expect, it } from 'vitest'
import { speechText, SpeechSentenceSplitter, splitForSpeech } from '../../src/main/voice/sentences'
import { initialVoiceState, reduceVoiceEvent, type VoiceState } from '../../src/main/voice/reducer'

/** Feeds text in deltas of `size` characters. */
function streamed(text: string, size: number): string[] {
  const s = new SpeechSentenceSplitter()
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)))
  return [...out, ...s.flush()]
}

describe('speech text', () => {
  it('strips markdown and drops code blocks', () => {
    expect(speechText('# Title\n**Bold** and _it_ with `x = 1` and [a link](https://x.y).')).toBe('Title Bold and it with x = 1 and a link.')
    expect(speechText('Before.\n```js\nconsole.log(1)\n```\nAfter.')).toBe('Before. After.')
    expect(speechText('- one\n- two\n> quoted')).toBe('one two quoted')
    expect(speechText('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('a, b 1, 2')
  })
})

describe('sentence splitter', () => {
  const english = 'Hello there! How are you today? I am fine. Pi is 3.14 exactly.'
  it('splits English sentences, keeping decimals', () => {
    expect(splitForSpeech(english)).toEqual(['Hello there!', 'How are you today?', 'I am fine.', 'Pi is 3.14 exactly.'])
  })
  it('splits Chinese punctuation without spaces', () => {
    expect(splitForSpeech('你好！今天天气很好。我们去公园吧？好的；走吧')).toEqual(['你好！', '今天天气很好。', '我们去公园吧？', '好的；', '走吧'])
  })
  it('gives the same sentences whatever the delta size', () => {
    for (const size of [1, 2, 3, 7, 100]) expect(streamed(english, size)).toEqual(splitForSpeech(english))
  })
  it('emits a sentence as soon as it is complete', () => {
    const s = new SpeechSentenceSplitter()
    expect(s.push('First one. Sec')).toEqual(['First one.'])
    expect(s.push('ond one')).toEqual([])
    expect(s.flush()).toEqual(['Second one'])
  })
  it('skips fenced code, even split across deltas', () => {
    const md = 'Here is code:\n```python\nprint("Hello. World!")\nx = 1\n```\nThat prints. Done!'
    for (const size of [1, 3, 5, 1000]) expect(streamed(md, size)).toEqual(['Here is code:', 'That prints.', 'Done!'])
  })
  it('drops an unterminated code block at the end', () => {
    expect(streamed('Look.\n```\nnever read. aloud', 4)).toEqual(['Look.'])
  })
  it('strips markdown inside sentences', () => {
    expect(splitForSpeech('**Note:** use `npm test`. See [docs](http://a.b).')).toEqual(['Note: use npm test.', 'See docs.'])
  })
})

describe('realtime event reducer', () => {
  const run = (events: Array<Record<string, unknown>>, state: VoiceState = initialVoiceState()): VoiceState =>
    events.reduce((s, e) => reduceVoiceEvent(s, e as { type: string }), state)

  it('follows a turn through its phases and collects both transcripts', () => {
    const phases: string[] = []
    let s = initialVoiceState()
    const events = [
      { type: 'session.created', session: {} },
      { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 0 },
      { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 900 },
      { type: 'conversation.item.created', item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_audio' }] } },
      { type: 'conversation.item.input_audio_transcription.delta', item_id: 'u1', delta: 'Hel' },
      { type: 'conversation.item.input_audio_transcription.completed', item_id: 'u1', transcript: 'Hello' },
      { type: 'response.created', response: { id: 'r1' } },
      { type: 'conversation.item.created', item: { id: 'a1', type: 'message', role: 'assistant', content: [] } },
      { type: 'response.output_audio.delta', item_id: 'a1', delta: Buffer.alloc(4800).toString('base64') },
      { type: 'response.output_audio_transcript.delta', item_id: 'a1', delta: 'Hi ' },
      { type: 'response.output_audio_transcript.delta', item_id: 'a1', delta: 'there' },
      { type: 'response.output_audio_transcript.done', item_id: 'a1', transcript: 'Hi there' },
      { type: 'response.done', response: { id: 'r1', status: 'completed', output: [{ id: 'a1' }] } }
    ]
    for (const e of events) {
      s = reduceVoiceEvent(s, e)
      phases.push(s.phase)
    }
    expect(phases).toEqual(['listening', 'user-speaking', 'thinking', 'thinking', 'thinking', 'thinking', 'thinking', 'thinking', 'assistant-speaking', 'assistant-speaking', 'assistant-speaking', 'assistant-speaking', 'assistant-speaking'])
    expect(s.order).toEqual(['u1', 'a1'])
    expect(s.items.u1).toMatchObject({ role: 'user', text: 'Hello', final: true })
    expect(s.items.a1).toMatchObject({ role: 'assistant', text: 'Hi there', final: true, audioMs: 100 })
    expect(s.responseActive).toBe(false)
    expect(s.audioItemId).toBe('a1')
  })

  it('records truncation, cancellation and errors', () => {
    const s = run([
      { type: 'response.created', response: { id: 'r1' } },
      { type: 'response.output_audio.delta', item_id: 'a1', delta: Buffer.alloc(9600).toString('base64') },
      { type: 'response.output_audio_transcript.delta', item_id: 'a1', delta: 'Once upon' },
      { type: 'input_audio_buffer.speech_started', item_id: 'u2' },
      { type: 'response.done', response: { id: 'r1', status: 'cancelled', output: [{ id: 'a1' }] } },
      { type: 'conversation.item.truncated', item_id: 'a1', audio_end_ms: 40, content_index: 0 },
      { type: 'error', error: { code: 'response_cancel_not_active', message: 'no active response' } }
    ])
    expect(s.phase).toBe('user-speaking')
    expect(s.items.a1).toMatchObject({ final: true, truncatedAtMs: 40, audioMs: 200, text: 'Once upon' })
    expect(s.lastError).toEqual({ code: 'response_cancel_not_active', message: 'no active response' })
  })

  it('ignores events it does not know and items that are not messages', () => {
    const s0 = initialVoiceState()
    expect(run([{ type: 'rate_limits.updated' }, { type: 'conversation.item.created', item: { id: 'f', type: 'function_call' } }], s0)).toEqual(s0)
  })
})
