/**
 * Rendering answers, end to end (issue 5): the real renderer in Chromium under the app's CSP, fed
 * by the local provider through the real main services. Timings live in bench/render.bench.ts.
 */
import { seedLongConversation } from '../../bench/render/seed'
import { expect, test, type HarnessHandle, type Page } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
}

/** Restarts the app on a seeded conversation of `count` messages and opens it at its end. */
async function openSeededConversation(page: Page, harness: HarnessHandle, count: number): Promise<void> {
  await harness.restart({ beforeStart: () => seedLongConversation(harness.dataDir, count).then(() => undefined) })
  await page.reload()
  await page.getByTestId('conversation-item').filter({ hasText: 'Long conversation' }).click()
  await expect(page.locator('[data-testid="message"]').last()).toContainText(`Answer ${count - 1}`)
}

/**
 * Following = the newest paragraph of the answer is in view (the list may keep some empty room
 * below it: see FOLLOW_RUNWAY_PX in MessageList).
 */
const newestAnswerTextInView = (page: Page): Promise<boolean> =>
  page.getByTestId('message-list').evaluate((el) => {
    const blocks = el.querySelectorAll('[data-testid="message"][data-role="assistant"] .od-md-block')
    const last = blocks[blocks.length - 1]
    if (!last) return false
    const r = last.getBoundingClientRect()
    const view = el.getBoundingClientRect()
    return r.bottom <= view.bottom + 1 && r.bottom > view.top
  })

/** n short paragraphs, one per streamed chunk. */
const paragraphs = (n: number): string[] => Array.from({ length: n }, (_, i) => `Paragraph ${i} of a long answer.\n\n`)

/** CSP violations (eval in mermaid / echarts would show here) and page errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|unsafe-eval|EvalError/i.test(msg.text())) errors.push(msg.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

const CHART = JSON.stringify({
  type: 'bar',
  title: 'Sales by month',
  data: [
    { month: 'Jan', sales: 120, cost: 80 },
    { month: 'Feb', sales: 150, cost: 95 },
    { month: 'Mar', sales: 170, cost: 90 }
  ],
  x: 'month',
  y: ['sales', 'cost']
})

const ANSWER = [
  '## Report\n\nHere is **bold** text and code:\n\n',
  '```python\ndef total(xs):\n    return sum(xs)\n```\n\n',
  'Math inline $E = mc^2$ and display:\n\n$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n\n',
  '| city | temp |\n|---|---|\n| Oslo | 3 |\n| Rome | 18 |\n\n',
  '```mermaid\ngraph TD\n  A[Start] --> B{Check}\n  B --> C[Done]\n```\n\n',
  '```chart\n' + CHART + '\n```\n\n',
  '```chart\n{"type": "radar", "data": []}\n```\n\n',
  'The end.'
]

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

test('a streamed answer renders code, math, a table, a mermaid diagram and a chart; Copy copies the code', async ({ seededApp: page, provider }) => {
  const errors = watchErrors(page)
  // Split every piece into small deltas so blocks are seen growing, not arriving whole.
  const chunks = ANSWER.flatMap((piece) => piece.match(/[\s\S]{1,12}/g) ?? [])
  provider.script({ chunks, tokensPerSecond: 200 })
  await ask(page, 'analyse data and create charts')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')

  // Code: highlighted once closed, with its language label, Copy and Wrap.
  const code = answer.locator('.od-md-code[data-lang="python"]')
  await expect(code.locator('.od-md-code-lang')).toHaveText('python')
  await expect(code.locator('pre code.hljs .hljs-keyword').first()).toHaveText('def')
  // Math: inline and display through KaTeX.
  // (Finished blocks off screen skip layout: content-visibility. Scroll before checking boxes.)
  await answer.locator('.katex').first().scrollIntoViewIfNeeded()
  await expect(answer.locator('.katex').first()).toBeVisible()
  await expect(answer.locator('.katex-display')).toHaveCount(1)
  // Table.
  await expect(answer.locator('.od-md-table-wrap table td').first()).toHaveText('Oslo')
  // Mermaid: an SVG diagram with the node labels, source hidden.
  const mermaid = answer.locator('.od-md-diagram[data-kind="mermaid"]')
  await expect(mermaid).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  await mermaid.scrollIntoViewIfNeeded()
  await expect(mermaid.locator('svg')).toBeVisible()
  await expect(mermaid.locator('svg')).toContainText('Check')
  await expect(answer.locator('.od-md-code[data-diagram="mermaid"] > pre')).toBeHidden()
  // Chart: an ECharts drawing (SVG) of a real size.
  const chart = answer.locator('.od-md-diagram[data-kind="chart"]').first()
  await expect(chart).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  const canvas = chart.locator('[data-testid="chart"] svg').first()
  await chart.scrollIntoViewIfNeeded()
  await expect(canvas).toBeVisible()
  const box = await canvas.boundingBox()
  expect(box?.width ?? 0).toBeGreaterThan(200)
  expect(box?.height ?? 0).toBeGreaterThan(200)
  // An invalid chart spec: the error and the source, never a blank.
  const bad = answer.locator('.od-md-diagram[data-kind="chart"]').nth(1)
  await expect(bad).toHaveAttribute('data-state', 'error')
  await expect(bad.locator('[role="alert"]')).toContainText('"type" must be one of')
  await expect(bad.locator('xpath=following-sibling::pre')).toContainText('"radar"')
  await expect(answer).toContainText('The end.')

  // Copy copies the raw code (not the highlighted markup or the header).
  await code.locator('[data-action="copy"]').click()
  await expect(code.locator('[data-action="copy"]')).toHaveAttribute('data-copied', 'true')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('def total(xs):\n    return sum(xs)')
  // Wrap toggles.
  await code.locator('[data-action="wrap"]').click()
  await expect(code).toHaveClass(/od-md-code--wrap/)

  expect(errors).toEqual([])
})

test('stopping inside a code fence leaves a sensible render', async ({ seededApp: page, provider }) => {
  const lines = Array.from({ length: 400 }, (_, i) => `let x${i} = ${i} // <b>not html</b>\n`)
  provider.script({ chunks: ['Start of the answer with **bold**.\n\n', '```js\n', ...lines, '```\n\nAfter.'], tokensPerSecond: 40 })
  await ask(page, 'long code please')
  const answer = lastAssistant(page)
  await expect(answer.locator('pre code')).toContainText('let x3 = 3')
  await expect(answer.locator('.od-md-code[data-state="open"]')).toHaveCount(1)
  await page.getByTestId('stop').click()
  await expect(answer).toHaveAttribute('data-status', 'stopped')
  // The prose before the fence is rendered, the partial code shows as a code block with its
  // header (no raw backticks, no markup injected from the code), nothing after the fence.
  await expect(answer.locator('strong')).toHaveText('bold')
  const code = answer.locator('.od-md-code')
  await expect(code).toHaveCount(1)
  await expect(code.locator('.od-md-code-lang')).toHaveText('js')
  await expect(code.locator('[data-action="copy"]')).toBeVisible()
  await expect(code.locator('pre code')).toContainText('let x0 = 0 // <b>not html</b>')
  await expect(code.locator('pre code b')).toHaveCount(0)
  await expect(answer).not.toContainText('```')
  await expect(answer).not.toContainText('After.')
  // Still fine after a reload (the partial answer was saved).
  await page.reload()
  const reloaded = lastAssistant(page)
  await expect(reloaded).toHaveAttribute('data-status', 'stopped')
  await expect(reloaded.locator('.od-md-code pre code')).toContainText('let x0 = 0')
})

test('a 2,000-message conversation opens at its end with only a window of messages mounted', async ({ seededApp: page, harness }) => {
  test.setTimeout(120_000)
  await openSeededConversation(page, harness, 2000)
  const list = page.getByTestId('message-list')
  await expect(list).toHaveAttribute('data-virtualised', '')
  // The last messages are painted, and only a window of the 2,000 is mounted.
  const messages = page.locator('[data-testid="message"]')
  await expect(messages.last()).toContainText('Answer 1999')
  const mounted = await messages.count()
  expect(mounted).toBeGreaterThan(2)
  expect(mounted).toBeLessThan(200)
  // At the bottom.
  const atBottom = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 4)
  await expect.poll(atBottom).toBe(true)
})

// Scrolling up right after opening used to be undone by react-virtuoso's delayed jump to its
// initial item (about 1 run in 10): the list now opens at the bottom on its own.
test('a 2,000-message conversation scrolls to its first messages and stays there', async ({ seededApp: page, harness }) => {
  test.setTimeout(120_000)
  await openSeededConversation(page, harness, 2000)
  const list = page.getByTestId('message-list')
  // Scroll to the top: the first messages mount, the last ones are gone (but the newest answer,
  // which the list keeps in its footer).
  await list.evaluate((el) => {
    el.scrollTop = 0
  })
  await expect(page.locator('[data-testid="message"]').first()).toContainText('Question 0:', { timeout: 10_000 })
  await expect(page.getByText('Question 1998:', { exact: false })).toHaveCount(0)
  expect(await page.locator('[data-testid="message"]').count()).toBeLessThan(200)
  // Wheel scrolling works too and moves the view.
  await list.hover()
  const before = await list.evaluate((el) => el.scrollTop)
  await page.mouse.wheel(0, 3000)
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(before + 1000)
  await expect(page.locator('[data-testid="message"]').first()).not.toContainText('Question 0:')
})

// 40 messages: a plain list; 200: the virtualised one (VIRTUALISE_FROM is 60).
for (const count of [40, 200]) test(`the view follows a streaming answer to the bottom, unless the user scrolled up (${count} messages)`, async ({ seededApp: page, provider, harness }) => {
  test.setTimeout(120_000)
  await openSeededConversation(page, harness, count)
  const list = page.getByTestId('message-list')
  if (count >= 60) await expect(list).toHaveAttribute('data-virtualised', '')
  const gap = () => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)
  const newestInView = () => newestAnswerTextInView(page)

  // (Long enough to still be streaming at the end on a slow machine: the spec ends with Stop.)
  provider.script({ chunks: paragraphs(600), tokensPerSecond: 30 })
  await ask(page, 'a long answer')
  const answer = lastAssistant(page)
  await expect(answer).toContainText('Paragraph 30')
  await expect.poll(newestInView).toBe(true)
  // Scroll up to the earlier messages: the view stays where the user put it while the answer grows.
  const answerHeight = await answer.evaluate((el) => el.getBoundingClientRect().height)
  // (A scrollbar drag: deterministic, where a wheel scroll is animated.) Its scroll event comes
  // with the next frame; the wait after it lets a streamed update land first, which must not
  // pull the view back down (a race CI once caught).
  await list.evaluate(async (el, by) => {
    el.scrollTop -= by
    await new Promise((resolve) => setTimeout(resolve, 0))
    const until = performance.now() + 150
    while (performance.now() < until) {
      /* busy: the provider's deltas queue up behind this task */
    }
  }, answerHeight + 1500)
  await expect.poll(gap).toBeGreaterThan(answerHeight + 500)
  const top = await list.evaluate((el) => el.scrollTop)
  // Let it stream on for a while: the view must not move.
  await page.waitForTimeout(1500)
  expect(Math.abs((await list.evaluate((el) => el.scrollTop)) - top)).toBeLessThan(50)
  // Back at the bottom, it follows again.
  await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(lastAssistant(page)).toContainText('Paragraph 60')
  await expect.poll(newestInView).toBe(true)
  // And keeps following: the newest text stays in view as more arrives. (Polled: the
  // virtualised list follows from its ResizeObserver, before the frame is painted but after the
  // update's task, where a check can land in between.)
  await expect(lastAssistant(page)).toContainText('Paragraph 70')
  await expect.poll(newestInView).toBe(true)
  await page.getByTestId('stop').click()
  // Finished blocks far above the view are skipped by the browser (groups with
  // content-visibility: auto) and come back, with their text, when scrolled to.
  await expect(answer.locator('.od-md-chunk[data-skippable]').first()).toBeAttached()
  const first = answer.getByText('Paragraph 0 of a long answer.', { exact: true })
  await first.scrollIntoViewIfNeeded()
  await expect(first).toBeVisible()
  expect(await first.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(0)
})

// Reading the growing answer itself (scrolled up a little, inside it): what the user reads stays
// where it is while the answer grows below it, in the plain and in the virtualised list.
for (const count of [40, 200]) test(`reading inside a streaming answer, the text in view stays put (${count} messages)`, async ({ seededApp: page, provider, harness }) => {
  test.setTimeout(120_000)
  await openSeededConversation(page, harness, count)
  const list = page.getByTestId('message-list')
  provider.script({ chunks: paragraphs(600), tokensPerSecond: 30 })
  await ask(page, 'a long answer')
  await expect(lastAssistant(page)).toContainText('Paragraph 40')
  // The view follows the answer (on a busy machine too: the event of its own scroll to the end
  // can come after the answer grew again, and must not read as the user leaving the bottom).
  await expect.poll(() => newestAnswerTextInView(page)).toBe(true)
  // A wheel scroll up is animated: the view is where the user put it once that scroll has ended
  // (the first scrollend above where the wheel found it; a follow step just before the wheel
  // ends below it).
  await list.evaluate((el) => {
    const w = window as unknown as { __wheelScrollEnded: Promise<void> }
    w.__wheelScrollEnded = new Promise((resolve) => {
      const onWheel = () => {
        const from = el.scrollTop
        const onEnd = () => {
          if (el.scrollTop >= from) return
          el.removeEventListener('scrollend', onEnd)
          resolve()
        }
        el.addEventListener('scrollend', onEnd)
      }
      el.addEventListener('wheel', onWheel, { once: true, capture: true })
    })
  })
  await list.hover()
  await page.mouse.wheel(0, -400)
  await page.evaluate(() => (window as unknown as { __wheelScrollEnded: Promise<void> }).__wheelScrollEnded)
  // The text 100 px below the list's top edge, and where the list is scrolled to.
  const inView = () =>
    list.evaluate((el) => {
      const r = el.getBoundingClientRect()
      return { text: document.elementFromPoint(r.left + r.width / 2, r.top + 100)?.textContent?.trim().slice(0, 40) ?? '', top: el.scrollTop }
    })
  const before = await inView()
  expect(before.text).toMatch(/^Paragraph \d+ of a long answer\.$/)
  // Fifty more paragraphs arrive below: the text read does not move.
  await expect(lastAssistant(page)).toContainText('Paragraph 90', { timeout: 30_000 })
  expect(await inView()).toEqual(before)
  await page.getByTestId('stop').click()
})
