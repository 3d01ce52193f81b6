import { checkWalletAddress } from './wallet-address.js';

const checksummed = '0x742d35Cc6634C0532925a3b844Bc454e4438f44e';

describe('EIP-55 address check', () => {
  it('accepts the checksummed form, all-lowercase and all-uppercase, answering the checksummed form', () => {
    for (const raw of [checksummed, checksummed.toLowerCase(), `0x${checksummed.slice(2).toUpperCase()}`])
      expect(checkWalletAddress(raw)).toEqual({ ok: true, address: checksummed });
  });

  it('refuses a mixed-case address whose checksum fails, and anything not 20 bytes of hex', () => {
    expect(checkWalletAddress(checksummed.replace('Cc', 'cC'))).toEqual({ ok: false, reason: 'checksum' });
    for (const raw of ['0x1234', `${checksummed}00`, checksummed.slice(2), `0X${checksummed.slice(2)}`])
      expect(checkWalletAddress(raw)).toEqual({ ok: false, reason: 'format' });
  });
});
