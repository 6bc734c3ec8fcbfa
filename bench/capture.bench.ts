/**
 * `npm run bench -- capture`: screenshots sized for the model (issue 4).
 * The headline figures are for GPT-4o (the OpenAI preset's model): lossy WebP by libwebp in
 * WASM. The fallback_* figures are the same measurements for a model without WebP (or when the
 * WASM cannot load): PNG/JPEG from the canvas by content (see the notes in
 * bench/results/capture.json).
 *
 * Fixtures: dense UI (bench/capture/fixtureHtml.ts: 13 px body, sidebar, table, code block)
 * rendered by Debian's Chromium at deviceScaleFactor 2 into 2560×1440 and 5120×2880 PNGs.
 * The pipeline measured is the app's own (src/renderer/src/attachments/prepare.ts) running in that
 * Chromium, bundled by Vite; OCR is Debian's tesseract. See bench/results/capture.json notes.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Page } from '@playwright/test'
import { build } from 'vite'
import type { BenchContext, BenchResult } from './run'
import { CHROMIUM_PATH } from '../tests/support/chromium'
import { TESSERACT } from '../tests/support/systemPackages'
import { webpGluePlugin } from '../build/webpGluePlugin'
import { fixtureHtml } from './capture/fixtureHtml'

const exec = promisify(execFile)

/** OCR of what the model would read (checked by bench/run.ts before the bench starts). */
export const systemPackages = [TESSERACT]

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d

function normalise(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter((w) => w.length >= 2)
}

function counts(words: string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1)
  return m
}

/** Words read correctly: multiset intersection with the truth. */
function correct(read: string[], truth: Map<string, number>): number {
  let n = 0
  for (const [w, c] of counts(read)) n += Math.min(c, truth.get(w) ?? 0)
  return n
}

async function ocr(dir: string, name: string, dataUrl: string): Promise<string[]> {
  const file = path.join(dir, `${name}.png`)
  await writeFile(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))
  const { stdout } = await exec('tesseract', [file, 'stdout', '-l', 'eng'], { maxBuffer: 32 * 1024 * 1024 })
  return normalise(stdout)
}

/** Words fully visible in the viewport (clipped by overflow:hidden boxes), from the DOM. */
async function visibleWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const vw = window.innerWidth
    const vh = window.innerHeight
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      let clip = { l: 0, t: 0, r: vw, b: vh }
      for (let el = node.parentElement; el; el = el.parentElement) {
        if (getComputedStyle(el).overflow !== 'visible') {
          const b = el.getBoundingClientRect()
          clip = { l: Math.max(clip.l, b.left), t: Math.max(clip.t, b.top), r: Math.min(clip.r, b.right), b: Math.min(clip.b, b.bottom) }
        }
      }
      const re = /\S+/g
      for (let m = re.exec(text); m; m = re.exec(text)) {
        range.setStart(node, m.index)
        range.setEnd(node, m.index + m[0].length)
        const r = range.getBoundingClientRect()
        if (r.width > 0 && r.left >= clip.l - 0.5 && r.right <= clip.r + 0.5 && r.top >= clip.t - 0.5 && r.bottom <= clip.b + 0.5) out.push(m[0])
      }
    }
    return out
  })
}

export default async function captureBench(ctx: BenchContext): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-capture-bench-'))
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] })
  try {
    ctx.log('bundling the pipeline for the browser')
    await build({
      configFile: false,
      logLevel: 'error',
      publicDir: false,
      // The app's renderer build has the same plugin (electron.vite.config.ts).
      plugins: [webpGluePlugin()],
      build: {
        outDir: dir,
        emptyOutDir: false,
        minify: false,
        lib: { entry: path.join(ctx.root, 'bench/capture/page.ts'), formats: ['iife'], name: 'CaptureBench', fileName: () => 'page.js' }
      }
    })
    const bundle = await readFile(path.join(dir, 'page.js'), 'utf8')

    const render = async (cssW: number, cssH: number, seed?: number): Promise<{ png: Buffer; truth: string[] }> => {
      const context = await browser.newContext({ viewport: { width: cssW, height: cssH }, deviceScaleFactor: 2 })
      const page = await context.newPage()
      await page.setContent(fixtureHtml(cssW, cssH, seed))
      const png = await page.screenshot({ type: 'png' })
      const truth = normalise((await visibleWords(page)).join(' '))
      await context.close()
      return { png, truth }
    }
    ctx.log('rendering fixtures (DSF 2): 2560×1440 and 5120×2880')
    const qhd = await render(1280, 720)
    const fiveK = await render(2560, 1440)
    await writeFile(path.join(dir, 'fixture-2560.png'), qhd.png)
    await writeFile(path.join(dir, 'fixture-5120.png'), fiveK.png)

    const context = await browser.newContext()
    const page = await context.newPage()
    await page.addScriptTag({ content: bundle })
    type Api = {
      warm(): Promise<{ ms: number; loaded: boolean }>
      timePrepare(d: string, n: number, model?: string): Promise<{ times: number[]; bytes: number; mime: string; width: number; height: number }>
      standardForOcr(d: string, model?: string): Promise<{ ocr: string; bytes: number; mime: string }>
      lanczosForOcr(d: string): Promise<string>
      sharpForOcr(d: string, model?: string): Promise<{ tiles: string[]; bytes: number; tokens: number }>
    }
    const call = <K extends keyof Api>(name: K, ...args: Parameters<Api[K]>): ReturnType<Api[K]> =>
      page.evaluate(
        ([n, a]) => ((globalThis as unknown as { captureBench: Record<string, (...x: unknown[]) => unknown> }).captureBench[n as string](...(a as unknown[]))),
        [name, args] as const
      ) as ReturnType<Api[K]>
    const url5k = `data:image/png;base64,${fiveK.png.toString('base64')}`
    const urlQhd = `data:image/png;base64,${qhd.png.toString('base64')}`

    // The OpenAI preset's model; FALLBACK: no rule of its own, so no WebP (PNG/JPEG).
    const MODEL = 'gpt-4o'
    const FALLBACK = 'llava:13b'
    const warm = await call('warm')
    if (!warm.loaded) throw new Error('the WebP encoder (WASM) did not load')

    ctx.log('timing resize + encode of the 5K bitmap')
    const timed = await call('timePrepare', url5k, 12, MODEL)
    const times = timed.times.slice(2).sort((a, b) => a - b)
    const p50 = times[Math.floor(times.length / 2)]

    ctx.log('OCR: 2560×1440 payload vs Lanczos reference')
    const truthQ = counts(qhd.truth)
    const ours = await call('standardForOcr', urlQhd, MODEL)
    const ref = await call('lanczosForOcr', urlQhd)
    const oursWords = correct(await ocr(dir, 'qhd-ours', ours.ocr), truthQ)
    const refWords = correct(await ocr(dir, 'qhd-ref', ref), truthQ)

    ctx.log('OCR: 5K full screen, standard and sharp')
    const truth5 = counts(fiveK.truth)
    const std5 = await call('standardForOcr', url5k, MODEL)
    const std5Words = correct(await ocr(dir, '5k-std', std5.ocr), truth5)
    const ref5 = await call('lanczosForOcr', url5k)
    const ref5Words = correct(await ocr(dir, '5k-lanczos', ref5), truth5)
    const sharp = await call('sharpForOcr', url5k, MODEL)
    const sharpRead: string[] = []
    for (let i = 0; i < sharp.tiles.length; i++) sharpRead.push(...(await ocr(dir, `5k-sharp-${i}`, sharp.tiles[i])))
    const sharpWords = correct(sharpRead, truth5)

    // What a model without WebP gets (and any model when the WASM cannot load): context.
    ctx.log('fallback: PNG/JPEG standard payload for a model without WebP (time, size, OCR)')
    const fbTimed = await call('timePrepare', url5k, 8, FALLBACK)
    const fbTimes = fbTimed.times.slice(2).sort((a, b) => a - b)
    const fbQ = await call('standardForOcr', urlQhd, FALLBACK)
    const fbQWords = correct(await ocr(dir, 'qhd-fallback', fbQ.ocr), truthQ)

    // How much ocr_word_recall moves with the words alone: the same 2560×1440 page with other
    // seeds (the headline figure is seed 7, the fixture's default). Context, not a target.
    ctx.log('OCR noise: ocr_word_recall of the 2560×1440 page with seeds 1–4')
    const bySeed: string[] = []
    for (const seed of [1, 2, 3, 4]) {
      const f = await render(1280, 720, seed)
      const url = `data:image/png;base64,${f.png.toString('base64')}`
      const truth = counts(f.truth)
      const ours = correct(await ocr(dir, `seed${seed}-ours`, (await call('standardForOcr', url, MODEL)).ocr), truth)
      const ref = correct(await ocr(dir, `seed${seed}-ref`, await call('lanczosForOcr', url)), truth)
      bySeed.push(`${seed}:${round(ours / ref, 4)}`)
    }

    return {
      figures: {
        payload_bytes_ratio: round(timed.bytes / fiveK.png.length, 4),
        payload_kb_5k: round(timed.bytes / 1024, 1),
        prepare_ms_p50: round(p50, 1),
        ocr_word_recall: round(oursWords / refWords, 4),
        ocr_recall_5k_fullscreen: round(sharpWords / fiveK.truth.length, 4),
        // context
        payload_mime_5k: timed.mime,
        payload_size_5k: `${timed.width}x${timed.height}`,
        png_kb_5k: round(fiveK.png.length / 1024, 1),
        ocr_words_truth_2560: qhd.truth.length,
        ocr_words_ours_2560: oursWords,
        ocr_words_lanczos_2560: refWords,
        ocr_recall_5k_standard: round(std5Words / fiveK.truth.length, 4),
        ocr_recall_5k_lanczos_single: round(ref5Words / fiveK.truth.length, 4),
        ocr_words_truth_5k: fiveK.truth.length,
        sharp_tiles_5k: sharp.tiles.length,
        sharp_tokens_5k: sharp.tokens,
        sharp_payload_kb_5k: round(sharp.bytes / 1024, 1),
        standard_tokens_5k: 1105,
        wasm_load_ms: round(warm.ms, 1),
        fallback_payload_mime_5k: fbTimed.mime,
        fallback_payload_bytes_ratio: round(fbTimed.bytes / fiveK.png.length, 4),
        fallback_payload_kb_5k: round(fbTimed.bytes / 1024, 1),
        fallback_prepare_ms_p50: round(fbTimes[Math.floor(fbTimes.length / 2)], 1),
        fallback_ocr_word_recall: round(fbQWords / refWords, 4),
        ocr_word_recall_other_seeds: bySeed.join(' ')
      },
      targets: [
        { metric: 'payload_bytes_ratio', op: '<=', value: 0.1 },
        { metric: 'payload_kb_5k', op: '<=', value: 350 },
        { metric: 'prepare_ms_p50', op: '<=', value: 50 },
        { metric: 'ocr_word_recall', op: '>=', value: 0.99 },
        { metric: 'ocr_recall_5k_fullscreen', op: '>=', value: 0.9 }
      ],
      notes: {
        pipeline: 'src/renderer/src/attachments/prepare.ts (encodeForModel, the path prepareImage and sharp mode take) in Debian Chromium (headless, --disable-gpu), model gpt-4o: one drawImage (imageSmoothingQuality high) into a reused CPU canvas, one getImageData, lossy WebP by libwebp 1.x in WASM+SIMD (@jsquash/webp 1.5.0, method 0, quality 80) straight from that buffer, blank check on the same pixels. Bundled by Vite with the app\'s plugin patching the Emscripten glue\'s byte-by-byte heap copy into HEAPU8.set (build/webpGluePlugin.ts, also in electron.vite.config.ts).',
        model_formats: 'Accepted formats are a column of the sizing table (src/shared/attachments/sizing.ts): the OpenAI family (and openai/* on OpenRouter) accepts WebP; any other model keeps PNG/JPEG by content from the canvas, as does every model when the WASM cannot load (one console warning, never a failed attachment). fallback_* figures: that path, measured in the same run with model llava:13b.',
        wasm: 'wasm_load_ms = fetch + compile + instantiate + one 256×256 warm-up encode of the 345 KB SIMD module, in the bench page (the app warms it at composer idle time and when the capture menu opens, so a capture does not wait for it).',
        prepare_ms: 'resize + encode from an in-memory ImageBitmap of the 5120×2880 capture, 12 runs, first 2 dropped, median',
        ocr: 'tesseract 5 (eng), every image upscaled 2× with the browser canvas before OCR; truth = words fully visible in the rendered viewport (DOM ranges)',
        ocr_word_recall: 'words read correctly from our payload ÷ from the same 2560×1440 image scaled with Lanczos3 (JS reference) to the model read size, lossless PNG',
        sharp: 'planSharpTiles: fewest tiles such that the model reads every part at ≥ 0.5 of the captured pixels; 48 px overlap',
        fixture:
          'Changed 2026-11-25 to match the issue ("dense, real text"): the table and the code block now fill the page to its bottom edge. Before, the 5120×2880 page was about a quarter blank (an empty band under the table, a half-empty code block). Same fonts, sizes, colours, word list and Chromium PNG encoder; nothing added to inflate the PNG. Effect at 5K: PNG 1317 → ~1977 KB, JPEG payload 190 → ~264 KB, payload_bytes_ratio 0.144 → ~0.134. The 2560×1440 page was already full: only which random words it shows changed (the generator draws more rows), and ocr_word_recall with them moved 0.996 → ~0.984, within the per-seed spread in ocr_word_recall_other_seeds.',
        payload_bytes_ratio:
          'Met since 2026-11-25 by sending WebP to models that accept it. Before, the app sent JPEG q85 (0.1335, 263.9 KB, ocr_word_recall 0.9843 in the last JPEG run): JPEG reaches 0.10 only near q70, which costs legibility (recall vs Lanczos ~0.84 at 5K standard read). Rejected: Chromium\'s own canvas WebP (convertToBlob image/webp q0.8, libwebp at method 4): 162 KB and OCR 0.9978 but 112 ms p50 in the quietest run here (198.7 ms in the last run that measured it, 225–400 ms under load), ~7× the JPEG encode.',
        prepare_ms_budget:
          'Where the ~45 ms go (scratch measurements, same machine, load ~2): resize + read-back 15–16 ms (a new 1365×768 canvas per call cost ~2.5 ms more, hence the reused one), libwebp 29–30 ms including the copy into its heap (the unpatched glue\'s JS byte loop added 3–5 ms), blank check < 0.1 ms (stops at the first bright varied pixel). Dropped from the WebP path: the 96-px content sample (drawImage + second read-back, ~2.5 ms; only the PNG/JPEG choice needs flatness). Tried without gain: alpha:false context, willReadFrequently (same time, kept for the CPU path in Electron), libwebp segments 1 / sns 0 / filter 0 / partitions 3 (≤ 1 ms, segments 1 nearly doubles the size).',
        alternatives_tried:
          'Measured 2026-11-25 with a scratch harness outside the repo (same fixture, same Chromium, same resizeImage; 1365×768 standard payload of the 5K page; times = resize + read-back + encode, p50 of 10–12 runs, 2–5 repeats at load 0.4–4.5; OCR = words read ÷ the Lanczos reference, 2560×1440 page, seeds 7,1,2,3,4). (1) libwebp 1.x in WASM+SIMD (npm @jsquash/webp 1.5.0; now what the app sends, see pipeline): method 0 q80 → 180.8 KB, ratio 0.0915, OCR 1.002/1.002/0.998/1.002/0.996 (q75: 160 KB, ≥ 0.996; q85: 200 KB, ratio 0.101), but 50.4–54.6 ms p50 (min 48–50): resize + read-back 17.5–19 ms (getImageData costs ~5 of them) + 31–39 ms in libwebp; methods 1/2/3–4 take 60/74/126–130 ms; segments, sns, filter, partitions, low_memory, quality 60–85 change the time by < 2 ms; the non-SIMD build is 49 ms for the encode alone. Native cwebp 1.2.4 (SSE2) -m 0 takes 21 ms on the same 1365×768 image, so a libwebp WASM built with its SSE2 paths (emscripten -msse2 -msimd128) might save ~8 ms: not tried (needs a toolchain and a built artefact in the repo). (2) Chromium WebP in a worker: same codec (97–100 ms for q80 here), and posting the 5K ImageBitmap to a worker costs more than the resize (p50 140 ms to resize there; 2–4 parallel bands: 160–390 ms). (3) mozjpeg WASM (npm @jsquash/jpeg 1.6.0): q75 progressive+trellis 154.8 KB (0.078) in 191 ms; q80 baseline 187.1 KB (0.095) in 133 ms: too slow without libjpeg-turbo SIMD. (4) WebCodecs VP8 key frame wrapped as a WebP (RIFF + VP8 chunk; Chromium decodes it): 41–46 ms, but VP8 has no per-frame quantizer in WebCodecs, only a bitrate: 143–267 KB for 0.8–3 Mbit/s at 1 fps, drifting to 286 KB on a reused encoder; needs a secure context. (5) Palette / posterised lossless: 16 grey levels → canvas PNG 425 KB, lossless WebP 157 KB in 44 ms + 57 ms to quantise in JS; 8 levels → 332 KB PNG. (6) Resize: imageSmoothingQuality medium = high (17.6 ms), low 8.8 ms (aliased), createImageBitmap resize 20–28 ms, halving first (low) then high 40 ms.',
        prepare_ms_all: timed.times.map((t) => round(t, 1)).join(',')
      }
    }
  } finally {
    await browser.close()
    await rm(dir, { recursive: true, force: true })
  }
}
