import { addExpectation, docName, expectationsMap, planFragment, readExpectation, writeFields } from '@casehub/case-document';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId } from '../src/lib/ids.js';
import { invites, notifications } from '../src/storage/schema.js';
import {
  featureBackends,
  Client,
  connect,
  createCase,
  inviteGuest,
  inviteMember,
  openStream,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type TestEnv,
} from './helpers.js';
import { testSmtp } from './smtp.js';

/**
 * Issue 20.4: guests are told what only the team knows. Every notification
 * asks the access policy whether its reader may see what it describes, when
 * it is written and whenever it is read (the list, the unread count, the live
 * stream, the digest).
 */

let counter = 0;
const word = (stem: string) => `${stem}${Date.now().toString(36)}${(counter++).toString(36)}`;

const angryMail = (subject: string) =>
  [
    'From: Angry Customer <angry@customer.test>',
    'To: sales@vendor.test',
    `Subject: ${subject}`,
    `Message-ID: <${word('angry')}@customer.test>`,
    '',
    'This is completely unacceptable. Your service has been down for two days, the worst support we have ever had.',
    'Fix it immediately or we cancel the contract and talk to our lawyer.',
    '',
  ].join('\r\n');

type Inbox = { unread: number; notifications: Array<{ kind: string; text: string; caseId: string | null; activityId: string | null }> };
const inbox = async (client: Client): Promise<Inbox> => {
  const res = await client.get('/api/notifications');
  expect(res.status).toBe(200);
  return res.body as Inbox;
};

/** A paragraph mentioning someone, as the editor's mention node writes it. */
function mentionParagraph(userId: string, label: string): Y.XmlElement {
  const mention = new Y.XmlElement('mention');
  mention.setAttribute('id', userId);
  mention.setAttribute('label', label);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Please look, '), mention]);
  return paragraph;
}

describe.each(featureBackends)('attacker: what notifications tell on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  beforeAll(async () => {
    smtp = await testSmtp();
    env = await startTestServer(backend, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'https://casehub.example', DIGEST_TICK_SECONDS: '3600' });
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
    await smtp?.close();
  });

  const rowsFor = (userIds: string[]) => env.server.database.db.select().from(notifications).where(inArray(notifications.userId, userIds));

  it('[issue 20.4] [N3.1] an unshared angry email tells the team, and no guest editor or viewer by the list, the count or the live stream', async () => {
    const owner = await signUp(url, { name: 'Olivia Owner' });
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const member = await inviteMember(url, owner.client);
    expect((await owner.client.post(`/api/cases/${c.id}/members`, { userId: member.me.user.id, access: 'editor' })).status).toBe(200);
    const editor = await inviteGuest(url, owner.client, c.id, 'editor');
    const viewer = await inviteGuest(url, owner.client, c.id, 'viewer');
    const streams = await Promise.all([editor, viewer].map((g) => openStream(url, g.client.cookie)));
    for (const s of streams) await waitFor(() => s.unread().length === 1, 'the first count');

    const res = await owner.client.request('POST', `/api/cases/${c.id}/emails`, angryMail('Re: Completely unacceptable'), { 'content-type': 'message/rfc822' });
    expect(res.status).toBe(201);
    // The team is told (the flag, and so the notification, is the server's own work after the commit).
    for (const person of [owner.client, member.client]) {
      await waitFor(
        async () => (await inbox(person)).notifications.some((n) => n.kind === 'moment-of-truth' && n.activityId === res.body.activityId),
        'the team to hear of it',
      );
    }
    // Let the feed's next pass run before the guests' counts are read.
    await new Promise((r) => setTimeout(r, 300));
    for (const g of [editor, viewer]) {
      expect(await inbox(g.client)).toEqual({ unread: 0, notifications: [] });
    }
    // Not written at all: nothing waits to leak by a path not yet thought of.
    expect(await rowsFor([editor.userId, viewer.userId])).toEqual([]);
    for (const s of streams) {
      expect(s.unread()).toEqual([0]);
      await s.close();
    }
  });

  it('[issue 20.4] [N3.2] what a guest was told about the team document (written before this fix) is never shown to them, nor mailed', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    expect((await guest.client.request('PUT', '/api/me/digest', { frequency: 'daily' })).status).toBe(200);
    const db = env.server.database.db;
    // As the old code wrote it: a moment of truth on the team stream, told to everyone on the team.
    await db.insert(notifications).values({
      id: newId(),
      workspaceId: owner.me.workspace.id,
      userId: guest.userId,
      kind: 'moment-of-truth',
      caseId: c.id,
      side: 'team',
      activityId: 'act-internal',
      text: 'Moment of truth on "Acme renewal": Re: Completely unacceptable (cancel, unacceptable)',
    });
    const stream = await openStream(url, guest.client.cookie);
    await waitFor(() => stream.unread().length === 1, 'the first count');
    expect(await inbox(guest.client)).toEqual({ unread: 0, notifications: [] });
    expect(stream.unread()).toEqual([0]);
    await stream.close();

    const before = smtp.received.length;
    await env.server.digests.tick();
    const to = await guestEmail(guest.client);
    expect(smtp.received.slice(before).filter((m) => m.to.includes(to))).toEqual([]);
  });

  it('[issue 20.4] [N3.2] a guest taken off the case stops seeing what they were told of it, by the list, the count, the stream and the digest', async () => {
    const owner = await signUp(url, { name: 'Olivia Owner' });
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    expect((await guest.client.request('PUT', '/api/me/digest', { frequency: 'daily' })).status).toBe(200);
    // A mention in the mutual plan is for the guest to see, while they are on the case.
    const O = connect(url, docName(c.id, 'shared'), { cookie: owner.client.cookie });
    await synced(O.provider);
    planFragment(O.doc).insert(0, [mentionParagraph(guest.userId, 'Gina')]);
    await waitFor(async () => (await inbox(guest.client)).unread === 1, 'the mention');
    O.provider.destroy();
    const stream = await openStream(url, guest.client.cookie);
    await waitFor(() => stream.unread().at(-1) === 1, 'the count with the mention');

    expect((await owner.client.delete(`/api/cases/${c.id}/members/${guest.userId}`)).status).toBe(204);
    // Still a guest of the workspace (signed in), but no longer on this case.
    expect((await guest.client.get('/api/me')).status).toBe(200);
    expect(await inbox(guest.client)).toEqual({ unread: 0, notifications: [] });
    await waitFor(() => stream.unread().at(-1) === 0, 'the live count to drop', 5000);
    await stream.close();
    const before = smtp.received.length;
    await env.server.digests.tick();
    const to = await guestEmail(guest.client);
    expect(smtp.received.slice(before).filter((m) => m.to.includes(to))).toEqual([]);
  });

  it('[issue 20.4] [N3.2] a member taken off a private case team stops seeing its notifications; and cannot mark them read', async () => {
    const owner = await signUp(url, { name: 'Olivia Owner' });
    const member = await inviteMember(url, owner.client);
    const c = await createCase(owner.client, { title: 'Quiet acquisition', private: true });
    expect((await owner.client.post(`/api/cases/${c.id}/members`, { userId: member.me.user.id, access: 'editor' })).status).toBe(200);
    const O = connect(url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(O.provider);
    planFragment(O.doc).insert(0, [mentionParagraph(member.me.user.id, 'Mo')]);
    await waitFor(async () => (await inbox(member.client)).unread === 1, 'the mention');

    expect((await owner.client.delete(`/api/cases/${c.id}/members/${member.me.user.id}`)).status).toBe(204);
    expect(await inbox(member.client)).toEqual({ unread: 0, notifications: [] });
    // Marking it read by id is refused as if it did not exist.
    const [row] = await env.server.database.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, member.me.user.id), eq(notifications.caseId, c.id)));
    expect((await member.client.post(`/api/notifications/${row?.id}/read`)).status).toBe(404);
    O.provider.destroy();
  });
});

async function guestEmail(client: Client): Promise<string> {
  return ((await client.get('/api/me')).body as { user: { email: string } }).user.email;
}

describe.each(featureBackends)('attacker: invites outliving their creator on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  const accept = (token: string) => new Client(url).post(`/api/invites/${token}/accept`, { name: 'Back Again', password: 'another good password' });
  /** Undoes the revocation, as if it had been missed (a crash, an older node): accepting must still refuse. */
  const unrevoke = (id: string) => env.server.database.db.update(invites).set({ revokedAt: null }).where(eq(invites.id, id));

  it('[issue 20.7] [A11.1] [A11.2] a member removed from the workspace cannot come back through an invite they made before; their pending invites are revoked', async () => {
    const owner = await signUp(url);
    const mallory = await inviteMember(url, owner.client);
    const c = await createCase(mallory.client, { title: 'Open deal' });
    const back = await mallory.client.post('/api/invites', { email: `mallory-again-${word('x')}@example.test`, role: 'member' });
    const guestLink = await mallory.client.post('/api/invites', { email: `friend-${word('x')}@example.test`, role: 'guest', caseId: c.id, access: 'editor' });
    expect([back.status, guestLink.status]).toEqual([201, 201]);

    expect((await owner.client.delete(`/api/workspace/members/${mallory.me.user.id}`)).status).toBe(204);
    const pending = await owner.client.get('/api/invites');
    expect((pending.body.invites as Array<{ id: string }>).map((i) => i.id)).not.toEqual(expect.arrayContaining([back.body.id]));
    for (const link of [back, guestLink]) {
      expect((await new Client(url).get(`/api/invites/${link.body.token}`)).status).toBe(404);
      expect((await accept(link.body.token)).status).toBe(404);
      // Defence in depth: with the revocation undone, the creator's lost access still ends the invite.
      await unrevoke(link.body.id);
      expect((await accept(link.body.token)).status).toBe(404);
    }
    // Nobody joined.
    const members = (await owner.client.get('/api/workspace/members')).body.members as Array<{ email: string }>;
    expect(members.some((m) => m.email.startsWith('mallory-again-') || m.email.startsWith('friend-'))).toBe(false);
  });

  it('[issue 20.7] [A11.2] [A11.1] a member demoted to guest: their invites are revoked, and accepting one still refuses if the revocation was missed', async () => {
    const owner = await signUp(url);
    const mallory = await inviteMember(url, owner.client);
    const c = await createCase(owner.client);
    const link = await mallory.client.post('/api/invites', { email: `friend-${word('x')}@example.test`, role: 'guest', caseId: c.id, access: 'editor' });
    const member = await mallory.client.post('/api/invites', { email: `pal-${word('x')}@example.test`, role: 'member' });
    expect((await owner.client.patch(`/api/workspace/members/${mallory.me.user.id}`, { role: 'guest' })).status).toBe(200);
    for (const l of [link, member]) {
      expect((await accept(l.body.token)).status).toBe(404);
      await unrevoke(l.body.id);
      expect((await accept(l.body.token)).status).toBe(404);
    }
  });

  it('[issue 20.7] [A11.1] a guest invite to a private case dies when its creator leaves that case team', async () => {
    const owner = await signUp(url);
    const member = await inviteMember(url, owner.client);
    const c = await createCase(owner.client, { private: true });
    expect((await owner.client.post(`/api/cases/${c.id}/members`, { userId: member.me.user.id, access: 'editor' })).status).toBe(200);
    const link = await member.client.post('/api/invites', { email: `friend-${word('x')}@example.test`, role: 'guest', caseId: c.id, access: 'viewer' });
    expect(link.status).toBe(201);
    expect((await owner.client.delete(`/api/cases/${c.id}/members/${member.me.user.id}`)).status).toBe(204);
    expect((await accept(link.body.token)).status).toBe(404);
    // The same invite from someone still on the team works.
    const ok = await owner.client.post('/api/invites', { email: `friend-${word('y')}@example.test`, role: 'guest', caseId: c.id, access: 'viewer' });
    expect((await accept(ok.body.token)).status).toBe(200);
  });
});

describe.each(featureBackends)('attacker: promises, owners, routing and case teams (issue 20.11) on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  type Promise_ = { id: string; ownerId: string | null; ownerName: string | null; status: string; promiseSide: string; side: string };
  const promises = async (client: Client, caseId: string): Promise<Promise_[]> => (await client.get(`/api/expectations?caseId=${caseId}`)).body.expectations;
  const statsOf = async (client: Client, userId: string) => {
    const stats = (await client.get('/api/expectations/stats')).body as {
      overall: { total: number };
      byOwner: Array<{ ownerId: string; kept: number; total: number }>;
    };
    return { overall: stats.overall.total, mine: stats.byOwner.find((o) => o.ownerId === userId)?.total ?? 0 };
  };

  it("[issue 20.11] [A13.1] [A13.2] a guest editor's promises are the customer's: they never lower a team member's kept-promise rate", async () => {
    const owner = await signUp(url);
    const member = await inviteMember(url, owner.client);
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    // A real team promise, shown to the customer, owned by the member.
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const real = await owner.client.post(`/api/cases/${c.id}/expectations`, { text: 'Quote by Friday', ownerId: member.me.user.id, dueAt: due, shared: true });
    expect(real.status).toBe(201);
    // Over HTTP a guest cannot record one at all.
    expect((await guest.client.post(`/api/cases/${c.id}/expectations`, { text: 'x', dueAt: due, shared: true })).status).toBe(403);

    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    const forged = word('forged');
    G.doc.transact(() => {
      const item = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({
        text: 'We promised a refund',
        ownerId: member.me.user.id,
        dueAt: '2026-11-02T12:00:00.000Z',
        status: 'missed',
        side: 'team',
      }))
        item.set(k, v);
      expectationsMap(G.doc).set(forged, item);
      const team = expectationsMap(G.doc).get(real.body.expectationId);
      team?.set('status', 'missed');
      team?.set('side', 'customer');
    });
    await waitFor(async () => {
      const list = await promises(owner.client, c.id);
      const f = list.find((p) => p.id === forged);
      const r = list.find((p) => p.id === real.body.expectationId);
      return f?.promiseSide === 'customer' && r?.status === 'open' && r.promiseSide === 'team';
    }, "the guest's promise to be the customer's and the team's promise put back");
    expect(await statsOf(owner.client, member.me.user.id)).toEqual({ overall: 0, mine: 0 });
    // The guest's own copy shows the team's promise as it was.
    await waitFor(() => readExpectation(G.doc, real.body.expectationId)?.status === 'open', 'the guest to see it put back');
    G.provider.destroy();
  });

  it("[issue 20.11] [A13.3] an owner named over /sync must be one of the workspace: another workspace's user is never recorded, shown or told", async () => {
    const owner = await signUp(url);
    const stranger = await signUp(url, { name: 'Stranger Danger' });
    const c = await createCase(owner.client, { title: 'Acme renewal' });
    const T = connect(url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(T.provider);
    const id = word('p');
    T.doc.transact(() => {
      writeFields(T.doc, { ownerId: stranger.me.user.id });
      addExpectation(T.doc, id, { text: 'Quote', ownerId: stranger.me.user.id, dueAt: new Date(Date.now() - 60_000).toISOString(), status: 'open' });
    });
    // The promise was already due: the clock moves it to missed and tells its owner, if anyone.
    await waitFor(async () => (await promises(owner.client, c.id)).find((p) => p.id === id)?.status === 'missed', 'the promise to be missed');
    const listed = (await promises(owner.client, c.id)).find((p) => p.id === id);
    expect([listed?.ownerId, listed?.ownerName]).toEqual([null, null]);
    await waitFor(async () => (await owner.client.get(`/api/cases/${c.id}`)).body.ownerId !== owner.me.user.id, 'the case index to follow the document');
    const got = (await owner.client.get(`/api/cases/${c.id}`)).body as { ownerId: string | null; ownerName: string | null };
    expect([got.ownerId, got.ownerName]).toEqual([null, null]);
    expect((await owner.client.get(`/api/cases?ownerId=${stranger.me.user.id}`)).body.cases ?? []).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await env.server.database.db.select().from(notifications).where(eq(notifications.userId, stranger.me.user.id))).toEqual([]);
    // Over HTTP it was refused all along.
    const due = new Date(Date.now() + 86_400_000).toISOString();
    expect((await owner.client.post(`/api/cases/${c.id}/expectations`, { text: 'x', ownerId: stranger.me.user.id, dueAt: due })).status).toBe(400);
    T.provider.destroy();
  });

  it("[issue 20.11] [R6] an admin's routing rule cannot send mail into a private case the admin cannot see", async () => {
    const owner = await signUp(url);
    const admin = await inviteMember(url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    const hidden = await createCase(owner.client, { title: 'Board matter', private: true });
    const open = await createCase(owner.client, { title: 'Open deal' });
    const rule = (caseId: string) => ({ name: 'Everything', conditions: { keywords: ['hello'] }, action: { assign: { type: 'account-owner' }, caseId } });
    const refused = await admin.client.post('/api/routing/rules', rule(hidden.id));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/no such case/);
    const made = await admin.client.post('/api/routing/rules', rule(open.id));
    expect(made.status).toBe(201);
    expect((await admin.client.patch(`/api/routing/rules/${made.body.id}`, { action: { assign: { type: 'account-owner' }, caseId: hidden.id } })).status).toBe(
      400,
    );
    // The owner, on that case's team, may.
    expect((await owner.client.post('/api/routing/rules', rule(hidden.id))).status).toBe(201);
  });

  it('[issue 20.11] [A12] a member editing a non-private case cannot demote the workspace owner or an admin on it; the owner and admins still can', async () => {
    const owner = await signUp(url);
    const admin = await inviteMember(url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    const member = await inviteMember(url, owner.client);
    const other = await inviteMember(url, owner.client);
    const c = await createCase(owner.client);
    const set = (by: Client, userId: string, access: string) => by.post(`/api/cases/${c.id}/members`, { userId, access });

    for (const target of [owner.me.user.id, admin.me.user.id]) {
      const res = await set(member.client, target, 'viewer');
      expect(res.status).toBe(403);
    }
    expect((await owner.client.get(`/api/cases/${c.id}`)).body.access).toBe('editor');
    expect((await set(admin.client, owner.me.user.id, 'viewer')).status).toBe(403);
    // Members are managed as before; raising anyone is fine; owners and admins manage the team.
    expect((await set(member.client, other.me.user.id, 'viewer')).status).toBe(200);
    expect((await set(member.client, other.me.user.id, 'editor')).status).toBe(200);
    expect((await set(admin.client, member.me.user.id, 'commenter')).status).toBe(200);
    expect((await set(owner.client, admin.me.user.id, 'viewer')).status).toBe(200);
    // Taking the owner off a private case is lowering them too.
    const p = await createCase(member.client, { private: true });
    expect((await member.client.post(`/api/cases/${p.id}/members`, { userId: owner.me.user.id, access: 'editor' })).status).toBe(200);
    expect((await member.client.delete(`/api/cases/${p.id}/members/${owner.me.user.id}`)).status).toBe(403);
  });
});
