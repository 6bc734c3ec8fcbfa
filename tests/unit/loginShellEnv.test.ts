/**
 * Reading the login shell's environment: the parsing of what the shell prints, the fallbacks,
 * and the cache — with an injected runner, so no real shell setup matters.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  clearLoginShellEnvCache,
  envScript,
  loginShellArgs,
  parseEnvOutput,
  readLoginShellEnv,
  spawnShell,
  type ShellRunner
} from '../../src/main/tools/mcp/loginShellEnv'

const MARK = '__OMNIDESK_ENV_test__'

afterEach(() => {
  clearLoginShellEnvCache()
})

describe('parseEnvOutput', () => {
  it('reads NUL-separated output between the markers, ignoring rc-file noise', () => {
    const out = `Welcome back!\nnvm: using node 22\n${MARK}PATH=/opt/homebrew/bin:/usr/bin\0MULTI=line one\nline two\0EMPTY=\0_=/usr/bin/env\0SHLVL=2\0${MARK}bye\n`
    expect(parseEnvOutput(out, MARK)).toEqual({ PATH: '/opt/homebrew/bin:/usr/bin', MULTI: 'line one\nline two', EMPTY: '' })
  })

  it('reads newline-separated output (env without -0), joining continued values', () => {
    const out = `noise ${MARK}HOME=/Users/me\nNOTE=first\nsecond line\nURL=https://x?a=b\n${MARK}`
    expect(parseEnvOutput(out, MARK)).toEqual({ HOME: '/Users/me', NOTE: 'first\nsecond line', URL: 'https://x?a=b' })
  })

  it('drops exported bash functions and shell bookkeeping', () => {
    const out = `${MARK}BASH_FUNC_nvm%%=() {  echo hi\n}\0PWD=/x\0OLDPWD=/y\0KEEP=1\0${MARK}`
    expect(parseEnvOutput(out, MARK)).toEqual({ KEEP: '1' })
  })

  it('gives undefined without both markers', () => {
    expect(parseEnvOutput('PATH=/usr/bin', MARK)).toBeUndefined()
    expect(parseEnvOutput(`${MARK}PATH=/usr/bin`, MARK)).toBeUndefined()
    expect(parseEnvOutput(`${MARK}${MARK}`, MARK)).toBeUndefined()
  })
})

describe('loginShellArgs', () => {
  it('runs a login interactive shell', () => {
    expect(loginShellArgs('/bin/zsh', 'X')).toEqual(['-i', '-l', '-c', 'X'])
    expect(loginShellArgs('/usr/local/bin/fish', 'X')).toEqual(['-i', '-l', '-c', 'X'])
    expect(loginShellArgs('/bin/tcsh', 'X')).toEqual(['-i', '-c', 'X'])
  })

  it('prints the markers around env', () => {
    expect(envScript(MARK)).toBe(`printf '%s' '${MARK}'; env -0 || env; printf '%s' '${MARK}'`)
  })
})

describe('readLoginShellEnv', () => {
  it('merges the shell’s environment over the process’s: PATH comes from the shell', async () => {
    const run = vi.fn<ShellRunner>(async () => `Last login: today\n${MARK}PATH=/opt/homebrew/bin:/usr/bin\0NVM_DIR=/Users/me/.nvm\0${MARK}`)
    const env = await readLoginShellEnv({
      platform: 'darwin',
      shell: '/bin/zsh',
      run,
      marker: MARK,
      processEnv: { PATH: '/usr/bin:/bin', HOME: '/Users/me', UNSET: undefined }
    })
    expect(env).toEqual({ PATH: '/opt/homebrew/bin:/usr/bin', HOME: '/Users/me', NVM_DIR: '/Users/me/.nvm' })
    expect(run).toHaveBeenCalledWith({
      shell: '/bin/zsh',
      args: ['-i', '-l', '-c', envScript(MARK)],
      env: { PATH: '/usr/bin:/bin', HOME: '/Users/me' },
      timeoutMs: 5000
    })
  })

  it('uses $SHELL by default', async () => {
    const run = vi.fn<ShellRunner>(async () => `${MARK}PATH=/x\0${MARK}`)
    await readLoginShellEnv({ platform: 'linux', run, marker: MARK, processEnv: { SHELL: '/usr/bin/fish' } })
    expect(run.mock.calls[0][0].shell).toBe('/usr/bin/fish')
  })

  it('falls back to process.env (with Homebrew on macOS) when the shell fails or times out', async () => {
    const env = await readLoginShellEnv({
      platform: 'darwin',
      shell: '/bin/zsh',
      run: async () => {
        throw new Error('/bin/zsh did not finish within 5000 ms')
      },
      processEnv: { PATH: '/usr/bin:/bin', HOME: '/Users/me' }
    })
    expect(env).toEqual({ PATH: '/usr/bin:/bin:/opt/homebrew/bin:/opt/homebrew/sbin:/usr/local/bin', HOME: '/Users/me' })
  })

  it('falls back when the output has no markers, and keeps PATH when the shell printed none', async () => {
    const noMarkers = await readLoginShellEnv({ platform: 'linux', shell: '/bin/bash', run: async () => 'garbage', processEnv: { PATH: '/usr/bin' } })
    expect(noMarkers).toEqual({ PATH: '/usr/bin' })
    clearLoginShellEnvCache()
    const noPath = await readLoginShellEnv({
      platform: 'linux',
      shell: '/bin/bash',
      marker: MARK,
      run: async () => `${MARK}FOO=bar\0${MARK}`,
      processEnv: { PATH: '/usr/bin' }
    })
    expect(noPath).toEqual({ PATH: '/usr/bin', FOO: 'bar' })
  })

  it('returns process.env on Windows without running anything', async () => {
    const run = vi.fn<ShellRunner>()
    const env = await readLoginShellEnv({ platform: 'win32', run, processEnv: { Path: 'C:\\Windows', USERPROFILE: 'C:\\Users\\me' } })
    expect(env).toEqual({ Path: 'C:\\Windows', USERPROFILE: 'C:\\Users\\me' })
    expect(run).not.toHaveBeenCalled()
  })

  it('asks the shell once per process', async () => {
    const run = vi.fn<ShellRunner>(async () => `${MARK}PATH=/x\0${MARK}`)
    const options = { platform: 'linux' as const, shell: '/bin/sh', run, marker: MARK, processEnv: {} }
    const [first, second] = await Promise.all([readLoginShellEnv(options), readLoginShellEnv(options)])
    await readLoginShellEnv(options)
    expect(run).toHaveBeenCalledTimes(1)
    expect(second).toBe(first)
    clearLoginShellEnvCache()
    await readLoginShellEnv(options)
    expect(run).toHaveBeenCalledTimes(2)
  })
})

describe.skipIf(process.platform === 'win32')('spawnShell (the real runner)', () => {
  it('returns the shell’s stdout', async () => {
    const out = await spawnShell({ shell: '/bin/sh', args: ['-c', envScript(MARK)], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ONLY_HERE: 'yes' }, timeoutMs: 5000 })
    expect(parseEnvOutput(out, MARK)?.ONLY_HERE).toBe('yes')
  })

  it('kills a shell that takes too long', async () => {
    const started = Date.now()
    await expect(spawnShell({ shell: '/bin/sh', args: ['-c', 'sleep 30'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 200 })).rejects.toThrow(
      /did not finish within 200 ms/
    )
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
