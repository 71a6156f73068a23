/**
 * The servers under test, each in its own process on 127.0.0.1, and how to
 * reach each through its own client library or a raw socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider } from '@hocuspocus/provider';
import postgres from 'postgres';
import { WebSocket } from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName } from '@casehub/case-document';
import { connect as connectOurs, createCase, freshStorage, signUp, synced as ywsSynced, type Client } from '../../apps/server/test/helpers.js';
import { freePort, spawnServer, waitHealthy } from '../../apps/server/test/process.js';
import { must } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.join(here, '..');

/** What a bare WebSocket client sends to ask for a whole document. */
export type RawJoin = {
  url: string;
  headers: Record<string, string>;
  hello: Uint8Array[];
};

export type Conn = { doc: Y.Doc; awareness: Awareness; synced: Promise<void>; destroy(): void };
export interface Target {
  label: string;
  /** Whether documents outlive a restart (false: the reference, in memory). */
  durable: boolean;
  /** The steps this server takes part in (all when absent). */
  only?: readonly string[];
  /** Starts (or restarts after a kill) on the same storage. */
  start(): Promise<void>;
  /** SIGTERM, then start again on the same storage: every document is cold. */
  restart(): Promise<void>;
  pid(): number;
  newDoc(): Promise<string>;
  connect(name: string): Conn;
  /** A bare socket asking for the whole document (join storms). */
  raw(name: string): RawJoin;
  sigkill(): Promise<void>;
  stop(): Promise<void>;
}

function spawnNode(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, args, {
    cwd: benchDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.on('exit', r));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stopChild(p: { child: ChildProcess; exited: Promise<unknown> } | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const t = setTimeout(() => p.child.kill('SIGKILL'), 5000);
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
    awareness: provider.awareness,
    synced: ywsSynced(provider, 120_000),
    destroy: () => provider.destroy(),
  };
}

/**
 * `asyncCommit` (a diagnosis, never the product's setting): PostgreSQL
 * answers a commit before its WAL reaches the disk, so a PostgreSQL or OS
 * crash may lose the last few hundred milliseconds; a crash of our server
 * still loses nothing. It shows what the wait for the disk costs.
 */
export function ours(backend: 'postgres' | 'pglite', asyncCommit = false): Target {
  let storage: Awaited<ReturnType<typeof freshStorage>> | undefined;
  let port = '';
  let proc: ReturnType<typeof spawnServer> | undefined;
  let client: Client;
  return {
    label: `ours (${backend}${asyncCommit ? ', synchronous_commit=off' : ''})`,
    durable: true,
    async start() {
      if (!storage) {
        storage = await freshStorage(backend);
        port = String(await freePort());
        if (asyncCommit && storage.databaseUrl) {
          const url = storage.databaseUrl;
          const sql = postgres(url, { max: 1 });
          await sql.unsafe(`alter database "${new URL(url).pathname.slice(1)}" set synchronous_commit = off`);
          await sql.end();
        }
      }
      const env = {
        PORT: port,
        HOST: '127.0.0.1',
        DATA_DIR: storage.dataDir,
        // One person opens every socket of the run.
        MAX_SOCKETS_PER_USER: '100000',
        ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
      };
      // BENCH_CPU_PROF=<dir>: V8 profiles, written when the server exits on SIGTERM.
      const profile = process.env.BENCH_CPU_PROF;
      proc = spawnServer(env, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
      // A fresh PGlite data directory takes tens of seconds on this loaded machine.
      await waitHealthy(proc.url, 300_000);
      if (!client) client = (await signUp(proc.url)).client;
    },
    pid: () => must(must(proc).child.pid),
    async newDoc() {
      return docName((await createCase(client)).id, 'team');
    },
    connect(name) {
      const { doc, provider } = connectOurs(must(proc).url, name, {
        cookie: client.cookie,
      });
      return {
        doc,
        awareness: provider.awareness,
        synced: ywsSynced(provider, 120_000),
        destroy: () => provider.destroy(),
      };
    },
    raw: (name) => ({
      url: `${must(proc).url.replace(/^http/, 'ws')}/sync/${name}`,
      headers: { cookie: client.cookie },
      hello: [emptySyncStep1()],
    }),
    async sigkill() {
      must(proc).child.kill('SIGKILL');
      await must(proc).exited;
    },
    async restart() {
      await stopChild(proc);
      await this.start();
    },
    async stop() {
      await stopChild(proc);
      await storage?.drop();
    },
  };
}

/**
 * The reference server; with `floor`, the same server made to commit every
 * update to PostgreSQL (a throwaway database) before it broadcasts it
 * (floor-server.mjs).
 */
export function reference(floor = false): Target {
  let port = '';
  let p: Awaited<ReturnType<typeof spawnNode>> | undefined;
  let storage: Awaited<ReturnType<typeof freshStorage>> | undefined;
  let n = 0;
  return {
    label: floor ? 'floor (the reference + one INSERT before each broadcast)' : 'reference (@y/websocket-server 0.1.1, in memory)',
    durable: false,
    // The floor is a yardstick for propagation only: it never reads back what it stores.
    ...(floor ? { only: ['single', 'a', 'hot', 'b', 'c', 'w', 'presence', 'ramp'] } : {}),
    async start() {
      if (!port) port = String(await freePort());
      if (floor && !storage) storage = await freshStorage('postgres');
      p = await spawnNode(
        [floor ? path.join(here, 'floor-server.mjs') : path.join(benchDir, 'node_modules/@y/websocket-server/src/server.js')],
        {
          HOST: '127.0.0.1',
          PORT: port,
          ...(storage?.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
        },
        /running at/,
      );
    },
    pid: () => must(must(p).child.pid),
    newDoc: async () => `doc-${n++}`,
    connect: (name) => ywsConn(`ws://127.0.0.1:${port}`, name),
    raw: (name) => ({
      url: `ws://127.0.0.1:${port}/${name}`,
      headers: {},
      hello: [emptySyncStep1()],
    }),
    async sigkill() {
      must(p).child.kill('SIGKILL');
      await must(p).exited;
    },
    async restart() {
      await stopChild(p);
      await this.start();
    },
    async stop() {
      await stopChild(p);
      await storage?.drop();
    },
  };
}

export function hocuspocus(): Target {
  let port = '';
  let dir = '';
  let p: Awaited<ReturnType<typeof spawnNode>> | undefined;
  let n = 0;
  return {
    label: 'Hocuspocus 4.x (extension-database → files)',
    durable: true,
    async start() {
      if (!port) {
        port = String(await freePort());
        dir = await mkdtemp(path.join(os.tmpdir(), 'bench-hocuspocus-'));
      }
      p = await spawnNode([path.join(here, 'hocuspocus-server.mjs')], { DATA_DIR: dir, PORT: port }, /listening/);
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
        const timer = setTimeout(() => reject(new Error('hocuspocus provider did not sync')), 120_000);
        provider.on('synced', ({ state }: { state: boolean }) => {
          if (state) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      return { doc, awareness: provider.awareness, synced, destroy: () => provider.destroy() };
    },
    raw: (name) => ({
      url: `ws://127.0.0.1:${port}`,
      headers: {},
      hello: [hocuspocusAuth(name), hocuspocusSyncStep1(name)],
    }),
    async sigkill() {
      must(p).child.kill('SIGKILL');
      await must(p).exited;
    },
    async restart() {
      await stopChild(p);
      await this.start();
    },
    async stop() {
      await stopChild(p);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** y-websocket: sync (0), step 1 (0), an empty state vector. */
function emptySyncStep1(): Uint8Array {
  return Uint8Array.of(0, 0, 1, 0);
}

/** lib0's variable-length unsigned integer. */
function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
function varString(s: string): number[] {
  const bytes = new TextEncoder().encode(s);
  return [...varUint(bytes.length), ...bytes];
}

/** Hocuspocus prefixes every message with the document name; auth comes first. */
function hocuspocusAuth(name: string): Uint8Array {
  // MessageType.Auth (2), token (0), an empty token
  return Uint8Array.from([...varString(name), 2, 0, ...varString('')]);
}

function hocuspocusSyncStep1(name: string): Uint8Array {
  // MessageType.Sync (0), step 1 (0), an empty state vector
  return Uint8Array.from([...varString(name), 0, 0, 1, 0]);
}
