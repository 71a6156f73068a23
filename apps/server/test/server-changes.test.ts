import { docName, fieldsMap } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createCase, signUp, startTestServer, type TestEnv } from './helpers.js';

describe.each(backends)("the server's own document changes on %s", (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[S2.6] server changes of one document apply in the order they were made: none is computed on a stale copy and lost', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client, { title: 'Ordered' });
    const name = docName(c.id, 'team');
    // Each change reads the document it is given: a stale copy would miss the others' counts.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        env.server.rooms.change(name, (doc) => {
          const fields = fieldsMap(doc);
          const seen = Number(fields.get('value') ?? 0);
          doc.transact(() => {
            fields.set('value', seen + 1);
            fields.set('stage', `step ${i}`);
          });
        }),
      ),
    );
    const room = await env.server.rooms.acquire(name);
    try {
      expect(fieldsMap(room.doc).get('value')).toBe(30);
      expect(fieldsMap(room.doc).get('stage')).toBe('step 29');
    } finally {
      env.server.rooms.release(room);
    }
  });
});
