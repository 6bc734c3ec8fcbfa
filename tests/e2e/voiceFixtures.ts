/**
 * What the voice specs share: Debian Chromium's fake microphone playing espeak-ng speech, the
 * local provider with its Realtime API over TLS (its CA is trusted through NODE_EXTRA_CA_CERTS, see
 * tls.globalSetup.ts), and waits on the voice view's own state.
 */
import { test as base, expect, seedProvider, showCompanion, type HarnessHandle, type Page } from './fixtures'
import { startRealtimeProvider, type RealtimeProvider } from '../support/fakeProvider'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium'
import { makeSpeechWav } from '../support/voiceWav'

// Chromium loops the fake microphone's file (a launch flag: one file per spec file). One
// question, then a long silence: the user asks and listens (no second turn within a test).
// Asked again every ~6 s: the user talks over a long answer, for barge-in.
export const askOnce = makeSpeechWav({ text: 'What time is it?', leadMs: 500, tailMs: 30_000, name: 'ask-once' })
export const askAgain = makeSpeechWav({ text: 'What time is it?', leadMs: 500, tailMs: 4800, name: 'ask-again' })

/** Launch options with this file as the microphone. */
export const microphone = (wav: { path: string }) => ({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav.path}`]
})

/** What the page's audio worklets measured (see installVoiceTap), read with `voiceTap(page)`. */
export interface VoiceTap {
  /** Loudest microphone frame so far (dBFS). */
  inputPeak: number
  /** Quiet (below -60 dBFS) microphone audio since the last frame above -40, ms. */
  inputQuietMs: number
  /** Loudest output report of the player so far (dBFS). */
  outputPeak: number
}

/**
 * Records what the app's own worklets report, in the page, as it happens: a message the page is
 * too busy to handle waits in its queue, so a spec reads the peak even when a stall of the page
 * (or of the test runner) spans a whole answer. The meter on screen shows only what was rendered.
 */
export function installVoiceTap(): void {
  const tap = { inputPeak: -Infinity, inputQuietMs: 0, outputPeak: -Infinity }
  ;(window as unknown as { __voiceTap: typeof tap }).__voiceTap = tap
  const Original = window.AudioWorkletNode
  if (!Original) return
  window.AudioWorkletNode = class extends Original {
    constructor(context: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
      super(context, name, options)
      this.port.addEventListener('message', (ev: MessageEvent) => {
        const data = ev.data as { level?: number; type?: string; dbfs?: number }
        if (name === 'omnidesk-capture' && typeof data.level === 'number') {
          tap.inputPeak = Math.max(tap.inputPeak, data.level)
          if (data.level > -40) tap.inputQuietMs = 0
          else if (data.level < -60) tap.inputQuietMs += 20
        } else if (name === 'omnidesk-playback' && data.type === 'level' && typeof data.dbfs === 'number') {
          tap.outputPeak = Math.max(tap.outputPeak, data.dbfs)
        }
      })
    }
  }
}

export const voiceTap = (page: Page): Promise<VoiceTap> => page.evaluate(() => (window as unknown as { __voiceTap: VoiceTap }).__voiceTap)

export const test = base.extend<{ rt: RealtimeProvider; serverMinSpeechMs: number }>({
  /** Speech the provider's VAD needs before speech_started (a real server's is ~150 ms). */
  serverMinSpeechMs: [150, { option: true }],
  rt: async ({ serverMinSpeechMs }, use) => {
    const rt = await startRealtimeProvider({ provider: { apiKey: 'sk-test' }, realtime: { audioSpeed: 4, minSpeechMs: serverMinSpeechMs } })
    try {
      await use(rt)
    } finally {
      await rt.close()
    }
  },
  // A browser of its own for each voice test: Chromium's fake microphone plays its file from the
  // start when the device opens, but a device still open from the previous test (its teardown
  // runs late on a busy machine) would be shared, mid-file, and the question never asked.
  context: async ({ playwright, launchOptions, permissions }, use) => {
    const browser = await playwright.chromium.launch(launchOptions)
    try {
      const context = await browser.newContext({ permissions })
      await context.addInitScript(installVoiceTap)
      await use(context)
    } finally {
      await browser.close()
    }
  }
})

export { expect, seedProvider, showCompanion, type HarnessHandle, type Page }

export async function openVoice(page: Page, harness: HarnessHandle, rt: RealtimeProvider, settings: Parameters<HarnessHandle['handlers']['settings']['update']>[0] = {}): Promise<void> {
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await harness.handlers.settings.update({ voiceAudioProcessing: false, ...settings })
  await page.goto(harness.url)
  await page.getByTestId('voice-button').click()
  const view = page.getByTestId('voice-view')
  await expect(view).not.toHaveAttribute('data-status', 'starting', { timeout: 20_000 })
  const status = await view.getAttribute('data-status')
  // Say why when it did not start (the view shows the reason).
  if (status !== 'active') throw new Error(`voice did not start (${status}): ${await page.getByTestId('voice-error').textContent().catch(() => '')}`)
}

const levelDbfs = async (page: Page, side: 'input' | 'output'): Promise<number> => {
  const v = await page.getByTestId('voice-level').getAttribute(`data-${side}-dbfs`)
  return v === null || v === '-inf' ? -Infinity : Number(v)
}
/** What the page plays, as its meter shows it. */
export const outputDbfs = (page: Page): Promise<number> => levelDbfs(page, 'output')


/**
 * The answer with this text has been played to its end: its line is final and whole, and main's
 * phase left assistant-speaking (main does that only once playback reported the item's last
 * millisecond played). End while it plays would store only what was heard.
 */
export async function answerPlayedThrough(page: Page, text: string): Promise<void> {
  const line = page.locator('[data-testid="voice-line"][data-role="assistant"]').filter({ hasText: text })
  await expect(line).toHaveAttribute('data-final', 'true', { timeout: 20_000 })
  await expect(page.getByTestId('voice-phase')).toHaveAttribute('data-session-phase', 'listening', { timeout: 20_000 })
  await expect(line).toHaveAttribute('data-truncated', 'false')
}

/** CSP violations of the page (Silero's WebAssembly must compile under script-src 'self' 'wasm-unsafe-eval', nothing more). */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] }
    w.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`))
  })
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)
}
