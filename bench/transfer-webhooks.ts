/**
 * Issue 16's benchmarks, in one run on this machine:
 *  - full export and import: a workspace of BENCH_CASES cases holding
 *    BENCH_ENTRIES stream entries in all (default 20 × 10,000), plus a plan
 *    paragraph per case, exported with GET /api/export and imported with
 *    POST /api/import into a new owner on a second server: MB/s and
 *    entries/s each way;
 *  - webhook fan-out: BENCH_EVENTS notes (default 400) posted as fast as the
 *    API takes them, each an `activity.created` event for BENCH_HOOKS
 *    webhooks (default 1 and 3) pointing at a local receiver: events/s from
 *    the first POST to the last delivery received, and the delivery lag.
 *
 * Servers run in this process (as the integration tests start them), on
 * PGlite and, with TEST_DATABASE_URL, PostgreSQL. `npx tsx
 * transfer-webhooks.ts` from bench/; BENCH_DRY=1 writes nothing. Appends a
 * section to bench/RESULTS.md.
 */
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { docName, planFragment, type ActivityEntry } from '@casehub/case-document';
import * as Y from 'yjs';
import { backends, createCase, signUp, startTestServer, type Backend, type TestEnv } from '../apps/server/test/helpers.js';

const casesN = Number(process.env.BENCH_CASES ?? 20);
const entriesN = Number(process.env.BENCH_ENTRIES ?? 10_000);
const eventsN = Number(process.env.BENCH_EVENTS ?? 400);
const hookCounts = (process.env.BENCH_HOOKS ?? '1,3').split(',').map(Number);
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};
const mb = (bytes: number) => bytes / 1024 / 1024;

async function buildWorkspace(env: TestEnv) {
  const owner = await signUp(env.server.url, { workspaceName: 'Bench export' });
  const per = Math.ceil(entriesN / casesN);
  let made = 0;
  for (let c = 0; c < casesN; c++) {
    const kase = await createCase(owner.client, { title: `Bench case ${c}` });
    const items: Array<{ id: string; entry: ActivityEntry }> = [];
    for (let i = 0; i < per && made < entriesN; i++, made++) {
      items.push({
        id: `bench-${c}-${i}`,
        entry: {
          kind: 'call',
          at: new Date(Date.UTC(2026, 0, 1) + made * 60_000).toISOString(),
          actorId: owner.me.user.id,
          actorName: 'Bench',
          summary: `Call ${made}: went through the renewal terms, pricing tiers and the security review timeline`,
        },
      });
    }
    // In batches of 500, as the mbox import writes them: one document change each.
    for (let b = 0; b < items.length; b += 500) await env.server.activity.addMany(kase.id, 'team', items.slice(b, b + 500));
    await env.server.rooms.change(docName(kase.id, 'team'), (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`Plan of case ${c}: renewal, expansion to EMEA, security questionnaire by March.`)]);
      planFragment(doc).push([p]);
    });
  }
  return { owner, made };
}

async function transfer(backend: Backend) {
  const [source, target] = await Promise.all([startTestServer(backend), startTestServer(backend)]);
  try {
    const built = performance.now();
    const { owner, made } = await buildWorkspace(source);
    const buildSeconds = (performance.now() - built) / 1000;
    const t0 = performance.now();
    const res = await fetch(`${source.server.url}/api/export`, { headers: { cookie: owner.client.cookie } });
    const archive = new Uint8Array(await res.arrayBuffer());
    const exportSeconds = (performance.now() - t0) / 1000;
    if (res.status !== 200) throw new Error(`export answered ${res.status}`);
    const importer = await signUp(target.server.url, { workspaceName: 'Bench import' });
    const t1 = performance.now();
    const imported = await fetch(`${target.server.url}/api/import`, {
      method: 'POST',
      body: archive,
      headers: { cookie: importer.client.cookie, 'content-type': 'application/zip' },
    });
    const body = (await imported.json()) as { cases?: number; error?: { message: string } };
    const importSeconds = (performance.now() - t1) / 1000;
    if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${body.error?.message}`);
    out(
      `| ${backend} | ${casesN} cases, ${made} entries (built in ${buildSeconds.toFixed(1)} s) | ${mb(archive.byteLength).toFixed(1)} MB | ${exportSeconds.toFixed(2)} s: ${(mb(archive.byteLength) / exportSeconds).toFixed(1)} MB/s, ${Math.round(made / exportSeconds)} entries/s | ${importSeconds.toFixed(2)} s: ${(mb(archive.byteLength) / importSeconds).toFixed(1)} MB/s, ${Math.round(made / importSeconds)} entries/s (${body.cases} cases) |`,
    );
  } finally {
    await source.stop();
    await target.stop();
  }
}

/** A receiver that answers 200 at once and notes when each delivery arrived. */
async function receiver() {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function fanOut(backend: Backend, hooks: number) {
  const env = await startTestServer(backend, { WEBHOOK_ALLOW_PRIVATE: 'true' });
  const sink = await receiver();
  try {
    const { client } = await signUp(env.server.url);
    for (let h = 0; h < hooks; h++) {
      const made = await client.post('/api/webhooks', { url: `${sink.url}?h=${h}`, events: ['activity.created'] });
      if (made.status !== 201) throw new Error(`webhook: ${made.status} ${JSON.stringify(made.body)}`);
    }
    const kase = await createCase(client);
    const t0 = performance.now();
    for (let i = 0; i < eventsN; i++) {
      const note = await client.post(`/api/cases/${kase.id}/notes`, { text: `Note ${i}` });
      if (note.status !== 201) throw new Error(`note: ${note.status}`);
    }
    const posted = performance.now();
    const want = eventsN * hooks;
    const deadline = Date.now() + 600_000;
    while (sink.arrivals.length < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const last = sink.arrivals.at(-1) ?? performance.now();
    const seconds = (last - t0) / 1000;
    out(
      `| ${backend} | ${hooks} | ${eventsN} notes → ${want} deliveries | ${sink.arrivals.length} | ${((posted - t0) / 1000).toFixed(1)} s | ${seconds.toFixed(1)} s: ${(sink.arrivals.length / seconds).toFixed(1)} deliveries/s | ${((last - posted) / 1000).toFixed(1)} s |`,
    );
  } finally {
    await env.stop();
    await sink.close();
  }
}

const started = new Date();
const load = os
  .loadavg()
  .map((n) => n.toFixed(2))
  .join(' / ');
out(
  `## ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — export/import and webhook fan-out (bench/transfer-webhooks.ts), ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
out('');
out(
  `Servers in this process, one workspace built through the activity service in batches of 500 entries (as the mbox import writes them). Load average at the start: ${load}; the machine is shared and noisy: compare within a run.`,
);
out('');
out('| backend | workspace | archive | export (GET /api/export) | import (POST /api/import, another server) |');
out('| --- | --- | --- | --- | --- |');
for (const backend of backends) await transfer(backend);
out('');
out('| backend | webhooks | events | received | notes posted in | first note → last delivery | after the last note |');
out('| --- | --- | --- | --- | --- | --- | --- |');
for (const backend of backends) for (const hooks of hookCounts) await fanOut(backend, hooks);
out('');
if (!process.env.BENCH_DRY) appendFileSync(path.resolve(import.meta.dirname, 'RESULTS.md'), `\n${lines.join('\n')}\n`);
process.exit(0);
