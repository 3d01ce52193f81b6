import { COUNTRY_CODE_COUNT, isCountryCode } from './country-code.js';

describe('country codes', () => {
  it('knows the 249 assigned ISO 3166-1 alpha-2 codes, each a region the runtime can name', () => {
    expect(COUNTRY_CODE_COUNT).toBe(249);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (const code of ['us', 'GB', 'de', 'NG', 'BR', 'JP', 'in']) expect(names.of(code.toUpperCase())).toBeTruthy();
    expect(['us', 'US', 'gb', 'Gb'].every(isCountryCode)).toBe(true);
  });

  it('refuses two letters that name no country, and codes that are not ISO 3166-1', () => {
    for (const bad of ['xx', 'ZZ', 'UK', 'EU', 'UN', 'usa', 'u', '', 12])
      expect({ bad, ok: isCountryCode(bad) }).toEqual({ bad, ok: false });
  });
});
