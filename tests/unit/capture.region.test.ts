import { describe, expect, it } from 'vitest'
import {
  clampRect,
  cropInDevicePixels,
  deviceSize,
  displayAt,
  dragRect,
  isUsableSelection,
  toDisplayLocal,
  virtualBounds,
  type DisplayGeometry
} from '../../src/shared/capture/region'

const primary: DisplayGeometry = { id: 'p', bounds: { x: 0, y: 0, width: 1440, height: 900 }, scaleFactor: 2 }
const left: DisplayGeometry = { id: 'l', bounds: { x: -1920, y: -300, width: 1920, height: 1080 }, scaleFactor: 1 }
const above: DisplayGeometry = { id: 'a', bounds: { x: 0, y: -1440, width: 2560, height: 1440 }, scaleFactor: 1.5 }

describe('region maths', () => {
  it('a drag in any direction spans the same rectangle', () => {
    expect(dragRect({ x: 10, y: 20 }, { x: 110, y: 70 })).toEqual({ x: 10, y: 20, width: 100, height: 50 })
    expect(dragRect({ x: 110, y: 70 }, { x: 10, y: 20 })).toEqual({ x: 10, y: 20, width: 100, height: 50 })
    expect(dragRect({ x: -5, y: 7 }, { x: -50, y: -3 })).toEqual({ x: -50, y: -3, width: 45, height: 10 })
  })

  it('clamps to bounds, including negative ones; no overlap gives an empty rect', () => {
    expect(clampRect({ x: -2000, y: -400, width: 300, height: 300 }, left.bounds)).toEqual({ x: -1920, y: -300, width: 220, height: 200 })
    expect(clampRect({ x: 1400, y: 880, width: 100, height: 100 }, primary.bounds)).toEqual({ x: 1400, y: 880, width: 40, height: 20 })
    expect(clampRect({ x: 5000, y: 0, width: 10, height: 10 }, primary.bounds)).toMatchObject({ width: 0 })
  })

  it('virtual desktop bounds with displays left of and above the primary', () => {
    expect(virtualBounds([primary, left, above])).toEqual({ x: -1920, y: -1440, width: 4480, height: 2340 })
    expect(virtualBounds([])).toEqual({ x: 0, y: 0, width: 0, height: 0 })
  })

  it('finds the display under a global point (nearest when in a gap)', () => {
    expect(displayAt({ x: -10, y: 0 }, [primary, left, above])?.id).toBe('l')
    expect(displayAt({ x: 100, y: -10 }, [primary, left, above])?.id).toBe('a')
    expect(displayAt({ x: 100, y: 100 }, [primary, left, above])?.id).toBe('p')
    expect(displayAt({ x: -300, y: 850 }, [primary, left, above])?.id).toBe('l')
    expect(toDisplayLocal({ x: -1900, y: -290 }, left)).toEqual({ x: 20, y: 10 })
  })

  it('crops in device pixels on Retina (scale 2)', () => {
    const bitmap = deviceSize(primary)
    expect(bitmap).toEqual({ width: 2880, height: 1800 })
    expect(cropInDevicePixels({ x: 100, y: 50, width: 200, height: 100 }, primary.bounds, bitmap)).toEqual({ x: 200, y: 100, width: 400, height: 200 })
  })

  it('fractional scale factors round outward and stay inside the bitmap', () => {
    const bitmap = deviceSize(above) // 3840×2160
    expect(cropInDevicePixels({ x: 0.5, y: 0.5, width: 10.3, height: 10.3 }, above.bounds, bitmap)).toEqual({ x: 0, y: 0, width: 17, height: 17 })
    expect(cropInDevicePixels({ x: 2500, y: 1400, width: 500, height: 500 }, above.bounds, bitmap)).toEqual({ x: 3750, y: 2100, width: 90, height: 60 })
  })

  it('uses the bitmap actually captured when it differs from bounds × scale', () => {
    // A 1.25 display whose capture came back one pixel narrower.
    expect(cropInDevicePixels({ x: 0, y: 0, width: 1536, height: 864 }, { width: 1536, height: 864 }, { width: 1919, height: 1080 })).toEqual({
      x: 0,
      y: 0,
      width: 1919,
      height: 1080
    })
  })

  it('selections past the display edge are clamped (scale 1, display left of the primary)', () => {
    expect(cropInDevicePixels({ x: 1900, y: 1000, width: 100, height: 200 }, left.bounds, deviceSize(left))).toEqual({ x: 1900, y: 1000, width: 20, height: 80 })
    expect(cropInDevicePixels({ x: -50, y: -50, width: 100, height: 100 }, left.bounds, deviceSize(left))).toEqual({ x: 0, y: 0, width: 50, height: 50 })
  })

  it('a click is not a selection', () => {
    expect(isUsableSelection({ x: 0, y: 0, width: 2, height: 40 })).toBe(false)
    expect(isUsableSelection({ x: 0, y: 0, width: 4, height: 4 })).toBe(true)
  })
})
