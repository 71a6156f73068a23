import { docName, readActivity } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, connect, createCase, signUp, startTestServer, synced, waitFor, type Client, type TestEnv } from './helpers.js';
import { testSmtp } from './smtp.js';

const minute = 60_000;

const postEmail = (client: Client, caseId: string, raw: string) =>
  fetch(`${client.baseUrl}/api/cases/${caseId}/emails`, {
    method: 'POST',
    body: raw,
    headers: { cookie: client.cookie, 'content-type': 'message/rfc822' },
  }).then(async (r) => (await r.json()) as { emailId: string; activityId: string; threadId: string });

const question = (id: string) =>
  `From: Carla Customer <carla@acme.example>\r\nTo: support@us.example\r\nSubject: Login broken\r\nMessage-ID: ${id}\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nWe cannot log in since this morning.\r\n`;

type FirstResponseWeek = { week: string; responded: number; breached: number };
const responded = async (client: Client) =>
  ((await client.get('/api/dashboard?weeks=4')).body.firstResponse as FirstResponseWeek[]).reduce((n, w) => n + w.responded, 0);

/** A case with a customer's question on it, its clock running, and the team document open live. */
async function caseWithQuestion(env: TestEnv, messageId: string) {
  const owner = await signUp(env.server.url, { name: 'Dana Support' });
  expect((await owner.client.put('/api/settings/response-targets', { deal: 1440, support: 60 })).status).toBe(200);
  const c = await createCase(owner.client, { title: 'Acme login', kind: 'support' });
  const live = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
  await synced(live.provider);
  const inbound = await postEmail(owner.client, c.id, question(messageId));
  await waitFor(() => readActivity(live.doc, inbound.activityId)?.responseDueAt, 'the clock to start');
  return { owner, caseId: c.id, live, inbound };
}

describe.each(featureBackends)('[issue 21.1] only a reply the SMTP server accepted counts as sent, on %s', (backend) => {
  describe('with no outbound mail configured (no SMTP_URL)', () => {
    let env: TestEnv;
    let clock = new Date('2026-11-23T09:00:00Z');
    beforeAll(async () => {
      env = await startTestServer(backend, {}, { now: () => clock });
    });
    afterAll(async () => {
      await env?.stop();
    });

    it("[R4.2] [R4.3] a reply that was never sent says so on its entry (and on the guests' copy), answers nothing, and the clock runs on to its breach", async () => {
      const { owner, caseId, live, inbound } = await caseWithQuestion(env, '<q-unsent@acme.example>');
      const reply = await owner.client.post(`/api/emails/${inbound.emailId}/reply`, { text: 'Looking into it.' });
      expect(reply.status).toBe(201);
      const entry = await waitFor(() => readActivity(live.doc, reply.body.activityId), 'the reply entry');
      expect(entry.sendStatus).toMatch(/^(queued|failed)$/);
      await env.server.jobs.drain();
      await waitFor(async () => (await owner.client.get(`/api/emails/${reply.body.emailId}`)).body.sendStatus === 'failed', 'the send to fail', 30_000);
      await waitFor(() => readActivity(live.doc, reply.body.activityId)?.sendStatus === 'failed', 'the entry to say failed, live');

      // Not an answer: the customer's message is not "Answered", and no first response is counted.
      expect(readActivity(live.doc, inbound.activityId)?.respondedAt).toBeUndefined();
      expect(await responded(owner.client)).toBe(0);

      // Shared with guests, the copy says the same.
      expect((await owner.client.post(`/api/cases/${caseId}/activity/${reply.body.activityId}/share`, {})).status).toBe(200);
      const shared = connect(env.server.url, docName(caseId, 'shared'), { cookie: owner.client.cookie });
      await synced(shared.provider);
      expect(readActivity(shared.doc, reply.body.activityId)?.sendStatus).toBe('failed');
      shared.provider.destroy();

      // The target passes: the clock breaches as for a message nobody answered.
      clock = new Date(clock.getTime() + 61 * minute);
      // The recurring tick may get there first on a busy machine: the breach is what counts, not whose pass it was.
      await env.server.responses.tick();
      await waitFor(() => readActivity(live.doc, inbound.activityId)?.responseBreachedAt, 'the breach, live');
      expect(readActivity(live.doc, inbound.activityId)?.respondedAt).toBeUndefined();
      live.provider.destroy();
    });
  });

  describe('with an SMTP server', () => {
    let env: TestEnv;
    let outside: Awaited<ReturnType<typeof testSmtp>>;
    const clock = new Date('2026-11-23T09:00:00Z');
    beforeAll(async () => {
      outside = await testSmtp();
      env = await startTestServer(backend, { SMTP_URL: `smtp://127.0.0.1:${outside.port}` }, { now: () => clock });
    });
    afterAll(async () => {
      await env?.stop();
      await outside?.close();
    });

    it('[R4.2] an accepted reply is "sent" on its entry and stops the clock; the dashboard counts it', async () => {
      const { owner, live, inbound } = await caseWithQuestion(env, '<q-sent@acme.example>');
      const reply = await owner.client.post(`/api/emails/${inbound.emailId}/reply`, { text: 'Fixed, try again.' });
      await env.server.jobs.drain();
      await waitFor(() => readActivity(live.doc, reply.body.activityId)?.sendStatus === 'sent', 'the entry to say sent, live');
      await waitFor(() => readActivity(live.doc, inbound.activityId)?.respondedAt, 'the clock to stop, live');
      expect(outside.received.some((m) => m.to.includes('carla@acme.example'))).toBe(true);
      expect(await responded(owner.client)).toBe(1);
      live.provider.destroy();
    });

    it("[R4.2] a refused reply stops nothing; sent later by Retry from the outbox, it stops the clock and its entry (and the guests' copy) says sent", async () => {
      const { owner, caseId, live, inbound } = await caseWithQuestion(env, '<q-refused@acme.example>');
      outside.state.rejectNext = true;
      const reply = await owner.client.post(`/api/emails/${inbound.emailId}/reply`, { text: 'On it.' });
      await env.server.jobs.drain();
      await waitFor(() => readActivity(live.doc, reply.body.activityId)?.sendStatus === 'failed', 'the entry to say failed, live');
      expect(readActivity(live.doc, inbound.activityId)?.respondedAt).toBeUndefined();
      expect(await responded(owner.client)).toBe(0);
      expect((await owner.client.post(`/api/cases/${caseId}/activity/${reply.body.activityId}/share`, {})).status).toBe(200);
      const shared = connect(env.server.url, docName(caseId, 'shared'), { cookie: owner.client.cookie });
      await synced(shared.provider);
      expect(readActivity(shared.doc, reply.body.activityId)?.sendStatus).toBe('failed');

      expect((await owner.client.post(`/api/emails/${reply.body.emailId}/retry`)).status).toBe(200);
      await env.server.jobs.drain();
      await waitFor(() => readActivity(live.doc, reply.body.activityId)?.sendStatus === 'sent', 'the entry to say sent, live');
      await waitFor(() => readActivity(live.doc, inbound.activityId)?.respondedAt, 'the clock to stop, live');
      await waitFor(() => readActivity(shared.doc, reply.body.activityId)?.sendStatus === 'sent', "the guests' copy to say sent");
      expect(await responded(owner.client)).toBe(1);
      shared.provider.destroy();
      live.provider.destroy();
    });
  });
});
