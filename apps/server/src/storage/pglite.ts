import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { byteaText, migrationsFolder, type Database, type Db, type RawQuery } from './db.js';
import * as schema from './schema.js';

// The embedded database, imported by `openDatabase` only when no DATABASE_URL is set: a server on
// PostgreSQL never loads PGlite.

const execFileAsync = promisify(execFile);

/**
 * [issue 18] PGlite keeps its buffer pool in the server's own memory: at
 * PostgreSQL's default of 128MB it was most of a fresh server's resident
 * size (282 against 158 MiB just opened, 384 against 241 MiB at peak after
 * 80 MB of writes and reads, bench/pglite-memory.ts). Pages it no longer
 * holds are read again from the operating system's file cache, which the
 * process does not pay for. The other per-query limits keep their defaults.
 */
const pgliteSettings = ['shared_buffers=16MB'];

/**
 * [issue 18] PGlite's own bytea codec turns each byte into a string and back
 * in JavaScript: reading a case document of 4 MB (10,000 stream entries) took
 * 300 ms of a 1.4 s cold open, writing one 860 ms. Node's native hex codec
 * does either in about 25 ms (100 ms written), with the same text format.
 */
const pgliteByteaCodec = {
  serializers: {
    [types.BYTEA]: (x: unknown): string => {
      if (!(x instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
      return byteaText(x);
    },
  },
  parsers: {
    [types.BYTEA]: (x: string): Uint8Array => {
      const bytes = Buffer.from(x.slice(2), 'hex');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  },
};

/** Opens (making it first when new) the PGlite database in `dir` and applies pending migrations. */
export async function openPglite(dir: string): Promise<Database> {
  await mkdir(dir, { recursive: true });
  // [issue 18] Making a new database (initdb, a newcomer's first start) grows PGlite's memory to about
  // 600 MB, which a process never gets back (closed, collected and opened again, it still held 440 MiB):
  // the server kept a resident size of 750 MiB for good. A child process makes it, migrates it and exits
  // instead; the server starts at the size of any later start (about 250 MiB).
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await makePgliteDatabase(dir);
  const client = await PGlite.create(dir, {
    startParams: [...PGlite.defaultStartParams, ...pgliteSettings.flatMap((s) => ['-c', s])],
    ...pgliteByteaCodec,
  });
  const { answered, urgent } = serveInTurn(client);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    log: { query: urgent, connections: 1 },
    kind: 'pglite',
    // PGlite's one connection runs statements in turn: in a reconnect storm a `select 1` waits behind every
    // session lookup queued before it (seconds). A database that answered a statement within the last second
    // is up; only a quiet one is asked.
    ping: async () => {
      if (Date.now() - answered.at < 1000) return;
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

const initdbEntry = fileURLToPath(new URL('./pglite-initdb.mjs', import.meta.url));

async function makePgliteDatabase(dir: string): Promise<void> {
  try {
    await execFileAsync(process.execPath, [initdbEntry, dir, migrationsFolder], { timeout: 300_000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`could not make the embedded database in ${dir}${stderr ? `: ${stderr.slice(-500)}` : ''}`, { cause: err });
  }
}

/**
 * PGlite runs each statement synchronously on this thread, one at a time. Two
 * things are decided here, in front of its own queue:
 *
 * - Order. [S2] An edit is broadcast only once its log append commits, and
 *   behind a burst of housekeeping (a hundred documents unloading at once,
 *   each compacting and recording versions) it waited 240–390 ms (p99 of
 *   issue 18's step w after the first round). Appends to the document log
 *   (`urgent`) go before every statement queued in the other lane, so an
 *   edit waits at most for the statement running. A transaction holds its
 *   turn until it ends, as PGlite's own lock does.
 * - Pace. PGlite starts the next queued statement in a microtask: a queue of
 *   a thousand session lookups (a reconnect storm) ran back to back for
 *   seconds with no socket read in between, /api/health included. So a
 *   statement that would run more than 20 ms after the last time pending I/O
 *   had its turn first gives it one (`setImmediate`): not every statement,
 *   which would cap a busy server at one statement per turn of its event loop.
 *
 * The time PGlite last finished a statement (answered or failed: either way
 * it runs) is kept for the health check.
 */
function serveInTurn(client: PGlite): { answered: { at: number }; urgent: RawQuery } {
  const answered = { at: 0 };
  const waiting = { urgent: [] as Array<() => void>, other: [] as Array<() => void> };
  let running = false;
  let lastTurn = 0;
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const next = (): void => {
    const go = waiting.urgent.shift() ?? waiting.other.shift();
    running = go !== undefined;
    go?.();
  };
  const inTurn = <R>(lane: keyof typeof waiting, run: () => Promise<R>): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      waiting[lane].push(() => {
        void (async () => {
          if (performance.now() - lastTurn > 20) {
            await turn();
            lastTurn = performance.now();
          }
          return run();
        })()
          .then(resolve, reject)
          .finally(() => {
            answered.at = Date.now();
            next();
          });
      });
      if (!running) next();
    });
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = ((...args: Parameters<typeof query>) => inTurn('other', () => query(...args))) as typeof client.query;
  client.exec = (...args: Parameters<typeof exec>) => inTurn('other', () => exec(...args));
  client.transaction = ((...args: Parameters<typeof transaction>) => inTurn('other', () => transaction(...args))) as typeof client.transaction;
  return { answered, urgent: (text, params) => inTurn('urgent', () => query(text, params)) };
}
