import { docName, planFragment, readFields, writeFields } from '@casehub/case-document';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDatabaseUrl, addParagraph, Client, connect, createCase, freshStorage, rawSocket, signUp, startNode, synced, waitFor } from './helpers.js';
import { canStartRedisCluster, startRedisCluster, type RedisCluster } from './redis-cluster.js';

/** Several nodes need one SECRET_KEY (DESIGN §7). */
const testSecretKey = 'a'.repeat(64);
const ready = Boolean(adminDatabaseUrl) && canStartRedisCluster();
if (!ready) console.warn('TEST_DATABASE_URL is not set or redis-server is missing: the Redis Cluster suite does not run');

/**
 * [issue 18] Nodes over a Redis Cluster (REDIS_CLUSTER=true, REDIS_URL one of
 * its nodes): a 3-master cluster started here. Each document's channel lives
 * on the master that owns its slot, and the nodes listen there.
 */
describe.runIf(ready)('several nodes over a Redis Cluster', () => {
  let cluster: RedisCluster;
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let nodes: Array<Awaited<ReturnType<typeof startNode>>>;
  const open: Array<ReturnType<typeof connect>> = [];
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    storage = await freshStorage('postgres');
    const env = { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true', SECRET_KEY: testSecretKey };
    nodes = [await startNode(storage, env), await startNode(storage, env)];
  }, 90_000);
  afterAll(async () => {
    for (const c of open) c.provider.destroy();
    for (const n of nodes ?? []) await n.close();
    await storage?.drop();
    await cluster?.stop();
  });

  /** Listeners of a document's shard channel, per master (only the slot's owner has any). */
  const listeners = async (name: string): Promise<number[]> =>
    Promise.all(
      cluster.masters.map(async (m) => {
        const redis = new Redis(m.port, '127.0.0.1');
        try {
          const reply = (await redis.call('PUBSUB', 'SHARDNUMSUB', `casehub:doc:${name}`)) as [string, number];
          return Number(reply[1]);
        } finally {
          redis.disconnect();
        }
      }),
    );

  it("documents on masters of their own converge across nodes both ways, with presence, and each is listened to on its slot's master only", async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const { client } = await signUp(one.url);
    // Several documents, so their channels land on different masters.
    const names: string[] = [];
    for (let i = 0; i < 6; i++) names.push(docName((await createCase(client, { title: `Case ${i}` })).id, 'team'));
    const owners = new Set<number>();
    for (const name of names) {
      const A = connect(one.url, name, { cookie: client.cookie });
      const B = connect(two.url, name, { cookie: client.cookie });
      open.push(A, B);
      await Promise.all([synced(A.provider), synced(B.provider)]);
      addParagraph(A.doc, `typed on node one in ${name}`);
      await waitFor(() => planFragment(B.doc).toString().includes(`typed on node one in ${name}`), 'node two to see node one');
      writeFields(B.doc, { stage: 'proposal' });
      await waitFor(() => readFields(A.doc).stage === 'proposal', 'node one to see node two');
      A.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
      await waitFor(() => B.provider.awareness.getStates().get(A.doc.clientID)?.cursor, 'presence across nodes');
      const counts = await waitFor(async () => {
        const c = await listeners(name);
        return c.reduce((a, b) => a + b, 0) === 2 ? c : null;
      }, 'both nodes to listen to the document');
      expect(counts.filter((c) => c > 0)).toEqual([2]);
      owners.add(counts.findIndex((c) => c > 0));
    }
    expect(owners.size).toBeGreaterThan(1);
    // Access changes go on the classic channel, which the cluster carries to every node:
    // signed out on node one, that session's socket on node two closes (4401).
    const own = rawSocket(`${two.url.replace('http', 'ws')}/sync/${names[0]}`, { cookie: client.cookie });
    expect(await own.opened).toBe(true);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await own.closed).code).toBe(4401);
  });

  it('[issue 14.5] sign-in limits count across nodes through the cluster, whichever master holds the count', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    // Each person's count is a key of its own, on the master that owns its slot: several people reach several masters.
    for (let person = 0; person < 4; person++) {
      const { me } = await signUp(one.url, { password: 'the real passphrase' });
      for (let i = 0; i < 5; i++) {
        expect((await new Client(one.url).post('/api/auth/login', { email: me.user.email, password: `guess ${i}` })).status).toBe(401);
      }
      const elsewhere = await new Client(two.url).post('/api/auth/login', { email: me.user.email, password: 'the real passphrase' });
      expect(elsewhere.status).toBe(429);
    }
  });
});
