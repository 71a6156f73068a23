import { activityMap, docName, fieldsMap, listActivity, planFragment, readFields } from '@casehub/case-document';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiTokens, memberships, sessions } from '../src/storage/schema.js';
import {
  addParagraph,
  backends,
  Client,
  connect,
  createCase,
  inviteMember,
  rawSocket,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type TestEnv,
  inviteGuest,
} from './helpers.js';

const wsUrl = (env: TestEnv, name: string) => `${env.server.url.replace('http', 'ws')}/sync/${name}`;

describe.each(backends)('trust boundary on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a guest sees only their case, only the shared document, and nothing internal', async () => {
    const owner = await signUp(url);
    const theirs = await createCase(owner.client, { title: 'Partner project', value: 99000 });
    const other = await createCase(owner.client, { title: 'Unrelated internal case' });
    const guest = await inviteGuest(url, owner.client, theirs.id);

    const me = await guest.client.get('/api/me');
    expect(me.body.role).toBe('guest');
    const list = await guest.client.get('/api/cases');
    expect(list.body.cases.map((c: { id: string }) => c.id)).toEqual([theirs.id]);
    const detail = await guest.client.get(`/api/cases/${theirs.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.docs.team).toBeNull();
    // Other people's email addresses are not the guest's business.
    for (const m of detail.body.members) expect(m.email).toEqual(m.userId === guest.userId ? expect.stringContaining('@') : '');
    expect(JSON.stringify(detail.body)).not.toContain(owner.me.user.email);
    for (const res of [
      await guest.client.get(`/api/cases/${other.id}`),
      await guest.client.patch(`/api/cases/${other.id}`, { title: 'x' }),
      await guest.client.post(`/api/cases/${other.id}/notes`, { text: 'x' }),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await guest.client.get('/api/workspace/members')).status).toBe(404);
    expect((await guest.client.post('/api/cases', { title: 'mine', kind: 'deal' })).status).toBe(403);
    expect((await guest.client.post('/api/invites', { email: 'x@y.test', role: 'member' })).status).toBe(403);
    expect((await guest.client.patch(`/api/cases/${theirs.id}`, { title: 'renamed by guest' })).status).toBe(403);
    expect((await guest.client.get('/api/audit')).status).toBe(403);

    // Sync: the team document of their own case is refused before any byte; the shared one opens.
    for (const name of [docName(theirs.id, 'team'), docName(other.id, 'team'), docName(other.id, 'shared')]) {
      const s = rawSocket(wsUrl(env, name), { cookie: guest.client.cookie });
      expect(await s.opened).toBe(false);
      expect(s.status()).toBe(404);
      expect(s.messages).toHaveLength(0);
    }
    const G = connect(url, docName(theirs.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    expect(readFields(G.doc).title).toBe('Partner project');
    expect(readFields(G.doc).value).toBeUndefined();
    G.provider.destroy();
  });

  it('[A3] internal notes stay internal until shared; sharing and un-sharing reach the guest live; search respects it', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client, { title: 'Shared work' });
    const guest = await inviteGuest(url, owner.client, c.id);
    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);

    const internal = await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'Internal: our walk-away price is 40k, margin thin' });
    expect(internal.status).toBe(201);
    expect((await owner.client.get('/api/search?q=walk-away')).body.results).toHaveLength(1);
    expect((await guest.client.get('/api/search?q=walk-away')).body.results).toHaveLength(0);
    expect(activityMap(G.doc).size).toBe(0);

    const share = await owner.client.post(`/api/cases/${c.id}/activity/${internal.body.activityId}/share`, {});
    expect(share.status).toBe(200);
    await waitFor(() => listActivity(G.doc).some((e) => e.id === internal.body.activityId), 'the shared note to reach the guest');
    const copy = listActivity(G.doc)[0];
    expect(copy?.body?.toString()).toContain('walk-away price');
    expect((await guest.client.get('/api/search?q=walk-away')).body.results).toHaveLength(1);

    const unshare = await owner.client.delete(`/api/cases/${c.id}/activity/${internal.body.activityId}/share`);
    expect(unshare.status).toBe(204);
    await waitFor(() => activityMap(G.doc).size === 0, 'the un-shared note to leave the guest');
    expect((await guest.client.get('/api/search?q=walk-away')).body.results).toHaveLength(0);

    // A guest's own note goes to the shared document only.
    const guestNote = await guest.client.post(`/api/cases/${c.id}/notes`, { text: 'From the partner side: kickoff Tuesday' });
    expect(guestNote.status).toBe(201);
    await waitFor(() => activityMap(G.doc).size === 1, 'the guest note');
    G.provider.destroy();
  });

  it('guest-visible fields are mirrored into the shared document, others are not', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client, { title: 'Before' });
    const guest = await inviteGuest(url, owner.client, c.id, 'viewer');
    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    await owner.client.patch(`/api/cases/${c.id}`, { title: 'After', stage: 'proposal', value: 1234, account: 'Secret account' });
    await waitFor(() => readFields(G.doc).title === 'After', 'title mirror');
    expect(readFields(G.doc).stage).toBe('proposal');
    expect(fieldsMap(G.doc).has('value')).toBe(false);
    expect(fieldsMap(G.doc).has('account')).toBe(false);
    // A viewer guest's writes to the shared document are refused.
    planFragment(G.doc).push([new Y.XmlElement('paragraph')]);
    fieldsMap(G.doc).set('title', 'guest vandalism');
    await owner.client.patch(`/api/cases/${c.id}`, { stage: 'negotiation' });
    await waitFor(() => readFields(G.doc).stage === 'negotiation', 'a later change');
    const O = connect(url, docName(c.id, 'shared'), { cookie: owner.client.cookie });
    await synced(O.provider);
    expect(readFields(O.doc).title).toBe('After');
    expect(planFragment(O.doc).length).toBe(0);
    O.provider.destroy();
    G.provider.destroy();
  });

  it('a revoked guest is cut off live, and every later request is refused', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(url, owner.client, c.id);
    const s = rawSocket(wsUrl(env, docName(c.id, 'shared')), { cookie: guest.client.cookie });
    expect(await s.opened).toBe(true);
    expect((await owner.client.delete(`/api/cases/${c.id}/members/${guest.userId}`)).status).toBe(204);
    expect((await s.closed).code).toBe(4403);
    expect((await guest.client.get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await guest.client.get('/api/cases')).body.cases).toEqual([]);
    const again = rawSocket(wsUrl(env, docName(c.id, 'shared')), { cookie: guest.client.cookie });
    expect(await again.opened).toBe(false);
    expect(again.messages).toHaveLength(0);
  });

  it('a removed member loses sessions, tokens and sockets at once', async () => {
    const owner = await signUp(url);
    const member = await inviteMember(url, owner.client);
    const c = await createCase(owner.client);
    const token = (await member.client.post('/api/tokens', { name: 'script' })).body.token as string;
    const s = rawSocket(wsUrl(env, docName(c.id, 'team')), { cookie: member.client.cookie });
    expect(await s.opened).toBe(true);
    expect((await owner.client.delete(`/api/workspace/members/${member.me.user.id}`)).status).toBe(204);
    expect((await s.closed).code).toBe(4403);
    expect((await member.client.get('/api/me')).status).toBe(401);
    expect((await new Client(url).request('GET', '/api/cases', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
    const again = rawSocket(`${wsUrl(env, docName(c.id, 'team'))}?token=${token}`);
    expect(await again.opened).toBe(false);
    expect(again.status()).toBe(401);
  });

  it('a user of another workspace reaches nothing, even with the right ids', async () => {
    const owner = await signUp(url);
    const stranger = await signUp(url);
    const c = await createCase(owner.client, { title: 'Confidential merger' });
    const note = await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'merger codename bluebird' });
    const tries = [
      stranger.client.get(`/api/cases/${c.id}`),
      stranger.client.patch(`/api/cases/${c.id}`, { title: 'pwned' }),
      stranger.client.post(`/api/cases/${c.id}/members`, { userId: stranger.me.user.id, access: 'editor' }),
      stranger.client.delete(`/api/cases/${c.id}/members/${owner.me.user.id}`),
      stranger.client.post(`/api/cases/${c.id}/notes`, { text: 'x' }),
      stranger.client.post(`/api/cases/${c.id}/activity/${note.body.activityId}/share`, {}),
      stranger.client.post('/api/invites', { email: 'a@b.test', role: 'guest', caseId: c.id }),
      stranger.client.patch(`/api/workspace/members/${owner.me.user.id}`, { role: 'member' }),
      stranger.client.delete(`/api/workspace/members/${owner.me.user.id}`),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Confidential');
    }
    expect((await stranger.client.get('/api/search?q=bluebird')).body.results).toEqual([]);
    expect((await stranger.client.get(`/api/search?q=bluebird&caseId=${c.id}`)).body.results).toEqual([]);
    for (const side of ['team', 'shared'] as const) {
      const s = rawSocket(wsUrl(env, docName(c.id, side)), { cookie: stranger.client.cookie });
      expect(await s.opened).toBe(false);
      expect(s.messages).toHaveLength(0);
    }
  });

  it('viewers and commenters: the server refuses what their access does not allow', async () => {
    const owner = await signUp(url);
    const viewer = await inviteMember(url, owner.client);
    const commenter = await inviteMember(url, owner.client);
    const c = await createCase(owner.client);
    await owner.client.post(`/api/cases/${c.id}/members`, { userId: viewer.me.user.id, access: 'viewer' });
    await owner.client.post(`/api/cases/${c.id}/members`, { userId: commenter.me.user.id, access: 'commenter' });
    expect((await viewer.client.post(`/api/cases/${c.id}/notes`, { text: 'hi' })).status).toBe(403);
    expect((await viewer.client.patch(`/api/cases/${c.id}`, { stage: 'won' })).status).toBe(403);
    expect((await commenter.client.post(`/api/cases/${c.id}/notes`, { text: 'a comment' })).status).toBe(201);
    expect((await commenter.client.patch(`/api/cases/${c.id}`, { stage: 'won' })).status).toBe(403);
    const note = await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'n' });
    expect((await commenter.client.post(`/api/cases/${c.id}/activity/${note.body.activityId}/share`, {})).status).toBe(403);
  });

  it('changing the password ends every other session and its sockets', async () => {
    const { client, me } = await signUp(url);
    const other = new Client(url);
    await other.post('/api/auth/login', { email: me.user.email, password: 'correct horse battery' });
    const c = await createCase(client);
    const s = rawSocket(wsUrl(env, docName(c.id, 'team')), { cookie: other.cookie });
    expect(await s.opened).toBe(true);
    const wrong = await client.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(403);
    const res = await client.post('/api/auth/password', { currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' });
    expect(res.status).toBe(204);
    expect((await s.closed).code).toBe(4401);
    expect((await other.get('/api/me')).status).toBe(401);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('invites can be listed and revoked; a revoked link is dead', async () => {
    const owner = await signUp(url);
    const invite = await owner.client.post('/api/invites', { email: 'later@example.test', role: 'member' });
    const list = await owner.client.get('/api/invites');
    expect(list.body.invites.map((i: { id: string }) => i.id)).toContain(invite.body.id);
    expect((await owner.client.delete(`/api/invites/${invite.body.id}`)).status).toBe(204);
    expect((await new Client(url).get(`/api/invites/${invite.body.token}`)).status).toBe(404);
    expect((await owner.client.delete(`/api/invites/${invite.body.id}`)).status).toBe(404);
  });

  it('roles: admins manage members but not owners; the last owner stays', async () => {
    const owner = await signUp(url);
    const admin = await inviteMember(url, owner.client);
    const member = await inviteMember(url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    expect((await member.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'member' })).status).toBe(403);
    expect((await admin.client.patch(`/api/workspace/members/${owner.me.user.id}`, { role: 'member' })).status).toBe(403);
    expect((await admin.client.patch(`/api/workspace/members/${member.me.user.id}`, { role: 'admin' })).status).toBe(403);
    expect((await owner.client.patch(`/api/workspace/members/${owner.me.user.id}`, { role: 'member' })).status).toBe(409);
    expect((await admin.client.delete(`/api/workspace/members/${member.me.user.id}`)).status).toBe(204);
  });

  it('the audit log records what happened, for admins, as JSON and CSV', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    await inviteGuest(url, owner.client, c.id);
    const log = await owner.client.get('/api/audit');
    expect(log.status).toBe(200);
    const actions = log.body.entries.map((e: { action: string }) => e.action);
    for (const a of ['user.signup', 'case.create', 'invite.create', 'invite.accept']) expect(actions).toContain(a);
    const filtered = await owner.client.get('/api/audit?action=invite.create');
    expect(filtered.body.entries.every((e: { action: string }) => e.action === 'invite.create')).toBe(true);
    const csv = await owner.client.get('/api/audit.csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body).split('\r\n')[0]).toBe('at,action,actorId,actorName,subjectId,data');
    expect((await owner.client.get('/api/audit')).body.entries[0].action).toBe('audit.export');
  });
});

describe.each(backends)('sharing emails with guests on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a guest fetches and finds an email only while its thread is shared', async () => {
    const url = env.server.url;
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(url, owner.client, c.id);
    const raw = [
      'From: Customer <buyer@customer.test>',
      'To: sales@vendor.test',
      'Subject: Purchase order for the pangolin project',
      'Message-ID: <po-1@customer.test>',
      'Date: Tue, 17 Nov 2026 10:00:00 +0000',
      '',
      'Please find our order. Budget code aardvark.',
      '',
    ].join('\r\n');
    const ingested = await owner.client.request('POST', `/api/cases/${c.id}/emails`, raw, { 'content-type': 'message/rfc822' });
    expect(ingested.status).toBe(201);
    const { emailId, activityId, threadId } = ingested.body;
    expect((await guest.client.get(`/api/emails/${emailId}`)).status).toBe(404);
    expect((await guest.client.get(`/api/threads/${threadId}`)).status).toBe(404);
    expect((await guest.client.get('/api/search?q=aardvark')).body.results).toEqual([]);

    expect((await owner.client.post(`/api/cases/${c.id}/activity/${activityId}/share`, { thread: true })).status).toBe(200);
    const seen = await guest.client.get(`/api/emails/${emailId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.text).toContain('aardvark');
    expect((await guest.client.get(`/api/threads/${threadId}`)).body.emails).toHaveLength(1);
    expect((await guest.client.get('/api/search?q=aardvark')).body.results.map((r: { activityId: string }) => r.activityId)).toEqual([activityId]);

    await owner.client.delete(`/api/cases/${c.id}/activity/${activityId}/share`);
    expect((await guest.client.get(`/api/emails/${emailId}`)).status).toBe(404);
    expect((await guest.client.get('/api/search?q=aardvark')).body.results).toEqual([]);
  });
});

describe('invite emails', () => {
  it('with SMTP_URL set, an invite link is also emailed to the invitee', async () => {
    const { SMTPServer } = await import('smtp-server');
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push(data);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const address = smtp.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const env = await startTestServer('pglite', { SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const owner = await signUp(env.server.url, { name: 'Olga' });
      const c = await createCase(owner.client, { title: 'Partner rollout' });
      const invite = await owner.client.post('/api/invites', { email: 'partner@example.test', role: 'guest', caseId: c.id });
      expect(invite.body.emailed).toBe('sent');
      expect(received).toHaveLength(1);
      const { simpleParser } = await import('mailparser');
      const mail = await simpleParser(received[0] ?? '');
      expect(mail.subject).toBe('Olga invited you to the case "Partner rollout"');
      expect(mail.text).toContain(invite.body.url);
    } finally {
      await env.stop();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
    // It starts a server of its own on a fresh data directory: allow for a busy machine.
  }, 90_000);
});

describe.each(backends)('[S9.5] open sockets are checked again every ACCESS_RECHECK_SECONDS on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend, { ACCESS_RECHECK_SECONDS: '1' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("closes the sockets of an expired session, a deleted token or a changed role, changed behind the server's back; others stay", async () => {
    const url = env.server.url;
    const { db } = env.server.database;
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const team = wsUrl(env, docName(c.id, 'team'));
    // Three people on one case, each losing access a different way, none through the API (so nothing is announced).
    const expiring = await inviteMember(url, owner.client);
    const demoted = await inviteMember(url, owner.client);
    const token = (await owner.client.post('/api/tokens', { name: 'sweep' })).body as { id: string; token: string };
    const sockets = {
      owner: rawSocket(team, { cookie: owner.client.cookie }),
      expiring: rawSocket(team, { cookie: expiring.client.cookie }),
      demoted: rawSocket(team, { cookie: demoted.client.cookie }),
      token: rawSocket(`${team}?token=${token.token}`),
    };
    for (const s of Object.values(sockets)) expect(await s.opened).toBe(true);

    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.userId, expiring.me.user.id));
    await db
      .update(memberships)
      .set({ role: 'guest' })
      .where(and(eq(memberships.userId, demoted.me.user.id), eq(memberships.workspaceId, owner.me.workspace.id)));
    await db.delete(apiTokens).where(eq(apiTokens.id, token.id));

    expect((await sockets.expiring.closed).code).toBe(4401);
    expect((await sockets.token.closed).code).toBe(4401);
    expect((await sockets.demoted.closed).code).toBe(4403);
    // Two more sweeps: the owner, whose access is intact, is still there.
    await new Promise((r) => setTimeout(r, 2500));
    expect(sockets.owner.ws.readyState).toBe(sockets.owner.ws.OPEN);
    sockets.owner.ws.close();
  });

  it('[S9.4] a role change that keeps access closes the socket with 4000 (reconnect), not 4403; one that ends it, with 4403', async () => {
    const url = env.server.url;
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const colleague = await inviteMember(url, owner.client);
    const team = wsUrl(env, docName(c.id, 'team'));
    const promoted = rawSocket(team, { cookie: colleague.client.cookie });
    expect(await promoted.opened).toBe(true);
    expect((await owner.client.patch(`/api/workspace/members/${colleague.me.user.id}`, { role: 'admin' })).status).toBe(200);
    expect((await promoted.closed).code).toBe(4000);
    // The client reopens under the new role.
    const again = rawSocket(team, { cookie: colleague.client.cookie });
    expect(await again.opened).toBe(true);
    expect((await owner.client.patch(`/api/workspace/members/${colleague.me.user.id}`, { role: 'guest' })).status).toBe(200);
    expect((await again.closed).code).toBe(4403);
  });

  it('[S9.4] a guest editor made a viewer: 4000, not 4403; the unmodified client reopens by itself, reads on, and its writes are refused from then on', async () => {
    const url = env.server.url;
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    const name = docName(c.id, 'shared');
    const plan = (doc: Y.Doc) => planFragment(doc).toString();
    const team = connect(url, name, { cookie: owner.client.cookie });
    const theirs = connect(url, name, { cookie: guest.client.cookie });
    const fresh = connect(url, name, { cookie: owner.client.cookie }, new Y.Doc());
    fresh.provider.disconnect();
    try {
      await Promise.all([synced(team.provider), synced(theirs.provider)]);
      addParagraph(theirs.doc, 'written as an editor');
      await waitFor(() => plan(team.doc).includes('written as an editor'), "the editor's line to arrive");
      const closes: number[] = [];
      let gaveUp = false;
      theirs.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
      theirs.provider.on('closed', () => (gaveUp = true));

      expect((await owner.client.post(`/api/cases/${c.id}/members`, { userId: guest.userId, access: 'viewer' })).status).toBe(200);
      await waitFor(() => closes.length > 0, 'the socket to close');
      expect(closes[0]).toBe(4000);
      await waitFor(() => theirs.provider.wsconnected && theirs.provider.synced, 'the client to reopen');

      addParagraph(team.doc, 'read as a viewer');
      await waitFor(() => plan(theirs.doc).includes('read as a viewer'), 'the viewer to read on');
      addParagraph(theirs.doc, 'written as a viewer');
      // A later line from the team proves the server had the viewer's frame before it.
      addParagraph(team.doc, 'the marker');
      await waitFor(() => plan(theirs.doc).includes('the marker'), 'the marker');
      fresh.provider.connect();
      await synced(fresh.provider);
      expect(plan(fresh.doc)).toContain('the marker');
      expect(plan(fresh.doc)).not.toContain('written as a viewer');
      expect(plan(team.doc)).not.toContain('written as a viewer');
      expect(gaveUp).toBe(false);
      expect(closes).toEqual([4000]);
    } finally {
      for (const p of [team, theirs, fresh]) p.provider.destroy();
    }
  });

  it('an open socket is use: its session does not go idle while the tab stays connected', async () => {
    const { db } = env.server.database;
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client);
    const socket = rawSocket(wsUrl(env, docName(c.id, 'team')), { cookie: owner.client.cookie });
    expect(await socket.opened).toBe(true);
    const sixDaysAgo = new Date(Date.now() - 6 * 24 * 3600_000);
    await db.update(sessions).set({ lastSeenAt: sixDaysAgo }).where(eq(sessions.userId, owner.me.user.id));
    await waitFor(async () => {
      const [row] = await db.select({ lastSeenAt: sessions.lastSeenAt }).from(sessions).where(eq(sessions.userId, owner.me.user.id));
      return (row?.lastSeenAt.getTime() ?? 0) > Date.now() - 60_000;
    }, 'the sweep to mark the session as used');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    expect((await owner.client.get('/api/me')).status).toBe(200);
    socket.ws.close();
  });
});
