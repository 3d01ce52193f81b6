import { getAddress } from 'viem';

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export type AddressCheck = { ok: true; address: `0x${string}` } | { ok: false; reason: 'format' | 'checksum' };

/**
 * EIP-55: an all-lowercase or all-uppercase address carries no checksum and is taken as is; a mixed-case one
 * is a checksum and must match, so a mistyped character is refused instead of signing someone in to another
 * address. (viem's strict `isAddress` also refuses all-uppercase, which EIP-55 allows.)
 */
export function checkWalletAddress(raw: string): AddressCheck {
  if (!HEX_ADDRESS.test(raw)) return { ok: false, reason: 'format' };
  const hex = raw.slice(2);
  const address = getAddress(raw);
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (mixedCase && address !== raw) return { ok: false, reason: 'checksum' };
  return { ok: true, address };
}
