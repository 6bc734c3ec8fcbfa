/**
 * `npm run web -- --capture demo`: two synthetic screens and a window to click through the
 * screenshot UI by hand (a Retina primary and a scale-1 display), drawn with the same helpers as
 * the E2E fixtures. Real screenshots work better: `--capture DIR` (src/main/harness/harnessCapture.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { makePng, uiLikePixel } from './images'

export async function writeDemoCaptureScreens(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, '1-Built-in Retina Display@2x.png'), makePng(2880, 1800, uiLikePixel(2880, 1800)))
  await writeFile(path.join(dir, '2-External display.png'), makePng(1920, 1080, uiLikePixel(1920, 1080)))
  await writeFile(path.join(dir, 'window-Quarterly report — Numbers.png'), makePng(900, 600, uiLikePixel(900, 600)))
  return dir
}
