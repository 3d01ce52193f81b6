import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class LinkWalletDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' })
  @IsString()
  @MaxLength(42)
  wallet_address: string;

  @ApiProperty({
    description: 'The message from GET /api/v1/auth/wallet/nonce/ (or an EIP-4361 message with that nonce)',
  })
  @IsString()
  @MaxLength(2000)
  message: string;

  @ApiProperty({
    example:
      '0x5d99b6f7f6d1f73d1a26497f2b1c7c7e6d5dbeee4ac3b54ad1b8ddf4e2b6d8e73e2c4c1a3e5f6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c1b',
    description: 'personal_sign signature of the message',
  })
  @IsString()
  @Matches(/^0x[0-9a-fA-F]+$/, { message: 'signature must be 0x-prefixed hex' })
  @MaxLength(8192)
  signature: string;
}

export class WalletDataDto {
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' })
  wallet_address: string;
  @ApiProperty({ type: 'integer', example: 1 })
  chain_id: number;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  verified_at: string;
}

export class WalletResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  data: WalletDataDto;
}
