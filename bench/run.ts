/**
 * `npm run bench -- NAME`: runs bench/NAME.bench.ts, prints a summary, and writes the figures to
 * bench/results/NAME.json. A bench module's default export is `(ctx) => Promise<BenchResult>`.
 * Benchmarks measure the path a user's data really takes and never run as tests.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { E2E_REQUIREMENTS, ensureSystemPackages, MissingSystemPackagesError, type SystemRequirement } from '../tests/support/systemPackages'

export interface BenchTarget {
  /** The figure's name in the JSON. */
  metric: string
  op: '<=' | '>='
  value: number
}

export interface BenchResult {
  /** The figures the issue names, plus any context worth keeping. */
  figures: Record<string, number | string | boolean | null>
  /** The targets, checked against `figures`. */
  targets?: BenchTarget[]
  /** How it was measured (sampling, fixtures, machine notes). */
  notes?: Record<string, unknown>
}

/** A bench/NAME.bench.ts module. */
export interface BenchModule {
  default: (ctx: BenchContext) => Promise<BenchResult>
  /** System packages it needs beyond the E2E tests' (checked, or installed, before it runs). */
  systemPackages?: readonly SystemRequirement[]
}

export interface BenchContext {
  root: string
  /** Where to put temporary files (removed by the bench itself). */
  log: (line: string) => void
}

async function main(): Promise<void> {
  const name = process.argv[2]
  const root = path.resolve(__dirname, '..')
  if (!name) {
    const names = (await readdir(path.join(root, 'bench'))).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''))
    console.log(`Usage: npm run bench -- NAME\nBenchmarks: ${names.join(', ') || '(none yet)'}`)
    process.exitCode = 2
    return
  }
  const mod = (await import(path.join(root, 'bench', `${name}.bench.ts`))) as BenchModule
  // Before minutes of work: Chromium, the fake microphone's tools, fonts, and the bench's own needs.
  try {
    ensureSystemPackages([...E2E_REQUIREMENTS, ...(mod.systemPackages ?? [])], { log: (line) => console.log(`[${name}] ${line}`) })
  } catch (error) {
    if (!(error instanceof MissingSystemPackagesError)) throw error
    console.error(`[${name}] ${error.message}`)
    process.exitCode = 1
    return
  }
  const started = Date.now()
  const result = await mod.default({ root, log: (line) => console.log(`[${name}] ${line}`) })
  const checks = (result.targets ?? []).map((t) => {
    const actual = result.figures[t.metric]
    const met = typeof actual === 'number' && (t.op === '<=' ? actual <= t.value : actual >= t.value)
    return { ...t, actual, met }
  })
  const out = {
    bench: name,
    date: new Date().toISOString(),
    durationMs: Date.now() - started,
    machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
    figures: result.figures,
    targets: checks,
    allTargetsMet: checks.every((c) => c.met),
    notes: result.notes ?? {}
  }
  await mkdir(path.join(root, 'bench/results'), { recursive: true })
  const file = path.join(root, 'bench/results', `${name}.json`)
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`)
  console.log(`\n${name}: ${out.allTargetsMet ? 'all targets met' : 'SOME TARGETS MISSED'}`)
  for (const c of checks) console.log(`  ${c.met ? 'ok ' : 'MISS'} ${c.metric} = ${c.actual} (target ${c.op} ${c.value})`)
  console.log(`written: ${path.relative(root, file)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
