/**
 * Where the memory of a loaded document goes in our server (issue 6). Starts
 * the server with `--heapsnapshot-signal`, then takes three V8 heap snapshots:
 *  0. nothing connected;
 *  1. N clients on one document (the cost of N connections);
 *  2. one client on each of N documents, each holding the same small
 *     content (20 map keys, 1 KiB of text) (N connections and N documents).
 * (2 − 1) ÷ (N − 1) is what one more loaded document costs beyond its socket;
 * it is broken down by constructor. RSS is read from /proc beside each
 * snapshot (a snapshot forces a full GC first, so the RSS is after GC too).
 *
 * Usage: tsx doc-memory.ts [postgres|pglite] (postgres needs TEST_DATABASE_URL).
 * BENCH_DOCS (default 200). Prints a Markdown section; BENCH_DRY=1 does not
 * append it to RESULTS.md.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docName } from '@casehub/case-document';
import { connect, createCase, freshStorage, signUp, synced } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';
import { f, MiB, procStatus, sleep } from './peers/measure.js';

const backend = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const N = Number(process.env.BENCH_DOCS ?? 200);
process.setMaxListeners(0);

const snapDir = mkdtempSync(path.join(os.tmpdir(), 'bench-heap-'));
const storage = await freshStorage(backend);
const port = String(await freePort());
const server = spawnServer({
  PORT: port,
  HOST: '127.0.0.1',
  DATA_DIR: storage.dataDir,
  // One person opens every socket of the run.
  MAX_SOCKETS_PER_USER: String(N * 4),
  ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
  NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapDir}`,
});
await waitHealthy(server.url);
const pid = server.child.pid ?? 0;
const { client } = await signUp(server.url);
const names: string[] = [];
for (let i = 0; i < N; i++) names.push(docName((await createCase(client)).id, 'team'));

type Snapshot = {
  rss: number;
  heap: number;
  byName: Map<string, { size: number; count: number }>;
};

/** Signals the server, waits for the file to stop growing, sums self sizes per constructor. */
async function snapshot(): Promise<Snapshot> {
  const before = new Set(readdirSync(snapDir));
  server.child.kill('SIGUSR2');
  let file = '';
  for (let last = -1; ;) {
    await sleep(500);
    file = readdirSync(snapDir).find((x) => !before.has(x)) ?? '';
    if (!file) continue;
    const size = statSync(path.join(snapDir, file)).size;
    if (size > 0 && size === last) break;
    last = size;
  }
  const rss = procStatus(pid, 'VmRSS');
  const snap = JSON.parse(readFileSync(path.join(snapDir, file), 'utf8'));
  rmSync(path.join(snapDir, file));
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((x) => fields.indexOf(x));
  const nodes: number[] = snap.nodes;
  const strings: string[] = snap.strings;
  const byName = new Map<string, { size: number; count: number }>();
  let heap = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + (iType ?? 0)] ?? 0] ?? '?';
    const size = nodes[i + (iSize ?? 0)] ?? 0;
    const key =
      type === 'object' || type === 'closure' || type === 'native'
        ? `${strings[nodes[i + (iName ?? 0)] ?? 0] ?? '?'}${type === 'object' ? '' : ` (${type})`}`
        : `(${type})`;
    const e = byName.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count += 1;
    byName.set(key, e);
    heap += size;
  }
  return { rss, heap, byName };
}

const s0 = await snapshot();
const first = names[0] ?? '';
const many = Array.from({ length: N }, () => connect(server.url, first, { cookie: client.cookie }));
await Promise.all(many.map((c) => synced(c.provider, 60_000)));
await sleep(2000);
const s1 = await snapshot();
const one = names.map((n) => connect(server.url, n, { cookie: client.cookie }));
await Promise.all(one.map((c) => synced(c.provider, 60_000)));
for (const c of many) c.provider.destroy();
for (const c of one)
  c.doc.transact(() => {
    const map = c.doc.getMap('bench');
    for (let k = 0; k < 20; k++) map.set(`k${k}`, k);
    c.doc.getText('note').insert(0, 'y'.repeat(1024));
  });
await sleep(3000);
const s2 = await snapshot();
for (const c of one) c.provider.destroy();
server.child.kill('SIGTERM');
await server.exited;
await storage.drop();
rmSync(snapDir, { recursive: true, force: true });

const diff = (a: Snapshot, b: Snapshot) => {
  const keys = new Set([...a.byName.keys(), ...b.byName.keys()]);
  return [...keys]
    .map((k) => ({
      k,
      size: (b.byName.get(k)?.size ?? 0) - (a.byName.get(k)?.size ?? 0),
      count: (b.byName.get(k)?.count ?? 0) - (a.byName.get(k)?.count ?? 0),
    }))
    .sort((x, y) => y.size - x.size);
};
const perDoc = diff(s1, s2);
const perConn = diff(s0, s1);
const lines: string[] = [];
const out = (s = '') => lines.push(s);
out(
  `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — memory per loaded document, ours (${backend}) (bench/doc-memory.ts), Node ${process.version}`,
);
out();
out(
  `Heap snapshots of the server after a full GC: nothing connected; ${N} clients on one document; one client on each of ${N} documents (20 map keys and 1 KiB of text each, the team document of a new case underneath).`,
);
out();
out('| state | RSS | V8 heap (sum of self sizes) |');
out('| --- | --- | --- |');
out(`| nothing connected | ${MiB(s0.rss)} MiB | ${MiB(s0.heap)} MiB |`);
out(`| ${N} clients on 1 document | ${MiB(s1.rss)} MiB | ${MiB(s1.heap)} MiB |`);
out(`| 1 client on each of ${N} documents | ${MiB(s2.rss)} MiB | ${MiB(s2.heap)} MiB |`);
out();
out(
  `Per connection: heap ${f((s1.heap - s0.heap) / N / 1024, 1)} KiB, RSS ${f((s1.rss - s0.rss) / N / 1024, 1)} KiB. ` +
    `Per loaded document beyond its connection: heap ${f((s2.heap - s1.heap) / (N - 1) / 1024, 1)} KiB, RSS ${f((s2.rss - s1.rss) / (N - 1) / 1024, 1)} KiB.`,
);
out();
out(`Where one more loaded document's heap goes (top 15, per document; count = objects per document):`);
out();
out('| constructor / kind | bytes per document | count per document |');
out('| --- | --- | --- |');
for (const e of perDoc.slice(0, 15)) out(`| ${e.k.replace(/\|/g, '\\|').slice(0, 60)} | ${f(e.size / (N - 1), 0)} | ${f(e.count / (N - 1), 1)} |`);
out();
out(`Where one more connection's heap goes (top 8, per connection):`);
out();
out('| constructor / kind | bytes per connection | count per connection |');
out('| --- | --- | --- |');
for (const e of perConn.slice(0, 8)) out(`| ${e.k.replace(/\|/g, '\\|').slice(0, 60)} | ${f(e.size / N, 0)} | ${f(e.count / N, 1)} |`);
const text = lines.join('\n');
console.log(text);
if (process.env.BENCH_DRY !== '1') appendFileSync(new URL('./RESULTS.md', import.meta.url), `${text}\n`);
process.exit(0);
