/**
 * Measures, on this machine, what issue 2 asks to note:
 *  - start-up time of the server process until /api/health answers (fresh
 *    data directory, and again on existing data), on PGlite;
 *  - propagation latency of an edit from client A to client B through the
 *    server (commit to the database, then broadcast), on PGlite and, when
 *    BENCH_DATABASE_URL is set, on PostgreSQL;
 *  - the same with 10 writers at once, where group commit batches updates.
 * Results are appended to bench/RESULTS.md. Nothing here asserts a time.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { docName, fieldsMap } from '@casehub/case-document';
import { connect, createCase, freshStorage, signUp, synced, type Backend } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';

const edits = Number(process.env.BENCH_EDITS ?? 500);
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}
const ms = (x: number) => x.toFixed(2);

async function startup(): Promise<void> {
  const storage = await freshStorage('pglite');
  const port = String(await freePort());
  const env = { PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir };
  for (const label of ['fresh data directory (creates the database)', 'existing data directory']) {
    const t0 = performance.now();
    const proc = spawnServer(env);
    await waitHealthy(proc.url);
    const elapsed = performance.now() - t0;
    out(`| start-up, PGlite, ${label} | ${ms(elapsed)} ms |`);
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
  await storage.drop();
}

/** The server runs in its own process, so clients and server do not share one event loop. */
async function propagation(backend: Backend): Promise<void> {
  const storage = await freshStorage(backend);
  const port = String(await freePort());
  const proc = spawnServer({ PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir, ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}) });
  await waitHealthy(proc.url);
  const env = { server: { url: proc.url } };
  try {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    const B = connect(env.server.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);

    // One edit at a time: the latency a person sees.
    const single: number[] = [];
    for (let i = 0; i < edits; i++) {
      const seen = new Promise<void>((resolve) => {
        const check = () => {
          if (fieldsMap(B.doc).get('account') === `acct ${i}`) {
            B.doc.off('update', check);
            resolve();
          }
        };
        B.doc.on('update', check);
      });
      const t0 = performance.now();
      fieldsMap(A.doc).set('account', `acct ${i}`);
      await seen;
      single.push(performance.now() - t0);
    }
    const s = stats(single);
    out(`| A→B, one edit at a time, ${backend} | n=${s.n} | p50 ${ms(s.p50)} | p95 ${ms(s.p95)} | p99 ${ms(s.p99)} | max ${ms(s.max)} |`);

    // Ten writers typing at once into the plan; a reader measures each arrival.
    const writers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const w = connect(env.server.url, name, { cookie: a.client.cookie });
        await synced(w.provider);
        return w;
      }),
    );
    const sent = new Map<string, number>();
    const concurrent: number[] = [];
    const total = writers.length * Math.floor(edits / 5);
    const done = new Promise<void>((resolve) => {
      B.doc.getMap('bench').observe((event) => {
        const now = performance.now();
        for (const key of event.keysChanged) {
          const t = sent.get(key);
          if (t !== undefined) concurrent.push(now - t);
        }
        if (concurrent.length >= total) resolve();
      });
    });
    const started = performance.now();
    await Promise.all(
      writers.map(async (w, wi) => {
        for (let i = 0; i < Math.floor(edits / 5); i++) {
          const mark = `<${wi}:${i}>`;
          sent.set(mark, performance.now());
          w.doc.getMap('bench').set(mark, i);
          await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
    await done;
    const rate = Math.round(total / ((performance.now() - started) / 1000));
    const cs = stats(concurrent);
    out(
      `| 10 writers at once (${rate} edits/s) → reader, ${backend} | n=${cs.n} | p50 ${ms(cs.p50)} | p95 ${ms(cs.p95)} | p99 ${ms(cs.p99)} | max ${ms(cs.max)} |`,
    );
    for (const w of [A, B, ...writers]) w.provider.destroy();
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await storage.drop();
  }
}

const header = `\n## ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\nAll times in milliseconds, measured in one run (\`pnpm bench\`).\n\n| what | value |\n| --- | --- |`;
out(header);
await startup();
out('\n| propagation | samples | p50 | p95 | p99 | max |\n| --- | --- | --- | --- | --- | --- |');
await propagation('pglite');
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) await propagation('postgres');
const file = new URL('./RESULTS.md', import.meta.url);
if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nWritten by `pnpm bench` (bench/sync-propagation.ts); newest last.\n');
appendFileSync(file, `${lines.join('\n')}\n`);
process.exit(0);
