import { parseSiweMessage } from 'viem/siwe';
import { checkWalletAddress } from './wallet-address.js';

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

/** Why a message could not be read: not one of the two formats, or its address fails EIP-55. */
export type WalletMessageFault = { fault: 'malformed' | 'checksum' };

/** Parses either message format; null when it is neither (or malformed). Addresses come back checksummed. */
export function parseWalletMessage(message: string): ParsedWalletMessage | null {
  const read = readWalletMessage(message);
  return 'fault' in read ? null : read;
}

/** As parseWalletMessage, saying why a message is refused so the client can be told. */
export function readWalletMessage(message: string): ParsedWalletMessage | WalletMessageFault {
  const normalized = message.replace(/\r\n/g, '\n');
  const welcome = WELCOME.exec(normalized);
  if (welcome) {
    const address = checkWalletAddress(welcome[1]);
    if (!address.ok) return { fault: address.reason === 'checksum' ? 'checksum' : 'malformed' };
    return { kind: 'welcome', address: address.address, nonce: welcome[2], timestamp: Number(welcome[3]) };
  }
  if (!normalized.includes('wants you to sign in with your Ethereum account')) return { fault: 'malformed' };
  try {
    const siwe = parseSiweMessage(normalized);
    if (!siwe.address || !siwe.nonce || !siwe.domain || !siwe.chainId || !siwe.issuedAt || !siwe.uri || !siwe.version)
      return { fault: 'malformed' };
    const address = checkWalletAddress(siwe.address);
    if (!address.ok) return { fault: address.reason === 'checksum' ? 'checksum' : 'malformed' };
    if (siwe.version !== '1' || invalidDate(siwe.issuedAt, siwe.expirationTime, siwe.notBefore))
      return { fault: 'malformed' };
    return {
      kind: 'siwe',
      address: address.address,
      nonce: siwe.nonce,
      domain: siwe.domain.toLowerCase(),
      chainId: siwe.chainId,
      issuedAt: siwe.issuedAt,
      expirationTime: siwe.expirationTime,
      notBefore: siwe.notBefore,
    };
  } catch {
    return { fault: 'malformed' };
  }
}

/** viem yields Invalid Date for a timestamp it cannot read; such a message is malformed, not expired. */
const invalidDate = (...dates: (Date | undefined)[]) => dates.some((d) => d !== undefined && Number.isNaN(d.getTime()));
