/**
 * A throwaway Redis Cluster on this machine (redis-server and redis-cli from
 * Debian's packages): `count` masters on free port pairs (a cluster node also
 * listens on its port + 10000), no replicas, nothing kept on disk.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './helpers.js';

export type RedisCluster = {
  masters: { port: number; process: ChildProcess }[];
  /** A redis:// URL of one master, as REDIS_URL names a cluster. */
  url: string;
  stop(): Promise<void>;
};

/** Whether this machine can start one (redis-server on the PATH). */
export const canStartRedisCluster = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

const free = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

async function clusterPort(): Promise<number> {
  for (let port = 17_400 + Math.floor(Math.random() * 5000); port < 30_000; port++) if ((await free(port)) && (await free(port + 10_000))) return port;
  throw new Error('no free port pair for a Redis Cluster node');
}

export async function startRedisCluster(count = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casehub-redis-cluster-'));
  const masters: RedisCluster['masters'] = [];
  const stop = async () => {
    for (const m of masters) if (m.process.exitCode === null) m.process.kill('SIGTERM');
    await Promise.all(
      masters.map((m) => new Promise((r) => (m.process.exitCode !== null || m.process.signalCode !== null ? r(null) : m.process.once('exit', r)))),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = await clusterPort();
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`)];
      const process = spawn('redis-server', [...args, '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      masters.push({ port, process });
    }
    const cli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args]).stdout?.toString() ?? '';
    for (const m of masters) await waitFor(() => cli(m.port, 'ping').includes('PONG'), 'redis-server up');
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...masters.map((m) => `127.0.0.1:${m.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    if (created.status !== 0) throw new Error(`cluster create failed: ${created.stdout?.toString()} ${created.stderr?.toString()}`);
    for (const m of masters) await waitFor(() => cli(m.port, 'cluster', 'info').includes('cluster_state:ok'), 'cluster ok', 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { masters, url: `redis://127.0.0.1:${masters[0]?.port}`, stop };
}
