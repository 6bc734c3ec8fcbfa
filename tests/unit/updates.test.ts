/**
 * The update state machine (src/main/updates/service.ts) over a fake updater and a fake clock:
 * the check after the start delay and the daily one, opt-out stopping automatic checks but not
 * "Check now", available → downloading → downloaded → install (quitAndInstall), not-available,
 * errors in words with a retry later, a build that cannot update (unsupported), release notes as
 * text. Plus the Electron adapter's support rule (which builds update themselves).
 */
import { describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../src/shared/ipc/contract'
import { UpdateStatus as UpdateStatusSchema } from '../../src/shared/ipc/contract'
import type { UpdaterEvent, UpdaterPort, UpdateTimers } from '../../src/main/updates/ports'
import { classifyUpdateError, createUpdateService } from '../../src/main/updates/service'
import { htmlToText, MAX_NOTES_CHARS, releaseNotesText } from '../../src/main/updates/releaseNotes'
import { CHECK_INTERVAL_MS, RETRY_AFTER_ERROR_MS, START_DELAY_MS } from '../../src/main/updates/config'
import { updaterSupport } from '../../src/main/app/electronUpdater'

/** A clock whose timers run when the test advances it. */
function fakeClock(start = 1_000_000): UpdateTimers & { advance(ms: number): void; pending(): number } {
  let now = start
  let nextId = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++
      timers.set(id, { at: now + ms, fn })
      return id
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = due[1].at
        due[1].fn()
      }
      now = end
    },
    pending: () => timers.size
  }
}

/** An updater whose check answers with `answer` (after 'checking'); events can be sent any time. */
function fakeUpdater() {
  const listeners = new Set<(e: UpdaterEvent) => void>()
  const calls = { checks: 0, downloads: 0, installs: 0 }
  let answer: UpdaterEvent | 'reject' | null = { type: 'not-available' }
  let rejectWith: unknown = new Error('boom')
  const send = (e: UpdaterEvent): void => listeners.forEach((l) => l(e))
  const port: UpdaterPort = {
    check: async () => {
      calls.checks += 1
      if (answer === 'reject') throw rejectWith
      send({ type: 'checking' })
      if (answer) send(answer)
    },
    download: async () => {
      calls.downloads += 1
    },
    quitAndInstall: () => {
      calls.installs += 1
    },
    onEvent: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    }
  }
  return {
    port,
    calls,
    send,
    answer: (a: UpdaterEvent | 'reject' | null, error?: unknown) => {
      answer = a
      if (error !== undefined) rejectWith = error
    },
    listeners: () => listeners.size
  }
}

function setup(opts: { automatic?: boolean; updater?: boolean } = {}) {
  const clock = fakeClock()
  const updater = fakeUpdater()
  const settings = { autoUpdate: opts.automatic ?? true }
  const emitted: UpdateStatus[] = []
  const service = createUpdateService({
    updater: opts.updater === false ? undefined : updater.port,
    currentVersion: '1.0.0',
    automatic: () => settings.autoUpdate,
    emit: (s) => emitted.push(s),
    timers: clock
  })
  service.start()
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
  return { clock, updater, settings, emitted, service, flush, state: () => service.status().update }
}

describe('update state machine', () => {
  it('checks once after the start delay, then daily', () => {
    const t = setup()
    expect(t.state()).toEqual({ state: 'idle' })
    t.clock.advance(START_DELAY_MS - 1)
    expect(t.updater.calls.checks).toBe(0)
    t.clock.advance(1)
    expect(t.updater.calls.checks).toBe(1)
    expect(t.state()).toEqual({ state: 'not-available' })
    expect(t.service.status().lastCheckedAt).toBe(1_000_000 + START_DELAY_MS)
    t.clock.advance(CHECK_INTERVAL_MS - 1)
    expect(t.updater.calls.checks).toBe(1)
    t.clock.advance(1)
    expect(t.updater.calls.checks).toBe(2)
    t.clock.advance(CHECK_INTERVAL_MS * 3)
    expect(t.updater.calls.checks).toBe(5)
    // Every status emitted matches the contract.
    for (const s of t.emitted) expect(UpdateStatusSchema.safeParse(s).success).toBe(true)
  })

  it('opt-out stops automatic checks but not "Check now"; turning it on again needs no restart', () => {
    const t = setup({ automatic: false })
    t.clock.advance(START_DELAY_MS + CHECK_INTERVAL_MS * 2)
    expect(t.updater.calls.checks).toBe(0)
    t.service.handlers.check()
    expect(t.updater.calls.checks).toBe(1)
    expect(t.state()).toEqual({ state: 'not-available' })
    t.settings.autoUpdate = true
    t.clock.advance(CHECK_INTERVAL_MS)
    expect(t.updater.calls.checks).toBe(2)
  })

  it('available → downloads in the background → progress → downloaded; install calls quitAndInstall', async () => {
    const t = setup()
    t.updater.answer({ type: 'available', version: '1.1.0', releaseNotes: '<h2>New</h2><ul><li>Faster &amp; smaller</li></ul>' })
    t.clock.advance(START_DELAY_MS)
    expect(t.state()).toEqual({ state: 'available', version: '1.1.0', notes: 'New\n\n• Faster & smaller' })
    expect(t.updater.calls.downloads).toBe(1)
    t.updater.send({ type: 'progress', percent: 41.6 })
    expect(t.state()).toMatchObject({ state: 'downloading', version: '1.1.0', percent: 42 })
    // A second check while downloading does not start another.
    t.service.handlers.check()
    expect(t.updater.calls.checks).toBe(1)
    t.updater.send({ type: 'downloaded', version: '1.1.0' })
    expect(t.state()).toEqual({ state: 'downloaded', version: '1.1.0', notes: 'New\n\n• Faster & smaller' })
    // Nothing more to check once downloaded.
    t.clock.advance(CHECK_INTERVAL_MS)
    expect(t.updater.calls.checks).toBe(1)
    expect(t.service.handlers.install()).toEqual({ ok: true })
    expect(t.updater.calls.installs).toBe(1)
    expect(t.emitted.map((s) => s.update.state)).toEqual(['checking', 'available', 'downloading', 'downloaded'])
  })

  it('with automatic updates off a found update waits, unless the user asked (Check now downloads it)', () => {
    const t = setup({ automatic: false })
    t.updater.send({ type: 'available', version: '2.0.0' })
    expect(t.updater.calls.downloads).toBe(0)
    t.updater.answer({ type: 'available', version: '2.0.0' })
    t.service.handlers.check()
    expect(t.updater.calls.downloads).toBe(1)
  })

  it('install is refused until an update is downloaded', () => {
    const t = setup()
    expect(() => t.service.handlers.install()).toThrow(/No update/)
    expect(t.updater.calls.installs).toBe(0)
  })

  it('an error becomes a kind to word and a short detail, and the automatic check retries later', async () => {
    const t = setup()
    t.updater.answer({ type: 'error', error: new Error('net::ERR_INTERNET_DISCONNECTED\nresponse headers: {…}') })
    t.clock.advance(START_DELAY_MS)
    expect(t.state()).toEqual({ state: 'error', kind: 'offline', detail: 'net::ERR_INTERNET_DISCONNECTED' })
    t.updater.answer({ type: 'not-available' })
    t.clock.advance(RETRY_AFTER_ERROR_MS - 1)
    expect(t.updater.calls.checks).toBe(1)
    t.clock.advance(1)
    expect(t.updater.calls.checks).toBe(2)
    expect(t.state()).toEqual({ state: 'not-available' })
    // Back to the daily rhythm.
    t.clock.advance(CHECK_INTERVAL_MS)
    expect(t.updater.calls.checks).toBe(3)
  })

  it('a rejected check (no error event) is an error too, and a manual check may try again at once', async () => {
    const t = setup({ automatic: false })
    t.updater.answer('reject', Object.assign(new Error('HttpError: 404 Not Found'), { code: 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND' }))
    t.service.handlers.check()
    await t.flush()
    expect(t.state()).toMatchObject({ state: 'error', kind: 'no-release' })
    // Automatic checks are off: no retry scheduled behind the user's back.
    t.clock.advance(RETRY_AFTER_ERROR_MS)
    expect(t.updater.calls.checks).toBe(1)
    t.updater.answer({ type: 'not-available' })
    t.service.handlers.check()
    expect(t.state()).toEqual({ state: 'not-available' })
  })

  it('a download error is an error state', async () => {
    const t = setup()
    t.updater.answer({ type: 'available', version: '1.1.0' })
    t.service.handlers.check()
    t.updater.send({ type: 'error', error: new Error('sha512 checksum mismatch') })
    expect(t.state()).toMatchObject({ state: 'error', kind: 'signature' })
  })

  it('a development run (no updater) is unsupported: no timers, checks and installs do nothing', () => {
    const t = setup({ updater: false })
    expect(t.service.status()).toEqual({ currentVersion: '1.0.0', lastCheckedAt: null, update: { state: 'unsupported', reason: 'dev' } })
    expect(t.clock.pending()).toBe(0)
    expect(t.service.check().update.state).toBe('unsupported')
    expect(() => t.service.handlers.install()).toThrow()
  })

  it('a Linux package says so', () => {
    const service = createUpdateService({ unsupportedReason: 'package', currentVersion: '1.0.0', automatic: () => true, emit: () => undefined })
    expect(service.status().update).toEqual({ state: 'unsupported', reason: 'package' })
  })

  it('dispose stops the timers and the updater events', () => {
    const t = setup()
    t.service.dispose()
    expect(t.clock.pending()).toBe(0)
    expect(t.updater.listeners()).toBe(0)
    t.clock.advance(START_DELAY_MS * 10)
    expect(t.updater.calls.checks).toBe(0)
  })
})

describe('classifyUpdateError', () => {
  it('words what people can act on', () => {
    expect(classifyUpdateError(new Error('getaddrinfo ENOTFOUND github.com'))).toBe('offline')
    expect(classifyUpdateError(Object.assign(new Error('x'), { code: 'ERR_UPDATER_NO_PUBLISHED_VERSIONS' }))).toBe('no-release')
    expect(classifyUpdateError(new Error('Could not get code signature for running application'))).toBe('signature')
    expect(classifyUpdateError(new Error('ENOSPC: no space left on device'))).toBe('disk')
    expect(classifyUpdateError('weird')).toBe('other')
  })
})

describe('release notes', () => {
  it('HTML to text: no markup survives, entities decoded, lists as bullets', () => {
    expect(htmlToText('<p>Hello<br>world</p><script>alert(1)</script><img src=x onerror=alert(1)>')).toBe('Hello\nworld')
    expect(htmlToText('<ul><li>a &lt;b&gt;</li><li>c&#39;s &#x263A;</li></ul>')).toBe('• a <b>\n• c\'s ☺')
    expect(htmlToText('Plain **markdown** stays')).toBe('Plain **markdown** stays')
  })

  it('a list of { version, note } becomes sections; nothing usable is empty; long notes are cut', () => {
    expect(releaseNotesText([{ version: '1.2.0', note: '<p>B</p>' }, { version: '1.1.0', note: null }])).toBe('1.2.0\nB\n\n1.1.0')
    expect(releaseNotesText(null)).toBe('')
    expect(releaseNotesText(undefined)).toBe('')
    expect(releaseNotesText('x'.repeat(MAX_NOTES_CHARS + 10))).toHaveLength(MAX_NOTES_CHARS)
  })
})

describe('updaterSupport (the Electron adapter)', () => {
  it('packaged apps update, except a Linux package; development runs never', () => {
    expect(updaterSupport({ isPackaged: false, platform: 'darwin', appImage: undefined })).toEqual({ supported: false, reason: 'dev' })
    expect(updaterSupport({ isPackaged: true, platform: 'darwin', appImage: undefined })).toEqual({ supported: true })
    expect(updaterSupport({ isPackaged: true, platform: 'win32', appImage: undefined })).toEqual({ supported: true })
    expect(updaterSupport({ isPackaged: true, platform: 'linux', appImage: '/home/me/Omnidesk.AppImage' })).toEqual({ supported: true })
    expect(updaterSupport({ isPackaged: true, platform: 'linux', appImage: undefined })).toEqual({ supported: false, reason: 'package' })
  })
})

describe('release notes as GitHub renders them', () => {
  it('keeps one line per list item when the HTML has its own line breaks', () => {
    const github = '<h2>What&#39;s Changed</h2>\n<ul>\n<li>Faster start by <a href="https://x">@me</a></li>\n<li>Fix <code>&lt;think&gt;</code></li>\n</ul>\n<p><strong>Full Changelog</strong>: v1...v2</p>'
    expect(releaseNotesText(github)).toBe("What's Changed\n\n• Faster start by @me\n• Fix <think>\n\nFull Changelog: v1...v2")
  })
})
