/**
 * Region-capture maths: displays in the OS's virtual desktop (DIP coordinates, which may be
 * negative for displays left of or above the primary one), a drag on one display's overlay, and
 * the crop in that display's captured bitmap (device pixels). Pure TypeScript.
 */
import type { Rect, Size } from '../attachments/sizing'

export interface Point {
  x: number
  y: number
}

export interface DisplayGeometry {
  id: string
  /** DIP, in the virtual desktop. */
  bounds: Rect
  scaleFactor: number
}

/** The rectangle a drag spans (any direction), in the same coordinates as its points. */
export function dragRect(a: Point, b: Point): Rect {
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) }
}

/** `r` clamped to `within` (an empty rect at the nearest edge when they do not overlap). */
export function clampRect(r: Rect, within: Rect): Rect {
  const x0 = Math.min(Math.max(r.x, within.x), within.x + within.width)
  const y0 = Math.min(Math.max(r.y, within.y), within.y + within.height)
  const x1 = Math.min(Math.max(r.x + r.width, within.x), within.x + within.width)
  const y1 = Math.min(Math.max(r.y + r.height, within.y), within.y + within.height)
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) }
}

/** A global (virtual desktop) DIP point in a display's local DIP coordinates. */
export function toDisplayLocal(p: Point, display: DisplayGeometry): Point {
  return { x: p.x - display.bounds.x, y: p.y - display.bounds.y }
}

/** The display containing a global point (the nearest one when none does). */
export function displayAt(p: Point, displays: readonly DisplayGeometry[]): DisplayGeometry | undefined {
  let best: DisplayGeometry | undefined
  let bestDist = Infinity
  for (const d of displays) {
    const b = d.bounds
    const dx = p.x < b.x ? b.x - p.x : p.x >= b.x + b.width ? p.x - (b.x + b.width - 1) : 0
    const dy = p.y < b.y ? b.y - p.y : p.y >= b.y + b.height ? p.y - (b.y + b.height - 1) : 0
    const dist = dx * dx + dy * dy
    if (dist < bestDist) {
      best = d
      bestDist = dist
    }
  }
  return best
}

/** Union of every display's bounds (x/y negative when a display is left of / above the primary). */
export function virtualBounds(displays: readonly DisplayGeometry[]): Rect {
  if (!displays.length) return { x: 0, y: 0, width: 0, height: 0 }
  const x0 = Math.min(...displays.map((d) => d.bounds.x))
  const y0 = Math.min(...displays.map((d) => d.bounds.y))
  const x1 = Math.max(...displays.map((d) => d.bounds.x + d.bounds.width))
  const y1 = Math.max(...displays.map((d) => d.bounds.y + d.bounds.height))
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/**
 * A selection in a display's local DIP coordinates → the crop in its captured bitmap, in whole
 * device pixels, clamped to the bitmap. The bitmap's own size gives the scale (it is what was
 * really captured; it equals bounds × scaleFactor on a normal system, and may differ by a pixel
 * of rounding at fractional scale factors such as 1.25 or 1.5).
 */
export function cropInDevicePixels(selectionDip: Rect, displaySizeDip: Size, bitmap: Size): Rect {
  const sx = bitmap.width / displaySizeDip.width
  const sy = bitmap.height / displaySizeDip.height
  const local = clampRect(selectionDip, { x: 0, y: 0, width: displaySizeDip.width, height: displaySizeDip.height })
  const x0 = Math.floor(local.x * sx)
  const y0 = Math.floor(local.y * sy)
  const x1 = Math.ceil((local.x + local.width) * sx)
  const y1 = Math.ceil((local.y + local.height) * sy)
  const c = clampRect({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, { x: 0, y: 0, width: bitmap.width, height: bitmap.height })
  return c
}

/** Drags smaller than this (DIP, either side) are treated as a click, not a selection. */
export const MIN_SELECTION_DIP = 4

export function isUsableSelection(r: Rect): boolean {
  return r.width >= MIN_SELECTION_DIP && r.height >= MIN_SELECTION_DIP
}

/** The bitmap size to ask the OS capturer for, for a display (device pixels). */
export function deviceSize(display: DisplayGeometry): Size {
  return {
    width: Math.round(display.bounds.width * display.scaleFactor),
    height: Math.round(display.bounds.height * display.scaleFactor)
  }
}
