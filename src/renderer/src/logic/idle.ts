/** Runs `cb` when the page is idle (at the latest after `timeoutMs`); a timer where idle callbacks do not exist (jsdom). */
export type Idle = (cb: () => void) => void

export function whenIdle(cb: () => void, timeoutMs = 2000): void {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback
  if (ric) ric(cb, { timeout: timeoutMs })
  else setTimeout(cb, 50)
}
