/**
 * The peer benchmark of issue 6: this product's sync server (on PostgreSQL
 * and on PGlite), the reference `@y/websocket-server@0.1.1` (in memory) and
 * Hocuspocus 4.x (extension-database writing one file per document, default
 * debounce), each in its own process on loopback, one at a time, each driven
 * by its own client library. All clients live in this process, so the client
 * side costs the same for every server.
 *
 * Per server: propagation p50/p95/p99/max with 2, 100 and 500 clients over 1,
 * 50 and 250 documents at a fixed rate (and 100 clients on one document), the
 * highest rate with p99 under 50 ms, sync time of 1/5/20 MB documents warm and
 * cold, a join storm of 100 clients on the 20 MB document (warm and cold),
 * RSS per idle connection and per loaded document, CPU per edit, and edits
 * lost after SIGKILL. Writes bench/results/peers-<time>.json and appends a
 * section to bench/RESULTS.md. Nothing here asserts a number.
 *
 * `--quick` (or BENCH_QUICK=1) shrinks every step for a run of a few minutes.
 * Env: BENCH_PEERS (comma list of reference,hocuspocus,ours-postgres,ours-pglite),
 * BENCH_STEPS (comma list of single,idle,docs,a,hot,b,c,w,presence,ramp,big,loss),
 * BENCH_RATE, BENCH_HOT_RATE, BENCH_DOC_RATE, BENCH_PEOPLE, BENCH_CARET_RATE, BENCH_SECONDS, BENCH_SIZES (MB, comma list),
 * BENCH_LARGE=0, BENCH_DRY=1, BENCH_NOTE,
 * BENCH_CPU_PROF=<dir>. See bench/README.md.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminDatabaseUrl } from '../apps/server/test/helpers.js';
import { report, type Config, type Result } from './peers/report.js';
import { median } from './peers/measure.js';
import { hocuspocus, ours, reference, type Target } from './peers/servers.js';
import { bigDocs, docMemory, fanout, idleMemory, lossAfterKill, maxRate, presence, single } from './peers/workloads.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const sizesMb = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : quick ? [1, 5] : [1, 5, 20];
const config: Config = {
  quick,
  rate: Number(process.env.BENCH_RATE ?? 200),
  hotRate: Number(process.env.BENCH_HOT_RATE ?? 20),
  seconds: Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10)),
  singleEdits: quick ? 100 : 500,
  idleConns: Number(process.env.BENCH_IDLE_CONNS ?? (quick ? 50 : 200)),
  docCount: quick ? 50 : 200,
  ramp: quick ? [250, 1000, 4000] : [250, 500, 1000, 2000, 4000, 8000],
  rampSeconds: quick ? 2 : 5,
  sizesMb,
  warmJoins: quick ? 2 : 3,
  storm: { mb: Math.max(...sizesMb), clients: quick ? 20 : 100 },
  lossEdits: quick ? 100 : 300,
  large: process.env.BENCH_LARGE !== '0',
  docRate: Number(process.env.BENCH_DOC_RATE ?? 20),
  people: Number(process.env.BENCH_PEOPLE ?? (quick ? 30 : 100)),
  caretRate: Number(process.env.BENCH_CARET_RATE ?? 2),
  rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3)),
};
const STEPS = process.env.BENCH_STEPS?.split(',');
/**
 * Steps whose numbers swing most with the machine's noise run this many
 * rounds (each going round all servers); each number is reported as its
 * median over the rounds, with every round's value of the main one (p99, or
 * RSS per connection) beside it.
 */
const rounds = config.rounds;
const repeated: Partial<Record<StepKey, (x: never) => number>> = {
  single: (x: { p99: number }) => x.p99,
  idle: (x: { perConn: number }) => x.perConn,
  a: (x: { p99: number }) => x.p99,
  hot: (x: { p99: number }) => x.p99,
  b: (x: { p99: number }) => x.p99,
  c: (x: { p99: number }) => x.p99,
  w: (x: { p99: number }) => x.p99,
  presence: (x: { p95: number }) => x.p95,
};
// y-websocket adds a process 'exit' listener per provider; hundreds are expected here.
process.setMaxListeners(0);

type StepKey = Exclude<keyof Result, 'label' | 'errors' | 'seconds'>;
type Step = [StepKey, (t: Target) => Promise<unknown>];

/** In run order. Every step runs on every server before the next step starts. */
const steps: Step[] = [
  ['single', (t) => single(t, config.singleEdits)],
  ['idle', (t) => idleMemory(t, config.idleConns)],
  ['docs', (t) => docMemory(t, config.docCount)],
  ['a', (t) => fanout(t, 1, 2, config.rate, config.seconds)],
  ['hot', (t) => fanout(t, 1, 100, config.hotRate, config.seconds)],
  ['b', (t) => fanout(t, 50, 2, config.rate, config.seconds)],
  ...(config.large ? [['c', (t: Target) => fanout(t, 250, 2, config.rate, config.seconds)] as Step] : []),
  ['w', (t) => fanout(t, 100, 2, 100 * config.docRate, config.seconds, 1)],
  ['presence', (t) => presence(t, config.people, config.caretRate, config.seconds)],
  ['ramp', (t) => maxRate(t, config.ramp, config.rampSeconds)],
  ['big', (t) => bigDocs(t, config.sizesMb, config.warmJoins, config.storm)],
  ['loss', (t) => lossAfterKill(t, config.lossEdits)],
];

/**
 * All servers run side by side (idle when it is not their turn) and each
 * step goes round them, starting with a different one each time, so the
 * servers meet the same moments of this shared machine's noise.
 */
async function runAll(targets: Target[]): Promise<Result[]> {
  const results = targets.map((t): Result => ({
    label: t.label,
    errors: [],
    seconds: {},
  }));
  try {
    for (const t of targets) {
      console.log(`starting ${t.label}`);
      await t.start();
    }
    for (const [i, [key, fn]] of steps.entries()) {
      if (STEPS && !STEPS.includes(key)) continue;
      const value = repeated[key];
      const n = value ? rounds : 1;
      const done: unknown[][] = targets.map(() => []);
      for (let round = 0; round < n; round++) {
        for (let k = 0; k < targets.length; k++) {
          const at = (i + round + k) % targets.length;
          const t = targets[at];
          const r = results[at];
          if (!t || !r || (t.only && !t.only.includes(key))) continue;
          const s0 = performance.now();
          try {
            done[at]?.push(await fn(t));
          } catch (err) {
            r.errors.push(`${key}: ${(err as Error).message.slice(0, 300)}`);
          }
          r.seconds[key] = (r.seconds[key] ?? 0) + (performance.now() - s0) / 1000;
          console.log(
            `  ${t.label} ${key}${n > 1 ? ` (round ${round + 1}/${n})` : ''} ${((performance.now() - s0) / 1000).toFixed(1)} s`,
            JSON.stringify(done[at]?.at(-1) ?? r.errors.at(-1)).slice(0, 400),
          );
        }
      }
      for (const [at, r] of results.entries()) {
        const got = done[at] ?? [];
        if (got.length === 0) continue;
        // `steps` pairs each key with the workload that fills it.
        (r as Record<string, unknown>)[key] = value ? medianRound(got, value) : got[0];
      }
    }
  } finally {
    for (const t of targets) await t.stop();
  }
  return results;
}

/**
 * Each number's median over the rounds, not the numbers of the one round
 * whose main value is the median: p50, CPU and peak RSS swing independently
 * of p99 here (a round with a median p99 had the highest p50 of five).
 * Anything that is not a number in every round comes from the round with the
 * median main value. Every round's main value goes beside it (`rounds`), and
 * every round whole (`every`), so a report can be rendered again.
 */
function medianRound(got: unknown[], value: (x: never) => number): unknown {
  const values = got.map((x) => value(x as never));
  const mid = values.indexOf(median(values));
  const each = got as Array<Record<string, unknown>>;
  const merged: Record<string, unknown> = { ...each[mid] };
  for (const key of Object.keys(merged)) {
    const xs = each.map((x) => x[key]);
    if (xs.every((x): x is number => typeof x === 'number')) merged[key] = median(xs);
  }
  return { ...merged, rounds: values, every: got };
}

/** `--report <file.json>`: render a finished run again (after a change to the report). */
const reportFrom = process.argv.indexOf('--report');
if (reportFrom > 0) {
  const file = process.argv[reportFrom + 1] ?? '';
  const run = JSON.parse(readFileSync(file, 'utf8'));
  console.log(
    report(
      run.results,
      run.config,
      run.versions,
      path.relative(path.join(here, '..'), path.resolve(file)),
      new Date(run.startedAt),
      run.totalSeconds,
      run.loadAvg ?? [NaN, NaN, NaN],
    ),
  );
  process.exit(0);
}

const wanted = (process.env.BENCH_PEERS ?? 'reference,floor,hocuspocus,ours-postgres,ours-pglite').split(',');
const targets: Target[] = [];
for (const w of wanted) {
  if (w === 'reference') targets.push(reference());
  else if (w === 'floor') {
    if (adminDatabaseUrl) targets.push(reference(true));
  } else if (w === 'hocuspocus') targets.push(hocuspocus());
  else if (w === 'ours-postgres') {
    if (adminDatabaseUrl) targets.push(ours('postgres'));
    else console.warn('TEST_DATABASE_URL is not set: skipping ours (postgres)');
  } else if (w === 'ours-postgres-async-commit') {
    if (adminDatabaseUrl) targets.push(ours('postgres', true));
  } else if (w === 'ours-pglite') targets.push(ours('pglite'));
}

const startedAt = new Date();
const results = await runAll(targets);
const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;

const version = (pkg: string) => {
  try {
    return JSON.parse(readFileSync(path.join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
  } catch {
    return '?';
  }
};
const versions = ['yjs', 'y-websocket', '@y/websocket-server', '@hocuspocus/server', '@hocuspocus/extension-database', '@hocuspocus/provider', 'ws']
  .map((p) => `${p} ${version(p)}`)
  .join(', ');
const stamp = startedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-');
const rawFile = `bench/results/peers-${stamp}${quick ? '-quick' : ''}.json`;
const loadAvg = os.loadavg();
const text = report(results, config, versions, rawFile, startedAt, totalSeconds, loadAvg);
console.log(text);
if (process.env.BENCH_DRY !== '1') {
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, '..', rawFile), `${JSON.stringify({ startedAt, totalSeconds, loadAvg, config, versions, results }, null, 1)}\n`);
  appendFileSync(path.join(here, 'RESULTS.md'), `${text}\n`);
}
process.exit(0);
