/**
 * The Content-Security-Policy of every window. Pure, no electron import.
 *
 * The same policy is sent as a response header (by the app:// handler in production, by a
 * webRequest hook for the dev server) and written as a meta tag in src/renderer/index.html;
 * the header is the one that counts, and it also carries `frame-ancestors`, which browsers
 * ignore in a meta tag.
 */

export const PRODUCTION_CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  // 'wasm-unsafe-eval' compiles WebAssembly (the Silero voice-activity model's runtime, bundled
  // and served from our origin); it allows no eval() or new Function() of JavaScript.
  ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
  // React and the markdown renderer set style attributes; scripts stay strict.
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'", 'data:']],
  // Providers are called from main, never from the page.
  ['connect-src', ["'self'"]],
  ['media-src', ["'self'", 'blob:']],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['frame-ancestors', ["'none'"]]
]

function serialise(directives: ReadonlyArray<readonly [string, readonly string[]]>): string {
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}

/** CSP nonce grammar (base64 / base64url); anything else is dropped rather than put in a header. */
const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/

/**
 * The policy for production, or for development when `devServerOrigin` is given. Dev only:
 * - connect-src gets the vite dev server's HMR socket (ws:// on the same host and port);
 * - script-src gets the per-session nonce that vite puts on the scripts it injects inline into
 *   index.html (the React Fast Refresh preamble), which 'self' alone would block.
 */
export function contentSecurityPolicy(opts: { devServerOrigin?: string; devScriptNonce?: string } = {}): string {
  if (!opts.devServerOrigin) return serialise(PRODUCTION_CSP_DIRECTIVES)
  const dev = new URL(opts.devServerOrigin)
  const hmrSocket = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`
  const nonce = opts.devScriptNonce && NONCE_PATTERN.test(opts.devScriptNonce) ? `'nonce-${opts.devScriptNonce}'` : undefined
  return serialise(
    PRODUCTION_CSP_DIRECTIVES.map(([name, sources]) => {
      if (name === 'connect-src') return [name, [...sources, hmrSocket]] as const
      if (name === 'script-src' && nonce) return [name, [...sources, nonce]] as const
      return [name, sources] as const
    })
  )
}
