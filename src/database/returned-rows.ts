import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * Entities from the rows an `INSERT … RETURNING` or `UPDATE … RETURNING` gave back. TypeORM hands those over raw,
 * by column name; this maps each column onto its property the way TypeORM hydrates its own generated values
 * (the driver's types kept: Date for timestamptz, strings for bigint and numeric, parsed jsonb).
 */
export function returnedEntities<T extends ObjectLiteral>(repo: Repository<T>, raw: unknown): T[] {
  const driver = repo.manager.connection.driver;
  return (Array.isArray(raw) ? (raw as ObjectLiteral[]) : []).map((row) =>
    Object.assign(repo.create(), driver.createGeneratedMap(repo.metadata, row) ?? {}),
  );
}

/**
 * Inserts a row whose `expiresAt` is the database's now() plus `ttlSeconds` (so every instance agrees on it) and
 * returns that expiry. Single-use secrets (verification codes, partner challenges) are stored this way.
 */
export async function insertExpiring<T extends ObjectLiteral & { expiresAt: Date }>(
  repo: Repository<T>,
  values: Partial<T>,
  ttlSeconds: number,
): Promise<Date> {
  const result = await repo
    .createQueryBuilder()
    .insert()
    .values({ ...values, expiresAt: () => 'now() + make_interval(secs => :ttlSeconds)' })
    .setParameter('ttlSeconds', ttlSeconds)
    .returning(['expiresAt'])
    .updateEntity(false)
    .execute();
  const [row] = returnedEntities(repo, result.raw);
  return new Date(row.expiresAt);
}
