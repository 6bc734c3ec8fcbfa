/**
 * Screen and camera in voice (issue 18): the page's change test and send plan (pure), and the
 * voice service's side — sharing state per session, the video permission armed only for the
 * window that shares, the tray's Stop, frames dropped once stopped, all undone when voice ends.
 */
import { changedShare, planSend } from '../../src/renderer/src/voice/share/frameChange'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import type { AudioLink } from '../../src/main/voice/audioLink'
import type { RealtimeConnection } from '../../src/main/voice/realtimeConnection'
import { createVoiceService } from '../../src/main/voice/voiceService'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import type { VoiceEvent } from '../../src/shared/voice/schemas'

function thumb(width: number, height: number, pixel: (x: number, y: number) => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = pixel(x, y)
      out.set([v, v, v, 255], (y * width + x) * 4)
    }
  return out
}

describe('changedShare', () => {
  const page = thumb(160, 90, (x, y) => (y % 10 < 2 && x > 10 && x < 150 ? 30 : 240))
  it('is 0 for the same picture and for noise below the pixel delta', () => {
    expect(changedShare(page, page, 16)).toBe(0)
    const noisy = page.map((v, i) => (i % 4 === 3 ? v : Math.min(255, v + ((i * 7) % 9))))
    expect(changedShare(page, noisy, 16)).toBe(0)
  })
  it('sees a changed line of text (over 0.5 % of the thumbnail), not a blinking caret', () => {
    const line = thumb(160, 90, (x, y) => (y >= 40 && y < 43 && x > 10 && x < 150 ? 30 : page[(y * 160 + x) * 4]))
    expect(changedShare(page, line, 16)).toBeGreaterThan(0.005)
    const caret = thumb(160, 90, (x, y) => (x === 80 && y >= 40 && y < 44 ? 30 : page[(y * 160 + x) * 4]))
    expect(changedShare(page, caret, 16)).toBeLessThan(0.005)
  })
  it('a different size counts as all changed', () => {
    expect(changedShare(page, thumb(10, 10, () => 0), 16)).toBe(1)
  })
})

describe('planSend', () => {
  it('sends a change at once, at most one a second; a change in the cooldown is looked at when it ends', () => {
    expect(planSend(false, 5000, 1000, 1000)).toEqual({ now: false })
    expect(planSend(true, 5000, undefined, 1000)).toEqual({ now: true })
    expect(planSend(true, 5000, 3900, 1000)).toEqual({ now: true })
    expect(planSend(true, 5000, 4500, 1000)).toEqual({ now: false, retryAt: 5500 })
  })
})

describe('the voice service shares a screen or the camera', () => {
  let dir: string
  let store: ConversationStore
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-voice-share-'))
    store = (await openConversationStore({ dataDir: dir })).store
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  function setup() {
    const sent: Array<{ type: string; item?: { content?: Array<{ type: string; image_url?: string }> } }> = []
    let closeConn: (() => void) | undefined
    const conn: RealtimeConnection = {
      send: (event) => void sent.push(event as never),
      onEvent: () => undefined,
      onClose: (listener) => {
        closeConn = () => listener({ byUs: false, code: 1006, reason: 'gone' })
      },
      close: () => undefined,
      lastSendAt: 0
    }
    const link: AudioLink = { send: () => undefined, onMessage: () => undefined, onClose: () => undefined, close: () => undefined }
    const events: VoiceEvent[] = []
    const allowed: Array<[string, boolean]> = []
    const sharingChanges: number[] = []
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1' })
    const voice = createVoiceService({
      store,
      providers: { resolve: () => ({ provider: { id: 'p', presetId: 'custom', name: 'P', baseURL: 'http://127.0.0.1:9/v1', defaultModel: 'gpt-4o' }, client }) },
      settings: () => ({ ...DEFAULT_SETTINGS, voiceMode: 'realtime' }),
      emit: (channel, payload) => {
        if (channel === 'voice:onEvent') events.push(payload as VoiceEvent)
      },
      audioLinks: { open: async () => link },
      log: () => undefined,
      connect: async () => conn,
      shareScreen: { mediaSourceId: async ({ kind, id }) => (id === 'gone' ? undefined : `${kind}:${id}:0`) },
      videoAccess: { setAllowed: (window, on) => void allowed.push([window, on]) },
      onSharingChanged: (sharing) => void sharingChanges.push(sharing.length)
    })
    const images = () => sent.filter((e) => e.type === 'conversation.item.create').flatMap((e) => (e.item?.content ?? []).filter((c) => c.type === 'input_image').map((c) => c.image_url))
    return { voice, events, allowed, sharingChanges, images, drop: () => closeConn?.() }
  }

  it('a screen: its stream id, frames to the model while shared, dropped after Stop; the window allowed video only meanwhile', async () => {
    const { voice, events, allowed, sharingChanges, images } = setup()
    const { sessionId } = await voice.handlers.start({ window: 'companion' })
    await expect(voice.handlers.share({ sessionId, sharing: { source: 'screen', label: 'Display' } })).rejects.toMatchObject({ info: { code: 'bad_request' } })
    await expect(voice.handlers.share({ sessionId, sharing: { source: 'screen', label: 'Gone' }, target: { kind: 'window', id: 'gone' } })).rejects.toMatchObject({ info: { code: 'not_found' } })
    expect(await voice.handlers.share({ sessionId, sharing: { source: 'screen', label: 'Display' }, target: { kind: 'display', id: '1' } })).toEqual({ mediaSourceId: 'display:1:0' })
    expect(allowed.at(-1)).toEqual(['companion', true])
    expect(events.filter((e) => e.kind === 'sharing').at(-1)).toEqual({ kind: 'sharing', sessionId, sharing: { source: 'screen', label: 'Display' } })
    await voice.handlers.shareFrame({ sessionId, image: 'data:image/jpeg;base64,AAAA', width: 10, height: 10 })
    expect(images()).toEqual(['data:image/jpeg;base64,AAAA'])

    // The tray's Stop asks the page; the page's Stop tells main.
    voice.stopSharing()
    expect(events.at(-1)).toEqual({ kind: 'stopSharing', sessionId })
    await voice.handlers.share({ sessionId, sharing: null })
    expect(allowed.at(-1)).toEqual(['companion', false])
    expect(sharingChanges).toEqual([1, 0])
    // A frame still on its way after Stop is not shown to the model.
    await voice.handlers.shareFrame({ sessionId, image: 'data:image/jpeg;base64,BBBB', width: 10, height: 10 })
    expect(images()).toHaveLength(1)
    voice.stopAll()
  })

  it('the camera; the session ends: sharing ends with it, video no longer allowed', async () => {
    const { voice, events, allowed, sharingChanges, drop } = setup()
    const { sessionId } = await voice.handlers.start({})
    expect(await voice.handlers.share({ sessionId, sharing: { source: 'camera', label: 'Camera' } })).toEqual({})
    expect(allowed.at(-1)).toEqual(['main', true])
    drop()
    expect(events.some((e) => e.kind === 'ended')).toBe(true)
    expect(events.filter((e) => e.kind === 'sharing').at(-1)).toEqual({ kind: 'sharing', sessionId, sharing: null })
    expect(allowed.at(-1)).toEqual(['main', false])
    expect(sharingChanges).toEqual([1, 0])
    // Stopping afterwards (the page's own Stop) is nothing to do, not an error.
    expect(await voice.handlers.share({ sessionId, sharing: null })).toEqual({})
  })
})
