/**
 * electron-vite build of the three processes into out/:
 * - main: CommonJS (package.json has no "type": "module"); dependencies stay external in
 *   node_modules, so @libsql/client's native binding loads from disk (asar-unpacked) and
 *   electron-store (ESM-only) is reached through a dynamic import().
 * - preload: ONE CommonJS file with every dependency (zod) bundled: a sandboxed preload cannot
 *   be ESM and can only require 'electron' and a few built-ins.
 * - renderer: the React pages: index.html (main window), capture.html (region overlay),
 *   companion.html (the companion window).
 *
 * `electron-vite dev` only: React Fast Refresh needs an inline script in index.html, which our
 * CSP (script-src 'self') blocks. Vite tags its inline scripts with a per-session nonce
 * (html.cspNonce) and main adds that nonce to the dev CSP; it reaches main through the
 * environment of the Electron process electron-vite spawns, as ELECTRON_RENDERER_URL does.
 * Production builds carry no nonce and no inline script.
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { webpGluePlugin } from './build/webpGluePlugin'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig(({ command }) => {
  const devScriptNonce = command === 'serve' ? randomBytes(18).toString('base64') : undefined
  if (devScriptNonce) process.env.OMNIDESK_DEV_SCRIPT_NONCE = devScriptNonce

  return {
    main: {
      build: {
        externalizeDeps: true,
        rolldownOptions: {
          // documentWorker: text extraction off the main thread (src/main/files/documents/worker.ts);
          // dataWorker: the DuckDB data engine off the main thread (src/main/files/data/worker.ts).
          input: {
            index: resolve(root, 'src/main/index.ts'),
            documentWorker: resolve(root, 'src/main/files/documents/worker.ts'),
            dataWorker: resolve(root, 'src/main/files/data/worker.ts'),
            // integrityWorker: the history's quick_check off the main thread (src/main/store/integrityWorker.ts).
            integrityWorker: resolve(root, 'src/main/store/integrityWorker.ts')
          }
        }
      }
    },
    preload: {
      build: {
        externalizeDeps: false,
        rolldownOptions: {
          input: { index: resolve(root, 'src/preload/index.ts') },
          output: { format: 'cjs', entryFileNames: '[name].js' }
        }
      }
    },
    renderer: {
      root: resolve(root, 'src/renderer'),
      ...(devScriptNonce ? { html: { cspNonce: devScriptNonce } } : {}),
      build: {
        // The pages' code is parsed on every window load: minified it is 45 % smaller (the app
        // itself runs no eval; names are not part of any behaviour).
        minify: true,
        rolldownOptions: {
          input: { index: resolve(root, 'src/renderer/index.html'), capture: resolve(root, 'src/renderer/capture.html'), companion: resolve(root, 'src/renderer/companion.html') }
        }
      },
      // libwebp's WASM (src/renderer/src/attachments/webpEncoder.ts) ships as a local asset via ?url;
      // the plugin patches its glue's byte-by-byte heap copy. Not pre-bundled in dev, so the
      // plugin applies there too.
      optimizeDeps: { exclude: ['@jsquash/webp'] },
      // The speech-onset worker (voice/onsetWorker.ts) is an ES module worker: onnxruntime is
      // split from it into its own chunk.
      worker: { format: 'es' },
      plugins: [react(), webpGluePlugin()]
    }
  }
})
