import type { ParsedConfig } from '../../config/config.schema.js';

/** An allowed EIP-4361 domain and the URI a message for it names. */
export interface SiweDomain {
  domain: string;
  uri: string;
}

/**
 * The domains a SIWE message may name: SIWE_DOMAINS, else APP_URL's host and the CORS origins' hosts (the web
 * apps that call this API and ask their users to sign). The first one is the default of a nonce request.
 */
export function allowedSiweDomains(env: Pick<ParsedConfig, 'APP_URL' | 'CORS_ORIGINS' | 'SIWE_DOMAINS'>): SiweDomain[] {
  const origins = [env.APP_URL, ...env.CORS_ORIGINS.filter((o) => o !== '*')].map((o) => new URL(o));
  const known = new Map<string, string>();
  for (const url of origins) if (!known.has(url.host)) known.set(url.host, url.origin);
  if (env.SIWE_DOMAINS.length === 0) return [...known].map(([domain, uri]) => ({ domain, uri }));
  return env.SIWE_DOMAINS.map((domain) => ({ domain, uri: known.get(domain) ?? defaultUri(domain) }));
}

/** A domain listed only in SIWE_DOMAINS: https, except on a loopback host where dev servers speak http. */
function defaultUri(domain: string): string {
  const host = domain.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${domain}`;
}

/** The Origin header's host, when the request carries a usable one. */
export function originHost(origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
