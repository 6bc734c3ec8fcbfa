/**
 * Regenerates the README's screenshots: the real app in the web harness against the local
 * provider, in Debian's Chromium. `npx tsx scripts/screenshots.ts` after `npm run build && npm run build:harness`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { startHarness } from '../src/main/harness/server'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium'
import { startFakeProvider } from '../tests/support/fakeProvider'


const ANSWER = [
  'Here is a quick way to compute the **Fibonacci** numbers, $F_n = F_{n-1} + F_{n-2}$:\n\n',
  '```python\ndef fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n\n',
  '| n | F(n) |\n|---|---|\n| 10 | 55 |\n| 20 | 6765 |\n\n',
  'The closed form is Binet’s formula:\n\n$$F_n = \\frac{\\varphi^n - \\psi^n}{\\sqrt 5}$$\n'
]

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..')
  const dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-shots-'))
  const provider = await startFakeProvider()
  const harness = await startHarness({
    dataDir,
    rendererDir: path.join(root, 'out/renderer'),
    bridgeScript: path.join(root, 'out/harness/bridge.js'),
    port: 0
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 })
    await page.goto(harness.url)
    await page.getByTestId('onboarding').waitFor()
    await page.getByTestId('preset-openai').click()
    await page.screenshot({ path: path.join(root, 'docs/screenshots/onboarding.png') })

    const saved = await harness.services.handlers.providers.save({
      presetId: 'custom',
      name: 'Local',
      baseURL: provider.baseURL,
      apiKey: 'sk-local',
      defaultModel: 'gpt-4o',
      fallbackModel: 'gpt-4o-mini'
    })
    if (!saved.ok) throw new Error('could not save the provider')
    provider.script({ content: 'Tokyo, Kyoto and Osaka are the classic first trip.' })
    provider.script({ content: 'Japan: first trip', match: { lastUserContains: 'Question:' } })
    await harness.services.handlers.chat.send({ text: 'Plan a first trip to Japan' })
    // Wait for the automatic title, so the scripted answer below is not taken by it.
    for (let i = 0; i < 100; i++) {
      const [first] = await harness.services.handlers.conversations.list()
      if (first?.title === 'Japan: first trip') break
      await new Promise((r) => setTimeout(r, 50))
    }
    provider.script({ chunks: ANSWER })
    await page.reload()
    await page.getByTestId('composer').fill('How do I compute Fibonacci numbers?')
    await page.getByTestId('send').click()
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').last().waitFor()
    await page.waitForTimeout(500)
    await page.screenshot({ path: path.join(root, 'docs/screenshots/chat-light.png') })
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'))
    await page.screenshot({ path: path.join(root, 'docs/screenshots/chat-dark.png') })
    await harness.services.handlers.settings.update({ language: 'zh-CN', theme: 'light' })
    await page.reload()
    await page.getByTestId('settings-open').click()
    await page.getByTestId('settings').waitFor()
    await page.waitForTimeout(300)
    await page.screenshot({ path: path.join(root, 'docs/screenshots/settings-zh-CN.png') })
  } finally {
    await browser.close()
    await harness.close()
    await provider.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
