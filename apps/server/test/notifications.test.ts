import { activityMap, addActivity, docName, planFragment, writeFields } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  featureBackends,
  connect,
  createCase,
  inviteGuest,
  inviteMember,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type Client,
  type TestEnv,
} from './helpers.js';

/** A paragraph saying hello to someone, as the editor's mention node writes it. */
function mentionParagraph(userId: string, label: string): Y.XmlElement {
  const mention = new Y.XmlElement('mention');
  mention.setAttribute('id', userId);
  mention.setAttribute('label', label);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Can you check this, '), mention]);
  return paragraph;
}

const kinds = async (client: Client) =>
  ((await client.get('/api/notifications')).body.notifications as Array<{ kind: string; text: string }>).map((n) => n.kind);

describe.each(featureBackends)('notifications from the documents on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('an @mention in the plan or a note notifies the person mentioned, once, and not the writer', async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const b = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { title: 'Mentions' });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    planFragment(A.doc).insert(0, [mentionParagraph(b.me.user.id, 'Bo'), mentionParagraph(a.me.user.id, 'Ann')]);
    await waitFor(async () => (await kinds(b.client)).includes('mention'), 'the mention notification');
    const notes = (await b.client.get('/api/notifications')).body.notifications;
    expect(notes[0].text).toBe('Ann mentioned you in the account plan on "Mentions"');
    expect(await kinds(a.client)).not.toContain('mention');

    // A note written with a mention already in it (a whole new entry) counts too.
    A.doc.transact(() => {
      addActivity(A.doc, 'note-1', { kind: 'note', at: new Date().toISOString(), actorId: a.me.user.id, actorName: 'Ann', summary: 'hi' });
      const body = (activityMap(A.doc).get('note-1') as Y.Map<unknown>).get('body') as Y.XmlFragment;
      body.insert(0, [mentionParagraph(b.me.user.id, 'Bo')]);
    });
    await waitFor(async () => (await kinds(b.client)).filter((k) => k === 'mention').length === 2, 'the note mention');
    A.provider.destroy();
  });

  it('a new case owner is told who made them the owner, from the document or over HTTP', async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const b = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { title: 'Handover' });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    writeFields(A.doc, { ownerId: b.me.user.id });
    await waitFor(async () => (await kinds(b.client)).includes('assignment'), 'the assignment');
    expect((await b.client.get('/api/notifications')).body.notifications[0].text).toBe('Ann made you the owner of "Handover"');
    A.provider.destroy();
    expect((await b.client.patch(`/api/cases/${c.id}`, { ownerId: a.me.user.id })).status).toBe(200);
    await waitFor(async () => (await kinds(a.client)).includes('assignment'), 'the assignment over HTTP');
    expect((await a.client.get('/api/notifications')).body.notifications[0].text).toBe('You are now the owner of "Handover"');
  });

  it('[R5.2] a mention on a private case does not reach someone outside its team', async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const b = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { title: 'Secret', private: true });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    planFragment(A.doc).insert(0, [mentionParagraph(b.me.user.id, 'Bo')]);
    // Then a mention that may be delivered, to know the first one had its chance.
    const d = await inviteMember(env.server.url, a.client);
    expect((await a.client.post(`/api/cases/${c.id}/members`, { userId: d.me.user.id, access: 'editor' })).status).toBe(200);
    planFragment(A.doc).insert(1, [mentionParagraph(d.me.user.id, 'Di')]);
    await waitFor(async () => (await kinds(d.client)).includes('mention'), 'the team member’s mention');
    expect(await kinds(b.client)).not.toContain('mention');
    A.provider.destroy();
  });

  it("a guest's writing tells the case owner, at most once in ten minutes", async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const c = await createCase(a.client, { title: 'Partner rollout' });
    const guest = await inviteGuest(env.server.url, a.client, c.id);
    const G = connect(env.server.url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    planFragment(G.doc).insert(0, [new Y.XmlElement('paragraph')]);
    await waitFor(async () => (await kinds(a.client)).includes('guest.activity'), 'the guest activity notification');
    planFragment(G.doc).insert(0, [new Y.XmlElement('paragraph')]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await kinds(a.client)).filter((k) => k === 'guest.activity')).toHaveLength(1);
    expect((await a.client.get('/api/notifications')).body.notifications[0].text).toBe('Colleague (guest) is working on "Partner rollout"');
    G.provider.destroy();
  });
});
