/** Turns one run's results into the Markdown section appended to RESULTS.md. */
import os from 'node:os';
import { f, median, MiB, type Stats } from './measure.js';
import type { bigDocs, docMemory, fanout, idleMemory, joinStorm, lossAfterKill, maxRate, presence, single } from './workloads.js';

export type Config = {
  quick: boolean;
  rate: number;
  seconds: number;
  hotRate: number;
  singleEdits: number;
  idleConns: number;
  docCount: number;
  ramp: number[];
  rampSeconds: number;
  sizesMb: number[];
  warmJoins: number;
  storm: { mb: number; clients: number };
  lossEdits: number;
  large: boolean;
  /** Issue 18's workload (step w): edits per second in each of its 100 documents. */
  docRate: number;
  /** The presence step: people in one document, caret moves per second each. */
  people: number;
  caretRate: number;
  /** Rounds of the noisy steps (single, idle, a, hot, b, c, w, presence); each number's median is reported. */
  rounds?: number;
};

/** Every round's value (p99, or RSS per connection) when a step ran several rounds. */
type Rounds = { rounds?: number[] };
type Fanout = Awaited<ReturnType<typeof fanout>> & Rounds;
type Storm = Awaited<ReturnType<typeof joinStorm>>;
export type Result = {
  label: string;
  errors: string[];
  seconds: Record<string, number>;
  single?: Awaited<ReturnType<typeof single>> & Rounds;
  idle?: Awaited<ReturnType<typeof idleMemory>> & Rounds;
  docs?: Awaited<ReturnType<typeof docMemory>>;
  a?: Fanout;
  hot?: Fanout;
  b?: Fanout;
  c?: Fanout;
  w?: Fanout;
  presence?: Awaited<ReturnType<typeof presence>> & Rounds;
  ramp?: Awaited<ReturnType<typeof maxRate>>;
  big?: Awaited<ReturnType<typeof bigDocs>>;
  loss?: Awaited<ReturnType<typeof lossAfterKill>>;
};

/** The fan-out points of the matrix, in table order. */
export const points = (c: Config) =>
  [
    ['a', `2 clients / 1 doc, ${c.rate} edits/s`],
    ['hot', `100 clients / 1 doc, ${c.hotRate} edits/s`],
    ['b', `100 clients / 50 docs, ${c.rate} edits/s`],
    ['c', `500 clients / 250 docs, ${c.rate} edits/s`],
    ['w', `200 clients / 100 docs (1 writer + 1 reader each), ${c.docRate} edits/s per doc`],
  ] as const;

/** A step that ran several rounds reports each number's median; this lists every round's main value. */
const eachRound = (x: Rounds | undefined, show: (v: number) => string = (v) => f(v)) =>
  x?.rounds && x.rounds.length > 1 ? x.rounds.map(show).join(' / ') : '—';

const ms = (xs: number[] | undefined) => (xs && xs.length ? xs.map((x) => f(x, 0)).join(' / ') : 'n/a');

export function report(results: Result[], c: Config, versions: string, rawFile: string, startedAt: Date, totalSeconds: number, loadAvg: number[]): string {
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  const row = (cells: (string | number)[]) => out(`| ${cells.join(' | ')} |`);
  const head = (cells: string[]) => {
    row(cells);
    row(cells.map(() => '---'));
  };
  const lat = (s: Stats | undefined) => (s ? [f(s.p50), f(s.p95), f(s.p99), f(s.max)] : ['n/a', 'n/a', 'n/a', 'n/a']);

  out(
    `\n## ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — peers matrix (bench/peers.ts${c.quick ? ' --quick' : ''}), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
  );
  out();
  out(
    `One run, ${f(totalSeconds / 60, 1)} min; load average at the end (other agents share these 2 cores): ${loadAvg
      .map((x) => x.toFixed(2))
      .join(' / ')}. The machine is noisy: compare servers within this run, as ratios, not with other runs. Raw numbers: \`${rawFile}\`.`,
  );
  if (process.env.BENCH_NOTE) {
    out();
    out(`Note: ${process.env.BENCH_NOTE}`);
  }
  out();
  out(
    `Versions: ${versions}. Each server in its own process on 127.0.0.1, one at a time; all clients in the bench process. ` +
      `Ours: \`apps/server\` with default settings (every update committed to the database before it is broadcast). Reference: \`node src/server.js\`, in memory. ` +
      `Hocuspocus: \`@hocuspocus/extension-database\` writing one file per document, default debounce (2 s, max 10 s). Times in ms.`,
  );
  out();
  out("Propagation (ms, from the writer's edit to each other client of the document):");
  out();
  head(['server', 'workload', 'n', 'p50', 'p95', 'p99', 'max', 'not delivered', 'achieved', 'peak RSS', 'server CPU/edit', 'p99 of each round']);
  for (const r of results) {
    if (r.single)
      row([
        r.label,
        `2 clients / 1 doc, one edit at a time (${c.singleEdits})`,
        r.single.n,
        ...lat(r.single),
        r.single.lost,
        '—',
        '—',
        '—',
        eachRound(r.single),
      ]);
    for (const [key, what] of points(c)) {
      const x = r[key];
      if (x)
        row([
          r.label,
          `${what} × ${c.seconds} s`,
          x.n,
          ...lat(x),
          x.missing,
          `${f(x.rate, 0)}/s`,
          `${MiB(x.peakRss)} MiB`,
          `${f(x.cpuPerEdit, 3)} ms`,
          eachRound(x),
        ]);
    }
  }
  if (results.some((r) => r.presence)) {
    out();
    out(
      `Presence: ${c.people} people in one document, each moving their caret ${c.caretRate} times a second for ${c.seconds} s (ms, from setting the state to each other client's awareness change; not seen = moves a client had not seen 10 s after the last one: overtaken by the same person's next move, or lost):`,
    );
    out();
    head(['server', 'n', 'p50', 'p95', 'p99', 'max', 'not seen', 'moves/s', 'peak RSS', 'server CPU/move', 'p95 of each round']);
    for (const r of results) {
      const x = r.presence;
      if (x) row([r.label, x.n, ...lat(x), x.notSeen, f(x.rate, 0), `${MiB(x.peakRss)} MiB`, `${f(x.cpuPerMove, 3)} ms`, eachRound(x)]);
    }
  }
  out();
  out(
    `Highest rate with p99 under 50 ms, 100 clients / 50 docs, ${c.rampSeconds} s per step (the clients share the same 2 cores, so at the top rates the bench process itself may be what saturates):`,
  );
  out();
  head(['server', 'highest passing rate', 'steps (rate → achieved, p99 ms, not delivered, server CPU ms/edit)']);
  for (const r of results)
    if (r.ramp)
      row([
        r.label,
        `${r.ramp.best} edits/s`,
        r.ramp.steps.map((x) => `${x.rate} → ${f(x.achieved, 0)}/s, p99 ${f(x.p99)}, ${x.missing}, ${f(x.cpuPerEdit, 3)}`).join('; '),
      ]);
  out();
  out(
    `Large documents: time for a new client (the server's own client library, decoding included) to hold the whole document; warm = loaded on the server (${c.warmJoins} joins one after another), cold = first join after the server restarted (read from storage; the reference keeps nothing over a restart):`,
  );
  out();
  head(['server', 'document', 'encoded size', 'upload (1 MiB updates)', 'warm joins', 'cold join']);
  for (const r of results) for (const d of r.big?.docs ?? []) row([r.label, `${d.mb} MB`, `${MiB(d.size)} MiB`, f(d.upload, 0), ms(d.warm), ms(d.cold)]);
  out();
  out(
    `Join storm: ${c.storm.clients} bare sockets ask for the ${c.storm.mb} MB document at once (sync step 1 with an empty state vector) and are timed until the whole document has arrived (no client-side decoding); warm = loaded, cold = right after a restart:`,
  );
  out();
  head(['server', 'storm', 'p50', 'p99', 'max', 'failed', 'all done', 'RSS before → peak', 'server CPU']);
  const storm = (r: Result, what: string, s: Storm | undefined) => {
    if (s)
      row([
        r.label,
        what,
        f(s.p50, 0),
        f(s.p99, 0),
        f(s.max, 0),
        s.failed,
        f(s.wallMs, 0),
        `${MiB(s.rssBefore)} → ${MiB(s.peakRss)} MiB`,
        `${f(s.cpuMs, 0)} ms`,
      ]);
  };
  for (const r of results) {
    storm(r, 'warm', r.big?.stormWarm);
    storm(r, 'cold', r.big?.stormCold);
  }
  out();
  out('Memory, idle CPU, durability:');
  out();
  head([
    'server',
    `RSS per idle connection (${c.idleConns} on 1 doc)`,
    `RSS per loaded document (${c.docCount} docs, 1 client each)`,
    'of which not the connection',
    'CPU while 100 / 500 clients idle',
    'connect 100 / 500 clients',
    'lost after SIGKILL',
  ]);
  for (const r of results) {
    const perConn = r.idle?.perConn;
    const perDoc = r.docs?.perDoc;
    row([
      r.label,
      r.idle
        ? `${f(r.idle.perConn / 1024, 1)} KiB (${MiB(r.idle.before)} → ${MiB(r.idle.after)} MiB)${
            r.idle.rounds && r.idle.rounds.length > 1 ? `; rounds: ${eachRound(r.idle, (v) => f(v / 1024, 1))} KiB` : ''
          }`
        : 'n/a',
      r.docs ? `${f(r.docs.perDoc / 1024, 1)} KiB (${MiB(r.docs.before)} → ${MiB(r.docs.after)} MiB)` : 'n/a',
      perConn !== undefined && perDoc !== undefined ? `${f((perDoc - perConn) / 1024, 1)} KiB` : 'n/a',
      `${r.b ? f(r.b.idleCpuPerSecond, 0) : 'n/a'} / ${r.c ? f(r.c.idleCpuPerSecond, 0) : 'n/a'} ms/s`,
      `${r.b ? f(r.b.connectSeconds, 1) : 'n/a'} s / ${r.c ? f(r.c.connectSeconds, 1) : 'n/a'} s`,
      r.loss ? `${r.loss.lost} of ${r.loss.seenByOther} seen (${r.loss.survived} survived)` : 'n/a',
    ]);
  }

  const ref = results.find((r) => r.label.startsWith('reference'));
  const hp = results.find((r) => r.label.startsWith('Hocuspocus'));
  const floor = results.find((r) => r.label.startsWith('floor'));
  const oursAll = results.filter((r) => r.label.startsWith('ours'));
  const peers = { reference: ref, Hocuspocus: hp, floor };
  type Target = {
    what: string;
    get: (r: Result) => number | undefined;
    peer: keyof typeof peers;
    /** ours ÷ peer must be at most this (or below it when `strict`). */
    limit: number;
    strict?: boolean;
  };
  const targets: Target[] = [];
  for (const [key, what] of points(c)) {
    targets.push({
      what: `p99, ${what}`,
      get: (r) => r[key]?.p99,
      peer: 'reference',
      limit: 1.25,
    });
    targets.push({
      what: `p99, ${what}`,
      get: (r) => r[key]?.p99,
      peer: 'Hocuspocus',
      limit: 1,
      strict: true,
    });
  }
  targets.push(
    {
      what: 'join storm p99 (warm)',
      get: (r) => r.big?.stormWarm?.p99,
      peer: 'reference',
      limit: 1,
    },
    {
      what: 'join storm peak RSS (warm)',
      get: (r) => r.big?.stormWarm?.peakRss,
      peer: 'reference',
      limit: 1,
    },
    {
      what: 'RSS per idle connection',
      get: (r) => r.idle?.perConn,
      peer: 'reference',
      limit: 1,
    },
    // Issue 18, at its own workload (step w): against the durable floor of the same run.
    { what: 'p50, step w', get: (r) => r.w?.p50, peer: 'floor', limit: 1 },
    { what: 'p99, step w', get: (r) => r.w?.p99, peer: 'floor', limit: 1 },
    { what: 'server CPU per edit, step w', get: (r) => r.w?.cpuPerEdit, peer: 'floor', limit: 1 },
    { what: 'peak RSS, step w', get: (r) => r.w?.peakRss, peer: 'floor', limit: 1.25 },
  );
  out();
  out(
    (c.rounds ?? 1) > 1
      ? `Targets for our server (ratio ours ÷ peer in this run; for the steps run in rounds, each number is that server's median of ${c.rounds} rounds):`
      : 'Targets for our server (ratio ours ÷ peer in this run):',
  );
  out();
  head(['target', ...oursAll.flatMap((o) => [`${o.label}: value ÷ peer = ratio`, 'met'])]);
  for (const t of targets) {
    const cells: string[] = [];
    for (const o of oursAll) {
      const a = t.get(o);
      const peer = peers[t.peer];
      const b = peer ? t.get(peer) : undefined;
      if (a === undefined || b === undefined || !(b > 0) || !(a > 0) || !Number.isFinite(a)) {
        // An RSS delta below 0 (the server's GC ran in between) says nothing.
        cells.push('n/a', 'n/a');
        continue;
      }
      const ratio = a / b;
      const met = t.strict ? ratio < t.limit : ratio <= t.limit;
      const v = (x: number) =>
        t.what.includes('peak RSS') ? `${MiB(x)} MiB` : t.what.includes('RSS') ? `${f(x / 1024, 1)} KiB` : f(x, t.what.includes('CPU') ? 3 : 2);
      cells.push(`${v(a)} ÷ ${v(b)} = ${f(ratio)}`, met ? 'yes' : '**no**');
    }
    row([`${t.what} ${t.strict ? '<' : '≤'} ${t.limit} × ${t.peer}`, ...cells]);
  }
  const lossRow = oursAll.map((o) => (o.loss ? `${o.loss.lost}` : 'n/a'));
  row(['edits lost after SIGKILL = 0', ...oursAll.flatMap((_, i) => [lossRow[i] ?? 'n/a', lossRow[i] === '0' ? 'yes' : '**no**'])]);

  if (floor && ref) {
    out();
    out(
      'Against the durable floor (the reference server made to commit each update with one INSERT before broadcasting it; informational, not a target): what durability alone costs on this machine, and what ours adds on top.',
    );
    out();
    head(['p99 at', 'floor ÷ reference', ...oursAll.map((o) => `${o.label} ÷ floor`)]);
    for (const [key, what] of points(c)) {
      const ratio = (a: Result, b: Result) => {
        const x = a[key]?.p99;
        const y = b[key]?.p99;
        return x !== undefined && y !== undefined && y > 0 ? f(x / y) : 'n/a';
      };
      row([what, ratio(floor, ref), ...oursAll.map((o) => ratio(o, floor))]);
    }
  }

  const withPresence = oursAll.filter((o) => o.presence);
  if (withPresence.length) {
    out();
    out(
      `Presence p95 under 100 ms (${c.people} people): ${withPresence.map((o) => `${o.label} ${f(o.presence?.p95 ?? NaN)} ms, ${(o.presence?.p95 ?? Infinity) < 100 ? 'met' : '**not met**'}`).join('; ')}.`,
    );
  }

  const metrics: [string, (r: Result) => number | undefined][] = [
    ['peak RSS, 100 / 50', (r) => r.b?.peakRss],
    ['CPU/edit, 100 / 50', (r) => r.b?.cpuPerEdit],
    ['CPU/edit, 500 / 250', (r) => r.c?.cpuPerEdit],
    ['highest rate p99<50ms (higher is better)', (r) => r.ramp?.best],
    ['RSS per loaded document', (r) => r.docs?.perDoc],
    ...c.sizesMb.flatMap((mb): [string, (r: Result) => number | undefined][] => [
      [`sync ${mb} MB warm (median)`, (r) => median(r.big?.docs.find((d) => d.mb === mb)?.warm ?? [])],
      [`sync ${mb} MB cold`, (r) => r.big?.docs.find((d) => d.mb === mb)?.cold[0]],
    ]),
    ['join storm p99 (cold)', (r) => r.big?.stormCold?.p99],
    ['join storm peak RSS (cold)', (r) => r.big?.stormCold?.peakRss],
  ];
  out();
  out('Other ratios (ours ÷ peer; below 1 means ours is faster or smaller):');
  out();
  head(['metric', ...oursAll.flatMap((o) => [`${o.label} ÷ reference`, `${o.label} ÷ Hocuspocus`])]);
  for (const [name, get] of metrics) {
    const cells: string[] = [];
    for (const o of oursAll)
      for (const peer of [ref, hp]) {
        const a = get(o);
        const b = peer ? get(peer) : undefined;
        cells.push(a !== undefined && b !== undefined && b > 0 && Number.isFinite(a) ? f(a / b) : 'n/a');
      }
    row([name, ...cells]);
  }
  const errors = results.flatMap((r) => r.errors.map((e) => `${r.label}: ${e}`));
  if (errors.length) {
    out();
    out('Errors:');
    for (const e of errors) out(`- ${e}`);
  }
  return lines.join('\n');
}
