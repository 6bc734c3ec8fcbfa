import { describe, expect, it } from 'vitest'
import { linkConfirmReason } from '../../src/renderer/src/logic/links'

describe('links in answers: open at once, or ask first', () => {
  it('opens a plain link, or one whose text names its own site, at once', () => {
    expect(linkConfirmReason('https://example.com/docs', 'the docs')).toBeUndefined()
    expect(linkConfirmReason('https://example.com/docs', 'https://example.com/docs')).toBeUndefined()
    expect(linkConfirmReason('https://www.example.com/a', 'example.com')).toBeUndefined()
    expect(linkConfirmReason('https://EXAMPLE.com/', 'Example.COM/')).toBeUndefined()
    expect(linkConfirmReason('https://docs.python.org/3/', 'Python 3 documentation')).toBeUndefined()
    expect(linkConfirmReason('https://example.com', undefined)).toBeUndefined()
    // Text that only looks dotted (a version, a file name without a known shape) is not an address claim.
    expect(linkConfirmReason('https://example.com/v', 'v1.2')).toBeUndefined()
  })

  it('asks when the text shows one address and the link goes to another', () => {
    expect(linkConfirmReason('https://evil.example/login', 'https://google.com')).toBe('text-differs')
    expect(linkConfirmReason('https://evil.example/login', 'google.com')).toBe('text-differs')
    expect(linkConfirmReason('https://accounts.google.com.evil.example/', 'accounts.google.com')).toBe('text-differs')
    // A look-alike in another script: the URL parser turns it into punycode, which differs.
    expect(linkConfirmReason('https://xn--pple-43d.com/', 'apple.com')).toBe('text-differs')
    expect(linkConfirmReason('https://evil.example/', 'https://xn--pple-43d.com')).toBe('text-differs')
  })

  it('asks before anything that is not a web page', () => {
    expect(linkConfirmReason('mailto:someone@example.com', 'someone@example.com')).toBe('not-web')
    expect(linkConfirmReason('not a url', 'x')).toBe('not-web')
  })
})
