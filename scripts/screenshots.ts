/**
 * Regenerates the README's screenshots: the real app in the web harness against the local
 * provider, in Debian's Chromium. `npx tsx scripts/screenshots.ts` after `npm run build && npm run build:harness`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { captureFixturesFromDir } from '../src/main/harness/harnessCapture'
import { startHarness } from '../src/main/harness/server'
import { writeDemoCaptureScreens } from '../tests/support/captureDemo'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/support/chromium'
import { startFakeProvider } from '../tests/support/fakeProvider'


const ANSWER = [
  'Here is a quick way to compute the **Fibonacci** numbers, $F_n = F_{n-1} + F_{n-2}$:\n\n',
  '```python\ndef fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n\n',
  '| n | F(n) |\n|---|---|\n| 10 | 55 |\n| 20 | 6765 |\n\n',
  'The closed form is Binet’s formula:\n\n$$F_n = \\frac{\\varphi^n - \\psi^n}{\\sqrt 5}$$\n'
]

const CHART_ANSWER = [
  'Revenue grew every month while costs stayed flat, so the margin widened from 33% to 47%:\n\n',
  '```chart\n' +
    JSON.stringify({
      type: 'bar',
      title: 'Revenue and cost by month (k$)',
      data: [
        { month: 'Jan', revenue: 120, cost: 80 },
        { month: 'Feb', revenue: 150, cost: 88 },
        { month: 'Mar', revenue: 170, cost: 90 }
      ],
      x: 'month',
      y: ['revenue', 'cost']
    }) +
    '\n```\n\n',
  'March alone brought in **$170k**, the best month of the quarter.\n'
]

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..')
  const dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-shots-'))
  const provider = await startFakeProvider()
  const screensDir = path.join(dataDir, 'screens')
  await mkdir(screensDir)
  await writeDemoCaptureScreens(screensDir)
  const harness = await startHarness({
    dataDir,
    captureFixtures: await captureFixturesFromDir(screensDir),
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
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'))

    // Data analysis: a chart block drawn as an interactive chart, in a chat of its own, in the
    // dark theme (the chart follows the theme: readable titles, legends and grid lines).
    await harness.services.handlers.settings.update({ theme: 'dark' })
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
    await page.getByTestId('new-chat').click()
    provider.script({ chunks: CHART_ANSWER })
    provider.script({ content: 'Q1 revenue vs cost', match: { lastUserContains: 'Question:' } })
    await page.getByTestId('composer').fill('Analyse Q1 revenue against cost and chart it')
    await page.getByTestId('send').click()
    await page.locator('.od-md-diagram[data-kind="chart"][data-state="done"]').last().waitFor({ timeout: 15_000 })
    await page.waitForTimeout(800)
    // From the question down (the view followed the answer past it).
    await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = 0))
    await page.waitForTimeout(200)
    await page.screenshot({ path: path.join(root, 'docs/screenshots/chat-chart-dark.png') })
    await harness.services.handlers.settings.update({ theme: 'light' })
    await page.locator('html[data-theme="light"]').waitFor({ state: 'attached' })

    // The screenshot button's menu: region, each display, open windows.
    await page.getByTestId('new-chat').click()
    await page.getByTestId('capture-button').click()
    await page.getByTestId('capture-region').waitFor()
    await page.waitForTimeout(300)
    await page.screenshot({ path: path.join(root, 'docs/screenshots/capture-menu.png') })
    await page.keyboard.press('Escape')

    // The companion window (Option+Space): its page at the window's size, after a question.
    const companion = await browser.newPage({ viewport: { width: 680, height: 420 }, deviceScaleFactor: 1 })
    await companion.goto(harness.pageUrl('companion.html'))
    await companion.getByTestId('companion').waitFor()
    harness.companion.pressShortcut()
    provider.script({ content: 'Use `git switch -c feature/login` to create the branch and switch to it in one step.' })
    provider.script({ content: 'Create and switch a git branch', match: { lastUserContains: 'Question:' } })
    await companion.getByTestId('composer').fill('How do I create a git branch and switch to it?')
    await companion.getByTestId('send').click()
    await companion.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').last().waitFor()
    await companion.waitForTimeout(300)
    // The card alone: the real window is sized to it.
    await companion.getByTestId('companion').screenshot({ path: path.join(root, 'docs/screenshots/companion.png') })
    await companion.close()

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
