import { ApiProperty } from '@nestjs/swagger';

const QUALITIES = ['provisional', 'poor', 'fair', 'good', 'excellent'];

export class IdentitySegmentDto {
  @ApiProperty({ example: 99, description: '0–100' }) score: number;
  @ApiProperty({ example: 'excellent', enum: QUALITIES }) quality: string;
  @ApiProperty({ type: 'integer', example: 3 }) verifications: number;
}

export class BehaviorSegmentDto {
  @ApiProperty({ example: 77.09, description: '0–100' }) score: number;
  @ApiProperty({ example: 'good', enum: QUALITIES }) quality: string;
  @ApiProperty({ type: 'integer', example: 157 }) transactions: number;
  @ApiProperty({ type: 'integer', example: 56 }) transactors: number;
  @ApiProperty({ type: 'integer', example: 42 }) ratings: number;
  @ApiProperty({ type: 'integer', example: 1 }) reviews: number;
}

export class EndorsementsSegmentDto {
  @ApiProperty({ example: 82, description: '0–100' }) score: number;
  @ApiProperty({ example: 'good', enum: QUALITIES }) quality: string;
  @ApiProperty({ type: 'integer', example: 12 }) contacts: number;
  @ApiProperty({ example: 262, description: "Endorsers' average base score (60–360); null without endorsers" })
  averageScore: number | null;
  @ApiProperty({ type: 'integer', example: 2 }) reviews: number;
}

export class SegmentsDto {
  identity: IdentitySegmentDto;
  behavior: BehaviorSegmentDto;
  endorsements: EndorsementsSegmentDto;
}

export class ReputationDto {
  @ApiProperty({ example: 288, minimum: 60, maximum: 360, description: 'Credo Score' }) score: number;
  @ApiProperty({ example: 'good', enum: QUALITIES }) quality: string;
  segments: SegmentsDto;
}

export class EmailVerificationDto {
  @ApiProperty({ example: 5 }) score: number;
  @ApiProperty({ type: 'integer', example: 1524046183116, description: 'Unix ms' }) verifiedOn: number;
}

export class PhoneVerificationDto {
  @ApiProperty({ type: 'integer', example: 1 }) countryCode: number;
  @ApiProperty({ example: '760' }) areaCode: string;
  @ApiProperty({ example: '12' }) last2digits: string;
  @ApiProperty({ example: 40 }) score: number;
  @ApiProperty({ type: 'integer', example: 1527368780427, description: 'Unix ms' }) verifiedOn: number;
}

export class WalletVerificationDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'Wallets proven by signature' }) wallets: number;
  @ApiProperty({ example: 20 }) score: number;
  @ApiProperty({ type: 'integer', example: 1527368780427, description: 'Unix ms of the first one' }) verifiedOn: number;
}

export class KycVerificationDto {
  @ApiProperty({ example: 'identity' }) document: string;
  @ApiProperty({ example: 100 }) score: number;
  @ApiProperty({ type: 'integer', example: 1510957768433, description: 'Unix ms' }) verifiedOn: number;
}

export class VerificationsDto {
  email?: EmailVerificationDto;
  phone?: PhoneVerificationDto;
  wallet?: WalletVerificationDto;
  kyc?: KycVerificationDto;
}

export class LoanRecordDto {
  @ApiProperty({ type: 'integer', example: 12, description: 'Loan payments made on time' }) onTime: number;
  @ApiProperty({ type: 'integer', example: 1 }) late: number;
  @ApiProperty({ type: 'integer', example: 0 }) missed: number;
  @ApiProperty({ type: 'integer', example: 2 }) repaidLoans: number;
  @ApiProperty({ type: 'integer', example: 0 }) defaultedLoans: number;
}

export class PaymentsDto {
  @ApiProperty({ example: true, description: 'The user has linked a wallet' }) credoWallet: boolean;
  /** On-platform loan repayment */
  loans: LoanRecordDto;
}

export class MyReputationDataDto {
  @ApiProperty({ example: '02598397346' }) handleId: string;
  reputation: ReputationDto;
  verifications: VerificationsDto;
  payments: PaymentsDto;
}

export class MyReputationResponseDto {
  @ApiProperty({ example: true }) success: boolean;
  data: MyReputationDataDto;
}
