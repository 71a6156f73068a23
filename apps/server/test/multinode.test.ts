import { execFileSync } from 'node:child_process';
import { docName, planFragment, readFields, writeFields } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisBus } from '../src/sync/bus.js';
import {
  adminDatabaseUrl,
  Client,
  connect,
  createCase,
  freshStorage,
  inviteMember,
  rawSocket,
  signUp,
  startNode,
  synced,
  waitFor,
  addParagraph,
} from './helpers.js';

/** Several nodes need one SECRET_KEY (DESIGN §7). */
const testSecretKey = 'a'.repeat(64);

/**
 * Several nodes over one PostgreSQL and one Redis (issue 6). Needs both:
 * TEST_DATABASE_URL, and TEST_REDIS_URL (.ci/run sets both).
 */
const redisUrl = process.env.TEST_REDIS_URL;
const ready = Boolean(adminDatabaseUrl && redisUrl);
if (!ready) console.warn('TEST_DATABASE_URL or TEST_REDIS_URL is not set: the several-nodes suite does not run');

describe.runIf(ready)('several nodes through Redis', () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let nodes: Array<Awaited<ReturnType<typeof startNode>>>;
  beforeAll(async () => {
    storage = await freshStorage('postgres');
    const env = { REDIS_URL: redisUrl ?? '', SECRET_KEY: testSecretKey };
    nodes = [await startNode(storage, env), await startNode(storage, env)];
  });
  afterAll(async () => {
    for (const n of nodes ?? []) await n.close();
    await storage?.drop();
  });

  it('[S9.1] two clients on two nodes co-edit live, both ways, and see each other', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const a = await signUp(one.url);
    const c = await createCase(a.client, { title: 'Across nodes' });
    const name = docName(c.id, 'team');
    const A = connect(one.url, name, { cookie: a.client.cookie });
    const B = connect(two.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    expect(readFields(B.doc).title).toBe('Across nodes');
    addParagraph(A.doc, 'typed on node one');
    await waitFor(() => planFragment(B.doc).toString().includes('typed on node one'), 'B on node two to see A');
    writeFields(B.doc, { stage: 'proposal' });
    await waitFor(() => readFields(A.doc).stage === 'proposal', 'A on node one to see B');
    A.provider.awareness.setLocalStateField('user', { name: 'Ann' });
    await waitFor(() => B.provider.awareness.getStates().has(A.doc.clientID), 'awareness across nodes');
    // [issue 16.4] Node two measured how long node one's messages took through Redis.
    const metrics = await (await fetch(`${two.url}/metrics`)).text();
    expect(Number(/^casehub_bus_lag_seconds_count (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[issue 14.5] sign-in limits hold across nodes: five wrong passwords on one node, the sixth try on the other is refused', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const { me } = await signUp(one.url, { password: 'the real passphrase' });
    for (let i = 0; i < 5; i++) {
      expect((await new Client(one.url).post('/api/auth/login', { email: me.user.email, password: `guess ${i}` })).status).toBe(401);
    }
    const elsewhere = await new Client(two.url).post('/api/auth/login', { email: me.user.email, password: 'the real passphrase' });
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body.error.message).toMatch(/Too many sign-in attempts/);
  });

  it('[S9.3] a sign-out, a removal from a case and a role change made on one node reach the sockets on the other at once', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const owner = await signUp(one.url);
    const member = await inviteMember(one.url, owner.client);
    const c = await createCase(owner.client, { private: true });
    await owner.client.post(`/api/cases/${c.id}/members`, { userId: member.me.user.id, access: 'editor' });
    const onTwo = (cookie: string) => rawSocket(`${two.url.replace('http', 'ws')}/sync/${docName(c.id, 'team')}`, { cookie });

    // Taken off the case on node one: the socket on node two closes (4403).
    const removed = onTwo(member.client.cookie);
    expect(await removed.opened).toBe(true);
    expect((await owner.client.delete(`/api/cases/${c.id}/members/${member.me.user.id}`)).status).toBe(204);
    expect((await removed.closed).code).toBe(4403);

    // A new role on node one: the socket on node two closes with 4000, to be reopened under it (access remains).
    const open = await createCase(owner.client);
    const colleague = await inviteMember(one.url, owner.client);
    const theirs = rawSocket(`${two.url.replace('http', 'ws')}/sync/${docName(open.id, 'team')}`, { cookie: colleague.client.cookie });
    expect(await theirs.opened).toBe(true);
    expect((await owner.client.patch(`/api/workspace/members/${colleague.me.user.id}`, { role: 'admin' })).status).toBeLessThan(300);
    expect((await theirs.closed).code).toBe(4000);

    // Signed out on node one: that session's socket on node two closes (4401).
    const own = onTwo(owner.client.cookie);
    expect(await own.opened).toBe(true);
    expect((await owner.client.post('/api/auth/logout')).status).toBe(204);
    expect((await own.closed).code).toBe(4401);
  });

  it('[S9.2] a node that drops pub/sub messages converges anyway', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const a = await signUp(one.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(one.url, name, { cookie: a.client.cookie });
    const B = connect(two.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    (two.bus as RedisBus).dropIncoming(3);
    for (const word of ['alpha', 'bravo', 'charlie']) {
      addParagraph(A.doc, word);
      await new Promise((r) => setTimeout(r, 30));
    }
    // Every one of the three messages was dropped: only the heartbeat tells node two.
    await waitFor(() => ['alpha', 'bravo', 'charlie'].every((w) => planFragment(B.doc).toString().includes(w)), 'convergence after drops');
    // Mid-stream: node two has heard from node one; two lost messages, then one arrives with a gap.
    (two.bus as RedisBus).dropIncoming(2);
    for (const word of ['delta', 'echo', 'foxtrot']) addParagraph(A.doc, word);
    await waitFor(() => ['delta', 'echo', 'foxtrot'].every((w) => planFragment(B.doc).toString().includes(w)), 'convergence after a gap');
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[S9.2] a node whose Redis connection was cut catches up when it comes back', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const a = await signUp(one.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(one.url, name, { cookie: a.client.cookie });
    const B = connect(two.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    const url = new URL(redisUrl ?? '');
    // Cut every pub/sub connection (both nodes'), as a Redis restart would.
    execFileSync('redis-cli', ['-h', url.hostname, '-p', url.port || '6379', 'client', 'kill', 'type', 'pubsub']);
    addParagraph(A.doc, 'written while Redis was away');
    await waitFor(() => planFragment(B.doc).toString().includes('written while Redis was away'), 'catch-up after reconnect', 15_000);
    A.provider.destroy();
    B.provider.destroy();
  });
});
