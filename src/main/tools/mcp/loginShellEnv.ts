/**
 * The environment the user's terminal would have, for starting stdio MCP servers.
 *
 * Why: an app launched from the macOS Finder / Dock (or a Linux desktop launcher) inherits the
 * login session's bare environment, without what ~/.zshrc, ~/.bash_profile, nvm, Homebrew or
 * asdf add. The `npx`, `uvx` or `node` that a server's config names then "does not exist",
 * although it runs fine in the terminal. So we ask the user's own shell, started as a login
 * interactive shell (so it reads the same files a terminal does), to print its environment.
 *
 * How: the shell runs `printf MARK; env -0 || env; printf MARK` — rc files can print anything
 * (greetings, `nvm` notices, job-control warnings), so only what lies between two random markers
 * counts. `env -0` separates entries with NUL (values may contain newlines); where `env` has no
 * `-0` we read its newline output. We can't run our own executable as Node for this
 * (ELECTRON_RUN_AS_NODE is fused off in the packaged app), hence `env`.
 *
 * It is started detached (its own session, stdin from /dev/null) so an interactive shell can't
 * take over the terminal Omnidesk was started from, and killed with its process group after
 * ~5 s: a slow or stuck rc file must not keep MCP servers from starting. Any failure falls back
 * to process.env (on macOS with the usual Homebrew folders added to PATH). Windows GUI apps get
 * the user's full environment already, so there we use process.env as is.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { userInfo } from 'node:os'

export interface ShellRunRequest {
  shell: string
  args: string[]
  env: Record<string, string>
  timeoutMs: number
}

/** Runs the shell and resolves with its stdout; rejects when it can't start or times out. */
export type ShellRunner = (request: ShellRunRequest) => Promise<string>

export interface LoginShellEnvOptions {
  platform?: NodeJS.Platform
  /** The shell to run; default `$SHELL`, then the account's shell, then /bin/zsh (macOS) or /bin/sh. */
  shell?: string
  run?: ShellRunner
  timeoutMs?: number
  /** The process's own environment (tests); default process.env. */
  processEnv?: Record<string, string | undefined>
  /** Random markers (tests may fix one). */
  marker?: string
}

const DEFAULT_TIMEOUT_MS = 5_000
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024
/** Variables that describe the shell we just ran, not the user's environment. */
const SHELL_OWN_VARIABLES = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD'])
/** Where Homebrew (Apple silicon, Intel) puts programs: missing from a Finder-launched app's PATH. */
const MAC_EXTRA_PATHS = ['/opt/homebrew/bin', '/opt/homebrew/sbin', '/usr/local/bin']

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') out[key] = value
  return out
}

/** Single-quoted for POSIX shells, fish and csh alike (no `'` inside: closed, escaped, reopened). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** The arguments that make `shell` a login interactive shell running `script`. */
export function loginShellArgs(shell: string, script: string): string[] {
  const name = shell.split(/[\\/]/).pop() ?? shell
  // csh/tcsh accept -l only as the sole flag; there -i with -c is the closest we get.
  if (name === 'tcsh' || name === 'csh') return ['-i', '-c', script]
  return ['-i', '-l', '-c', script]
}

export function envScript(marker: string): string {
  return `printf '%s' ${shellQuote(marker)}; env -0 || env; printf '%s' ${shellQuote(marker)}`
}

/**
 * The environment printed between two `marker`s in `stdout`, or undefined when the markers are
 * missing. NUL-separated (`env -0`) or newline-separated (plain `env`: a line that doesn't start
 * with `NAME=` continues the previous value, which had a newline in it).
 */
export function parseEnvOutput(stdout: string, marker: string): Record<string, string> | undefined {
  const start = stdout.indexOf(marker)
  if (start < 0) return undefined
  const end = stdout.indexOf(marker, start + marker.length)
  if (end < 0) return undefined
  const block = stdout.slice(start + marker.length, end)

  const env: Record<string, string> = {}
  const entry = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/
  if (block.includes('\0')) {
    for (const item of block.split('\0')) {
      const match = entry.exec(item)
      if (match) env[match[1]] = match[2]
    }
  } else {
    let last: string | undefined
    for (const line of block.split('\n')) {
      const match = entry.exec(line)
      if (match) {
        last = match[1]
        env[last] = match[2]
      } else if (last !== undefined && line.length > 0) {
        env[last] += `\n${line}`
      }
    }
  }
  for (const key of Object.keys(env)) {
    // Exported bash functions: code, not configuration, and never needed by a server.
    if (SHELL_OWN_VARIABLES.has(key) || key.startsWith('BASH_FUNC_')) delete env[key]
  }
  return Object.keys(env).length > 0 ? env : undefined
}

/** process.env, plus (on macOS) the Homebrew folders its PATH lacks when launched from Finder. */
export function fallbackEnv(platform: NodeJS.Platform, processEnv: Record<string, string | undefined>): Record<string, string> {
  const env = definedOnly(processEnv)
  if (platform === 'darwin') {
    const parts = (env.PATH ?? '/usr/bin:/bin:/usr/sbin:/sbin').split(':').filter(Boolean)
    for (const extra of MAC_EXTRA_PATHS) if (!parts.includes(extra)) parts.push(extra)
    env.PATH = parts.join(':')
  }
  return env
}

/** The default runner: spawn detached, collect stdout, kill the group on timeout. */
export const spawnShell: ShellRunner = ({ shell, args, env, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const child = spawn(shell, args, { env, detached: true, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true })
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = (error?: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) reject(error)
      else resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    const timer = setTimeout(() => {
      killGroup()
      finish(new Error(`${shell} did not finish within ${timeoutMs} ms`))
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_OUTPUT_BYTES) {
        killGroup()
        finish(new Error(`${shell} printed more than ${MAX_OUTPUT_BYTES} bytes`))
        return
      }
      chunks.push(chunk)
    })
    child.on('error', (error) => finish(error))
    // 'close' (not 'exit'): stdout has been read to the end.
    child.on('close', () => finish())
  })

let cached: Promise<Record<string, string>> | undefined

/** Forgets the cached environment (tests; or after the user changed their shell setup). */
export function clearLoginShellEnvCache(): void {
  cached = undefined
}

/**
 * The user's login-shell environment merged over process.env (the shell's values win, PATH
 * above all). Read once per process; later calls get the same answer. Never rejects.
 */
export function readLoginShellEnv(opts: LoginShellEnvOptions = {}): Promise<Record<string, string>> {
  cached ??= readUncached(opts)
  return cached
}

async function readUncached(opts: LoginShellEnvOptions): Promise<Record<string, string>> {
  const platform = opts.platform ?? process.platform
  const processEnv = opts.processEnv ?? process.env
  if (platform === 'win32') return definedOnly(processEnv)

  const shell = opts.shell || processEnv.SHELL || accountShell() || (platform === 'darwin' ? '/bin/zsh' : '/bin/sh')
  const marker = opts.marker ?? `__OMNIDESK_ENV_${randomBytes(8).toString('hex')}__`
  const run = opts.run ?? spawnShell
  try {
    const stdout = await run({
      shell,
      args: loginShellArgs(shell, envScript(marker)),
      env: definedOnly(processEnv),
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    })
    const shellEnv = parseEnvOutput(stdout, marker)
    if (!shellEnv) return fallbackEnv(platform, processEnv)
    const merged = { ...definedOnly(processEnv), ...shellEnv }
    // A shell setup that somehow ends with no PATH must not leave servers with none at all.
    if (!shellEnv.PATH) {
      const fallbackPath = fallbackEnv(platform, processEnv).PATH
      if (fallbackPath) merged.PATH = fallbackPath
    }
    return merged
  } catch {
    return fallbackEnv(platform, processEnv)
  }
}

function accountShell(): string | undefined {
  try {
    return userInfo().shell ?? undefined
  } catch {
    return undefined
  }
}
