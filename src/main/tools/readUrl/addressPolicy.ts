/**
 * Which IP addresses count as "the user's own machine or network" for read_url.
 *
 * Why this exists: the model (and any page it reads) is untrusted. Without this check a prompt
 * injection could make the model fetch http://192.168.1.1/ (the router's admin page),
 * http://169.254.169.254/ (a cloud metadata service) or a dev server on localhost, and read the
 * answer back into the conversation. So every address a URL resolves to is classified here, and
 * anything not plainly on the public internet is "local" unless the user allowed it.
 *
 * The classifier works on the parsed bytes, not on string prefixes, so every spelling of an
 * address (`::ffff:7f00:1`, `::ffff:127.0.0.1`, `0:0:0:0:0:0:0:1`) lands in the same place.
 * Anything it cannot parse is "local": it fails closed.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net'

/** Why an address is not public (used in the message the model relays to the user). */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'shared (carrier-grade NAT)'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid'

export type AddressClass = 'public' | 'local'

/** An IPv4 range: the first address's four bytes and the prefix length. */
interface Range4 {
  base: [number, number, number, number]
  bits: number
  kind: Exclude<AddressKind, 'public'>
}

/**
 * Checked in order (the broadcast address before the reserved 240/4 that contains it).
 *
 * Deliberately NOT here: 198.18.0.0/15 (benchmarking). Proxy tools such as Clash in "fake-IP"
 * mode answer every DNS query with an address from 198.18/16 and route the connection to the real
 * site themselves; treating that range as local would break read_url for all of their users, and
 * nothing of the user's own is reachable there.
 */
const V4_RANGES: Range4[] = [
  { base: [0, 0, 0, 0], bits: 32, kind: 'unspecified' },
  // "This network": on Linux, connecting to 0.x.y.z reaches the local machine.
  { base: [0, 0, 0, 0], bits: 8, kind: 'unspecified' },
  { base: [127, 0, 0, 0], bits: 8, kind: 'loopback' },
  { base: [10, 0, 0, 0], bits: 8, kind: 'private' },
  { base: [172, 16, 0, 0], bits: 12, kind: 'private' },
  { base: [192, 168, 0, 0], bits: 16, kind: 'private' },
  // IETF protocol assignments (DS-Lite, NAT64 discovery…): never a public web server.
  { base: [192, 0, 0, 0], bits: 24, kind: 'private' },
  { base: [169, 254, 0, 0], bits: 16, kind: 'link-local' },
  // CGNAT; also what Tailscale and similar overlays hand out to the user's own devices.
  { base: [100, 64, 0, 0], bits: 10, kind: 'shared (carrier-grade NAT)' },
  { base: [224, 0, 0, 0], bits: 4, kind: 'multicast' },
  { base: [255, 255, 255, 255], bits: 32, kind: 'broadcast' },
  { base: [240, 0, 0, 0], bits: 4, kind: 'reserved' }
]

function inRange(bytes: readonly number[], base: readonly number[], bits: number): boolean {
  for (let i = 0; i < base.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if ((bytes[i] & mask) !== (base[i] & mask)) return false
  }
  return true
}

function kindOfV4(bytes: readonly number[]): AddressKind {
  for (const range of V4_RANGES) if (inRange(bytes, range.base, range.bits)) return range.kind
  return 'public'
}

/** Dotted-quad IPv4 → 4 bytes (the caller has checked it with isIPv4, the strict form). */
function parseV4(text: string): number[] {
  return text.split('.').map((part) => Number(part))
}

/** Any valid IPv6 text (compressed, with or without a trailing dotted quad) → 16 bytes. */
function parseV6(text: string): number[] {
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'))
  const toBytes = (parts: string[]): number[] =>
    parts.flatMap((part) => {
      if (part.includes('.')) return parseV4(part)
      const value = parseInt(part, 16)
      return [value >> 8, value & 0xff]
    })
  const gap = text.indexOf('::')
  if (gap === -1) return toBytes(groups(text))
  const left = toBytes(groups(text.slice(0, gap)))
  const right = toBytes(groups(text.slice(gap + 2)))
  return [...left, ...new Array<number>(16 - left.length - right.length).fill(0), ...right]
}

const startsWith = (bytes: readonly number[], prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[i] === b)

function kindOfV6(bytes: readonly number[]): AddressKind {
  const zeros = (n: number): number[] => new Array<number>(n).fill(0)
  if (bytes.every((b) => b === 0)) return 'unspecified'
  if (startsWith(bytes, [...zeros(15), 1])) return 'loopback'
  // Forms that carry an IPv4 address inside: classify that address, or ::ffff:127.0.0.1 would be
  // a way around the IPv4 rules (the OS connects to the embedded address).
  //   ::ffff:a.b.c.d      IPv4-mapped
  //   ::ffff:0:a.b.c.d    IPv4-translated (SIIT)
  //   ::a.b.c.d           IPv4-compatible (deprecated, still parsed by some stacks)
  //   64:ff9b::a.b.c.d    NAT64 well-known prefix: the gateway connects to the embedded address
  if (
    startsWith(bytes, [...zeros(10), 0xff, 0xff]) ||
    startsWith(bytes, [...zeros(8), 0xff, 0xff, 0, 0]) ||
    startsWith(bytes, zeros(12)) ||
    startsWith(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])
  ) {
    return kindOfV4(bytes.slice(12))
  }
  // 6to4 (2002::/16) embeds the IPv4 address in bytes 2–5.
  if (startsWith(bytes, [0x20, 0x02])) return kindOfV4(bytes.slice(2, 6))
  // NAT64 local-use prefix 64:ff9b:1::/48: a translator on the user's own network.
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 1])) return 'private'
  if ((bytes[0] & 0xfe) === 0xfc) return 'private' // fc00::/7 unique local
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return 'link-local' // fe80::/10
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0xc0) return 'private' // fec0::/10 site-local (deprecated)
  if (bytes[0] === 0xff) return 'multicast' // ff00::/8
  return 'public'
}

/**
 * What kind of address `ip` is. Accepts what DNS and the URL parser produce: a dotted quad, or
 * IPv6 with or without brackets and a zone (`fe80::1%eth0`).
 */
export function addressKind(ip: string): AddressKind {
  let text = ip.trim()
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1)
  const zone = text.indexOf('%')
  if (zone !== -1) text = text.slice(0, zone)
  if (isIPv4(text)) return kindOfV4(parseV4(text))
  if (isIPv6(text)) return kindOfV6(parseV6(text.toLowerCase()))
  return 'invalid'
}

/** The rule read_url applies: only 'public' addresses may be read without the user's setting. */
export function classifyAddress(ip: string): AddressClass {
  return addressKind(ip) === 'public' ? 'public' : 'local'
}

/** The host of a URL as an IP literal (brackets removed), or undefined for a name DNS must resolve. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
  return isIP(bare) ? bare : undefined
}
