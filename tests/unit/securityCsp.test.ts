import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src/main/security/csp'

const PRODUCTION =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

describe('content security policy', () => {
  it('is the strict policy in production', () => {
    expect(contentSecurityPolicy()).toBe(PRODUCTION)
    // WebAssembly compilation only (Silero VAD): never JavaScript eval.
    expect(contentSecurityPolicy()).not.toMatch(/(?<!wasm-)unsafe-eval/)
    expect(contentSecurityPolicy()).toMatch(/script-src 'self' 'wasm-unsafe-eval';/)
    expect(contentSecurityPolicy()).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it('adds only the HMR socket of the dev server in development', () => {
    const dev = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' })
    expect(dev).toBe(PRODUCTION.replace("connect-src 'self'", "connect-src 'self' ws://localhost:5173"))
    expect(contentSecurityPolicy({ devServerOrigin: 'https://127.0.0.1:5173' })).toContain("connect-src 'self' wss://127.0.0.1:5173;")
  })

  it("adds vite's per-session nonce to script-src in development only", () => {
    const nonce = 'Hmn2oRLAh1umlJ8GRveZncfq'
    const dev = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173', devScriptNonce: nonce })
    expect(dev).toContain(`script-src 'self' 'wasm-unsafe-eval' 'nonce-${nonce}';`)
    expect(dev).toContain("style-src 'self' 'unsafe-inline';") // a nonce in style-src would disable 'unsafe-inline'
    expect(contentSecurityPolicy({ devScriptNonce: nonce } as never)).toBe(PRODUCTION)
    for (const bad of ["x'; script-src *", 'short', 'a b c d e f g h i j k l m n']) {
      expect(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173', devScriptNonce: bad })).toContain("script-src 'self' 'wasm-unsafe-eval';")
    }
  })

  it.each(['index.html', 'companion.html'])('agrees with the meta tag of src/renderer/%s (which cannot carry frame-ancestors)', (page) => {
    const html = readFileSync(new URL(`../../src/renderer/${page}`, import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const directives = (policy: string) =>
      new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d] as const))
    const header = directives(PRODUCTION)
    for (const [name, directive] of directives(meta!)) expect(header.get(name)).toBe(directive)
  })
})
