/**
 * The web harness's screens for `npm run web -- --capture DIR|demo`: a folder of PNGs becomes
 * displays (NAME@2x = Retina, left to right) and windows, and a region session says which
 * overlay pages to open.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { captureFixturesFromDir, createHarnessCapture } from '../../src/main/harness/harnessCapture'
import { createCaptureService } from '../../src/main/capture/captureService'
import { writeDemoCaptureScreens } from '../support/captureDemo'
import { makePng } from '../support/images'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'omnidesk-capture-dir-'))
  dirs.push(d)
  return d
}
const grey = (): [number, number, number] => [200, 200, 200]

describe('harness capture fixtures from a folder', () => {
  it('PNGs become displays left to right (NAME@2x is Retina); window-*.png are windows', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, '1-laptop@2x.png'), makePng(200, 100, grey))
    await writeFile(path.join(dir, 'b-monitor.png'), makePng(160, 90, grey))
    await writeFile(path.join(dir, 'window-Release_notes — Pages.png'), makePng(40, 30, grey))
    await writeFile(path.join(dir, 'notes.txt'), 'not an image')
    const fixtures = await captureFixturesFromDir(dir)
    expect(fixtures.displays.map((d) => [d.label, d.bounds, d.scaleFactor, d.primary])).toEqual([
      ['laptop', { x: 0, y: 0, width: 100, height: 50 }, 2, true],
      ['b-monitor', { x: 100, y: 0, width: 160, height: 90 }, 1, false]
    ])
    expect(fixtures.windows?.map((w) => [w.name, w.appName])).toEqual([['Release notes — Pages', 'Pages']])
  })

  it('refuses a folder without a display PNG', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'window-only.png'), makePng(10, 10, grey))
    await expect(captureFixturesFromDir(dir)).rejects.toThrow(/no display PNG/)
  })

  it('the demo screens work end to end: a region session prints the overlay page of each display', async () => {
    const dir = await writeDemoCaptureScreens(path.join(await tempDir(), 'demo'))
    const lines: string[] = []
    const harness = createHarnessCapture(await captureFixturesFromDir(dir), 'darwin', { log: (l) => lines.push(l) })
    const service = createCaptureService(harness.ports, () => undefined)
    const sources = await service.sources()
    expect(sources.displays.map((d) => [d.scaleFactor, d.bounds.width])).toEqual([
      [2, 1440],
      [1, 1920]
    ])
    expect(sources.windows.map((w) => [w.name, w.appName])).toEqual([['Quarterly report — Numbers', 'Numbers']])
    const started = await service.startRegion()
    expect(started.ok).toBe(true)
    expect(lines).toEqual(harness.overlays[0].paths.map((p) => `[harness] capture overlay page: ${p}`))
    expect(lines).toHaveLength(2)
  })
})
