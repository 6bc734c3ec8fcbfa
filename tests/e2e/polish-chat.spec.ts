/**
 * First-run polish of the chat (issue 19 items 7, 8, 11, 12, 13), end to end in Chromium: what a
 * user test found — search results in raw markdown and repeated under one title, a PDF refused
 * with a message about a missing feature, a user's images on the assistant's side and a
 * letterboxed viewer, a huge sent paste laid out as a page-long wrapped bubble, an edit box that
 * did not follow the composer's Enter rule.
 */
import { makePdf, textPages } from '../support/documents'
import { makePng } from '../support/images'
import { expect, test, type Page } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()
const lastUser = (page: Page) => page.locator('[data-testid="message"][data-role="user"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
}

async function pasteText(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').evaluate((el, text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, text)
}

async function pasteFiles(page: Page, files: Array<{ base64: string; name: string; type: string }>): Promise<void> {
  await page.getByTestId('composer').evaluate((el, files) => {
    const data = new DataTransfer()
    for (const f of files) data.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }))
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, files)
}

const QUICKSORT_ANSWER = [
  '## 快速排序简介',
  '',
  '快速排序采用**分治**思想：',
  '',
  '| 步骤 | 说明 |',
  '|---|---|',
  '| 分区 | 选一个基准，把数组分成两半 |',
  '',
  '详见 [维基百科](https://zh.wikipedia.org/wiki/快速排序)。'
].join('\n')

test.describe('search, in Chinese', () => {
  test.use({ harnessOptions: { locale: 'zh-CN' } })

  test('a conversation is one result row: plain text, "+N more", opens at the best hit', async ({ seededApp: page, provider }) => {
    provider.script({ match: { lastUserContains: '快速排序' }, content: QUICKSORT_ANSWER })
    await ask(page, '讲讲快速排序')
    provider.script({ match: { lastUserContains: '还能用在哪里' }, content: '归并排序也用`分治`：先分，再合。' })
    await ask(page, '分治还能用在哪里？')
    await page.getByTestId('new-chat').click()

    await page.getByTestId('search').fill('分治')
    const rows = page.getByTestId('search-hit')
    await expect(rows).toHaveCount(1)
    const row = rows.first()
    // Three messages match (both answers and the second question): the best, and 2 more.
    await expect(row.getByTestId('search-hit-more')).toHaveText('此对话中还有 2 处')
    await expect(row.locator('mark').first()).toHaveText('分治')
    const text = await row.innerText()
    for (const syntax of ['##', '**', '|', '](', '`']) expect(text, `"${syntax}" in ${text}`).not.toContain(syntax)

    const best = await row.getAttribute('data-message-id')
    expect(best).toBeTruthy()
    await row.click()
    const target = page.locator(`[data-testid="message"][data-message-id="${best}"]`)
    await expect(target).toBeInViewport()
  })
})

test('PDFs and CSVs dropped, pasted or picked in the composer become file chips; nothing speaks of a missing feature', async ({ seededApp: page }) => {
  const pdf = makePdf(textPages(1)).toString('base64')
  const csv = Buffer.from('name,score\nAda,3\nLin,5\n').toString('base64')
  await page.getByTestId('composer').evaluate(
    (el, { pdf, csv }) => {
      const data = new DataTransfer()
      const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      data.items.add(new File([bytes(pdf)], 'report.pdf', { type: 'application/pdf' }))
      data.items.add(new File([bytes(csv)], 'scores.csv', { type: 'text/csv' }))
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    },
    { pdf, csv }
  )
  const chips = page.getByTestId('file-chip')
  await expect(chips).toHaveCount(2)
  await pasteFiles(page, [{ base64: pdf, name: 'pasted.pdf', type: 'application/pdf' }])
  await expect(chips).toHaveCount(3)
  await page.getByTestId('file-input').setInputFiles({ name: 'picked.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'base64') })
  await expect(chips).toHaveCount(4)
  for (let i = 0; i < 4; i++) await expect(chips.nth(i)).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('image-notice')).toHaveCount(0)

  // The image button's picker takes images only: a PDF there points to the file button.
  await page.getByTestId('image-file-input').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf, 'base64') })
  const notice = page.getByTestId('image-notice')
  await expect(notice).toContainText('notes.pdf')
  await expect(notice).not.toContainText(/belong in file attachments/i)
  await expect(notice).toContainText(/paperclip/i)
})

test('a user’s images sit on the user’s side; the viewer shows the image as large as fits, no bars', async ({ seededApp: page }) => {
  // A small panorama: its shape is far from the viewport's (a box of the wrong shape shows), and
  // it is smaller than the viewer (it must be shown as large as fits, not at its own size).
  // Three of them wrap onto a second row (where the user test saw them start at the left).
  const png = makePng(600, 100, (x) => [x % 256, 90, 160]).toString('base64')
  await pasteFiles(page, [1, 2, 3].map((n) => ({ base64: png, name: `panorama-${n}.png`, type: 'image/png' })))
  await expect(page.getByTestId('image-chip')).toHaveCount(3)
  for (const chip of await page.getByTestId('image-chip').all()) await expect(chip).toHaveAttribute('data-status', 'ready')
  await page.getByTestId('composer').fill('What is in this picture?')
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')

  const user = lastUser(page)
  const thumbs = user.getByTestId('history-image')
  await expect(thumbs).toHaveCount(3)
  for (const img of await thumbs.locator('img').all()) await expect(img).toBeVisible()
  const bubble = (await user.locator('.od-user-bubble').boundingBox())!
  const rightEdge = bubble.x + bubble.width
  const boxes = await Promise.all((await thumbs.all()).map(async (t) => (await t.boundingBox())!))
  expect(new Set(boxes.map((b) => Math.round(b.y))).size, 'the images wrap onto two rows').toBe(2)
  // Each row ends at the bubble's right edge.
  for (const y of new Set(boxes.map((b) => Math.round(b.y)))) {
    const row = boxes.filter((b) => Math.round(b.y) === y)
    expect(Math.abs(Math.max(...row.map((b) => b.x + b.width)) - rightEdge)).toBeLessThanOrEqual(1)
  }
  const thumb = thumbs.first()

  await thumb.click()
  const viewer = page.getByTestId('image-preview').locator('img')
  await expect(viewer).toBeVisible()
  const shown = await viewer.evaluate((img: HTMLImageElement) => {
    const box = img.getBoundingClientRect()
    const scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight)
    const style = getComputedStyle(img)
    return {
      painted: { width: img.naturalWidth * scale, height: img.naturalHeight * scale },
      box: { width: box.width, height: box.height },
      viewport: { width: innerWidth, height: innerHeight },
      // What would draw the box's own shape around the picture.
      boxShadow: style.boxShadow,
      background: style.backgroundColor
    }
  })
  // As large as fits: the picture spans (nearly) the whole viewport width.
  expect(shown.painted.width).toBeGreaterThan(shown.viewport.width * 0.9)
  // Nothing paints the rest of a box whose shape is not the picture's.
  const sameShape = Math.abs(shown.box.width / shown.box.height - 600 / 100) < 0.05
  if (!sameShape) {
    expect(shown.boxShadow).toBe('none')
    expect(shown.background).toBe('rgba(0, 0, 0, 0)')
  }
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('image-preview')).toHaveCount(0)
})

test('a huge sent paste shows like its chip: monospace, unwrapped, collapsed, revealed in steps', async ({ seededApp: page, provider }) => {
  const log = Array.from({ length: 6_000 }, (_, i) => `2026-03-01T10:00:${String(i % 60).padStart(2, '0')}Z INFO worker-${i % 7} processed batch ${i} with a fairly long log line that goes on`).join('\n')
  provider.script({ content: 'Looked at the log.' })
  await page.getByTestId('composer').fill('Why is this slow?')
  await pasteText(page, log)
  await expect(page.getByTestId('paste-chip')).toBeVisible()
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')

  const user = lastUser(page)
  await expect(user.locator('.od-user-bubble')).toHaveText('Why is this slow?')
  const paste = user.getByTestId('sent-paste')
  await expect(paste).toContainText('6000')
  const body = paste.getByTestId('sent-paste-body')
  const look = await body.evaluate((el) => ({ font: getComputedStyle(el).fontFamily, whiteSpace: getComputedStyle(el).whiteSpace, unwrapped: el.scrollWidth > el.clientWidth }))
  expect(look.font).toMatch(/mono/i)
  expect(look.whiteSpace).toBe('pre')
  expect(look.unwrapped).toBe(true)
  const collapsed = (await body.innerText()).split('\n').length
  expect(collapsed).toBeLessThanOrEqual(13)

  // Each step adds a bounded part, in a box whose height stays within the window.
  await paste.getByTestId('sent-paste-more').click()
  await expect.poll(async () => (await body.innerText()).split('\n').length).toBeGreaterThan(collapsed)
  const afterStep = (await body.innerText()).length
  expect(afterStep).toBeLessThan(log.length / 4)
  const viewportHeight = page.viewportSize()!.height
  expect((await user.boundingBox())!.height).toBeLessThan(viewportHeight)
  await paste.getByTestId('sent-paste-less').click()
  await expect.poll(async () => (await body.innerText()).split('\n').length).toBe(collapsed)
  // The whole text was sent.
  const sent = provider.requests.filter((r) => r.path === '/v1/chat/completions')[0].body as { messages: Array<{ content: string }> }
  expect(sent.messages.at(-1)?.content).toBe(`Why is this slow?\n\n${log}`)
})

test('editing follows the composer’s send rule, says so under the box, and Esc cancels', async ({ seededApp: page, harness, provider }) => {
  await ask(page, 'first version')
  // Enter to send (the default): Shift+Enter adds a line, Enter saves and resends.
  await page.getByTestId('edit-message').click()
  await expect(page.getByTestId('edit-hint')).toHaveText('Enter to save and resend · Shift+Enter for a new line · Esc to cancel')
  const input = page.getByTestId('edit-input')
  await input.fill('second')
  await input.press('Shift+Enter')
  await input.pressSequentially('version')
  await expect(input).toHaveValue('second\nversion')
  provider.script({ match: { lastUserContains: 'second' }, content: 'Answer to the edit.' })
  await input.press('Enter')
  await expect(lastAssistant(page)).toContainText('Answer to the edit.')
  await expect(lastUser(page)).toContainText('second')
  await expect(lastUser(page)).toContainText('version')

  // Esc cancels: the message is unchanged and nothing is sent.
  const requests = provider.requests.length
  await page.getByTestId('edit-message').click()
  await page.getByTestId('edit-input').fill('never sent')
  await page.getByTestId('edit-input').press('Escape')
  await expect(page.getByTestId('edit-input')).toHaveCount(0)
  await expect(lastUser(page)).not.toContainText('never sent')
  expect(provider.requests.length).toBe(requests)

  // Enter to send off: Enter is a new line, Ctrl+Enter saves and resends.
  await harness.handlers.settings.update({ enterToSend: false })
  await page.reload()
  await page.getByTestId('conversation-item').first().click()
  await expect(lastAssistant(page)).toContainText('Answer to the edit.')
  await page.getByTestId('edit-message').click()
  await expect(page.getByTestId('edit-hint')).toHaveText(/^(Ctrl|⌘)\+Enter to save and resend · Enter for a new line · Esc to cancel$/)
  await page.getByTestId('edit-input').fill('third')
  await page.getByTestId('edit-input').press('Enter')
  await expect(page.getByTestId('edit-input')).toHaveValue('third\n')
  provider.script({ match: { lastUserContains: 'third' }, content: 'Answer to the third.' })
  await page.getByTestId('edit-input').press('Control+Enter')
  await expect(lastAssistant(page)).toContainText('Answer to the third.')
})
