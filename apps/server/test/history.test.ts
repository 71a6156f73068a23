import { addActivity, docName, fragmentText, planFragment } from '@casehub/case-document';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { VersionRecorder } from '../src/modules/history/capture.js';
import { decodeVersion, restoreInto } from '../src/modules/history/snapshot.js';
import { listVersions } from '../src/modules/history/repo.js';
import type { Client } from './helpers.js';
import { backends, connect, createCase, inviteMember, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** What the Room passes as a transaction origin: the socket, with its actor. */
const socketOf = (userId: string) => ({ actor: { userId } });

describe.each(backends)('version history on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('captures a version after the interval of activity and at session end, with its authors, never twice the same', async () => {
    const owner = await signUp(env.server.url, { name: 'Olga Owner' });
    const c = await createCase(owner.client);
    const db = env.server.database.db;
    let clock = 1_000_000;
    const recorder = new VersionRecorder(db, pino({ level: 'silent' }), { intervalMs: 60_000, now: () => clock });
    const name = docName(c.id, 'team');
    const doc = new Y.Doc();
    recorder.onLoaded(name, doc);

    doc.transact(() => planFragment(doc).push([paragraph('First draft.')]), socketOf(owner.me.user.id));
    recorder.afterCommit(name);
    await recorder.flush();
    expect(await listVersions(db, c.id, 'team', 'plan', 10)).toHaveLength(0); // too soon

    clock += 61_000;
    doc.transact(() => planFragment(doc).push([paragraph('Second line.')]), socketOf('someone-else'));
    recorder.afterCommit(name);
    await recorder.flush();
    const [first, ...rest] = await listVersions(db, c.id, 'team', 'plan', 10);
    expect(rest).toHaveLength(0);
    expect(first?.text).toBe('First draft.\nSecond line.');
    expect(new Set(first?.authorIds)).toEqual(new Set([owner.me.user.id, 'someone-else']));

    // A change that is undone before the session ends leaves the text as it was: no new version.
    const undo = new Y.UndoManager(planFragment(doc), { trackedOrigins: new Set(['editor']) });
    doc.transact(() => planFragment(doc).push([paragraph('Oops.')]), 'editor');
    undo.undo();
    await recorder.onUnloading(name, doc);
    expect(await listVersions(db, c.id, 'team', 'plan', 10)).toHaveLength(1);

    // A note body is versioned on its own.
    const doc2 = new Y.Doc();
    recorder.onLoaded(name, doc2);
    Y.applyUpdate(doc2, Y.encodeStateAsUpdate(doc), 'load');
    addActivity(doc2, 'note1', { kind: 'note', at: new Date().toISOString(), actorId: null, actorName: 'A', summary: 'n' }, (body) =>
      body.insert(0, [paragraph('Call notes')]),
    );
    await recorder.onUnloading(name, doc2);
    const notes = await listVersions(db, c.id, 'team', 'note:note1', 10);
    expect(notes.map((v) => v.text)).toEqual(['Call notes']);
    expect(notes[0]?.authorIds).toEqual([]); // made by the server, not by a person
    doc.destroy();
    doc2.destroy();
  });

  it('[issue 18] an import of 1,000 notes gets every first version at session end, and a reopen during the unload loses none', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client);
    const db = env.server.database.db;
    const recorder = new VersionRecorder(db, pino({ level: 'silent' }), { intervalMs: 60_000 });
    const name = docName(c.id, 'team');
    const doc = new Y.Doc();
    recorder.onLoaded(name, doc);
    // More notes than one turn of the event loop copies, so the copy spans several turns.
    doc.transact(() => {
      for (let i = 0; i < 1000; i++) {
        addActivity(doc, `n${i}`, { kind: 'note', at: new Date().toISOString(), actorId: null, actorName: 'Import', summary: `n${i}` }, (body) =>
          body.insert(0, [paragraph(`Note number ${i}`)]),
        );
      }
    }, socketOf(owner.me.user.id));
    // The case is opened again (a new copy, loaded from storage) before the first copy's unload reached its capture.
    const reopened = new Y.Doc();
    recorder.onLoaded(name, reopened);
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(doc), 'load');
    await recorder.onUnloading(name, doc); // the old copy's hook: the name is the new copy's now
    doc.destroy();
    await recorder.onUnloading(name, reopened);
    for (const i of [0, 199, 200, 999]) {
      const versions = await listVersions(db, c.id, 'team', `note:n${i}`, 10);
      expect(versions.map((v) => [v.text, v.authorIds])).toEqual([[`Note number ${i}`, [owner.me.user.id]]]);
    }
    reopened.destroy();
  });

  it('restore is a new change on top of history, and undo brings the newer text back', () => {
    const doc = new Y.Doc();
    const plan = planFragment(doc);
    const undo = new Y.UndoManager(plan, { trackedOrigins: new Set(['me']) });
    doc.transact(() => plan.push([paragraph('Old plan.')]), 'other');
    const old = Y.encodeStateAsUpdate(doc);
    doc.transact(() => plan.push([paragraph('Newer plan.')]), 'other');
    const before = Y.encodeStateVector(doc);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));

    const oldDoc = new Y.Doc();
    Y.applyUpdate(oldDoc, old);
    restoreInto(plan, planFragment(oldDoc), 'me');
    expect(fragmentText(plan)).toBe('Old plan.');
    // It is an update on top of the history: a peer at the newer state applies it as a change.
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, before));
    expect(fragmentText(planFragment(peer))).toBe('Old plan.');
    undo.undo();
    expect(fragmentText(plan)).toBe('Old plan.\nNewer plan.');
  });

  it('end to end: a session ends, its version is listed and read only by those who may open the document', async () => {
    const owner = await signUp(env.server.url, { name: 'Rita Restorer' });
    const colleague = await inviteMember(env.server.url, owner.client);
    const stranger = await signUp(env.server.url);
    const c = await createCase(owner.client, { private: true });
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: owner.client.cookie });
    await synced(A.provider);
    planFragment(A.doc).push([paragraph('Plan as of Monday.')]);
    await waitFor(
      () => env.server.rooms.peek(name) && fragmentText(planFragment(env.server.rooms.peek(name)?.doc ?? new Y.Doc())) === 'Plan as of Monday.',
      'commit',
    );
    A.provider.destroy();

    const list = await waitFor(async () => {
      const res = await owner.client.get(`/api/cases/${c.id}/versions?doc=team&target=plan`);
      return res.status === 200 && res.body.versions.length === 1 ? res.body : null;
    }, 'a version after the session ended');
    const [version] = list.versions;
    expect(version.authors).toEqual([{ id: owner.me.user.id, name: 'Rita Restorer' }]);
    expect(version.excerpt).toBe('Plan as of Monday.');

    const detail = await owner.client.get(`/api/versions/${version.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.text).toBe('Plan as of Monday.');
    const { doc: restored, fragment } = decodeVersion(new Uint8Array(Buffer.from(detail.body.state, 'base64')));
    expect(fragmentText(fragment)).toBe('Plan as of Monday.');
    restored.destroy();

    // A private case: a workspace member off its team, and a stranger, get 404 for both.
    for (const who of [colleague.client, stranger.client] as Client[]) {
      expect((await who.get(`/api/cases/${c.id}/versions?doc=team&target=plan`)).status).toBe(404);
      expect((await who.get(`/api/versions/${version.id}`)).status).toBe(404);
    }
    expect((await owner.client.get(`/api/cases/${c.id}/versions?doc=team&target=bogus`)).status).toBe(400);
    expect((await owner.client.get(`/api/cases/${c.id}/versions?doc=shared`)).body.versions).toEqual([]);
  });

  it('[S8.3] the answer to a durable acknowledgement is not stored again (no commit loop)', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: owner.client.cookie, acks: true });
    await synced(A.provider);
    planFragment(A.doc).push([paragraph('hello there')]);
    const first = planFragment(A.doc).get(0);
    if (!(first instanceof Y.XmlElement)) throw new Error('no paragraph');
    const inner = first.get(0);
    if (!(inner instanceof Y.XmlText)) throw new Error('no text');
    inner.delete(0, 6); // a delete set, which every later step 2 repeats
    await waitFor(() => fragmentText(planFragment(env.server.rooms.peek(name)?.doc ?? new Y.Doc())) === 'there', 'the deletion to commit');
    const entries = env.server.rooms.peek(name)?.logEntries ?? 0;
    await new Promise((r) => setTimeout(r, 1500));
    expect(env.server.rooms.peek(name)?.logEntries ?? 0).toBe(entries);
    A.provider.destroy();
  });
});
