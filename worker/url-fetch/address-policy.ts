import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses a Fetch node may connect to. Anything that is not ordinary public unicast is
 * refused (loopback, private, link-local and cloud metadata, CGNAT, multicast, documentation and other
 * reserved ranges, in every IPv6 spelling that embeds one of them), so a pipeline cannot be pointed at
 * the server's own network. Returns why an address is refused, or undefined when it is public.
 */
export function classifyAddress(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return classifyIPv4(parseIPv4(bare));
  if (isIPv6(bare)) return classifyIPv6(parseIPv6(bare));
  return 'not an IP address';
}

type Range4 = [base: string, prefix: number, reason: string];

// Most specific first: the metadata address sits inside link-local.
const IPV4_RANGES: Range4[] = [
  ['169.254.169.254', 32, 'the cloud metadata address'],
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved (IETF protocol) address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a reserved (6to4 relay) address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a reserved (benchmarking) address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];
const ipv4Ranges = IPV4_RANGES.map(([base, prefix, reason]) => ({ base: parseIPv4(base), mask: prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0, reason }));

function parseIPv4(text: string): number {
  return text.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function classifyIPv4(value: number): string | undefined {
  for (const range of ipv4Ranges) if (((value & range.mask) >>> 0) === range.base) return range.reason;
  return undefined;
}

/** Eight 16-bit groups; accepts `::` and a dotted IPv4 tail (`::ffff:10.0.0.1`). Input is already valid IPv6. */
function parseIPv6(text: string): number[] {
  let body = text.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail) {
    const v4 = parseIPv4(tail[1]!);
    body = `${body.slice(0, tail.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = body.includes('::') ? body.split('::') : [body, undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}

const embeddedIPv4 = (g: number[], at: number) => ((g[at]! << 16) | g[at + 1]!) >>> 0;
const isZero = (g: number[], from: number, to: number) => g.slice(from, to).every((x) => x === 0);

function classifyIPv6(g: number[]): string | undefined {
  if (isZero(g, 0, 8)) return 'the unspecified address (::)';
  if (isZero(g, 0, 7) && g[7] === 1) return 'a loopback address (::1)';
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address they carry.
  if (isZero(g, 0, 5) && g[5] === 0xffff) return describeEmbedded(embeddedIPv4(g, 6), 'IPv4-mapped');
  if (g[0] === 0x64 && g[1] === 0xff9b && isZero(g, 2, 6)) return describeEmbedded(embeddedIPv4(g, 6), 'NAT64');
  if (g[0] === 0x2002) return describeEmbedded(embeddedIPv4(g, 1), '6to4');
  if (isZero(g, 0, 6)) return 'a deprecated IPv4-compatible IPv6 address';
  if (g[0] === 0x2001 && g[1] === 0) return 'a Teredo tunnel address';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'a documentation address';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'a private (unique local) address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast address';
  // Only 2000::/3 is global unicast; the rest is reserved or special-purpose.
  if ((g[0]! & 0xe000) !== 0x2000) return 'a reserved address';
  return undefined;
}

function describeEmbedded(v4: number, form: string): string | undefined {
  const reason = classifyIPv4(v4);
  if (!reason) return undefined;
  const dotted = [24, 16, 8, 0].map((shift) => (v4 >>> shift) & 255).join('.');
  return `${reason} (${dotted}, in ${form} form)`;
}

/**
 * FETCH_ALLOW_HOSTS entries: `host` (any port) or `host:port`, IPv6 in brackets (`[::1]:8080`).
 * Matched against the URL's host name as written, before DNS, so an allowed name may resolve anywhere.
 */
export function isHostAllowed(url: URL, allowHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowHosts.some((entry) => {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry.trim().toLowerCase());
    if (!match) return false;
    return match[1] === host && (match[2] === undefined || match[2] === port);
  });
}
