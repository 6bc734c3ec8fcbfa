/**
 * The preload runs before every page of every window, and the harness's bridge stands in for it:
 * both carry the IPC calls without the contract's schemas (src/shared/ipc/bridgeApi.ts). Bundled
 * here as their builds bundle them, they must stay free of zod (it was 260 KB of the preload,
 * parsed and run before each page could start) and small.
 */
import path from 'node:path'
import { rolldown } from 'rolldown'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../..')

async function bundle(entry: string): Promise<{ modules: string[]; bytes: number }> {
  const build = await rolldown({ input: path.join(root, entry), external: ['electron'], platform: 'browser', logLevel: 'silent' })
  try {
    const { output } = await build.generate({ format: 'iife', name: 'bundle' })
    const chunk = output[0]
    return { modules: chunk.moduleIds.map((id) => path.relative(root, id)), bytes: chunk.code.length }
  } finally {
    await build.close()
  }
}

describe('the preload and the harness bridge carry no schemas', () => {
  it.each(['src/preload/index.ts', 'src/renderer/harness/bridge.ts'])('%s: no zod, no contract, under 40 KB', async (entry) => {
    const { modules, bytes } = await bundle(entry)
    expect(modules.filter((m) => m.includes('node_modules/zod'))).toEqual([])
    expect(modules).not.toContain('src/shared/ipc/contract.ts')
    expect(bytes).toBeLessThan(40_000)
  })
})
