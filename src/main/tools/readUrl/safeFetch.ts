/**
 * Fetching a URL for read_url under the rules of a security boundary: the URL comes from the
 * model, which may be repeating a prompt injection from an earlier page.
 *
 *   - http and https only;
 *   - every host is resolved here, every address checked (addressPolicy), and the connection is
 *     made to exactly the checked addresses (a `lookup` that returns them), so a DNS server that
 *     answers "public" to the check and "127.0.0.1" to the connection (DNS rebinding) gets nowhere;
 *   - redirects are followed by hand, each target checked by the same rules;
 *   - no cookies, no credentials, a fresh connection per request (no shared keep-alive pool);
 *   - the body is read up to a byte limit, after decompression, so a small gzip bomb cannot fill memory.
 *
 * Node's http rather than fetch(): fetch (undici) has no per-request way to pin the address it
 * connects to, and it follows redirects without letting us check each target first.
 *
 * Failures the model should hear about are thrown as PageError (a sentence it can relay).
 * Abort (Stop or the time limit) rejects with the signal's reason; the caller words that.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { isIP } from 'node:net'
import type { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { addressKind, ipLiteral, type AddressClass } from './addressPolicy'
import { PageError } from './pageError'

export interface FetchRules {
  /** Read at each check, so a change of the setting applies to the next hop already. */
  allowLocalNetwork: () => boolean
  classifyAddress: (ip: string) => AddressClass
  /** True when classifyAddress is the real rule set, so messages may name the kind of address. */
  realClassifier: boolean
  maxRedirects: number
  signal: AbortSignal
}

/** A response whose headers have arrived and whose body has not been read yet. */
export interface OpenedPage {
  /** The URL that answered, after redirects (credentials removed). */
  url: string
  status: number
  /** The media type, lower case, without parameters ('' when the server sent none). */
  mime: string
  /** The charset parameter of Content-Type, if any. */
  charset?: string
  /** Reads the body (decompressed) up to maxBytes; `truncated` when there was more. */
  read(maxBytes: number): Promise<{ body: Buffer; truncated: boolean }>
  /** Drops the connection without reading (idempotent; also fine after read). */
  discard(): void
}

/**
 * A desktop browser's User-Agent: some sites answer unknown agents with an error page or a
 * "please enable JavaScript" stub, and the user asked the assistant to read the page as they would.
 */
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'
const HEADERS = {
  'User-Agent': USER_AGENT,
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,application/json;q=0.8,*/*;q=0.5',
  // zstd is left out: Node 20 has no decoder for it.
  'Accept-Encoding': 'gzip, deflate, br'
}
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Opens `input`, following up to rules.maxRedirects redirects. Throws PageError for a refusal or an HTTP error. */
export async function openPage(input: URL, rules: FetchRules): Promise<OpenedPage> {
  let current = withoutCredentials(input)
  const chain: string[] = []
  for (;;) {
    let addresses: LookupAddress[]
    try {
      addresses = await checkTarget(current, rules)
    } catch (err) {
      // Say which redirect led there: the model asked for something else.
      if (err instanceof PageError && chain.length > 0) throw new PageError(`${chain[0]} redirected to ${current.href}. ${err.message}`)
      throw err
    }
    const res = await request(current, addresses, rules.signal)
    const status = res.statusCode ?? 0
    const location = res.headers.location
    if (REDIRECTS.has(status) && location) {
      res.destroy()
      chain.push(current.href)
      if (chain.length > rules.maxRedirects) {
        throw new PageError(`${chain[0]} redirected more than ${rules.maxRedirects} times (last to ${location.slice(0, 200)}); gave up.`)
      }
      try {
        current = withoutCredentials(new URL(location, current))
      } catch {
        throw new PageError(`${current.href} redirected to an address that is not a valid URL: ${location.slice(0, 200)}`)
      }
      continue
    }
    if (status < 200 || status >= 300) {
      res.destroy()
      // The standard wording first: the server's own reason phrase is its text, not ours.
      const text = http.STATUS_CODES[status] || (res.statusMessage ?? '').slice(0, 100)
      throw new PageError(`The server answered ${status}${text ? ` ${text}` : ''} for ${current.href}${status >= 400 ? '' : ' (not a page read_url can show)'}.`)
    }
    return opened(current, res, rules.signal)
  }
}

/** Credentials in a URL would be sent as Basic auth; the model has no business sending any. */
function withoutCredentials(url: URL): URL {
  if (!url.username && !url.password) return url
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy
}

/** The scheme and the addresses of one hop; returns the addresses to connect to. */
async function checkTarget(url: URL, rules: FetchRules): Promise<LookupAddress[]> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PageError(`read_url only opens http and https addresses; ${url.href.slice(0, 200)} is a ${url.protocol} address.`)
  }
  const literal = ipLiteral(url.hostname)
  const addresses = literal ? [{ address: literal, family: isIP(literal) }] : await resolve(url.hostname, rules.signal)
  if (!rules.allowLocalNetwork()) {
    // Any local address refuses the whole host: connecting only to the public ones would be safe
    // too, but a name that mixes both is odd enough to be worth refusing plainly.
    const local = addresses.find((a) => rules.classifyAddress(a.address) === 'local')
    if (local) {
      const what = rules.realClassifier ? `a ${addressKind(local.address)} address` : 'a local-network address'
      const where = literal ? `${local.address} is ${what}` : `${url.hostname} resolves to ${local.address}, ${what}`
      throw new PageError(
        `Refused to open ${url.href}: ${where}. Reading pages on the user's own computer or local network is turned off in the settings.`
      )
    }
  }
  return addresses
}

/** All addresses of a name (what getaddrinfo gives, as the OS would use: hosts file, system DNS). */
function resolve(hostname: string, signal: AbortSignal): Promise<LookupAddress[]> {
  return untilAborted(
    new Promise<LookupAddress[]>((done, fail) => {
      dnsLookup(hostname, { all: true }, (err, addresses) => {
        if (!err && addresses.length > 0) return done(addresses)
        const code = err?.code ?? 'ENOTFOUND'
        fail(new PageError(`No address was found for ${hostname} (DNS lookup failed: ${code}). Check the address.`))
      })
    }),
    signal
  )
}

/** A `lookup` for http.request that only ever hands out the addresses that were checked. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0)
    const usable = family ? addresses.filter((a) => a.family === family) : addresses
    if (usable.length === 0) {
      const err: NodeJS.ErrnoException = Object.assign(new Error(`no IPv${family} address`), { code: 'ENOTFOUND' })
      return callback(err, '', 0)
    }
    // Node asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily), else for one.
    if (options.all) callback(null, usable)
    else callback(null, usable[0].address, usable[0].family)
  }
}

/** One GET, resolved when the response headers arrive. */
function request(url: URL, addresses: LookupAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  signal.throwIfAborted()
  const client = url.protocol === 'https:' ? https : http
  return new Promise<IncomingMessage>((done, fail) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: ipLiteral(url.hostname) ?? url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: HEADERS,
        // No agent: no shared pool, so no socket (and no cookie-less but reused connection to a
        // host checked under other rules) outlives the call.
        agent: false,
        lookup: pinnedLookup(addresses),
        signal
      },
      done
    )
    req.on('error', (err) => fail(signal.aborted ? abortReason(signal) : networkError(err, url)))
    req.end()
  })
}

function opened(url: URL, res: IncomingMessage, signal: AbortSignal): OpenedPage {
  const type = res.headers['content-type'] ?? ''
  const mime = type.split(';')[0].trim().toLowerCase()
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]
  // Until read() listens, a socket error would be an 'error' event with no listener (a crash).
  res.on('error', () => {})
  let done = false
  const discard = (): void => {
    done = true
    res.destroy()
  }
  return {
    url: url.href,
    status: res.statusCode ?? 0,
    mime,
    charset,
    discard,
    async read(maxBytes) {
      if (done) throw new Error('read_url: the body was already read or discarded')
      try {
        return await readBody(res, maxBytes, signal, url)
      } finally {
        discard()
      }
    }
  }
}

/** The decoder for Content-Encoding, or undefined for none. */
function decoderFor(encoding: string | undefined, url: URL): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  const name = (encoding ?? '').trim().toLowerCase()
  if (name === '' || name === 'identity') return undefined
  if (name === 'gzip' || name === 'x-gzip') return zlib.createGunzip()
  if (name === 'deflate') return zlib.createInflate()
  if (name === 'br') return zlib.createBrotliDecompress()
  throw new PageError(`${url.href} was sent with an encoding read_url cannot decode (${name.slice(0, 40)}).`)
}

/**
 * Reads until the end or maxBytes (counted after decompression). At the limit it keeps what
 * arrived and drops the connection: a long page's start is still worth reading.
 */
async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal, url: URL): Promise<{ body: Buffer; truncated: boolean }> {
  const decoder = decoderFor(res.headers['content-encoding'], url)
  const source: Readable = decoder ? res.pipe(decoder) : res
  if (decoder) res.on('error', (err) => decoder.destroy(err))
  // Stop must end the read at once, whatever state the socket is in.
  const onAbort = (): void => {
    source.destroy(abortReason(signal))
    res.destroy()
  }
  signal.addEventListener('abort', onAbort, { once: true })
  const chunks: Buffer[] = []
  let size = 0
  let truncated = false
  try {
    signal.throwIfAborted()
    for await (const chunk of source) {
      const buf = chunk as Buffer
      if (size + buf.length > maxBytes) {
        chunks.push(buf.subarray(0, maxBytes - size))
        size = maxBytes
        truncated = true
        break
      }
      chunks.push(buf)
      size += buf.length
    }
  } catch (err) {
    if (signal.aborted) throw abortReason(signal)
    throw networkError(err, url)
  } finally {
    signal.removeEventListener('abort', onAbort)
    source.destroy()
    res.destroy()
  }
  return { body: Buffer.concat(chunks, size), truncated }
}

/** Resolves or rejects with `promise`, or rejects with the abort reason as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal))
  return new Promise<T>((done, fail) => {
    const onAbort = (): void => fail(abortReason(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        done(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        fail(err)
      }
    )
  })
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError')
}

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/

/**
 * A socket, TLS, HTTP-parser or zlib error as a sentence for the model. Errors without a code are
 * not the page's doing: they are rethrown as they are (a bug to see, not a page to report).
 */
function networkError(err: unknown, url: URL): Error {
  if (err instanceof PageError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (typeof code !== 'string') return err instanceof Error ? err : new Error(String(err))
  const host = url.host
  if (code === 'ECONNREFUSED') return new PageError(`${host} refused the connection (nothing is listening there).`)
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return new PageError(`The connection to ${host} was closed before the page arrived.`)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new PageError(`No address was found for ${url.hostname} (${code}).`)
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new PageError(`${host} could not be reached (${code}).`)
  if (TLS_CODES.test(code)) return new PageError(`The HTTPS certificate of ${host} is not trusted (${code}); the page was not read.`)
  if (code.startsWith('HPE_')) return new PageError(`${host} sent a response that is not valid HTTP (${code}).`)
  if (code.startsWith('Z_') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED') return new PageError(`The compressed page from ${host} is corrupt (${code}).`)
  return new PageError(`Could not read ${url.href}: ${(err as Error).message} (${code}).`)
}
