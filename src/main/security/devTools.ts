/**
 * Whether our windows may open DevTools. Pure, no electron import.
 *
 * A packaged app has none: its console reaches window.omnidesk, and "paste this into the
 * console to unlock a feature" is an old trick against users. Someone debugging a packaged
 * build on purpose starts it with `--omnidesk-debug` (or OMNIDESK_DEBUG=1); development builds
 * always have them.
 */
export const DEBUG_SWITCH = '--omnidesk-debug'

export function devToolsAllowed(opts: { isPackaged: boolean; argv: readonly string[]; env: Readonly<Record<string, string | undefined>> }): boolean {
  if (!opts.isPackaged) return true
  return opts.argv.includes(DEBUG_SWITCH) || opts.env.OMNIDESK_DEBUG === '1'
}
