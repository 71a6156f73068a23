import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledServerNodeArgs } from '../../../scripts/server-flags.mjs';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type ServerProcess = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

const entries = new Map<string, string[]>();
/**
 * The compiled server when the build is current (`pnpm test` builds before
 * this suite), as `pnpm start` runs it: each start then costs no TypeScript
 * compiling. Otherwise (sources changed since the last build) the sources
 * under tsx, so a test never runs code older than the tree.
 */
function serverEntry(dir: string): string[] {
  let entry = entries.get(dir);
  if (!entry) {
    entry =
      spawnSync(process.execPath, [path.join(dir, '../../scripts/build.mjs'), 'server', '--check']).status === 0
        ? [...compiledServerNodeArgs, 'dist/main.js']
        : ['--import', 'tsx', 'src/main.ts'];
    entries.set(dir, entry);
  }
  return entry;
}

/**
 * Runs the real server entry point (the built dist/main.js, or src/main.ts) as its own process.
 * `nodeArgs` go before it (e.g. `--cpu-prof`, which NODE_OPTIONS does not take). `dir` is another
 * checkout's apps/server (a bench comparing two versions side by side); this one's by default.
 */
export function spawnServer(env: Record<string, string>, nodeArgs: string[] = [], dir = serverDir): ServerProcess {
  let output = '';
  // One process (no tsx wrapper), so SIGKILL really kills the server.
  const child = spawn(process.execPath, [...nodeArgs, ...serverEntry(dir)], {
    cwd: dir,
    // Test and bench runs sign up many people from 127.0.0.1.
    env: { ...process.env, LOG_LEVEL: 'warn', SMTP_PORT: '0', SIGNUPS_PER_HOUR: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env.PORT ?? ''}`, output: () => output, exited };
}

export async function waitHealthy(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
