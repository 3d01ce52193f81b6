import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** The envelope every error answers with (DESIGN §2). */
export class ErrorResponseDto {
  @ApiProperty({ example: false, enum: [false] })
  success: false;

  @ApiProperty({ example: 'Bad Request', description: "The seed's label for the status" })
  error: string;

  @ApiProperty({ example: 'REQUEST.VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiProperty({ example: 'a1b2c3d4', description: 'Equals the X-Request-Id response header' })
  request_id: string;

  details?: FieldErrorDto[];
}
