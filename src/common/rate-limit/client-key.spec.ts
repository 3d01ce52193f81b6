import { clientKey } from './client-key.js';

describe('clientKey', () => {
  it('keys an IPv4 client by its address, also when a dual-stack socket maps it into IPv6', () => {
    expect(clientKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
  });

  it('keys an IPv6 client by its /64, however the address is written', () => {
    const key = 'ip:2001:db8:1:2::/64';
    for (const address of [
      '2001:db8:1:2::5',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002::',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(clientKey(address)).toBe(key);
    }
    expect(clientKey('2001:db8:1:3::5')).not.toBe(key);
    expect(clientKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(clientKey('2001:db8::')).toBe('ip:2001:db8:0:0::/64');
    expect(clientKey('64:ff9b::192.0.2.1')).toBe('ip:64:ff9b:0:0::/64');
  });
});
