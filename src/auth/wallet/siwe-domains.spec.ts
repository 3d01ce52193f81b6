import { allowedSiweDomains } from './siwe-domains.js';

describe('allowed SIWE domains', () => {
  it("defaults to APP_URL's host, then the CORS origins' hosts, each with its origin as URI", () => {
    expect(
      allowedSiweDomains({
        APP_URL: 'https://api.example.com/base',
        CORS_ORIGINS: ['https://app.example.com', 'http://localhost:3000', 'https://api.example.com'],
        SIWE_DOMAINS: [],
      }),
    ).toEqual([
      { domain: 'api.example.com', uri: 'https://api.example.com' },
      { domain: 'app.example.com', uri: 'https://app.example.com' },
      { domain: 'localhost:3000', uri: 'http://localhost:3000' },
    ]);
    expect(allowedSiweDomains({ APP_URL: 'http://localhost:5000', CORS_ORIGINS: ['*'], SIWE_DOMAINS: [] })).toEqual([
      { domain: 'localhost:5000', uri: 'http://localhost:5000' },
    ]);
  });

  it('takes SIWE_DOMAINS instead when set, in its order', () => {
    expect(
      allowedSiweDomains({
        APP_URL: 'https://api.example.com',
        CORS_ORIGINS: ['http://app.example.com'],
        SIWE_DOMAINS: ['app.example.com', 'dapp.example.org', 'localhost:3000'],
      }),
    ).toEqual([
      { domain: 'app.example.com', uri: 'http://app.example.com' },
      { domain: 'dapp.example.org', uri: 'https://dapp.example.org' },
      { domain: 'localhost:3000', uri: 'http://localhost:3000' },
    ]);
  });
});
