/**
 * Debian's Chromium and the flags every test, bench and script launches it with: Playwright
 * never downloads its own browsers (the system's Chromium is what the tests install or name, see
 * tests/support/systemPackages.ts); no GPU, no QUIC, no background traffic.
 * OMNIDESK_CHROMIUM points at another Chromium binary (e.g. where Chromium is a snap).
 */
export const CHROMIUM_PATH = process.env.OMNIDESK_CHROMIUM || '/usr/lib/chromium/chromium'

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
