import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../src/modules/notifications/service.js';
import {
  adminDatabaseUrl,
  featureBackends,
  Client,
  createCase,
  freshStorage,
  inviteGuest,
  inviteMember,
  openStream,
  signUp,
  startNode,
  startTestServer,
  waitFor,
  type TestEnv,
} from './helpers.js';

describe.each(featureBackends)('live notification stream on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("[N1.1] a notification created for you arrives as an event with your unread count; others' do not; reading lowers it", async () => {
    const a = await signUp(env.server.url);
    const b = await signUp(env.server.url);
    const stream = await openStream(env.server.url, a.client.cookie);
    expect(stream.status).toBe(200);
    expect(stream.type).toMatch(/^text\/event-stream/);
    await waitFor(() => stream.unread().length === 1, 'the first count');
    expect(stream.unread()).toEqual([0]);

    await notify(env.server.database.db, {
      workspaceId: a.me.workspace.id,
      userIds: [a.me.user.id],
      kind: 'moment-of-truth',
      about: null,
      text: 'Angry customer',
    });
    await waitFor(() => stream.unread().at(-1) === 1, 'the event for the new notification', 5000);
    await notify(env.server.database.db, { workspaceId: b.me.workspace.id, userIds: [b.me.user.id], kind: 'x', about: null, text: 'Not yours' });
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.unread()).toEqual([0, 1]);

    expect((await a.client.post('/api/notifications/read-all')).status).toBe(204);
    await waitFor(() => stream.unread().at(-1) === 0, 'the count after read-all', 5000);
    await stream.close();
  });

  it('a real notification (an expectation missed) reaches the stream; guests may listen for their own; strangers get 401', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const guest = await inviteGuest(env.server.url, a.client, c.id, 'viewer');
    const mine = await openStream(env.server.url, a.client.cookie);
    const theirs = await openStream(env.server.url, guest.client.cookie);
    expect(theirs.status).toBe(200);
    await waitFor(() => mine.unread().length === 1 && theirs.unread().length === 1, 'first counts');
    await a.client.post(`/api/cases/${c.id}/expectations`, { text: 'Send the fix', dueAt: new Date(Date.now() - 60_000).toISOString() });
    await waitFor(() => mine.unread().at(-1) === 1, 'the missed promise to be announced', 8000);
    expect(theirs.unread()).toEqual([0]);
    await mine.close();
    await theirs.close();
    const res = await fetch(`${env.server.url}/api/notifications/stream`);
    expect(res.status).toBe(401);
  });

  it('[N1.3] the stream ends when its session signs out, and when the person is removed from the workspace', async () => {
    const a = await signUp(env.server.url);
    const b = await inviteMember(env.server.url, a.client);
    const mine = await openStream(env.server.url, a.client.cookie);
    const theirs = await openStream(env.server.url, b.client.cookie);
    await waitFor(() => mine.unread().length === 1 && theirs.unread().length === 1, 'first counts');
    const timeout = (ms: number) => new Promise<'open'>((r) => setTimeout(() => r('open'), ms));
    expect((await a.client.post('/api/auth/logout')).status).toBe(204);
    expect(await Promise.race([mine.ended.then(() => 'ended' as const), timeout(6000)])).toBe('ended');
    expect(await Promise.race([theirs.ended.then(() => 'ended' as const), timeout(500)])).toBe('open');
    const owner = new Client(env.server.url);
    const login = await owner.post('/api/auth/login', { email: a.me.user.email, password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect((await owner.delete(`/api/workspace/members/${b.me.user.id}`)).status).toBe(204);
    expect(await Promise.race([theirs.ended.then(() => 'ended' as const), timeout(6000)])).toBe('ended');
  });
});

describe.runIf(Boolean(adminDatabaseUrl))('live notification stream across nodes', () => {
  it('[N1.2] a notification written on one node reaches a stream open on another (no Redis needed)', async () => {
    const storage = await freshStorage('postgres');
    const one = await startNode(storage);
    const two = await startNode(storage);
    try {
      const a = await signUp(one.url);
      const stream = await openStream(two.url, a.client.cookie);
      await waitFor(() => stream.unread().length === 1, 'first count');
      await notify(one.database.db, { workspaceId: a.me.workspace.id, userIds: [a.me.user.id], kind: 'x', about: null, text: 'Written on node one' });
      await waitFor(() => stream.unread().at(-1) === 1, 'node two to announce it', 8000);
      await stream.close();
    } finally {
      await one.close();
      await two.close();
      await storage.drop();
    }
  });
});
