/**
 * Where the companion appears: the display under the pointer (containment, else nearest; the
 * OS's own answer wins), top centre of its work area, on whole device pixels, on layouts with
 * displays left of / above the primary one (negative coordinates) and mixed scale factors.
 */
import { describe, expect, it } from 'vitest'
import {
  COMPANION_MAX_HEIGHT,
  COMPANION_MIN_HEIGHT,
  COMPANION_WIDTH,
  EDGE_MARGIN,
  dipStep,
  displayForPoint,
  fitHeight,
  needsSecondSetBounds,
  placeCompanion,
  topOffset,
  type DisplayInfo
} from '../../src/main/companion/placement'

const display = (id: string, x: number, y: number, width: number, height: number, scaleFactor: number, menu = 0): DisplayInfo => ({
  id,
  bounds: { x, y, width, height },
  workArea: { x, y: y + menu, width, height: height - menu },
  scaleFactor
})

// A MacBook (primary, 1512×982 @2x with a 37-pt menu bar), a 4K monitor at 1.5x to its LEFT,
// and a 1080p monitor at 1x ABOVE the primary.
const laptop = display('laptop', 0, 0, 1512, 982, 2, 37)
const left4k = display('left', -2560, -200, 2560, 1440, 1.5, 25)
const above = display('above', 0, -1080, 1920, 1080, 1)
const layout = [laptop, left4k, above]

/** Every edge of the window is on a whole device pixel of its display. */
function onPixelGrid(d: DisplayInfo, x: number, y: number, width: number, height: number): boolean {
  const whole = (v: number): boolean => Math.abs(v * d.scaleFactor - Math.round(v * d.scaleFactor)) < 1e-6
  return whole(x - d.bounds.x) && whole(y - d.bounds.y) && whole(width) && whole(height)
}

describe('which display', () => {
  it('is the one containing the pointer', () => {
    expect(displayForPoint(layout, { x: 700, y: 500 })?.id).toBe('laptop')
    expect(displayForPoint(layout, { x: -1000, y: 300 })?.id).toBe('left')
    expect(displayForPoint(layout, { x: 100, y: -500 })?.id).toBe('above')
  })

  it('treats the right and bottom edges as outside (they belong to the neighbour)', () => {
    expect(displayForPoint(layout, { x: 0, y: 100 })?.id).toBe('laptop')
    expect(displayForPoint(layout, { x: -1, y: 100 })?.id).toBe('left')
    expect(displayForPoint(layout, { x: 100, y: -1 })?.id).toBe('above')
  })

  it('is the nearest one when the pointer is in a gap between displays', () => {
    // Right of the laptop, just below the wider monitor above it: 6 px from "above", 189 px
    // from the laptop.
    expect(displayForPoint(layout, { x: 1700, y: 5 })?.id).toBe('above')
    expect(displayForPoint(layout, { x: 2000, y: 800 })?.id).toBe('laptop')
    expect(displayForPoint(layout, { x: -9000, y: 0 })?.id).toBe('left')
  })

  it("takes the OS's answer when there is one (mixed-DPI Windows layouts can overlap in DIP)", () => {
    expect(displayForPoint(layout, { x: 700, y: 500 }, 'left')?.id).toBe('left')
    // An unknown id falls back to geometry.
    expect(displayForPoint(layout, { x: 700, y: 500 }, 'gone')?.id).toBe('laptop')
  })

  it('is undefined with no display', () => {
    expect(displayForPoint([], { x: 0, y: 0 })).toBeUndefined()
  })
})

describe('placement', () => {
  it('puts the window at the top centre of the work area of the display under the pointer', () => {
    const p = placeCompanion({ displays: layout, cursor: { x: 300, y: 600 } })
    expect(p.displayId).toBe('laptop')
    expect(p.bounds.width).toBe(COMPANION_WIDTH)
    expect(p.bounds.x).toBe((1512 - COMPANION_WIDTH) / 2)
    expect(p.bounds.y).toBe(37 + topOffset(945))
    expect(p.bounds.height).toBe(COMPANION_MIN_HEIGHT)
    expect(p.scaleFactor).toBe(2)
  })

  it('works left of the primary display (negative x) at 1.5x, on whole device pixels', () => {
    const p = placeCompanion({ displays: layout, cursor: { x: -100, y: 1000 }, height: 301 })
    expect(p.displayId).toBe('left')
    const centre = p.bounds.x + p.bounds.width / 2
    expect(Math.abs(centre - (-2560 + 1280))).toBeLessThanOrEqual(2)
    expect(p.bounds.x).toBeLessThan(0)
    expect(p.bounds.y).toBeGreaterThan(-200 + 25)
    expect(onPixelGrid(left4k, p.bounds.x, p.bounds.y, p.bounds.width, p.bounds.height)).toBe(true)
    // Rounded up to the grid, never cut.
    expect(p.bounds.height).toBeGreaterThanOrEqual(301)
    expect(p.scaleFactor).toBe(1.5)
  })

  it('works above the primary display (negative y)', () => {
    const p = placeCompanion({ displays: layout, cursor: { x: 1900, y: -5 } })
    expect(p.displayId).toBe('above')
    expect(p.bounds.y).toBe(-1080 + topOffset(1080))
    expect(p.bounds.x).toBe((1920 - COMPANION_WIDTH) / 2)
  })

  it('keeps every edge on the pixel grid at fractional scale factors', () => {
    for (const scale of [1, 1.25, 1.5, 1.75, 2, 2.25, 3]) {
      const d = display('d', -1367, -333, 1707, 1067, scale, 23)
      for (const height of [96, 97, 250, 333, 999]) {
        const p = placeCompanion({ displays: [d], cursor: { x: -1000, y: 0 }, height })
        expect(onPixelGrid(d, p.bounds.x, p.bounds.y, p.bounds.width, p.bounds.height)).toBe(true)
        expect(p.bounds.height).toBeLessThanOrEqual(p.maxHeight)
      }
    }
  })

  it('never leaves the work area: narrow displays shrink the width, short ones the height', () => {
    const small = display('small', 100, 100, 600, 400, 1, 20)
    const p = placeCompanion({ displays: [small], cursor: { x: 200, y: 200 }, height: 5000 })
    expect(p.bounds.width).toBe(600 - 2 * EDGE_MARGIN)
    expect(p.bounds.x).toBe(100 + EDGE_MARGIN)
    expect(p.bounds.y + p.bounds.height).toBeLessThanOrEqual(100 + 400 - EDGE_MARGIN)
    expect(p.maxHeight).toBe(p.bounds.height)
  })

  it('caps the height on a tall display, and the content scrolls past it', () => {
    const tall = display('tall', 0, 0, 1440, 2560, 1)
    const p = placeCompanion({ displays: [tall], cursor: { x: 10, y: 10 }, height: 5000 })
    expect(p.maxHeight).toBe(COMPANION_MAX_HEIGHT)
    expect(p.bounds.height).toBe(COMPANION_MAX_HEIGHT)
  })

  it('still returns something sane with no display information', () => {
    const p = placeCompanion({ displays: [], cursor: { x: 0, y: 0 } })
    expect(p.displayId).toBeNull()
    expect(p.bounds.width).toBe(COMPANION_WIDTH)
  })
})

describe('pixel grid and heights', () => {
  it('dipStep is the smallest whole DIP count that is whole device pixels', () => {
    expect(dipStep(1)).toBe(1)
    expect(dipStep(2)).toBe(1)
    expect(dipStep(1.5)).toBe(2)
    expect(dipStep(1.25)).toBe(4)
    expect(dipStep(1.75)).toBe(4)
    expect(dipStep(0)).toBe(1)
    expect(dipStep(1.1)).toBe(1) // no small multiple: give up rather than jump around
  })

  it('fitHeight clamps to [min, max] and rounds up to the grid', () => {
    expect(fitHeight(10, 500)).toBe(COMPANION_MIN_HEIGHT)
    expect(fitHeight(300.2, 500)).toBe(301)
    expect(fitHeight(9000, 500)).toBe(500)
    expect(fitHeight(301, 500, 2)).toBe(302)
    expect(fitHeight(499, 500, 4)).toBe(500)
  })
})

describe('Windows mixed-DPI setBounds', () => {
  it('sets the bounds twice only on Windows and only when the scale factor changes', () => {
    expect(needsSecondSetBounds('win32', 1, 1.5)).toBe(true)
    expect(needsSecondSetBounds('win32', 1.5, 1.5)).toBe(false)
    expect(needsSecondSetBounds('win32', undefined, 1.5)).toBe(false)
    expect(needsSecondSetBounds('darwin', 1, 2)).toBe(false)
    expect(needsSecondSetBounds('linux', 1, 2)).toBe(false)
  })
})
