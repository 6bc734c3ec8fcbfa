/** The companion window's size limits (DIP), known to main (placement) and the page (before the first show says). */
export const COMPANION_WIDTH = 680
/** Never shorter than this. */
export const COMPANION_MIN_HEIGHT = 96
/** A first guess for a new chat (the bar and the composer) until the page reports its height. */
export const COMPANION_EMPTY_HEIGHT = 120
/** Never taller than this, even on a tall display; the answer scrolls inside past it. */
export const COMPANION_MAX_HEIGHT = 720
