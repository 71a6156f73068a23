/**
 * [issue 18] Messages received per node over Redis, with documents spread
 * across nodes.
 *
 * Part 1, Casehub: 3 server processes on one PostgreSQL and one Redis,
 * 300 documents, each opened by one client on one node (100 per node), each
 * client writing BENCH_EDITS edits. Each node's /metrics says how many bus
 * messages it published and received. A node that listened to every
 * document would receive what all nodes published; with sharded pub/sub it
 * receives its own documents' messages only.
 *
 * Part 2, Redis alone (needs redis-server and redis-cli): a 3-master Redis
 * Cluster on this machine, 3 subscribers standing for 3 nodes with 100
 * channels each, the same message count published once with classic
 * SUBSCRIBE/PUBLISH and once with SSUBSCRIBE/SPUBLISH. Classic pub/sub copies
 * every message to every master over the cluster bus; sharded keeps it on
 * the master that owns the channel's slot. Reported per master. Then part 1
 * again with Casehub's nodes on that cluster (REDIS_CLUSTER=true).
 *
 * Appends a section to RESULTS.md (BENCH_DRY=1: print only). Needs
 * TEST_DATABASE_URL and TEST_REDIS_URL for part 1.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import { docName, writeFields } from '@casehub/case-document';
import { Cluster } from 'ioredis';
import { Client, connect, createCase, freshStorage, signUp, synced, waitFor } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy, type ServerProcess } from '../apps/server/test/process.js';
import { canStartRedisCluster, startRedisCluster, type RedisCluster } from '../apps/server/test/redis-cluster.js';

const nodeCount = 3;
const docCount = Number(process.env.BENCH_DOCS ?? 300);
const editsPerDoc = Number(process.env.BENCH_EDITS ?? 10);
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};

type BusCounts = { published: number; received: number; subscribed: number };

async function busCounts(url: string): Promise<BusCounts> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  return {
    published: value(/^casehub_bus_messages_total\{direction="published"\} (\d+)$/m),
    received: value(/^casehub_bus_messages_total\{direction="received"\} (\d+)$/m),
    subscribed: value(/^casehub_bus_documents_subscribed (\d+)$/m),
  };
}

/** With `cluster`, the nodes meet on that Redis Cluster (REDIS_CLUSTER=true) instead of `redisUrl`. */
async function casehubNodes(databaseUrl: string, redisUrl: string, cluster?: RedisCluster): Promise<void> {
  const storage = await freshStorage('postgres');
  const procs: ServerProcess[] = [];
  try {
    for (let i = 0; i < nodeCount; i++) {
      const port = String(await freePort());
      procs.push(
        spawnServer({
          PORT: port,
          HOST: '127.0.0.1',
          DATA_DIR: `${storage.dataDir}/node-${i}`,
          DATABASE_URL: storage.databaseUrl ?? databaseUrl,
          REDIS_URL: cluster?.url ?? redisUrl,
          REDIS_CLUSTER: cluster ? 'true' : 'false',
          SECRET_KEY: 'b'.repeat(64),
          MAX_SOCKETS_PER_USER: '10000',
          DOC_UNLOAD_GRACE_MS: '200',
        }),
      );
    }
    await Promise.all(procs.map((p) => waitHealthy(p.url)));
    const url = (i: number) => procs[i % nodeCount]?.url ?? '';
    const owner = (await signUp(url(0))).client;
    const names: string[] = [];
    for (let batch = 0; batch < docCount; batch += 10) {
      const created = await Promise.all(
        Array.from({ length: Math.min(10, docCount - batch) }, (_, k) => createCase(new Client(url(batch + k), owner.cookie), { title: `Doc ${batch + k}` })),
      );
      names.push(...created.map((c) => docName(c.id, 'team')));
    }
    await waitFor(
      async () => (await Promise.all(procs.map((p) => busCounts(p.url)))).every((c) => c.subscribed === 0 && c.received === c.published),
      'creation loads to unload',
      30_000,
    );
    const before = await Promise.all(procs.map((p) => busCounts(p.url)));
    const mastersBefore = cluster?.masters.map((m) => masterLoad(m.port));
    const clients = names.map((name, i) => connect(url(i), name, { cookie: owner.cookie }));
    await Promise.all(clients.map((c) => synced(c.provider, 120_000)));
    for (let e = 0; e < editsPerDoc; e++) {
      clients.forEach((c, i) => writeFields(c.doc, { stage: `edit ${e} of doc ${i}` }));
      await new Promise((r) => setTimeout(r, 100));
    }
    // Quiet: heartbeats trail the last message by a second; then every node has its echoes.
    const after = await waitFor(
      async () => {
        const now = await Promise.all(procs.map((p) => busCounts(p.url)));
        return now.every((c, i) => c.received - (before[i]?.received ?? 0) >= c.published - (before[i]?.published ?? 0)) ? now : undefined;
      },
      'echoes',
      60_000,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const settled = await Promise.all(procs.map((p) => busCounts(p.url)));
    const delta = settled.map((c, i) => ({
      published: c.published - (before[i]?.published ?? 0),
      received: c.received - (before[i]?.received ?? 0),
      subscribed: after[i]?.subscribed ?? NaN,
    }));
    const everyDocument = delta.reduce((sum, c) => sum + c.published, 0);
    const mastersAfter = cluster?.masters.map((m) => masterLoad(m.port));
    out(
      `\n### Casehub: ${nodeCount} nodes${cluster ? ` on a ${cluster.masters.length}-master Redis Cluster (REDIS_CLUSTER=true)` : ''}, ${docCount} documents (one client each, on one node), ${editsPerDoc} edits per document\n`,
    );
    out('| node | documents subscribed | messages published | messages received | if it heard every document | received ÷ every document |');
    out('| --- | --: | --: | --: | --: | --: |');
    delta.forEach((c, i) =>
      out(`| ${i + 1} | ${c.subscribed} | ${c.published} | ${c.received} | ${everyDocument} | ${((100 * c.received) / everyDocument).toFixed(1)} % |`),
    );
    if (mastersBefore && mastersAfter) {
      const perMaster = (pick: (l: MasterLoad) => number) => mastersAfter.map((l, i) => pick(l) - pick(mastersBefore[i] ?? l)).join(' / ');
      out(`\nPer master: publishes it took ${perMaster((l) => l.publishedHere)}; messages it got over the cluster bus ${perMaster((l) => l.viaClusterBus)}.`);
    }
    for (const c of clients) c.provider.destroy();
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await storage.drop();
  }
}

function info(port: number, section: string): Record<string, string> {
  const text = spawnSync('redis-cli', ['-p', String(port), ...(section === 'cluster' ? ['cluster', 'info'] : ['info', section])]).stdout?.toString() ?? '';
  return Object.fromEntries(text.split(/\r?\n/).flatMap((l) => (l.includes(':') ? [l.split(':', 2) as [string, string]] : [])));
}

type MasterLoad = { publishedHere: number; viaClusterBus: number; cpuSeconds: number };

function masterLoad(port: number): MasterLoad {
  const cluster = info(port, 'cluster');
  const stats = info(port, 'commandstats');
  const cpu = info(port, 'cpu');
  const calls = (cmd: string) => Number(/calls=(\d+)/.exec(stats[`cmdstat_${cmd}`] ?? '')?.[1] ?? 0);
  return {
    publishedHere: calls('publish') + calls('spublish'),
    viaClusterBus: Number(cluster.cluster_stats_messages_publish_received ?? 0) + Number(cluster.cluster_stats_messages_publishshard_received ?? 0),
    cpuSeconds: Number(cpu.used_cpu_sys ?? 0) + Number(cpu.used_cpu_user ?? 0),
  };
}

/** One mode on the running cluster: subscribers for 3 nodes, then every document's messages published once. */
async function clusterRound(masters: RedisCluster['masters'], sharded: boolean, channels: string[][], messagesPerChannel: number) {
  const startup = masters.map((m) => ({ host: '127.0.0.1', port: m.port }));
  const received = channels.map(() => 0);
  const subscribers = channels.map((mine, i) => {
    const sub = new Cluster(startup, { shardedSubscribers: sharded });
    sub.on(sharded ? 'smessageBuffer' : 'messageBuffer', () => (received[i] = (received[i] ?? 0) + 1));
    return { sub, mine };
  });
  for (const { sub, mine } of subscribers) {
    for (const channel of mine) await (sharded ? sub.ssubscribe(channel) : sub.subscribe(channel));
  }
  const pub = new Cluster(startup);
  await pub.ping();
  const before = masters.map((m) => masterLoad(m.port));
  const payload = Buffer.alloc(120, 1);
  const all = channels.flat();
  const started = performance.now();
  for (let k = 0; k < messagesPerChannel; k++) {
    await Promise.all(all.map((channel) => (sharded ? pub.spublish(channel, payload) : pub.publish(channel, payload))));
  }
  const total = all.length * messagesPerChannel;
  await waitFor(() => received.reduce((a, b) => a + b, 0) >= total, 'every subscriber to receive its messages', 60_000);
  const elapsed = performance.now() - started;
  const load = masters.map((m, i) => {
    const now = masterLoad(m.port);
    const was = before[i] as MasterLoad;
    return {
      publishedHere: now.publishedHere - was.publishedHere,
      viaClusterBus: now.viaClusterBus - was.viaClusterBus,
      cpuSeconds: now.cpuSeconds - was.cpuSeconds,
    };
  });
  pub.disconnect();
  for (const { sub } of subscribers) sub.disconnect();
  return { received, load, total, elapsed };
}

async function redisCluster(): Promise<void> {
  if (!canStartRedisCluster()) {
    out('\n(redis-server not found: the Redis Cluster part did not run)');
    return;
  }
  const cluster = await startRedisCluster(nodeCount);
  const { masters } = cluster;
  try {
    const channels = Array.from({ length: nodeCount }, (_, n) =>
      Array.from({ length: docCount / nodeCount }, (_, d) => `casehub:doc:cases/bench-${n}-${d}/team`),
    );
    const messagesPerChannel = editsPerDoc + 2;
    out(
      `\n### Redis Cluster alone: ${nodeCount} masters, ${docCount} channels (${docCount / nodeCount} per subscriber, one subscriber per node), ${messagesPerChannel} messages of 120 bytes per channel\n`,
    );
    out(
      '| mode | subscriber messages received (per node) | master: PUBLISH/SPUBLISH it took from clients | master: messages it got over the cluster bus | master CPU, s | wall time, ms |',
    );
    out('| --- | --- | --- | --- | --- | --: |');
    for (const sharded of [false, true]) {
      const r = await clusterRound(masters, sharded, channels, messagesPerChannel);
      out(
        `| ${sharded ? 'sharded (SSUBSCRIBE/SPUBLISH)' : 'classic (SUBSCRIBE/PUBLISH)'} | ${r.received.join(' / ')} of ${r.total} | ${r.load.map((l) => l.publishedHere).join(' / ')} | ${r.load.map((l) => l.viaClusterBus).join(' / ')} | ${r.load.map((l) => l.cpuSeconds.toFixed(2)).join(' / ')} | ${r.elapsed.toFixed(0)} |`,
      );
    }
    if (databaseUrl && redisUrl) await casehubNodes(databaseUrl, redisUrl, cluster);
  } finally {
    await cluster.stop();
  }
}

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const cpu = os.cpus();
out(
  `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — sharded pub/sub, messages per node (bench/sharded-bus.ts), ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${spawnSync('redis-server', ['--version']).stdout?.toString().trim().split(' ').slice(0, 3).join(' ')}`,
);
if (databaseUrl && redisUrl) await casehubNodes(databaseUrl, redisUrl);
else out('\n(TEST_DATABASE_URL and TEST_REDIS_URL not both set: the Casehub part did not run)');
await redisCluster();
if (process.env.BENCH_DRY !== '1') appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
process.exit(0);
