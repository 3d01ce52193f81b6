import { publicHttpsUrlProblem } from './public-https-url.js';

describe('a URL partners may fetch', () => {
  it('accepts https URLs on public host names', () => {
    for (const ok of [
      'https://example.com/me.png',
      'https://cdn.example.com/a/b.jpg?size=200',
      'https://xn--bcher-kva.example/p.png',
    ]) {
      expect({ ok, problem: publicHttpsUrlProblem(ok, 500) }).toEqual({ ok, problem: null });
    }
  });

  it('refuses other schemes, credentials, ports, IP addresses, private names and long URLs, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['http://example.com/me.png', /https/],
      ['javascript:alert(1)', /https/],
      ['https://user:pw@example.com/me.png', /user name or password/],
      ['https://example.com:8443/me.png', /default https port/],
      ['https://127.0.0.1/me.png', /IP address/],
      ['https://2130706433/me.png', /IP address/],
      ['https://[::1]/me.png', /IP address/],
      ['https://169.254.169.254/latest/meta-data', /IP address/],
      ['https://localhost/me.png', /public host/],
      ['https://metadata.internal/me.png', /public host/],
      ['https://intranet/me.png', /public host/],
      ['https://example.com/ me.png', /spaces/],
      [`https://example.com/${'a'.repeat(500)}`, /at most 500/],
      ['notaurl', /URL like/],
    ];
    for (const [url, why] of cases)
      expect({ url, problem: publicHttpsUrlProblem(url, 500) }).toEqual({ url, problem: expect.stringMatching(why) });
  });
});
