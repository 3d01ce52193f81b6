import type { EntityMetadata } from 'typeorm';

/**
 * The select list and row mapping of a raw hot read that must give what TypeORM's find gives: every selectable
 * column by name (so `select: false` ones such as password hashes stay out, and a new column cannot change a
 * prepared result's shape unannounced), with `date` columns read as text, since TypeORM hands those out as
 * 'YYYY-MM-DD' where pg would make a local-midnight Date. Rows become entities through a mapping made once:
 * TypeORM's own (returnedEntities) deep-merges column by column, about ten times the cost, on every profile read.
 */
export class SelectedColumns<T extends object> {
  readonly list: string;
  private readonly mapping: Array<[string, string]>;

  constructor(
    private readonly metadata: EntityMetadata,
    /** The table's alias in a statement that joins others, so no column name is ambiguous. */
    alias?: string,
  ) {
    const selected = metadata.columns.filter((c) => c.isSelect);
    const from = alias ? `${alias}.` : '';
    this.list = selected
      .map((c) =>
        c.type === 'date' ? `${from}"${c.databaseName}"::text AS "${c.databaseName}"` : `${from}"${c.databaseName}"`,
      )
      .join(', ');
    this.mapping = selected.map((c) => [c.databaseName, c.propertyName]);
  }

  entity(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as Record<string, unknown>;
    for (const [column, property] of this.mapping) entity[property] = row[column];
    return entity as T;
  }
}
