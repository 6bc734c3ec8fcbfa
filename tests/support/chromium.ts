/**
 * Debian's Chromium and the flags every test, bench and script launches it with (DESIGN.md:
 * Playwright never downloads its own browsers here; no GPU, no QUIC, no background traffic).
 */
export const CHROMIUM_PATH = '/usr/lib/chromium/chromium'

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
