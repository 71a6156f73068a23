import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhooks } from '../src/storage/schema.js';
import { isPrivateAddress } from '../src/modules/webhooks/net.js';
import { retryDelayMs } from '../src/modules/webhooks/deliver.js';
import { featureBackends, Client, createCase, freshStorage, inviteMember, signUp, startTestServer, waitFor, type TestEnv } from './helpers.js';
import { freePort, spawnServer, waitHealthy } from './process.js';

type Received = { headers: IncomingHttpHeaders; body: string; verified: unknown; error: string | null };

/**
 * A real receiver: every request it gets is checked with the reference
 * Standard Webhooks library, with the secret the webhook was created with.
 */
class Receiver {
  readonly received: Received[] = [];
  secret = '';
  /** The status to answer to request number n (0-based). */
  answer: (n: number) => number = () => 200;
  private server: Server | undefined;

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified: unknown = null;
        let error: string | null = null;
        try {
          verified = new Webhook(this.secret).verify(body, {
            'webhook-id': String(req.headers['webhook-id']),
            'webhook-timestamp': String(req.headers['webhook-timestamp']),
            'webhook-signature': String(req.headers['webhook-signature']),
          });
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        const status = this.answer(this.received.length);
        this.received.push({ headers: req.headers, body, verified, error });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `receiver says no (${status})` : 'ok');
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }

  ofType(type: string): Received[] {
    return this.received.filter((r) => (JSON.parse(r.body) as { type?: string }).type === type);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function addWebhook(client: Client, url: string, events: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await client.post('/api/webhooks', { url, events, ...extra });
  if (res.status !== 201) throw new Error(`webhook create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string };
}

const angryEmail = (to: string) =>
  [
    'From: Dana Angry <dana@customer.example>',
    `To: ${to}`,
    'Subject: This is unacceptable',
    `Message-ID: <angry-${Date.now()}-${Math.random().toString(36).slice(2)}@customer.example>`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This is terrible and unacceptable. We are furious, angry and disappointed, the outage is a disaster.',
    'We will cancel the contract unless this is fixed today. Worst service ever, awful, horrible.',
    '',
  ].join('\r\n');

describe('webhook addresses and retry schedule', () => {
  it('[issue 16.1] loopback, private, link-local and mapped addresses are private; public ones are not', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('[issue 16.1] retries back off exponentially with jitter and go on for more than 24 hours', () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
    expect(retryDelayMs(3, () => 1)).toBe(4000);
    expect(retryDelayMs(40, () => 1)).toBe(3600_000);
    let elapsed = 0;
    let tries = 0;
    while (elapsed < 24 * 3600_000) elapsed += retryDelayMs(++tries, () => 0);
    // Even with the shortest waits, the tries cover a day (the schedule gives up only after 24 h).
    expect(tries).toBeGreaterThan(20);
  });
});

describe.each(featureBackends)('webhooks on %s (issue 16.1)', (backend) => {
  let env: TestEnv;
  let owner: Awaited<ReturnType<typeof signUp>>;
  const receivers: Receiver[] = [];
  const receiver = () => {
    const r = new Receiver();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    // The receivers run on 127.0.0.1: private addresses must be allowed for this suite.
    env = await startTestServer(backend, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await signUp(env.server.url);
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await env?.stop();
  });

  it('[issue 16.1] an owner adds a webhook and sees its secret once; members may not; bad URLs and events are refused', async () => {
    const r = receiver();
    const url = await r.listen();
    const created = await owner.client.post('/api/webhooks', { url, events: ['case.created'] });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'secret']);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(String(created.body.secret).slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const list = await owner.client.get('/api/webhooks');
    expect(list.status).toBe(200);
    const listed = list.body.webhooks.find((w: { id: string }) => w.id === created.body.id);
    expect(listed).toMatchObject({ url, events: ['case.created'], enabled: true, format: 'standard' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const member = await inviteMember(env.server.url, owner.client);
    expect((await member.client.post('/api/webhooks', { url, events: ['*'] })).status).toBe(403);
    expect((await member.client.get('/api/webhooks')).status).toBe(403);

    for (const bad of ['ftp://example.com/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      const res = await owner.client.post('/api/webhooks', { url: bad, events: ['*'] });
      expect(res.status, bad).toBe(400);
    }
    expect((await owner.client.post('/api/webhooks', { url, events: ['case.exploded'] })).status).toBe(400);
    expect((await owner.client.post('/api/webhooks', { url, events: [] })).status).toBe(400);

    expect((await owner.client.delete(`/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await owner.client.get(`/api/webhooks/${created.body.id}/deliveries`)).status).toBe(404);
  });

  it('[issue 16.1] the receiver answers 500 three times then 200: one event, the same webhook-id, verified by standardwebhooks, delivered', async () => {
    const r = receiver();
    r.answer = (n) => (n < 3 ? 500 : 200);
    const hook = await addWebhook(owner.client, await r.listen(), ['case.created']);
    r.secret = hook.secret;
    const made = await createCase(owner.client, { title: 'Retried delivery' });
    await waitFor(() => r.received.length >= 4, 'four tries', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(r.received).toHaveLength(4);
    for (const got of r.received) expect(got.error).toBeNull();
    expect(new Set(r.received.map((g) => g.headers['webhook-id'])).size).toBe(1);
    const body = r.received[3]?.verified as { type: string; timestamp: string; data: { caseId: string; case: { title: string } } };
    expect(body.type).toBe('case.created');
    expect(body.data.caseId).toBe(made.id);
    expect(body.data.case.title).toBe('Retried delivery');
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    // Every try sends the very same body (only the timestamp header and signature are the try's own).
    expect(new Set(r.received.map((g) => g.body)).size).toBe(1);

    const log = await owner.client.get(`/api/webhooks/${hook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toHaveLength(1);
    const delivery = log.body.deliveries[0];
    expect(delivery).toMatchObject({
      eventId: r.received[0]?.headers['webhook-id'],
      type: 'case.created',
      status: 'delivered',
      attemptCount: 4,
      statusCode: 200,
    });
    expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([200, 500, 500, 500]);
    expect(delivery.attempts[1].responseExcerpt).toContain('receiver says no (500)');

    // Resend: the same event again, under the same id.
    const resent = await owner.client.post(`/api/webhooks/${hook.id}/deliveries/${delivery.id}/resend`);
    expect(resent.status).toBe(202);
    await waitFor(() => r.received.length >= 5, 'the resent delivery');
    expect(r.received[4]?.headers['webhook-id']).toBe(r.received[0]?.headers['webhook-id']);
    expect(r.received[4]?.error).toBeNull();
  }, 60_000);

  it('[issue 16.1] events of a private case never reach a webhook whose creator could not see it', async () => {
    const admin = await inviteMember(env.server.url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    const mine = receiver();
    const theirs = receiver();
    const ownerHook = await addWebhook(owner.client, await mine.listen(), ['*']);
    const adminHook = await addWebhook(admin.client, await theirs.listen(), ['*']);
    mine.secret = ownerHook.secret;
    theirs.secret = adminHook.secret;
    const secret = await createCase(owner.client, { title: 'Private matter', private: true });
    const open = await createCase(owner.client, { title: 'Open matter' });
    // Changes from the documents too: a field, a note, a promise on the private case.
    expect((await owner.client.patch(`/api/cases/${secret.id}`, { stage: 'qualified' })).status).toBe(200);
    expect((await owner.client.post(`/api/cases/${secret.id}/notes`, { text: 'secret plans' })).status).toBeLessThan(300);
    const due = new Date(Date.now() + 7 * 86400_000).toISOString();
    expect((await owner.client.post(`/api/cases/${secret.id}/expectations`, { text: 'Send the secret plan', dueAt: due })).status).toBe(201);
    expect((await owner.client.patch(`/api/cases/${open.id}`, { stage: 'qualified' })).status).toBe(200);

    await waitFor(() => theirs.ofType('case.updated').some((g) => g.body.includes(open.id)), 'the open case update at the admin’s webhook', 20_000);
    await waitFor(
      () => ['case.created', 'case.updated', 'activity.created', 'expectation.updated'].every((t) => mine.ofType(t).some((g) => g.body.includes(secret.id))),
      'the private case events at the owner’s webhook',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const got of [...mine.received, ...theirs.received]) expect(got.error).toBeNull();
    expect(theirs.received.filter((g) => g.body.includes(secret.id))).toEqual([]);
    expect(theirs.ofType('case.created').some((g) => g.body.includes(open.id))).toBe(true);
    const note = mine.ofType('activity.created').find((g) => g.body.includes(secret.id) && g.body.includes('"kind":"note"'));
    expect(JSON.parse(note?.body ?? '{}').data.activity.text).toContain('secret plans');
  }, 60_000);

  it('[issue 16.1] an angry email: email.received and moment_of_truth.flagged to a standard target, a readable {text} to a Slack one', async () => {
    const std = receiver();
    const slack = receiver();
    const stdHook = await addWebhook(owner.client, await std.listen(), ['email.received', 'moment_of_truth.flagged']);
    std.secret = stdHook.secret;
    const slackHook = await addWebhook(owner.client, await slack.listen(), ['*'], { format: 'slack' });
    slack.secret = slackHook.secret;
    const made = await createCase(owner.client, { title: 'Angry customer' });
    const res = await fetch(`${env.server.url}/api/cases/${made.id}/emails`, {
      method: 'POST',
      body: angryEmail('support@casehub.localhost'),
      headers: { cookie: owner.client.cookie, 'content-type': 'message/rfc822' },
    });
    expect(res.status).toBeLessThan(300);
    await waitFor(() => std.ofType('moment_of_truth.flagged').length === 1 && std.ofType('email.received').length === 1, 'both events', 20_000);
    const flagged = JSON.parse(std.ofType('moment_of_truth.flagged')[0]?.body ?? '{}');
    expect(flagged.data).toMatchObject({ caseId: made.id, email: { subject: 'This is unacceptable', from: { address: 'dana@customer.example' } } });
    expect(flagged.data.signals.length).toBeGreaterThan(0);
    await waitFor(() => slack.received.some((g) => g.body.includes('Moment of truth')), 'the Slack line', 20_000);
    const line = JSON.parse(slack.received.find((g) => g.body.includes('Moment of truth'))?.body ?? '{}');
    expect(Object.keys(line)).toEqual(['text']);
    expect(line.text).toContain('Angry customer');
    expect(line.text).toContain('This is unacceptable');
    // The Slack target hears nothing but its readable lines (no case.created, no email.received JSON).
    expect(slack.received.every((g) => Object.keys(JSON.parse(g.body)).join() === 'text')).toBe(true);
  }, 60_000);

  it('[issue 16.1] a missed promise is a readable Slack line', async () => {
    const slack = receiver();
    const hook = await addWebhook(owner.client, await slack.listen(), ['expectation.updated'], { format: 'slack' });
    slack.secret = hook.secret;
    const made = await createCase(owner.client, { title: 'Late delivery' });
    const due = new Date(Date.now() - 3600_000).toISOString();
    expect((await owner.client.post(`/api/cases/${made.id}/expectations`, { text: 'Ship the fix', dueAt: due, promisedTo: 'Acme' })).status).toBe(201);
    await env.server.expectationClock.tick();
    await waitFor(() => slack.received.some((g) => g.body.includes('Promise missed')), 'the missed-promise line', 20_000);
    const text = JSON.parse(slack.received.find((g) => g.body.includes('Promise missed'))?.body ?? '{}').text as string;
    expect(text).toContain('Ship the fix');
    expect(text).toContain('Late delivery');
  }, 60_000);

  it('[issue 17.5] a merge does not announce the moved entries again; a new note on the surviving case is announced', async () => {
    const r = receiver();
    const hook = await addWebhook(owner.client, await r.listen(), ['activity.created']);
    r.secret = hook.secret;
    const into = await createCase(owner.client, { title: 'Surviving case' });
    const dup = await createCase(owner.client, { title: 'Duplicate case' });
    expect((await owner.client.post(`/api/cases/${dup.id}/notes`, { text: 'written on the duplicate' })).status).toBeLessThan(300);
    const activityOf = (g: Received) => JSON.parse(g.body).data as { caseId: string; activityId: string; activity: { text: string } };
    const noted = (text: string) =>
      r
        .ofType('activity.created')
        .map(activityOf)
        .filter((d) => d.activity.text.includes(text));
    await waitFor(() => noted('written on the duplicate').length > 0, 'the duplicate’s note at the webhook', 20_000);
    const [dupNote] = noted('written on the duplicate');
    if (!dupNote) throw new Error('no announcement of the duplicate’s note');
    expect(dupNote.caseId).toBe(dup.id);

    expect((await owner.client.post(`/api/cases/${dup.id}/merge`, { into: into.id })).status).toBe(200);
    expect((await owner.client.post(`/api/cases/${into.id}/notes`, { text: 'written after the merge' })).status).toBeLessThan(300);
    await waitFor(() => noted('written after the merge').length > 0, 'the new note at the webhook', 20_000);
    expect(noted('written after the merge').map((d) => d.caseId)).toEqual([into.id]);

    // The outbox: every activity.created ever queued for this webhook. The moved note was queued once, on the duplicate.
    const queued = await env.server.database.db
      .select({ caseId: webhookDeliveries.caseId, body: webhookDeliveries.body })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, hook.id));
    const ofNote = queued.filter((q) => (JSON.parse(q.body ?? '{}') as { data?: { activityId?: string } }).data?.activityId === dupNote.activityId);
    expect(ofNote.map((q) => q.caseId)).toEqual([dup.id]);
    expect(r.ofType('activity.created').filter((g) => activityOf(g).activityId === dupNote.activityId)).toHaveLength(1);
    for (const got of r.received) expect(got.error).toBeNull();
  }, 60_000);

  it('[issue 16.1] a webhook failing for 3 days is turned off and its creator told', async () => {
    const r = receiver();
    r.answer = () => 500;
    const hook = await addWebhook(owner.client, await r.listen(), ['case.created']);
    r.secret = hook.secret;
    await env.server.database.db
      .update(webhooks)
      .set({ failingSince: sql`now() - interval '73 hours'` })
      .where(eq(webhooks.id, hook.id));
    await createCase(owner.client, { title: 'One more failure' });
    await waitFor(
      async () => (await owner.client.get('/api/webhooks')).body.webhooks.find((w: { id: string }) => w.id === hook.id)?.enabled === false,
      'the webhook to be turned off',
      20_000,
    );
    const notes = await owner.client.get('/api/notifications');
    expect(notes.body.notifications.some((n: { kind: string; text: string }) => n.kind === 'webhook.disabled' && n.text.includes('127.0.0.1'))).toBe(true);
    const log = await owner.client.get(`/api/webhooks/${hook.id}/deliveries`);
    expect(log.body.deliveries[0]).toMatchObject({ status: 'failed', statusCode: 500 });
  }, 60_000);
});

describe.each(featureBackends)('webhook safety and durability on %s (issue 16.1)', (backend) => {
  it('[issue 16.1] without WEBHOOK_ALLOW_PRIVATE, a URL to a private address is refused, and a delivery to one is never made', async () => {
    const env = await startTestServer(backend);
    const r = new Receiver();
    try {
      const url = await r.listen();
      const { client } = await signUp(env.server.url);
      for (const bad of [url, 'http://localhost:9/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:8080/x']) {
        const res = await client.post('/api/webhooks', { url: bad, events: ['*'] });
        expect(res.status, bad).toBe(400);
        expect(res.body.error.message).toMatch(/private address.*WEBHOOK_ALLOW_PRIVATE/);
      }
      expect(r.received).toHaveLength(0);
    } finally {
      await r.close();
      await env.stop();
    }
  });

  it('[issue 16.1] the server is killed between the change and the delivery: the event is delivered after the restart', async () => {
    const storage = await freshStorage(backend);
    const port = String(await freePort());
    const receiverPort = await freePort();
    const env = {
      PORT: port,
      HOST: '127.0.0.1',
      DATA_DIR: storage.dataDir,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    };
    const r = new Receiver();
    const first = spawnServer(env);
    let second: ReturnType<typeof spawnServer> | undefined;
    try {
      await waitHealthy(first.url);
      const { client } = await signUp(first.url);
      // The receiver is not up yet: the first tries fail, so nothing can be delivered before the kill.
      const hook = await addWebhook(client, `http://127.0.0.1:${receiverPort}/hook`, ['case.created']);
      r.secret = hook.secret;
      const made = await createCase(client, { title: 'Survives a crash' });
      first.child.kill('SIGKILL');
      await first.exited;

      await r.listen(receiverPort);
      second = spawnServer(env);
      await waitHealthy(second.url);
      // A kill that lands mid-try leaves that try's job leased (30 s) before the new node may claim it.
      await waitFor(() => r.received.length >= 1, 'the delivery after the restart', 60_000);
      const got = r.received[0];
      expect(got?.error).toBeNull();
      expect(got?.verified).toMatchObject({ type: 'case.created', data: { caseId: made.id } });
      expect(new Set(r.received.map((g) => g.headers['webhook-id'])).size).toBe(1);
      const relogin = new Client(second.url, client.cookie);
      // The receiver has it before the server has recorded its answer: the log says so a moment later.
      const delivered = await waitFor(async () => {
        const log = await relogin.get(`/api/webhooks/${hook.id}/deliveries`);
        return log.body.deliveries[0]?.status === 'delivered' ? log.body.deliveries[0] : null;
      }, 'the delivery recorded');
      expect(delivered).toMatchObject({ status: 'delivered', statusCode: 200 });
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
      await r.close();
      await storage.drop();
    }
  }, 180_000);
});
