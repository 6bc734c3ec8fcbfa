/**
 * Builds the web harness's bridge (src/renderer/harness/bridge.ts) into out/harness/bridge.js:
 * one classic-script IIFE, no code splitting, injected by the harness server before the app.
 *   vite build -c vite.harness.config.mts
 */
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(process.cwd(), 'out/harness'),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: resolve(process.cwd(), 'src/renderer/harness/bridge.ts'),
      formats: ['iife'],
      name: 'OmnideskHarnessBridge',
      fileName: () => 'bridge.js'
    }
  }
})
