import type { EntityMetadata } from 'typeorm';

/**
 * Turns raw rows into entities the way TypeORM's find would, for queries run through Sql: the select list
 * names every selectable column (so `select: false` ones such as password hashes stay out), `date` columns
 * are read as text (TypeORM hands them out as 'YYYY-MM-DD', pg would make a local-midnight Date), and each
 * column lands on its property.
 */
export class EntityRows<T extends object> {
  readonly columns: string;
  private readonly mapping: Array<[string, string]>;

  constructor(
    metadata: EntityMetadata,
    private readonly make: () => T,
  ) {
    const selected = metadata.columns.filter((c) => c.isSelect);
    this.columns = selected
      .map((c) => (c.type === 'date' ? `"${c.databaseName}"::text AS "${c.databaseName}"` : `"${c.databaseName}"`))
      .join(', ');
    this.mapping = selected.map((c) => [c.databaseName, c.propertyName]);
  }

  entity(row: Record<string, unknown>): T {
    const entity = this.make() as Record<string, unknown>;
    for (const [column, property] of this.mapping) entity[property] = row[column];
    return entity as T;
  }
}
