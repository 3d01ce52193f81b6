import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * The rows an `INSERT … RETURNING` or `UPDATE … RETURNING` gave back, as entity fields: TypeORM hands them over
 * by column name, and this maps them the way TypeORM maps its own generated values (driver types kept: Date
 * for timestamptz, strings for bigint and numeric).
 */
export function returnedRows<T extends ObjectLiteral>(repo: Repository<T>, raw: unknown): Partial<T>[] {
  const driver = repo.manager.connection.driver;
  return (Array.isArray(raw) ? raw : []).map(
    (row) => (driver.createGeneratedMap(repo.metadata, row) ?? {}) as Partial<T>,
  );
}
