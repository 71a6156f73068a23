/**
 * Issue 18: `/api/health` during a 1,000-client reconnect storm.
 *
 * The server runs in its own process; the thousand raw sync clients run in
 * this one (each retrying every 500 ms in lockstep after a SIGKILL and a
 * restart); the health probe runs in a third process, so its timings are
 * neither this process's event loop (busy with a thousand clients) nor the
 * server's alone, but what a load balancer's probe would see. The probe asks
 * every 50 ms from the moment the restarted server answers until every
 * client is synced again. Nothing asserts a time; the section is appended to
 * bench/RESULTS.md.
 *
 *   npx tsx storm-health.ts     (from bench/; STORM_CLIENTS, TEST_DATABASE_URL, BENCH_DRY=1)
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import { backends, freshStorage, waitFor } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy, type ServerProcess } from '../apps/server/test/process.js';
import { connectStormClients, stormEnv, type RawClient } from '../apps/server/test/raw-sync-client.js';
import { stats } from './peers/measure.js';

const clientCount = Number(process.env.STORM_CLIENTS ?? 1000);
const docCount = 10;

/** A probe in a process of its own: one line per answer, `<epoch ms> <ms taken> <status>` (0: refused), until killed. */
const probeSource = `
const url = process.argv[1];
(async () => {
  for (;;) {
    const sent = performance.now();
    const status = await fetch(url).then((r) => r.status, () => 0);
    process.stdout.write(Date.now() + ' ' + (performance.now() - sent).toFixed(1) + ' ' + status + '\\n');
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

async function storm(backend: 'postgres' | 'pglite'): Promise<string> {
  const storage = await freshStorage(backend);
  const env = stormEnv(String(await freePort()), storage, clientCount);
  let server: ServerProcess = spawnServer(env);
  let clients: RawClient[] = [];
  try {
    await waitHealthy(server.url);
    clients = (await connectStormClients(server.url, clientCount, docCount)).clients.map(({ client }) => client);

    server.child.kill('SIGKILL');
    await server.exited;
    await waitFor(() => clients.every((c) => !c.synced), 'every client to notice', 30_000);
    // BENCH_CPU_PROF=<dir>: a CPU profile of the restarted server, written when it stops (SIGTERM at the end).
    const profile = process.env.BENCH_CPU_PROF;
    server = spawnServer(env, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
    // The probe starts with the server: clients get in as soon as it listens, before a first health check could.
    const probe = spawn(process.execPath, ['-e', probeSource, `${server.url}/api/health`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let probeOut = '';
    probe.stdout.on('data', (d: Buffer) => (probeOut += d.toString()));
    await waitFor(() => clients.every((c) => c.synced), 'every client to be synced again', 180_000);
    const syncedAt = Date.now();
    probe.kill('SIGKILL');
    const lines = probeOut
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ').map(Number) as [number, number, number]);
    // From the first answer on (before it the port was closed), while clients were still coming back.
    const firstOk = lines.findIndex(([, , status]) => status !== 0);
    const upAt = lines[firstOk]?.[0] ?? syncedAt;
    const answers = lines
      .slice(Math.max(0, firstOk))
      .filter(([at]) => at <= syncedAt)
      .map(([, ms, status]): [number, number] => [ms, status]);
    const allSyncedMs = syncedAt - upAt;
    const ok = answers.filter(([, status]) => status === 200).length;
    const q = stats(answers.map(([ms]) => ms));
    const under100 = answers.filter(([ms]) => ms < 100).length;
    return (
      `| ${backend} | ${clientCount} | ${allSyncedMs.toFixed(0)} ms | ${ok} of ${answers.length} | ` +
      `${q.p50.toFixed(1)} | ${q.p95.toFixed(1)} | ${q.p99.toFixed(1)} | ${q.max.toFixed(1)} | ${under100} of ${answers.length} |`
    );
  } finally {
    for (const c of clients) c.stop();
    server.child.kill(process.env.BENCH_CPU_PROF ? 'SIGTERM' : 'SIGKILL');
    await server.exited;
    await storage.drop();
  }
}

const rows: string[] = [];
for (const backend of backends.includes('postgres') ? (['postgres', 'pglite'] as const) : (['pglite'] as const)) {
  const row = await storm(backend);
  console.log(row);
  rows.push(row);
}
const section = [
  '',
  `## /api/health during a reconnect storm (storm-health.ts), ${new Date().toISOString().slice(0, 16)} UTC`,
  '',
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. ` +
    `${clientCount} raw sync clients over ${docCount} documents, killed with the server (SIGKILL) and retrying every 500 ms in lockstep; ` +
    'a probe in its own process asks /api/health every 50 ms, counted from the restarted server\u2019s first answer (any status) until every client is synced. Times in ms.',
  '',
  '| database | clients | all synced after | probes answered 200 | p50 | p95 | p99 | max | under 100 ms |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
].join('\n');
if (process.env.BENCH_DRY) console.log(section);
else appendFileSync(new URL('./RESULTS.md', import.meta.url), section);
process.exit(0);
