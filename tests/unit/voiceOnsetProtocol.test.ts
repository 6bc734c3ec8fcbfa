import { describe, expect, it } from 'vitest'
import { parseOnsetWorkerReply, parseOnsetWorkerRequest } from '../../src/renderer/src/voice/onsetProtocol'

describe('speech-onset worker messages', () => {
  it('accepts the messages each side sends', () => {
    const pcm = new ArrayBuffer(960)
    expect(parseOnsetWorkerRequest({ t: 'frame', pcm, time: 1.25 })).toEqual({ t: 'frame', pcm, time: 1.25 })
    expect(parseOnsetWorkerRequest({ t: 'close' })).toEqual({ t: 'close' })
    expect(parseOnsetWorkerReply({ t: 'ready' })).toEqual({ t: 'ready' })
    expect(parseOnsetWorkerReply({ t: 'speech', time: 3 })).toEqual({ t: 'speech', time: 3 })
    expect(parseOnsetWorkerReply({ t: 'unavailable', reason: 'HTTP 404' })).toEqual({ t: 'unavailable', reason: 'HTTP 404' })
  })

  it('drops anything else', () => {
    for (const bad of [null, 'frame', { t: 'frame', pcm: new Uint8Array(4), time: 1 }, { t: 'frame', pcm: new ArrayBuffer(2) }, { t: 'eval' }]) {
      expect(parseOnsetWorkerRequest(bad)).toBeUndefined()
    }
    for (const bad of [undefined, { t: 'speech', time: '3' }, { t: 'ready!' }, 42]) expect(parseOnsetWorkerReply(bad)).toBeUndefined()
    expect(parseOnsetWorkerReply({ t: 'unavailable' })).toEqual({ t: 'unavailable', reason: 'unknown' })
  })
})
