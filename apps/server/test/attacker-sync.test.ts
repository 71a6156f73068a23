import { activityMap, addActivity, authorOf, docName, planFragment } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { maxNesting } from '../src/sync/nesting.js';
import { presenceLimits } from '../src/sync/presence.js';
import { appendUpdates, readDoc } from '../src/sync/persistence.js';
import { awarenessFrame, deepUpdate, nested, updateFrame } from './attacks.js';
import { backends, connect, createCase, inviteGuest, rawSocket, signUp, synced, waitFor, type TestEnv, startTestServer } from './helpers.js';

/**
 * Issue 20, items 1, 3 and 6: what a signed-in client (a guest viewer, a
 * guest editor, a member) can send over /sync to take the server or a
 * document down. Each attack must close only its own socket (4400) and
 * leave the server, the document and everyone else as they were.
 */

/** A bullet list nested `levels` deep, as Tiptap makes it (bulletList > listItem > paragraph). */
function nestedListUpdate(levels: number): Uint8Array {
  const doc = new Y.Doc();
  let parent: Y.XmlFragment | Y.XmlElement = planFragment(doc);
  for (let i = 0; i < levels; i++) {
    const list = new Y.XmlElement('bulletList');
    parent.insert(parent.length, [list]);
    const item = new Y.XmlElement('listItem');
    list.insert(0, [item]);
    const paragraph = new Y.XmlElement('paragraph');
    item.insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText(`level ${i + 1}`)]);
    parent = item;
  }
  return Y.encodeStateAsUpdate(doc);
}

function depthOf(fragment: Y.XmlFragment): number {
  let deepest = 0;
  const stack: Array<{ node: Y.XmlFragment | Y.XmlElement; depth: number }> = [{ node: fragment, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    deepest = Math.max(deepest, next.depth);
    for (const child of next.node.toArray()) if (child instanceof Y.XmlElement) stack.push({ node: child, depth: next.depth + 1 });
  }
  return deepest;
}

describe.each(backends)('attacks over /sync on %s (issue 20)', (backend) => {
  let env: TestEnv;
  const wsUrl = (name: string) => `${env.server.url.replace(/^http/, 'ws')}/sync/${name}`;

  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  async function guestOnCase(access: string) {
    const owner = await signUp(env.server.url, { name: 'Olivia Owner' });
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const guest = await inviteGuest(env.server.url, owner.client, c.id, access);
    return { owner, c, guest };
  }

  it("[S14.1] [issue 20.1] a guest viewer's presence nested 20,000 deep closes their socket with 4400; the server and presence carry on", async () => {
    const { owner, c, guest } = await guestOnCase('viewer');
    const name = docName(c.id, 'shared');
    const O = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(O.provider);
    const attacker = rawSocket(wsUrl(name), { cookie: guest.client.cookie });
    expect(await attacker.opened).toBe(true);
    attacker.ws.send(awarenessFrame([{ clientId: 4242, clock: 1, json: nested(20_000) }]));
    expect((await attacker.closed).code).toBe(4400);

    // Presence still encodes: the next joiner gets it, and a fan-out runs.
    O.provider.awareness.setLocalStateField('user', { id: owner.me.user.id, name: 'x', color: '#000000' });
    const late = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(late.provider);
    await waitFor(() => [...late.provider.awareness.getStates().values()].some((s) => s.user?.id === owner.me.user.id), 'presence to reach a joiner');
    expect((await fetch(`${env.server.url}/api/health`)).status).toBe(200);
    O.provider.destroy();
    late.provider.destroy();
  });

  it("[S14.3] [S14.2] [issue 20.6] the server sets the name and colour a socket shows; nobody writes another person's presence", async () => {
    const { owner, c, guest } = await guestOnCase('viewer');
    const name = docName(c.id, 'shared');
    const O = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(O.provider);
    O.provider.awareness.setLocalStateField('user', { id: owner.me.user.id, name: 'Olivia Owner', color: '#e5484d' });

    const G = connect(env.server.url, name, { cookie: guest.client.cookie });
    await synced(G.provider);
    // The guest claims to be the owner, in the owner's colour.
    G.provider.awareness.setLocalStateField('user', { id: owner.me.user.id, name: 'Olivia Owner (CEO)', color: '#000000' });
    const seen = await waitFor(() => [...O.provider.awareness.getStates().entries()].find(([id]) => id === G.doc.clientID)?.[1], "the guest's presence");
    expect(seen.user.id).toBe(guest.userId);
    expect(seen.user.name).not.toContain('CEO');
    expect(seen.user.color).toMatch(/^#[0-9a-f]{6}$/);

    // Writing the owner's client id (here: removing their presence) is refused.
    const attacker = rawSocket(wsUrl(name), { cookie: guest.client.cookie });
    expect(await attacker.opened).toBe(true);
    attacker.ws.send(awarenessFrame([{ clientId: O.doc.clientID, clock: 1_000_000, json: '{"user":{"name":"gone"}}' }]));
    expect((await attacker.closed).code).toBe(4400);
    const mine = O.provider.awareness.getStates().get(O.doc.clientID);
    expect(mine?.user?.name).toBe('Olivia Owner');
    await new Promise((r) => setTimeout(r, 200));
    const late = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(late.provider);
    await waitFor(() => late.provider.awareness.getStates().get(O.doc.clientID)?.user?.name === 'Olivia Owner', "the owner's own presence, unchanged");
    O.provider.destroy();
    G.provider.destroy();
    late.provider.destroy();
  });

  it('[S14.2] [S14.4] [issue 20.6] presence is capped per socket and per document: a flood locks nobody out', async () => {
    const { owner, c, guest } = await guestOnCase('viewer');
    const name = docName(c.id, 'shared');
    // One state over the per-state limit: that socket closes.
    const big = rawSocket(wsUrl(name), { cookie: guest.client.cookie });
    expect(await big.opened).toBe(true);
    big.ws.send(awarenessFrame([{ clientId: 1001, clock: 1, json: JSON.stringify({ pad: 'x'.repeat(presenceLimits.maxStateBytes) }) }]));
    expect((await big.closed).code).toBe(4400);
    // More client ids than a socket may announce: closes.
    const many = rawSocket(wsUrl(name), { cookie: guest.client.cookie });
    expect(await many.opened).toBe(true);
    const ids = Array.from({ length: presenceLimits.maxClientsPerSocket + 1 }, (_, i) => ({ clientId: 2000 + i, clock: 1, json: '{}' }));
    many.ws.send(awarenessFrame(ids));
    expect((await many.closed).code).toBe(4400);

    // Many sockets, each within its limits, together past the document's cap.
    const perState = presenceLimits.maxStateBytes - 200;
    const sockets = Math.ceil((2 * presenceLimits.maxDocBytes) / (perState * presenceLimits.maxClientsPerSocket));
    const flood = await Promise.all(
      Array.from({ length: sockets }, async (_, s) => {
        const sock = rawSocket(wsUrl(name), { cookie: guest.client.cookie });
        expect(await sock.opened).toBe(true);
        const states = Array.from({ length: presenceLimits.maxClientsPerSocket }, (_, i) => ({
          clientId: 10_000 + s * 10 + i,
          clock: 1,
          json: JSON.stringify({ pad: 'y'.repeat(perState - 20) }),
        }));
        sock.ws.send(awarenessFrame(states));
        return sock;
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    // The owner still joins and syncs, and is not dropped.
    const O = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(O.provider);
    let closedCode: number | undefined;
    O.provider.on('connection-close', (e: { code: number } | null) => (closedCode = e?.code));
    await new Promise((r) => setTimeout(r, 300));
    expect(closedCode).toBeUndefined();
    let bytes = 0;
    O.provider.awareness.getStates().forEach((state) => (bytes += JSON.stringify(state).length));
    expect(bytes).toBeLessThanOrEqual(presenceLimits.maxDocBytes + presenceLimits.maxStateBytes);
    for (const sock of flood) sock.ws.close();
    O.provider.destroy();
  });

  it("[A10] [issue 20.2] a guest editor cannot write in someone else's name: new entries are stamped with the writer, a changed author goes back", async () => {
    const { owner, c, guest } = await guestOnCase('editor');
    const name = docName(c.id, 'shared');
    const O = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(O.provider);
    addActivity(O.doc, 'owners-note', {
      kind: 'note',
      at: new Date().toISOString(),
      actorId: owner.me.user.id,
      actorName: 'Olivia Owner',
      summary: 'Our real note',
    });
    const G = connect(env.server.url, name, { cookie: guest.client.cookie });
    await synced(G.provider);
    await waitFor(() => authorOf(G.doc, 'owners-note'), "the owner's note at the guest");
    G.doc.transact(() => {
      addActivity(G.doc, 'forged', {
        kind: 'note',
        at: new Date().toISOString(),
        actorId: owner.me.user.id,
        actorName: 'Olivia Owner',
        summary: 'We cancel the contract',
      });
    });
    const entry = activityMap(G.doc).get('owners-note');
    G.doc.transact(() => {
      entry?.set('actorId', guest.userId);
      entry?.set('actorName', 'Someone else');
    });
    await waitFor(() => authorOf(O.doc, 'forged')?.actorId === guest.userId, 'the forged entry stamped with its writer');
    expect(authorOf(O.doc, 'forged')?.actorName).not.toBe('Olivia Owner');
    await waitFor(
      () => authorOf(O.doc, 'owners-note')?.actorName === 'Olivia Owner' && authorOf(G.doc, 'owners-note')?.actorId === owner.me.user.id,
      "the owner's note to keep its author",
    );
    // An honest writer's own entry is left as written.
    addActivity(O.doc, 'honest', { kind: 'note', at: new Date().toISOString(), actorId: owner.me.user.id, actorName: 'Olivia Owner', summary: 'Fine' });
    await new Promise((r) => setTimeout(r, 300));
    expect(authorOf(O.doc, 'honest')).toEqual({ actorId: owner.me.user.id, actorName: 'Olivia Owner' });
    O.provider.destroy();
    G.provider.destroy();
  });

  it("[S15.1] [issue 20.3] a guest editor's update nesting paragraphs 5,000 deep is refused with 4400 and never stored", async () => {
    const { c, guest } = await guestOnCase('editor');
    const name = docName(c.id, 'shared');
    const before = await readDoc(env.server.database.db, name);
    const attacker = rawSocket(wsUrl(name), { cookie: guest.client.cookie });
    expect(await attacker.opened).toBe(true);
    const update = deepUpdate(5000);
    expect(update.byteLength).toBeLessThan(200_000);
    attacker.ws.send(updateFrame(update));
    expect((await attacker.closed).code).toBe(4400);
    const after = await readDoc(env.server.database.db, name);
    expect(after.updates.length).toBe(before.updates.length);
    expect((await fetch(`${env.server.url}/api/health`)).status).toBe(200);
  });

  it("[S15.1] [issue 20.3] a member's deep nesting on the team document is refused; a list nested 20 deep, as Tiptap makes it, is kept", async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client, { title: 'Deep' });
    const name = docName(c.id, 'team');
    const attacker = rawSocket(wsUrl(name), { cookie: owner.client.cookie });
    expect(await attacker.opened).toBe(true);
    attacker.ws.send(updateFrame(deepUpdate(maxNesting + 10)));
    expect((await attacker.closed).code).toBe(4400);

    const A = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(A.provider);
    Y.applyUpdate(A.doc, nestedListUpdate(20));
    const B = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(B.provider);
    await waitFor(() => planFragment(B.doc).toString().includes('level 20'), 'the nested list to reach another client');
    expect(depthOf(planFragment(B.doc))).toBe(41); // a level is a list and its item: 2 × 20 + the last paragraph
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[S15.2] [issue 20.3] nesting split over updates whose base arrives later is caught once it is applied', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client, { title: 'Split' });
    const name = docName(c.id, 'team');
    // The base chain (half the limit and more) and a deeper part built on its last element.
    const local = new Y.Doc();
    const base = deepUpdate(maxNesting - 8, local, 'base');
    let deepest: Y.XmlElement | undefined;
    for (let node: unknown = planFragment(local).get(0); node instanceof Y.XmlElement; node = node.get(0)) deepest = node;
    const rest = deepUpdate(40, local, 'rest', deepest);
    // The deeper part is sent first, so its base is unknown when it is checked.
    const attacker = rawSocket(wsUrl(name), { cookie: owner.client.cookie });
    expect(await attacker.opened).toBe(true);
    attacker.ws.send(updateFrame(rest));
    attacker.ws.send(updateFrame(base));
    expect((await attacker.closed).code).toBe(4400);
    const viewer = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(viewer.provider);
    await waitFor(() => planFragment(viewer.doc).toString().includes('base'), 'the base');
    expect(depthOf(planFragment(viewer.doc))).toBeLessThanOrEqual(maxNesting);
    viewer.provider.destroy();
  });

  it('[S15.3] [issue 20.3] a document already holding deep nesting is repaired when it loads, and stays usable', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client, { title: 'Poisoned' });
    const name = docName(c.id, 'team');
    // Written straight to the log, as an older server would have stored it.
    const local = new Y.Doc();
    const keep = new Y.XmlElement('paragraph');
    keep.insert(0, [new Y.XmlText('kept text')]);
    planFragment(local).insert(0, [keep]);
    const shallow = Y.encodeStateAsUpdate(local);
    await appendUpdates(env.server.database.db, name, [shallow, deepUpdate(3000, local)]);

    const A = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(A.provider);
    expect(planFragment(A.doc).toString()).toContain('kept text');
    expect(depthOf(planFragment(A.doc))).toBeLessThanOrEqual(maxNesting);
    // Still editable, and the repair was stored: a fresh load has it without repairing again.
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('after repair')]);
    planFragment(A.doc).push([p]);
    await waitFor(async () => {
      const stored = await readDoc(env.server.database.db, name);
      const doc = new Y.Doc();
      for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, part);
      return planFragment(doc).toString().includes('after repair') && depthOf(planFragment(doc)) <= maxNesting;
    }, 'the repaired document in storage');
    A.provider.destroy();
    // The unload captures a version (it recursed into the deep part before); the server lives on.
    await new Promise((r) => setTimeout(r, 600));
    expect((await fetch(`${env.server.url}/api/health`)).status).toBe(200);
  });
});
