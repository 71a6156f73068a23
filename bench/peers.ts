/**
 * The peer benchmark of issue 6, first version: this product's sync server
 * (on PostgreSQL and on PGlite), the reference `@y/websocket-server@0.1.1`
 * (in memory) and Hocuspocus 4.x (extension-database writing one file per
 * document, default debounce), each in its own process on loopback, one at a
 * time, each driven by its own client library (y-websocket for ours and the
 * reference, @hocuspocus/provider for Hocuspocus). All clients live in this
 * process, so the client side costs the same CPU for every server.
 *
 * Measured per server:
 *  (a) 2 clients on 1 document, one edit at a time: propagation p50/p95/p99/max;
 *  (b) 100 clients over 50 documents, fixed total rate, arrival at every other
 *      client of the same document; server peak RSS (sampled) and CPU per edit;
 *  (c) the same with 500 clients over 250 documents (BENCH_LARGE=0 skips it);
 *  idle memory per connection (RSS delta over 200 idle connections);
 *  time for a new client to sync a 1 MB and 5 MB document, warm;
 *  edits lost after SIGKILL once another client had received all of them.
 * Appends a section to bench/RESULTS.md. Nothing here asserts a number.
 *
 * Env: BENCH_PEERS (comma list of ours-postgres,ours-pglite,reference,hocuspocus),
 * BENCH_RATE (edits/s, default 200), BENCH_SECONDS (default 10), BENCH_LARGE.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HocuspocusProvider } from "@hocuspocus/provider";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { docName } from "@casehub/case-document";
import {
  adminDatabaseUrl,
  connect as connectOurs,
  createCase,
  freshStorage,
  signUp,
  synced as ywsSynced,
  type Client,
} from "../apps/server/test/helpers.js";
import {
  freePort,
  spawnServer,
  waitHealthy,
} from "../apps/server/test/process.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LARGE = process.env.BENCH_LARGE !== "0";
/** BENCH_STEPS=single,idle,b,c,big1,big5,loss runs only those steps. */
const STEPS = process.env.BENCH_STEPS?.split(",");
const SINGLE_EDITS = 500;
const IDLE_CONNS = 200;
const LOSS_EDITS = 300;
// y-websocket adds a process 'exit' listener per provider; hundreds are expected here.
process.setMaxListeners(0);
function must<T>(x: T | undefined | null): T {
  if (x === undefined || x === null) throw new Error("missing value");
  return x;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- measuring

type Stats = { n: number; p50: number; p95: number; p99: number; max: number };
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return {
    n: s.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s[s.length - 1] ?? NaN,
  };
}
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

function procStatus(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
/** utime + stime of a process, in milliseconds. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
  } catch {
    return NaN;
  }
}
const MiB = (b: number) => f(b / 2 ** 20, 1);

// ---------------------------------------------------------------- servers

type Conn = { doc: Y.Doc; synced: Promise<void>; destroy(): void };
interface Target {
  label: string;
  /** Starts (or restarts after a kill) on the same storage. */
  start(): Promise<void>;
  pid(): number;
  newDoc(): Promise<string>;
  connect(name: string): Conn;
  sigkill(): Promise<void>;
  stop(): Promise<void>;
}

function spawnNode(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, args, {
    cwd: here,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((r) => child.on("exit", r));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`${args.join(" ")} did not start: ${out}`)),
      30_000,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, exited });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stopChild(
  p: { child: ChildProcess; exited: Promise<unknown> } | undefined,
  signal: NodeJS.Signals = "SIGTERM",
) {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const t = setTimeout(() => p.child.kill("SIGKILL"), 5000);
  await p.exited;
  clearTimeout(t);
}

function ywsConn(url: string, name: string): Conn {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    synced: ywsSynced(provider, 60_000),
    destroy: () => provider.destroy(),
  };
}

/**
 * Like spawnServer (apps/server/test/process.ts), with --cpu-prof: V8 refuses
 * it in NODE_OPTIONS. The profile is written when the server exits on SIGTERM.
 */
function spawnProfiled(
  env: Record<string, string>,
  dir: string,
): ReturnType<typeof spawnServer> {
  let output = "";
  const child = spawn(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--import", "tsx", "src/main.ts"],
    {
      cwd: path.join(here, "../apps/server"),
      env: { ...process.env, LOG_LEVEL: "warn", SMTP_PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code)),
  );
  return {
    child,
    url: `http://127.0.0.1:${env.PORT ?? ""}`,
    output: () => output,
    exited,
  };
}

function ours(backend: "postgres" | "pglite"): Target {
  let storage: Awaited<ReturnType<typeof freshStorage>> | undefined;
  let port = "";
  let proc: ReturnType<typeof spawnServer> | undefined;
  let client: Client;
  return {
    label: `ours (${backend})`,
    async start() {
      if (!storage) {
        storage = await freshStorage(backend);
        port = String(await freePort());
      }
      const env = {
        PORT: port,
        HOST: "127.0.0.1",
        DATA_DIR: storage.dataDir,
        ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      };
      proc = process.env.BENCH_CPU_PROF
        ? spawnProfiled(env, process.env.BENCH_CPU_PROF)
        : spawnServer(env);
      await waitHealthy(proc.url);
      if (!client) client = (await signUp(proc.url)).client;
    },
    pid: () => must(must(proc).child.pid),
    async newDoc() {
      return docName((await createCase(client)).id, "team");
    },
    connect(name) {
      const { doc, provider } = connectOurs(must(proc).url, name, {
        cookie: client.cookie,
      });
      return {
        doc,
        synced: ywsSynced(provider, 60_000),
        destroy: () => provider.destroy(),
      };
    },
    async sigkill() {
      must(proc).child.kill("SIGKILL");
      await must(proc).exited;
    },
    async stop() {
      await stopChild(proc);
      await storage?.drop();
    },
  };
}

function reference(): Target {
  let port = "";
  let p: Awaited<ReturnType<typeof spawnNode>> | undefined;
  let n = 0;
  return {
    label: "reference (@y/websocket-server 0.1.1, in memory)",
    async start() {
      if (!port) port = String(await freePort());
      p = await spawnNode(
        [path.join(here, "node_modules/@y/websocket-server/src/server.js")],
        { HOST: "127.0.0.1", PORT: port },
        /running at/,
      );
    },
    pid: () => must(must(p).child.pid),
    newDoc: async () => `doc-${n++}`,
    connect: (name) => ywsConn(`ws://127.0.0.1:${port}`, name),
    async sigkill() {
      must(p).child.kill("SIGKILL");
      await must(p).exited;
    },
    stop: () => stopChild(p),
  };
}

function hocuspocus(): Target {
  let port = "";
  let dir = "";
  let p: Awaited<ReturnType<typeof spawnNode>> | undefined;
  let n = 0;
  return {
    label: "Hocuspocus 4.x (extension-database → files)",
    async start() {
      if (!port) {
        port = String(await freePort());
        dir = await mkdtemp(path.join(os.tmpdir(), "bench-hocuspocus-"));
      }
      p = await spawnNode(
        [path.join(here, "peers/hocuspocus-server.mjs")],
        { DATA_DIR: dir, PORT: port },
        /listening/,
      );
    },
    pid: () => must(must(p).child.pid),
    newDoc: async () => `doc-${n++}`,
    connect(name) {
      const doc = new Y.Doc();
      const provider = new HocuspocusProvider({
        url: `ws://127.0.0.1:${port}`,
        name,
        document: doc,
        WebSocketPolyfill: WebSocket,
      } as never);
      const synced = new Promise<void>((resolve, reject) => {
        if (provider.synced) return resolve();
        const timer = setTimeout(
          () => reject(new Error("hocuspocus provider did not sync")),
          60_000,
        );
        provider.on("synced", ({ state }: { state: boolean }) => {
          if (state) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      return { doc, synced, destroy: () => provider.destroy() };
    },
    async sigkill() {
      must(p).child.kill("SIGKILL");
      await must(p).exited;
    },
    async stop() {
      await stopChild(p);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- workloads

async function connectAll(
  t: Target,
  names: string[],
  batch = 50,
): Promise<Conn[]> {
  const conns: Conn[] = [];
  for (let i = 0; i < names.length; i += batch) {
    const slice = names.slice(i, i + batch).map((n) => t.connect(n));
    await Promise.all(slice.map((c) => c.synced));
    conns.push(...slice);
  }
  return conns;
}

/** (a) one edit at a time from A, measured at B. */
async function single(t: Target) {
  const name = await t.newDoc();
  const [A, B] = await connectAll(t, [name, name]);
  const samples: number[] = [];
  let lost = 0;
  for (let i = 0; i < SINGLE_EDITS; i++) {
    const key = `k${i}`;
    const seen = new Promise<boolean>((resolve) => {
      const map = must(B).doc.getMap("bench");
      const timer = setTimeout(() => {
        map.unobserve(check);
        resolve(false);
      }, 5000);
      const check = () => {
        if (map.has(key)) {
          clearTimeout(timer);
          map.unobserve(check);
          resolve(true);
        }
      };
      map.observe(check);
    });
    const t0 = performance.now();
    must(A).doc.getMap("bench").set(key, i);
    if (await seen) samples.push(performance.now() - t0);
    else lost++;
  }
  must(A).destroy();
  must(B).destroy();
  return { ...stats(samples), lost };
}

/** (b)/(c) `docs` documents × `perDoc` clients, RATE edits/s in total for SECONDS. */
async function fanout(
  t: Target,
  docs: number,
  perDoc: number,
  rate = RATE,
  seconds = SECONDS,
) {
  const names: string[] = [];
  for (let d = 0; d < docs; d++) names.push(await t.newDoc());
  const all = names.flatMap((n) => Array.from({ length: perDoc }, () => n));
  const connStart = performance.now();
  const conns = await connectAll(t, all);
  const connectSeconds = (performance.now() - connStart) / 1000;
  const samples: number[] = [];
  for (const c of conns) {
    const map = c.doc.getMap<number>("bench");
    map.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const key of event.keysChanged) {
        const sent = map.get(key);
        if (typeof sent === "number") samples.push(now - sent);
      }
    });
  }
  await sleep(500);
  const pid = t.pid();
  // Server CPU while the clients are connected but nobody edits.
  const idle0 = cpuMs(pid);
  await sleep(2000);
  const idleCpuPerSecond = (cpuMs(pid) - idle0) / 2;
  let peakRss = procStatus(pid, "VmRSS");
  const sampler = setInterval(
    () => (peakRss = Math.max(peakRss, procStatus(pid, "VmRSS"))),
    100,
  );
  const cpu0 = cpuMs(pid);
  const total = rate * seconds;
  const expected = total * (perDoc - 1);
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(
      total,
      Math.floor(((performance.now() - t0) / 1000) * rate),
    );
    while (sent < due) {
      // Round robin over clients; clients are laid out document by document,
      // so consecutive edits go to different documents.
      const c = must(
        conns[(sent % docs) * perDoc + (Math.floor(sent / docs) % perDoc)],
      );
      c.doc.getMap("bench").set(`e${sent}`, performance.now());
      sent++;
    }
    await sleep(2);
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 15_000;
  while (samples.length < expected && performance.now() < deadline)
    await sleep(20);
  const cpu = cpuMs(pid) - cpu0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, procStatus(pid, "VmRSS"));
  for (const c of conns) c.destroy();
  return {
    ...stats(samples),
    expected,
    missing: expected - samples.length,
    rate: total / sendSeconds,
    peakRss,
    cpuPerEdit: cpu / total,
    idleCpuPerSecond,
    connectSeconds,
  };
}

/**
 * The (b) layout at doubling rates, 5 s each, until p99 reaches 50 ms or an
 * edit is not delivered. The client side shares the machine: at the top rates
 * the bench process itself may be what saturates.
 */
const RAMP = [250, 500, 1000, 2000, 4000, 8000];
async function maxRate(t: Target) {
  const steps: {
    rate: number;
    achieved: number;
    p99: number;
    missing: number;
    cpuPerEdit: number;
  }[] = [];
  let best = 0;
  for (const rate of RAMP) {
    const r = await fanout(t, 50, 2, rate, 5);
    steps.push({
      rate,
      achieved: r.rate,
      p99: r.p99,
      missing: r.missing,
      cpuPerEdit: r.cpuPerEdit,
    });
    if (r.p99 >= 50 || r.missing > 0 || r.rate < rate * 0.95) break;
    best = rate;
  }
  return { best, steps };
}

/** RSS delta over IDLE_CONNS idle connections to one document. */
async function idleMemory(t: Target) {
  const name = await t.newDoc();
  const first = await connectAll(t, [name]);
  await sleep(1000);
  const before = procStatus(t.pid(), "VmRSS");
  const conns = await connectAll(
    t,
    Array.from({ length: IDLE_CONNS }, () => name),
  );
  await sleep(2000);
  const after = procStatus(t.pid(), "VmRSS");
  for (const c of [...first, ...conns]) c.destroy();
  await sleep(500);
  return { before, after, perConn: (after - before) / IDLE_CONNS };
}

/**
 * A document of about `bytes` bytes: 1 KiB text chunks inserted at scattered
 * positions (so they stay separate items), built offline and uploaded by one
 * client; a second client waits until it has all of it (the server has it in
 * memory); then new clients join and are timed until they hold all of it.
 */
async function bigDoc(t: Target, bytes: number) {
  const local = new Y.Doc();
  const text = local.getText("big");
  const chunk = "x".repeat(1023) + "\n";
  let seed = 7;
  local.transact(() => {
    for (let i = 0; i < bytes / 1024; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      text.insert(text.length === 0 ? 0 : seed % text.length, chunk);
    }
  });
  const update = Y.encodeStateAsUpdate(local);
  const name = await t.newDoc();
  const [writer] = await connectAll(t, [name]);
  const [watcher] = await connectAll(t, [name]);
  const t0 = performance.now();
  Y.applyUpdate(must(writer).doc, update);
  const want = text.length;
  const uploadDeadline = performance.now() + 120_000;
  while (
    must(watcher).doc.getText("big").length < want &&
    performance.now() < uploadDeadline
  )
    await sleep(10);
  const upload = performance.now() - t0;
  if (must(watcher).doc.getText("big").length < want)
    return {
      size: update.length,
      upload: NaN,
      joins: [] as number[],
      ok: false,
    };
  const joins: number[] = [];
  for (let i = 0; i < 3; i++) {
    const j0 = performance.now();
    const c = t.connect(name);
    await c.synced;
    const deadline = performance.now() + 60_000;
    while (c.doc.getText("big").length < want && performance.now() < deadline)
      await sleep(2);
    joins.push(
      c.doc.getText("big").length >= want ? performance.now() - j0 : NaN,
    );
    c.destroy();
  }
  must(writer).destroy();
  must(watcher).destroy();
  return { size: update.length, upload, joins, ok: true };
}

/** Edits seen by another client, then SIGKILL, restart on the same storage, count. */
async function lossAfterKill(t: Target) {
  const name = await t.newDoc();
  const [W, R] = await connectAll(t, [name, name]);
  const rmap = must(R).doc.getMap("bench");
  for (let i = 0; i < LOSS_EDITS; i++) {
    must(W).doc.getMap("bench").set(`k${i}`, i);
    await sleep(10);
  }
  const deadline = performance.now() + 20_000;
  while (rmap.size < LOSS_EDITS && performance.now() < deadline) await sleep(5);
  const seenByOther = rmap.size;
  await t.sigkill();
  // Kill first, then drop the clients, so they cannot hand their copy back.
  must(W).destroy();
  must(R).destroy();
  await t.start();
  const [F] = await connectAll(t, [name]);
  await sleep(200);
  const survived = must(F).doc.getMap("bench").size;
  must(F).destroy();
  return {
    written: LOSS_EDITS,
    seenByOther,
    survived,
    lost: seenByOther - survived,
  };
}

// ---------------------------------------------------------------- run

type Result = {
  label: string;
  single?: Awaited<ReturnType<typeof single>>;
  b?: Awaited<ReturnType<typeof fanout>>;
  c?: Awaited<ReturnType<typeof fanout>>;
  idle?: Awaited<ReturnType<typeof idleMemory>>;
  ramp?: Awaited<ReturnType<typeof maxRate>>;
  big1?: Awaited<ReturnType<typeof bigDoc>>;
  big5?: Awaited<ReturnType<typeof bigDoc>>;
  loss?: Awaited<ReturnType<typeof lossAfterKill>>;
  errors: string[];
};

async function runTarget(t: Target): Promise<Result> {
  const r: Result = { label: t.label, errors: [] };
  const step = async <K extends keyof Result>(
    key: K,
    fn: () => Promise<Result[K]>,
  ) => {
    if (STEPS && !STEPS.includes(String(key))) return;
    const s0 = performance.now();
    try {
      r[key] = await fn();
    } catch (err) {
      r.errors.push(`${String(key)}: ${(err as Error).message.slice(0, 300)}`);
    }
    console.log(
      `  ${t.label} ${String(key)} ${((performance.now() - s0) / 1000).toFixed(1)} s`,
      JSON.stringify(r[key] ?? r.errors.at(-1)),
    );
  };
  console.log(`starting ${t.label}`);
  await t.start();
  try {
    await step("single", () => single(t));
    await step("idle", () => idleMemory(t));
    await step("b", () => fanout(t, 50, 2));
    if (LARGE) await step("c", () => fanout(t, 250, 2));
    await step("ramp", () => maxRate(t));
    await step("big1", () => bigDoc(t, 2 ** 20));
    await step("big5", () => bigDoc(t, 5 * 2 ** 20));
    await step("loss", () => lossAfterKill(t));
  } finally {
    await t.stop();
  }
  return r;
}

const wanted = (
  process.env.BENCH_PEERS ?? "reference,hocuspocus,ours-postgres,ours-pglite"
).split(",");
const targets: Target[] = [];
for (const w of wanted) {
  if (w === "reference") targets.push(reference());
  else if (w === "hocuspocus") targets.push(hocuspocus());
  else if (w === "ours-postgres") {
    if (adminDatabaseUrl) targets.push(ours("postgres"));
    else console.warn("TEST_DATABASE_URL is not set: skipping ours (postgres)");
  } else if (w === "ours-pglite") targets.push(ours("pglite"));
}

const results: Result[] = [];
for (const t of targets) results.push(await runTarget(t));

// ---------------------------------------------------------------- report

const version = (pkg: string) => {
  try {
    return JSON.parse(
      readFileSync(
        path.join(here, "node_modules", pkg, "package.json"),
        "utf8",
      ),
    ).version as string;
  } catch {
    return "?";
  }
};
const lines: string[] = [];
const out = (s = "") => lines.push(s);
const row = (cells: (string | number)[]) => out(`| ${cells.join(" | ")} |`);
const lat = (s: Stats | undefined) =>
  s ? [f(s.p50), f(s.p95), f(s.p99), f(s.max)] : ["n/a", "n/a", "n/a", "n/a"];

out(
  `\n## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — peers (bench/peers.ts), ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
);
out();
out(
  `Load average at the end of the run (other work shares this machine): ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ")}.`,
);
out();
out(
  `Versions: yjs ${version("yjs")}, y-websocket ${version("y-websocket")}, @y/websocket-server ${version("@y/websocket-server")}, @hocuspocus/server ${version("@hocuspocus/server")}, @hocuspocus/extension-database ${version("@hocuspocus/extension-database")}, @hocuspocus/provider ${version("@hocuspocus/provider")}, ws ${version("ws")}. ` +
    `Each server in its own process on 127.0.0.1, one at a time; all clients in the bench process (same client-side cost for every server). ` +
    `Ours: \`apps/server\` (commit to the database before broadcast), default settings. Reference: \`node src/server.js\`, in memory, no persistence. ` +
    `Hocuspocus: \`@hocuspocus/extension-database\` writing one file per document (the SQLite extension needs better-sqlite3's native binary, which cannot be downloaded here), default debounce 2 s / maxDebounce 10 s. ` +
    `Machine is shared and noisy: compare within this run only. Times in ms.`,
);
out();
out("Propagation latency (ms):");
out();
row([
  "server",
  "workload",
  "n",
  "p50",
  "p95",
  "p99",
  "max",
  "not delivered",
  "achieved rate",
]);
row(Array(9).fill("---"));
for (const r of results) {
  if (r.single)
    row([
      r.label,
      `(a) 2 clients, 1 doc, one edit at a time (${SINGLE_EDITS})`,
      r.single.n,
      ...lat(r.single),
      r.single.lost,
      "—",
    ]);
  if (r.b)
    row([
      r.label,
      `(b) 100 clients / 50 docs, ${RATE} edits/s × ${SECONDS} s`,
      r.b.n,
      ...lat(r.b),
      r.b.missing,
      `${f(r.b.rate, 0)}/s`,
    ]);
  if (r.c)
    row([
      r.label,
      `(c) 500 clients / 250 docs, ${RATE} edits/s × ${SECONDS} s`,
      r.c.n,
      ...lat(r.c),
      r.c.missing,
      `${f(r.c.rate, 0)}/s`,
    ]);
}
out();
out(
  `Highest rate with p99 under 50 ms, 100 clients / 50 docs, 5 s per step (rates tried: ${RAMP.join(", ")} edits/s; the clients run on the same 2 cores):`,
);
out();
row([
  "server",
  "highest passing rate",
  "steps (rate → achieved, p99 ms, not delivered, server CPU ms/edit)",
]);
row(Array(3).fill("---"));
for (const r of results) {
  if (r.ramp)
    row([
      r.label,
      `${r.ramp.best} edits/s`,
      r.ramp.steps
        .map(
          (x) =>
            `${x.rate} → ${f(x.achieved, 0)}/s, p99 ${f(x.p99)}, ${x.missing}, ${f(x.cpuPerEdit, 3)}`,
        )
        .join("; "),
    ]);
}
out();
out("Resources, sync time, durability:");
out();
row([
  "server",
  "peak RSS during (b)",
  "peak RSS during (c)",
  "CPU/edit (b)",
  "CPU/edit (c)",
  "CPU while 100 / 500 clients idle",
  `RSS/idle conn (${IDLE_CONNS})`,
  "connect 100 / 500 clients",
  "sync 1 MB warm (3 joins)",
  "sync 5 MB warm (3 joins)",
  "lost after SIGKILL",
]);
row(Array(11).fill("---"));
for (const r of results) {
  const big = (b: Result["big1"]) =>
    b
      ? `${(b.size / 2 ** 20).toFixed(2)} MiB: ${b.joins.map((x) => f(x, 0)).join(" / ")} (upload ${f(b.upload, 0)})`
      : "n/a";
  row([
    r.label,
    r.b ? `${MiB(r.b.peakRss)} MiB` : "n/a",
    r.c ? `${MiB(r.c.peakRss)} MiB` : "n/a",
    r.b ? `${f(r.b.cpuPerEdit, 3)} ms` : "n/a",
    r.c ? `${f(r.c.cpuPerEdit, 3)} ms` : "n/a",
    `${r.b ? f(r.b.idleCpuPerSecond, 0) : "n/a"} / ${r.c ? f(r.c.idleCpuPerSecond, 0) : "n/a"} ms/s`,
    r.idle
      ? `${r.idle.perConn >= 0 ? `${f(r.idle.perConn / 1024, 1)} KiB` : "n/a: RSS fell"} (${MiB(r.idle.before)} → ${MiB(r.idle.after)} MiB)`
      : "n/a",
    `${r.b ? f(r.b.connectSeconds, 1) : "n/a"} s / ${r.c ? f(r.c.connectSeconds, 1) : "n/a"} s`,
    big(r.big1),
    big(r.big5),
    r.loss
      ? `${r.loss.lost} of ${r.loss.seenByOther} seen (${r.loss.survived} survived)`
      : "n/a",
  ]);
}
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ref = results.find((r) => r.label.startsWith("reference"));
const hp = results.find((r) => r.label.startsWith("Hocuspocus"));
const metrics: [string, (r: Result) => number | undefined][] = [
  ["(a) p50", (r) => r.single?.p50],
  ["(a) p99", (r) => r.single?.p99],
  ["(b) p50", (r) => r.b?.p50],
  ["(b) p99", (r) => r.b?.p99],
  ["(c) p99", (r) => r.c?.p99],
  ["highest rate p99<50ms (higher is better)", (r) => r.ramp?.best],
  ["peak RSS (b)", (r) => r.b?.peakRss],
  ["CPU/edit (b)", (r) => r.b?.cpuPerEdit],
  [
    "RSS/idle conn",
    (r) => (r.idle && r.idle.perConn >= 0 ? r.idle.perConn : undefined),
  ],
  ["sync 1 MB (median)", (r) => (r.big1 ? median(r.big1.joins) : undefined)],
  ["sync 5 MB (median)", (r) => (r.big5 ? median(r.big5.joins) : undefined)],
];
out();
out("Ratios (ours ÷ peer; below 1 means ours is better/smaller):");
out();
row([
  "metric",
  ...results
    .filter((r) => r.label.startsWith("ours"))
    .flatMap((r) => [`${r.label} ÷ reference`, `${r.label} ÷ Hocuspocus`]),
]);
row(
  Array(1 + 2 * results.filter((r) => r.label.startsWith("ours")).length).fill(
    "---",
  ),
);
for (const [name, get] of metrics) {
  const cells: string[] = [];
  for (const o of results.filter((r) => r.label.startsWith("ours"))) {
    for (const peer of [ref, hp]) {
      const a = get(o);
      const b = peer ? get(peer) : undefined;
      cells.push(
        a !== undefined && b !== undefined && b > 0 ? f(a / b) : "n/a",
      );
    }
  }
  row([name, ...cells]);
}
const errors = results.flatMap((r) => r.errors.map((e) => `${r.label}: ${e}`));
if (errors.length) {
  out();
  out("Errors:");
  for (const e of errors) out(`- ${e}`);
}
out();
out("Raw results:");
out();
out("```json");
out(JSON.stringify(results, null, 0).replace(/\},\{"label"/g, '},\n{"label"'));
out("```");
const text = lines.join("\n");
console.log(text);
if (process.env.BENCH_DRY !== "1")
  appendFileSync(new URL("./RESULTS.md", import.meta.url), `${text}\n`);
process.exit(0);
