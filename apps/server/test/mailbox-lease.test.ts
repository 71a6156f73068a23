import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { adminDatabaseUrl, Client, freshStorage, signUp, waitFor } from './helpers.js';
import { dovecotAvailable, startDovecot, type Dovecot } from './dovecot.js';
import { freePort, spawnServer, waitHealthy, type ServerProcess } from './process.js';

const redisUrl = process.env.TEST_REDIS_URL;
const ready = Boolean(adminDatabaseUrl && redisUrl && dovecotAvailable);
if (!ready) console.warn('TEST_DATABASE_URL, TEST_REDIS_URL or Dovecot is missing: the mailbox lease suite does not run');

const password = 'lease-secret-1';
const note = (id: string, subject: string): string =>
  [
    `From: Ann <ann@acme.example>`,
    `To: support@us.example`,
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    `Date: ${new Date().toUTCString()}`,
    '',
    'Hello.',
    '',
  ].join('\r\n');

/**
 * SPEC M5 across real processes: two nodes over one PostgreSQL and Redis,
 * a short lease (MAILBOX_LEASE_SECONDS=3), and kill -9 of the node that
 * holds it.
 */
describe.runIf(ready)('one node per mailbox', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it("[M5.1] two nodes never sync one mailbox at once, and the survivor takes over a dead node's mailboxes", async () => {
    const storage = await freshStorage('postgres');
    cleanups.push(() => storage.drop());
    const dovecot: Dovecot = await startDovecot({ lease: password });
    cleanups.push(() => dovecot.stop());
    const sql = postgres(storage.databaseUrl ?? '', { max: 1, onnotice: () => {} });
    cleanups.push(() => sql.end());

    const env = {
      DATABASE_URL: storage.databaseUrl ?? '',
      DATA_DIR: storage.dataDir,
      REDIS_URL: redisUrl ?? '',
      SECRET_KEY: 'b'.repeat(64),
      MAILBOX_LEASE_SECONDS: '3',
      MAILBOX_POLL_SECONDS: '30',
      MAILBOX_RETRY_MAX_SECONDS: '1',
    };
    const nodes: ServerProcess[] = [];
    for (let i = 0; i < 2; i++) {
      const node = spawnServer({ ...env, PORT: String(await freePort()) });
      cleanups.push(async () => void node.child.kill('SIGKILL'));
      nodes.push(node);
    }
    await Promise.all(nodes.map((n) => waitHealthy(n.url)));
    const [first, second] = nodes;
    if (!first || !second) throw new Error('two nodes');

    for (let i = 1; i <= 3; i++) await dovecot.append('lease', password, 'INBOX', note(`before-${i}@acme.example`, `Before ${i}`));
    const { client } = await signUp(first.url);
    const made = await client.post('/api/mailboxes', {
      name: 'Support',
      address: 'support@us.example',
      imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: 'lease', password },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;

    const holder = async (): Promise<string | null> => {
      const [row] = await sql<Array<{ lease_owner: string | null }>>`select lease_owner from mailboxes where id = ${id}`;
      return row?.lease_owner ?? null;
    };
    const stored = async (): Promise<string[]> =>
      (await sql<Array<{ message_id: string }>>`select message_id from emails where mailbox_id = ${id} order by message_id`).map((r) => r.message_id);

    // Both nodes scan for free mailboxes every second; for more than two leases' time one of them holds it, always the same.
    const owner = await waitFor(holder, 'a node to take the lease');
    const seen = new Set<string | null>();
    const until = Date.now() + 7_000;
    while (Date.now() < until) {
      seen.add(await holder());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...seen]).toEqual([owner]);
    await waitFor(async () => (await stored()).length === 3, 'the backfill of three messages');

    // The holder dies without letting go: the other node takes over once the lease runs out, and reads on.
    const dying = nodes.find((n) => owner.includes(`-${n.child.pid}-`));
    const survivor = nodes.find((n) => n !== dying);
    if (!dying || !survivor) throw new Error(`no node owns ${owner}`);
    dying.child.kill('SIGKILL');
    await dying.exited;
    for (let i = 1; i <= 2; i++) await dovecot.append('lease', password, 'INBOX', note(`after-${i}@acme.example`, `After ${i}`));
    const next = await waitFor(async () => {
      const now = await holder();
      return now && now !== owner ? now : null;
    }, 'the survivor to take the lease');
    expect(next).toContain(`-${survivor.child.pid}-`);
    await waitFor(async () => (await stored()).length === 5, 'the two messages that came after the kill', 20_000);
    // Each message once: nothing was read by two nodes into two rows.
    expect(await stored()).toEqual([
      '<after-1@acme.example>',
      '<after-2@acme.example>',
      '<before-1@acme.example>',
      '<before-2@acme.example>',
      '<before-3@acme.example>',
    ]);
    const status = await new Client(survivor.url, client.cookie).get('/api/mailboxes');
    expect(status.body.mailboxes[0]).toMatchObject({ id, messages: expect.any(Number) });
  }, 90_000);
});
