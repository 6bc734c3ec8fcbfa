/**
 * Where the companion appears: near the top centre of the display under the mouse pointer.
 * Pure (no electron): the Electron glue passes screen.getAllDisplays() and the cursor in.
 *
 * Everything is in DIP (device-independent pixels), Electron's screen coordinates:
 * - displays left of or above the primary one have negative x / y; nothing here clamps to 0;
 * - a point between displays (gaps in mixed-DPI layouts on Windows) goes to the nearest one;
 * - the position is snapped so it lands on whole device pixels of that display (at a scale
 *   factor of 1.5 an odd DIP offset falls between two physical pixels and the edges blur).
 */
import { COMPANION_EMPTY_HEIGHT, COMPANION_MAX_HEIGHT, COMPANION_MIN_HEIGHT, COMPANION_WIDTH } from '../../shared/companion/size'

export interface Point {
  x: number
  y: number
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface DisplayInfo {
  id: string
  /** The whole display (DIP). */
  bounds: Rect
  /** Without the menu bar, Dock, taskbar (DIP). */
  workArea: Rect
  scaleFactor: number
}

export { COMPANION_EMPTY_HEIGHT, COMPANION_MAX_HEIGHT, COMPANION_MIN_HEIGHT, COMPANION_WIDTH }
/** Kept free between the window and the work area's edges. */
export const EDGE_MARGIN = 16

export interface PlacementInput {
  displays: readonly DisplayInfo[]
  cursor: Point
  /** When the OS already knows (Electron's screen.getDisplayNearestPoint), it wins. */
  cursorDisplayId?: string
  width?: number
  /** The content's height (last reported, or the minimum for a new conversation). */
  height?: number
}

export interface Placement {
  bounds: Rect
  displayId: string | null
  scaleFactor: number
  /** The tallest the window may become on this display (DIP). */
  maxHeight: number
}

function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height
}

/** Distance from a point to a rectangle (0 inside). */
export function distanceToRect(r: Rect, p: Point): number {
  const dx = p.x < r.x ? r.x - p.x : p.x >= r.x + r.width ? p.x - (r.x + r.width - 1) : 0
  const dy = p.y < r.y ? r.y - p.y : p.y >= r.y + r.height ? p.y - (r.y + r.height - 1) : 0
  return Math.hypot(dx, dy)
}

/** The display the pointer is on, else the nearest one (undefined only with no display). */
export function displayForPoint(displays: readonly DisplayInfo[], p: Point, preferredId?: string): DisplayInfo | undefined {
  if (preferredId !== undefined) {
    const preferred = displays.find((d) => d.id === preferredId)
    if (preferred) return preferred
  }
  const inside = displays.find((d) => contains(d.bounds, p))
  if (inside) return inside
  let best: DisplayInfo | undefined
  let bestDistance = Infinity
  for (const d of displays) {
    const dist = distanceToRect(d.bounds, p)
    if (dist < bestDistance) {
      best = d
      bestDistance = dist
    }
  }
  return best
}

/**
 * The smallest whole number of DIPs that is also a whole number of device pixels at this scale
 * factor (1 at 1x and 2x, 2 at 1.5x, 4 at 1.25x and 1.75x). Capped: odd factors get 1.
 */
export function dipStep(scaleFactor: number): number {
  if (!(scaleFactor > 0)) return 1
  for (let k = 1; k <= 8; k++) {
    const px = k * scaleFactor
    if (Math.abs(px - Math.round(px)) < 1e-6) return k
  }
  return 1
}

/** Rounds `value` so that (value - origin) is a multiple of `step`. */
function snap(value: number, origin: number, step: number): number {
  return origin + Math.round((value - origin) / step) * step
}

/** Rounds a length down to a multiple of `step` (never below `step`). */
function snapLength(value: number, step: number): number {
  return Math.max(step, Math.floor(value / step) * step)
}

/** How far below the top of the work area the window's top edge sits. */
export function topOffset(workAreaHeight: number): number {
  return Math.round(Math.min(200, Math.max(24, workAreaHeight * 0.16)))
}

export function placeCompanion(input: PlacementInput): Placement {
  const wantWidth = input.width ?? COMPANION_WIDTH
  const wantHeight = input.height ?? COMPANION_MIN_HEIGHT
  const display = displayForPoint(input.displays, input.cursor, input.cursorDisplayId)
  if (!display) {
    // No display information at all (should not happen): a sane spot near the origin.
    const height = Math.max(COMPANION_MIN_HEIGHT, Math.min(wantHeight, COMPANION_MAX_HEIGHT))
    return {
      bounds: { x: 0, y: 48, width: wantWidth, height },
      displayId: null,
      scaleFactor: 1,
      maxHeight: COMPANION_MAX_HEIGHT
    }
  }
  const wa = display.workArea
  const step = dipStep(display.scaleFactor)
  const width = snapLength(Math.min(wantWidth, wa.width - 2 * EDGE_MARGIN), step)
  const x = snap(wa.x + (wa.width - width) / 2, display.bounds.x, step)
  const y = snap(wa.y + topOffset(wa.height), display.bounds.y, step)
  const room = wa.y + wa.height - EDGE_MARGIN - y
  const maxHeight = snapLength(Math.max(COMPANION_MIN_HEIGHT, Math.min(COMPANION_MAX_HEIGHT, room)), step)
  const height = fitHeight(wantHeight, maxHeight, step)
  return { bounds: { x, y, width, height }, displayId: display.id, scaleFactor: display.scaleFactor, maxHeight }
}

/** The window height for a content height: at least the minimum, at most maxHeight, on the pixel grid. */
export function fitHeight(contentHeight: number, maxHeight: number, step = 1): number {
  const clamped = Math.min(Math.max(Math.ceil(contentHeight), COMPANION_MIN_HEIGHT), Math.max(maxHeight, COMPANION_MIN_HEIGHT))
  // Round up to the grid so the content is never cut by a pixel, unless that passes the maximum.
  const up = Math.ceil(clamped / step) * step
  return up <= Math.max(maxHeight, COMPANION_MIN_HEIGHT) ? up : snapLength(clamped, step)
}

/**
 * Windows with mixed-DPI displays: a setBounds that moves a window onto a display with another
 * scale factor is applied with the old factor, so the window ends up the wrong size. Setting the
 * same bounds a second time, once it is on the new display, corrects it.
 */
export function needsSecondSetBounds(platform: string, previousScale: number | undefined, nextScale: number): boolean {
  return platform === 'win32' && previousScale !== undefined && previousScale !== nextScale
}
