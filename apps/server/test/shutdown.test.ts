import { docName, readFields, writeFields } from '@casehub/case-document';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDoc } from '../src/sync/persistence.js';
import { backends, Client, connect, createCase, freshStorage, signUp, startNode, synced, waitFor } from './helpers.js';

/** Issue 19.4: a clean shutdown finishes what every sync extension still has pending. */
describe.each(backends)('a clean shutdown on %s', (backend) => {
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('[S16.2] a guest-visible field changed just before a clean shutdown still reaches the shared document, and the case index', async () => {
    const storage = await freshStorage(backend);
    drops.push(storage.drop);
    const node = await startNode(storage);
    const owner = await signUp(node.url);
    const c = await createCase(owner.client, { title: 'Before' });
    const A = connect(node.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(A.provider);
    writeFields(A.doc, { title: 'Renamed just before shutdown', stage: 'proposal' });
    // Committed (the server holds it), then the server stops at once: well inside the mirror's 300 ms.
    await waitFor(
      () =>
        node.rooms.peek(docName(c.id, 'team')) &&
        readFields(node.rooms.peek(docName(c.id, 'team'))?.doc ?? new Y.Doc()).title === 'Renamed just before shutdown',
      'the commit',
    );
    A.provider.destroy();
    await node.close();

    const again = await startNode(storage);
    try {
      const shared = await readDoc(again.database.db, docName(c.id, 'shared'));
      const doc = new Y.Doc();
      for (const part of shared.snapshot ? [shared.snapshot, ...shared.updates] : shared.updates) Y.applyUpdate(doc, part);
      expect(readFields(doc).title).toBe('Renamed just before shutdown');
      expect(readFields(doc).stage).toBe('proposal');
      const index = await new Client(again.url, owner.client.cookie).get(`/api/cases/${c.id}`);
      expect(index.body.title).toBe('Renamed just before shutdown');
    } finally {
      await again.close();
    }
  });
});
