import { isIPv6 } from 'node:net';
import { unmapIPv4 } from '../../config/trust-proxy.js';

/** The first four groups (the /64) of an IPv6 address, without leading zeros. */
function ipv6Prefix64(address: string): string {
  const [left, right = ''] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const head = groups(left);
  // An embedded IPv4 tail (`64:ff9b::192.0.2.1`) fills the last two groups.
  const tailLength = groups(right).reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const full = address.includes('::') ? [...head, ...Array<string>(8 - head.length - tailLength).fill('0')] : head;
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The bucket a client address counts against: an IPv4 address as it is, an IPv6 address by its /64. A /64 is
 * what one subscriber is given (often a /56 or more), and any host in it can pick new addresses at will;
 * counting each address alone would give one client 2^64 limits.
 */
export function clientKey(ip: string | undefined): string {
  const address = unmapIPv4((ip ?? 'unknown').split('%')[0]);
  return isIPv6(address) ? `ip:${ipv6Prefix64(address)}` : `ip:${address}`;
}
