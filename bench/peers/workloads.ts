/**
 * What the peer benchmark asks of each server. Every function takes the
 * target and its sizes; nothing here asserts a number.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import * as Y from 'yjs';
import { cpuMs, must, procStatus, rssPeak, sleep, stats } from './measure.js';
import type { Conn, RawJoin, Target } from './servers.js';

export async function connectAll(t: Target, names: string[], batch = 50): Promise<Conn[]> {
  const conns: Conn[] = [];
  for (let i = 0; i < names.length; i += batch) {
    const slice = names.slice(i, i + batch).map((n) => t.connect(n));
    await Promise.all(slice.map((c) => c.synced));
    conns.push(...slice);
  }
  return conns;
}

/** One edit at a time from A, measured at B. */
export async function single(t: Target, edits: number) {
  const name = await t.newDoc();
  const [A, B] = await connectAll(t, [name, name]);
  const samples: number[] = [];
  let lost = 0;
  for (let i = 0; i < edits; i++) {
    const key = `k${i}`;
    const seen = new Promise<boolean>((resolve) => {
      const map = must(B).doc.getMap('bench');
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
    must(A).doc.getMap('bench').set(key, i);
    if (await seen) samples.push(performance.now() - t0);
    else lost++;
  }
  must(A).destroy();
  must(B).destroy();
  return { ...stats(samples), lost };
}

/**
 * `docs` documents × `perDoc` clients, `rate` edits/s in total for `seconds`;
 * every edit is timed at every other client of its document. `writers`: how
 * many of a document's clients edit (the rest only read); all by default.
 */
export async function fanout(t: Target, docs: number, perDoc: number, rate: number, seconds: number, writers = perDoc) {
  const names: string[] = [];
  for (let d = 0; d < docs; d++) names.push(await t.newDoc());
  const all = names.flatMap((n) => Array.from({ length: perDoc }, () => n));
  const connStart = performance.now();
  const conns = await connectAll(t, all);
  const connectSeconds = (performance.now() - connStart) / 1000;
  const samples: number[] = [];
  for (const c of conns) {
    const map = c.doc.getMap<number>('bench');
    map.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const key of event.keysChanged) {
        const sent = map.get(key);
        if (typeof sent === 'number') samples.push(now - sent);
      }
    });
  }
  await sleep(500);
  const pid = t.pid();
  // Server CPU while the clients are connected but nobody edits.
  const idle0 = cpuMs(pid);
  await sleep(2000);
  const idleCpuPerSecond = (cpuMs(pid) - idle0) / 2;
  let peakRss = procStatus(pid, 'VmRSS');
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, procStatus(pid, 'VmRSS'))), 100);
  const cpu0 = cpuMs(pid);
  const total = rate * seconds;
  const expected = total * (perDoc - 1);
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    while (sent < due) {
      // Round robin over clients; clients are laid out document by document,
      // so consecutive edits go to different documents.
      const c = must(conns[(sent % docs) * perDoc + (Math.floor(sent / docs) % writers)]);
      c.doc.getMap('bench').set(`e${sent}`, performance.now());
      sent++;
    }
    await sleep(2);
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 15_000;
  while (samples.length < expected && performance.now() < deadline) await sleep(20);
  const cpu = cpuMs(pid) - cpu0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, procStatus(pid, 'VmRSS'));
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
 * `people` clients in one document, each moving its caret `perSecond` times
 * a second (staggered) for `seconds`: every caret state carries the moment it
 * was set, and is timed at every other client when its awareness changes. A
 * move a client never sees (a server may send only a person's latest move,
 * or lose it) is counted as not seen, not as late.
 */
export async function presence(t: Target, people: number, perSecond: number, seconds: number) {
  const name = await t.newDoc();
  const conns = await connectAll(
    t,
    Array.from({ length: people }, () => name),
  );
  const samples: number[] = [];
  const ids = new Set(conns.map((c) => c.awareness.clientID));
  for (const c of conns) {
    c.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      const now = performance.now();
      for (const id of [...added, ...updated]) {
        if (id === c.awareness.clientID || !ids.has(id)) continue;
        const sent = (c.awareness.getStates().get(id) as { at?: unknown } | undefined)?.at;
        if (typeof sent === 'number') samples.push(now - sent);
      }
    });
  }
  // Everyone has everyone's first state before the clock starts.
  for (const [i, c] of conns.entries()) c.awareness.setLocalStateField('cursor', { anchor: i, head: i });
  await sleep(2000);
  samples.length = 0;
  const pid = t.pid();
  const rss = rssPeak(pid, 100);
  const cpu0 = cpuMs(pid);
  const total = Math.round(people * perSecond * seconds);
  const t0 = performance.now();
  let moved = 0;
  while (moved < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * people * perSecond));
    for (; moved < due; moved++) {
      const c = must(conns[moved % people]);
      c.awareness.setLocalState({ ...c.awareness.getLocalState(), cursor: { anchor: moved, head: moved + 1 }, at: performance.now() });
    }
    await sleep(2);
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  const expected = total * (people - 1);
  const deadline = performance.now() + 10_000;
  while (samples.length < expected && performance.now() < deadline) await sleep(20);
  await sleep(500);
  const cpu = cpuMs(pid) - cpu0;
  const peakRss = rss.stop();
  for (const c of conns) c.destroy();
  return {
    ...stats(samples),
    expected,
    notSeen: Math.max(0, expected - samples.length),
    rate: total / sendSeconds,
    peakRss,
    cpuPerMove: cpu / total,
  };
}

/**
 * The (b) layout at doubling rates, 5 s each, until p99 reaches 50 ms or an
 * edit is not delivered. The client side shares the machine: at the top rates
 * the bench process itself may be what saturates.
 */
export async function maxRate(t: Target, rates: number[], seconds: number) {
  const steps: {
    rate: number;
    achieved: number;
    p99: number;
    missing: number;
    cpuPerEdit: number;
  }[] = [];
  let best = 0;
  for (const rate of rates) {
    const r = await fanout(t, 50, 2, rate, seconds);
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

/** RSS delta over `count` idle connections to one document. */
export async function idleMemory(t: Target, count: number) {
  const name = await t.newDoc();
  const first = await connectAll(t, [name]);
  await sleep(1000);
  const before = procStatus(t.pid(), 'VmRSS');
  const conns = await connectAll(
    t,
    Array.from({ length: count }, () => name),
  );
  await sleep(2000);
  const after = procStatus(t.pid(), 'VmRSS');
  for (const c of [...first, ...conns]) c.destroy();
  await sleep(500);
  return { count, before, after, perConn: (after - before) / count };
}

/** A document to upload: its updates (about 1 MiB each) and the text length a complete copy has. */
type BigDoc = { updates: Uint8Array[]; length: number; size: number };
const built = new Map<number, BigDoc>();

/**
 * About `bytes` of text as 1 KiB chunks inserted at scattered positions (so
 * they stay separate items), in transactions of 1 MiB: each is one update,
 * one frame on the way up, below every server's frame limit. Built once per
 * size and reused for every server.
 */
export function buildBigDoc(bytes: number): BigDoc {
  const cached = built.get(bytes);
  if (cached) return cached;
  const local = new Y.Doc();
  const text = local.getText('big');
  const updates: Uint8Array[] = [];
  local.on('update', (u: Uint8Array) => updates.push(u));
  const chunk = 'x'.repeat(1023) + '\n';
  const chunks = Math.round(bytes / 1024);
  let seed = 7;
  for (let done = 0; done < chunks;) {
    local.transact(() => {
      for (let i = 0; i < 1024 && done < chunks; i++, done++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        text.insert(text.length === 0 ? 0 : seed % text.length, chunk);
      }
    });
  }
  const doc = {
    updates,
    length: text.length,
    size: Y.encodeStateAsUpdate(local).length,
  };
  local.destroy();
  built.set(bytes, doc);
  return doc;
}

/** A new client (the server's own client library) until it holds all `want` characters; NaN if it never does. */
async function timedJoin(t: Target, name: string, want: number) {
  const j0 = performance.now();
  const c = t.connect(name);
  try {
    await c.synced;
    const deadline = performance.now() + 120_000;
    while (c.doc.getText('big').length < want && performance.now() < deadline) await sleep(2);
    return c.doc.getText('big').length >= want ? performance.now() - j0 : NaN;
  } catch {
    return NaN;
  } finally {
    c.destroy();
  }
}

/**
 * A bare TCP socket that upgrades to WebSocket by hand, asks for the whole
 * document and is timed until `minBytes` have arrived. It only counts bytes:
 * with 100 clients on 20 MB in this one process (on a shared machine), ws
 * reassembling every message, let alone Yjs decoding it, would queue behind
 * each other and measure the bench rather than the server.
 */
function rawJoin(j: RawJoin, minBytes: number): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const url = new URL(j.url);
    const sock = net.connect(Number(url.port), url.hostname);
    let settled = false;
    let upgraded = false;
    let head = '';
    let received = 0;
    const done = (value: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(NaN), 180_000);
    sock.on('connect', () => {
      const headers = Object.entries(j.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      sock.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`,
      );
    });
    sock.on('data', (data: Buffer) => {
      if (!upgraded) {
        head += data.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!head.startsWith('HTTP/1.1 101')) return done(NaN);
        upgraded = true;
        received = head.length - end - 4;
        for (const m of j.hello) sock.write(clientFrame(m));
      } else received += data.length;
      if (received >= minBytes) done(performance.now() - t0);
    });
    sock.on('error', () => done(NaN));
    sock.on('close', () => done(NaN));
  });
}

/** One binary WebSocket frame from a client: masked, with a zero mask (the payload goes as it is). */
function clientFrame(payload: Uint8Array): Buffer {
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x82, 0x80 | len]) : Buffer.from([0x82, 0x80 | 126, len >> 8, len & 0xff]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

/** `clients` bare sockets join `name` at once: time to the whole document, peak server RSS, server CPU. */
export async function joinStorm(t: Target, name: string, clients: number, minBytes: number) {
  const pid = t.pid();
  const rssBefore = procStatus(pid, 'VmRSS');
  const cpu0 = cpuMs(pid);
  const peak = rssPeak(pid);
  const t0 = performance.now();
  const times = await Promise.all(Array.from({ length: clients }, () => rawJoin(t.raw(name), minBytes)));
  const wallMs = performance.now() - t0;
  const peakRss = peak.stop();
  const ok = times.filter((x) => Number.isFinite(x));
  return {
    clients,
    ...stats(ok),
    failed: clients - ok.length,
    wallMs,
    rssBefore,
    peakRss,
    cpuMs: cpuMs(pid) - cpu0,
  };
}

export type BigDocResult = {
  mb: number;
  size: number;
  upload: number;
  warm: number[];
  cold: number[];
};

/**
 * Per size: one client uploads the document, a second waits until it holds
 * all of it (so the server has it loaded), then `warmJoins` new clients join
 * one after another and are timed until they hold all of it; at `stormMb` a
 * join storm runs while the document is loaded. Then, for servers that
 * store documents, the server restarts and one client per document joins
 * cold (the server reads it from storage); after another restart the storm
 * runs again on the cold document.
 */
export async function bigDocs(t: Target, sizesMb: number[], warmJoins: number, storm: { mb: number; clients: number }) {
  const docs: (BigDocResult & { name: string; want: number })[] = [];
  let stormWarm: Awaited<ReturnType<typeof joinStorm>> | undefined;
  let stormCold: Awaited<ReturnType<typeof joinStorm>> | undefined;
  let stormDoc: { name: string; minBytes: number } | undefined;
  for (const mb of sizesMb) {
    const big = buildBigDoc(mb * 2 ** 20);
    const name = await t.newDoc();
    const [writer, watcher] = await connectAll(t, [name, name]);
    const t0 = performance.now();
    for (const u of big.updates) Y.applyUpdate(must(writer).doc, u);
    const deadline = performance.now() + 180_000;
    while (must(watcher).doc.getText('big').length < big.length && performance.now() < deadline) await sleep(10);
    const uploaded = must(watcher).doc.getText('big').length >= big.length;
    const r = {
      mb,
      name,
      want: big.length,
      size: big.size,
      upload: uploaded ? performance.now() - t0 : NaN,
      warm: [] as number[],
      cold: [] as number[],
    };
    if (uploaded) {
      for (let i = 0; i < warmJoins; i++) r.warm.push(await timedJoin(t, name, big.length));
      if (mb === storm.mb) {
        stormDoc = { name, minBytes: big.size };
        stormWarm = await joinStorm(t, name, storm.clients, stormDoc.minBytes);
      }
    }
    must(writer).destroy();
    must(watcher).destroy();
    docs.push(r);
  }
  if (t.durable) {
    // Hocuspocus stores a document 2 s after its last change (debounce).
    await sleep(3000);
    await t.restart();
    for (const d of docs) if (Number.isFinite(d.upload)) d.cold.push(await timedJoin(t, d.name, d.want));
    if (stormDoc) {
      await t.restart();
      stormCold = await joinStorm(t, stormDoc.name, storm.clients, stormDoc.minBytes);
    }
  }
  return {
    docs: docs.map(({ name: _n, want: _w, ...d }) => d),
    stormWarm,
    stormCold,
  };
}

/**
 * RSS delta over `count` documents loaded at once, each with one client that
 * writes the same small content (20 map keys and 1 KiB of text).
 */
export async function docMemory(t: Target, count: number) {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(await t.newDoc());
  await sleep(1000);
  const before = procStatus(t.pid(), 'VmRSS');
  const conns = await connectAll(t, names);
  for (const c of conns)
    c.doc.transact(() => {
      const map = c.doc.getMap('bench');
      for (let k = 0; k < 20; k++) map.set(`k${k}`, k);
      c.doc.getText('note').insert(0, 'y'.repeat(1024));
    });
  await sleep(3000);
  const after = procStatus(t.pid(), 'VmRSS');
  for (const c of conns) c.destroy();
  await sleep(500);
  return { count, before, after, perDoc: (after - before) / count };
}

/** Edits seen by another client, then SIGKILL, restart on the same storage, count. */
export async function lossAfterKill(t: Target, edits: number) {
  const name = await t.newDoc();
  const [W, R] = await connectAll(t, [name, name]);
  const rmap = must(R).doc.getMap('bench');
  for (let i = 0; i < edits; i++) {
    must(W).doc.getMap('bench').set(`k${i}`, i);
    await sleep(10);
  }
  const deadline = performance.now() + 20_000;
  while (rmap.size < edits && performance.now() < deadline) await sleep(5);
  const seenByOther = rmap.size;
  await t.sigkill();
  // Kill first, then drop the clients, so they cannot hand their copy back.
  must(W).destroy();
  must(R).destroy();
  await t.start();
  const [F] = await connectAll(t, [name]);
  await sleep(200);
  const survived = must(F).doc.getMap('bench').size;
  must(F).destroy();
  return {
    written: edits,
    seenByOther,
    survived,
    lost: seenByOther - survived,
  };
}
