import { docName, planFragment, readFields, writeFields } from '@casehub/case-document';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDatabaseUrl, addParagraph, Client, connect, createCase, freshStorage, signUp, startNode, synced, waitFor } from './helpers.js';

/** Several nodes need one SECRET_KEY (DESIGN §7). */
const testSecretKey = 'a'.repeat(64);
const redisUrl = process.env.TEST_REDIS_URL;
const ready = Boolean(adminDatabaseUrl && redisUrl);
if (!ready) console.warn('TEST_DATABASE_URL or TEST_REDIS_URL is not set: the sharded fan-out suite does not run');

const nodeCount = 3;
const docCount = 300;

type BusCounts = { published: number; received: number; subscribed: number };

/** What a node's /metrics says about its Redis bus. */
async function busCounts(url: string): Promise<BusCounts> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (pattern: RegExp): number => {
    const match = pattern.exec(text);
    if (!match?.[1]) throw new Error(`/metrics of ${url} lacks ${pattern}`);
    return Number(match[1]);
  };
  return {
    published: value(/^casehub_bus_messages_total\{direction="published"\} (\d+)$/m),
    received: value(/^casehub_bus_messages_total\{direction="received"\} (\d+)$/m),
    subscribed: value(/^casehub_bus_documents_subscribed (\d+)$/m),
  };
}

const minus = (after: BusCounts, before: BusCounts | undefined = { published: 0, received: 0, subscribed: 0 }): BusCounts => ({
  published: after.published - before.published,
  received: after.received - before.received,
  subscribed: after.subscribed,
});

/**
 * [issue 18] Sharded fan-out: with REDIS_URL a node listens only to the
 * documents it has loaded (SSUBSCRIBE when it opens one, SUNSUBSCRIBE when it
 * unloads it), so it receives their traffic and no other document's.
 */
describe.runIf(ready)('several nodes, sharded pub/sub', () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let nodes: Array<Awaited<ReturnType<typeof startNode>>>;
  let redis: Redis;
  let owner: Client;
  /** Clients still open when a test fails, closed before the nodes. */
  const open: Array<ReturnType<typeof connect>> = [];
  beforeAll(async () => {
    storage = await freshStorage('postgres');
    // One person holds every document's socket here (100 per node).
    const env = { REDIS_URL: redisUrl ?? '', SECRET_KEY: testSecretKey, MAX_SOCKETS_PER_USER: '1000' };
    nodes = [];
    for (let i = 0; i < nodeCount; i++) nodes.push(await startNode(storage, env));
    redis = new Redis(redisUrl ?? '');
    owner = (await signUp(nodeUrl(0))).client;
  });
  afterAll(async () => {
    for (const c of open) c.provider.destroy();
    redis?.disconnect();
    for (const n of nodes ?? []) await n.close();
    await storage?.drop();
  });

  const nodeUrl = (i: number): string => {
    const node = nodes[i % nodeCount];
    if (!node) throw new Error(`no node ${i % nodeCount}`);
    return node.url;
  };
  /** Who listens to a document's shard channel, as Redis sees it. */
  const listeners = async (name: string): Promise<number> => {
    const reply = (await redis.call('PUBSUB', 'SHARDNUMSUB', `casehub:doc:${name}`)) as [string, number];
    return Number(reply[1]);
  };

  it(`[S9.7] ${docCount} documents spread over ${nodeCount} nodes: each node receives its own documents' messages, not every document's`, async () => {
    // Case i is created and then opened on node i mod 3, so each document lives on one node.
    const names: string[] = [];
    for (let batch = 0; batch < docCount; batch += 10) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, k) => createCase(new Client(nodeUrl(batch + k), owner.cookie), { title: `Doc ${batch + k}` })),
      );
      names.push(...created.map((c) => docName(c.id, 'team')));
    }
    // Creating a case may load its document for a moment: start from nodes that hold nothing and have heard
    // every message they sent back (an unloading document's last heartbeat goes out before it stops listening).
    await waitFor(
      async () => (await Promise.all(nodes.map((n) => busCounts(n.url)))).every((c) => c.subscribed === 0 && c.received === c.published),
      'creation loads to unload',
    );
    const before = await Promise.all(nodes.map((n) => busCounts(n.url)));

    const clients = names.map((name, i) => connect(nodeUrl(i), name, { cookie: owner.cookie }));
    open.push(...clients);
    await Promise.all(clients.map((c) => synced(c.provider, 60_000)));
    clients.forEach((c, i) => writeFields(c.doc, { stage: `written ${i}` }));
    for (const n of nodes) await waitFor(async () => (await busCounts(n.url)).subscribed === docCount / nodeCount, 'each node to serve its share');
    // Every message a node published comes back to it (it listens to its own documents), and nothing else does:
    // once the echoes are in (heartbeats trail the last edit by a second), what it received is what it published.
    // A node listening to other nodes' documents would stay above its own count for good.
    const traffic = await waitFor(
      async () => {
        const now = await Promise.all(nodes.map(async (n, i) => minus(await busCounts(n.url), before[i])));
        return now.every((c) => c.published >= (2 * docCount) / nodeCount && c.received === c.published) ? now : undefined;
      },
      "each node to receive exactly its own documents' messages",
      60_000,
    );
    const everyDocument = traffic.reduce((sum, c) => sum + c.published, 0);
    // Its share, where listening to every document would have meant hearing all of it.
    for (const c of traffic) expect(c.received).toBeLessThan(everyDocument / 2);
    // Redis agrees: one listener per document, the node that serves it.
    for (const name of names.slice(0, 30)) expect(await listeners(name)).toBe(1);

    // The last client leaves: the node unloads the document and stops listening to it.
    for (const c of clients) c.provider.destroy();
    for (const n of nodes) await waitFor(async () => (await busCounts(n.url)).subscribed === 0, 'unloads to unsubscribe', 30_000);
    for (const name of names.slice(0, 30)) expect(await listeners(name)).toBe(0);
  }, 240_000);

  it('[S9.1] [S9.7] a document open on two nodes converges both ways, awareness included; the third node hears none of it', async () => {
    const c = await createCase(owner, { title: 'On two nodes' });
    const name = docName(c.id, 'team');
    await waitFor(async () => (await busCounts(nodeUrl(0))).subscribed === 0, 'the creation load to unload');
    const third = await busCounts(nodeUrl(2));
    const A = connect(nodeUrl(0), name, { cookie: owner.cookie });
    const B = connect(nodeUrl(1), name, { cookie: owner.cookie });
    open.push(A, B);
    await Promise.all([synced(A.provider), synced(B.provider)]);
    expect(await listeners(name)).toBe(2);
    expect(readFields(B.doc).title).toBe('On two nodes');
    addParagraph(A.doc, 'typed on node one');
    await waitFor(() => planFragment(B.doc).toString().includes('typed on node one'), 'B on node two to see A');
    writeFields(B.doc, { stage: 'proposal' });
    await waitFor(() => readFields(A.doc).stage === 'proposal', 'A on node one to see B');
    B.provider.awareness.setLocalStateField('user', { name: 'Bea' });
    await waitFor(() => A.provider.awareness.getStates().has(B.doc.clientID), 'awareness from node two to node one');
    const thirdAfter = minus(await busCounts(nodeUrl(2)), third);
    expect(thirdAfter.received).toBe(0);
    expect(thirdAfter.subscribed).toBe(0);
    A.provider.destroy();
    B.provider.destroy();
    await waitFor(async () => (await listeners(name)) === 0, 'both nodes to stop listening', 30_000);
  });
});
