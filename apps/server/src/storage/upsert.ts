import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The `set` of an upsert (`onConflictDoUpdate`) that takes each given column
 * from the row the insert proposed (`excluded.<column>`): a projection
 * rewrites a row from its document, whatever the row held before.
 */
export function fromExcluded<K extends string>(columns: Record<K, PgColumn>): Record<K, SQL> {
  const set: Partial<Record<K, SQL>> = {};
  for (const key of Object.keys(columns) as K[]) set[key] = sql`excluded.${sql.identifier(columns[key].name)}`;
  return set as Record<K, SQL>;
}
