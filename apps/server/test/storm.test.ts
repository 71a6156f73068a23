import { planFragment } from '@casehub/case-document';
import { afterAll, describe, expect, it } from 'vitest';
import { addParagraph, backends, freshStorage, waitFor } from './helpers.js';
import { freePort, spawnServer, waitHealthy, type ServerProcess } from './process.js';
import { connectStormClients, stormEnv } from './raw-sync-client.js';

/**
 * A reconnect storm: 1,000 clients lose the server at once and all come back
 * as soon as it is up again (raw sync clients retrying every 500 ms in
 * lockstep). How fast /api/health answers meanwhile is bench/storm-health.ts's
 * to measure, from a process of its own: here the probe shares the test
 * process with the thousand clients.
 */

const clientCount = Number(process.env.STORM_CLIENTS ?? 1000);
const docCount = 10;

describe('reconnect storm', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(`${clientCount} clients reconnect at once after a restart: the server stays up and answers, and every client ends synced`, async () => {
    // PostgreSQL when there is one (less memory per node than PGlite).
    const backend = backends.includes('postgres') ? 'postgres' : 'pglite';
    const storage = await freshStorage(backend);
    cleanups.push(storage.drop);
    const env = stormEnv(String(await freePort()), storage, clientCount);
    let server: ServerProcess = spawnServer(env);
    cleanups.push(() => server.child.kill('SIGKILL'));
    await waitHealthy(server.url);

    const { names, clients } = await connectStormClients(server.url, clientCount, docCount);
    cleanups.push(() => clients.forEach(({ client }) => client.stop()));
    // One edit per document before the restart.
    const writers = names.map((name) => clients.find((c) => c.name === name)?.client);
    writers.forEach((w, i) => w && addParagraph(w.doc, `before-${i}`));
    await waitFor(
      () =>
        clients.every(({ name, client }) =>
          planFragment(client.doc)
            .toString()
            .includes(`before-${names.indexOf(name)}`),
        ),
      'the edits to reach everyone',
      60_000,
    );

    // The restart: every socket drops at once, and every client retries in lockstep.
    server.child.kill('SIGKILL');
    await server.exited;
    await waitFor(() => clients.every(({ client }) => !client.synced), 'every client to notice', 30_000);
    server = spawnServer(env);
    await waitHealthy(server.url, 60_000);
    const upAt = Date.now();
    // /api/health keeps answering while the clients pile in.
    const health: Array<{ status: number; ms: number }> = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const sent = Date.now();
        const status = await fetch(`${server.url}/api/health`).then(
          (r) => r.status,
          () => 0,
        );
        health.push({ status, ms: Date.now() - sent });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await waitFor(() => clients.every(({ client }) => client.synced), 'every client to be synced again', 120_000);
    const allSyncedMs = Date.now() - upAt;
    probing = false;
    await probe;
    const healthyDuringStorm = health.filter((h) => h.status === 200).length;
    const slowestHealthMs = Math.max(...health.map((h) => h.ms));

    // Everyone has what was there before, and live edits reach everyone again.
    writers.forEach((w, i) => w && addParagraph(w.doc, `after-${i}`));
    await waitFor(
      () =>
        clients.every(({ name, client }) =>
          ['before', 'after'].every((when) =>
            planFragment(client.doc)
              .toString()
              .includes(`${when}-${names.indexOf(name)}`),
          ),
        ),
      'the edits after the storm to reach everyone',
      60_000,
    );
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(healthyDuringStorm).toBe(health.length);
    console.log(
      `[storm] ${clientCount} clients over ${docCount} documents (${backend}): all synced ${allSyncedMs} ms after the restarted server answered /api/health; ` +
        `/api/health during the storm: ${healthyDuringStorm} of ${health.length} probes answered 200, the slowest in ${slowestHealthMs} ms; ` +
        `reconnects: ${clients.reduce((n, { client }) => n + client.connects, 0) - 2 * clientCount} beyond one per client`,
    );
  }, 300_000);
});
