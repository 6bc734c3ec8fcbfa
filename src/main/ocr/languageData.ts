/**
 * The OCR language models, in the one folder tesseract.js reads them from. They ship inside the
 * `@tesseract.js-data/<lang>` packages (one folder per language, while tesseract.js takes a
 * single `langPath`), so the first read copies them — 4.6 MB — into `<dataDir>/ocr-languages/
 * <version>`; a newer package version gets a new folder.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { OCR_LANGUAGES } from './config'

/** tesseract's LSTM-only "best_int" models: smaller and faster than the legacy ones, as accurate on screens. */
const MODEL_FOLDER = '4.0.0_best_int'

interface LanguageSource {
  code: string
  file: string
  version: string
}

function languageSources(): LanguageSource[] {
  const require = createRequire(__filename)
  return OCR_LANGUAGES.map((code) => {
    const manifest = require.resolve(`@tesseract.js-data/${code}/package.json`)
    const { version } = require(manifest) as { version: string }
    return { code, version, file: path.join(path.dirname(manifest), MODEL_FOLDER, `${code}.traineddata.gz`) }
  })
}

async function sameSize(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)])
    return x.size === y.size
  } catch {
    return false
  }
}

/** The folder holding `<code>.traineddata.gz` for every language read (made on first use). */
export async function prepareLanguageFolder(dataDir: string): Promise<string> {
  const sources = languageSources()
  const folder = path.join(dataDir, 'ocr-languages', sources.map((s) => `${s.code}-${s.version}`).join('+'))
  await mkdir(folder, { recursive: true })
  for (const source of sources) {
    const target = path.join(folder, `${source.code}.traineddata.gz`)
    if (await sameSize(source.file, target)) continue
    // Read and written rather than copied: in the packaged app the source is inside app.asar,
    // which Electron's fs reads but copyFile may not. Through a temporary name: a copy cut
    // short (the app quit) is never taken for a model.
    const partial = `${target}.${process.pid}.partial`
    await writeFile(partial, await readFile(source.file))
    await rename(partial, target)
  }
  return folder
}
