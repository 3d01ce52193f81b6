import type { EntityMetadata } from 'typeorm';

/**
 * The select list of a raw read that must give what TypeORM's find gives: every selectable column by name (so
 * `select: false` ones such as password hashes stay out, and a new column cannot change a prepared result's
 * shape unannounced), with `date` columns read as text, since TypeORM hands those out as 'YYYY-MM-DD' where pg
 * would make a local-midnight Date. Rows read with it become entities through returnedEntities.
 */
export function selectList(metadata: EntityMetadata): string {
  return metadata.columns
    .filter((c) => c.isSelect)
    .map((c) => (c.type === 'date' ? `"${c.databaseName}"::text AS "${c.databaseName}"` : `"${c.databaseName}"`))
    .join(', ');
}
