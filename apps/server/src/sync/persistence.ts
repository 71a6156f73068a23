import { and, eq, inArray, sql } from 'drizzle-orm';
import { byteaText, rowsOf, type Db, type RawQuery } from '../storage/db.js';
import { docSnapshots, docUpdates } from '../storage/schema.js';

/**
 * Storage of one document: a snapshot plus every log entry not yet folded
 * into it. Loading applies all remaining entries, not only those after the
 * snapshot's mark: an entry whose transaction committed late (a lower id
 * than one already compacted) is still applied, and applying an update twice
 * is harmless in Yjs.
 */
export type StoredDoc = { snapshot: Uint8Array | null; updates: Uint8Array[] };

export async function readDoc(db: Db, docName: string): Promise<StoredDoc> {
  const { snapshot, entries } = await readStored(db, docName);
  return { snapshot: snapshot?.data ?? null, updates: entries.map((e) => e.data) };
}

type Stored = { snapshot: { data: Uint8Array; uptoId: number } | null; entries: Array<{ id: number; data: Uint8Array }> };

async function readStored(db: Db, docName: string): Promise<Stored> {
  // One statement, so one view of the tables: read as two, a compaction
  // committing in between would leave the old snapshot with the log entries
  // it had just folded (and deleted) missing.
  const result = await db.execute(sql`
    select ${docSnapshots.uptoId} as mark, ${docSnapshots.data} as data, 0::bigint as id, 0 as ord from ${docSnapshots} where ${docSnapshots.docName} = ${docName}
    union all
    select null::bigint as mark, ${docUpdates.data} as data, ${docUpdates.id} as id, 1 as ord from ${docUpdates} where ${docUpdates.docName} = ${docName}
    order by ord, id`);
  // postgres-js returns the rows, PGlite an object holding them; bigints come as strings or numbers.
  type Row = { mark: string | number | null; data: Uint8Array; id: string | number; ord: number };
  const rows = rowsOf<Row>(result);
  const first = rows[0];
  const snapshot = first && first.ord === 0 ? { data: toBytes(first.data), uptoId: Number(first.mark) } : null;
  return { snapshot, entries: rows.filter((r) => r.ord === 1).map((r) => ({ id: Number(r.id), data: toBytes(r.data) })) };
}

/** Appends updates of one document in one statement, inside a transaction (a server-side change) or as its own commit. */
export async function appendUpdates(db: Db, docName: string, updates: readonly Uint8Array[]): Promise<void> {
  if (updates.length === 0) return;
  await db.insert(docUpdates).values(updates.map((data) => ({ docName, data })));
}

type LogRow = { docName: string; data: Uint8Array };

/** The log table's appends as plain SQL (the driver prepares each text once); `doc_updates` is `docUpdates` in schema.ts. */
const appendOne = 'insert into doc_updates (doc_name, data) values ($1, $2)';
const appendMany = 'insert into doc_updates (doc_name, data) select * from unnest($1::text[], $2::text[]::bytea[])';

/**
 * One statement for any number of rows, run by the driver itself. Several
 * rows go as two arrays, so the statement's text is the same whatever their
 * number and nothing is built per row: a drizzle VALUES list took 17 µs of
 * the server's CPU per row at 20 rows, this 8 µs, and 2.6 against 16 µs at
 * 100 rows. The bytes go as bytea's hex text (what both drivers send for a
 * bytea anyway), since an array of byte arrays has no array type the
 * postgres driver can infer.
 */
async function appendRows(query: RawQuery, rows: readonly LogRow[]): Promise<void> {
  const [only] = rows;
  if (!only) return;
  if (rows.length === 1) {
    await query(appendOne, [only.docName, only.data]);
    return;
  }
  await query(appendMany, [rows.map((r) => r.docName), rows.map((r) => byteaText(r.data))]);
}

/** Rows and bytes after which a group commit is cut (the rest goes in the next statement). */
const maxGroupRows = 1000;
const maxGroupBytes = 16 * 1024 * 1024;

/**
 * [S2] Group commit across documents. Every room of a node appends through
 * one LogWriter. Appends made in the same turn of the event loop, from any
 * document, go in one statement (one INSERT, one commit, one WAL flush); so
 * do appends that arrive while `parallel` statements are already in flight,
 * once one of them returns. At 250 documents each edit used to be its own
 * commit; now a burst costs one round trip however many documents it
 * touches, and a lone edit still waits for nothing but its own commit.
 */
export class LogWriter {
  private waiting: Array<{ rows: LogRow[]; bytes: number; resolve: () => void; reject: (err: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;
  /** Statements and rows written so far (tests, metrics). */
  readonly stats = { statements: 0, rows: 0 };
  /** Hears each committed statement: its rows, their bytes and how long the commit took (/metrics). */
  onCommitted: ((rows: number, bytes: number, seconds: number) => void) | undefined;

  /** `query`: the log connections' (Database.log); `parallel`: statements in flight at once (1 for PGlite, whose one connection runs them in turn anyway). */
  constructor(
    private readonly query: RawQuery,
    private readonly parallel = 1,
  ) {}

  /** Resolves once the updates are committed; rejects if their statement failed. */
  append(docName: string, updates: readonly Uint8Array[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const rows = updates.map((data) => ({ docName, data }));
      this.waiting.push({ rows, bytes: rows.reduce((n, r) => n + r.data.byteLength, 0), resolve, reject });
      if (this.scheduled || this.inFlight >= this.parallel) return;
      // Whatever else this turn of the event loop appends (other sockets read in the same poll) joins it.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.start();
      });
    });
  }

  private start(): void {
    while (this.waiting.length > 0 && this.inFlight < this.parallel) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.write(group).finally(() => {
        this.inFlight--;
        this.start();
      });
    }
  }

  private async write(group: LogWriter['waiting']): Promise<void> {
    const rows = group.flatMap((g) => g.rows);
    const started = performance.now();
    try {
      await appendRows(this.query, rows);
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    this.stats.statements++;
    this.stats.rows += rows.length;
    this.onCommitted?.(
      rows.length,
      group.reduce((n, g) => n + g.bytes, 0),
      (performance.now() - started) / 1000,
    );
    for (const g of group) g.resolve();
  }

  /** The longest prefix of what waits that fits one statement (always at least one append). */
  private takeGroup(): LogWriter['waiting'] {
    let rows = 0;
    let bytes = 0;
    let n = 0;
    for (const g of this.waiting) {
      if (n > 0 && (rows + g.rows.length > maxGroupRows || bytes + g.bytes > maxGroupBytes)) break;
      rows += g.rows.length;
      bytes += g.bytes;
      n++;
    }
    return this.waiting.splice(0, n);
  }
}

export async function countLogEntries(db: Db, docName: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(docUpdates)
    .where(eq(docUpdates.docName, docName));
  return row?.n ?? 0;
}

/**
 * [S4] Folds the log into the snapshot, without holding anything while it
 * works. It reads the snapshot and the log in one statement, merges them in
 * a worker thread (`merge`, a SnapshotMerger's), then writes in one short
 * transaction: under a per-document advisory lock it checks that the
 * snapshot is still the one it read (another node may have compacted
 * meanwhile; then it gives up, and the entries stay for the next time),
 * stores the merged one and deletes exactly the entries it merged, so an
 * entry that committed meanwhile stays in the log. Nothing waits for the
 * merge: on PGlite, whose one connection a transaction holds, every append
 * used to wait for it. Returns how many entries were folded.
 */
export async function compactDoc(db: Db, docName: string, merge: (parts: Uint8Array[]) => Promise<Uint8Array>): Promise<number> {
  const { snapshot, entries } = await readStored(db, docName);
  if (entries.length === 0) return 0;
  const parts = entries.map((e) => e.data);
  if (snapshot) parts.unshift(snapshot.data);
  const merged = await merge(parts);
  const ids = entries.map((e) => e.id);
  const uptoId = ids[ids.length - 1] ?? 0; // read in id order
  const readMark = snapshot?.uptoId ?? null;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${docName}))`);
    const [now] = await tx.select({ uptoId: docSnapshots.uptoId }).from(docSnapshots).where(eq(docSnapshots.docName, docName));
    // Each compaction's mark is an id it deleted, so a mark is never reused: same mark, same snapshot.
    if ((now?.uptoId ?? null) !== readMark) return 0;
    await tx
      .insert(docSnapshots)
      .values({ docName, data: merged, uptoId })
      .onConflictDoUpdate({ target: docSnapshots.docName, set: { data: merged, uptoId, updatedAt: new Date() } });
    for (let i = 0; i < ids.length; i += 1000) {
      await tx.delete(docUpdates).where(and(eq(docUpdates.docName, docName), inArray(docUpdates.id, ids.slice(i, i + 1000))));
    }
    return ids.length;
  });
}

/** postgres-js returns Buffer, PGlite Uint8Array; Yjs wants exactly Uint8Array views. */
function toBytes(data: Uint8Array): Uint8Array {
  return data.constructor === Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
