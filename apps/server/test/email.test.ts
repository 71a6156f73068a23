import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { featureBackends, createCase, inviteMember, signUp, startTestServer, waitFor, type Client, type TestEnv } from './helpers.js';

let seq = 0;
/** A raw message; each call gets fresh Message-IDs unless given. */
function mail(o: {
  from: string;
  to?: string;
  subject: string;
  id?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: string;
  body?: string;
}): string {
  const lines = [
    `From: ${o.from}`,
    `To: ${o.to ?? 'Sales <sales@us.example>'}`,
    `Subject: ${o.subject}`,
    `Date: ${o.date ?? new Date(Date.UTC(2024, 0, 1, 9, seq++)).toUTCString()}`,
  ];
  if (o.id !== null) lines.push(`Message-ID: ${o.id ?? `<m${Date.now()}.${seq++}@acme.example>`}`);
  if (o.inReplyTo) lines.push(`In-Reply-To: ${o.inReplyTo}`);
  if (o.references) lines.push(`References: ${o.references.join(' ')}`);
  return `${lines.join('\r\n')}\r\n\r\n${o.body ?? 'Hello there'}\r\n`;
}

const post = (client: Client, path: string, raw: string | Uint8Array) =>
  fetch(`${client.baseUrl}${path}`, { method: 'POST', body: raw, headers: { cookie: client.cookie, 'content-type': 'message/rfc822' } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as any,
  }));

describe.each(featureBackends)('email on %s', (backend) => {
  let env: TestEnv;
  let client: Client;
  let caseId: string;

  beforeAll(async () => {
    env = await startTestServer(backend);
    ({ client } = await signUp(env.server.url, { name: 'Dana Seller' }));
    caseId = (await createCase(client)).id;
  });
  afterAll(() => env?.stop());

  it('threads replies, changed subjects and References-only replies; forwards, headerless mail and strangers start new threads', async () => {
    const root = mail({ from: 'Carla Customer <carla@acme.example>', subject: 'Quote for 40 seats', id: '<root-1@acme.example>', body: 'Can we get a quote?' });
    const a = await post(client, `/api/cases/${caseId}/emails`, root);
    expect(a.status).toBe(201);
    const reply = await post(
      client,
      `/api/cases/${caseId}/emails`,
      mail({
        from: 'sales@us.example',
        to: 'carla@acme.example',
        subject: 'Re: Quote for 40 seats',
        id: '<r-1@us.example>',
        inReplyTo: '<root-1@acme.example>',
        references: ['<root-1@acme.example>'],
      }),
    );
    const changed = await post(
      client,
      `/api/cases/${caseId}/emails`,
      mail({ from: 'CARLA@acme.example', subject: 'Budget approved!', references: ['<root-1@acme.example>', '<r-1@us.example>'] }),
    );
    const forward = await post(client, `/api/cases/${caseId}/emails`, mail({ from: 'carla@acme.example', subject: 'Fwd: Quote for 40 seats' }));
    const headerless = await post(client, `/api/cases/${caseId}/emails`, mail({ from: 'carla@acme.example', subject: 'Re: Quote for 40 seats', id: null }));
    const stranger = await post(
      client,
      `/api/cases/${caseId}/emails`,
      mail({ from: 'news@newsletter.example', subject: 'Re: Quote for 40 seats', inReplyTo: '<root-1@acme.example>', references: ['<root-1@acme.example>'] }),
    );

    expect([reply.status, changed.status, forward.status, headerless.status, stranger.status]).toEqual([201, 201, 201, 201, 201]);
    expect(reply.body.threadId).toBe(a.body.threadId);
    expect(changed.body.threadId).toBe(a.body.threadId);
    for (const other of [forward, headerless, stranger]) expect(other.body.threadId).not.toBe(a.body.threadId);

    const thread = await client.get(`/api/threads/${a.body.threadId}`);
    expect(thread.status).toBe(200);
    expect(thread.body.emails.map((e: any) => e.id)).toEqual([a.body.emailId, reply.body.emailId, changed.body.emailId]);

    // A message without Message-ID is recognised by its bytes.
    const again = await post(
      client,
      `/api/cases/${caseId}/emails`,
      mail({ from: 'x@acme.example', subject: 'No id', id: null, date: 'Mon, 01 Jan 2024 10:00:00 +0000' }),
    );
    const twice = await post(
      client,
      `/api/cases/${caseId}/emails`,
      mail({ from: 'x@acme.example', subject: 'No id', id: null, date: 'Mon, 01 Jan 2024 10:00:00 +0000' }),
    );
    expect(again.status).toBe(201);
    expect(twice).toMatchObject({ status: 200, body: { duplicate: true, emailId: again.body.emailId } });
  });

  it('shows the email with sanitized HTML, puts it in the stream and in search', async () => {
    const html = '<p onclick="x()">Renewal <b>terms</b></p><script>alert(1)</script><img src="https://track.example/p.gif"><a href="javascript:alert(1)">x</a>';
    const raw = `From: Ola <ola@acme.example>\r\nTo: sales@us.example\r\nSubject: Renewal zebrafish\r\nMessage-ID: <html-1@acme.example>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`;
    const res = await post(client, `/api/cases/${caseId}/emails`, raw);
    const email = (await client.get(`/api/emails/${res.body.emailId}`)).body;
    expect(email.html).toContain('<b>terms</b>');
    expect(email.html).not.toMatch(/onclick|<script|alert|\ssrc=/);
    expect(email.html).toContain('data-remote-src="https://track.example/p.gif"');
    expect(email.headers).toMatchObject({
      subject: 'Renewal zebrafish',
      from: { name: 'Ola', address: 'ola@acme.example' },
      messageId: '<html-1@acme.example>',
    });
    const found = await client.get(`/api/search?q=zebrafish&caseId=${caseId}`);
    expect(found.body.results.map((r: any) => r.activityId)).toContain(res.body.activityId);
  });

  it('answers 415 for a JSON body, 400 for an empty one, 404 to people who may not see the case (guests too), 403 to viewers', async () => {
    expect((await client.post(`/api/cases/${caseId}/emails`, { raw: 'x' })).status).toBe(415);
    expect((await post(client, `/api/cases/${caseId}/emails`, '')).status).toBe(400);
    const email = await post(client, `/api/cases/${caseId}/emails`, mail({ from: 'p@acme.example', subject: 'private' }));

    const outsider = (await signUp(env.server.url)).client;
    expect((await outsider.get(`/api/emails/${email.body.emailId}`)).status).toBe(404);
    expect((await outsider.get(`/api/emails/${email.body.emailId}/raw`)).status).toBe(404);
    expect((await post(outsider, `/api/cases/${caseId}/emails`, mail({ from: 'p@acme.example', subject: 'x' }))).status).toBe(404);

    const guest = await inviteMember(env.server.url, client, { role: 'guest', caseId, access: 'editor' });
    expect((await guest.client.get(`/api/emails/${email.body.emailId}`)).status).toBe(404);

    const viewer = await inviteMember(env.server.url, client);
    await client.post(`/api/cases/${caseId}/members`, { userId: viewer.me.user.id, access: 'viewer' });
    expect((await viewer.client.get(`/api/emails/${email.body.emailId}`)).status).toBe(200);
    expect((await post(viewer.client, `/api/cases/${caseId}/emails`, mail({ from: 'p@acme.example', subject: 'x' }))).status).toBe(403);
    expect((await viewer.client.post(`/api/emails/${email.body.emailId}/reply`, { text: 'hi' })).status).toBe(403);
  });

  it('keeps unmatched mail in triage, files it with one action (attachments follow), and sends thread replies to their case', async () => {
    const withFile = [
      'From: Lee <lee@other.example>',
      'To: inbox@us.example',
      'Subject: Who handles this?',
      'Message-ID: <triage-1@other.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/plain',
      '',
      'See attached',
      '--XX',
      'Content-Type: text/plain; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      '',
      'some notes',
      '--XX--',
      '',
    ].join('\r\n');
    const t = await post(client, '/api/triage/emails', withFile);
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ caseId: null, activityId: null });
    const list = await client.get('/api/triage/emails');
    expect(list.body.emails.map((e: any) => e.id)).toContain(t.body.emailId);

    const filed = await client.post(`/api/triage/emails/${t.body.emailId}/file`, { caseId });
    expect(filed.status).toBe(200);
    const email = (await client.get(`/api/emails/${t.body.emailId}`)).body;
    expect(email).toMatchObject({ caseId, activityId: filed.body.activityId });
    expect(email.attachments).toHaveLength(1);
    const file = await client.get(`/api/files/${email.attachments[0].fileId}`);
    expect(file.body.caseId).toBe(caseId);
    expect((await client.post(`/api/triage/emails/${t.body.emailId}/file`, { caseId })).status).toBe(409);
    expect((await client.get('/api/triage/emails')).body.emails.map((e: any) => e.id)).not.toContain(t.body.emailId);

    const followUp = await post(
      client,
      '/api/triage/emails',
      mail({ from: 'lee@other.example', subject: 'Re: Who handles this?', inReplyTo: '<triage-1@other.example>' }),
    );
    expect(followUp.body).toMatchObject({ caseId, threadId: t.body.threadId });
  });

  it('accepts mail over SMTP for a case address (250 after commit) and refuses unknown mailboxes with 550', async () => {
    const address = (await client.get(`/api/cases/${caseId}/address`)).body.address;
    expect(address).toMatch(/^case-[a-z2-7]{20}@casehub\.localhost$/);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: env.server.smtpPort, secure: false, ignoreTLS: true });
    const info = await smtp.sendMail({
      from: 'Mo <mo@acme.example>',
      to: address.toUpperCase(),
      subject: 'Sent over SMTP ✔',
      text: 'hello by smtp',
      attachments: [{ filename: 'spec.txt', content: 'the spec' }],
    });
    const emailId = /Stored as (\S+)/.exec(info.response)?.[1];
    const email = (await client.get(`/api/emails/${emailId}`)).body;
    expect(email).toMatchObject({ caseId, headers: { subject: 'Sent over SMTP ✔', from: { address: 'mo@acme.example' } } });
    expect(email.attachments.map((a: any) => a.name)).toEqual(['spec.txt']);

    const unknownCase = address.replace(/case-[a-z2-7]{4}/, 'case-aaaa');
    await expect(smtp.sendMail({ from: 'mo@acme.example', to: unknownCase, subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(smtp.sendMail({ from: 'mo@acme.example', to: 'someone@elsewhere.example', subject: 'x', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
    });

    const inbox = (await client.get('/api/triage/address')).body.address;
    const toInbox = await smtp.sendMail({ from: 'new@prospect.example', to: inbox, subject: 'A new lead', text: 'hi' });
    const triaged = (await client.get(`/api/emails/${/Stored as (\S+)/.exec(toInbox.response)?.[1]}`)).body;
    expect(triaged.caseId).toBeNull();
  });

  it('keeps a reply in the outbox when SMTP_URL is not set, with the reason', async () => {
    const original = await post(client, `/api/cases/${caseId}/emails`, mail({ from: 'carla@acme.example', subject: 'Any update?' }));
    const sent = await client.post(`/api/emails/${original.body.emailId}/reply`, { text: 'Working on it' });
    expect(sent.status).toBe(201);
    await env.server.jobs.drain();
    await waitFor(async () => (await client.get(`/api/emails/${sent.body.emailId}`)).body.sendStatus === 'failed', 'the send to fail');
    const outbox = (await client.get(`/api/cases/${caseId}/outbox`)).body.emails;
    expect(outbox).toEqual([expect.objectContaining({ emailId: sent.body.emailId, sendStatus: 'failed', sendError: expect.stringMatching(/SMTP_URL/) })]);
    const email = (await client.get(`/api/emails/${sent.body.emailId}`)).body;
    expect(email).toMatchObject({ direction: 'outbound', text: 'Working on it', sendStatus: 'failed' });
  });
});
