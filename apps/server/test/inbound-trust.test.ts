import { readFileSync } from 'node:fs';
import { docName, readActivity } from '@casehub/case-document';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, responseClocks } from '../src/storage/schema.js';
import { emailCorpusDir } from './corpus.js';
import { message, signed, signedDns } from './dkim.js';
import { featureBackends, connect, createCase, postRawEmail, signUp, synced, waitFor, type Client, type TestEnv } from './helpers.js';
import { startTestServer } from './helpers.js';

type Notice = { kind: string; text: string };

describe.each(featureBackends)('trustworthy inbound on %s (issue 13.7, 13.8)', (backend) => {
  let env: TestEnv;
  let client: Client;
  beforeAll(async () => {
    env = await startTestServer(backend, {}, { dnsResolver: signedDns });
    client = (await signUp(env.server.url, { name: 'Owen' })).client;
  });
  afterAll(() => env?.stop());

  const db = () => env.server.database.db;
  const rowOf = async (id: string) => (await db().select().from(emails).where(eq(emails.id, id)))[0];
  const notices = async (): Promise<Notice[]> => (await client.get('/api/notifications')).body.notifications as Notice[];
  const smtpRaw = async (raw: string, to: string, from = 'anna@customer.example') => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: env.server.smtpPort, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
    return /Stored as (\S+)/.exec(info.response)?.[1] ?? '';
  };
  async function entryOf(caseId: string, activityId: string) {
    const live = connect(env.server.url, docName(caseId, 'team'), { cookie: client.cookie });
    await synced(live.provider);
    const entry = readActivity(live.doc, activityId);
    live.provider.destroy();
    return entry;
  }

  it('[M8.2] [M8.4] over SMTP: a signed sender is verified and joins the thread; a forged one of the same address goes to triage with the reason', async () => {
    const kase = await createCase(client, { title: 'Checked mail' });
    const caseAddress = (await client.get(`/api/cases/${kase.id}/address`)).body.address as string;
    const inbox = (await client.get('/api/triage/address')).body.address as string;

    const firstId = await smtpRaw(
      await signed(message('anna@customer.example', 'Hello, here is the plan.', { to: caseAddress, id: '<first@customer.example>' })),
      caseAddress,
    );
    const first = await rowOf(firstId);
    expect(first).toMatchObject({ caseId: kase.id, senderAuth: { verdict: 'pass', dkim: 'pass', dmarc: 'pass', via: 'smtp' } });
    expect((await client.get(`/api/emails/${firstId}`)).body.senderAuth).toMatchObject({ verdict: 'pass' });
    expect((await entryOf(kase.id, first?.activityId ?? ''))?.senderAuth).toBe('pass');

    // The same From, unsigned, from a server customer.example's SPF does not name: anyone could have sent it.
    const forgedId = await smtpRaw(
      message('anna@customer.example', 'Please pay the new account.', { to: inbox, inReplyTo: '<first@customer.example>' }),
      inbox,
    );
    const forged = await rowOf(forgedId);
    expect(forged).toMatchObject({ caseId: null, senderAuth: { verdict: 'fail', dmarc: 'fail' } });
    expect(forged?.threadId).not.toBe(first?.threadId);
    expect(forged?.routing).toMatchObject({ how: 'triage' });
    expect(forged?.routing?.reason).toContain('sender could not be verified: DMARC failed for customer.example');
    expect((await client.get(`/api/emails/${forgedId}`)).body.senderAuth).toMatchObject({ verdict: 'fail', reason: 'DMARC failed for customer.example' });

    const genuineId = await smtpRaw(await signed(message('anna@customer.example', 'Thanks!', { to: inbox, inReplyTo: '<first@customer.example>' })), inbox);
    expect(await rowOf(genuineId)).toMatchObject({ caseId: kase.id, threadId: first?.threadId, senderAuth: { verdict: 'pass' } });
  });

  it('[M8.5] a 37-message mbox (real bounces) is history: one notice, no response clocks, no notice per message; each marked a bounce', async () => {
    const kase = await createCase(client, { title: 'Old mail' });
    const before = (await notices()).length;
    const form = new FormData();
    form.append('file', new Blob([readFileSync(`${emailCorpusDir}/sisimai-bounces.mbox`)], { type: 'application/mbox' }), 'bounces.mbox');
    const res = await fetch(`${client.baseUrl}/api/cases/${kase.id}/emails/import`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
    const summary = (await res.json()) as { imported: Array<{ emailId: string }>; duplicates: unknown[]; failed: unknown[] };
    expect(res.status).toBe(200);
    // Two of the corpus's bounces share a Message-ID with another: stored once.
    expect([summary.imported.length, summary.duplicates.length, summary.failed.length]).toEqual([35, 2, 0]);

    const after = await notices();
    expect(after.length - before).toBe(1);
    expect(after[0]).toMatchObject({ kind: 'import', text: 'Imported 35 messages into "Old mail" (2 already here).' });
    const rows = await db().select({ id: emails.id, automatic: emails.automatic }).from(emails).where(eq(emails.caseId, kase.id));
    expect(rows).toHaveLength(35);
    const clocks = await db().select().from(responseClocks).where(eq(responseClocks.caseId, kase.id));
    expect(clocks).toHaveLength(0);
    expect(rows.filter((r) => r.automatic === 'bounce').length).toBeGreaterThanOrEqual(30);
  });

  it('[M8.6] [M8.1] a live auto-reply starts no clock and is never flagged; a calm reply quoting an angry message is not flagged, an angry one is', async () => {
    const kase = await createCase(client, { title: 'Live mail' });
    const angry = 'This is UNACCEPTABLE! Your outage ruined our launch, we are cancelling and our lawyer will call!!! Fix it NOW.';
    const raw = (headers: string[], subject: string, body: string) =>
      [
        `From: Anna <anna@customer.example>`,
        'To: support@us.example',
        `Subject: ${subject}`,
        `Date: ${new Date().toUTCString()}`,
        ...headers,
        '',
        body,
        '',
      ].join('\r\n');

    const auto = await postRawEmail(client, `/api/cases/${kase.id}/emails`, raw(['Auto-Submitted: auto-replied'], 'Automatic reply: Outage', angry));
    const calm = await postRawEmail(
      client,
      `/api/cases/${kase.id}/emails`,
      raw(
        [],
        'Re: Outage',
        `All sorted now, thank you.\r\n\r\nFrom: Anna Angry\r\nSent: Monday, June 3, 2024 10:12 AM\r\nTo: Support\r\nSubject: Outage\r\n\r\n${angry}`,
      ),
    );
    const fire = await postRawEmail(client, `/api/cases/${kase.id}/emails`, raw([], 'Outage', angry));
    for (const r of [auto, calm, fire]) expect(r.status).toBe(201);

    const autoEntry = await entryOf(kase.id, auto.body.activityId);
    expect(autoEntry).toMatchObject({ automatic: 'auto-reply' });
    expect(autoEntry?.flag).toBeUndefined();
    expect(autoEntry?.responseDueAt).toBeUndefined();
    expect(await db().select().from(responseClocks).where(eq(responseClocks.emailId, auto.body.emailId))).toHaveLength(0);
    expect((await client.get(`/api/emails/${auto.body.emailId}`)).body.automatic).toBe('auto-reply');

    const calmEntry = await entryOf(kase.id, calm.body.activityId);
    expect(calmEntry?.flag).toBeUndefined();
    expect(calmEntry?.responseDueAt).toEqual(expect.any(String));
    expect((await rowOf(calm.body.emailId))?.ownText).toBe('All sorted now, thank you.');
    await waitFor(async () => (await entryOf(kase.id, fire.body.activityId))?.flag === 'moment-of-truth' || null, 'the angry one flagged');
  });

  it('[M8.7] inline cid: images point at their attachment files, which the viewer (the page, with its session) is served as images', async () => {
    const kase = await createCase(client, { title: 'Pictures' });
    const raw = readFileSync(`${emailCorpusDir}/mailsplit-nodemailer-rich.eml`, 'latin1');
    const posted = await postRawEmail(client, `/api/cases/${kase.id}/emails`, raw);
    expect(posted.status).toBe(201);
    const email = (await client.get(`/api/emails/${posted.body.emailId}`)).body as { html: string };
    expect(email.html).not.toMatch(/src="cid:/i);
    const urls = [...email.html.matchAll(/<img\b[^>]*?\bsrc="(\/api\/files\/[^"]+\/content)"/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThanOrEqual(1);
    for (const url of urls) {
      const res = await fetch(`${client.baseUrl}${url}`, { headers: { cookie: client.cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/(png|gif)/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.byteLength).toBeGreaterThan(20);
      // PNG or GIF signature: the picture itself.
      expect(Buffer.from(bytes.subarray(0, 3)).toString('latin1')).toMatch(/^(\x89PN|GIF)$/);
      // Why the page fetches them for the frame: the sandboxed frame's requests are cross-origin and carry no session.
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect((await fetch(`${client.baseUrl}${url}`)).status).toBe(401);
    }
  });
});
