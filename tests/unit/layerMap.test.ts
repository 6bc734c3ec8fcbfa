/**
 * The layer map is written twice: LAYER_MAP in scripts/security-lint.mjs (enforced) and the table
 * under "## Layer map" in docs/ARCHITECTURE.md (read). They must not drift.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
type LayerMap = Record<string, { electron: boolean; imports: string[] }>

function lintMap(): LayerMap {
  const out = execFileSync(process.execPath, [path.join(repo, 'scripts/security-lint.mjs'), '--print-layer-map', '--json'], { encoding: 'utf8' })
  return JSON.parse(out) as LayerMap
}

/** The rows of the table in the "## Layer map" section: | `folder` | `a`, `b` or — | yes/no |. */
function docsMap(): LayerMap {
  const doc = readFileSync(path.join(repo, 'docs/ARCHITECTURE.md'), 'utf8')
  const section = doc.split(/^## /m).find((s) => s.startsWith('Layer map\n'))
  if (!section) throw new Error('docs/ARCHITECTURE.md has no "## Layer map" section')
  const rows = section.split('\n').filter((line) => line.startsWith('|')).slice(2)
  const map: LayerMap = {}
  for (const row of rows) {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim())
    expect(cells, row).toHaveLength(3)
    const [folder, imports, electron] = cells
    expect(folder, row).toMatch(/^`[^`]+`$/)
    expect(electron, row).toMatch(/^(yes|no)$/)
    const name = folder.slice(1, -1)
    expect(map, `${name} listed twice`).not.toHaveProperty([name])
    map[name] = { electron: electron === 'yes', imports: imports === '—' ? [] : imports.split(',').map((s) => s.trim().replace(/^`|`$/g, '')) }
  }
  return map
}

const sorted = (map: LayerMap): LayerMap =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, { electron: v.electron, imports: [...v.imports].sort() }]))

describe('layer map', () => {
  it('docs/ARCHITECTURE.md shows exactly LAYER_MAP', () => {
    expect(sorted(docsMap())).toEqual(sorted(lintMap()))
  })

  it('the section follows "## Processes and layers"', () => {
    const headings: string[] = readFileSync(path.join(repo, 'docs/ARCHITECTURE.md'), 'utf8').match(/^## .*$/gm) ?? []
    expect(headings[headings.indexOf('## Processes and layers') + 1]).toBe('## Layer map')
  })

  it('names only folders that exist, none of them twice in a row, never itself', () => {
    const map = lintMap()
    for (const [folder, entry] of Object.entries(map)) {
      expect(existsSync(path.join(repo, folder)) && statSync(path.join(repo, folder)).isDirectory(), folder).toBe(true)
      expect(new Set(entry.imports).size, folder).toBe(entry.imports.length)
      expect(entry.imports, folder).not.toContain(folder)
      for (const target of entry.imports) expect(existsSync(path.join(repo, target)), `${folder} → ${target}`).toBe(true)
    }
  })
})
