import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which proxies in front of the service may report the client's address in X-Forwarded-For:
 * - `none`: nobody; the client is the socket's peer;
 * - `hops`: that many proxies, whatever their address: the client is the entry that many hops from the right
 *   (`fromTrue`: the legacy value `true`, read as 1 hop outside production and refused in production);
 * - `proxies`: only peers inside these ranges; the client is the right-most address outside them.
 */
export type TrustProxy =
  { kind: 'none' } | { kind: 'hops'; hops: number; fromTrue: boolean } | { kind: 'proxies'; ranges: ProxyRange[] };

export interface ProxyRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export const MAX_TRUSTED_HOPS = 10;

export const TRUST_PROXY_ACCEPTS =
  `accepts false, a hop count from 1 to ${MAX_TRUSTED_HOPS}, or a comma-separated list of the proxies' ` +
  'IPs/CIDRs such as 10.0.0.0/8,fd00::/8';

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`, how a dual-stack socket reports an IPv4 peer) as plain IPv4. */
export function unmapIPv4(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function parseRange(entry: string): ProxyRange | string {
  const [rawAddress, rawPrefix, extra] = entry.split('/');
  const address = unmapIPv4(rawAddress);
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family || extra !== undefined) return `"${entry}" is not an IP address or CIDR`;
  const max = family === 'ipv4' ? 32 : 128;
  if (rawPrefix === undefined) return { address, prefix: max, family };
  const prefix = /^\d{1,3}$/.test(rawPrefix) ? Number(rawPrefix) : NaN;
  if (!(prefix <= max)) return `"${entry}" has a prefix outside 1–${max}`;
  // /0 trusts every address, i.e. every hop: the left-most entry, which the client writes, would win.
  if (prefix === 0) return `"${entry}" trusts every address; list the proxies' own ranges`;
  return { address, prefix, family };
}

/** Parses the TRUST_PROXY setting; a string is the problem to report. */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const value = raw.trim();
  if (value === 'false' || value === '0') return { kind: 'none' };
  if (value === 'true') return { kind: 'hops', hops: 1, fromTrue: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_TRUSTED_HOPS ? { kind: 'hops', hops, fromTrue: false } : TRUST_PROXY_ACCEPTS;
  }
  const ranges: ProxyRange[] = [];
  for (const entry of value.split(',').map((e) => e.trim())) {
    const range = parseRange(entry);
    if (typeof range === 'string') return `${TRUST_PROXY_ACCEPTS} (${range})`;
    ranges.push(range);
  }
  return { kind: 'proxies', ranges };
}
