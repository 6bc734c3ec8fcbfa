import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppRequestPath } from '../../src/main/security/appProtocolPath'

const root = '/opt/Omnidesk/resources/app.asar/out/renderer'

describe('resolveAppRequestPath (POSIX)', () => {
  it('serves files under the renderer folder, index.html for directories', () => {
    expect(resolveAppRequestPath('app://omnidesk/', root)).toEqual({ ok: true, filePath: `${root}/index.html` })
    expect(resolveAppRequestPath('app://omnidesk', root)).toEqual({ ok: true, filePath: `${root}/index.html` })
    expect(resolveAppRequestPath('app://omnidesk/assets/index-abc.js?v=1#x', root)).toEqual({
      ok: true,
      filePath: `${root}/assets/index-abc.js`
    })
    expect(resolveAppRequestPath('app://omnidesk/fonts/My%20Font.woff2', root)).toEqual({
      ok: true,
      filePath: `${root}/fonts/My Font.woff2`
    })
    expect(resolveAppRequestPath('app://OMNIDESK/index.html', root).ok).toBe(true)
  })

  it('keeps literal and encoded dot segments inside the folder', () => {
    // The URL parser folds these before we see them; they must land inside root, never above it.
    for (const url of ['app://omnidesk/../../../etc/passwd', 'app://omnidesk/%2e%2e/%2e%2e/etc/passwd', 'app://omnidesk/a/./../index.html']) {
      const result = resolveAppRequestPath(url, root)
      if (result.ok) expect(result.filePath.startsWith(`${root}/`)).toBe(true)
    }
  })

  it.each([
    ['encoded slash traversal', 'app://omnidesk/..%2f..%2f..%2fetc%2fpasswd', 403],
    ['encoded slash traversal, mixed case', 'app://omnidesk/assets/..%2F..%2F..%2F..%2Fetc/passwd', 403],
    ['encoded backslash', 'app://omnidesk/..%5c..%5csecret', 403],
    ['absolute path after decoding', 'app://omnidesk/%2fetc%2fpasswd', 200],
    ['NUL byte', 'app://omnidesk/index.html%00.png', 400],
    ['bad escape', 'app://omnidesk/%E0%A4%A', 400],
    ['another host', 'app://elsewhere/index.html', 404],
    ['another scheme', 'file:///etc/passwd', 400]
  ])('refuses %s', (_label, url, status) => {
    const result = resolveAppRequestPath(url, root)
    if (status === 200) {
      // "/%2fetc" decodes to "//etc/passwd": leading slashes are stripped, so it stays inside root.
      expect(result).toEqual({ ok: true, filePath: `${root}/etc/passwd` })
      return
    }
    expect(result).toMatchObject({ ok: false, status })
  })
})

describe('resolveAppRequestPath (Windows rules)', () => {
  const winRoot = 'C:\\Program Files\\Omnidesk\\resources\\app.asar\\out\\renderer'
  it('serves inside the folder', () => {
    expect(resolveAppRequestPath('app://omnidesk/assets/a.js', winRoot, path.win32)).toEqual({
      ok: true,
      filePath: `${winRoot}\\assets\\a.js`
    })
  })
  it.each(['app://omnidesk/C:%5cWindows%5cwin.ini', 'app://omnidesk/C:/Windows/win.ini', 'app://omnidesk/..%5c..%5cwin.ini', 'app://omnidesk/%5c%5cserver%5cshare'])(
    'refuses %s',
    (url) => expect(resolveAppRequestPath(url, winRoot, path.win32).ok).toBe(false)
  )
})
