/**
 * [issue 18] Peak resident size of the server on PGlite under a sync
 * workload, this tree against another checkout (BENCH_BASELINE, its
 * apps/server), each in its own process, alternating which goes first
 * (BENCH_REPEAT rounds). The workload: 50 cases, 2 clients each (100
 * sockets), 1 KiB of text per case, then BENCH_RATE edits/s (default 200)
 * spread over the sockets for BENCH_SECONDS (default 10), then every client
 * leaves and a fresh one opens each case again. The peak is the kernel's
 * high-water mark (VmHWM in /proc/<pid>/status), read before the server
 * stops; RSS is also sampled every 100 ms.
 * `npx tsx pglite-memory.ts` from bench/; prints a table, appends nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect, createCase, freshStorage, signUp, synced } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';
import { docName } from '@casehub/case-document';

const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const docs = 50;
type Variant = { label: string; dir: string | undefined };
const variants: Variant[] = [{ label: 'this tree', dir: undefined }];
if (process.env.BENCH_BASELINE) variants.push({ label: 'baseline', dir: path.resolve(process.env.BENCH_BASELINE) });

const statusMiB = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function run(variant: Variant): Promise<{ start: number; peak: number; end: number }> {
  const storage = await freshStorage('pglite');
  const port = String(await freePort());
  const proc = spawnServer({ PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir, MAX_SOCKETS_PER_USER: '100000' }, [], variant.dir);
  try {
    await waitHealthy(proc.url, 300_000);
    const pid = proc.child.pid ?? 0;
    const start = statusMiB(pid, 'VmRSS');
    const { client } = await signUp(proc.url);
    const names: string[] = [];
    for (let i = 0; i < docs; i++) names.push(docName((await createCase(client)).id, 'team'));
    const conns = names.flatMap((name) => [connect(proc.url, name, { cookie: client.cookie }), connect(proc.url, name, { cookie: client.cookie })]);
    await Promise.all(conns.map((c) => synced(c.provider, 120_000)));
    for (const [i, c] of conns.entries()) if (i % 2 === 0) c.doc.getText('bench').insert(0, 'x'.repeat(1024));
    let max = 0;
    const sampler = setInterval(() => (max = Math.max(max, statusMiB(pid, 'VmRSS'))), 100);
    const until = Date.now() + seconds * 1000;
    let n = 0;
    while (Date.now() < until) {
      const c = conns[n % conns.length];
      c?.doc.getText('bench').insert(0, `edit ${n} `);
      n++;
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
    for (const c of conns) c.provider.destroy();
    // Every case again, from a fresh client (loads what the log holds once the rooms have unloaded).
    await new Promise((r) => setTimeout(r, 12_000));
    for (const name of names) {
      const c = connect(proc.url, name, { cookie: client.cookie });
      await synced(c.provider, 120_000);
      c.provider.destroy();
    }
    clearInterval(sampler);
    const peak = statusMiB(pid, 'VmHWM');
    const end = statusMiB(pid, 'VmRSS');
    console.log(
      `${variant.label}: ${n} edits; RSS after start ${start.toFixed(0)} MiB, sampled max ${max.toFixed(0)}, peak (VmHWM) ${peak.toFixed(0)}, end ${end.toFixed(0)} MiB`,
    );
    return { start, peak, end };
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await storage.drop();
  }
}

const results = new Map<string, Array<{ start: number; peak: number; end: number }>>();
for (let i = 0; i < repeat; i++) {
  for (const v of i % 2 === 0 ? variants : [...variants].reverse()) results.set(v.label, [...(results.get(v.label) ?? []), await run(v)]);
}
console.log(
  `\n| server on PGlite (${docs} cases, ${docs * 2} clients, ${rate} edits/s × ${seconds} s, then every case reopened) | RSS after start | peak RSS (VmHWM) | RSS at the end |\n| --- | --- | --- | --- |`,
);
for (const [label, rs] of results) {
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `| ${label} (median of ${rs.length}) | ${med(rs.map((r) => r.start)).toFixed(0)} MiB | ${med(rs.map((r) => r.peak)).toFixed(0)} MiB | ${med(rs.map((r) => r.end)).toFixed(0)} MiB |`,
  );
}
process.exit(0);
