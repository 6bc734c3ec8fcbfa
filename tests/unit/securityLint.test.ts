import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const script = path.join(repo, 'scripts/security-lint.mjs')

function lint(root: string): { status: number | null; findings: Array<{ rule: string; file: string }> } {
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

  it('fails on a window created outside the factory, with insecure preferences', () => {
    const dir = fixture({
      'src/main/windows/factory.ts': goodFactory,
      'src/main/windows/secureOptions.ts': goodOptions,
      'src/preload/index.ts': goodPreload,
      'src/main/capture/overlay.ts': `import { BrowserWindow } from 'electron'\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, sandbox: false } })\n`
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
      'src/main/voice/session.ts': `import { ipcMain, shell } from 'electron'\nipcMain.handle('x', () => 1)\nvoid shell.openExternal('file:///x')\n`,
      'src/shared/thing.ts': `import { app } from 'electron'\nimport type { BrowserWindow } from 'electron'\nexport const v = app\n`,
      'src/renderer/csp.ts': `export const csp = "script-src 'self' 'unsafe-eval'"\n`
    })
    const rules = lint(dir).findings.map((f) => f.rule).sort()
    expect(rules).toEqual(['csp-unsafe-eval', 'electron-layering', 'expose-once', 'expose-once', 'ipc-wrapper', 'no-process-env', 'open-external'])
  })
})
