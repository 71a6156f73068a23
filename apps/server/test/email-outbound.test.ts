import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, createCase, postRawEmail, signUp, startTestServer, waitFor, type Client, type TestEnv } from './helpers.js';
import { freePort } from './process.js';
import { testSmtp } from './smtp.js';

const post = postRawEmail;

const question = (id: string) =>
  `From: Carla Customer <carla@acme.example>\r\nTo: sales@us.example\r\nSubject: Quote for 40 seats\r\nMessage-ID: ${id}\r\nReferences: <older@acme.example>\r\nDate: Mon, 01 Jan 2024 09:00:00 +0000\r\n\r\nCan we get a quote?\r\n`;

describe.each(featureBackends)('replies from a case on %s', (backend) => {
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

  it("sends a reply with the case address as From and correct threading headers; the customer's answer joins the thread", async () => {
    const original = await post(client, `/api/cases/${caseId}/emails`, question('<q-1@acme.example>'));
    const reply = await client.post(`/api/emails/${original.body.emailId}/reply`, { text: 'Here is your quote.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ threadId: original.body.threadId, sendStatus: 'queued' });
    // The runner may already be sending it in the background: wait for the outcome, not for drain().
    await env.server.jobs.drain();
    await waitFor(async () => (await client.get(`/api/emails/${reply.body.emailId}`)).body.sendStatus === 'sent', 'the reply to be sent');

    expect(outside.received).toHaveLength(1);
    const got = outside.received[0];
    const address = (await client.get(`/api/cases/${caseId}/address`)).body.address;
    expect(got?.to).toEqual(['carla@acme.example']);
    expect(got?.from).toBe(address);
    const parsed = await simpleParser(got?.raw ?? Buffer.alloc(0));
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Dana Seller', address });
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : null).toBe('carla@acme.example');
    expect(parsed.subject).toBe('Re: Quote for 40 seats');
    expect(parsed.inReplyTo).toBe('<q-1@acme.example>');
    expect(parsed.references).toEqual(['<older@acme.example>', '<q-1@acme.example>']);
    expect(parsed.text?.trim()).toBe('Here is your quote.');

    const sent = (await client.get(`/api/emails/${reply.body.emailId}`)).body;
    expect(sent).toMatchObject({ direction: 'outbound', sendStatus: 'sent', headers: { messageId: parsed.messageId } });
    expect((await client.get(`/api/cases/${caseId}/outbox`)).body.emails).toEqual([]);

    const answer = await post(
      client,
      `/api/cases/${caseId}/emails`,
      `From: carla@acme.example\r\nTo: ${address}\r\nSubject: Re: Re: Quote for 40 seats\r\nMessage-ID: <a-1@acme.example>\r\nIn-Reply-To: ${parsed.messageId}\r\n\r\nThanks!\r\n`,
    );
    expect(answer.body.threadId).toBe(original.body.threadId);
  });

  it('keeps a refused reply in the outbox as failed, and sends it on retry', async () => {
    const original = await post(client, `/api/cases/${caseId}/emails`, question('<q-2@acme.example>'));
    outside.state.rejectNext = true;
    const reply = await client.post(`/api/emails/${original.body.emailId}/reply`, { text: 'Second try' });
    await env.server.jobs.drain();
    await waitFor(async () => (await client.get(`/api/emails/${reply.body.emailId}`)).body.sendStatus === 'failed', 'the send to fail');
    const outbox = (await client.get(`/api/cases/${caseId}/outbox`)).body.emails;
    expect(outbox).toEqual([expect.objectContaining({ emailId: reply.body.emailId, sendStatus: 'failed', sendError: expect.stringMatching(/550/) })]);

    const before = outside.received.length;
    expect((await client.post(`/api/emails/${reply.body.emailId}/retry`)).status).toBe(200);
    expect((await client.post(`/api/emails/${reply.body.emailId}/retry`)).status).toBe(409);
    await env.server.jobs.drain();
    await waitFor(async () => (await client.get(`/api/emails/${reply.body.emailId}`)).body.sendStatus === 'sent', 'the retried reply to be sent');
    expect(outside.received.length).toBe(before + 1);
    expect((await client.get(`/api/emails/${reply.body.emailId}`)).body.sendStatus).toBe('sent');
    expect((await client.get(`/api/cases/${caseId}/outbox`)).body.emails).toEqual([]);
  });

  // Waits on real background work (server start-up, PDF extraction, SMTP retries): allow for a loaded machine.
  it('retries by itself after a network failure (the reply waits, queued, with the reason)', async () => {
    const port = await freePort();
    const other = await startTestServer(backend, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const { client: c } = await signUp(other.server.url);
      const id = (await createCase(c)).id;
      const original = await post(c, `/api/cases/${id}/emails`, question('<q-3@acme.example>'));
      const reply = await c.post(`/api/emails/${original.body.emailId}/reply`, { text: 'Through the outage' });
      await other.server.jobs.drain();
      await waitFor(async () => (await c.get(`/api/emails/${reply.body.emailId}`)).body.sendError, 'the first attempt to fail');
      const waiting = (await c.get(`/api/cases/${id}/outbox`)).body.emails;
      expect(waiting).toEqual([expect.objectContaining({ sendStatus: 'queued', sendError: expect.stringMatching(/Attempt 1 of 5 failed/) })]);
      expect((await c.post(`/api/emails/${reply.body.emailId}/retry`)).status).toBe(409);

      const late = await testSmtp(port);
      try {
        // The runner's backoff after the first attempt is 2 s.
        await new Promise((r) => setTimeout(r, 2200));
        await other.server.jobs.drain();
        await waitFor(() => late.received.length > 0, 'the reply to arrive');
        expect(late.received.map((m) => m.to)).toEqual([['carla@acme.example']]);
        expect((await c.get(`/api/emails/${reply.body.emailId}`)).body.sendStatus).toBe('sent');
      } finally {
        await late.close();
      }
    } finally {
      await other.stop();
    }
  }, 120_000);
});
