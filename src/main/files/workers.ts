/**
 * Where the worker threads' scripts are. The app runs the bundles electron-vite emits beside
 * main's own (out/main/documentWorker.js, out/main/dataWorker.js); tests and a harness started
 * before any build run the TypeScript sources through tsx.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FileWorkers } from './service'

/** The bundles in `dir` (the folder of the built main script). */
export function builtFileWorkers(dir: string): FileWorkers {
  return {
    document: { path: path.join(dir, 'documentWorker.js') },
    data: { path: path.join(dir, 'dataWorker.js') },
    integrity: { path: path.join(dir, 'integrityWorker.js') }
  }
}

/** The sources, run through tsx (this file's folder is src/main/files when not bundled). */
export function sourceFileWorkers(): FileWorkers {
  const execArgv = ['--require', 'tsx/cjs']
  return {
    document: { path: path.join(__dirname, 'documents', 'worker.ts'), execArgv },
    data: { path: path.join(__dirname, 'data', 'worker.ts'), execArgv },
    integrity: { path: path.join(__dirname, '..', 'store', 'integrityWorker.ts'), execArgv }
  }
}

/** The built bundles under `outDir` when a build is there, else the sources (the harness). */
export function harnessFileWorkers(outDir: string): FileWorkers {
  return ['documentWorker.js', 'dataWorker.js', 'integrityWorker.js'].every((name) => existsSync(path.join(outDir, name))) ? builtFileWorkers(outDir) : sourceFileWorkers()
}
