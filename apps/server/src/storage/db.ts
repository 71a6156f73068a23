import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type every repository takes: PGlite and PostgreSQL alike. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  /**
   * [S2] Where document log entries are appended. On PostgreSQL its own small
   * pool, so a burst of other queries (projections, sign-ins, a reconnect
   * storm's session lookups) never queues a sync commit behind it; on PGlite
   * the same connection as `db`. Through the driver itself, not drizzle:
   * the append's text never changes, and drizzle's work to run even a
   * prepared statement was 4 µs of the server's CPU per edit.
   */
  log: { query: RawQuery; connections: number };
  kind: 'pglite' | 'postgres';
  /**
   * Does the database answer? On PostgreSQL over a connection of its own, so
   * `/api/health` answers at once while a reconnect storm's session lookups
   * fill the main pool; on PGlite (one connection) behind what is queued.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** A driver's own statement runner: the text (with $1, $2 …) and its parameters. */
export type RawQuery = (text: string, params: unknown[]) => Promise<unknown>;

export const migrationsFolder = fileURLToPath(new URL('../../../../drizzle', import.meta.url));

/** PostgreSQL connections of a node for document log appends, beside the 10 of its main pool. */
const logConnections = 3;

/** Any fixed number: several nodes starting together take turns migrating. */
const migrationLockKey = 7_202_611;

/**
 * Opens PostgreSQL when a URL is given, else PGlite in `dataDir/pglite`, and
 * applies pending migrations from `drizzle/`.
 */
export async function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, {
      max: 10,
      onnotice: () => {},
      connection: { application_name: 'casehub' },
    });
    // A session-level lock needs one connection for the whole migration.
    const migrator = postgres(opts.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await migrator`select pg_advisory_lock(${migrationLockKey})`;
      await migratePostgres(drizzlePostgres(migrator), { migrationsFolder });
    } finally {
      await migrator.end({ timeout: 5 });
    }
    const db = drizzlePostgres(client, { schema });
    const logClient = postgres(opts.databaseUrl, {
      max: logConnections,
      onnotice: () => {},
      connection: { application_name: 'casehub-log' },
    });
    const healthClient = postgres(opts.databaseUrl, {
      max: 1,
      idle_timeout: 60,
      onnotice: () => {},
      connection: { application_name: 'casehub-health' },
    });
    return {
      db: db as unknown as Db,
      log: { query: (text, params) => logClient.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }), connections: logConnections },
      kind: 'postgres',
      ping: async () => {
        await healthClient`select 1`;
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), logClient.end({ timeout: 5 }), healthClient.end({ timeout: 5 })]);
      },
    };
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(path.join(opts.dataDir, 'pglite'));
}

/** Bytes as bytea's text form (`\\x` then hex), by Node's native hex codec: what both drivers send for a bytea. */
export function byteaText(bytes: Uint8Array): string {
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** The rows of `db.execute`: postgres-js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
