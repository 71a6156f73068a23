import { fragmentText, planFragment } from '@casehub/case-document';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Database } from '../src/storage/db.js';
import { docSnapshots, docUpdates } from '../src/storage/schema.js';
import { appendUpdates, compactDoc, countLogEntries, LogWriter, readDoc } from '../src/sync/persistence.js';
import { SnapshotMerger } from '../src/sync/snapshot-merger.js';
import { backends, freshStorage, paragraphUpdate } from './helpers.js';

function load(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, part);
  return doc;
}

/** One storage contract, run against both databases. */
describe.each(backends)('document storage on %s', (backend) => {
  let database: Database;
  let drop: () => Promise<void>;
  const merger = new SnapshotMerger();
  const merge = (parts: Uint8Array[]) => merger.merge(parts);
  beforeAll(async () => {
    const storage = await freshStorage(backend);
    drop = storage.drop;
    database = await openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir });
  });
  afterAll(async () => {
    await merger.close();
    await database?.close();
    await drop?.();
  });

  it('[issue 18] stores and reads back every byte value, in a large document and an empty one', async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = new Uint8Array(4_000_000).map((_, i) => (i * 7919) % 256);
    await appendUpdates(database.db, 'bytes/every', [every, new Uint8Array(0)]);
    await appendUpdates(database.db, 'bytes/large', [large]);
    const read = await readDoc(database.db, 'bytes/every');
    expect(read.updates.map((u) => [...u])).toEqual([[...every], []]);
    const [back] = (await readDoc(database.db, 'bytes/large')).updates;
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(back ?? []), Buffer.from(large))).toBe(0);
  });

  it('[S2.1] appends from many documents in one turn share one statement, each document in its order', async () => {
    const writer = new LogWriter(database.log.query);
    const sources = Array.from({ length: 10 }, () => new Y.Doc());
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      const d = i % 10;
      writes.push(writer.append(`cases/group-${d}/team`, [paragraphUpdate(sources[d] ?? new Y.Doc(), `line ${i}`)]));
    }
    await Promise.all(writes);
    expect(writer.stats).toEqual({ statements: 1, rows: 50 });
    for (let d = 0; d < 10; d++) {
      const doc = load(await readDoc(database.db, `cases/group-${d}/team`));
      expect(fragmentText(planFragment(doc))).toBe([0, 1, 2, 3, 4].map((k) => `line ${k * 10 + d}`).join('\n'));
    }
  });

  it.each([1, 3])('[S2.2] with %i statement(s) in flight, appends that arrive meanwhile wait and go together in the next', async (parallel) => {
    const writer = new LogWriter(database.log.query, parallel);
    const source = new Y.Doc();
    // Hold the log table so that statements stay in flight until we let go.
    let release = (): void => {};
    const held = new Promise<void>((r) => (release = r));
    let locked = (): void => {};
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table doc_updates in exclusive mode`);
      locked();
      await held;
    });
    await isLocked;
    const writes: Promise<void>[] = [];
    const turn = () => new Promise((r) => setTimeout(r, 20));
    // One append per turn fills the slots; the 20 after them find every slot busy.
    for (let i = 0; i < parallel; i++) {
      writes.push(writer.append(`cases/slots-${parallel}/team`, [paragraphUpdate(source, `first ${i}`)]));
      await turn();
    }
    for (let i = 0; i < 20; i++) {
      writes.push(writer.append(`cases/slots-${parallel}/team`, [paragraphUpdate(source, `then ${i}`)]));
      if (i % 5 === 0) await turn();
    }
    release();
    await holder;
    await Promise.all(writes);
    expect(writer.stats).toEqual({ statements: parallel + 1, rows: parallel + 20 });
    expect((await readDoc(database.db, `cases/slots-${parallel}/team`)).updates).toHaveLength(parallel + 20);
  });

  it('[S2.3] a failed group commit rejects every append in it, and the writer goes on with the next', async () => {
    const writer = new LogWriter(database.log.query);
    const source = new Y.Doc();
    // A document name the column cannot hold (NUL) fails the whole statement, and so its neighbours.
    const group = [
      writer.append('cases/fail-a/team', [paragraphUpdate(source, 'a')]),
      writer.append('cases/fail-b/team\u0000', [paragraphUpdate(source, 'b')]),
      writer.append('cases/fail-c/team', [paragraphUpdate(source, 'c')]),
    ];
    for (const result of await Promise.allSettled(group)) expect(result.status).toBe('rejected');
    await writer.append('cases/fail-c/team', [paragraphUpdate(source, 'd')]);
    expect((await readDoc(database.db, 'cases/fail-c/team')).updates).toHaveLength(1);
  });

  it('[S3.1] appends updates and reads them back in order', async () => {
    const source = new Y.Doc();
    const updates = ['one', 'two', 'three'].map((t) => paragraphUpdate(source, t));
    await appendUpdates(database.db, 'cases/a/team', updates.slice(0, 2));
    await appendUpdates(database.db, 'cases/a/team', updates.slice(2));
    const stored = await readDoc(database.db, 'cases/a/team');
    expect(stored.snapshot).toBeNull();
    expect(stored.updates).toHaveLength(3);
    expect(stored.updates[0]).toBeInstanceOf(Uint8Array);
    expect(planFragment(load(stored)).toString()).toBe(planFragment(source).toString());
    expect((await readDoc(database.db, 'cases/other/team')).updates).toHaveLength(0);
  });

  it('[S4.4] compaction folds the log into a snapshot with the same state', async () => {
    const source = new Y.Doc();
    const name = 'cases/b/team';
    for (let i = 0; i < 50; i++) await appendUpdates(database.db, name, [paragraphUpdate(source, `line ${i}`)]);
    expect(await countLogEntries(database.db, name)).toBe(50);
    expect(await compactDoc(database.db, name, merge)).toBe(50);
    expect(await countLogEntries(database.db, name)).toBe(0);
    const stored = await readDoc(database.db, name);
    expect(stored.snapshot).not.toBeNull();
    expect(planFragment(load(stored)).toString()).toBe(planFragment(source).toString());

    // More edits after a snapshot, then a second compaction on top of it.
    await appendUpdates(database.db, name, [paragraphUpdate(source, 'after snapshot')]);
    expect(planFragment(load(await readDoc(database.db, name))).toString()).toContain('after snapshot');
    expect(await compactDoc(database.db, name, merge)).toBe(1);
    const again = await readDoc(database.db, name);
    expect(again.updates).toHaveLength(0);
    expect(planFragment(load(again)).toString()).toBe(planFragment(source).toString());
    expect(await compactDoc(database.db, name, merge)).toBe(0);
  });

  it('[S4.3] appends go on while a compaction merges, and what they add stays in the log', async () => {
    const source = new Y.Doc();
    const name = 'cases/merging/team';
    for (let i = 0; i < 20; i++) await appendUpdates(database.db, name, [paragraphUpdate(source, `line ${i}`)]);
    let release = (): void => {};
    const gate = new Promise<void>((r) => (release = r));
    let merging = (): void => {};
    const started = new Promise<void>((r) => (merging = r));
    const compacting = compactDoc(database.db, name, async (parts) => {
      merging();
      await gate;
      return merge(parts);
    });
    await started;
    // On PGlite, whose one connection a transaction holds, these used to wait for the merge.
    for (let i = 0; i < 5; i++) await appendUpdates(database.db, name, [paragraphUpdate(source, `during ${i}`)]);
    release();
    expect(await compacting).toBe(20);
    const stored = await readDoc(database.db, name);
    expect(stored.updates).toHaveLength(5);
    expect(planFragment(load(stored)).toString()).toBe(planFragment(source).toString());
  });

  it('[S4.4] two compactions at once (two nodes) fold the log once and lose nothing', async () => {
    const source = new Y.Doc();
    const name = 'cases/two-nodes/team';
    for (let i = 0; i < 30; i++) await appendUpdates(database.db, name, [paragraphUpdate(source, `line ${i}`)]);
    await compactDoc(database.db, name, merge);
    for (let i = 0; i < 10; i++) await appendUpdates(database.db, name, [paragraphUpdate(source, `more ${i}`)]);
    // Both read the same snapshot and log before either writes.
    let release = (): void => {};
    const gate = new Promise<void>((r) => (release = r));
    let read = 0;
    let bothRead = (): void => {};
    const readBoth = new Promise<void>((r) => (bothRead = r));
    const gated = async (parts: Uint8Array[]) => {
      if (++read === 2) bothRead();
      await gate;
      return merge(parts);
    };
    const compactions = [compactDoc(database.db, name, gated), compactDoc(database.db, name, gated)];
    await readBoth;
    await appendUpdates(database.db, name, [paragraphUpdate(source, 'meanwhile')]);
    release();
    expect((await Promise.all(compactions)).sort((a, b) => a - b)).toEqual([0, 10]);
    const stored = await readDoc(database.db, name);
    expect(stored.updates).toHaveLength(1);
    expect(planFragment(load(stored)).toString()).toBe(planFragment(source).toString());
  });

  it('[S4.6] a load running while the log is compacted sees every committed entry', async () => {
    const source = new Y.Doc();
    const name = `race-${backend}`;
    let written = 0;
    for (let round = 0; round < 150; round++) {
      await appendUpdates(database.db, name, [paragraphUpdate(source, `line ${round}`)]);
      written++;
      // Start the load a little after the compaction, at a different moment each round, so they interleave every way.
      const compacting = compactDoc(database.db, name, merge);
      await new Promise((r) => setTimeout(r, round % 8));
      const stored = await readDoc(database.db, name);
      await compacting;
      expect(planFragment(load(stored)).length, `round ${round}`).toBe(written);
    }
  }, 120_000);

  it('[S4.5] an entry with a lower id than the snapshot mark is still loaded', async () => {
    const source = new Y.Doc();
    const name = 'cases/c/team';
    await appendUpdates(database.db, name, [paragraphUpdate(source, 'first')]);
    await compactDoc(database.db, name, merge);
    const [snapshot] = await database.db.select().from(docSnapshots).where(eq(docSnapshots.docName, name));
    const mark = snapshot?.uptoId ?? 0;
    // Simulates a transaction that took its id early and committed after compaction
    // (ids below the mark were freed when they were folded).
    const late = paragraphUpdate(source, 'late commit');
    await database.db.insert(docUpdates).values({ id: mark - 1, docName: name, data: late });
    expect(planFragment(load(await readDoc(database.db, name))).toString()).toContain('late commit');
  });
});

/** PGlite only: PostgreSQL runs the log's statements on connections of their own. */
describe('[S2.7] the log on PGlite', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const storage = await freshStorage('pglite');
    drop = storage.drop;
    database = await openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('a log append goes before the statements queued ahead of it (an unloading burst does not hold edits back)', async () => {
    const writer = new LogWriter(database.log.query);
    const done: string[] = [];
    const others = Array.from({ length: 30 }, (_, i) =>
      database.db.execute(sql`select count(*) from generate_series(1, 20000)`).then(() => done.push(`other ${i}`)),
    );
    const append = writer.append('cases/urgent/team', [paragraphUpdate(new Y.Doc(), 'typed meanwhile')]).then(() => done.push('append'));
    await Promise.all([...others, append]);
    // Only those that ran while the writer waited for the end of its turn of the event loop finish first (3 when written), not the 30.
    expect(done.indexOf('append')).toBeLessThan(10);
    expect(done.filter((d) => d.startsWith('other'))).toEqual(others.map((_, i) => `other ${i}`));
    expect((await readDoc(database.db, 'cases/urgent/team')).updates).toHaveLength(1);
  });
});
