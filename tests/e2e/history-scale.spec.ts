/**
 * A long history (issue 17), end to end in Chromium: the sidebar reads the history a page at a
 * time and puts only the rows in view in the page, grouped by date down to months and years;
 * the search lists a page of conversations and the next as the results are scrolled, each
 * conversation once, and follows fast typing to the last query.
 */
import { randomUUID } from 'node:crypto'
import type { Conversation, Message } from '../../src/shared/domain'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ImportedConversation } from '../../src/main/store/types'
import { expect, seedProvider, test, type HarnessHandle, type Page } from './fixtures'

const DAY = 86_400_000

/** Conversations written straight into the harness's database (a second connection, as an import would). */
async function seedHistory(harness: HarnessHandle, count: number, text: (i: number) => string, title: (i: number) => string = (i) => `Chat number ${i}`): Promise<ImportedConversation[]> {
  const now = Date.now()
  const items = Array.from({ length: count }, (_, i): ImportedConversation => {
    const id = randomUUID()
    const updatedAt = now - i * 1.3 * DAY - 60_000
    const conversation: Conversation = { id, title: title(i), titleIsAuto: false, createdAt: updatedAt - 5000, updatedAt }
    const messages: Message[] = [0, 1, 2].map((j) => ({
      id: randomUUID(),
      conversationId: id,
      role: j % 2 ? 'assistant' : 'user',
      parts: [{ type: 'text', text: j === 2 ? text(i) : `message ${j} of chat ${i}` }],
      status: 'complete',
      createdAt: updatedAt - 5000 + j,
      updatedAt: updatedAt - 5000 + j
    }))
    return { conversation, messages }
  })
  const { store } = await openConversationStore({ dataDir: harness.dataDir })
  try {
    await store.importConversations(items)
  } finally {
    await store.close()
  }
  return items
}

const rows = (page: Page) => page.getByTestId('conversation-item')

test('a long history: the first rows at once, the rest as the sidebar is scrolled, only the rows in view in the page', async ({ page, harness, provider }) => {
  const items = await seedHistory(harness, 600, (i) => `answer ${i}`)
  await seedProvider(harness, provider)
  await page.goto(harness.url)

  const list = page.getByTestId('sidebar-list')
  await expect(rows(page).first()).toHaveText('Chat number 0')
  await expect(list).toHaveAttribute('data-virtualised', '')
  expect(await rows(page).count()).toBeLessThan(150)
  // Months of this year and whole years further back, not one "Older" heap.
  await expect(list.locator('.od-conv-group-title', { hasText: 'Today' })).toHaveCount(1)

  // Scrolled to the end, page after page, down to the oldest conversation; the headings met on
  // the way are months of this year and whole years before it.
  const oldest = items[items.length - 1].conversation
  const headings = new Set<string>()
  await expect(async () => {
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    for (const text of await list.locator('.od-conv-group-title').allTextContents()) headings.add(text)
    await expect(page.locator(`[data-testid="conversation-item"][data-conversation-id="${oldest.id}"]`)).toBeVisible({ timeout: 500 })
  }).toPass({ timeout: 30_000 })
  // An old conversation opens like any other.
  await page.locator(`[data-testid="conversation-item"][data-conversation-id="${oldest.id}"]`).click()
  await expect(page.getByTestId('chat-title')).toHaveText(oldest.title)
  await expect(page.getByTestId('message').last()).toContainText('answer 599')

  // The oldest year's heading, a little above (only rows near the view are in the page).
  const year = list.locator('.od-conv-group-title', { hasText: String(new Date(oldest.updatedAt).getFullYear()) })
  await expect(async () => {
    await list.evaluate((el) => el.scrollBy({ top: -600 }))
    await expect(year).toBeVisible({ timeout: 300 })
  }).toPass({ timeout: 30_000 })
  expect([...headings].some((h) => /^(January|February|March|April|May|June|July|August|September|October|November|December)$/.test(h))).toBe(true)
  expect(await rows(page).count()).toBeLessThan(150)
})

test('search: a page of conversations, the next as the results are scrolled, each once; fast typing ends on the last query', async ({ page, harness, provider }) => {
  const items = await seedHistory(
    harness,
    90,
    (i) => `the old harbour lights number ${i} shine`,
    (i) => (i === 70 ? 'Harbour lights trip' : `Chat number ${i}`)
  )
  await seedProvider(harness, provider)
  await page.goto(harness.url)
  await expect(rows(page).first()).toBeVisible()

  const search = page.getByTestId('search')
  await search.click()
  await page.keyboard.type('harbour li', { delay: 0 })
  const hits = page.getByTestId('search-hit')
  // The conversation whose title matches comes first, then the most recent.
  await expect(hits.first()).toContainText('Harbour lights trip')
  await expect(hits.nth(1)).toContainText('Chat number 0')
  await expect(hits).toHaveCount(30)

  await expect(async () => {
    await page.getByTestId('sidebar-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect(hits).toHaveCount(items.length, { timeout: 500 })
    // Nothing more to read: the last page said so.
    await expect(page.getByTestId('sidebar-more')).toHaveCount(0, { timeout: 500 })
  }).toPass({ timeout: 30_000 })
  const ids = await hits.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.conversationId))
  expect(new Set(ids).size).toBe(items.length)

  // Typed fast, then changed: the list is the last query's, not a stale one's.
  await search.fill('')
  await page.keyboard.type('number 42 shine', { delay: 0 })
  await expect(hits).toHaveCount(1)
  await expect(hits.first()).toContainText('Chat number 42')
  await hits.first().click()
  await expect(page.getByTestId('chat-title')).toHaveText('Chat number 42')
})
