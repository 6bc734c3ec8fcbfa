/**
 * read_url: fetching under the address rules, extraction to markdown, limits, Stop, charsets and
 * the error results the model relays. The pages come from tests/support/webPages.ts on
 * 127.0.0.1; most tests classify 127.x as public (the `classifyAddress` seam) so the site is
 * readable while 192.168.x and the rest stay local. No sleeps: waits are on the server's own events.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { addressKind, classifyAddress, type AddressKind } from '../../src/main/tools/readUrl/addressPolicy'
import { chooseCharset } from '../../src/main/tools/readUrl/decode'
import { estimateDepth, MAX_SOURCE_DEPTH, stripRawText } from '../../src/main/tools/readUrl/extract'
import { createReadUrlTool, type ReadUrlOptions } from '../../src/main/tools/readUrl/readUrlTool'
import type { ToolCallContext, ToolResult } from '../../src/main/tools/types'
import { PAGES, TEXT, startWebPages, type WebPages } from '../support/webPages'

/**
 * Names the tests resolve themselves (the rest go to the real resolver): each lookup of a name
 * takes the next answer of its list (the last one repeats), and is counted.
 */
const dns = vi.hoisted(() => ({ answers: new Map<string, Array<string[] | 'ENOTFOUND'>>(), lookups: new Map<string, number>() }))

vi.mock('node:dns', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:dns')>()
  const lookup = ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    const answers = dns.answers.get(hostname)
    if (!answers) return (real.lookup as (...args: unknown[]) => void)(hostname, options, callback)
    const count = dns.lookups.get(hostname) ?? 0
    dns.lookups.set(hostname, count + 1)
    const answer = answers[Math.min(count, answers.length - 1)]
    if (answer === 'ENOTFOUND') return process.nextTick(() => callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' })))
    const list = answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
    process.nextTick(() => ((options as { all?: boolean }).all ? callback(null, list) : callback(null, list[0].address, list[0].family)))
  }) as typeof real.lookup
  return { ...real, lookup, default: { ...real, lookup } }
})

let site: WebPages

beforeAll(async () => {
  site = await startWebPages()
})

afterAll(async () => {
  await site.close()
})

/** The real rules, except that the test site on 127.x counts as public. */
const testClassifier = (ip: string): 'public' | 'local' => (ip.startsWith('127.') ? 'public' : classifyAddress(ip))

function tool(options: Partial<ReadUrlOptions> = {}) {
  return createReadUrlTool({ allowLocalNetwork: () => false, classifyAddress: testClassifier, ...options })
}

const live = (): ToolCallContext => ({ signal: new AbortController().signal })

async function read(path: string, options: Partial<ReadUrlOptions> = {}): Promise<ToolResult> {
  return tool(options).call({ url: `${site.url}${path}` }, live())
}

describe('addressPolicy', () => {
  const cases: Array<[string, AddressKind]> = [
    // IPv4
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.15.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['192.169.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['100.127.255.255', 'shared (carrier-grade NAT)'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    // Proxies in fake-IP mode answer from 198.18/15: must stay readable.
    ['198.18.0.5', 'public'],
    // IPv6
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    // IPv4 inside IPv6
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:C0A8:0101', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    // Not an address: fail closed.
    ['localhost', 'invalid'],
    ['', 'invalid'],
    ['127.1', 'invalid']
  ]

  it.each(cases)('%s is %s', (ip, kind) => {
    expect(addressKind(ip)).toBe(kind)
    expect(classifyAddress(ip)).toBe(kind === 'public' ? 'public' : 'local')
  })

  it('sees through the odd IPv4 spellings the URL parser normalises', () => {
    for (const href of ['http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'http://127.1/', 'http://１２７.０.０.１/']) {
      expect(new URL(href).hostname, href).toBe('127.0.0.1')
    }
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]')
    expect(classifyAddress(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe('local')
  })
})

describe('read_url spec', () => {
  it('offers one read-only built-in tool taking a url', () => {
    const { spec } = tool()
    expect(spec).toMatchObject({ name: 'read_url', source: 'builtin', title: 'read_url', readOnly: true })
    expect(spec.description.length).toBeGreaterThan(100)
    expect(spec.parameters).toMatchObject({ type: 'object', properties: { url: { type: 'string' } }, required: ['url'] })
  })
})

describe('read_url pages', () => {
  it('turns an article into markdown with its title and URL, without nav, footer or scripts', async () => {
    const result = await read(PAGES.article)
    expect(result.isError).toBeUndefined()
    expect(result.format).toBe('markdown')
    expect(result.content.startsWith(`# ${TEXT.articleTitle}\n\nURL: ${site.url}${PAGES.article}\n\n`)).toBe(true)
    expect(result.content).toContain('## How the tide works')
    expect(result.content).toContain('The harbour is quiet in the early morning.')
    // Links and images made absolute; a javascript: link keeps only its text.
    expect(result.content).toContain(`[the tide tables](${site.url}/docs/tides?year=2025)`)
    expect(result.content).toContain(`![Boats at dawn](${site.url}/images/boats.jpg)`)
    expect(result.content).toContain('Do not follow this')
    expect(result.content).not.toContain('javascript:')
    expect(result.content).not.toContain(TEXT.nav)
    expect(result.content).not.toContain(TEXT.footer)
    expect(result.content).not.toContain('SCRIPT-RAN')
    expect(result.content).not.toContain('font-family')
    expect(result.sources).toEqual([{ title: TEXT.articleTitle, url: `${site.url}${PAGES.article}`, snippet: expect.stringContaining('harbour') }])
  })

  it('reads a gzip-compressed page and one sent without a Content-Type', async () => {
    for (const path of [PAGES.articleGzip, PAGES.articleNoType]) {
      const result = await read(path)
      expect(result.isError, path).toBeUndefined()
      expect(result.content, path).toContain('## How the tide works')
    }
  })

  it("falls back to the body's text when Readability finds no article", async () => {
    const result = await read(PAGES.appShell)
    expect(result.isError).toBeUndefined()
    expect(result.content).toBe(`# App\n\nURL: ${site.url}${PAGES.appShell}\n\n${TEXT.appShell}`)
  })

  it('stops reading a huge page at 5 MB and says it was cut', async () => {
    const result = await read(PAGES.huge)
    expect(result.isError).toBeUndefined()
    expect(result.content.startsWith(`# ${TEXT.hugeTitle}\n\nURL: ${site.url}${PAGES.huge}\n\n`)).toBe(true)
    expect(result.content).toContain('Paragraph 1. ')
    expect(result.content).toContain('[Only the first 5 MB of the page were downloaded; the rest was cut.]')
    expect(result.content).toContain('[The page continues')
    // 40 000 characters of page, then the two notes.
    expect(result.content.length).toBeLessThan(40_000 + 300)
    expect(result.content.length).toBeGreaterThan(30_000)
    // The client hung up: the server never got to send its 20 MB.
    expect(await site.closed(PAGES.huge)).toEqual({ complete: false })
  })

  it('refuses a page nested too deeply to parse in bounded time', async () => {
    const started = performance.now()
    expect(await read(PAGES.deep)).toEqual({
      isError: true,
      content: `${site.url}${PAGES.deep} could not be read: its HTML is nested more than ${MAX_SOURCE_DEPTH} levels deep.`
    })
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('cuts the markdown at maxChars with a note that the page continues', async () => {
    const result = await read(PAGES.article, { maxChars: 300 })
    const [page, note] = result.content.split('\n\n[')
    expect(page.length).toBeLessThanOrEqual(300)
    expect(page.startsWith(`# ${TEXT.articleTitle}\n\nURL: `)).toBe(true)
    expect(note).toMatch(/^The page continues/)
  })

  it('decodes GBK (header), GB2312 (meta charset) and Shift_JIS (http-equiv)', async () => {
    expect((await read(PAGES.gbk)).content).toContain(TEXT.gbk)
    expect((await read(PAGES.gbkMeta)).content).toContain(TEXT.gbk)
    expect((await read(PAGES.shiftJis)).content).toContain(TEXT.shiftJis)
  })

  it('chooses the charset as a browser does: BOM, header, meta, else UTF-8', () => {
    const meta = Buffer.from('<html><head><meta charset="gb18030"></head>')
    expect(chooseCharset(meta, undefined, true)).toBe('gb18030')
    expect(chooseCharset(meta, 'shift_jis', true)).toBe('shift_jis')
    expect(chooseCharset(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), meta]), 'gbk', true)).toBe('utf-8')
    expect(chooseCharset(meta, undefined, false)).toBe('utf-8')
    expect(chooseCharset(Buffer.from('<meta charset="no-such-charset">'), 'also-unknown', true)).toBe('utf-8')
    // "café ok" in windows-1252: not valid UTF-8.
    expect(chooseCharset(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), undefined, true)).toBe('windows-1252')
    // Cut in the middle of a UTF-8 character (at the byte limit): still UTF-8.
    expect(chooseCharset(Buffer.from('café').subarray(0, 4), undefined, true)).toBe('utf-8')
  })

  it('shows plain text as it is and JSON pretty-printed', async () => {
    const text = await read(PAGES.plain)
    expect(text.content).toBe(`# notes.txt\n\nURL: ${site.url}${PAGES.plain}\n\nLine one.\nLine two: plain text, kept as it is.`)
    const json = await read(PAGES.json)
    expect(json.content).toBe(`# data.json\n\nURL: ${site.url}${PAGES.json}\n\n\`\`\`json\n{\n  "name": "harbour",\n  "boats": 3,\n  "open": true\n}\n\`\`\``)
  })

  it('refuses a PDF and an image clearly', async () => {
    expect(await read(PAGES.pdf)).toEqual({ isError: true, content: `${site.url}${PAGES.pdf} is a PDF; reading PDFs is not supported yet.` })
    const image = await read(PAGES.png)
    expect(image.isError).toBe(true)
    expect(image.content).toContain('is an image (image/png)')
  })

  it('names the HTTP status of a 404 and a 503', async () => {
    expect(await read(PAGES.missing)).toEqual({ isError: true, content: `The server answered 404 Not Found for ${site.url}${PAGES.missing}.` })
    const down = await read(PAGES.serverError)
    expect(down.isError).toBe(true)
    expect(down.content).toContain('503')
  })
})

describe('read_url redirects', () => {
  it('follows a chain of relative redirects and reports the final URL', async () => {
    const result = await read(PAGES.redirect(3))
    expect(result.isError).toBeUndefined()
    expect(result.content).toContain(`URL: ${site.url}${PAGES.article}\n`)
    expect(result.sources?.[0].url).toBe(`${site.url}${PAGES.article}`)
  })

  it('gives up after 5 redirects', async () => {
    const result = await read(PAGES.redirect(6))
    expect(result.isError).toBe(true)
    expect(result.content).toContain('redirected more than 5 times')
  })

  it('refuses a redirect to a private address', async () => {
    const result = await read(PAGES.redirectPrivate)
    expect(result.isError).toBe(true)
    expect(result.content).toContain('redirected to http://192.168.1.1/')
    expect(result.content).toContain('Refused')
  })

  it('refuses a redirect to a file: URL', async () => {
    const result = await read(PAGES.redirectFile)
    expect(result.isError).toBe(true)
    expect(result.content).toContain('only opens http and https')
  })
})

describe('read_url address rules', () => {
  it('refuses loopback in every spelling before connecting (the real rules)', async () => {
    const port = new URL(site.url).port
    const connections = site.connections()
    const requests = site.requests.length
    const real = createReadUrlTool({ allowLocalNetwork: () => false })
    for (const url of [
      `${site.url}/article`,
      `http://localhost:${port}/article`,
      `http://2130706433:${port}/article`,
      `http://0x7f.1:${port}/article`,
      `http://[::ffff:127.0.0.1]:${port}/article`,
      `http://[::1]:${port}/article`,
      `127.0.0.1:${port}/article`
    ]) {
      const result = await real.call({ url }, live())
      expect(result.isError, url).toBe(true)
      expect(result.content, url).toMatch(/^Refused to open .*loopback address.*turned off in the settings\.$/)
    }
    expect(site.connections()).toBe(connections)
    expect(site.requests.length).toBe(requests)
  })

  it('connects to the address it checked: a second DNS answer (rebinding) is never asked for', async () => {
    // First answer public (127.x counts as public here), any later one private.
    dns.answers.set('rebind.test', [['127.0.0.1'], ['192.168.1.1']])
    const port = new URL(site.url).port
    const result = await tool().call({ url: `http://rebind.test:${port}${PAGES.article}` }, live())
    expect(result.isError).toBeUndefined()
    expect(result.content).toContain(`URL: http://rebind.test:${port}${PAGES.article}\n`)
    expect(dns.lookups.get('rebind.test')).toBe(1)
  })

  it('refuses a name when any of its addresses is local', async () => {
    dns.answers.set('mixed.test', [['127.0.0.1', '10.0.0.7']])
    const result = await tool().call({ url: 'http://mixed.test/' }, live())
    expect(result.isError).toBe(true)
    expect(result.content).toContain('mixed.test resolves to 10.0.0.7')
  })

  it('says so when a name has no address', async () => {
    dns.answers.set('nowhere.test', ['ENOTFOUND'])
    const result = await tool().call({ url: 'https://nowhere.test/page' }, live())
    expect(result).toEqual({ isError: true, content: 'No address was found for nowhere.test (DNS lookup failed: ENOTFOUND). Check the address.' })
  })

  it('reads local pages when the user allows it, asking the setting on every call', async () => {
    let allowed = true
    const real = createReadUrlTool({ allowLocalNetwork: () => allowed })
    expect((await real.call({ url: `${site.url}${PAGES.article}` }, live())).isError).toBeUndefined()
    allowed = false
    expect((await real.call({ url: `${site.url}${PAGES.article}` }, live())).isError).toBe(true)
  })

  it('refuses every scheme but http and https', async () => {
    const requests = site.requests.length
    for (const url of ['file:///etc/passwd', 'data:text/html,<p>hi</p>', 'javascript:alert(1)', 'ftp://example.com/file', 'ws://example.com/']) {
      const result = await tool().call({ url }, live())
      expect(result.isError, url).toBe(true)
      expect(result.content, url).toContain('only opens http and https')
    }
    expect(site.requests.length).toBe(requests)
  })

  it('answers a missing or malformed url with an error result', async () => {
    expect((await tool().call({}, live())).content).toContain('needs a "url" argument')
    expect((await tool().call({ url: 42 }, live())).isError).toBe(true)
    expect((await tool().call({ url: 'not a url at all' }, live())).content).toContain('is not a valid URL')
  })
})

describe('read_url time limit and Stop', () => {
  it('ends a page that never finishes with a timeout error after about timeoutMs', async () => {
    const path = `${PAGES.slow}?case=timeout`
    const started = performance.now()
    const result = await read(path, { timeoutMs: 300 })
    const elapsed = performance.now() - started
    expect(result).toEqual({ isError: true, content: `${site.url}${path} did not finish loading within 300 ms; gave up.` })
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(2_000)
    expect(await site.closed(path)).toEqual({ complete: false })
  })

  it('leaves no timer running after a call that finished in time', async () => {
    // Only the global timer functions are faked (Node's sockets use their own), so the count is ours.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      expect((await read(PAGES.article, { timeoutMs: 60_000 })).isError).toBeUndefined()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('ends at once when the user presses Stop', async () => {
    const path = `${PAGES.slow}?case=stop`
    const stop = new AbortController()
    const pending = tool().call({ url: `${site.url}${path}` }, { signal: stop.signal })
    await site.requested(path)
    const stopped = performance.now()
    stop.abort()
    const result = await pending
    expect(performance.now() - stopped).toBeLessThan(100)
    expect(result).toEqual({ isError: true, content: `Stopped before ${site.url}${path} was read.` })
    expect(await site.closed(path)).toEqual({ complete: false })
  })

  it('does not start when Stop was already pressed', async () => {
    const requests = site.requests.length
    const stop = new AbortController()
    stop.abort()
    const result = await tool().call({ url: `${site.url}${PAGES.article}` }, { signal: stop.signal })
    expect(result.isError).toBe(true)
    expect(result.content).toMatch(/^Stopped/)
    expect(site.requests.length).toBe(requests)
  })
})

describe('stripRawText', () => {
  it('drops script, style and svg contents and comments, keeps JSON-LD and the text around them', () => {
    const html =
      '<p>a</p><script>var x = "</p>"</script><p>b</p><!-- hidden --><STYLE type="text/css">p{}</STYLE>' +
      '<script type="application/ld+json">{"headline":"H"}</script><!--><p>c</p><svg viewBox="0 0 1 1"><path d="M0"/></svg><p>d</p>'
    expect(stripRawText(html)).toBe(
      '<p>a</p><script></script><p>b</p><STYLE type="text/css"></STYLE><script type="application/ld+json">{"headline":"H"}</script><p>c</p><svg viewBox="0 0 1 1"></svg><p>d</p>'
    )
  })

  it('leaves an unclosed script or comment to the real parser', () => {
    expect(stripRawText('<p>a</p><script>x</script><p>b</p><script>never closed <p>c</p>')).toBe('<p>a</p><script></script><p>b</p><script>never closed <p>c</p>')
    expect(stripRawText('<p>a</p><!-- never closed <p>b</p>')).toBe('<p>a</p><!-- never closed <p>b</p>')
    expect(stripRawText('<p>no raw text here</p>')).toBe('<p>no raw text here</p>')
  })

  it('scans a page full of unclosed openings in linear time', () => {
    const hostile = '<p>x</p>'.concat('<script type="application/ld+json">x'.repeat(100_000))
    const started = performance.now()
    expect(stripRawText(hostile)).toBe(hostile)
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})

describe('estimateDepth', () => {
  it('counts open elements, closing up to the element an end tag names', () => {
    expect(estimateDepth('<div><span><b>x</b></span></div>')).toBe(3)
    expect(estimateDepth('<div><span>x</div><div>y</div>')).toBe(2)
    expect(estimateDepth('<div>'.repeat(600))).toBe(600)
  })

  it('ignores stray end tags, void elements and elements the parser closes by itself', () => {
    expect(estimateDepth('<div></span>'.repeat(1000))).toBe(1000)
    expect(estimateDepth('<p>one<p>two<li>three<br><img src=x><td>four'.repeat(1000))).toBe(0)
  })
})
