/**
 * Smoke test of the web harness itself, independent of the UI: the page loads with the bridge,
 * `window.omnidesk` mirrors its window kind's part of the contract, requests go through the one wrapper (validation, sender
 * check), and a chat streams end to end through the real services and the fake provider.
 */
import WebSocket from 'ws'
import { WINDOW_CHANNELS } from '../../src/shared/ipc/windows'
import { Settings } from '../../src/shared/settings'
import { expect, test, type Page, type PageGlobal } from './fixtures'

test('serves the renderer with the bridge and the app CSP', async ({ page, harness }) => {
  const response = await page.goto(harness.url)
  expect(response?.status()).toBe(200)
  expect(response?.headers()['content-type']).toContain('text/html')
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'")
  const html = await response!.text()
  const bridgeAt = html.indexOf('<script src="/__harness/bridge.js"></script>')
  expect(bridgeAt).toBeGreaterThan(-1)
  const moduleAt = html.search(/<script[^>]*type="module"/)
  if (moduleAt !== -1) expect(bridgeAt).toBeLessThan(moduleAt)
  await expect.poll(() => harness.connectionCount()).toBe(1)
})

/** The contract functions a page's `window.omnidesk` exposes, as `ns:name`. */
const exposedChannels = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const api = (globalThis as unknown as PageGlobal).omnidesk as unknown as Record<string, Record<string, unknown>>
    const out: string[] = []
    for (const [ns, group] of Object.entries(api)) {
      for (const [name, fn] of Object.entries(group)) if (typeof fn === 'function') out.push(`${ns}:${name}`)
    }
    return out.sort()
  })

test("window.omnidesk has one function per channel of its window's kind", async ({ app: page, harness }) => {
  expect(await exposedChannels(page)).toEqual([...WINDOW_CHANNELS.main].sort())
  // The companion's page gets the companion's channels (no provider management, its own hide/pin).
  const companion = await page.context().newPage()
  await companion.goto(harness.pageUrl('companion.html'))
  await expect.poll(() => harness.connectionCount()).toBe(2)
  const companionChannels = await exposedChannels(companion)
  expect(companionChannels).toEqual([...WINDOW_CHANNELS.companion].sort())
  expect(companionChannels).not.toContain('providers:save')
  expect(companionChannels).toContain('companion:hide')
})

test('settings.get returns the defaults on a fresh data folder', async ({ app: page }) => {
  const result = await page.evaluate(() => (globalThis as unknown as PageGlobal).omnidesk.settings.get())
  expect(result).toEqual({ ok: true, value: Settings.parse({}) })
})

test('an invalid payload is refused by the wrapper with the contract\'s error type', async ({ app: page }) => {
  const result = await page.evaluate(() => (globalThis as unknown as PageGlobal).omnidesk.conversations.get({ id: 5 } as unknown as { id: string }))
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  expect(result.ok ? '' : result.error.detail).toContain('Invalid request for conversations:get')
})

test('a bridge socket from a foreign origin, or without the run\'s token, is refused', async ({ harness }) => {
  const attempt = (origin?: string, token: string | null = harness.token): Promise<number | 'open'> =>
    new Promise((resolve, reject) => {
      const url = new URL(harness.origin.replace(/^http/, 'ws') + '/__harness/ipc')
      if (token !== null) url.searchParams.set('token', token)
      const ws = new WebSocket(url.toString(), origin ? { origin } : {})
      ws.on('open', () => {
        ws.close()
        resolve('open')
      })
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        ws.terminate()
      })
      ws.on('error', (error) => reject(error))
    })
  expect(await attempt('http://evil.example')).toBe(403)
  expect(await attempt(`http://127.0.0.1:${harness.port + 1}`)).toBe(403)
  expect(await attempt(undefined)).toBe(403)
  // Any local process can claim the harness's Origin: without this run's token it gets nowhere.
  expect(await attempt(harness.origin, null)).toBe(403)
  expect(await attempt(harness.origin, 'x'.repeat(harness.token.length))).toBe(403)
  // The same request from the harness's own origin with the token is accepted.
  expect(await attempt(harness.origin)).toBe('open')
})

test('the URL the harness prints sets the HttpOnly cookie that lets this browser\'s pages use the bridge', async ({ page, harness }) => {
  await page.goto(harness.origin + '/')
  expect(await page.context().cookies()).toEqual([])
  expect(harness.connectionCount()).toBe(0)
  await page.goto(harness.url)
  const cookies = await page.context().cookies()
  expect(cookies).toEqual([expect.objectContaining({ name: `omnidesk-harness-${harness.port}`, value: harness.token, httpOnly: true, sameSite: 'Strict' })])
  await expect.poll(() => harness.connectionCount()).toBe(1)
})

test('chat round trip: save a provider, stream an answer, read it back', async ({ app: page, provider }) => {
  provider.script({ content: 'The harness answer is forty-two.' })
  const result = await page.evaluate(async (baseURL) => {
    const bridge = (globalThis as unknown as PageGlobal).omnidesk
    const value = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
      if (!result.ok) throw new Error(JSON.stringify(result.error))
      return result.value
    }
    const api = bridge
    const saved = await api.providers.save({
      presetId: 'custom',
      name: 'Fake provider',
      baseURL,
      apiKey: 'sk-test',
      defaultModel: 'gpt-4o'
    })
    const events: Array<{ kind: string; streamId: string; text?: string; status?: string }> = []
    let started: { streamId: string; conversationId: string } | undefined
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'done' event; got ${JSON.stringify(events)}`)), 30_000)
      const off = api.chat.onEvent((event) => {
        events.push(event)
        if (event.kind === 'done' && (!started || event.streamId === started.streamId)) {
          clearTimeout(timer)
          off()
          resolve()
        }
      })
    })
    const provider = value(saved)
    started = value(await api.chat.send({ text: 'Hello harness', providerId: provider.id }))
    await done
    const mine = events.filter((e) => e.streamId === started!.streamId)
    const conversation = value(await api.conversations.get({ id: started.conversationId }))
    return {
      kinds: mine.map((e) => e.kind),
      streamed: mine.filter((e) => e.kind === 'delta').map((e) => e.text).join(''),
      doneStatus: mine.find((e) => e.kind === 'done')?.status,
      messages: conversation.messages.map((m) => ({
        role: m.role,
        status: m.status,
        text: m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')
      }))
    }
  }, provider.baseURL)

  expect(result.kinds[0]).toBe('started')
  expect(result.kinds.at(-1)).toBe('done')
  expect(result.doneStatus).toBe('complete')
  expect(result.streamed).toBe('The harness answer is forty-two.')
  expect(result.messages).toHaveLength(2)
  expect(result.messages[0]).toMatchObject({ role: 'user', text: 'Hello harness' })
  expect(result.messages[1]).toEqual({ role: 'assistant', status: 'complete', text: 'The harness answer is forty-two.' })
  expect(provider.requests.some((r) => r.path === '/v1/chat/completions')).toBe(true)
})

test('settings persist across a harness restart and the page reconnects', async ({ app: page, harness }) => {
  await page.evaluate(() => (globalThis as unknown as PageGlobal).omnidesk.settings.update({ theme: 'dark' }))
  await harness.restart()
  // The open page reconnects by itself (same origin and port)...
  await expect
    .poll(() =>
      page.evaluate(() =>
        (globalThis as unknown as PageGlobal).omnidesk.settings.get().then((r) => (r.ok ? (r.value.theme as string) : `error: ${r.error.code}`))
      )
    )
    .toBe('dark')
  // ...and a reload sees the same thing.
  await page.reload()
  const theme = await page.evaluate(() => (globalThis as unknown as PageGlobal).omnidesk.settings.get().then((r) => (r.ok ? r.value.theme : r.error.code)))
  expect(theme).toBe('dark')
})
