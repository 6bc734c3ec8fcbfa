/**
 * `npm run bench -- read-aloud` → bench/results/read-aloud.json (issue 18: Read aloud).
 *
 * Debian Chromium against the web harness (the real main services) and the local provider's
 * /v1/audio/speech. An answer is on screen; each round clicks its Read aloud and waits for the
 * voice player's first report that it is playing samples (the page's clock for both ends:
 * the click is stamped by a capture-phase listener before the app's handler runs, the first
 * audio by the playback worklet's report, which it posts at the first quantum it writes).
 * Then Stop. "First click" rounds reload the page first (the audio context and its worklet are
 * made on the first click, as after opening the window); "again" rounds click in the same page.
 *
 * Peer in the same run: the same first sentence's speech asked straight through the openai SDK
 * from Node (`speech_request_ms_p50`) — what the provider itself costs; the app's part is the
 * difference.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BenchContext, BenchResult } from './run'
import { percentile } from './stats'
import { CHROMIUM_PATH } from '../tests/support/chromium'

const ROUNDS = 15
const ANSWER = 'Sure. The sun is a star at the centre of our solar system. Its light takes a little more than eight minutes to reach the Earth.'

const round1 = (x: number): number => Math.round(x * 10) / 10

/** Runs in the page before the app: click and first-audio stamps on the page's clock. */
function installStamps(): void {
  const w = window as unknown as { __readAloud: { clickAt: number; firstAudioAt: number } }
  w.__readAloud = { clickAt: 0, firstAudioAt: 0 }
  window.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element | null)?.closest?.('[data-testid="read-aloud"]')) w.__readAloud = { clickAt: performance.now(), firstAudioAt: 0 }
    },
    true
  )
  const Original = window.AudioWorkletNode
  window.AudioWorkletNode = class extends Original {
    constructor(context: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
      super(context, name, options)
      if (name !== 'omnidesk-playback') return
      this.port.addEventListener('message', (ev: MessageEvent) => {
        const data = ev.data as { type?: string; playing?: boolean }
        if (data.type === 'level' && data.playing && !w.__readAloud.firstAudioAt) w.__readAloud.firstAudioAt = performance.now()
      })
    }
  }
}

export default async function readAloudBench(ctx: BenchContext): Promise<BenchResult> {
  const { chromium } = await import('@playwright/test')
  const OpenAI = (await import('openai')).default
  const { startHarness } = await import('../src/main/harness/server')
  const { ProviderDraft } = await import('../src/shared/settings')
  const { startFakeProvider } = await import('../tests/support/fakeProvider')
  const { splitForSpeech } = await import('../src/main/voice/sentences')

  const provider = await startFakeProvider({ apiKey: 'sk-bench' })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-read-aloud-bench-'))
  const harness = await startHarness({ dataDir, rendererDir: path.join(ctx.root, 'out/renderer'), bridgeScript: path.join(ctx.root, 'out/harness/bridge.js'), log: () => undefined })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] })
  try {
    const saved = await harness.services.handlers.providers.save(ProviderDraft.parse({ presetId: 'custom', name: 'Bench', baseURL: provider.baseURL, apiKey: 'sk-bench', defaultModel: 'gpt-4o' }))
    await harness.services.handlers.settings.update({ defaultProviderId: saved.id })
    const page = await (await browser.newContext()).newPage()
    await page.addInitScript(installStamps)
    await page.goto(harness.url)
    provider.script({ content: ANSWER })
    await page.getByTestId('composer').fill('Tell me about the sun')
    await page.getByTestId('send').click()
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').waitFor()

    const stamps = () => page.evaluate(() => (window as unknown as { __readAloud: { clickAt: number; firstAudioAt: number } }).__readAloud)
    const once = async (): Promise<number> => {
      await page.getByTestId('read-aloud').click()
      await page.locator('[data-testid="read-aloud-controls"][data-status="playing"]').waitFor()
      await page.waitForFunction(() => (window as unknown as { __readAloud: { firstAudioAt: number } }).__readAloud.firstAudioAt > 0)
      const s = await stamps()
      await page.getByTestId('read-aloud-stop').click()
      await page.getByTestId('read-aloud').waitFor()
      return s.firstAudioAt - s.clickAt
    }
    const firstClick: number[] = []
    const again: number[] = []
    // One warm-up of each, not counted (Chromium compiles the page's scripts on the first reloads).
    await once()
    for (let i = 0; i < ROUNDS; i++) {
      await page.reload()
      await page.getByTestId('read-aloud').waitFor()
      firstClick.push(await once())
      again.push(await once())
      ctx.log(`round ${i + 1}: first click ${firstClick.at(-1)!.toFixed(1)} ms, again ${again.at(-1)!.toFixed(1)} ms`)
    }

    // The peer: the provider's own cost for the same first sentence, through the same SDK.
    const client = new OpenAI({ apiKey: 'sk-bench', baseURL: provider.baseURL, maxRetries: 0 })
    const first = splitForSpeech(ANSWER)[0]
    const direct: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now()
      await (await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: first, response_format: 'pcm' })).arrayBuffer()
      direct.push(performance.now() - t0)
    }
    const p50 = (xs: number[]) => round1(percentile(xs, 0.5))
    const all = [...firstClick, ...again]
    return {
      figures: {
        first_audio_after_click_ms_p50: p50(all),
        first_audio_after_click_ms_p95: round1(percentile(all, 0.95)),
        first_audio_first_click_ms_p50: p50(firstClick),
        first_audio_again_ms_p50: p50(again),
        speech_request_ms_p50: p50(direct),
        app_over_speech_request_ms_p50: round1(percentile(all, 0.5) - percentile(direct, 0.5))
      },
      targets: [{ metric: 'first_audio_after_click_ms_p50', op: '<=', value: 400 }],
      notes: {
        rounds: ROUNDS,
        first_sentence: first,
        path: 'click → voice.readAloud (main: sentences, speech of the first three started) → voice.readAloudAudio(0) → openai SDK → local /v1/audio/speech → base64 over the harness bridge → playback worklet (60 ms jitter target) → first quantum written',
        clock: 'the page’s performance.now for both ends'
      }
    }
  } finally {
    await browser.close()
    await harness.close()
    await provider.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
