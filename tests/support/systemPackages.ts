/**
 * The system packages the E2E tests and benches need, found or installed before anything runs:
 * Debian's Chromium (never a downloaded browser), espeak-ng and sox (the fake microphone's
 * speech), CJK fonts (the zh-CN UI), qpdf (the document tests' encrypted PDFs), tesseract (the
 * capture bench's OCR).
 *
 * Missing packages are installed with apt-get (update first) when this process may: as root, or
 * through sudo without a password. Otherwise, or without apt-get, or with
 * OMNIDESK_NO_SYSTEM_INSTALL=1, it stops at once with the exact command to run.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { CHROMIUM_PATH } from './chromium'

export interface SystemRequirement {
  /** What the user reads ("Chromium at /usr/lib/chromium/chromium"). */
  label: string
  /** The Debian package that provides it. */
  debianPackage: string
  /** Why the tests need it. */
  why: string
  present(): boolean
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const hasCjkFont = (): boolean => {
  const fonts = spawnSync('fc-list', [':lang=zh-cn', 'family'], { encoding: 'utf8' })
  return fonts.status === 0 && /Noto Sans CJK|Noto Serif CJK|WenQuanYi|Source Han/i.test(fonts.stdout)
}

export const CHROMIUM: SystemRequirement = {
  label: `Chromium at ${CHROMIUM_PATH}`,
  debianPackage: 'chromium',
  why: 'the browser the E2E tests and benches drive',
  present: () => executable(CHROMIUM_PATH)
}

export const ESPEAK: SystemRequirement = {
  label: 'espeak-ng',
  debianPackage: 'espeak-ng',
  why: "speech for the fake microphone (voice tests)",
  present: () => onPath('espeak-ng')
}

export const SOX: SystemRequirement = {
  label: 'sox',
  debianPackage: 'sox',
  why: 'resamples and pads the fake microphone\'s speech',
  present: () => onPath('sox')
}

export const CJK_FONTS: SystemRequirement = {
  label: 'CJK fonts (Noto Sans CJK)',
  debianPackage: 'fonts-noto-cjk',
  why: 'the 简体中文 UI renders as text, not boxes',
  present: hasCjkFont
}

export const TESSERACT: SystemRequirement = {
  label: 'tesseract',
  debianPackage: 'tesseract-ocr',
  why: "OCR of the screenshots the capture bench sends (the English data comes with it)",
  present: () => onPath('tesseract')
}

export const QPDF: SystemRequirement = {
  label: 'qpdf',
  debianPackage: 'qpdf',
  why: 'encrypts the password-protected PDFs of the document tests (tests/support/documents.ts)',
  present: () => onPath('qpdf')
}

/** What `npm run test:e2e` needs. */
export const E2E_REQUIREMENTS: readonly SystemRequirement[] = [CHROMIUM, ESPEAK, SOX, CJK_FONTS]

/** What the unit tests need beyond Node (`npm test` checks it with the E2E's). */
export const UNIT_REQUIREMENTS: readonly SystemRequirement[] = [QPDF]

export class MissingSystemPackagesError extends Error {}

export interface EnsureOptions {
  log?: (line: string) => void
  /** For tests: the process's situation instead of the real one. */
  env?: { isRoot: boolean; passwordlessSudo: () => boolean; hasAptGet: boolean; mayInstall: boolean }
  /** For tests: runs one install command (argv). */
  run?: (argv: string[]) => void
}

const realEnv = (): NonNullable<EnsureOptions['env']> => ({
  isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  passwordlessSudo: () => onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
  hasAptGet: onPath('apt-get'),
  mayInstall: process.env.OMNIDESK_NO_SYSTEM_INSTALL !== '1'
})

const realRun = (argv: string[]): void => {
  execFileSync(argv[0], argv.slice(1), { stdio: 'inherit' })
}

/** The exact shell command that installs these packages (with sudo unless already root). */
export function installCommand(packages: readonly string[], asRoot: boolean): string {
  const sudo = asRoot ? '' : 'sudo '
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`
}

/**
 * Makes sure every requirement is present: installs what is missing when it may, else throws a
 * MissingSystemPackagesError whose message lists what is missing, why, and the command to run.
 */
export function ensureSystemPackages(requirements: readonly SystemRequirement[], opts: EnsureOptions = {}): void {
  const log = opts.log ?? ((line: string) => console.log(line))
  const missing = requirements.filter((r) => !r.present())
  if (missing.length === 0) return
  const packages = [...new Set(missing.map((r) => r.debianPackage))]
  const env = opts.env ?? realEnv()
  const list = missing.map((r) => `  - ${r.label} (${r.debianPackage}): ${r.why}`).join('\n')
  const stop = (how: string): never => {
    throw new MissingSystemPackagesError(`Missing system packages:\n${list}\n${how}`)
  }
  if (!env.hasAptGet) stop(`Install them with your system's package manager (on Debian or Ubuntu: ${installCommand(packages, false)}).`)
  const sudo = env.isRoot ? false : env.mayInstall && env.passwordlessSudo() ? true : undefined
  if (!env.mayInstall || sudo === undefined) stop(`Run:\n  ${installCommand(packages, env.isRoot)}`)
  const prefix = sudo ? ['sudo', '-n'] : []
  log(`Installing system packages for the tests: ${packages.join(' ')}\n${list}`)
  const run = opts.run ?? realRun
  try {
    run([...prefix, 'apt-get', 'update', '-qq'])
    // Through env: sudo resets the environment.
    run([...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages])
  } catch (error) {
    stop(`apt-get failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). Fix what it says above, then run:\n  ${installCommand(packages, env.isRoot)}`)
  }
  const still = missing.filter((r) => !r.present())
  if (still.length > 0) stop(`apt-get finished, but these are still missing: ${still.map((r) => r.label).join(', ')}.`)
}
