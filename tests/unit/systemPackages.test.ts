import { describe, expect, it } from 'vitest'
import { ensureSystemPackages, installCommand, MissingSystemPackagesError, type SystemRequirement } from '../support/systemPackages'

/** A requirement that appears once its package was "installed". */
function fakeRequirement(pkg: string, installed: Set<string>): SystemRequirement {
  return { label: pkg, debianPackage: pkg, why: `needed for ${pkg}`, present: () => installed.has(pkg) }
}

const situation = (over: Partial<{ isRoot: boolean; sudo: boolean; hasAptGet: boolean; mayInstall: boolean }> = {}) => ({
  isRoot: over.isRoot ?? false,
  passwordlessSudo: () => over.sudo ?? false,
  hasAptGet: over.hasAptGet ?? true,
  mayInstall: over.mayInstall ?? true
})

describe('system packages for the tests', () => {
  it('does nothing when everything is there', () => {
    const installed = new Set(['chromium', 'sox'])
    const runs: string[][] = []
    ensureSystemPackages([fakeRequirement('chromium', installed), fakeRequirement('sox', installed)], { env: situation(), run: (a) => runs.push(a), log: () => undefined })
    expect(runs).toEqual([])
  })

  it('as root: apt-get update, then installs only what is missing, and says so', () => {
    const installed = new Set(['chromium'])
    const runs: string[][] = []
    const lines: string[] = []
    const reqs = [fakeRequirement('chromium', installed), fakeRequirement('sox', installed), fakeRequirement('espeak-ng', installed)]
    ensureSystemPackages(reqs, {
      env: situation({ isRoot: true }),
      run: (argv) => {
        runs.push(argv)
        if (argv.includes('install')) for (const p of ['sox', 'espeak-ng']) installed.add(p)
      },
      log: (l) => lines.push(l)
    })
    expect(runs).toEqual([
      ['apt-get', 'update', '-qq'],
      ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'sox', 'espeak-ng']
    ])
    expect(lines.join('\n')).toContain('Installing system packages for the tests: sox espeak-ng')
  })

  it('through sudo without a password', () => {
    const installed = new Set<string>()
    const runs: string[][] = []
    ensureSystemPackages([fakeRequirement('sox', installed)], { env: situation({ sudo: true }), run: (a) => { runs.push(a); installed.add('sox') }, log: () => undefined })
    expect(runs.map((a) => a.slice(0, 3))).toEqual([['sudo', '-n', 'apt-get'], ['sudo', '-n', 'env']])
  })

  it('stops at once with the exact command when it may not install', () => {
    const installed = new Set<string>()
    const runs: string[][] = []
    const reqs = [fakeRequirement('chromium', installed), fakeRequirement('fonts-noto-cjk', installed)]
    const attempt = () => ensureSystemPackages(reqs, { env: situation({ sudo: false }), run: (a) => runs.push(a), log: () => undefined })
    expect(attempt).toThrow(MissingSystemPackagesError)
    expect(attempt).toThrow('sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk')
    expect(attempt).toThrow('needed for fonts-noto-cjk')
    expect(runs).toEqual([])
    // OMNIDESK_NO_SYSTEM_INSTALL=1 as root: the command without sudo, nothing run.
    expect(() => ensureSystemPackages(reqs, { env: situation({ isRoot: true, mayInstall: false }), run: (a) => runs.push(a) })).toThrow(`Run:\n  ${installCommand(['chromium', 'fonts-noto-cjk'], true)}`)
    expect(runs).toEqual([])
  })

  it('names the packages for other systems, and reports an install that did not help or failed', () => {
    const installed = new Set<string>()
    const reqs = [fakeRequirement('sox', installed)]
    expect(() => ensureSystemPackages(reqs, { env: situation({ hasAptGet: false }), run: () => undefined })).toThrow("Install them with your system's package manager")
    expect(() => ensureSystemPackages(reqs, { env: situation({ isRoot: true }), run: () => undefined, log: () => undefined })).toThrow('still missing: sox')
    expect(() =>
      ensureSystemPackages(reqs, {
        env: situation({ isRoot: true }),
        run: () => {
          throw new Error('Command failed: apt-get update -qq\nE: network unreachable')
        },
        log: () => undefined
      })
    ).toThrow(/apt-get failed \(Command failed: apt-get update -qq\)/)
  })
})
