import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraft, docName, listDrafts, readDraft } from '@casehub/case-document';
import * as Y from 'yjs';
import {
  featureBackends,
  connect,
  createCase,
  inviteGuest,
  inviteMember,
  postRawEmail,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type Client,
  type TestEnv,
} from './helpers.js';
import { testSmtp } from './smtp.js';

/**
 * DESIGN §10 `POST /api/cases/<id>/emails/send`: a new email from the case
 * (issue 13), through the same outbox as replies, against a real SMTP server.
 */

const ingest = async (client: Client, caseId: string, raw: string) =>
  (await postRawEmail(client, `/api/cases/${caseId}/emails`, raw)).body as { emailId: string; threadId: string };

async function upload(client: Client, caseId: string, name: string, bytes: Buffer, type: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { fileId: string }).fileId;
}

describe.each(featureBackends)('new emails from a case on %s', (backend) => {
  let env: TestEnv;
  let client: Client;
  let caseId: string;
  let outside: Awaited<ReturnType<typeof testSmtp>>;

  beforeAll(async () => {
    outside = await testSmtp();
    env = await startTestServer(backend, { SMTP_URL: `smtp://127.0.0.1:${outside.port}`, MAIL_DOMAIN: 'mail.casehub.test' });
    ({ client } = await signUp(env.server.url, { name: 'Dana Seller' }));
    caseId = (await createCase(client)).id;
  });
  afterAll(async () => {
    await env?.stop();
    await outside?.close();
  });

  const sentMail = (emailId: string) => waitFor(async () => (await client.get(`/api/emails/${emailId}`)).body.sendStatus === 'sent', 'the email to be sent');

  it('[issue 13] sends to, cc and bcc from the case address with a case file attached; bcc is in the envelope only; the HTML shown is sanitized', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% a small attachment\n');
    const fileId = await upload(client, caseId, 'Order form.pdf', pdf, 'application/pdf');
    const before = outside.received.length;
    const res = await client.post(`/api/cases/${caseId}/emails/send`, {
      to: 'Ann Buyer <Ann@Customer.example>, bob@customer.example',
      cc: ['carol@customer.example'],
      bcc: 'audit@us.example',
      subject: 'Your order form',
      text: 'Please sign the attached order form.',
      html: '<p>Please <b>sign</b> the attached order form.</p><script>alert(1)</script>',
      fileIds: [fileId],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ emailId: expect.any(String), activityId: expect.any(String), threadId: expect.any(String), sendStatus: 'queued' });
    await sentMail(res.body.emailId);

    const got = outside.received.slice(before);
    expect(got).toHaveLength(1);
    const address = (await client.get(`/api/cases/${caseId}/address`)).body.address as string;
    expect(got[0]?.from).toBe(address);
    expect(got[0]?.to.sort()).toEqual(['ann@customer.example', 'audit@us.example', 'bob@customer.example', 'carol@customer.example']);
    const raw = got[0]?.raw ?? Buffer.alloc(0);
    expect(raw.toString('latin1')).not.toMatch(/^bcc:/im);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Your order form');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Dana Seller', address });
    expect(parsed.text?.trim()).toBe('Please sign the attached order form.');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ filename: 'Order form.pdf', contentType: 'application/pdf' });
    expect(
      createHash('sha256')
        .update(parsed.attachments[0]?.content ?? Buffer.alloc(0))
        .digest('hex'),
    ).toBe(createHash('sha256').update(pdf).digest('hex'));

    const shown = (await client.get(`/api/emails/${res.body.emailId}`)).body;
    expect(shown).toMatchObject({ direction: 'outbound', sendStatus: 'sent' });
    expect(shown.html).toContain('<b>sign</b>');
    expect(shown.html).not.toContain('script');
    expect(JSON.stringify(shown)).not.toContain('audit@us.example');
    // It is in the stream and found by search.
    const hits = await waitFor(
      async () =>
        (await client.get(`/api/search?q=order%20form&caseId=${caseId}`)).body.results.length > 0 &&
        (await client.get(`/api/search?q=order%20form&caseId=${caseId}`)).body.results,
      'a search hit',
    );
    expect(hits.map((h: { activityId: string }) => h.activityId)).toContain(res.body.activityId);
  });

  it('[issue 13] inReplyTo (an email id, or its Message-ID) joins that thread with threading headers; without it a new thread starts', async () => {
    const inbound = await ingest(
      client,
      caseId,
      'From: Ann <ann@customer.example>\r\nTo: sales@us.example\r\nSubject: Pricing\r\nMessage-ID: <p-1@customer.example>\r\n\r\nWhat does it cost?\r\n',
    );
    const byId = await client.post(`/api/cases/${caseId}/emails/send`, {
      to: 'ann@customer.example',
      subject: 'Re: Pricing',
      text: 'Ten euros.',
      inReplyTo: inbound.emailId,
    });
    expect(byId.status).toBe(201);
    expect(byId.body.threadId).toBe(inbound.threadId);
    const byMessageId = await client.post(`/api/cases/${caseId}/emails/send`, {
      to: 'ann@customer.example',
      subject: 'Re: Pricing',
      text: 'Per seat.',
      inReplyTo: '<p-1@customer.example>',
    });
    expect(byMessageId.body.threadId).toBe(inbound.threadId);
    await sentMail(byId.body.emailId);
    const last = outside.received.at(-1)?.raw ?? Buffer.alloc(0);
    const fresh = await client.post(`/api/cases/${caseId}/emails/send`, { to: 'ann@customer.example', subject: 'Something else', text: 'New topic.' });
    expect(fresh.body.threadId).not.toBe(inbound.threadId);
    await sentMail(byMessageId.body.emailId);
    const parsed = await simpleParser(last);
    expect(parsed.inReplyTo).toBe('<p-1@customer.example>');
  });

  it('[issue 13] bad input is a 400 that names the field; viewers get 403, people who may not see the case 404', async () => {
    const bad = async (body: Record<string, unknown>, field: RegExp) => {
      const res = await client.post(`/api/cases/${caseId}/emails/send`, { to: 'ann@customer.example', subject: 'x', text: 'y', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(field);
    };
    await bad({ to: 'not an address' }, /^to: "not an address" is not an email address/);
    await bad({ to: [] }, /^to: give at least one address/);
    await bad({ cc: 'ok@example.com, nope' }, /^cc: /);
    await bad({ subject: '' }, /subject/);
    await bad({ mailboxId: 'mbx_1' }, /^mailboxId: no such mailbox/);
    await bad({ inReplyTo: 'no-such-email' }, /^inReplyTo: no such email on this case/);
    await bad({ to: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`) }, /at most 50 recipients/);
    const other = (await createCase(client)).id;
    const otherFile = await upload(client, other, 'elsewhere.txt', Buffer.from('not here'), 'text/plain');
    await bad({ fileIds: [otherFile] }, /^fileIds: no file .* on this case/);
    const elsewhere = await ingest(
      client,
      other,
      'From: z@example.com\r\nTo: y@example.com\r\nSubject: elsewhere\r\nMessage-ID: <e-1@example.com>\r\n\r\nx\r\n',
    );
    await bad({ inReplyTo: elsewhere.emailId }, /^inReplyTo: no such email on this case/);

    const viewer = await inviteMember(env.server.url, client);
    const priv = (await createCase(client, { title: 'Private deal', private: true })).id;
    await client.post(`/api/cases/${priv}/members`, { userId: viewer.me.user.id, access: 'viewer' });
    const body = { to: 'ann@customer.example', subject: 'x', text: 'y' };
    expect((await viewer.client.post(`/api/cases/${priv}/emails/send`, body)).status).toBe(403);
    const outsider = await inviteMember(env.server.url, client);
    expect((await outsider.client.post(`/api/cases/${priv}/emails/send`, body)).status).toBe(404);
    const guest = await inviteGuest(env.server.url, client, caseId, 'editor');
    expect([403, 404]).toContain((await guest.client.post(`/api/cases/${caseId}/emails/send`, body)).status);
  });

  it('[M7.1] a draft written together in the team document goes with its send, in the same change as the stream entry; sending it twice is a 409', async () => {
    const teammate = await inviteMember(env.server.url, client);
    const name = docName(caseId, 'team');
    const mine = connect(env.server.url, name, { cookie: client.cookie });
    const theirs = connect(env.server.url, name, { cookie: teammate.client.cookie });
    try {
      await Promise.all([synced(mine.provider), synced(theirs.provider)]);
      const body = createDraft(mine.doc, 'draft-1', { kind: 'new', createdBy: 'u', createdByName: 'Dana Seller', to: 'ann@customer.example' });
      body.insert(0, [new Y.XmlText('Dear Ann,')]);
      // The teammate sees it live and adds to it.
      await waitFor(() => readDraft(theirs.doc, 'draft-1')?.body.toString().includes('Dear Ann'), 'the draft on the other side');

      const send = {
        to: 'ann@customer.example',
        subject: 'Our proposal',
        text: 'Dear Ann, here it is.',
        html: '<p>Dear Ann, here it is.</p>',
        draftId: 'draft-1',
      };
      const [first, second] = await Promise.all([
        client.post(`/api/cases/${caseId}/emails/send`, send),
        teammate.client.post(`/api/cases/${caseId}/emails/send`, send),
      ]);
      expect([first.status, second.status].sort()).toEqual([201, 409]);
      const lost = first.status === 409 ? first : second;
      expect(lost.body.error.message).toMatch(/sent or discarded already/);
      const won = first.status === 201 ? first : second;
      await waitFor(() => listDrafts(mine.doc).length === 0 && listDrafts(theirs.doc).length === 0, 'the draft gone on both sides');
      await sentMail(won.body.emailId);
      const outbox = outside.received.filter((m) => m.raw.toString('latin1').includes('Our proposal'));
      expect(outbox).toHaveLength(1);

      // A draft that was never there is a 409 too, and sends nothing.
      const before = outside.received.length;
      const stale = await client.post(`/api/cases/${caseId}/emails/send`, { ...send, draftId: 'no-such-draft' });
      expect(stale.status).toBe(409);
      expect((await client.get(`/api/emails/${won.body.emailId}`)).status).toBe(200);
      expect(outside.received.length).toBe(before);
    } finally {
      mine.provider.destroy();
      theirs.provider.destroy();
    }
  });
});
