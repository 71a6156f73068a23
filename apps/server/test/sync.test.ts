import { docName, fieldsMap, planFragment, readFields, writeFields } from '@casehub/case-document';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDoc } from '../src/sync/persistence.js';
import { backends, connect, createCase, inviteMember, rawSocket, signUp, synced, waitFor, type TestEnv, startTestServer, addParagraph } from './helpers.js';

function planText(doc: Y.Doc): string {
  return planFragment(doc).toString();
}

async function storedState(env: TestEnv, name: string): Promise<Y.Doc> {
  const stored = await readDoc(env.server.database.db, name);
  const doc = new Y.Doc();
  for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, part);
  return doc;
}

describe.each(backends)('sync over /sync on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[S3.2] two y-websocket clients co-edit fields and the plan, both ways, and the case index follows', async () => {
    const a = await signUp(env.server.url);
    const b = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { title: 'Acme renewal' });
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    const B = connect(env.server.url, name, { cookie: b.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    expect(readFields(B.doc).title).toBe('Acme renewal');

    addParagraph(A.doc, 'Hello from A');
    await waitFor(() => planText(B.doc).includes('Hello from A'), 'B to see A');
    writeFields(B.doc, { stage: 'proposal', value: 1200 });
    await waitFor(() => readFields(A.doc).stage === 'proposal', 'A to see B');
    expect(readFields(A.doc).value).toBe(1200);

    // [S3] the case index follows the document
    await waitFor(async () => (await a.client.get(`/api/cases?stage=proposal`)).body.cases.some((x: { id: string }) => x.id === c.id), 'projection');
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[S1.1] an update is in the database before any other client receives it', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    const B = connect(env.server.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    const checks: Promise<boolean>[] = [];
    B.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== B.provider) return;
      // Read what is committed at the moment B sees the change.
      checks.push(storedState(env, name).then((d) => planText(d).includes('durable first')));
    });
    addParagraph(A.doc, 'durable first');
    await waitFor(() => planText(B.doc).includes('durable first'), 'B to receive');
    expect(checks.length).toBeGreaterThan(0);
    expect(await Promise.all(checks)).toEqual(checks.map(() => true));
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[S1.1] [S2.5] a PATCH is committed and broadcast before it is answered', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    const res = await a.client.patch(`/api/cases/${c.id}`, { stage: 'negotiation', title: 'Renamed' });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Renamed');
    const stored = await storedState(env, docName(c.id, 'team'));
    expect(readFields(stored).stage).toBe('negotiation');
    await waitFor(() => readFields(A.doc).title === 'Renamed', 'client to see the PATCH');
    A.provider.destroy();
  });

  it('[S13.2] [S14.3] awareness is relayed between clients, under the name of the account, and removed when one leaves', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    const B = connect(env.server.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    A.provider.awareness.setLocalStateField('user', { name: 'Ann', color: '#f00' });
    const aId = A.doc.clientID;
    // The server stamps the account's own name and colour over what the client announced.
    await waitFor(() => (B.provider.awareness.getStates().get(aId) as { user?: { name: string } } | undefined)?.user?.name === a.me.user.name, 'awareness');
    A.provider.destroy();
    await waitFor(() => !B.provider.awareness.getStates().has(aId), 'awareness removal');
    B.provider.destroy();
  });

  it('[S5.1] refuses an upgrade without credentials, with a foreign Origin, or from another workspace, sending no document bytes', async () => {
    const a = await signUp(env.server.url);
    const stranger = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Secret title' });
    const url = `${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`;
    const cases: Array<{ headers: Record<string, string>; status: number }> = [
      { headers: {}, status: 401 },
      { headers: { cookie: 'casehub_session=forged' }, status: 401 },
      { headers: { cookie: a.client.cookie, origin: 'https://evil.example' }, status: 403 },
      { headers: { cookie: stranger.client.cookie }, status: 404 },
    ];
    for (const { headers, status } of cases) {
      const s = rawSocket(url, headers);
      expect(await s.opened).toBe(false);
      expect(s.status()).toBe(status);
      expect(s.messages).toHaveLength(0);
    }
    // An unknown document name is a 404 too, even for a signed-in person.
    const s = rawSocket(`${env.server.url.replace('http', 'ws')}/sync/cases/nope/team`, { cookie: a.client.cookie });
    expect(await s.opened).toBe(false);
    expect(s.status()).toBe(404);
  });

  it('[S5.1] accepts an API token as ?token= and a same-origin browser Origin', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Token case' });
    const token = (await a.client.post('/api/tokens', { name: 'script' })).body.token as string;
    const T = connect(env.server.url, docName(c.id, 'team'), { token });
    await synced(T.provider);
    expect(readFields(T.doc).title).toBe('Token case');
    T.provider.destroy();
    const O = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie, origin: env.server.url });
    await synced(O.provider);
    O.provider.destroy();
  });

  it('[S5.4] a viewer reads live but the server refuses their writes', async () => {
    const a = await signUp(env.server.url);
    const v = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client);
    const added = await a.client.post(`/api/cases/${c.id}/members`, { userId: v.me.user.id, access: 'viewer' });
    expect(added.status).toBe(200);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    const V = connect(env.server.url, name, { cookie: v.client.cookie });
    await Promise.all([synced(A.provider), synced(V.provider)]);
    writeFields(V.doc, { title: 'Viewer was here' });
    addParagraph(A.doc, 'from the editor');
    await waitFor(() => planText(V.doc).includes('from the editor'), 'viewer to read');
    // A later marker from A proves the server processed the viewer's frame before it.
    writeFields(A.doc, { stage: 'won' });
    await waitFor(() => readFields(V.doc).stage === 'won', 'viewer to read the marker');
    expect(readFields(A.doc).title).not.toBe('Viewer was here');
    expect(readFields(await storedState(env, name)).title).not.toBe('Viewer was here');
    const patch = await v.client.patch(`/api/cases/${c.id}`, { title: 'nope' });
    expect(patch.status).toBe(403);
    A.provider.destroy();
    V.provider.destroy();
  });

  it('[S6.2] garbage frames close that socket only; the document and other clients are unharmed', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Robust' });
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    await synced(A.provider);
    const url = `${env.server.url.replace('http', 'ws')}/sync/${name}`;
    const frames = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), // varint overflow
      Buffer.from([0x00, 0x02, 0xff, 0xff, 0xff, 0x0f, 0x01]), // update whose length prefix lies
      Buffer.from([0x00, 0x02, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05]), // malformed Yjs update
      Buffer.from([0x01, 0x04, 0x7b, 0x7b, 0x7b, 0x7b]), // malformed awareness
      Buffer.from([0x09]), // unknown message type
    ];
    for (const frame of frames) {
      const s = rawSocket(url, { cookie: a.client.cookie });
      expect(await s.opened).toBe(true);
      s.ws.send(frame);
      const closed = await s.closed;
      expect(closed.code).toBe(4400);
    }
    const text = rawSocket(url, { cookie: a.client.cookie });
    expect(await text.opened).toBe(true);
    text.ws.send('hello');
    expect((await text.closed).code).toBe(4400);

    // The good client is still connected and the document still works.
    writeFields(A.doc, { stage: 'qualified' });
    const B = connect(env.server.url, name, { cookie: a.client.cookie });
    await synced(B.provider);
    await waitFor(() => readFields(B.doc).stage === 'qualified', 'B to see the edit after garbage');
    expect(readFields(B.doc).title).toBe('Robust');
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[S6.1] a frame over MAX_FRAME_BYTES closes that socket', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const s = rawSocket(`${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: a.client.cookie });
    expect(await s.opened).toBe(true);
    s.ws.send(Buffer.alloc(env.config.maxFrameBytes + 1));
    expect((await s.closed).code).toBe(1009);
  });

  it('a client joining with nothing gets the full state, and a joiner after an edit gets the edit (cached full state is invalidated)', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Join storm' });
    const name = docName(c.id, 'team');
    const url = `${env.server.url.replace('http', 'ws')}/sync/${name}`;
    /** A raw socket that sends a sync step 1 with an empty state vector and applies the step 2 it gets. */
    const join = async () => {
      const s = rawSocket(url, { cookie: a.client.cookie });
      expect(await s.opened).toBe(true);
      s.ws.send(Uint8Array.of(0, 0, 1, 0));
      const step2 = await waitFor(() => s.messages.find((m) => m[0] === 0 && m[1] === 1), 'sync step 2');
      s.ws.close();
      const decoder = decoding.createDecoder(step2);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      return doc;
    };
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    await synced(A.provider);
    addParagraph(A.doc, 'first');
    await waitFor(async () => planText(await storedState(env, name)).includes('first'), 'commit');
    // Two joiners in a row: the second is served the encoding made for the first.
    expect(planText(await join())).toContain('first');
    expect(planText(await join())).toContain('first');
    addParagraph(A.doc, 'second');
    await waitFor(async () => planText(await storedState(env, name)).includes('second'), 'commit');
    const after = await join();
    expect(planText(after)).toContain('second');
    expect(readFields(after).title).toBe('Join storm');
    // A change the server makes itself invalidates it too.
    expect((await a.client.patch(`/api/cases/${c.id}`, { title: 'Renamed in storm' })).status).toBe(200);
    expect(readFields(await join()).title).toBe('Renamed in storm');
    A.provider.destroy();
  });

  it('[S7] a document is unloaded after its last client leaves, and reloads from storage', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    await synced(A.provider);
    addParagraph(A.doc, 'survives unload');
    await waitFor(async () => planText(await storedState(env, name)).includes('survives unload'), 'commit');
    expect(env.server.rooms.peek(name)).toBeDefined();
    A.provider.destroy();
    await waitFor(() => env.server.rooms.peek(name) === undefined, 'unload');
    const B = connect(env.server.url, name, { cookie: a.client.cookie });
    await synced(B.provider);
    expect(planText(B.doc)).toContain('survives unload');
    B.provider.destroy();
  });

  it('[A5] revoking access closes open sockets at once', async () => {
    const a = await signUp(env.server.url);
    const m = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { private: true });
    await a.client.post(`/api/cases/${c.id}/members`, { userId: m.me.user.id, access: 'editor' });
    const s = rawSocket(`${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: m.client.cookie });
    expect(await s.opened).toBe(true);
    const removed = await a.client.delete(`/api/cases/${c.id}/members/${m.me.user.id}`);
    expect(removed.status).toBe(204);
    expect((await s.closed).code).toBe(4403);
    const again = rawSocket(`${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: m.client.cookie });
    expect(await again.opened).toBe(false);
    expect(again.status()).toBe(404);
  });

  it('[A5] signing out closes that session’s sockets', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const s = rawSocket(`${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: a.client.cookie });
    expect(await s.opened).toBe(true);
    await a.client.post('/api/auth/logout');
    expect((await s.closed).code).toBe(4401);
  });

  it('[S5.2] signing out while a socket is being admitted: the socket does not open on the stale decision', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const cases = env.server.cases;
    const original = cases.syncAccess;
    let entered = (): void => {};
    const inside = new Promise<void>((r) => (entered = r));
    let letGo = (): void => {};
    const gate = new Promise<void>((r) => (letGo = r));
    // The access lookup of this admission waits until the sign-out is done.
    cases.syncAccess = async function (...args) {
      entered();
      await gate;
      return original.apply(this, args);
    };
    try {
      const s = rawSocket(`${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: a.client.cookie });
      await inside;
      expect((await a.client.post('/api/auth/logout')).status).toBe(204);
      letGo();
      expect(await s.opened).toBe(false);
      expect(s.status()).toBe(401);
    } finally {
      cases.syncAccess = original;
    }
  });

  it('[S5.3] sockets of one session admitted at once share one session lookup, and all open', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const auth = env.server.auth;
    const original = auth.resolveSession;
    let lookups = 0;
    let upgrades = 0;
    const count = 20;
    const onUpgrade = () => upgrades++;
    env.server.http.on('upgrade', onUpgrade);
    // The first lookup waits until every upgrade request has arrived.
    auth.resolveSession = async function (...args) {
      lookups++;
      await waitFor(() => upgrades >= count, 'every upgrade request');
      return original.apply(this, args);
    };
    try {
      const sockets = Array.from({ length: count }, () =>
        rawSocket(`${env.server.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie: a.client.cookie }),
      );
      expect(await Promise.all(sockets.map((s) => s.opened))).toEqual(sockets.map(() => true));
      expect(lookups).toBe(1);
      for (const s of sockets) s.ws.close();
    } finally {
      auth.resolveSession = original;
      env.server.http.off('upgrade', onUpgrade);
    }
  });

  it('the shared document carries the title for guests, and fields map keys come from the schema package', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Shared title' });
    const S = connect(env.server.url, docName(c.id, 'shared'), { cookie: a.client.cookie });
    await synced(S.provider);
    expect(fieldsMap(S.doc).get('title')).toBe('Shared title');
    S.provider.destroy();
  });
});

describe.each(backends)('durable acknowledgement on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  /** Connects and records every sync step 1 (0, 0, state vector) the server sends after the first sync. */
  async function watchAcks(acks: boolean) {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie, acks });
    await synced(A.provider);
    const vectors: Map<number, number>[] = [];
    const handler = A.provider.messageHandlers[0];
    if (!handler) throw new Error('no sync handler');
    A.provider.messageHandlers[0] = (encoder, decoder, provider, emitSynced, messageType) => {
      const copy = decoding.clone(decoder);
      if (decoding.readVarUint(copy) === 0) vectors.push(Y.decodeStateVector(decoding.readVarUint8Array(copy)));
      handler(encoder, decoder, provider, emitSynced, messageType);
    };
    return { A, vectors, name: docName(c.id, 'team') };
  }

  it('[S8.1] after a commit, a writer that asked (?ack=1) receives the server state vector covering its update', async () => {
    const { A, vectors } = await watchAcks(true);
    writeFields(A.doc, { stage: 'acked' });
    const local = Y.decodeStateVector(Y.encodeStateVector(A.doc)).get(A.doc.clientID) ?? 0;
    await waitFor(() => vectors.some((v) => (v.get(A.doc.clientID) ?? 0) >= local), 'an acknowledgement');
    A.provider.destroy();
  });

  it('[S8.4] a client that did not ask gets no acknowledgement (it would only have to answer it)', async () => {
    const { A, vectors, name } = await watchAcks(false);
    writeFields(A.doc, { stage: 'not acked' });
    await waitFor(() => fieldsMap(env.server.rooms.peek(name)?.doc ?? new Y.Doc()).get('stage') === 'not acked', 'the commit');
    // Well past the 200 ms after which an acknowledgement would have gone out.
    await new Promise((r) => setTimeout(r, 600));
    expect(vectors).toEqual([]);
    A.provider.destroy();
  });
});
