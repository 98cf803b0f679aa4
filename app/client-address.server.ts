import { isIPv4, isIPv6 } from 'node:net';

/**
 * The unit rate limits count per client: an IPv4 address, or the /64 network of an IPv6 address
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would be no limit at all).
 */
export function clientAddressKey(address: string) {
  const mapped = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIPv4(mapped) || !isIPv6(mapped)) return mapped;
  return `${expandIPv6(mapped).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string) {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = address.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((h) => h.padStart(4, '0'));
}
