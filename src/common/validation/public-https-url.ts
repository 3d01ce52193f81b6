import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Top-level names that never lead to the public internet. */
const PRIVATE_TLDS = new Set(['localhost', 'local', 'internal', 'intranet', 'lan', 'home', 'corp', 'test', 'invalid']);
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * What is wrong with a URL a partner may fetch (a profile picture), or null. Only `https` on its default port,
 * to a public DNS name: no credentials in it (they would be handed to every partner), no IP address, no
 * single-label or private name (`localhost`, `*.internal`) that would point a partner's fetcher at its own
 * network.
 */
export function publicHttpsUrlProblem(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string' || value.length > maxLength) return `must be a URL of at most ${maxLength} characters`;
  if (/\s/.test(value)) return 'must be a URL without spaces';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL like https://example.com/me.png';
  }
  if (url.protocol !== 'https:') return 'must start with https://';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.port) return 'must use the default https port';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return 'must name a host, not an IP address';
  if (!DNS_NAME.test(host) || PRIVATE_TLDS.has(host.slice(host.lastIndexOf('.') + 1))) {
    return 'must name a public host such as cdn.example.com';
  }
  return null;
}

export const IsPublicHttpsUrl = (maxLength: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPublicHttpsUrl',
      validator: {
        validate: (value) => publicHttpsUrlProblem(value, maxLength) === null,
        defaultMessage: (args) =>
          `${args?.property} ${publicHttpsUrlProblem(args?.value, maxLength) ?? 'is not accepted'}`,
      },
    },
    options,
  );
