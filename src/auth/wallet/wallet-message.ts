import { getAddress, isAddress } from 'viem';
import { parseSiweMessage } from 'viem/siwe';

/** Seed 003's message, filled with the address, a server nonce and a unix timestamp. */
export function welcomeMessage(address: string, nonce: string, timestamp: number): string {
  return (
    'Welcome to BlockAuth!\n\nPlease sign this message to authenticate with your wallet.\n\n' +
    `Wallet Address: ${address}\nNonce: ${nonce}\nTimestamp: ${timestamp}\n\n` +
    'This signature will be used to authenticate your account.'
  );
}

const WELCOME =
  /^Welcome to BlockAuth!\n\nPlease sign this message to authenticate with your wallet\.\n\nWallet Address: (0x[0-9a-fA-F]{40})\nNonce: ([A-Za-z0-9]{8,128})\nTimestamp: (\d{1,13})\n\nThis signature will be used to authenticate your account\.$/;

export type ParsedWalletMessage =
  | { kind: 'welcome'; address: string; nonce: string; timestamp: number }
  | {
      kind: 'siwe';
      address: string;
      nonce: string;
      domain: string;
      chainId: number;
      issuedAt: Date;
      expirationTime?: Date;
      notBefore?: Date;
    };

/** Parses either message format; null when it is neither (or malformed). Addresses come back checksummed. */
export function parseWalletMessage(message: string): ParsedWalletMessage | null {
  const normalized = message.replace(/\r\n/g, '\n');
  const welcome = WELCOME.exec(normalized);
  if (welcome) {
    return { kind: 'welcome', address: getAddress(welcome[1]), nonce: welcome[2], timestamp: Number(welcome[3]) };
  }
  if (!normalized.includes('wants you to sign in with your Ethereum account')) return null;
  try {
    const siwe = parseSiweMessage(normalized);
    if (!siwe.address || !isAddress(siwe.address) || !siwe.nonce || !siwe.domain || !siwe.chainId || !siwe.issuedAt)
      return null;
    return {
      kind: 'siwe',
      address: getAddress(siwe.address),
      nonce: siwe.nonce,
      domain: siwe.domain,
      chainId: siwe.chainId,
      issuedAt: siwe.issuedAt,
      expirationTime: siwe.expirationTime,
      notBefore: siwe.notBefore,
    };
  } catch {
    return null;
  }
}
