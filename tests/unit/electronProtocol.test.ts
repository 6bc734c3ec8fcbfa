/**
 * The app:// handler with the file read done by plain fs (Electron uses net.fetch on a file://
 * URL): serves the renderer's files with the CSP header, refuses traversal and other methods.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppProtocolHandler } from '../../src/main/app/appProtocolHandler'
import { contentSecurityPolicy } from '../../src/main/security/csp'

let base: string
let root: string
let handler: (request: Request) => Promise<Response>
const fetched: string[] = []

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'omnidesk-protocol-'))
  root = path.join(base, 'out', 'renderer')
  mkdirSync(path.join(root, 'assets'), { recursive: true })
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>')
  writeFileSync(path.join(root, 'assets', 'index.js'), 'console.log(1)')
  writeFileSync(path.join(base, 'secret.txt'), 'do not serve')
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' }
  handler = createAppProtocolHandler({
    rootDir: root,
    csp: contentSecurityPolicy(),
    fetchFile: async (fileUrl) => {
      fetched.push(fileUrl)
      const file = fileURLToPath(fileUrl)
      try {
        return new Response(readFileSync(file), { headers: { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' } })
      } catch {
        throw new Error('net::ERR_FILE_NOT_FOUND')
      }
    }
  })
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('app:// protocol handler', () => {
  it('serves index.html with the CSP and nosniff headers', async () => {
    const response = await handler(new Request('app://omnidesk/'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<div id="root">')
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('serves assets', async () => {
    const response = await handler(new Request('app://omnidesk/assets/index.js'))
    expect(await response.text()).toBe('console.log(1)')
  })

  it('answers 404 for a missing file, still with the CSP', async () => {
    const response = await handler(new Request('app://omnidesk/nope.js'))
    expect(response.status).toBe(404)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
  })

  it('never reads outside the renderer folder', async () => {
    fetched.length = 0
    for (const url of ['app://omnidesk/..%2f..%2fsecret.txt', 'app://omnidesk/../../secret.txt', 'app://omnidesk/%2e%2e/%2e%2e/secret.txt']) {
      const response = await handler(new Request(url))
      expect(response.status).not.toBe(200)
    }
    expect(fetched.every((u) => fileURLToPath(u).startsWith(root + path.sep))).toBe(true)
  })

  it('refuses other hosts and methods', async () => {
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404)
    expect((await handler(new Request('app://omnidesk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405)
    const head = await handler(new Request('app://omnidesk/index.html', { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})
