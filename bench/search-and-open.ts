/**
 * Issue 3 benchmarks that need no ingestion:
 *  - search latency (GET /api/search) over 100,000 stream entries;
 *  - time for a client to open (sync) a case whose stream has 10,000 entries,
 *    cold (loaded from storage) and warm (already in memory).
 * The server runs in its own process. Text comes from the seed articles in
 * ../shared/seeds, so the word distribution is real prose.
 * Results are appended to bench/RESULTS.md.
 *
 * Knobs: BENCH_SEARCH_ENTRIES (0 skips the search part), BENCH_STREAM_ENTRIES,
 * BENCH_BASELINE (another checkout's apps/server, e.g. a `git worktree` of
 * main: the open runs on both, alternating which goes first, BENCH_REPEAT
 * times each, and a table of medians and ratios closes the section),
 * BENCH_CPU_PROF (a directory: each server writes a `--cpu-prof` profile there),
 * BENCH_UNLOAD_WAIT_MS (default 12000: from the last client leaving the big
 * case to its cold open; the unload's capture of 10,000 note versions may
 * still run within it, and a cold open then waits behind it),
 * BENCH_DRY=1 (print only, append nothing to RESULTS.md).
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addActivity, buildDocument, docName, initCaseDocument } from '@casehub/case-document';
import postgres from 'postgres';
import * as Y from 'yjs';
import { connect, createCase, freshStorage, signUp, synced, type Backend } from '../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../apps/server/test/process.js';

const entries = Number(process.env.BENCH_SEARCH_ENTRIES ?? 100_000);
const streamSize = Number(process.env.BENCH_STREAM_ENTRIES ?? 10_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);
/** How long after the last client left the cold open starts: the unload (its version capture of every note) may still run before that. */
const unloadWaitMs = Number(process.env.BENCH_UNLOAD_WAIT_MS ?? 12_000);
type Variant = { label: string; dir: string | undefined };
const variants: Variant[] = [{ label: 'this tree', dir: undefined }];
if (process.env.BENCH_BASELINE) variants.push({ label: 'baseline', dir: path.resolve(process.env.BENCH_BASELINE) });
const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
/** Cold open times in ms, by backend and variant label. */
const coldOpens = new Map<string, number[]>();
const seeds = path.resolve(import.meta.dirname, '../../shared/seeds');
const words = readdirSync(seeds)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(path.join(seeds, f), 'utf8').split(/\s+/))
  .map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, ''))
  .filter((w) => w.length > 2);
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `p50 ${at(0.5).toFixed(1)} | p95 ${at(0.95).toFixed(1)} | max ${(s[s.length - 1] ?? NaN).toFixed(1)}`;
};
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};

async function run(backend: Backend, variant: Variant) {
  const storage = await freshStorage(backend);
  const port = String(await freePort());
  const start = (env: Record<string, string>) => spawnServer(env, nodeArgs, variant.dir);
  const name = variants.length > 1 ? `${backend} (${variant.label})` : backend;
  const proc = start({ PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir, ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}) });
  await waitHealthy(proc.url);
  try {
    const a = await signUp(proc.url);
    const caseIds: string[] = [];
    for (let i = 0; i < 50; i++) caseIds.push((await createCase(a.client, { title: `Bench case ${i}` })).id);

    // The index rows are what search reads; writing them directly is the projection's job done in bulk.
    const t0 = performance.now();
    const rows = Array.from({ length: entries }, (_, i) => ({
      case_id: caseIds[i % caseIds.length],
      activity_id: `b${i}`,
      side: 'team',
      workspace_id: a.me.workspace.id,
      kind: i % 3 === 0 ? 'note' : 'call',
      at: new Date(Date.now() - i * 60_000),
      summary: sentence(8),
      body_text: sentence(60),
    }));
    if (entries === 0) {
      // No search part: only the open is measured.
    } else if (storage.databaseUrl) {
      const sql = postgres(storage.databaseUrl, { max: 1, onnotice: () => {} });
      for (let i = 0; i < rows.length; i += 5000) await sql`insert into activity_index ${sql(rows.slice(i, i + 5000))}`;
      await sql`analyze activity_index`;
      await sql.end();
    } else {
      // PGlite is single-process: the server owns it, so load through a bench-only endpoint is not
      // available; instead stop the server, write with PGlite directly, and start again.
      proc.child.kill('SIGTERM');
      await proc.exited;
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(path.join(storage.dataDir, 'pglite'));
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000);
        const params: unknown[] = [];
        const values = chunk
          .map((r) => {
            params.push(r.case_id, r.activity_id, r.side, r.workspace_id, r.kind, r.at.toISOString(), r.summary, r.body_text);
            const b = params.length - 8;
            return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8})`;
          })
          .join(',');
        await db.query(`insert into activity_index (case_id, activity_id, side, workspace_id, kind, at, summary, body_text) values ${values}`, params);
      }
      await db.query('analyze activity_index');
      await db.close();
    }
    if (entries > 0) out(`| ${name}: wrote ${entries} index rows | ${((performance.now() - t0) / 1000).toFixed(1)} s |`);
    const live = backend === 'pglite' && entries > 0 ? start({ PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir }) : proc;
    await waitHealthy(live.url);
    try {
      const queries = Array.from({ length: entries > 0 ? 100 : 0 }, () => words[Math.floor(rand() * words.length)] ?? 'customer');
      const latencies: number[] = [];
      let hits = 0;
      for (const q of queries) {
        const t = performance.now();
        const res = await a.client.get(`/api/search?q=${encodeURIComponent(q)}`);
        latencies.push(performance.now() - t);
        hits += res.body.results?.length ?? 0;
      }
      if (entries > 0)
        out(`| ${name}: search over ${entries} entries, 100 one-word queries (${(hits / 100).toFixed(0)} results each on average) | ${stats(latencies)} ms |`);

      // A case whose stream has 10,000 entries, made on the server side in one update.
      const big = await createCase(a.client, { title: 'Big stream' });
      const update = buildDocument((doc) => {
        initCaseDocument(doc, { title: 'Big stream', kind: 'deal' });
        for (let i = 0; i < streamSize; i++) {
          addActivity(
            doc,
            `s${i}`,
            { kind: 'note', at: new Date(Date.now() - i * 1000).toISOString(), actorId: null, actorName: 'Bench', summary: sentence(10) },
            (body) => {
              const p = new Y.XmlElement('paragraph');
              p.insert(0, [new Y.XmlText(sentence(20))]);
              body.insert(0, [p]);
            },
          );
        }
      });
      const opener = connect(live.url, docName(big.id, 'team'), { cookie: a.client.cookie });
      await synced(opener.provider);
      Y.applyUpdate(opener.doc, update);
      // Wait until the server has it all, then leave so the document unloads.
      await new Promise((r) => setTimeout(r, 2000));
      opener.provider.destroy();
      await new Promise((r) => setTimeout(r, unloadWaitMs));
      for (const label of ['cold (from storage)', 'warm (in memory)']) {
        const t = performance.now();
        const c = connect(live.url, docName(big.id, 'team'), { cookie: a.client.cookie });
        await synced(c.provider, 60_000);
        out(
          `| ${name}: open a case with ${streamSize} stream entries (${(update.byteLength / 1e6).toFixed(1)} MB), ${label} | ${(performance.now() - t).toFixed(0)} ms |`,
        );
        if (label.startsWith('cold')) {
          const key = `${backend}\t${variant.label}`;
          coldOpens.set(key, [...(coldOpens.get(key) ?? []), performance.now() - t]);
          const keep = c;
          const t2 = performance.now();
          const w = connect(live.url, docName(big.id, 'team'), { cookie: a.client.cookie });
          await synced(w.provider, 60_000);
          out(`| ${name}: open the same case again while it is loaded (warm) | ${(performance.now() - t2).toFixed(0)} ms |`);
          w.provider.destroy();
          keep.provider.destroy();
          break;
        }
      }
    } finally {
      if (live !== proc) {
        live.child.kill('SIGTERM');
        await live.exited;
      }
    }
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await storage.drop();
  }
}

out(
  `\n## ${new Date().toISOString().slice(0, 10)} — search and stream (bench/search-and-open.ts), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n\n| what | result |\n| --- | --- |`,
);
const backends: Backend[] = ['pglite'];
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) backends.push('postgres');
for (const backend of backends) {
  for (let i = 0; i < repeat; i++) {
    // Alternate which version goes first, so neither always meets the same moment of a shared machine's noise.
    for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) await run(backend, variant);
  }
}
if (variants.length > 1) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  out(`\n| cold open, ${streamSize} entries (median of ${repeat}) | baseline | this tree | this ÷ baseline |\n| --- | --- | --- | --- |`);
  for (const backend of backends) {
    const base = median(coldOpens.get(`${backend}\tbaseline`) ?? []);
    const now = median(coldOpens.get(`${backend}\tthis tree`) ?? []);
    out(`| ${backend} | ${base.toFixed(0)} ms | ${now.toFixed(0)} ms | ${(now / base).toFixed(2)} |`);
  }
}
if (!process.env.BENCH_DRY) appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
process.exit(0);
