import { docName, planFragment } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDoc } from '../src/sync/persistence.js';
import { addParagraph, backends, connect, createCase, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

describe.each(backends)('compaction of a live document on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend, { COMPACT_AFTER_UPDATES: '5', DOC_UNLOAD_GRACE_MS: '100' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const stored = (name: string) => readDoc(env.server.database.db, name);
  const text = async (name: string) => {
    const { snapshot, updates } = await stored(name);
    const doc = new Y.Doc();
    for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part);
    return planFragment(doc).toString();
  };

  it('[S4.1] a loaded document is folded into its snapshot once it has COMPACT_AFTER_UPDATES log entries, and again when it unloads', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    await synced(A.provider);
    // One committed log entry per paragraph: each waits for the one before to be stored.
    for (let i = 0; i < 6; i++) {
      addParagraph(A.doc, `line ${i}`);
      await waitFor(async () => (await text(name)).includes(`line ${i}`), `line ${i} stored`);
    }
    await waitFor(async () => {
      const { snapshot, updates } = await stored(name);
      return snapshot !== null && updates.length < 5;
    }, 'the log folded into a snapshot while the document stays loaded');
    expect(env.server.rooms.peek(name)).toBeDefined();

    addParagraph(A.doc, 'last line');
    await waitFor(async () => (await text(name)).includes('last line'), 'the last line stored');
    expect((await stored(name)).updates.length).toBeGreaterThan(0);
    A.provider.destroy();
    await waitFor(() => env.server.rooms.peek(name) === undefined, 'unload');
    await waitFor(async () => (await stored(name)).updates.length === 0, 'the rest folded in at unload');
    const all = await text(name);
    for (const line of ['line 0', 'line 5', 'last line']) expect(all).toContain(line);
  });
});
