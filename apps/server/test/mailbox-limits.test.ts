import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { emails } from '../src/storage/schema.js';
import { dovecotAvailable, startDovecot } from './dovecot.js';
import { createCase, freshStorage, signUp, startNode, waitFor } from './helpers.js';

const password = 'limits-pass-1';

/** Issue 13, "bad input and faults": a message past MAX_UPLOAD_MB in a connected mailbox. */
describe.runIf(dovecotAvailable)('a mailbox message too large to bring in', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('[M2.3] comes in as a stand-in from its envelope (sender, recipients, subject, Message-ID) that says where it is; the mailbox goes on', async () => {
    const dovecot = await startDovecot({ big: password });
    cleanups.push(() => dovecot.stop());
    const storage = await freshStorage('pglite');
    cleanups.push(() => storage.drop());
    const node = await startNode(storage, { MAX_UPLOAD_MB: '0.5', MAILBOX_POLL_SECONDS: '30', MAIL_DOMAIN: 'mail.casehub.test' });
    cleanups.push(() => node.close());
    const { client, me } = await signUp(node.url);
    const caseId = (await createCase(client, { title: 'Big files' })).id;
    const caseAddress = (await client.get(`/api/cases/${caseId}/address`)).body.address as string;

    const headers = (id: string, subject: string) =>
      [`From: Vera Vendor <vera@vendor.example>`, `To: ${caseAddress}`, `Subject: ${subject}`, `Message-ID: <${id}>`, `Date: ${new Date().toUTCString()}`].join(
        '\r\n',
      );
    // About 0.75 MB of attachment, past the 0.5 MB limit, then a small one after it.
    const big = `${headers('big-1@vendor.example', 'The signed contract scans')}\r\nContent-Type: text/plain\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(10_000)}`;
    await dovecot.append('big', password, 'INBOX', big);
    await dovecot.append('big', password, 'INBOX', `${headers('small-1@vendor.example', 'And a short note')}\r\n\r\nSee above.\r\n`);

    const made = await client.post('/api/mailboxes', {
      name: 'Vendor mail',
      address: 'big@us.example',
      imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: 'big', password },
    });
    expect(made.status).toBe(201);
    await waitFor(async () => {
      const m = (await client.get('/api/mailboxes')).body.mailboxes[0];
      return m?.status === 'idle' && m.messages === 2;
    }, 'the mailbox idle with both messages');

    const [row] = await node.database.db
      .select({ id: emails.id, caseId: emails.caseId })
      .from(emails)
      .where(and(eq(emails.workspaceId, me.workspace.id), eq(emails.messageId, '<big-1@vendor.example>')));
    expect(row?.caseId).toBe(caseId);
    const shown = (await client.get(`/api/emails/${row?.id ?? ''}`)).body;
    expect(shown.headers).toMatchObject({ subject: 'The signed contract scans', from: { address: 'vera@vendor.example' } });
    expect(shown.text).toMatch(/larger than this server brings in \(MAX_UPLOAD_MB: 0\.5 MB\)/);
    expect(shown.text).toContain('stays in the mailbox big@us.example, folder "INBOX"');
    expect(shown.rawSize).toBeLessThan(10_000);
    // The one after it came in whole.
    const [small] = await node.database.db.select({ id: emails.id }).from(emails).where(eq(emails.messageId, '<small-1@vendor.example>'));
    expect((await client.get(`/api/emails/${small?.id ?? ''}`)).body.text).toContain('See above.');
  });
});
