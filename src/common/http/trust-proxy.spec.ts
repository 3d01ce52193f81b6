import { parseTrustProxy, type TrustProxy } from '../../config/trust-proxy.js';
import { trustProxyOption } from './trust-proxy.js';

const option = (raw: string) => trustProxyOption(parseTrustProxy(raw) as TrustProxy);

/** What Fastify does with the option: the first untrusted address from the socket leftwards, else the last. */
function clientIp(raw: string, socket: string, forwardedFor: string[]): string {
  const trust = option(raw);
  const chain = [socket, ...[...forwardedFor].reverse()];
  if (!trust) return socket;
  for (let i = 0; i < chain.length - 1; i++) if (!trust(chain[i], i)) return chain[i];
  return chain[chain.length - 1];
}

describe('trustProxyOption', () => {
  it('false trusts nothing: the socket is the client', () => {
    expect(option('false')).toBe(false);
    expect(clientIp('false', '10.0.0.2', ['203.0.113.9'])).toBe('10.0.0.2');
  });

  it('a hop count takes the address that many hops from the right, never a spoofed left-most entry', () => {
    expect(clientIp('1', '10.0.0.2', ['203.0.113.1', '198.51.100.4'])).toBe('198.51.100.4');
    expect(clientIp('2', '10.0.0.2', ['203.0.113.1', '198.51.100.4', '10.0.0.9'])).toBe('198.51.100.4');
    // Fewer entries than hops: the left-most one there is.
    expect(clientIp('2', '10.0.0.2', ['198.51.100.4'])).toBe('198.51.100.4');
  });

  it('a CIDR list takes the right-most address outside it, and ignores X-Forwarded-For from an untrusted peer', () => {
    const proxies = '10.0.0.0/8, fd00::/8';
    expect(clientIp(proxies, '10.0.0.2', ['203.0.113.1', '198.51.100.4', '10.3.3.3'])).toBe('198.51.100.4');
    expect(clientIp(proxies, '::ffff:10.0.0.2', ['198.51.100.4'])).toBe('198.51.100.4');
    expect(clientIp(proxies, 'fd00::2', ['2001:db8::7'])).toBe('2001:db8::7');
    expect(clientIp(proxies, '192.0.2.50', ['203.0.113.1', '10.3.3.3'])).toBe('192.0.2.50');
    // A single trusted address (no prefix) trusts only itself.
    expect(clientIp('10.0.0.2', '10.0.0.3', ['203.0.113.1'])).toBe('10.0.0.3');
  });
});
