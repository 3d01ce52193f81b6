import { BlockList, isIP } from 'node:net';
import { unmapIPv4, type TrustProxy } from '../../config/trust-proxy.js';

/**
 * Fastify's `trustProxy` option for the TRUST_PROXY setting. Fastify walks the socket's peer, then
 * X-Forwarded-For from right to left, and takes the first address this function does not trust as
 * `request.ip`; the left-most entry, which the client writes itself, is reached only when every hop to its
 * right is trusted.
 *
 * Always a function (or false), never Fastify's own forms: Fastify 5.12 reads a number as "trust nothing"
 * (a hop count cannot vouch for the peer), which would make every client the ingress, and `true` trusts every
 * hop. A hop count here trusts the first `hops` addresses from the right, whoever sent them; the ranges form
 * trusts only addresses inside the ranges, so a client that reaches the service around the proxies cannot
 * choose its address.
 */
export function trustProxyOption(setting: TrustProxy): false | ((address: string, hop: number) => boolean) {
  switch (setting.kind) {
    case 'none':
      return false;
    case 'hops': {
      const hops = setting.hops;
      return (_address, hop) => hop < hops;
    }
    case 'proxies': {
      const trusted = new BlockList();
      for (const r of setting.ranges) trusted.addSubnet(r.address, r.prefix, r.family);
      return (address) => {
        const candidate = unmapIPv4(address);
        const family = isIP(candidate);
        return family !== 0 && trusted.check(candidate, family === 4 ? 'ipv4' : 'ipv6');
      };
    }
  }
}
