/**
 * Files and data (issue 15), end to end: a file picked, dropped or pasted in the real renderer
 * goes up in pieces through the bridge into the real file services in main (document worker,
 * DuckDB data worker, content-addressed store, chunk index), the openai SDK carries what the
 * model needs to the local provider, and the answer — query_data steps with their results table,
 * charts drawn from a query, the passages notice — shows in both windows.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { encryptPdf, makePdf, textPages } from '../support/documents'
import { expect, seedProvider, test, type Page } from './fixtures'

type ChatBody = { stream?: boolean; messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> | null }>; tools?: Array<{ function: { name: string } }> }

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()
const textOf = (content: ChatBody['messages'][number]['content']): string =>
  typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join('')

let dir: string
test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'omnidesk-e2e-files-'))
})

/** A small sales table: 3 regions × 4 months, amounts chosen so the sums are known. */
function salesCsv(): string {
  const file = path.join(dir, 'sales.csv')
  const rows = ['month,region,amount']
  const regions = ['North', 'South', 'East']
  for (let m = 1; m <= 4; m++) regions.forEach((r, i) => rows.push(`2026-0${m},${r},${m * 100 + i * 10}`))
  writeFileSync(file, rows.join('\n') + '\n')
  return file
}

function streamedRequests(provider: { requests: Array<{ path: string; body: unknown }> }): ChatBody[] {
  return provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as ChatBody).stream === true).map((r) => r.body as ChatBody)
}

async function attach(page: Page, ...files: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files)
}

test('a CSV: the model queries it, the result is a sortable table that saves as CSV, and a chart draws the query', async ({ seededApp: page, provider }) => {
  await attach(page, salesCsv())
  const chip = page.getByTestId('file-chip')
  await expect(chip).toHaveAttribute('data-state', 'ready')
  await expect(chip).toContainText('sales.csv')
  await expect(chip).toContainText('12')
  // The preview shows the first rows.
  await chip.getByTestId('file-chip-preview').click()
  await expect(page.getByTestId('file-preview')).toContainText('North')

  const sql = 'SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC'
  const chartSql = 'SELECT month, sum(amount) AS amount FROM sales GROUP BY month ORDER BY month'
  provider.script({ match: { lastUserContains: 'Which region' }, toolCalls: [{ name: 'query_data', arguments: { sql } }] })
  provider.script({
    match: { lastUserContains: 'Which region' },
    content: `East sold the most.\n\n\`\`\`chart\n${JSON.stringify({ type: 'line', title: 'Sales by month', query: chartSql, x: 'month', y: ['amount'] })}\n\`\`\`\n`
  })
  await page.getByTestId('composer').fill('Which region sold the most? Chart the months too.')
  await page.getByTestId('send').click()

  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  // The model was told the table and offered the tool; the tool's result carried the real sums.
  const [first, second] = streamedRequests(provider).slice(-2)
  expect(first.tools?.map((t) => t.function.name)).toContain('query_data')
  expect(textOf(first.messages[0].content)).toContain('"amount" BIGINT')
  const toolMessage = second.messages.find((m) => m.role === 'tool')
  expect(textOf(toolMessage?.content ?? '')).toContain('| East | 1080 |')

  const step = answer.getByTestId('tool-step')
  await expect(step).toHaveAttribute('data-tool', 'query_data')
  const table = answer.getByTestId('result-table')
  await expect(table).toBeVisible()
  await expect(answer.getByTestId('result-table-caption')).toContainText('3')
  const firstCells = () => table.locator('tbody tr td:first-child').allTextContents()
  expect(await firstCells()).toEqual(['East', 'South', 'North'])
  await table.locator('[data-testid="result-table-sort"][data-column="region"]').click()
  await expect.poll(firstCells).toEqual(['East', 'North', 'South'])

  const download = page.waitForEvent('download')
  await answer.getByTestId('result-save-csv').click()
  const saved = readFileSync(await (await download).path(), 'utf8')
  expect(saved.replace(/^\ufeff/, '').split(/\r?\n/).slice(0, 2)).toEqual(['region,total', 'East,1080'])

  // The chart ran its query over the same data and says which query it was.
  await expect(answer.getByTestId('chart')).toBeVisible()
  await expect(answer.getByTestId('chart-query')).toContainText('SELECT month')
})

test('a long PDF in the companion: passages for the question, the notice, page markers sent; a short file goes whole', async ({ context, harness, provider }) => {
  await seedProvider(harness, provider)
  // 300 pages; one page alone talks about lighthouses.
  const pages = textPages(300, 30)
  pages[211] = { lines: ['The lighthouse keeper logs every ship that passes the northern reef at dawn.', ...Array.from({ length: 20 }, () => 'The lighthouse lamp is trimmed each evening before the tide turns.')] }
  const pdf = path.join(dir, 'manual.pdf')
  writeFileSync(pdf, makePdf(pages))
  const notes = path.join(dir, 'notes.md')
  writeFileSync(notes, '# Notes\n\nThe keeper is called Mira.\n')

  const page = await context.newPage()
  await page.goto(harness.pageUrl('companion.html'))
  await expect(page.getByTestId('companion')).toBeVisible()
  await expect.poll(() => harness.connectionCount()).toBeGreaterThan(0)
  harness.companion.pressShortcut()
  await expect(page.getByTestId('companion')).toHaveAttribute('data-visible', 'true')

  await attach(page, pdf, notes)
  const chips = page.getByTestId('file-chip')
  await expect(chips).toHaveCount(2)
  await expect(chips.nth(0)).toHaveAttribute('data-state', 'ready')
  await expect(chips.nth(1)).toHaveAttribute('data-state', 'ready')
  await expect(chips.nth(0)).toContainText('300')

  provider.script({ match: { lastUserContains: 'lighthouse' }, content: 'The keeper, Mira, logs ships at dawn (manual.pdf, p. 212).' })
  await page.getByTestId('composer').fill('What does the lighthouse keeper log?')
  await page.keyboard.press('Enter')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.getByTestId('passages-notice')).toContainText('manual.pdf')

  const body = streamedRequests(provider).at(-1) as ChatBody
  const question = textOf(body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '')
  expect(question).toContain('--- Page 212 ---')
  expect(question).toContain('passages="')
  expect(question).toContain('The keeper is called Mira.')
  expect(question).not.toContain('Page 5 heading')
})

test('bad files: each says why, and nothing else is lost', async ({ seededApp: page }) => {
  const empty = path.join(dir, 'empty.txt')
  writeFileSync(empty, '')
  const fakeCsv = path.join(dir, 'photo.csv')
  writeFileSync(fakeCsv, Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(4096, 7)]))
  const corrupt = path.join(dir, 'broken.pdf')
  writeFileSync(corrupt, Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nthis is not a pdf\n%%EOF'))
  await page.getByTestId('composer').fill('Keep this text')
  await attach(page, empty, fakeCsv, corrupt)
  const chips = page.getByTestId('file-chip')
  await expect(chips).toHaveCount(3)
  for (let i = 0; i < 3; i++) await expect(chips.nth(i)).toHaveAttribute('data-state', 'error')
  await expect(chips.nth(0).getByTestId('file-chip-error')).toContainText('empty')
  await expect(chips.nth(1).getByTestId('file-chip-error')).toContainText('photo.csv')
  await expect(chips.nth(2).getByTestId('file-chip-error')).toContainText('broken.pdf')
  await expect(page.getByTestId('composer')).toHaveValue('Keep this text')
  // Removing them leaves the text; the app still answers.
  for (let i = 2; i >= 0; i--) await chips.nth(i).getByTestId('file-chip-remove').click()
  await expect(chips).toHaveCount(0)
  await expect(page.getByTestId('composer')).toHaveValue('Keep this text')
})

test('an XLSX with formulas and merged cells loads as a table of values', async ({ seededApp: page }) => {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Budget')
  sheet.addRow(['item', 'cost', 'double'])
  sheet.addRow(['rent', 1200, { formula: 'B2*2', result: 2400 }])
  sheet.addRow(['food', 300, { formula: 'B3*2', result: 600 }])
  sheet.mergeCells('A5:C5')
  sheet.getCell('A5').value = 'merged note'
  const file = path.join(dir, 'budget.xlsx')
  await workbook.xlsx.writeFile(file)
  await attach(page, file)
  const chip = page.getByTestId('file-chip')
  await expect(chip).toHaveAttribute('data-state', 'ready')
  await chip.getByTestId('file-chip-preview').click()
  await expect(page.getByTestId('file-preview')).toContainText('2400')
})

test('a password-protected PDF asks for its password; a wrong one says so; the right one reads it', async ({ seededApp: page, provider }) => {
  const file = path.join(dir, 'secret.pdf')
  writeFileSync(file, encryptPdf(makePdf([{ lines: ['The vault code is 4417.'] }]), 'open-sesame'))
  await attach(page, file)
  const chip = page.getByTestId('file-chip')
  await expect(chip).toHaveAttribute('data-state', 'password')
  await chip.getByTestId('file-password-input').fill('wrong')
  await chip.getByTestId('file-password-submit').click()
  await expect(chip).toHaveAttribute('data-state', 'password')
  await expect(chip.getByTestId('file-chip-error')).toBeVisible()
  await chip.getByTestId('file-password-input').fill('open-sesame')
  await chip.getByTestId('file-password-submit').click()
  await expect(chip).toHaveAttribute('data-state', 'ready')

  provider.script({ match: { lastUserContains: 'vault' }, content: 'The code is 4417.' })
  await page.getByTestId('composer').fill('What is the vault code?')
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  const question = textOf(streamedRequests(provider).at(-1)?.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '')
  expect(question).toContain('The vault code is 4417.')
})

test('drop and paste: files dropped on the composer or pasted into it become chips; a 3 GB file is refused unread', async ({ seededApp: page }) => {
  // A drop of two files (a document and a data file), as the OS delivers it.
  await expect(page.getByTestId('composer')).toBeVisible()
  await page.evaluate(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['# Plan\n\nShip the files feature.\n'], 'plan.md', { type: 'text/markdown' }))
    transfer.items.add(new File(['a,b\n1,2\n3,4\n'], 'numbers.csv', { type: 'text/csv' }))
    const target = document.querySelector('[data-testid="composer"]') as HTMLElement
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })
  const chips = page.getByTestId('file-chip')
  await expect(chips).toHaveCount(2)
  await expect(chips.nth(0)).toHaveAttribute('data-state', 'ready')
  await expect(chips.nth(1)).toHaveAttribute('data-state', 'ready')
  await expect(chips.nth(1)).toContainText('2')

  // A pasted file (copied in the file manager).
  await page.getByTestId('composer').focus()
  await page.evaluate(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['print("hello")\n'], 'hello.py', { type: 'text/x-python' }))
    const target = document.querySelector('[data-testid="composer"]') as HTMLElement
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
  })
  await expect(chips).toHaveCount(3)
  await expect(chips.nth(2)).toHaveAttribute('data-state', 'ready')

  // 3 GB (a sparse file: nothing is written, nothing must be read).
  const huge = path.join(dir, 'huge.csv')
  writeFileSync(huge, '')
  truncateSync(huge, 3 * 1024 ** 3)
  await attach(page, huge)
  await expect(chips).toHaveCount(4)
  await expect(chips.nth(3)).toHaveAttribute('data-state', 'error')
  await expect(chips.nth(3).getByTestId('file-chip-error')).toContainText('huge.csv')
})
