import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.js';
import { notify } from '../src/modules/notifications/service.js';
import { notifications } from '../src/storage/schema.js';
import { featureBackends, createCase, freshStorage, inviteMember, signUp, startNode, startTestServer, waitFor, Client } from './helpers.js';
import { testSmtp } from './smtp.js';

const hour = 3600_000;

describe.each(featureBackends)('email digests on %s', (backend) => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let node: Awaited<ReturnType<typeof startNode>>;
  let outside: Awaited<ReturnType<typeof testSmtp>>;
  let clock = new Date();
  const options = { now: () => clock };
  const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${outside.port}`, PUBLIC_URL: 'https://casehub.example', DIGEST_TICK_SECONDS: '3600' });

  beforeAll(async () => {
    outside = await testSmtp();
    storage = await freshStorage(backend);
    node = await startNode(storage, env(), options);
  });
  afterAll(async () => {
    await node?.close();
    await storage?.drop();
    await outside?.close();
  });

  const put = (client: Client, body: unknown) => client.request('PUT', '/api/me/digest', body);

  it("GET/PUT /api/me/digest keeps each person's frequency, and refuses anything else", async () => {
    const a = await signUp(node.url);
    expect((await a.client.get('/api/me/digest')).body).toEqual({ frequency: 'off', lastSentAt: null });
    const bad = await put(a.client, { frequency: 'hourly' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/frequency/);
    expect((await put(a.client, { frequency: 'weekly' })).body).toEqual({ frequency: 'weekly', lastSentAt: null });
    expect((await a.client.get('/api/me/digest')).body.frequency).toBe('weekly');
    const b = await signUp(node.url);
    expect((await b.client.get('/api/me/digest')).body.frequency).toBe('off');
    expect((await new Client(node.url).get('/api/me/digest')).status).toBe(401);
  });

  it('[N2.2] [N2.1] mails each opted-in person their unread notifications since the last digest, once, even across a restart', async () => {
    const a = await signUp(node.url, { name: 'Dora Digest' });
    const quiet = await signUp(node.url);
    const c = await createCase(a.client, { title: 'Initech renewal' });
    const ws = a.me.workspace.id;
    expect((await put(a.client, { frequency: 'daily' })).status).toBe(200);
    const db = node.database.db;
    await notify(db, {
      workspaceId: ws,
      userIds: [a.me.user.id],
      kind: 'expectation.missed',
      about: { caseId: c.id, side: 'team' },
      activityId: 'act-1',
      text: 'Expectation missed: Send the quote',
    });
    await notify(db, {
      workspaceId: ws,
      userIds: [a.me.user.id],
      kind: 'moment-of-truth',
      about: { caseId: c.id, side: 'team' },
      text: 'Already read, not in the digest',
    });
    const list = (await a.client.get('/api/notifications')).body.notifications as Array<{ id: string; text: string }>;
    const read = list.find((n) => n.text.startsWith('Already read'));
    expect((await a.client.post(`/api/notifications/${read?.id}/read`)).status).toBe(204);
    // Opted out: nothing for this one, however much is unread.
    await notify(db, { workspaceId: quiet.me.workspace.id, userIds: [quiet.me.user.id], kind: 'x', about: null, text: 'Not for a digest' });

    clock = new Date(Date.now() + 60_000);
    const before = outside.received.length;
    expect(await node.digests.tick()).toBe(1);
    const mail = outside.received.slice(before);
    expect(mail.map((m) => m.to)).toEqual([[a.me.user.email]]);
    const parsed = await simpleParser(mail[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('Casehub daily digest: 1 unread notification in Test Workspace');
    expect(parsed.text).toContain('Hello Dora Digest');
    expect(parsed.text).toContain('Expectation missed: Send the quote');
    expect(parsed.text).toContain(`https://casehub.example/cases/${c.id}?entry=act-1`);
    expect(parsed.text).not.toContain('Already read');
    expect((await a.client.get('/api/me/digest')).body.lastSentAt).toBe(clock.toISOString());

    // Not due again the same day; and a restarted node (same storage, same clock) does not send it again.
    expect(await node.digests.tick()).toBe(0);
    await node.close();
    node = await startNode(storage, env(), options);
    expect(await node.digests.tick()).toBe(0);
    expect(outside.received.length).toBe(before + 1);

    // A day later: only what arrived since the last digest.
    clock = new Date(clock.getTime() + 25 * hour);
    await node.database.db.insert(notifications).values({
      id: newId(),
      workspaceId: ws,
      userId: a.me.user.id,
      kind: 'expectation.at-risk',
      caseId: c.id,
      text: 'Expectation at risk: Call Dana',
      createdAt: new Date(clock.getTime() - hour),
    });
    expect(await node.digests.tick()).toBe(1);
    const second = await simpleParser(outside.received.at(-1)?.raw ?? Buffer.alloc(0));
    expect(second.text).toContain('Expectation at risk: Call Dana');
    expect(second.text).not.toContain('Send the quote');
  });

  it('[N2.1] [N2.2] a refused digest is given back and sent at the next tick; nothing unread sends nothing', async () => {
    const a = await signUp(node.url);
    await put(a.client, { frequency: 'weekly' });
    const empty = outside.received.length;
    expect(await node.digests.tick()).toBe(0);
    expect(outside.received.length).toBe(empty);
    // The empty pass still counts as this week's digest.
    const lastSentAt = (await a.client.get('/api/me/digest')).body.lastSentAt;
    expect(lastSentAt).toBe(clock.toISOString());

    clock = new Date(clock.getTime() + 8 * 24 * hour);
    await node.database.db.insert(notifications).values({
      id: newId(),
      workspaceId: a.me.workspace.id,
      userId: a.me.user.id,
      kind: 'x',
      text: 'Weekly news',
      createdAt: new Date(clock.getTime() - hour),
    });
    outside.state.rejectNext = true;
    await node.digests.tick();
    expect((await a.client.get('/api/me/digest')).body.lastSentAt).toBe(lastSentAt);
    await node.digests.tick();
    expect((await a.client.get('/api/me/digest')).body.lastSentAt).toBe(clock.toISOString());
    expect((await simpleParser(outside.received.at(-1)?.raw ?? Buffer.alloc(0))).text).toContain('Weekly news');
  });

  it('[N2.1] two ticks at once send one digest', async () => {
    const a = await signUp(node.url);
    await put(a.client, { frequency: 'daily' });
    await node.database.db
      .insert(notifications)
      .values({ id: newId(), workspaceId: a.me.workspace.id, userId: a.me.user.id, kind: 'x', text: 'Raced', createdAt: new Date(clock.getTime() - hour) });
    const before = outside.received.filter((m) => m.to.includes(a.me.user.email)).length;
    const [x, y] = await Promise.all([node.digests.tick(), node.digests.tick()]);
    expect(x + y).toBe(1);
    expect(outside.received.filter((m) => m.to.includes(a.me.user.email)).length).toBe(before + 1);
  });

  it('[issue 15.6] the digest tells what is new on the cases one opened, as "since you were last here" would, and not twice', async () => {
    const a = await signUp(node.url, { name: 'Nell News' });
    const c = await createCase(a.client, { title: 'Hooli expansion', stage: 'qualify' });
    await put(a.client, { frequency: 'daily' });
    expect((await a.client.post(`/api/cases/${c.id}/visit`)).status).toBe(200);
    const b = await inviteMember(node.url, a.client);
    await b.client.post(`/api/cases/${c.id}/notes`, { text: 'They want 40 more seats' });
    await b.client.patch(`/api/cases/${c.id}`, { stage: 'proposal' });
    // A case Nell never opened is not hers to hear about, however busy.
    const other = await createCase(b.client, { title: 'Never opened' });
    await b.client.post(`/api/cases/${other.id}/notes`, { text: 'Busy elsewhere' });

    // The stage change reaches the case index a moment after the PATCH answers.
    await waitFor(async () => ((await a.client.get(`/api/cases/${c.id}`)).body.stage === 'proposal' ? true : null), 'the stage in the case index');

    const mine = () => outside.received.filter((m) => m.to.includes(a.me.user.email));
    clock = new Date(Date.now() + 60_000);
    await node.digests.tick();
    expect(mine()).toHaveLength(1);
    const parsed = await simpleParser(mine()[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('Casehub daily digest: news on 1 case in Test Workspace');
    expect(parsed.text).toContain('Since you last read them:');
    expect(parsed.text).toMatch(
      /- Hooli expansion: 1 note; Stage: qualify → proposal\n {2}Latest: Colleague: They want 40 more seats\n {2}https:\/\/casehub\.example\/cases\//,
    );
    expect(parsed.text).not.toContain('Never opened');

    // A day later with nothing newer: no digest, though the case is still unread.
    clock = new Date(clock.getTime() + 25 * hour);
    await node.digests.tick();
    expect(mine()).toHaveLength(1);
  });

  it('without SMTP_URL, digests are skipped and nothing is marked sent', async () => {
    const other = await startTestServer(backend, {}, options);
    try {
      const a = await signUp(other.server.url);
      await put(a.client, { frequency: 'daily' });
      await notify(other.server.database.db, { workspaceId: a.me.workspace.id, userIds: [a.me.user.id], kind: 'x', about: null, text: 'Unsent' });
      expect(await other.server.digests.tick()).toBe(0);
      expect((await a.client.get('/api/me/digest')).body.lastSentAt).toBeNull();
    } finally {
      await other.stop();
    }
  });
});
