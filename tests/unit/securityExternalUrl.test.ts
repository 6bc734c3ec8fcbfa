import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl } from '../../src/main/security/externalUrl'

describe('isAllowedExternalUrl', () => {
  it.each(['https://openai.com/docs', 'http://example.com', 'mailto:someone@example.com', 'HTTPS://EXAMPLE.COM/Path?q=1#x'])(
    'allows %s',
    (url) => expect(isAllowedExternalUrl(url)).toBe(true)
  )

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'vscode://file/etc/passwd',
    'ms-settings:privacy',
    'smb://host/share',
    'data:text/html,<script>alert(1)</script>',
    'app://omnidesk/index.html',
    'about:blank',
    'https://bank.example@evil.example/',
    'https://user:pass@example.com/',
    'http://',
    '//example.com',
    'example.com',
    '',
    'https://example.com/' + 'a'.repeat(9000)
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false))

  it('refuses non-strings', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false)
    expect(isAllowedExternalUrl({ toString: () => 'https://x.example' })).toBe(false)
  })
})
