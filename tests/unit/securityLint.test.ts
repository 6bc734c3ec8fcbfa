import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const script = path.join(repo, 'scripts/security-lint.mjs')

function lint(root: string): { status: number | null; findings: Array<{ rule: string; file: string; line: number; message: string }> } {
  const run = spawnSync(process.execPath, [script, '--root', root, '--json'], { encoding: 'utf8' })
  return { status: run.status, findings: JSON.parse(run.stdout).findings }
}

const fixtures: string[] = []
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnidesk-lint-'))
  fixtures.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}
afterEach(() => {
  for (const dir of fixtures.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const goodFactory = `import { BrowserWindow } from 'electron'\nexport const make = () => new BrowserWindow({})\n`
const goodOptions = `export const SECURE_WEB_PREFERENCES = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false } as const\n`
const goodPreload = `import { contextBridge } from 'electron'\ncontextBridge.exposeInMainWorld('omnidesk', {})\n`

describe('scripts/security-lint.mjs', () => {
  it('passes on this repository', () => {
    expect(() => execFileSync(process.execPath, [script], { cwd: repo, stdio: 'pipe' })).not.toThrow()
  })

  it('passes on a minimal compliant tree', () => {
    const dir = fixture({
      'src/main/windows/factory.ts': goodFactory,
      'src/main/windows/secureOptions.ts': goodOptions,
      'src/preload/index.ts': goodPreload
    })
    expect(lint(dir)).toEqual({ status: 0, findings: [] })
  })

  it('fails when a channel of the contract is not assigned to window kinds, or an assignment names no channel', () => {
    const contract = `export const contract = {\n  app: { ready: {}, info: {} },\n  chat: { send: {} }\n} as const\n`
    const windows = `const CHANNEL_WINDOWS = {\n  'app:ready': ['main'],\n  'chat:send': ['main'],\n  'chat:gone': ['main']\n} as const satisfies Record<string, readonly string[]>\n`
    const dir = fixture({
      'src/main/windows/factory.ts': goodFactory,
      'src/main/windows/secureOptions.ts': goodOptions,
      'src/preload/index.ts': goodPreload,
      'src/shared/ipc/contract.ts': contract,
      'src/shared/ipc/windows.ts': windows
    })
    const result = lint(dir)
    expect(result.status).toBe(1)
    expect(result.findings.filter((f) => f.rule === 'channel-windows').map((f) => f.message)).toEqual([
      'app:info is not assigned to any window kind in CHANNEL_WINDOWS',
      'CHANNEL_WINDOWS names chat:gone, which the contract does not have'
    ])
  })

  it('fails on a window created outside the factory, with insecure preferences', () => {
    const dir = fixture({
      'src/main/windows/factory.ts': goodFactory,
      'src/main/windows/secureOptions.ts': goodOptions,
      'src/preload/index.ts': goodPreload,
      'src/main/app/overlay.ts': `import { BrowserWindow } from 'electron'\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, sandbox: false } })\n`
    })
    const result = lint(dir)
    expect(result.status).toBe(1)
    expect(result.findings.map((f) => f.rule).sort()).toEqual(['insecure-webpref', 'insecure-webpref', 'window-factory'])
  })

  it('fails when the secure defaults are weakened', () => {
    const dir = fixture({
      'src/main/windows/factory.ts': goodFactory,
      'src/main/windows/secureOptions.ts': goodOptions.replace('contextIsolation: true', 'contextIsolation: Boolean(process.env.X)'),
      'src/preload/index.ts': goodPreload
    })
    expect(lint(dir).findings).toEqual([expect.objectContaining({ rule: 'secure-defaults' })])
  })

  it('fails on IPC, bridge, env, openExternal, layering and CSP violations', () => {
    const dir = fixture({
      'src/main/windows/factory.ts': goodFactory,
      'src/main/windows/secureOptions.ts': goodOptions,
      'src/preload/index.ts': `${goodPreload}contextBridge.exposeInMainWorld('ipc', {})\nconst key = process.env.OPENAI_API_KEY\n`,
      'src/main/app/session.ts': `import { ipcMain, shell } from 'electron'\nipcMain.handle('x', () => 1)\nvoid shell.openExternal('file:///x')\n`,
      'src/shared/thing.ts': `import { app } from 'electron'\nimport type { BrowserWindow } from 'electron'\nexport const v = app\n`,
      'src/renderer/csp.ts': `export const csp = "script-src 'self' 'unsafe-eval'"\n`
    })
    const rules = lint(dir).findings.map((f) => f.rule).sort()
    expect(rules).toEqual(['csp-unsafe-eval', 'expose-once', 'expose-once', 'ipc-wrapper', 'layer-map', 'no-process-env', 'open-external'])
  })

  describe('layer-map', () => {
    const base = { 'src/main/windows/factory.ts': goodFactory, 'src/main/windows/secureOptions.ts': goodOptions, 'src/preload/index.ts': goodPreload }
    const layerFindings = (dir: string) =>
      lint(dir)
        .findings.filter((f) => f.rule === 'layer-map')
        .map((f) => `${f.file}:${f.line} ${f.message}`)

    it('passes on imports the map allows: own folder, listed folders, nested subfolders, listed targets outside src', () => {
      const dir = fixture({
        ...base,
        'src/shared/domain.ts': `export type Message = { text: string }\n`,
        'src/main/providers/errors.ts': `export const x = 1\n`,
        'src/main/chat/buildRequest.ts': `export const y = 2\n`,
        'src/main/chat/chatEngine.ts': `import { y } from './buildRequest'\nimport { x } from '../providers/errors'\nimport type { Message } from '../../shared/domain'\nexport * from '../providers/errors'\nexport const z = x + y\n`,
        'src/renderer/src/components/useCopy.ts': `export const copyText = () => undefined\n`,
        'src/renderer/src/markdown/engine.ts': `export const render = () => ''\n`,
        'src/renderer/src/markdown/testing/corpus.ts': `import { render } from '../engine'\nimport { copyText } from '../../components/useCopy'\nexport const c = [render, copyText]\n`,
        'src/main/harness/cli.ts': `export const load = () => import('../../../tests/support/fakeProvider')\n`,
        'tests/support/fakeProvider/index.ts': `export const startFakeProvider = () => undefined\n`
      })
      expect(lint(dir)).toEqual({ status: 0, findings: [] })
    })

    it('reports a folder import the map does not allow, type-only, dynamic and re-exports included', () => {
      const dir = fixture({
        ...base,
        'src/main/app/startApp.ts': `export const startApp = () => undefined\nexport type App = { name: string }\n`,
        'src/main/chat/chatEngine.ts':
          `import { startApp } from '../app/startApp'\nimport type { App } from '../app/startApp'\nexport const later = () => import('../app/startApp')\nexport { startApp as again } from '../app/startApp'\n`,
        'src/main/chat/fixtures.ts': `export const load = () => import('../../../tests/support/fakeProvider')\n`,
        'tests/support/fakeProvider/index.ts': `export const startFakeProvider = () => undefined\n`
      })
      const forbidden = 'src/main/chat may not import src/main/app (layer map in docs/ARCHITECTURE.md)'
      expect(layerFindings(dir)).toEqual([
        `src/main/chat/chatEngine.ts:1 ${forbidden}`,
        `src/main/chat/chatEngine.ts:2 ${forbidden}`,
        `src/main/chat/chatEngine.ts:3 ${forbidden}`,
        `src/main/chat/chatEngine.ts:4 ${forbidden}`,
        'src/main/chat/fixtures.ts:1 src/main/chat may not import tests/support (layer map in docs/ARCHITECTURE.md)'
      ])
      expect(lint(dir).status).toBe(1)
    })

    it('reports a folder that is not in the map, once', () => {
      const dir = fixture({
        ...base,
        'src/main/foo/a.ts': `export const a = 1\n`,
        'src/main/foo/deeper/b.ts': `import { a } from '../a'\nexport const b = a\n`
      })
      expect(layerFindings(dir)).toEqual(['src/main/foo/a.ts:1 add src/main/foo to LAYER_MAP (and its table in docs/ARCHITECTURE.md)'])
    })

    it('reports a runtime electron import or require outside the folders allowed electron; import type is fine', () => {
      const dir = fixture({
        ...base,
        'src/main/app/tray.ts': `import { Tray } from 'electron'\nexport const t = Tray\n`,
        'src/main/chat/chatEngine.ts': `import { app } from 'electron'\nexport const v = app\n`,
        'src/main/store/secrets.ts': `const { safeStorage } = require('electron')\nexport const s = safeStorage\n`,
        'src/renderer/src/api.ts': `export * from 'electron/renderer'\n`,
        'src/main/capture/types.ts':
          `import type { BrowserWindow } from 'electron'\nimport { type Display } from 'electron'\nexport type { Rectangle } from 'electron'\nexport type W = BrowserWindow | Display | typeof import('electron').app\n`,
        'src/shared/domain.ts': `import type { App } from 'electron'\nexport type A = App\n`
      })
      expect(layerFindings(dir)).toEqual([
        "src/main/chat/chatEngine.ts:1 runtime electron import in src/main/chat, which LAYER_MAP keeps free of electron (pass the dependency in; `import type` is fine)",
        "src/main/store/secrets.ts:1 require('electron') in src/main/store, which LAYER_MAP keeps free of electron (pass the dependency in; `import type` is fine)",
        "src/renderer/src/api.ts:1 runtime electron/renderer import in src/renderer/src, which LAYER_MAP keeps free of electron (pass the dependency in; `import type` is fine)"
      ])
    })
  })
})
