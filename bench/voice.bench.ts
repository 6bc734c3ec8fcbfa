/**
 * `npm run bench -- voice` → bench/results/voice.json (issue 6).
 *
 * Measured in Debian Chromium against the web harness (real main services) and the local
 * provider's Realtime API over TLS with a scripted network delay of 50 ms each way; its VAD needs
 * 150 ms of speech before it decides. Chromium's fake microphone plays espeak-ng speech ("What
 * time is it?", then silence; the file loops every ~6.3 s) with AEC/NS/AGC off. Each loop is one
 * turn; answers are 10 s of audio, so every later loop talks over the assistant: a barge-in.
 * False barge-ins: more sessions where the microphone carries no user speech while the assistant
 * talks — low pink noise, then the assistant's own voice coming back ECHO_ATTENUATION_DB below
 * what is played (speakers on, echo cancellation's residual) — one answer per run.
 *
 * Client-side barge-in is Silero v5 (bundled, onnxruntime-web WebAssembly in the page) behind
 * an echo gate (src/renderer/src/voice/echoGate.ts); the page says whether Silero loaded.
 *
 * Node reads NODE_EXTRA_CA_CERTS only at start, so the measuring runs in a child process started
 * with the test CA trusted (as the E2E workers are).
 *
 * Where each figure comes from (one clock: renderer and main are on one machine):
 * - mic_to_send_ms: the renderer receives a 20 ms frame from the capture worklet (stamped) → main
 *   has handed its append to the socket.
 * - delta_to_playback_ms: an output_audio.delta arrives in main → the renderer hands it to the
 *   playback worklet (the worklet queues it synchronously).
 * - bargein_silence_ms: speech_started arrives in main → the playback worklet confirms it dropped
 *   its queue (its output is digital silence, < −60 dBFS, from the next 128-frame quantum); 0 when
 *   the renderer's own VAD had already silenced it (client-side barge-in).
 * - bargein_onset_to_silence_ms: the speech onset (the provider VAD's audio_start_ms, the same
 *   −40 dBFS onset the WAV measure gives, placed on the wall clock through the frames' capture
 *   times) → that silence.
 * - app_overhead_ms: end of speech (audio_end_ms, likewise) → the first playback report of the
 *   answer, minus the provider's scripted latency (silence_duration_ms 500 + 2 × 50 ms network).
 */
import { spawn } from 'node:child_process'
import { renameSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BenchContext, BenchResult } from './run'
import { CHROMIUM_PATH } from '../tests/support/chromium'

const CHILD_FLAG = '--voice-bench-child'
const RESULT_PREFIX = 'VOICE_BENCH_RESULT '
const NETWORK_MS = 50
const SILENCE_MS = 500
const SPEECH_LOOPS = 9
const NOISE_ROUNDS = 6
const ECHO_ROUNDS = 6
/** Echo this far below the output: above the local server VAD's reach (-40 dBFS), where Silero still calls it speech. */
const ECHO_ATTENUATION_DB = 25
/** Screen sharing: a still screen this long (frames per minute), then this many changes this far apart (change → sent). */
const STATIC_SCREEN_MS = 60_000
const SCREEN_CHANGES = 12
const SCREEN_CHANGE_GAP_MS = 1500

const p50 = (xs: number[]): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return Math.round((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) * 10) / 10
}
const p95 = (xs: number[]): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] * 10) / 10
}

export default async function voiceBench(ctx: BenchContext): Promise<BenchResult> {
  const { createTestCertificate } = await import('../tests/support/tls')
  const cert = await createTestCertificate()
  ctx.log('measuring in a child process that trusts the test CA (NODE_EXTRA_CA_CERTS)…')
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ctx.root, 'bench/voice.bench.ts'), CHILD_FLAG], {
      cwd: ctx.root,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.caPath, OMNIDESK_TEST_TLS_CERT: cert.certPath, OMNIDESK_TEST_TLS_KEY: cert.keyPath },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      for (const line of d.toString().split('\n')) if (line && !line.startsWith(RESULT_PREFIX)) ctx.log(line)
    })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`voice bench child exited with ${code}`))))
  })
  await rm(cert.dir, { recursive: true, force: true })
  const line = output.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
  if (!line) throw new Error('voice bench child gave no result')
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult
}

async function child(): Promise<void> {
  const root = path.resolve(__dirname, '..')
  const { chromium } = await import('@playwright/test')
  const { startHarness } = await import('../src/main/harness/server')
  const { ProviderDraft } = await import('../src/shared/settings')
  const { startRealtimeProvider } = await import('../tests/support/fakeProvider')
  const { makeEchoWav, makeNoiseWav, makeSpeechWav } = await import('../tests/support/voiceWav')
  const { createVoiceTimingsProbe } = await import('../tests/support/voiceTimings')
  type Timings = import('../tests/support/voiceTimings').VoiceSessionTimings
  const log = (line: string) => console.log(line)

  const speech = makeSpeechWav({ text: 'What time is it?', leadMs: 500, tailMs: 4800 })
  const noise = makeNoiseWav({ durationMs: 6000 })
  const echo = makeEchoWav({ durationMs: 6000, attenuationDb: ECHO_ATTENUATION_DB })
  const rp = await startRealtimeProvider({ provider: { apiKey: 'sk-bench' }, realtime: { latencyMs: NETWORK_MS, audioSpeed: 4 } })
  const { makePng, uiLikePixel } = await import('../tests/support/images')
  const shareDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-voice-bench-screen-'))
  const screenPng = path.join(shareDir, 'screen.png')
  const screens = [makePng(1600, 1000, uiLikePixel(1600, 1000)), makePng(1600, 1000, (x, y) => uiLikePixel(1600, 1000)(x, y).map((v) => 255 - v) as [number, number, number])]
  const setScreen = (png: Buffer): void => {
    writeFileSync(`${screenPng}.tmp`, png)
    renameSync(`${screenPng}.tmp`, screenPng)
  }
  setScreen(screens[0])
  /** Provider receive times (epoch ms) of the shared frames, since `from`. */
  const framesAt = (from = 0): number[] =>
    rp.realtime.received
      .filter((e) => e.type === 'conversation.item.create' && ((e.event.item as { content?: Array<{ type?: string }> }).content ?? []).some((c) => c.type === 'input_image'))
      .map((e) => e.time)
      .filter((time) => time >= from)

  interface ClientVad {
    state: string | null
    bargeIns: number
    echoHeld: number
  }
  async function session(
    wav: string,
    body: (timings: () => Timings | undefined, page: import('@playwright/test').Page) => Promise<void>,
    share?: 'camera' | 'screen'
  ): Promise<{ timings: Timings; clientVad: ClientVad }> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-voice-bench-'))
    // The session's timings through an injected probe (the app keeps none); the first session's.
    const recorders: Array<ReturnType<typeof createVoiceTimingsProbe>> = []
    const voiceProbe = () => {
      const r = createVoiceTimingsProbe()
      recorders.push(r)
      return r.probe
    }
    const harness = await startHarness({
      dataDir,
      rendererDir: path.join(root, 'out/renderer'),
      bridgeScript: path.join(root, 'out/harness/bridge.js'),
      log: () => undefined,
      voiceProbe,
      // "The screen" a shared display shows: a file the bench rewrites to change it.
      captureFixtures: { displays: [{ id: 'bench', label: 'Bench display', bounds: { x: 0, y: 0, width: 1600, height: 1000 }, scaleFactor: 1, primary: true, png: screenPng }] }
    })
    const saved = await harness.services.handlers.providers.save(
      ProviderDraft.parse({ presetId: 'custom', name: 'Bench', baseURL: rp.provider.baseURL, apiKey: 'sk-bench', defaultModel: 'gpt-4o' })
    )
    await harness.services.handlers.settings.update({ defaultProviderId: saved.id, voiceAudioProcessing: false, voiceSilenceMs: SILENCE_MS })
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]
    })
    let last: Timings | undefined
    let clientVad: ClientVad = { state: null, bargeIns: 0, echoHeld: 0 }
    const current = (): Timings | undefined => {
      if (recorders.length) last = recorders[0].timings
      return last
    }
    try {
      const page = await (await browser.newContext({ permissions: ['microphone', 'camera'] })).newPage()
      await page.goto(harness.url)
      await page.getByTestId('voice-button').click()
      await page.locator('[data-testid="voice-view"][data-status="active"]').waitFor({ timeout: 20_000 })
      if (share === 'camera') await page.getByTestId('voice-share-camera').click()
      if (share === 'screen') {
        await page.getByTestId('voice-share-screen').click()
        await page.locator('[data-testid="voice-share-source"][data-kind="display"]').click()
      }
      if (share) await page.locator(`[data-testid="voice-sharing"][data-source="${share}"]`).waitFor()
      await body(current, page)
      current()
      const view = page.getByTestId('voice-view')
      clientVad = {
        state: await view.getAttribute('data-client-vad'),
        bargeIns: Number(await view.getAttribute('data-client-bargeins')),
        echoHeld: Number(await view.getAttribute('data-client-echo-held'))
      }
      await page.getByTestId('voice-end').click()
    } finally {
      await browser.close()
      await harness.close()
      await rm(dataDir, { recursive: true, force: true })
    }
    if (!last) throw new Error('no voice session timings')
    log(`sessions in this run: ${recorders.length}`)
    return { timings: last, clientVad }
  }

  // --- speech: turns and barge-ins (alone, then with the camera shared: the same figures side by side) ---
  async function speechRun(share?: 'camera') {
    rp.realtime.reset()
    for (let i = 0; i < SPEECH_LOOPS + 2; i++) rp.realtime.script({ userTranscript: 'What time is it?', answer: 'A long answer that keeps going so that the next question interrupts it.', audioMs: 10_000 })
    log(`speech run${share ? ` sharing the ${share}` : ''}: ${SPEECH_LOOPS} loops of ${Math.round(speech.durationMs)} ms (speech ${Math.round(speech.onsetMs)}–${Math.round(speech.endMs)} ms in the file)`)
    let sharedFrom = 0
    let sharedUntil = 0
    const run = await session(
      speech.path,
      async () => {
        sharedFrom = Date.now()
        await new Promise((r) => setTimeout(r, SPEECH_LOOPS * speech.durationMs + 1500))
        sharedUntil = Date.now()
      },
      share
    )
    const t = run.timings
    if (run.clientVad.state !== 'silero') log(`warning: Silero was not in use in the speech run (${run.clientVad.state})`)
    log(`client barge-ins: the page decided ${run.clientVad.bargeIns}, main saw ${t.clientBargeInAt.length} (held as echo: ${run.clientVad.echoHeld})`)
    const speechStarted = rp.realtime.sent.filter((e) => e.type === 'input_audio_buffer.speech_started').length
    const truncates = rp.realtime.received.filter((e) => e.type === 'conversation.item.truncate').map((e) => e.event.audio_end_ms as number)

    // Barge-ins: every speech_started after the first answer began playing.
    const firstPlayed = Object.values(t.firstPlayedAt).sort((a, b) => a - b)
    const bargeSilence: number[] = []
    const bargeOnset: number[] = []
    t.speechStartedAt.forEach((sentAt, i) => {
      if (!firstPlayed.length || sentAt < firstPlayed[0]) return
      const onset = Number.isFinite(t.onsetAt[i]) ? t.onsetAt[i] : undefined
      // The first silence after the onset: the renderer's own VAD may have stopped playback before
      // the server's speech_started arrived (then the wait after speech_started is 0).
      const stopped = t.stoppedAt.find((s) => s >= (onset ?? sentAt))
      if (stopped === undefined) return
      bargeSilence.push(Math.max(0, stopped - sentAt))
      if (onset !== undefined) bargeOnset.push(stopped - onset)
    })
    const overhead: number[] = []
    for (const end of t.speechEndAt) {
      const played = firstPlayed.find((p) => p > end)
      if (played !== undefined) overhead.push(played - end - (SILENCE_MS + 2 * NETWORK_MS))
    }
    // Where the time of a turn goes: the provider's VAD decision (after receiving the silence), its
    // first audio delta, and main → renderer → playback.
    const stoppedSent = rp.realtime.sent.filter((e) => e.type === 'input_audio_buffer.speech_stopped').map((e) => e.time)
    const firstDeltaSent = rp.realtime.sent
      .filter((e) => e.type === 'response.output_audio.delta')
      .filter((e, i, all) => i === 0 || all[i - 1].event.item_id !== e.event.item_id)
      .map((e) => e.time)
    const vadDecision: number[] = []
    const deltaToPlayed: number[] = []
    t.speechEndAt.forEach((end) => {
      const decided = stoppedSent.find((x) => x > end)
      if (decided !== undefined) vadDecision.push(decided - end - SILENCE_MS - NETWORK_MS)
    })
    for (const sent of firstDeltaSent) {
      const played = firstPlayed.find((p) => p > sent)
      if (played !== undefined) deltaToPlayed.push(played - sent - NETWORK_MS)
    }
    // Frames a minute: the most that reached the provider within any 60 s of the run.
    const frames = framesAt(sharedFrom).filter((time) => time <= sharedUntil)
    const perMinute = frames.reduce((most, at, i) => Math.max(most, frames.slice(i).filter((x) => x < at + 60_000).length), 0)
    log(`${share ?? 'no'} sharing: ${frames.length} frames in ${Math.round((sharedUntil - sharedFrom) / 100) / 10} s`)
    return { t, clientVad: run.clientVad, speechStarted, truncates, bargeSilence, bargeOnset, overhead, vadDecision, deltaToPlayed, framesPerMin: share ? perMinute : null }
  }
  const speechAlone = await speechRun()
  const { t, clientVad: speechClientVad, speechStarted, truncates, bargeSilence, bargeOnset, overhead, vadDecision, deltaToPlayed } = speechAlone
  const speechRunVad = { clientVad: speechClientVad }
  const withCamera = await speechRun('camera')

  // --- a shared screen: nothing changes for a minute, then changes one at a time -------------------
  rp.realtime.reset()
  log(`screen run: ${STATIC_SCREEN_MS / 1000} s of a still screen, then ${SCREEN_CHANGES} changes`)
  let staticFrames = 0
  const changeToSent: number[] = []
  await session(
    noise.path,
    async (_timings, page) => {
      const from = Date.now()
      await new Promise((r) => setTimeout(r, STATIC_SCREEN_MS))
      staticFrames = framesAt(from).length
      for (let i = 0; i < SCREEN_CHANGES; i++) {
        const before = framesAt().length
        const changedBefore = await page.evaluate(() => (window as unknown as { __harnessShareChangedAt?: number }).__harnessShareChangedAt ?? 0)
        setScreen(screens[(i + 1) % 2])
        await page.waitForFunction((was) => ((window as unknown as { __harnessShareChangedAt?: number }).__harnessShareChangedAt ?? 0) > was, changedBefore)
        const changedAt = await page.evaluate(() => (window as unknown as { __harnessShareChangedAt: number }).__harnessShareChangedAt)
        const deadline = Date.now() + 5000
        while (framesAt().length <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
        // The provider's receive time less its scripted network delay: when main handed the frame
        // to the socket, as mic_to_send_ms measures the microphone's frames.
        const sentAt = framesAt()[before]
        if (sentAt !== undefined) changeToSent.push(sentAt - NETWORK_MS - changedAt)
        // Past the one-frame-a-second cooldown: each change is measured on its own.
        await new Promise((r) => setTimeout(r, SCREEN_CHANGE_GAP_MS))
      }
    },
    'screen'
  )
  log(`screen: ${staticFrames} frames in ${STATIC_SCREEN_MS / 1000} s still; change → sent ${changeToSent.map((x) => Math.round(x)).join(', ')} ms`)

  // --- no user speech while the assistant talks (noise, then echo): false barge-ins ------------
  async function falseRun(name: string, wav: string, rounds: number) {
    rp.realtime.reset()
    for (let i = 0; i < rounds; i++) rp.realtime.script({ answer: 'Talking over a room where nobody else speaks.', audioMs: 4000 })
    log(`${name} run: ${rounds} answers of 4 s, no user speech`)
    const run = await session(wav, async () => {
      for (let i = 0; i < rounds; i++) {
        rp.realtime.respondNow()
        await new Promise((r) => setTimeout(r, 5000))
      }
    })
    return {
      answers: rp.realtime.sent.filter((e) => e.type === 'response.done').length,
      server: rp.realtime.sent.filter((e) => e.type === 'input_audio_buffer.speech_started').length,
      client: run.timings.clientBargeInAt.length,
      clientVad: run.clientVad
    }
  }
  const noiseRun = await falseRun('noise', noise.path, NOISE_ROUNDS)
  const echoRun = await falseRun('echo', echo.path, ECHO_ROUNDS)
  const serverFalse = noiseRun.server + echoRun.server
  const clientFalse = noiseRun.client + echoRun.client
  const falseBargeins = serverFalse + clientFalse
  await rp.close()
  await rm(shareDir, { recursive: true, force: true })

  const result: BenchResult = {
    figures: {
      mic_to_send_ms_p50: p50(t.micToSendMs),
      delta_to_playback_ms_p50: p50(t.deltaToScheduledMs),
      bargein_silence_ms_p50: p50(bargeSilence),
      bargein_onset_to_silence_ms_p50: p50(bargeOnset),
      app_overhead_ms_p50: p50(overhead),
      false_bargeins: falseBargeins,
      frame_change_to_sent_ms_p50: p50(changeToSent),
      frames_sent_per_min_static_screen: Math.round((staticFrames / STATIC_SCREEN_MS) * 60_000 * 10) / 10,
      frames_sent_per_min_video: withCamera.framesPerMin,
      // The same turns with the camera shared (frames going to the provider all along): side by side with the ones above.
      sharing_mic_to_send_ms_p50: p50(withCamera.t.micToSendMs),
      sharing_delta_to_playback_ms_p50: p50(withCamera.t.deltaToScheduledMs),
      sharing_bargein_silence_ms_p50: p50(withCamera.bargeSilence),
      sharing_bargein_onset_to_silence_ms_p50: p50(withCamera.bargeOnset),
      sharing_app_overhead_ms_p50: p50(withCamera.overhead),
      frame_change_to_sent_ms_p95: p95(changeToSent),
      mic_to_send_ms_p95: p95(t.micToSendMs),
      delta_to_playback_ms_p95: p95(t.deltaToScheduledMs),
      bargein_silence_ms_p95: p95(bargeSilence),
      bargein_onset_to_silence_ms_p95: p95(bargeOnset),
      app_overhead_ms_p95: p95(overhead),
      breakdown_vad_decision_after_silence_ms_p50: p50(vadDecision),
      breakdown_first_delta_to_playing_ms_p50: p50(deltaToPlayed),
      mic_frames: t.micToSendMs.length,
      audio_deltas: t.deltaToScheduledMs.length,
      bargeins: bargeSilence.length,
      turns: overhead.length,
      speech_started_events: speechStarted,
      truncates: truncates.length,
      false_bargein_runs: NOISE_ROUNDS + ECHO_ROUNDS,
      noise_answers: noiseRun.answers,
      echo_answers: echoRun.answers,
      client_bargeins: t.clientBargeInAt.length,
      false_bargeins_server_vad: serverFalse,
      false_bargeins_client_vad: clientFalse,
      false_bargeins_noise: noiseRun.server + noiseRun.client,
      false_bargeins_echo: echoRun.server + echoRun.client,
      // Frames Silero called speech in the echo run that the echo gate held back: without the
      // gate, each run with one would have been a false barge-in.
      echo_speech_frames_held: echoRun.clientVad.echoHeld,
      noise_speech_frames_held: noiseRun.clientVad.echoHeld,
      client_vad_state: [speechRunVad.clientVad.state, noiseRun.clientVad.state, echoRun.clientVad.state].join('/'),
      client_side_vad: 'Silero v5 via @ricky0123/vad-web FrameProcessor (speech ≥ 0.5, 64 ms to confirm) + echo gate (12 dB under the last 300 ms of output), only while the assistant plays'
    },
    targets: [
      { metric: 'mic_to_send_ms_p50', op: '<=', value: 30 },
      { metric: 'delta_to_playback_ms_p50', op: '<=', value: 30 },
      { metric: 'bargein_silence_ms_p50', op: '<=', value: 100 },
      { metric: 'bargein_onset_to_silence_ms_p50', op: '<=', value: 250 },
      { metric: 'false_bargeins', op: '<=', value: 0 },
      { metric: 'app_overhead_ms_p50', op: '<=', value: 50 },
      { metric: 'frame_change_to_sent_ms_p50', op: '<=', value: 100 },
      { metric: 'frames_sent_per_min_static_screen', op: '<=', value: 2 },
      { metric: 'frames_sent_per_min_video', op: '<=', value: 60 },
      { metric: 'sharing_mic_to_send_ms_p50', op: '<=', value: 30 },
      { metric: 'sharing_delta_to_playback_ms_p50', op: '<=', value: 30 },
      { metric: 'sharing_bargein_silence_ms_p50', op: '<=', value: 100 },
      { metric: 'sharing_bargein_onset_to_silence_ms_p50', op: '<=', value: 250 },
      { metric: 'sharing_app_overhead_ms_p50', op: '<=', value: 50 }
    ],
    notes: {
      provider: `local Realtime over TLS, ${NETWORK_MS} ms each way, energy VAD (150 ms of speech before speech_started, silence ${SILENCE_MS} ms), 100 ms audio deltas sent at 4× real time`,
      microphone: `Chromium fake capture: espeak-ng "What time is it?" (${Math.round(speech.endMs - speech.onsetMs)} ms of speech) looping every ${Math.round(speech.durationMs)} ms; AEC/NS/AGC off`,
      false_bargein_runs: `${NOISE_ROUNDS} answers over pink noise + ${ECHO_ROUNDS} answers over the assistant's synthetic voice ${ECHO_ATTENUATION_DB} dB below the output (looped, so it is also there between answers); false_bargeins = server speech_started + client barge-ins over them`,
      truncate_audio_end_ms: truncates,
      per_turn_app_overhead_ms: overhead.map(Math.round),
      per_turn_vad_decision_ms: vadDecision.map(Math.round),
      per_turn_first_delta_to_playing_ms: deltaToPlayed.map(Math.round),
      per_bargein_onset_to_silence_ms: bargeOnset.map(Math.round),
      onset: 'speech onset = the provider VAD audio_start_ms (first 10 ms window above -40 dBFS, as measured on the WAV) on the wall clock through the capture times of the frames',
      silence: 'the playback worklet drops its queue on stop and outputs zeros from the next render quantum: "stopped" is that moment',
      machine: '2 cores; Chromium headless; no sound card (Web Audio renders without one)',
      sharing: `camera: Chromium's fake camera (a moving pattern: every frame changes) during the second speech run; screen: a 1600×1000 capture fixture streamed live in the page (the harness's stand-in for Electron's desktop stream), still for ${STATIC_SCREEN_MS / 1000} s, then ${SCREEN_CHANGES} changes ${SCREEN_CHANGE_GAP_MS} ms apart; frame_change_to_sent_ms = the new picture drawn on the stream (page, wall clock) → the input_image item handed to the socket by main (the provider's receive time less its ${NETWORK_MS} ms scripted network delay); frames_sent_per_min_video = the most frames the provider received within any 60 s of the camera run`,
      per_change_to_sent_ms: changeToSent.map(Math.round)
    }
  }
  console.log(RESULT_PREFIX + JSON.stringify(result))
}

if (process.argv.includes(CHILD_FLAG)) {
  child().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    }
  )
}
