import { describe, expect, it } from 'vitest'
import { externalUrlToOpen, isAllowedExternalUrl } from '../../src/main/security/externalUrl'

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

describe('externalUrlToOpen', () => {
  it('hands web links over unchanged', () => {
    expect(externalUrlToOpen('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c')
  })
  it('refuses what isAllowedExternalUrl refuses', () => {
    expect(externalUrlToOpen('file:///etc/passwd')).toBeUndefined()
    expect(externalUrlToOpen(42)).toBeUndefined()
  })
  it('keeps the fields of a mail and drops attachments (attach, attachment, any other parameter)', () => {
    expect(externalUrlToOpen('mailto:a@example.com?subject=Hi&attach=/Users/me/.ssh/id_rsa&body=See%20you')).toBe('mailto:a@example.com?subject=Hi&body=See+you')
    expect(externalUrlToOpen('mailto:a@example.com?ATTACHMENT=C:%5Csecrets.txt')).toBe('mailto:a@example.com')
    expect(externalUrlToOpen('mailto:a@example.com?cc=b@example.com&x-unknown=1')).toBe('mailto:a@example.com?cc=b%40example.com')
    expect(externalUrlToOpen('mailto:a@example.com')).toBe('mailto:a@example.com')
  })
})
