#!/usr/bin/env node
/**
 * Static security checks of the Electron surface (`npm run lint` runs it).
 *
 * Why our own instead of electronegativity: its checks are generic and its TypeScript parser
 * predates syntax we use (`satisfies`); these rules encode this project's invariants, parsed with
 * the project's own TypeScript:
 *
 *   window-factory      every BrowserWindow / BrowserView / WebContentsView is created in
 *                       src/main/windows/factory.ts, which applies the secure defaults
 *   secure-defaults     SECURE_WEB_PREFERENCES keeps contextIsolation, sandbox, webSecurity on
 *                       and nodeIntegration, webviewTag off
 *   insecure-webpref    no file sets an insecure webPreferences value anywhere
 *   ipc-wrapper         ipcMain.handle / ipcMain.on only in the ipcMain transport, so every
 *                       request goes through registerContract (sender check + validation)
 *   expose-once         contextBridge.exposeInMainWorld only in src/preload/index.ts, once,
 *                       as 'omnidesk'
 *   open-external       shell.openExternal only in files that import isAllowedExternalUrl
 *   no-process-env      no process.env in the preload or the renderer
 *   electron-layering   no runtime electron import in pure layers (shared, renderer, security,
 *                       ipc, store); `import type` is fine
 *   csp-unsafe-eval     no 'unsafe-eval' anywhere in src
 *
 * Usage: node scripts/security-lint.mjs [--root DIR] [--json]
 * Exits 1 when there is any finding, 0 otherwise.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const args = process.argv.slice(2)
const rootArg = args.includes('--root') ? args[args.indexOf('--root') + 1] : undefined
const root = path.resolve(rootArg ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'))
const asJson = args.includes('--json')

const WINDOW_FACTORY = 'src/main/windows/factory.ts'
const SECURE_OPTIONS = 'src/main/windows/secureOptions.ts'
const IPC_TRANSPORT = 'src/main/app/ipcMainTransport.ts'
const PRELOAD_ENTRY = 'src/preload/index.ts'
const PURE_LAYERS = ['src/shared/', 'src/renderer/', 'src/main/security/', 'src/main/ipc/', 'src/main/store/']
const WINDOW_CLASSES = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView'])

/** webPreferences that must never take these values. */
const INSECURE_VALUES = {
  nodeIntegration: true,
  nodeIntegrationInSubFrames: true,
  nodeIntegrationInWorker: true,
  contextIsolation: false,
  sandbox: false,
  webSecurity: false,
  allowRunningInsecureContent: true,
  webviewTag: true,
  experimentalFeatures: true
}
const REQUIRED_SECURE = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false }

function listSources(dir) {
  const out = []
  if (!fs.existsSync(dir)) return out
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listSources(full))
    } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) {
      out.push(full)
    }
  }
  return out
}

const findings = []
const report = (rule, file, node, sf, message) => {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf))
  findings.push({ rule, file, line: line + 1, column: character + 1, message })
}

const literalBoolean = (node) =>
  node.kind === ts.SyntaxKind.TrueKeyword ? true : node.kind === ts.SyntaxKind.FalseKeyword ? false : undefined
const propName = (node) => (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : undefined)
/** `a.b` as text, for call targets like shell.openExternal or ipcMain.handle. */
const calleeText = (expr) => (ts.isPropertyAccessExpression(expr) ? `${expr.expression.getText()}.${expr.name.text}` : expr.getText())

let exposeCalls = 0
let secureDefaultsSeen = false

for (const abs of listSources(path.join(root, 'src'))) {
  const file = path.relative(root, abs).split(path.sep).join('/')
  const text = fs.readFileSync(abs, 'utf8')
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, abs.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const inPreloadOrRenderer = file.startsWith('src/preload/') || file.startsWith('src/renderer/')
  const importsUrlCheck = /\bisAllowedExternalUrl\b/.test(text)

  const visit = (node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && WINDOW_CLASSES.has(node.expression.text) && file !== WINDOW_FACTORY) {
      report('window-factory', file, node, sf, `new ${node.expression.text}() outside ${WINDOW_FACTORY}: use createSecureWindow()`)
    }

    if (ts.isPropertyAssignment(node)) {
      const name = propName(node)
      const value = literalBoolean(node.initializer)
      if (name in INSECURE_VALUES && value === INSECURE_VALUES[name]) {
        report('insecure-webpref', file, node, sf, `${name}: ${value} weakens window isolation`)
      }
      if (name === 'enableBlinkFeatures') report('insecure-webpref', file, node, sf, 'enableBlinkFeatures turns on unreviewed Chromium features')
    }

    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'SECURE_WEB_PREFERENCES' && file === SECURE_OPTIONS) {
      secureDefaultsSeen = true
      let init = node.initializer
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression
      const props = new Map()
      if (init && ts.isObjectLiteralExpression(init)) {
        for (const p of init.properties) if (ts.isPropertyAssignment(p)) props.set(propName(p), literalBoolean(p.initializer))
      }
      for (const [key, expected] of Object.entries(REQUIRED_SECURE)) {
        if (props.get(key) !== expected) report('secure-defaults', file, node, sf, `SECURE_WEB_PREFERENCES must set ${key}: ${expected}`)
      }
    }

    if (ts.isCallExpression(node)) {
      const callee = calleeText(node.expression)
      if (/^ipcMain\.(handle|handleOnce|on|once)$/.test(callee) && file !== IPC_TRANSPORT) {
        report('ipc-wrapper', file, node, sf, `${callee}() outside ${IPC_TRANSPORT}: register channels through registerContract`)
      }
      if (/(^|\.)exposeInMainWorld$/.test(callee)) {
        exposeCalls += 1
        const key = node.arguments[0]
        if (file !== PRELOAD_ENTRY) report('expose-once', file, node, sf, `exposeInMainWorld outside ${PRELOAD_ENTRY}`)
        else if (!key || !ts.isStringLiteral(key) || key.text !== 'omnidesk') report('expose-once', file, node, sf, "the preload exposes only 'omnidesk'")
      }
      if (/(^|\.)openExternal$/.test(callee) && /shell/.test(callee) && !importsUrlCheck) {
        report('open-external', file, node, sf, 'shell.openExternal without isAllowedExternalUrl in this file')
      }
    }

    if (inPreloadOrRenderer && ts.isPropertyAccessExpression(node) && node.name.text === 'env' && node.expression.getText() === 'process') {
      report('no-process-env', file, node, sf, 'process.env must not reach the preload or the renderer')
    }

    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'electron') {
      const clause = node.importClause
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly))
      if (!typeOnly && PURE_LAYERS.some((dir) => file.startsWith(dir))) {
        report('electron-layering', file, node, sf, 'runtime electron import in a pure layer (pass the dependency in instead)')
      }
    }
    if (ts.isCallExpression(node) && node.expression.getText() === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && node.arguments[0].text === 'electron') {
      if (PURE_LAYERS.some((dir) => file.startsWith(dir))) report('electron-layering', file, node, sf, "require('electron') in a pure layer")
    }

    if (ts.isStringLiteralLike(node) && node.text.includes("'unsafe-eval'")) {
      report('csp-unsafe-eval', file, node, sf, "'unsafe-eval' in a policy string")
    }

    ts.forEachChild(node, visit)
  }
  visit(sf)
}

if (fs.existsSync(path.join(root, SECURE_OPTIONS)) && !secureDefaultsSeen) {
  findings.push({ rule: 'secure-defaults', file: SECURE_OPTIONS, line: 1, column: 1, message: 'SECURE_WEB_PREFERENCES not found' })
}
if (fs.existsSync(path.join(root, PRELOAD_ENTRY)) && exposeCalls !== 1) {
  findings.push({ rule: 'expose-once', file: PRELOAD_ENTRY, line: 1, column: 1, message: `expected exactly one exposeInMainWorld, found ${exposeCalls}` })
}

if (asJson) {
  process.stdout.write(JSON.stringify({ root, findings }, null, 2) + '\n')
} else if (findings.length === 0) {
  console.log('security-lint: no findings')
} else {
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.message}`)
  console.error(`security-lint: ${findings.length} finding(s)`)
}
process.exitCode = findings.length === 0 ? 0 : 1
