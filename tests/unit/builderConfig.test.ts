/**
 * electron-builder.yml, validated offline with electron-builder's own validator
 * (app-builder-lib's schemaValidator: ajv over app-builder-lib/scheme.json, the function
 * `electron-builder` runs before packaging), plus the settings this app depends on: targets and
 * arches, hardened runtime, entitlements, usage strings, native modules outside the asar, icons.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const yaml = require('js-yaml') as { load(text: string): unknown }
const plist = require('plist') as { parse(text: string): unknown }
const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator.js') as {
  validateSchema(schema: unknown, config: unknown, options?: { name?: string }): void
}
const schema = require('app-builder-lib/scheme.json') as unknown
// What `electron-builder` itself does first: find electron-builder.yml, merge package.json, validate.
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

type Target = { target: string; arch?: string[] }
type BuilderConfig = {
  appId: string
  productName: string
  directories: { output: string; buildResources: string }
  files: string[]
  asarUnpack: string[]
  mac: {
    category: string
    hardenedRuntime: boolean
    entitlements: string
    entitlementsInherit: string
    extendInfo: Record<string, string>
    target: Target[]
  }
  win: { target: Target[] }
  linux: { target: Target[]; category: string; maintainer: string }
  [key: string]: unknown
}

const load = (): BuilderConfig => yaml.load(readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const validate = (config: unknown) => validateSchema(schema, config, { name: 'electron-builder.yml' })

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(path.join(repo, file))
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('electron-builder.yml', () => {
  it("matches electron-builder's own schema", () => {
    expect(() => validate(load())).not.toThrow()
  })

  it("passes electron-builder's own config loading and validation for this project", async () => {
    const config = await builderConfig.getConfig(repo, null, null)
    expect(config.appId).toBe('app.omnidesk.desktop')
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('is rejected with an unknown key, at the root or inside mac (the validator is live)', () => {
    expect(() => validate({ ...load(), notAnOption: true })).toThrow(/unknown property 'notAnOption'|notAnOption/)
    const config = load()
    expect(() => validate({ ...config, mac: { ...config.mac, hardenedRuntim: true } })).toThrow(/Invalid configuration object/)
    expect(() => validate({ ...config, mac: { ...config.mac, target: [{ target: 'dmg', arch: ['sparc'] }] } })).toThrow()
  })

  it('identifies the app and packages only the build output', () => {
    const config = load()
    expect(config.appId).toBe('app.omnidesk.desktop')
    expect(config.productName).toBe('Omnidesk')
    expect(config.directories.output).toBe('dist')
    expect(config.files).toEqual(expect.arrayContaining(['out/**', '!out/harness/**', 'package.json', '!src/**']))
    expect(config.asarUnpack).toContain('**/*.node')
    // Native libraries loaded by path and files read by path in a worker stay outside the asar.
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/@duckdb/node-bindings-*/**', '**/node_modules/pdfjs-dist/cmaps/**']))
  })

  it('ships what OCR loads (the LSTM engine and best_int models), unpacked, and leaves out the rest', () => {
    const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean }
    const config = load()
    const excluded = (file: string): boolean => config.files.some((p) => p.startsWith('!') && minimatch(file, p.slice(1), { dot: true }))
    const unpacked = (file: string): boolean => config.asarUnpack.some((p) => minimatch(file, p, { dot: true }))
    const needed = [
      'node_modules/tesseract.js/src/worker-script/node/index.js',
      'node_modules/tesseract.js-core/tesseract-core-simd-lstm.js',
      'node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm',
      'node_modules/tesseract.js-core/tesseract-core-relaxedsimd-lstm.wasm',
      'node_modules/tesseract.js-core/tesseract-core-lstm.wasm'
    ]
    for (const file of needed) {
      expect(excluded(file), file).toBe(false)
      expect(unpacked(file), file).toBe(true)
    }
    for (const file of ['node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz', 'node_modules/@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz'])
      expect(excluded(file), file).toBe(false)
    for (const file of [
      'node_modules/tesseract.js-core/tesseract-core.wasm',
      'node_modules/tesseract.js-core/tesseract-core-simd.js',
      'node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm.js',
      'node_modules/@tesseract.js-data/eng/4.0.0/eng.traineddata.gz'
    ])
      expect(excluded(file), file).toBe(true)
  })

  it('builds a hardened dmg (and the zip auto-update installs) for arm64 and x64 with entitlements and usage strings', () => {
    const { mac } = load()
    expect(mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] }
    ])
    expect(mac.hardenedRuntime).toBe(true)
    expect(mac.category).toMatch(/^public\.app-category\./)
    expect(mac.entitlements).toBe('assets/entitlements.mac.plist')
    expect(mac.entitlementsInherit).toBe('assets/entitlements.mac.plist')
    expect(mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/i)
    expect(mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/i)
    // macOS has no Info.plist key for screen recording: the system shows its own prompt.
    expect(mac.extendInfo).not.toHaveProperty('NSScreenCaptureUsageDescription')
  })

  it('has the entitlements Electron and voice need, and not disable-library-validation', () => {
    const entitlements = plist.parse(readFileSync(path.join(repo, 'assets/entitlements.mac.plist'), 'utf8')) as Record<string, boolean>
    expect(entitlements).toEqual({
      'com.apple.security.cs.allow-jit': true,
      'com.apple.security.device.audio-input': true,
      'com.apple.security.device.camera': true,
      'com.apple.security.network.client': true
    })
  })

  it('builds nsis on Windows and AppImage + deb on Linux', () => {
    const config = load()
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis'])
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb'])
    expect(config.linux.category).toBe('Utility')
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/)
  })

  it('publishes to GitHub Releases, where electron-updater looks for updates', () => {
    const config = load()
    expect(config.publish).toEqual(expect.objectContaining({ provider: 'github', owner: expect.any(String), repo: expect.any(String) }))
  })

  it('ships icons of the right sizes', () => {
    expect(pngSize('assets/icon.png')).toEqual({ width: 512, height: 512 })
    expect(pngSize('assets/trayTemplate.png')).toEqual({ width: 16, height: 16 })
    expect(pngSize('assets/trayTemplate@2x.png')).toEqual({ width: 32, height: 32 })
    expect(pngSize('assets/tray.png')).toEqual({ width: 16, height: 16 })
    expect(pngSize('assets/tray@2x.png')).toEqual({ width: 32, height: 32 })
  })
})
