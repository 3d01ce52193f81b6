import { createSiweMessage } from 'viem/siwe';
import { parseWalletMessage, readWalletMessage, welcomeMessage } from './wallet-message.js';

const address = '0x742d35Cc6634C0532925a3b844Bc454e4438f44e';

describe('wallet messages', () => {
  it("parses seed 003's Welcome to BlockAuth! message", () => {
    const parsed = parseWalletMessage(welcomeMessage(address.toLowerCase(), 'abcdef1234567890', 1640995200));
    expect(parsed).toEqual({ kind: 'welcome', address, nonce: 'abcdef1234567890', timestamp: 1640995200 });
  });

  it('parses an EIP-4361 message', () => {
    const message = createSiweMessage({
      address,
      chainId: 1,
      domain: 'localhost:5000',
      nonce: 'abcdef1234567890',
      uri: 'http://localhost:5000',
      version: '1',
      issuedAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(parseWalletMessage(message)).toMatchObject({ kind: 'siwe', address, domain: 'localhost:5000', chainId: 1 });
  });

  it('says why a message is refused: a mixed-case address failing EIP-55, or anything malformed', () => {
    const welcome = welcomeMessage(address.replace('Cc', 'cC'), 'abcdef1234567890', 1640995200);
    expect(readWalletMessage(welcome)).toEqual({ fault: 'checksum' });
    const siwe = createSiweMessage({
      address,
      chainId: 1,
      domain: 'localhost:5000',
      nonce: 'abcdef1234567890',
      uri: 'http://localhost:5000',
      version: '1',
      issuedAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(readWalletMessage(siwe.replace(address, address.replace('Cc', 'cC')))).toEqual({ fault: 'checksum' });
    expect(readWalletMessage(siwe.replace('Version: 1', 'Version: 2'))).toEqual({ fault: 'malformed' });
    expect(readWalletMessage(siwe.replace('2026-01-01T00:00:00', '2026-13-45T00:00:00'))).toEqual({
      fault: 'malformed',
    });
  });

  it('refuses anything else', () => {
    expect(parseWalletMessage('hello')).toBeNull();
    expect(parseWalletMessage(welcomeMessage(address, 'abc', 1).replace('Welcome', 'Hello'))).toBeNull();
    expect(parseWalletMessage(welcomeMessage('0x1234', 'abcdef1234', 1))).toBeNull();
  });
});
