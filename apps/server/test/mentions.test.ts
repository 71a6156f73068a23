import { activityMap, addActivity, docName } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featureBackends, Client, connect, createCase, inviteGuest, inviteMember, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

/** A paragraph mentioning someone, as the editor's mention node writes it. */
function mentionParagraph(userId: string, label: string): Y.XmlElement {
  const mention = new Y.XmlElement('mention');
  mention.setAttribute('id', userId);
  mention.setAttribute('label', label);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Please look, '), mention]);
  return paragraph;
}

/** Writes an entry of `kind` whose body mentions `userId`, as one client transaction. */
function writeWithMention(doc: Y.Doc, id: string, kind: 'note' | 'call' | 'meeting', actor: { id: string; name: string }, userId: string): void {
  doc.transact(() => {
    addActivity(doc, id, { kind, at: new Date().toISOString(), actorId: actor.id, actorName: actor.name, summary: 'see body' });
    const body = (activityMap(doc).get(id) as Y.Map<unknown>).get('body') as Y.XmlFragment;
    body.insert(0, [mentionParagraph(userId, 'someone')]);
  });
}

type Note = { kind: string; text: string; caseId: string | null; activityId: string | null };
const mentions = async (client: Client): Promise<Note[]> =>
  ((await client.get('/api/notifications')).body.notifications as Note[]).filter((n) => n.kind === 'mention');

describe.each(featureBackends)('mentions and guests on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[issue 21.11] a mention in a call or a meeting is told as "a call" or "a meeting", and names its entry', async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const b = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { title: 'Kinds' });
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    const ann = { id: a.me.user.id, name: 'Ann' };
    writeWithMention(A.doc, 'call-1', 'call', ann, b.me.user.id);
    writeWithMention(A.doc, 'meeting-1', 'meeting', ann, b.me.user.id);
    writeWithMention(A.doc, 'note-1', 'note', ann, b.me.user.id);
    const got = await waitFor(async () => {
      const list = await mentions(b.client);
      return list.length === 3 ? list : null;
    }, 'three mention notifications');
    const byEntry = new Map(got.map((n) => [n.activityId, n]));
    expect(byEntry.get('call-1')?.text).toBe('Ann mentioned you in a call on "Kinds"');
    expect(byEntry.get('meeting-1')?.text).toBe('Ann mentioned you in a meeting on "Kinds"');
    expect(byEntry.get('note-1')?.text).toBe('Ann mentioned you in a note on "Kinds"');
    for (const n of got) expect(n.caseId).toBe(c.id);
    A.provider.destroy();
  });

  it('[issue 21.9] a guest reads the names of the people on their case only, and their mention of one reaches them', async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const b = await inviteMember(env.server.url, a.client);
    const outsider = await inviteMember(env.server.url, a.client);
    const c = await createCase(a.client, { title: 'Pilot' });
    expect((await a.client.post(`/api/cases/${c.id}/members`, { userId: b.me.user.id, access: 'editor' })).status).toBe(200);
    const guest = await inviteGuest(env.server.url, a.client, c.id);
    const other = await inviteGuest(env.server.url, a.client, c.id, 'viewer');

    // What the @ list of a guest is made of: the case's team and guests, names only.
    const seen = await guest.client.get(`/api/cases/${c.id}`);
    expect(seen.status).toBe(200);
    const people = seen.body.members as Array<{ userId: string; name: string; email: string }>;
    expect(people.map((m) => m.userId).sort()).toEqual([a.me.user.id, b.me.user.id, guest.userId, other.userId].sort());
    expect(people.map((m) => m.userId)).not.toContain(outsider.me.user.id);
    for (const m of people) if (m.userId !== guest.userId) expect(m.email).toBe('');
    // Never the workspace's list.
    expect([403, 404]).toContain((await guest.client.get('/api/workspace/members')).status);

    const G = connect(env.server.url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    writeWithMention(G.doc, 'guest-note', 'note', { id: guest.userId, name: 'Colleague' }, b.me.user.id);
    const [got] = await waitFor(async () => {
      const list = await mentions(b.client);
      return list.length > 0 ? list : null;
    }, "the guest's mention");
    expect(got).toMatchObject({ text: 'Colleague mentioned you in a note on "Pilot"', caseId: c.id, activityId: 'guest-note' });
    G.provider.destroy();
  });

  it('[issue 21.10] the invite link answers its case title (only that), and accepting answers the case to open', async () => {
    const a = await signUp(env.server.url, { name: 'Ann' });
    const c = await createCase(a.client, { title: 'Wayne Enterprises rollout' });
    const invite = await a.client.post('/api/invites', { email: `g-${Date.now()}@example.test`, role: 'guest', caseId: c.id, access: 'commenter' });
    expect(invite.status).toBe(201);
    const preview = await new Client(env.server.url).get(`/api/invites/${invite.body.token}`);
    expect(preview.status).toBe(200);
    expect(preview.body.caseTitle).toBe('Wayne Enterprises rollout');
    expect(Object.keys(preview.body).sort()).toEqual(['caseTitle', 'email', 'existingUser', 'expiresAt', 'role', 'workspaceName']);
    const accepted = await new Client(env.server.url).post(`/api/invites/${invite.body.token}/accept`, { name: 'Gil', password: 'a fine password' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'guest', caseId: c.id });

    // A workspace invite names no case.
    const member = await a.client.post('/api/invites', { email: `m-${Date.now()}@example.test`, role: 'member' });
    expect((await new Client(env.server.url).get(`/api/invites/${member.body.token}`)).body.caseTitle).toBeNull();
  });
});
