import { describe, expect, it } from 'vitest'
import { parseToolArguments, ToolCallAccumulator } from '../../src/main/tools/toolCallAccumulator'

const feed = (...chunks: unknown[]) => {
  const acc = new ToolCallAccumulator()
  for (const c of chunks) acc.push(c)
  return acc.calls()
}

describe('ToolCallAccumulator', () => {
  it('joins arguments split over many chunks (OpenAI)', () => {
    expect(
      feed(
        [{ index: 0, id: 'call_a', type: 'function', function: { name: 'web_search', arguments: '' } }],
        [{ index: 0, function: { arguments: '{"que' } }],
        [{ index: 0, function: { arguments: 'ry":"tea"}' } }]
      )
    ).toEqual([{ id: 'call_a', name: 'web_search', arguments: '{"query":"tea"}' }])
  })

  it('keeps parallel calls apart by index, interleaved', () => {
    expect(
      feed(
        [{ index: 0, id: 'a', function: { name: 'one', arguments: '{"x":' } }],
        [{ index: 1, id: 'b', function: { name: 'two', arguments: '{"y":' } }],
        [{ index: 0, function: { arguments: '1}' } }],
        [{ index: 1, function: { arguments: '2}' } }]
      )
    ).toEqual([
      { id: 'a', name: 'one', arguments: '{"x":1}' },
      { id: 'b', name: 'two', arguments: '{"y":2}' }
    ])
  })

  it('takes a whole call in one chunk, arguments even as an object (Gemini, Ollama)', () => {
    expect(feed([{ index: 0, id: 'g1', type: 'function', function: { name: 'read_url', arguments: { url: 'https://a.b' } } }])).toEqual([
      { id: 'g1', name: 'read_url', arguments: '{"url":"https://a.b"}' }
    ])
  })

  it('an empty id or a null name in a later chunk does not overwrite the first', () => {
    expect(
      feed([{ index: 0, id: 'call_1', function: { name: 'echo', arguments: '{' } }], [{ index: 0, id: '', function: { name: null, arguments: '}' } }])
    ).toEqual([{ id: 'call_1', name: 'echo', arguments: '{}' }])
  })

  it('without index: a new id starts a call, no id continues the last one', () => {
    expect(
      feed([{ id: 'x', function: { name: 'a', arguments: '{"n":' } }], [{ function: { arguments: '1}' } }], [{ id: 'y', function: { name: 'b', arguments: '{}' } }])
    ).toEqual([
      { id: 'x', name: 'a', arguments: '{"n":1}' },
      { id: 'y', name: 'b', arguments: '{}' }
    ])
  })

  it('names a call that came without an id, and drops pieces that never got a name', () => {
    expect(feed([{ index: 2, function: { name: 'noid', arguments: '{}' } }], [{ index: 3, function: { arguments: '{}' } }], 'junk', null)).toEqual([
      { id: 'call_2', name: 'noid', arguments: '{}' }
    ])
  })
})

describe('parseToolArguments', () => {
  it('an object, empty text as {}, and a clear error for anything else', () => {
    expect(parseToolArguments('{"a":1}')).toEqual({ ok: true, args: { a: 1 } })
    expect(parseToolArguments('  ')).toEqual({ ok: true, args: {} })
    expect(parseToolArguments('[1]')).toMatchObject({ ok: false, error: 'The arguments must be a JSON object.' })
    expect(parseToolArguments('{"a":')).toMatchObject({ ok: false })
    expect((parseToolArguments('{"a":') as { error: string }).error).toMatch(/not valid JSON/)
  })
})
