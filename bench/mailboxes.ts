/**
 * Issue 13's benchmarks, in one run on this machine, against a private
 * Dovecot (apps/server/test/dovecot.ts) and a server in this process, on
 * PGlite and, with TEST_DATABASE_URL, PostgreSQL:
 *  - backfill: BENCH_MESSAGES messages (default 500) put into a mailbox's
 *    INBOX, addressed to a case, then the mailbox connected: messages/s until
 *    all are stored; against the same number of `.eml` posted one after
 *    another to POST /api/cases/<id>/emails (the API path);
 *  - delivery: BENCH_DELIVERIES messages (default 40), one at a time, from
 *    IMAP APPEND to the stream entry appearing in a client connected to the
 *    case's team document (IDLE), p50/p95/p99; against POST of an .eml to the
 *    entry appearing the same way.
 *
 * `npx tsx mailboxes.ts` from bench/ (needs /usr/sbin/dovecot); BENCH_DRY=1
 * writes nothing. Appends a section to bench/RESULTS.md.
 */
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activityMap, docName } from '@casehub/case-document';
import {
  backends,
  connect,
  createCase,
  postRawEmail,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type Backend,
  type Client,
} from '../apps/server/test/helpers.js';
import { dovecotAvailable, dovecotMissing, startDovecot, type Dovecot } from '../apps/server/test/dovecot.js';

const messagesN = Number(process.env.BENCH_MESSAGES ?? 500);
const deliveriesN = Number(process.env.BENCH_DELIVERIES ?? 40);
const password = 'bench-secret';
const lines: string[] = [];
const out = (s: string) => {
  console.log(s);
  lines.push(s);
};

if (!dovecotAvailable) {
  console.error(dovecotMissing);
  process.exit(1);
}

const message = (to: string, id: string, i: number): string =>
  [
    `From: Customer ${i % 17} <customer${i % 17}@example.com>`,
    `To: ${to}`,
    `Subject: Order question ${id}`,
    `Message-ID: <${id}@bench.example>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, a question about order ${i}: when does it ship, and can the invoice name our purchasing department? Thanks.`,
    '',
  ].join('\r\n');

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${Math.round(n)} ms`;

async function run(backend: Backend, dovecot: Dovecot, users: { backfill: string; live: string }) {
  const env = await startTestServer(backend, { MAILBOX_POLL_SECONDS: '30', MAILBOX_BACKFILL_DAYS: '30' });
  try {
    const owner = await signUp(env.server.url, { workspaceName: `Bench mail ${backend}` });
    const client: Client = owner.client;
    const apiCase = (await createCase(client, { title: 'API path' })).id;
    const imapCase = (await createCase(client, { title: 'IMAP path' })).id;
    const addressOf = async (id: string) => (await client.get(`/api/cases/${id}/address`)).body.address as string;
    const [apiAddress, imapAddress] = [await addressOf(apiCase), await addressOf(imapCase)];

    // The API path: one .eml after another.
    const apiStart = performance.now();
    for (let i = 0; i < messagesN; i++) {
      const res = await postRawEmail(client, `/api/cases/${apiCase}/emails`, message(apiAddress, `api-${backend}-${i}`, i));
      if (res.status !== 201) throw new Error(`POST .eml answered ${res.status}`);
    }
    const apiSeconds = (performance.now() - apiStart) / 1000;

    // The backfill: the same number already in the mailbox, then connected.
    for (let i = 0; i < messagesN; i++) await dovecot.append(users.backfill, password, 'INBOX', message(imapAddress, `imap-${backend}-${i}`, i));
    const connectStart = performance.now();
    const made = await client.post('/api/mailboxes', {
      name: 'Bench',
      address: `${users.backfill}@bench.example`,
      imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: users.backfill, password },
    });
    if (made.status !== 201) throw new Error(`connecting the mailbox answered ${made.status}: ${JSON.stringify(made.body)}`);
    await waitFor(
      async () => {
        const m = (await client.get('/api/mailboxes')).body.mailboxes.find((x: { id: string }) => x.id === made.body.id);
        return m?.messages >= messagesN && m.status === 'idle';
      },
      'the backfill',
      600_000,
    );
    const backfillSeconds = (performance.now() - connectStart) / 1000;
    out(
      `| ${backend} | ${messagesN} | ${apiSeconds.toFixed(1)} s: ${(messagesN / apiSeconds).toFixed(0)} msg/s | ${backfillSeconds.toFixed(1)} s: ${(messagesN / backfillSeconds).toFixed(0)} msg/s | ${(apiSeconds / backfillSeconds).toFixed(2)} |`,
    );

    // Delivery: a second mailbox, idle and empty; one message at a time, to the entry seen by a client.
    const live = await client.post('/api/mailboxes', {
      name: 'Live',
      address: `${users.live}@bench.example`,
      imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: users.live, password },
    });
    await waitFor(
      async () => (await client.get('/api/mailboxes')).body.mailboxes.find((x: { id: string }) => x.id === live.body.id)?.status === 'idle',
      'idle',
    );
    const watched = async (caseId: string) => {
      const peer = connect(env.server.url, docName(caseId, 'team'), { cookie: client.cookie });
      await synced(peer.provider);
      return peer;
    };
    const timeTo = async (caseId: string, send: (subject: string) => Promise<void>, prefix: string): Promise<number[]> => {
      const peer = await watched(caseId);
      const took: number[] = [];
      try {
        for (let i = 0; i < deliveriesN; i++) {
          const id = `${prefix}-${backend}-${i}`;
          const seen = new Promise<void>((resolve) => {
            const map = activityMap(peer.doc);
            const look = (): void => {
              for (const entry of map.values())
                if (String(entry.get('summary') ?? '').includes(`Order question ${id}`)) return void (map.unobserve(look), resolve());
            };
            map.observe(look);
          });
          const start = performance.now();
          await send(id);
          await seen;
          took.push(performance.now() - start);
        }
      } finally {
        peer.provider.destroy();
      }
      return took.sort((a, b) => a - b);
    };
    const viaImap = await timeTo(imapCase, (id) => dovecot.append(users.live, password, 'INBOX', message(imapAddress, id, 1)), 'idle');
    const viaApi = await timeTo(
      apiCase,
      async (id) => {
        const res = await postRawEmail(client, `/api/cases/${apiCase}/emails`, message(apiAddress, id, 1));
        if (res.status !== 201) throw new Error(`POST .eml answered ${res.status}`);
      },
      'post',
    );
    return { backend, viaImap, viaApi };
  } finally {
    await env.stop();
  }
}

const started = new Date();
const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ');
out(
  `## ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — mailboxes: backfill and delivery (bench/mailboxes.ts), ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
out('');
out(`A private Dovecot on loopback, the server in this process. Load average at the start: ${load}; the machine is shared and noisy: compare within a run.`);
out('');
out('| backend | messages | API path (POST .eml, one at a time) | IMAP backfill (connect → all stored, idle) | backfill ÷ API speed |');
out('| --- | --- | --- | --- | --- |');
const dovecot = await startDovecot(
  Object.fromEntries(
    backends.flatMap((b) => [
      [`${b}-backfill`, password],
      [`${b}-live`, password],
    ]),
  ),
);
const delivery: Array<Awaited<ReturnType<typeof run>>> = [];
try {
  for (const backend of backends) delivery.push(await run(backend, dovecot, { backfill: `${backend}-backfill`, live: `${backend}-live` }));
} finally {
  await dovecot.stop();
}
out('');
out(`| backend | path | messages | p50 | p95 | p99 | max |`);
out('| --- | --- | --- | --- | --- | --- | --- |');
for (const d of delivery) {
  for (const [label, took] of [
    ['IMAP APPEND → entry in a client (IDLE)', d.viaImap],
    ['POST .eml → entry in a client', d.viaApi],
  ] as const) {
    out(
      `| ${d.backend} | ${label} | ${took.length} | ${ms(percentile(took, 50))} | ${ms(percentile(took, 95))} | ${ms(percentile(took, 99))} | ${ms(took[took.length - 1] ?? NaN)} |`,
    );
  }
}
out('');
if (!process.env.BENCH_DRY) appendFileSync(path.resolve(import.meta.dirname, 'RESULTS.md'), `\n${lines.join('\n')}\n`);
process.exit(0);
