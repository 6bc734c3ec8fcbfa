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
 *   open-external       shell.openExternal only in files that import isAllowedExternalUrl (or
 *                       externalUrlToOpen, which calls it)
 *   no-process-env      no process.env in the preload or the renderer
 *   layer-map           every folder of src/ is in LAYER_MAP and imports only the folders its
 *                       entry lists (relative imports, export-from, import(), require(), import
 *                       types; leaving src/ too, e.g. tests/support); a runtime electron import
 *                       (or require) only where the entry allows it (`import type` is fine).
 *                       The same map is the table under "## Layer map" in docs/ARCHITECTURE.md
 *   csp-unsafe-eval     no 'unsafe-eval' anywhere in src
 *   channel-windows     every channel of the contract (src/shared/ipc/contract.ts) is assigned
 *                       to window kinds in CHANNEL_WINDOWS (src/shared/ipc/windows.ts), and
 *                       nothing else is: a new channel is never open to every window by default
 *
 * Usage: node scripts/security-lint.mjs [--root DIR] [--json]
 *        node scripts/security-lint.mjs --print-layer-map [--json]   (the map: markdown rows or JSON)
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
const CONTRACT_FILE = 'src/shared/ipc/contract.ts'
const CHANNEL_WINDOWS_FILE = 'src/shared/ipc/windows.ts'
const WINDOW_CLASSES = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView'])

/**
 * The layer map: each folder of src/ → whether it may import `electron` at runtime, and the other
 * folders it may import (a folder may always import itself). A folder is src/shared, src/main,
 * src/preload, src/renderer, src/renderer/src (the files directly in each) and each direct
 * subfolder of these; deeper folders belong to their first-level subfolder (markdown/blocks would be
 * markdown). Targets outside src/ are named by their first two path segments (tests/support) or,
 * at the root, by the file (package.json). Built from the imports as they are; some entries keep
 * cycles and odd edges only until they are untangled — shrink the map, don't grow it casually.
 * docs/ARCHITECTURE.md ("## Layer map") shows the same table; tests/unit/layerMap.test.ts keeps
 * the two equal (regenerate the rows with --print-layer-map).
 */
const LAYER_MAP = {
  'src/shared':                  { electron: false, imports: ['src/shared/files', 'src/shared/memory'] },
  'src/shared/companion':        { electron: false, imports: [] },
  'src/shared/ipc':              { electron: false, imports: ['src/shared', 'src/shared/companion', 'src/shared/attachments', 'src/shared/capture', 'src/shared/assistants', 'src/shared/files', 'src/shared/memory', 'src/shared/tools', 'src/shared/voice'] },
  'src/shared/attachments':      { electron: false, imports: [] },
  'src/shared/files':            { electron: false, imports: [] },
  'src/shared/memory':           { electron: false, imports: [] },
  'src/shared/capture':          { electron: false, imports: ['src/shared/attachments'] },
  'src/shared/voice':            { electron: false, imports: ['src/shared'] },
  'src/shared/tools':            { electron: false, imports: ['src/shared'] },
  'src/shared/assistants':       { electron: false, imports: ['src/shared', 'src/shared/files'] },
  'src/main':                    { electron: false, imports: ['src/main/app', 'src/main/assistants', 'src/main/attachments', 'src/main/capture', 'src/main/chat', 'src/main/companion', 'src/main/files', 'src/main/memory', 'src/main/ocr', 'src/main/providers', 'src/main/settings', 'src/main/store', 'src/main/tools', 'src/main/transfer', 'src/main/updates', 'src/main/voice', 'src/shared/ipc'] },
  'src/main/app':                { electron: true, imports: ['assets', 'src/main', 'src/main/capture', 'src/main/companion', 'src/main/files', 'src/main/ipc', 'src/main/security', 'src/main/store', 'src/main/updates', 'src/main/voice', 'src/main/windows', 'src/shared', 'src/shared/capture', 'src/shared/companion', 'src/shared/ipc', 'src/shared/voice'] },
  'src/main/assistants':         { electron: false, imports: ['src/main/attachments', 'src/main/files', 'src/main/knowledge', 'src/main/providers', 'src/main/store', 'src/main/tools', 'src/shared', 'src/shared/assistants', 'src/shared/ipc'] },
  'src/main/attachments':        { electron: false, imports: ['src/main/capture', 'src/main/chat', 'src/shared', 'src/shared/attachments', 'src/shared/files', 'src/shared/ipc'] },
  'src/main/capture':            { electron: false, imports: ['src/main/companion', 'src/shared', 'src/shared/capture', 'src/shared/companion', 'src/shared/ipc'] },
  'src/main/chat':               { electron: false, imports: ['src/main/providers', 'src/main/store', 'src/main/tools', 'src/shared', 'src/shared/attachments', 'src/shared/files', 'src/shared/ipc'] },
  'src/main/companion':          { electron: false, imports: ['src/main/store', 'src/shared', 'src/shared/companion', 'src/shared/ipc'] },
  'src/main/files':              { electron: false, imports: ['src/main/attachments', 'src/main/chat', 'src/main/store', 'src/main/tools', 'src/shared', 'src/shared/files', 'src/shared/ipc'] },
  'src/main/harness':            { electron: false, imports: ['package.json', 'src/main', 'src/main/capture', 'src/main/companion', 'src/main/files', 'src/main/ipc', 'src/main/store', 'src/main/updates', 'src/main/voice', 'src/shared/ipc', 'src/shared/attachments', 'src/shared/capture', 'src/shared/voice', 'tests/support'] },
  'src/main/ipc':                { electron: false, imports: ['src/shared', 'src/shared/ipc'] },
  'src/main/knowledge':          { electron: false, imports: ['src/main/providers', 'src/main/store', 'src/shared'] },
  'src/main/ocr':                { electron: false, imports: ['src/main/attachments', 'src/main/chat', 'src/shared', 'src/shared/attachments'] },
  'src/main/providers':          { electron: false, imports: ['src/main/store', 'src/shared', 'src/shared/ipc'] },
  'src/main/security':           { electron: false, imports: ['src/main/ipc', 'src/shared/ipc'] },
  'src/main/settings':           { electron: false, imports: ['src/main/security', 'src/main/store', 'src/shared', 'src/shared/ipc'] },
  'src/main/store':              { electron: false, imports: ['src/shared', 'src/shared/ipc'] },
  'src/main/tools':              { electron: false, imports: ['src/shared', 'src/shared/files', 'src/shared/ipc', 'src/shared/memory', 'src/shared/tools'] },
  'src/main/memory':             { electron: false, imports: ['src/main/chat', 'src/main/store', 'src/main/tools', 'src/shared', 'src/shared/ipc', 'src/shared/memory'] },
  'src/main/updates':            { electron: false, imports: ['src/shared', 'src/shared/ipc'] },
  'src/main/transfer':           { electron: false, imports: ['src/main/attachments', 'src/main/store', 'src/shared', 'src/shared/attachments', 'src/shared/files', 'src/shared/ipc'] },
  'src/main/voice':              { electron: false, imports: ['src/main/chat', 'src/main/providers', 'src/main/store', 'src/shared', 'src/shared/ipc', 'src/shared/voice'] },
  'src/main/windows':            { electron: true, imports: ['src/main/capture', 'src/main/companion', 'src/main/ipc', 'src/main/security', 'src/shared/capture', 'src/shared/ipc'] },
  'src/preload':                 { electron: true, imports: ['src/shared/ipc', 'src/shared/voice'] },
  'src/renderer':                { electron: false, imports: [] }, // the HTML pages only (not parsed)
  'src/renderer/harness':        { electron: false, imports: ['src/shared/ipc', 'src/shared/voice'] },
  'src/renderer/src':            { electron: false, imports: ['src/renderer/src/companion', 'src/renderer/src/components', 'src/renderer/src/i18n', 'src/renderer/src/state', 'src/shared/ipc'] },
  'src/renderer/src/capture':    { electron: false, imports: ['src/renderer/src', 'src/renderer/src/attachments', 'src/renderer/src/components', 'src/renderer/src/i18n', 'src/renderer/src/state', 'src/shared/capture', 'src/shared/companion'] },
  'src/renderer/src/companion':  { electron: false, imports: ['src/renderer/src', 'src/renderer/src/components', 'src/renderer/src/logic', 'src/renderer/src/markdown', 'src/renderer/src/state', 'src/renderer/src/voice', 'src/shared', 'src/shared/companion', 'src/shared/ipc'] },
  'src/renderer/src/components': { electron: false, imports: ['src/renderer/src/companion', 'src/renderer/src/logic', 'src/renderer/src/markdown', 'src/renderer/src/state', 'src/renderer/src/attachments', 'src/renderer/src/capture', 'src/renderer/src/settings', 'src/renderer/src/tools', 'src/renderer/src/transfer', 'src/renderer/src/updates', 'src/renderer/src/voice', 'src/shared', 'src/shared/assistants'] },
  'src/renderer/src/i18n':       { electron: false, imports: ['src/shared'] },
  'src/renderer/src/logic':      { electron: false, imports: ['src/shared'] },
  'src/renderer/src/markdown':   { electron: false, imports: ['src/renderer/src/components', 'src/renderer/src/logic'] },
  'src/renderer/src/settings':   { electron: false, imports: ['src/renderer/src/capture', 'src/renderer/src/companion', 'src/renderer/src/components', 'src/renderer/src/i18n', 'src/renderer/src/logic', 'src/renderer/src/state', 'src/renderer/src/transfer', 'src/shared'] },
  'src/renderer/src/state':      { electron: false, imports: ['src/renderer/src/i18n', 'src/renderer/src/logic', 'src/shared', 'src/shared/ipc', 'src/shared/tools'] },
  'src/renderer/src/attachments': { electron: false, imports: ['src/renderer/src', 'src/renderer/src/components', 'src/renderer/src/logic', 'src/shared', 'src/shared/attachments', 'src/shared/capture', 'src/shared/files'] },
  'src/renderer/src/tools':      { electron: false, imports: ['src/renderer/src', 'src/renderer/src/components', 'src/renderer/src/markdown', 'src/renderer/src/state', 'src/shared', 'src/shared/files', 'src/shared/tools'] },
  'src/renderer/src/updates':    { electron: false, imports: ['src/renderer/src', 'src/renderer/src/components', 'src/renderer/src/state', 'src/shared/ipc'] },
  'src/renderer/src/transfer':   { electron: false, imports: ['src/renderer/src', 'src/renderer/src/components', 'src/renderer/src/logic', 'src/renderer/src/state', 'src/shared', 'src/shared/ipc'] },
  'src/renderer/src/voice':      { electron: false, imports: ['src/renderer/src', 'src/renderer/src/components', 'src/renderer/src/logic', 'src/renderer/src/state', 'src/shared', 'src/shared/attachments', 'src/shared/capture', 'src/shared/ipc', 'src/shared/voice'] }
}
/** Folders split one level further (longest first: src/renderer/src before src/renderer). */
const LAYER_ROOTS = ['src/renderer/src', 'src/renderer', 'src/shared', 'src/main', 'src/preload']

if (args.includes('--print-layer-map')) {
  const code = (names) => (names.length === 0 ? '—' : names.map((n) => `\`${n}\``).join(', '))
  const out = asJson
    ? JSON.stringify(LAYER_MAP, null, 2)
    : ['| folder | may import | electron |', '| --- | --- | --- |']
        .concat(Object.entries(LAYER_MAP).map(([dir, e]) => `| \`${dir}\` | ${code(e.imports)} | ${e.electron ? 'yes' : 'no'} |`))
        .join('\n')
  fs.writeSync(1, out + '\n')
  process.exit(0)
}

/** The layer-map folder of a repository path (a directory, or a file's directory); see LAYER_MAP. */
function layerOf(rel, isDir = false) {
  const dir = isDir ? rel : path.posix.dirname(rel)
  for (const layerRoot of LAYER_ROOTS) {
    if (dir === layerRoot) return layerRoot
    if (dir.startsWith(`${layerRoot}/`)) return `${layerRoot}/${dir.slice(layerRoot.length + 1).split('/')[0]}`
  }
  if (dir === '.') return rel
  if (dir.startsWith('../')) return dir
  return dir.split('/').slice(0, 2).join('/')
}

/** The layer-map folder a relative specifier of `fromAbs` lands in (query suffixes such as ?url dropped). */
function targetLayer(fromAbs, specifier) {
  const abs = path.resolve(path.dirname(fromAbs), specifier.replace(/\?.*$/, ''))
  const rel = path.relative(root, abs).split(path.sep).join('/')
  const isFile = ['', '.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.mjs'].some((ext) => fs.existsSync(abs + ext) && fs.statSync(abs + ext).isFile())
  const isDir = !isFile && fs.existsSync(abs) && fs.statSync(abs).isDirectory()
  return layerOf(rel, isDir)
}

const typeOnlyBindings = (bindings) => bindings && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly)
const typeOnlyExports = (clause) => clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)
/**
 * The module a node refers to, if any: import / export-from, import x = require(), import(),
 * require(), import('…') types, new URL('./…', import.meta.url). typeOnly: erased at runtime.
 */
function moduleReference(node) {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
    const clause = node.importClause
    return { specifier: node.moduleSpecifier.text, typeOnly: Boolean(clause?.isTypeOnly || (clause && !clause.name && typeOnlyBindings(clause.namedBindings))) }
  }
  if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return { specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || Boolean(typeOnlyExports(node.exportClause)) }
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
    return { specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly }
  }
  if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
    if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return { specifier: node.arguments[0].text, typeOnly: false }
    if (node.expression.getText() === 'require') return { specifier: node.arguments[0].text, typeOnly: false, require: true }
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
    return { specifier: node.argument.literal.text, typeOnly: true }
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && node.arguments?.length === 2) {
    const [spec, base] = node.arguments
    if (ts.isStringLiteralLike(spec) && spec.text.startsWith('.') && base.getText() === 'import.meta.url') return { specifier: spec.text, typeOnly: false }
  }
  return undefined
}

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
const unmappedLayers = new Set()
/** layer → the folders its files import (relative imports): unused map entries are reported. */
const usedImports = new Map()

for (const abs of listSources(path.join(root, 'src'))) {
  const file = path.relative(root, abs).split(path.sep).join('/')
  const text = fs.readFileSync(abs, 'utf8')
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, abs.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const inPreloadOrRenderer = file.startsWith('src/preload/') || file.startsWith('src/renderer/')
  const importsUrlCheck = /\b(isAllowedExternalUrl|externalUrlToOpen)\b/.test(text)
  const layer = layerOf(file)
  const layerEntry = Object.hasOwn(LAYER_MAP, layer) ? LAYER_MAP[layer] : undefined
  if (!layerEntry && !unmappedLayers.has(layer)) {
    unmappedLayers.add(layer)
    findings.push({ rule: 'layer-map', file, line: 1, column: 1, message: `add ${layer} to LAYER_MAP (and its table in docs/ARCHITECTURE.md)` })
  }

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

    const ref = layerEntry && moduleReference(node)
    if (ref && ref.specifier.startsWith('.')) {
      const target = targetLayer(abs, ref.specifier)
      if (!usedImports.has(layer)) usedImports.set(layer, new Set())
      usedImports.get(layer).add(target)
      if (target !== layer && !layerEntry.imports.includes(target)) {
        report('layer-map', file, node, sf, `${layer} may not import ${target} (layer map in docs/ARCHITECTURE.md)`)
      }
    } else if (ref && /^electron(\/|$)/.test(ref.specifier) && !ref.typeOnly && !layerEntry.electron) {
      const what = ref.require ? `require('${ref.specifier}')` : `runtime ${ref.specifier} import`
      report('layer-map', file, node, sf, `${what} in ${layer}, which LAYER_MAP keeps free of electron (pass the dependency in; \`import type\` is fine)`)
    }

    if (ts.isStringLiteralLike(node) && node.text.includes("'unsafe-eval'")) {
      report('csp-unsafe-eval', file, node, sf, "'unsafe-eval' in a policy string")
    }

    ts.forEachChild(node, visit)
  }
  visit(sf)
}

// The map is the imports as they are: an edge nothing uses any more goes (only checked on a whole
// tree, where every mapped folder has sources; fixtures in tests hold a few files).
const layersWithSources = new Set(listSources(path.join(root, 'src')).map((abs) => layerOf(path.relative(root, abs).split(path.sep).join('/'))))
if (Object.keys(LAYER_MAP).every((layer) => layer === 'src/renderer' || layersWithSources.has(layer))) {
  for (const [layer, entry] of Object.entries(LAYER_MAP)) {
    for (const target of entry.imports) {
      if (!usedImports.get(layer)?.has(target)) {
        findings.push({ rule: 'layer-map', file: 'scripts/security-lint.mjs', line: 1, column: 1, message: `LAYER_MAP lets ${layer} import ${target}, which it no longer does: remove the edge (and from docs/ARCHITECTURE.md)` })
      }
    }
  }
}

/** The object literal a top-level `const NAME = {…}` (through `as`/`satisfies`) is set to, if any. */
function constObjectLiteral(file, name) {
  const abs = path.join(root, file)
  if (!fs.existsSync(abs)) return undefined
  const sf = ts.createSourceFile(abs, fs.readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== name) continue
      let init = decl.initializer
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression
      if (init && ts.isObjectLiteralExpression(init)) return init
    }
  }
  return undefined
}

// channel-windows: the contract's `namespace: { name: … }` against CHANNEL_WINDOWS's 'namespace:name' keys.
const contractObject = constObjectLiteral(CONTRACT_FILE, 'contract')
if (contractObject) {
  const channels = new Set()
  for (const ns of contractObject.properties) {
    if (!ts.isPropertyAssignment(ns) || !ts.isObjectLiteralExpression(ns.initializer)) continue
    for (const channel of ns.initializer.properties) if (propName(channel)) channels.add(`${propName(ns)}:${propName(channel)}`)
  }
  const assignment = constObjectLiteral(CHANNEL_WINDOWS_FILE, 'CHANNEL_WINDOWS')
  const assigned = new Set(assignment ? assignment.properties.map(propName).filter(Boolean) : [])
  for (const channel of channels) {
    if (!assigned.has(channel)) findings.push({ rule: 'channel-windows', file: CHANNEL_WINDOWS_FILE, line: 1, column: 1, message: `${channel} is not assigned to any window kind in CHANNEL_WINDOWS` })
  }
  for (const channel of assigned) {
    if (!channels.has(channel)) findings.push({ rule: 'channel-windows', file: CHANNEL_WINDOWS_FILE, line: 1, column: 1, message: `CHANNEL_WINDOWS names ${channel}, which the contract does not have` })
  }
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
