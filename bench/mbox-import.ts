/**
 * Issue 20.9: does an mbox import cost the same per message at the end as at
 * the start? Generates an N-message mbox from the real messages of
 * fixtures/corpus/email (every .eml, cycled, each copy with a unique
 * Message-ID), imports it into one case of a server in its own process, and
 * reports messages/second over the first and the last 10% of the messages
 * (constant cost per message: the two are close).
 *
 * Two ways, each on a fresh case:
 *  - `job`: one upload to POST /api/cases/<id>/emails/import (a job, batches
 *    of messages per document change), progress polled every 250 ms;
 *  - `per message` (baseline): each message POSTed to /api/cases/<id>/emails,
 *    one document change per message, which is what the import did before
 *    (BENCH_BASELINE_SIZES: at which sizes, default the first; empty: none).
 *
 * `npx tsx mbox-import.ts` from bench/; BENCH_SIZES (default 1000,5000),
 * TEST_DATABASE_URL to include PostgreSQL, BENCH_DRY=1 to write nothing.
 * Appends a section to bench/RESULTS.md.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCase, freshStorage, signUp, type Backend, type Client } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';

const corpus = path.resolve(import.meta.dirname, '../fixtures/corpus/email');
const sizes = (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);
// The baseline gets slower as the case grows; by default it runs at the smallest size only.
const baselineSizes = (process.env.BENCH_BASELINE_SIZES ?? String(sizes[0] ?? 1000)).split(',').map(Number);
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};

const sources = readdirSync(corpus)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((f) => readFileSync(path.join(corpus, f)).toString('latin1'));

/**
 * Message n of `total`: the corpus cycled from both ends towards the middle
 * (n mod size in the first half, (total-1-n) mod size in the second), so the
 * first and the last 10% hold the same messages and compare like with like;
 * with a Message-ID of its own.
 */
function message(n: number, total: number, run: string): string {
  const text = sources[(n < total / 2 ? n : total - 1 - n) % sources.length] ?? '';
  const id = `<bench-${run}-${n}@bench.test>`;
  return /^Message-ID:.*$/im.test(text) ? text.replace(/^Message-ID:.*$/im, `Message-ID: ${id}`) : `Message-ID: ${id}\r\n${text}`;
}

/** mboxrd: a From_ line before each message, body lines starting with (>*)From escaped. */
function mbox(n: number, run: string): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = message(i, n, run)
      .replace(/\r\n/g, '\n')
      .replace(/^(>*From )/gm, '>$1');
    parts.push(`From bench@bench.test Mon Jan  6 10:00:00 2025\n${body}${body.endsWith('\n') ? '' : '\n'}\n`);
  }
  return Buffer.from(parts.join(''), 'latin1');
}

type Sample = { t: number; done: number };

/** Messages/second between the moments `from` and `to` messages were done (linear between samples). */
function rate(samples: Sample[], from: number, to: number): number {
  const at = (count: number): number => {
    const i = samples.findIndex((s) => s.done >= count);
    const b = samples[i];
    const a = samples[i - 1];
    if (!b) return Number.NaN;
    if (!a || b.done === a.done) return b.t;
    return a.t + ((count - a.done) / (b.done - a.done)) * (b.t - a.t);
  };
  return (to - from) / ((at(to) - at(from)) / 1000);
}

async function viaJob(base: string, client: Client, n: number, run: string) {
  const kase = await createCase(client);
  const bytes = mbox(n, run);
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/mbox' }), 'bench.mbox');
  const t0 = performance.now();
  const res = await fetch(`${base}/api/cases/${kase.id}/emails/import`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  const started = (await res.json()) as { import?: { id: string } };
  if (res.status !== 202 || !started.import) throw new Error(`import answered ${res.status}`);
  // Times count from the first moment the job is seen running (the upload and the wait for a runner are not per message).
  const samples: Sample[] = [];
  let last = { state: 'queued', processed: 0, imported: 0, duplicates: 0, failed: 0 };
  let slowestHealth = 0;
  while (last.state === 'queued' || last.state === 'running') {
    await new Promise((r) => setTimeout(r, 250));
    const h0 = performance.now();
    await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
    slowestHealth = Math.max(slowestHealth, performance.now() - h0);
    last = (await client.get(`/api/cases/${kase.id}/emails/imports/${started.import.id}`)).body;
    if (samples.length === 0 && last.state === 'running') samples.push({ t: performance.now() - t0, done: 0 });
    else if (samples.length > 0) samples.push({ t: performance.now() - t0, done: last.processed });
  }
  const seconds = (performance.now() - t0) / 1000;
  return { mb: bytes.byteLength / 1024 / 1024, samples, seconds, last, slowestHealth };
}

async function perMessage(base: string, client: Client, n: number, run: string) {
  const kase = await createCase(client);
  const samples: Sample[] = [{ t: 0, done: 0 }];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/api/cases/${kase.id}/emails`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'content-type': 'message/rfc822' },
      body: Buffer.from(message(i, n, run), 'latin1'),
    });
    await res.arrayBuffer();
    samples.push({ t: performance.now() - t0, done: i + 1 });
  }
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

async function run(backend: Backend) {
  const storage = await freshStorage(backend);
  const port = String(await freePort());
  const proc = spawnServer({
    PORT: port,
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    MAX_UPLOAD_MB: '500',
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
  });
  await waitHealthy(proc.url);
  try {
    const { client } = await signUp(proc.url);
    for (const n of sizes) {
      const tenth = Math.round(n / 10);
      const job = await viaJob(proc.url, client, n, `job-${n}-${Date.now()}`);
      const first = rate(job.samples, 0, tenth);
      const second = rate(job.samples, tenth, 2 * tenth);
      const lastRate = rate(job.samples, n - tenth, n);
      out(
        `| ${backend} | job (batches) | ${n} (${job.mb.toFixed(1)} MB) | ${first.toFixed(1)} | ${second.toFixed(1)} | ${lastRate.toFixed(1)} | ${(lastRate / first).toFixed(2)} | ${(n / job.seconds).toFixed(1)} msg/s, ${job.seconds.toFixed(0)} s; ${job.last.imported} imported, ${job.last.duplicates} duplicates, ${job.last.failed} failed; slowest /api/health ${job.slowestHealth.toFixed(0)} ms |`,
      );
      if (!baselineSizes.includes(n)) continue;
      const one = await perMessage(proc.url, client, n, `one-${n}-${Date.now()}`);
      const f = rate(one.samples, 0, tenth);
      const f2 = rate(one.samples, tenth, 2 * tenth);
      const l = rate(one.samples, n - tenth, n);
      out(
        `| ${backend} | per message (one change each, the old import's path) | ${n} | ${f.toFixed(1)} | ${f2.toFixed(1)} | ${l.toFixed(1)} | ${(l / f).toFixed(2)} | ${(n / one.seconds).toFixed(1)} msg/s, ${one.seconds.toFixed(0)} s |`,
      );
    }
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await storage.drop();
  }
}

const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ');
out(
  `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — mbox import (bench/mbox-import.ts), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\n` +
    `Messages: the ${sources.length} .eml files of fixtures/corpus/email cycled from both ends (the first and last 10% hold the same messages), each copy with a unique Message-ID, in one mboxrd file. The first 10% include warming up (parser processes starting). ` +
    `Server in its own process (default settings, MAX_UPLOAD_MB=500). The machine is shared with other work and noisy (load average at the start: ${load}): compare within a run.\n\n` +
    '| backend | how | messages | msg/s, first 10% | msg/s, second 10% | msg/s, last 10% | last ÷ first | whole run |\n| --- | --- | --- | --- | --- | --- | --- | --- |',
);
await run('pglite');
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) await run('postgres');
if (process.env.BENCH_DRY !== '1') appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
process.exit(0);
