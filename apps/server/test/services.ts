import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './process.js';

/**
 * Throwaway PostgreSQL and Redis servers for the fault tests, which stop and
 * kill them: never the machine's shared ones, which other suites use at the
 * same time.
 */

const run = promisify(execFile);

/** Debian's PostgreSQL binaries (initdb, pg_ctl), newest version first; undefined if none. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export type PrivatePostgres = { url: string; port: number; stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> };

/**
 * A PostgreSQL cluster of its own in a temp dir, on a free port. initdb
 * refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'casehub-pg-'));
  const asRoot = process.getuid?.() === 0;
  const pgUid = asRoot ? Number((await run('id', ['-u', 'postgres'])).stdout.trim()) : undefined;
  const pgGid = asRoot ? Number((await run('id', ['-g', 'postgres'])).stdout.trim()) : undefined;
  if (pgUid !== undefined && pgGid !== undefined) await chown(dir, pgUid, pgGid);
  const as = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  const data = path.join(dir, 'data');
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = async () => void (await as('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']));
  // Fast: open connections are cut, as in a crash or a failover.
  const stop = async () => void (await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function redisServerAvailable(): boolean {
  return (process.env.PATH ?? '').split(':').some((p) => existsSync(path.join(p, 'redis-server')));
}

export type PrivateRedis = { url: string; port: number; kill(): Promise<void>; start(): Promise<void> };

/** A Redis of its own on a free port, without persistence; `kill` is SIGKILL, `start` uses the same port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const ok = await run('redis-cli', ['-p', String(port), 'ping']).then(
        (r) => r.stdout.trim() === 'PONG',
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('private redis did not start');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}
