/** Update timing, each value with its why. */

/** The first automatic check waits this long after start: the app's own start comes first. */
export const START_DELAY_MS = 30_000
/** Then once a day: releases are rare, and an app left open for weeks still hears of them. */
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000
/** After a failed automatic check (offline, GitHub down), the next try: soon, but not a busy loop. */
export const RETRY_AFTER_ERROR_MS = 60 * 60 * 1000
