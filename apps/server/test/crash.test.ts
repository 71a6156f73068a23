import { docName, planFragment } from '@casehub/case-document';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, connect, createCase, freshStorage, signUp, synced, waitFor, addParagraph } from './helpers.js';
import { freePort, spawnServer, waitHealthy } from './process.js';

// Each test starts the real entry point (TypeScript loaded at boot) once or twice: give a loaded machine time.
describe.each(backends)('the server process on %s', (backend) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("[S1.2] kill -9 right after B received A's update loses nothing", async () => {
    const storage = await freshStorage(backend);
    cleanups.push(storage.drop);
    const port = String(await freePort());
    const env = { PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir, ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}) };
    const first = spawnServer(env);
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    await waitHealthy(first.url);

    const a = await signUp(first.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(first.url, name, { cookie: a.client.cookie });
    const B = connect(first.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);

    let killed = false;
    B.doc.on('update', () => {
      if (!killed && planFragment(B.doc).toString().includes('must survive')) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    });
    // Stop A from resending after the crash: only the server's copy counts.
    addParagraph(A.doc, 'must survive');
    await waitFor(() => killed, 'B to receive the update');
    A.provider.destroy();
    B.provider.destroy();
    await first.exited;

    const second = spawnServer(env);
    cleanups.push(async () => void second.child.kill('SIGKILL'));
    await waitHealthy(second.url);
    const C = connect(second.url, name, { cookie: a.client.cookie });
    await synced(C.provider);
    expect(planFragment(C.doc).toString()).toContain('must survive');
    C.provider.destroy();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});

describe('start-up configuration', () => {
  it('a bad value stops start-up with a message that names the variable', async () => {
    const proc = spawnServer({ PORT: 'eighty', DATA_DIR: '/tmp/unused-casehub' });
    expect(await proc.exited).toBe(2);
    expect(proc.output()).toMatch(/PORT="eighty": must be a number/);
    const bad = spawnServer({ PORT: '0', DATABASE_URL: 'mysql://x' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/DATABASE_URL="mysql:\/\/x": must be a URL starting with postgres:\/\//);
  }, 120_000);

  it('SIGTERM drains: the server exits 0 and a committed change is there after restart', async () => {
    const storage = await freshStorage('pglite');
    const port = String(await freePort());
    const env = { PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir };
    const first = spawnServer(env);
    await waitHealthy(first.url);
    const a = await signUp(first.url);
    const c = await createCase(a.client);
    const A = connect(first.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    addParagraph(A.doc, 'before sigterm');
    const closed = new Promise<void>((resolve) => A.provider.on('status', (e: { status: string }) => e.status === 'disconnected' && resolve()));
    await new Promise((r) => setTimeout(r, 200));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await closed;
    A.provider.destroy();
    const second = spawnServer(env);
    await waitHealthy(second.url);
    const B = connect(second.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(B.provider);
    expect(planFragment(B.doc).toString()).toContain('before sigterm');
    B.provider.destroy();
    second.child.kill('SIGTERM');
    await second.exited;
    await storage.drop();
  }, 120_000);

  it('a SIGTERM the moment the port first answers (the recurring jobs may still be starting) drains and exits 0', async () => {
    // The HTTP port opens before the recurring jobs start; a SIGTERM in between used to meet no handler and kill the process (exit by signal, seen under load in the crash test above).
    const storage = await freshStorage('pglite');
    const port = String(await freePort());
    const server = spawnServer({ PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${server.url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      // A server that never came up (its port taken by a parallel suite in between) says why, instead of a silent timeout.
      if (server.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the server did not start (exit ${server.child.exitCode}):\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await storage.drop();
  }, 120_000);

  it('[S14.6] an error nothing caught: the server logs it, drains and exits 1, and a committed change is there after a restart', async () => {
    const storage = await freshStorage('pglite');
    const port = String(await freePort());
    const env = { PORT: port, HOST: '127.0.0.1', DATA_DIR: storage.dataDir };
    const preload = fileURLToPath(new URL('./throw-on-signal.mjs', import.meta.url));
    const first = spawnServer({ ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim() });
    await waitHealthy(first.url);
    const a = await signUp(first.url);
    const c = await createCase(a.client);
    const A = connect(first.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    addParagraph(A.doc, 'before the crash');
    await new Promise((r) => setTimeout(r, 200));
    first.child.kill('SIGUSR2');
    expect(await first.exited).toBe(1);
    expect(first.output()).toContain('unexpected error; exiting for a restart');
    expect(first.output()).toContain('test: an error nothing caught');
    A.provider.destroy();
    const second = spawnServer(env);
    await waitHealthy(second.url);
    const B = connect(second.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(B.provider);
    expect(planFragment(B.doc).toString()).toContain('before the crash');
    B.provider.destroy();
    second.child.kill('SIGTERM');
    await second.exited;
    await storage.drop();
  }, 120_000);
});
