/**
 * First-run polish of rendered answers (issue 19): charts and diagrams readable in both themes and
 * re-themed on a switch, tables that keep their words whole and scroll sideways, a reopened
 * conversation with late-sized blocks that ends at its bottom, no Wrap button on drawn diagrams.
 */
import { expect, test, type Page, type PageGlobal } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => (globalThis as unknown as PageGlobal).omnidesk.settings.update({ theme: t }), theme)
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
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
  y: ['sales', 'cost'],
  xLabel: 'Month',
  yLabel: 'Amount'
})

const CHART_AND_DIAGRAM =
  'Here is the flow:\n\n' +
  '```mermaid\ngraph TD\n  A[Start] --> B{Check}\n  B -->|yes| C[Done]\n  B -->|no| A\n```\n\n' +
  'And the numbers:\n\n' +
  '```chart\n' + CHART + '\n```\n\n' +
  'The last paragraph of the answer.'

/**
 * What in the drawn charts and diagrams of `answer` is hard to read, as sentences (empty: all
 * good). Text against what it is drawn on (WCAG AA, 4.5:1): the chart's texts (title, axes,
 * legend) and the diagram's labels against the block's background, a node's label against the
 * node's fill. Lines the diagram needs (edges) against the background at 3:1 (non-text, 1.4.11).
 */
function contrastProblems(page: Page): Promise<string[]> {
  return lastAssistant(page).evaluate((answer) => {
    type RGBA = [number, number, number, number]
    const probe = document.createElement('span')
    document.body.append(probe)
    const parse = (css: string): RGBA => {
      probe.style.color = ''
      probe.style.color = css
      const n = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number)
      return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 1]
    }
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3]
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1]
    }
    /** The opaque colour behind `el`: its ancestors' backgrounds composited from the page down. */
    const backgroundOf = (el: Element): RGBA => {
      const layers: RGBA[] = []
      for (let node: Element | null = el; node; node = node.parentElement) layers.push(parse(getComputedStyle(node).backgroundColor))
      return layers.reverse().reduce<RGBA>((below, layer) => over(layer, below), [255, 255, 255, 1])
    }
    const channel = (v: number): number => {
      const c = v / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }
    const luminance = (c: RGBA): number => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
    const ratio = (a: RGBA, b: RGBA): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
      return (hi + 0.05) / (lo + 0.05)
    }
    const paint = (el: Element, prop: 'fill' | 'stroke' | 'color'): RGBA | null => {
      const style = getComputedStyle(el)
      const value = prop === 'fill' ? style.fill : prop === 'stroke' ? style.stroke : style.color
      if (!value || value === 'none' || value.startsWith('url')) return null
      const c = parse(value)
      const opacity = prop === 'fill' ? Number(style.fillOpacity || 1) : prop === 'stroke' ? Number(style.strokeOpacity || 1) : 1
      return [c[0], c[1], c[2], c[3] * opacity]
    }
    const problems: string[] = []
    const check = (what: string, fg: RGBA | null, bg: RGBA, min: number): void => {
      if (!fg) return
      const r = ratio(over(fg, bg), bg)
      if (r < min) problems.push(`${what}: ${r.toFixed(2)}:1`)
    }

    const charts = answer.querySelectorAll('[data-testid="chart"]')
    if (charts.length === 0) problems.push('no chart drawn')
    charts.forEach((chart) => {
      const bg = backgroundOf(chart)
      const texts = chart.querySelectorAll('svg text')
      if (texts.length === 0) problems.push('chart: no text found')
      texts.forEach((t) => check(`chart text "${t.textContent}"`, paint(t, 'fill'), bg, 4.5))
    })

    const diagrams = answer.querySelectorAll('.od-md-diagram[data-kind="mermaid"] svg')
    if (diagrams.length === 0) problems.push('no diagram drawn')
    diagrams.forEach((svg) => {
      const bg = backgroundOf(svg.parentElement ?? svg)
      svg.querySelectorAll('g.node').forEach((node) => {
        const shape = node.querySelector('rect, polygon, circle, ellipse, path')
        const shapeFill = shape ? paint(shape, 'fill') : null
        const behind = shapeFill ? over(shapeFill, bg) : bg
        node.querySelectorAll('.nodeLabel, text').forEach((label) => {
          check(`diagram node "${label.textContent}"`, paint(label, label instanceof SVGElement ? 'fill' : 'color'), behind, 4.5)
        })
      })
      svg.querySelectorAll('.edgeLabel').forEach((label) => {
        if (!label.textContent?.trim()) return
        const inner = label.querySelector('span, p, text') ?? label
        const ownBg = parse(getComputedStyle(inner).backgroundColor)
        check(`diagram edge label "${label.textContent}"`, paint(inner, inner instanceof SVGElement ? 'fill' : 'color'), over(ownBg, bg), 4.5)
      })
      const edges = svg.querySelectorAll('path.flowchart-link, .edgePaths path')
      if (edges.length === 0) problems.push('diagram: no edge found')
      edges.forEach((edge, i) => check(`diagram edge ${i}`, paint(edge, 'stroke'), bg, 3))
    })
    probe.remove()
    return problems
  })
}

test('charts and diagrams are readable in the dark and light themes, and follow a theme switch while on screen', async ({ seededApp: page, provider }) => {
  // The app's theme, not the OS's: Chromium here prefers light, the user chose dark.
  await setTheme(page, 'dark')
  provider.script({ match: { lastUserContains: 'flow' }, content: CHART_AND_DIAGRAM })
  await ask(page, 'Draw the flow and the numbers')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.locator('.od-md-diagram[data-kind="mermaid"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  await expect(answer.locator('.od-md-diagram[data-kind="chart"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  await expect.poll(() => contrastProblems(page)).toEqual([])

  // Switched while both are on screen: they are drawn again in the new theme, and back.
  await setTheme(page, 'light')
  await expect.poll(() => contrastProblems(page)).toEqual([])
  await setTheme(page, 'dark')
  await expect.poll(() => contrastProblems(page)).toEqual([])

  // Drawn diagrams are not code: Copy (their source) stays, Wrap does not.
  for (const kind of ['mermaid', 'chart']) {
    const block = answer.locator(`.od-md-code[data-diagram="${kind}"]`)
    await expect(block.locator('[data-action="copy"]')).toBeVisible()
    await expect(block.locator('[data-action="wrap"]')).toHaveCount(0)
  }
})

test('a new chart drawn after a switch to light follows it (the OS prefers dark)', async ({ seededApp: page, provider }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await setTheme(page, 'light')
  provider.script({ match: { lastUserContains: 'flow' }, content: CHART_AND_DIAGRAM })
  await ask(page, 'Draw the flow and the numbers')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.locator('.od-md-diagram[data-kind="chart"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  await expect(answer.locator('.od-md-diagram[data-kind="mermaid"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  await expect.poll(() => contrastProblems(page)).toEqual([])
})

const WIDE_TABLE =
  'Sorting algorithms compared:\n\n' +
  '| Algorithm | Returns | Complexity | Average case | Worst case | Space | Stable | In place | Notes |\n' +
  '|---|---|---|---|---|---|---|---|---|\n' +
  '| Merge sort | New list | O(n log n) | O(n log n) | O(n log n) | O(n) | Yes | No | Predictable, good for linked lists and external sorting of large files |\n' +
  '| Quicksort | Same list | O(n log n) | O(n log n) | O(n²) | O(log n) | No | Yes | Fast in practice |\n' +
  '| Heapsort | Same list | O(n log n) | O(n log n) | O(n log n) | O(1) | No | Yes | Rarely the fastest |\n\n' +
  'That is all.'

for (const viewport of [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 }
]) {
  test(`a wide table keeps its words whole and scrolls sideways in its own box (${viewport.width}×${viewport.height})`, async ({ seededApp: page, provider }) => {
    await page.setViewportSize(viewport)
    provider.script({ match: { lastUserContains: 'sorting' }, content: WIDE_TABLE })
    await ask(page, 'Compare sorting algorithms')
    const answer = lastAssistant(page)
    await expect(answer).toHaveAttribute('data-status', 'complete')
    const wrap = answer.locator('.od-md-table-wrap')
    await expect(wrap).toBeVisible()
    const layout = await wrap.evaluate((box) => {
      /** How many lines a cell's text takes (distinct line boxes of its content). */
      const lines = (cell: Element): number => {
        const range = document.createRange()
        range.selectNodeContents(cell)
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size
      }
      const cells = Array.from(box.querySelectorAll('th, td'))
      const short = cells.filter((c) => (c.textContent ?? '').length <= 24)
      const message = box.closest('[data-testid="message"]')!.getBoundingClientRect()
      const list = document.querySelector('[data-testid="message-list"]')!
      return {
        broken: short.filter((c) => lines(c) > 1).map((c) => c.textContent),
        scrollsInside: box.scrollWidth > box.clientWidth,
        insideMessage: box.getBoundingClientRect().right <= message.right + 1,
        listScrollsSideways: list.scrollWidth > list.clientWidth
      }
    })
    expect(layout).toEqual({ broken: [], scrollsInside: true, insideMessage: true, listScrollsSideways: false })
    // It does scroll: the last column comes into view inside the box.
    await wrap.evaluate((box) => box.scrollBy({ left: box.scrollWidth }))
    await expect(answer.locator('th').last()).toBeInViewport()
  })
}

test('reopening a conversation whose answer has a chart and a diagram ends at the bottom of the answer', async ({ seededApp: page, provider }) => {
  provider.script({ match: { lastUserContains: 'flow' }, content: 'Intro paragraph.\n\n'.repeat(12) + CHART_AND_DIAGRAM })
  await ask(page, 'Draw the flow and the numbers')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  // A fresh page: the diagram libraries load again, so the blocks get their height late.
  await page.reload()
  await page.getByTestId('conversation-item').first().click()
  const answer = lastAssistant(page)
  await expect(answer.locator('.od-md-diagram[data-kind="chart"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  await expect(answer.locator('.od-md-diagram[data-kind="mermaid"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
  // The last paragraph and the answer's actions are in view once the blocks have settled.
  await expect(answer.getByText('The last paragraph of the answer.')).toBeInViewport({ ratio: 1 })
  await expect(answer.getByTestId('regenerate')).toBeInViewport({ ratio: 1 })

  // Scrolled up to read, the view stays there.
  const list = page.getByTestId('message-list')
  const top = await list.evaluate((el) => {
    el.scrollTop -= 400
    return el.scrollTop
  })
  await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeGreaterThan(300)
  // Something in the answer changes size (a diagram drawn again in another theme): the user stays put.
  await setTheme(page, 'dark')
  await expect.poll(() => contrastProblems(page)).toEqual([])
  expect(await list.evaluate((el) => el.scrollTop)).toBe(top)
})
