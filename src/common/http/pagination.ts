import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../validation/optional.js';

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 20;
/** Far past any real history; stops OFFSET from being used to make the database scan millions of rows. */
export const MAX_PAGE = 10_000;

/**
 * Query strings arrive as text. A well-formed integer becomes a number; anything else (a word, a repeated
 * parameter, "1.5") is left as it came, so the validators reject it with a clear message.
 */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim()) ? Number(value) : value;

/** `?page&per_page` as seed 000 documents it; per_page above 100 is capped to 100 rather than refused. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, description: 'Page number' })
  @IsOptionalNotNull()
  @Transform(toInteger)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    default: DEFAULT_PER_PAGE,
    description: `Items per page (max ${MAX_PER_PAGE}; larger values are capped)`,
  })
  @IsOptionalNotNull()
  @Transform((params) => {
    const value = toInteger(params);
    return typeof value === 'number' && value > MAX_PER_PAGE ? MAX_PER_PAGE : value;
  })
  @IsInt({ message: 'per_page must be a whole number' })
  @Min(1)
  per_page?: number;
}

export class PaginationDto {
  @ApiProperty({ type: 'integer', example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', example: 20 })
  per_page: number;

  @ApiProperty({ type: 'integer', example: 45 })
  total: number;

  @ApiProperty({ type: 'integer', example: 3 })
  pages: number;

  @ApiProperty({ example: true })
  has_next: boolean;

  @ApiProperty({ example: false })
  has_prev: boolean;
}

export interface PageRequest {
  page: number;
  perPage: number;
  offset: number;
}

export function pageRequest(query: PageQueryDto): PageRequest {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  return { page, perPage, offset: (page - 1) * perPage };
}

/** Seed 000's pagination object; an empty list has 0 pages. */
export function pagination({ page, perPage }: PageRequest, total: number): PaginationDto {
  const pages = Math.ceil(total / perPage);
  return { page, per_page: perPage, total, pages, has_next: page < pages, has_prev: page > 1 };
}
