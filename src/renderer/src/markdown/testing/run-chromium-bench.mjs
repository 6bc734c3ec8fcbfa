#!/usr/bin/env node
// Bundles chromiumBench.tsx with esbuild, opens it in headless Chromium (Debian's, never a
// downloaded one) and prints the figures as JSON. Usage: node src/renderer/src/markdown/testing/run-chromium-bench.mjs
// Env: CHROMIUM_PATH (default /usr/lib/chromium/chromium).
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'od-md-bench-'))
try {
  await build({
    entryPoints: [join(here, 'chromiumBench.tsx')],
    bundle: true,
    outfile: join(out, 'bench.js'),
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning'
  })
  writeFileSync(
    join(out, 'index.html'),
    '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="bench.css"><body><script src="bench.js"></script>'
  )
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--no-sandbox'],
    headless: true
  })
  try {
    const page = await browser.newPage()
    page.on('pageerror', (e) => console.error('[page]', e.message))
    await page.goto(pathToFileURL(join(out, 'index.html')).href)
    await page.waitForFunction(() => typeof window.runMarkdownBench === 'function')
    const result = await page.evaluate(() => window.runMarkdownBench())
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await browser.close()
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
