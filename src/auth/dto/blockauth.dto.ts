import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

const PASSWORD_HELP =
  "Your password can't be too similar to your other personal information. Your password must contain at least 8 characters. " +
  "Your password can't be a commonly used password. Your password can't be entirely numeric.";

export class IdentifierDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Email or Phone number' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  identifier: string;
}

export class SendCodeDto extends IdentifierDto {
  @ApiPropertyOptional({ default: 'email', description: 'Method to send message' })
  @IsOptionalNotNull()
  @IsIn(['email', 'sms'])
  method?: 'email' | 'sms';

  @ApiPropertyOptional({ default: 'otp', description: 'OTP or Link' })
  @IsOptionalNotNull()
  @IsIn(['otp', 'link'])
  verification_type?: 'otp' | 'link';
}

export class SignupDto extends SendCodeDto {
  @ApiProperty({ example: 'MySecretPassword123', description: PASSWORD_HELP, writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class ConfirmCodeDto extends IdentifierDto {
  @ApiProperty({ example: '123456', description: 'Verification code received' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code: string;
}

export class BasicLoginDto extends IdentifierDto {
  @ApiProperty({ example: 'MySecretPassword123', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class WalletLoginDto {
  @ApiProperty({
    example: '0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6',
    description: 'Ethereum wallet address (0x...)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(42)
  wallet_address: string;

  @ApiProperty({
    example:
      'Welcome to BlockAuth!\n\nPlease sign this message to authenticate with your wallet.\n\nWallet Address: 0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6\nNonce: 1234567890\nTimestamp: 1640995200\n\nThis signature will be used to authenticate your account.',
    description:
      "Message that was signed: seed 003's template or an EIP-4361 message, carrying a nonce from wallet/nonce/",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message: string;

  @ApiProperty({
    example:
      '0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef1b',
    description:
      'Ethereum signature (0x-prefixed, 130 hex chars for an EOA; longer for ERC-1271/6492 contract wallets)',
  })
  @IsString()
  @Matches(/^0x[0-9a-fA-F]+$/, { message: 'signature must be 0x-prefixed hex' })
  @MaxLength(8192)
  signature: string;
}

export class NonceQueryDto {
  @ApiProperty({
    example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
    description: 'The wallet that will sign: EIP-55 checksummed, or all lowercase / all uppercase',
  })
  @IsString()
  @MaxLength(42)
  wallet_address: string;

  @ApiPropertyOptional({
    example: 'app.blockscore.example.com',
    description:
      'The EIP-4361 domain (host[:port]) the user signs in to; one of SIWE_DOMAINS. Left out: the Origin ' +
      "header's host when it is allowed, else the first allowed domain. A domain not allowed answers 400 AUTH.DOMAIN_NOT_ALLOWED.",
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(255)
  domain?: string;
}

export class VerifyLinkQueryDto {
  @ApiProperty({ description: 'The token from the link' })
  @IsString()
  @MinLength(16)
  @MaxLength(128)
  token: string;
}

/** The link page's confirmation: the token from the link, sent in a POST body. */
export class VerifyLinkDto extends VerifyLinkQueryDto {}

export class RefreshDto {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
    description: 'Refresh token to get new access token',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  refresh: string;
}

/** The new password and its confirmation, shared by password change and reset. */
export class NewPasswordDto {
  @ApiProperty({ example: 'NewSecurePassword123', description: PASSWORD_HELP, writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  new_password: string;

  @ApiProperty({ example: 'NewSecurePassword123', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  confirm_password: string;
}

export class ChangePasswordDto extends NewPasswordDto {
  @ApiProperty({ example: 'OldPassword123', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  old_password: string;
}

export class ResetConfirmDto extends IntersectionType(ConfirmCodeDto, NewPasswordDto) {}

export class AddEmailDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Email address to add and verify' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ default: 'otp' })
  @IsOptionalNotNull()
  @IsIn(['otp', 'link'])
  verification_type?: 'otp' | 'link';
}

export class MessageDto {
  @ApiProperty({ example: 'otp sent via email.' })
  message: string;
}

export class TokenUserDto {
  @ApiProperty({ example: '123e4567-e89b-12d3-a456-426614174000' })
  id: string;
  @ApiProperty({ example: 'john.doe@example.com' })
  email: string | null;
  @ApiProperty({ example: true })
  is_verified: boolean;
}

export class AccessRefreshDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  access: string;
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  refresh: string;
}

export class TokenResponseDto extends AccessRefreshDto {
  user: TokenUserDto;
}

/**
 * EIP-4361 fields under the names viem's `createSiweMessage` and the siwe package's `SiweMessage` take, so a
 * client builds the message with `createSiweMessage(body.siwe)` or `new SiweMessage(body.siwe).prepareMessage()`.
 */
export class SiweFieldsDto {
  @ApiProperty({ example: 'app.blockscore.example.com', description: 'Allowed domain (host[:port]) to sign in to' })
  domain: string;
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e', description: 'The wallet, EIP-55 checksummed' })
  address: string;
  @ApiProperty({ example: 'Sign in to BlockScore.' })
  statement: string;
  @ApiProperty({ example: 'https://app.blockscore.example.com', description: "The domain's origin" })
  uri: string;
  @ApiProperty({ example: '1', enum: ['1'] })
  version: string;
  @ApiProperty({ example: 1, type: 'integer', description: 'Chain id of the first configured CHAIN' })
  chainId: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015' })
  nonce: string;
  @ApiProperty({ example: '2024-12-30T15:30:00.000Z', format: 'date-time' })
  issuedAt: string;
  @ApiProperty({ example: '2024-12-30T15:35:00.000Z', format: 'date-time', description: 'When the nonce expires' })
  expirationTime: string;
}

export class NonceResponseDto {
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015' })
  nonce: string;
  @ApiProperty({ description: "Seed 003's message to sign, filled with the address, nonce and timestamp" })
  message: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  issued_at: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:35:00.000Z' })
  expires_at: string;
  @ApiProperty({
    type: SiweFieldsDto,
    description: 'Everything an EIP-4361 (Sign-In with Ethereum) message needs; sign either it or `message`',
  })
  siwe: SiweFieldsDto;
}

export class MeDto {
  @ApiProperty({ example: '123e4567-e89b-12d3-a456-426614174000' })
  id: string;
  @ApiProperty({ example: 'john.doe@example.com' })
  email: string | null;
  @ApiProperty({ example: '+14155552671' })
  phone: string | null;
  @ApiProperty({ example: 'John' })
  first_name: string | null;
  @ApiProperty({ example: 'Doe' })
  last_name: string | null;
  @ApiProperty({ format: 'date-time', example: '2025-09-14T05:33:00.877Z' })
  date_joined: string;
  @ApiProperty({ example: true })
  is_online: boolean;
  @ApiProperty({ example: '1990-01-31' })
  date_of_birth: string | null;
  @ApiProperty({ example: 'text' })
  bio: string | null;
  @ApiProperty({ example: 'email', enum: ['email', 'phone', 'wallet'] })
  authentication_type: string;
  @ApiProperty({ example: true })
  is_verified: boolean;
  @ApiProperty({ example: '0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6' })
  wallet_address: string | null;
  @ApiProperty({ example: '02598397346', description: 'Credo handle' })
  handle: string;
}
