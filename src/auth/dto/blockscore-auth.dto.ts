import { ApiProperty } from '@nestjs/swagger';
import { USER_STATUSES } from '../../users/index.js';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

/** Seed 000: POST /api/auth/register */
export class RegisterDto {
  @ApiProperty({ example: 'user@example.com' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: 'SecurePass123!',
    minLength: 8,
    description:
      'At least 8 characters with upper and lower case, a digit and a special character; not common, not all digits, not like the email',
    writeOnly: true,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

/** Seed 000: POST /api/auth/login */
export class LoginDto {
  @ApiProperty({ example: 'user@example.com' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'SecurePass123!', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

/** POST /api/auth/refresh (BlockScore-shaped twin of token/refresh/) */
export class RefreshTokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  refresh_token: string;
}

export class RegisteredUserDto {
  @ApiProperty({ example: '550e8400-e29b-41d4-a716-446655440000' })
  id: string;
  @ApiProperty({ example: 'user@example.com' })
  email: string;
  @ApiProperty({ example: 'pending', enum: USER_STATUSES })
  status: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  created_at: string;
}

export class RegisterResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  @ApiProperty({ example: 'User registered successfully' })
  message: string;
  user: RegisteredUserDto;
}

export class LoggedInUserDto {
  @ApiProperty({ example: '550e8400-e29b-41d4-a716-446655440000' })
  id: string;
  @ApiProperty({ example: 'user@example.com' })
  email: string;
  @ApiProperty({ example: 'active', enum: USER_STATUSES })
  status: string;
  @ApiProperty({ format: 'date-time', example: '2024-12-30T15:30:00.000Z' })
  last_login: string;
}

export class TokensDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  access_token: string;
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  refresh_token: string;
}

export class LoginResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  @ApiProperty({ example: 'Login successful' })
  message: string;
  user: LoggedInUserDto;
  tokens: TokensDto;
}

export class RefreshResponseDto {
  @ApiProperty({ example: true })
  success: boolean;
  tokens: TokensDto;
}

export class SuccessMessageDto {
  @ApiProperty({ example: true })
  success: boolean;
  @ApiProperty({ example: 'Logout successful' })
  message: string;
}
