import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows.js';

export type ChallengeMethod = 'passcode' | 'signature';

/** Which handles each partner has proven, by a validated challenge, to belong to the user it deals with. */
@Injectable()
export class VerifiedHandlesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(partnerId: string, userId: string, method: ChallengeMethod): Promise<void> {
    await queryRows(
      this.db,
      `INSERT INTO partner_verified_handles (partner_id, user_id, method) VALUES ($1, $2, $3)
       ON CONFLICT (partner_id, user_id) DO UPDATE SET method = EXCLUDED.method, verified_at = now()`,
      [partnerId, userId, method],
    );
  }

  async isVerified(partnerId: string, userId: string): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `SELECT 1 FROM partner_verified_handles WHERE partner_id = $1 AND user_id = $2`,
      [partnerId, userId],
    );
    return rows.length > 0;
  }
}
