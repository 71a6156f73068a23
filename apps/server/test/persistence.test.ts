import { planFragment } from '@casehub/case-document';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Database } from '../src/storage/db.js';
import { docSnapshots, docUpdates } from '../src/storage/schema.js';
import { appendUpdates, compactDoc, countLogEntries, readDoc } from '../src/sync/persistence.js';
import { backends, freshStorage } from './helpers.js';

function edit(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  planFragment(doc).push([p]);
  return Y.encodeStateAsUpdate(doc, before);
}

function load(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, part);
  return doc;
}

/** One storage contract, run against both databases. */
describe.each(backends)('document storage on %s', (backend) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const storage = await freshStorage(backend);
    drop = storage.drop;
    database = await openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('[S3] appends updates and reads them back in order', async () => {
    const source = new Y.Doc();
    const updates = ['one', 'two', 'three'].map((t) => edit(source, t));
    await appendUpdates(database.db, 'cases/a/team', updates.slice(0, 2));
    await appendUpdates(database.db, 'cases/a/team', updates.slice(2));
    const stored = await readDoc(database.db, 'cases/a/team');
    expect(stored.snapshot).toBeNull();
    expect(stored.updates).toHaveLength(3);
    expect(stored.updates[0]).toBeInstanceOf(Uint8Array);
    expect(planFragment(load(stored)).toString()).toBe(planFragment(source).toString());
    expect((await readDoc(database.db, 'cases/other/team')).updates).toHaveLength(0);
  });

  it('[S4] compaction folds the log into a snapshot with the same state', async () => {
    const source = new Y.Doc();
    const name = 'cases/b/team';
    for (let i = 0; i < 50; i++) await appendUpdates(database.db, name, [edit(source, `line ${i}`)]);
    expect(await countLogEntries(database.db, name)).toBe(50);
    expect(await compactDoc(database.db, name)).toBe(50);
    expect(await countLogEntries(database.db, name)).toBe(0);
    const stored = await readDoc(database.db, name);
    expect(stored.snapshot).not.toBeNull();
    expect(planFragment(load(stored)).toString()).toBe(planFragment(source).toString());

    // More edits after a snapshot, then a second compaction on top of it.
    await appendUpdates(database.db, name, [edit(source, 'after snapshot')]);
    expect(planFragment(load(await readDoc(database.db, name))).toString()).toContain('after snapshot');
    expect(await compactDoc(database.db, name)).toBe(1);
    const again = await readDoc(database.db, name);
    expect(again.updates).toHaveLength(0);
    expect(planFragment(load(again)).toString()).toBe(planFragment(source).toString());
    expect(await compactDoc(database.db, name)).toBe(0);
  });

  it('[S4] a load running while the log is compacted sees every committed entry', async () => {
    const source = new Y.Doc();
    const name = `race-${backend}`;
    let written = 0;
    for (let round = 0; round < 150; round++) {
      await appendUpdates(database.db, name, [edit(source, `line ${round}`)]);
      written++;
      // Start the load a little after the compaction, at a different moment each round, so they interleave every way.
      const compacting = compactDoc(database.db, name);
      await new Promise((r) => setTimeout(r, round % 8));
      const stored = await readDoc(database.db, name);
      await compacting;
      expect(planFragment(load(stored)).length, `round ${round}`).toBe(written);
    }
  }, 120_000);

  it('[S4] an entry with a lower id than the snapshot mark is still loaded', async () => {
    const source = new Y.Doc();
    const name = 'cases/c/team';
    await appendUpdates(database.db, name, [edit(source, 'first')]);
    await compactDoc(database.db, name);
    const [snapshot] = await database.db.select().from(docSnapshots).where(eq(docSnapshots.docName, name));
    const mark = snapshot?.uptoId ?? 0;
    // Simulates a transaction that took its id early and committed after compaction
    // (ids below the mark were freed when they were folded).
    const late = edit(source, 'late commit');
    await database.db.insert(docUpdates).values({ id: mark - 1, docName: name, data: late });
    expect(planFragment(load(await readDoc(database.db, name))).toString()).toContain('late commit');
  });
});
