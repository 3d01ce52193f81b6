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
