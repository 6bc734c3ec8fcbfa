/**
 * A small local web site for read_url's tests (unit now, E2E later): one page per case the tool
 * must handle. Plain node:http on 127.0.0.1 and a free port; no timers anywhere, so a page that
 * never finishes ends exactly when the client gives up, and close() leaves nothing running.
 *
 * Tests that fetch from it through the real address rules must treat 127.0.0.1 as public
 * (read_url's `classifyAddress` option), since loopback is refused by default.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'

export interface WebPages {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string
  /** Paths (with query) requested so far, in order. */
  requests: string[]
  /** TCP connections accepted so far (a refused-before-connecting check reads this). */
  connections(): number
  /** Resolves once a request for `path` has arrived (at once if one already has). */
  requested(path: string): Promise<void>
  /**
   * Resolves once the response to a request for `path` has closed: `complete` when it was sent
   * in full, false when the client hung up first.
   */
  closed(path: string): Promise<{ complete: boolean }>
  close(): Promise<void>
}

/** The paths, for tests to name (anything else is a 404). */
export const PAGES = {
  article: '/article',
  articleGzip: '/article-gzip',
  /** The article without a Content-Type header (sniffed). */
  articleNoType: '/article-no-type',
  /** A script-only app shell: Readability finds no article, the body's text (a noscript) is used. */
  appShell: '/app-shell',
  /** 100 000 nested divs: refused before parsing (it would take the parser and Readability minutes). */
  deep: '/deep',
  /** 20 MB of HTML, streamed with backpressure (more than socket buffers hold, so a reader that stops early is seen). */
  huge: '/huge',
  /** 302 → http://192.168.1.1/ */
  redirectPrivate: '/redirect-private',
  /** 302 → file:///etc/passwd */
  redirectFile: '/redirect-file',
  /** /redirect/<n> redirects n times (relative Location), then lands on the article. */
  redirect: (n: number) => `/redirect/${n}`,
  /** Headers and the start of a body, then nothing, until the client gives up. Any query string is ignored (one per test). */
  slow: '/slow',
  /** GBK bytes, charset in the Content-Type header. */
  gbk: '/gbk',
  /** GB2312 (decoded as GBK) declared only by <meta charset>. */
  gbkMeta: '/gbk-meta',
  /** Shift_JIS declared only by <meta http-equiv="Content-Type">. */
  shiftJis: '/shift-jis',
  pdf: '/doc.pdf',
  png: '/image.png',
  plain: '/notes.txt',
  json: '/data.json',
  missing: '/missing',
  serverError: '/server-error'
} as const

/** Text the tests look for. */
export const TEXT = {
  articleTitle: 'The Quiet Harbour',
  nav: 'NAVIGATION-LINK-TEXT',
  footer: 'FOOTER-TEXT-TO-DROP',
  /** Decoded text of the GBK pages: "Hello, world". */
  gbk: '你好，世界',
  /** Decoded text of the Shift_JIS page: "Japanese". */
  shiftJis: '日本語',
  hugeTitle: 'A Very Long Page',
  appShell: 'You need to enable JavaScript to run this app.'
} as const

const HUGE_BYTES = 20 * 1024 * 1024

const paragraph = (n: number): string =>
  `<p>Paragraph ${n}. The harbour master keeps a log of every boat that comes in on the evening tide, ` +
  `noting its name, its home port and the weather it met on the way; the log goes back more than a century.</p>\n`

const ARTICLE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${TEXT.articleTitle}</title>
  <style>body { font-family: serif }</style>
  <script>window.__ran = true; document.write('SCRIPT-RAN')</script>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">${TEXT.nav}</a></nav></header>
  <main>
    <article>
      <h1>${TEXT.articleTitle}</h1>
      <p>The harbour is quiet in the early morning. Fishing boats rest against the wall, their ropes slack,
      and the only sound is the water moving under the pier. Gulls wait on the lamp posts for the first catch.</p>
      <h2>How the tide works</h2>
      <p>Twice a day the sea comes in and goes out again. The harbour master publishes
      <a href="/docs/tides?year=2025">the tide tables</a> every spring, and every skipper keeps a copy in the wheelhouse.
      A boat that misjudges the tide sits on the mud until the water returns, which is a long and embarrassing wait.</p>
      <img src="images/boats.jpg" alt="Boats at dawn">
      <h2>Who lives here</h2>
      <p>About four hundred people live around the harbour. Most of them work on the water or in the fish market,
      and a few run the cafés that fill with walkers at the weekend. <a href="javascript:alert(1)">Do not follow this</a>.</p>
      <p>In winter the storms close the harbour for days at a time, and the town waits for the wind to drop.</p>
    </article>
  </main>
  <footer><p>${TEXT.footer} — copyright the harbour society</p></footer>
</body>
</html>
`

const APP_SHELL = `<!doctype html><html><head><title>App</title><script src="/app.js"></script></head>
<body><noscript>${TEXT.appShell}</noscript><div id="root"></div></body></html>`

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

/** "你好，世界" in GBK. */
const GBK_BYTES = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7])
/** "日本語" in Shift_JIS. */
const SJIS_BYTES = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea])

const htmlWith = (head: string, text: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`<!doctype html><html><head>${head}<title>Charset</title></head><body><article><p>`),
    text,
    Buffer.from('</p></article></body></html>')
  ])

function send(res: ServerResponse, status: number, type: string | undefined, body: string | Buffer, extra: Record<string, string> = {}): void {
  const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body), ...extra }
  if (type) headers['Content-Type'] = type
  res.writeHead(status, headers)
  res.end(body)
}

/** Writes HUGE_BYTES of paragraphs, waiting for 'drain' whenever the socket is full; stops if the client leaves. */
function streamHuge(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
  let sent = 0
  let n = 0
  const head = `<!doctype html><html><head><title>${TEXT.hugeTitle}</title></head><body><article><h1>${TEXT.hugeTitle}</h1>\n`
  res.write(head)
  sent += head.length
  const pump = (): void => {
    while (sent < HUGE_BYTES && !res.destroyed) {
      let chunk = ''
      while (chunk.length < 64 * 1024) chunk += paragraph(++n)
      sent += chunk.length
      if (!res.write(chunk)) {
        res.once('drain', pump)
        return
      }
    }
    if (!res.destroyed) res.end('</article></body></html>')
  }
  pump()
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  const redirect = /^\/redirect\/(\d+)$/.exec(path)
  if (redirect) {
    const n = Number(redirect[1])
    // Relative Locations: the client must resolve them against the current URL.
    res.writeHead(302, { Location: n > 1 ? `${n - 1}` : '../article', 'Content-Length': 0 })
    res.end()
    return
  }
  switch (path) {
    case PAGES.article:
      return send(res, 200, 'text/html; charset=utf-8', ARTICLE)
    case PAGES.articleGzip:
      return send(res, 200, 'text/html; charset=utf-8', gzipSync(ARTICLE), { 'Content-Encoding': 'gzip' })
    case PAGES.articleNoType:
      return send(res, 200, undefined, ARTICLE)
    case PAGES.appShell:
      return send(res, 200, 'text/html', APP_SHELL)
    case PAGES.huge:
      return streamHuge(res)
    case PAGES.deep:
      return send(res, 200, 'text/html', `<!doctype html><title>Deep</title><body>${'<div>'.repeat(100_000)}bottom</body>`)
    case PAGES.redirectPrivate:
      return send(res, 302, 'text/plain', 'moved', { Location: 'http://192.168.1.1/' })
    case PAGES.redirectFile:
      return send(res, 302, 'text/plain', 'moved', { Location: 'file:///etc/passwd' })
    case PAGES.slow:
      // Never ends: the client's time limit or Stop is what closes this response.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.write('<!doctype html><html><head><title>Slow</title></head><body><p>Loading')
      return
    case PAGES.gbk:
      return send(res, 200, 'text/html; charset=GBK', htmlWith('', GBK_BYTES))
    case PAGES.gbkMeta:
      return send(res, 200, 'text/html', htmlWith('<meta charset="gb2312">', GBK_BYTES))
    case PAGES.shiftJis:
      return send(res, 200, 'text/html', htmlWith('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', SJIS_BYTES))
    case PAGES.pdf:
      return send(res, 200, 'application/pdf', PDF)
    case PAGES.png:
      return send(res, 200, 'image/png', PNG)
    case PAGES.plain:
      return send(res, 200, 'text/plain; charset=utf-8', 'Line one.\nLine two: plain text, kept as it is.\n')
    case PAGES.json:
      return send(res, 200, 'application/json', '{"name":"harbour","boats":3,"open":true}')
    case PAGES.serverError:
      return send(res, 503, 'text/html', '<h1>Down for maintenance</h1>')
    default:
      return send(res, 404, 'text/html', '<!doctype html><title>Not found</title><h1>Not found</h1>')
  }
}

/** Starts the site; call close() when done. */
export async function startWebPages(): Promise<WebPages> {
  const requests: string[] = []
  const closedPaths: string[] = []
  const complete = new Map<string, boolean>()
  const waiters: Array<{ list: string[]; path: string; resolve: () => void }> = []
  let connections = 0
  const settle = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.list.includes(waiter.path)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  }
  const waitIn = (list: string[], path: string): Promise<void> =>
    new Promise((resolve) => {
      waiters.push({ list, path, resolve })
      settle()
    })

  const server = http.createServer((req, res) => {
    const path = req.url ?? '/'
    requests.push(path)
    res.on('close', () => {
      complete.set(path, res.writableFinished)
      closedPaths.push(path)
      settle()
    })
    route(req, res)
    settle()
  })
  server.on('connection', () => {
    connections += 1
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    requested: (path) => waitIn(requests, path),
    closed: async (path) => {
      await waitIn(closedPaths, path)
      return { complete: complete.get(path) ?? false }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Open responses (the slow page) would keep close() waiting forever.
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      })
  }
}
