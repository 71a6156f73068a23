import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, responseClocks } from '../src/storage/schema.js';
import { weekStart } from '../src/modules/dashboard/service.js';
import { featureBackends, createCase, inviteGuest, inviteMember, signUp, startTestServer, waitFor, Client, type TestEnv } from './helpers.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const week = (d: Date): string => weekStart(d).toISOString().slice(0, 10);

const rawEmail = (id: string, subject: string, body: string, date: Date) =>
  [
    `From: Carla Customer <carla@acme.example>`,
    'To: support@us.example',
    `Subject: ${subject}`,
    `Message-ID: <${id}@acme.example>`,
    `Date: ${date.toUTCString()}`,
    '',
    body,
    '',
  ].join('\r\n');

const ingest = async (client: Client, caseId: string, raw: string): Promise<{ emailId: string; activityId: string }> => {
  const res = await client.request('POST', `/api/cases/${caseId}/emails`, raw, { 'content-type': 'message/rfc822' });
  if (res.status !== 201) throw new Error(`ingest: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

describe.each(featureBackends)('dashboard on %s', (backend) => {
  let env: TestEnv;
  // The clock is the real time (emails dated later than a day ahead are re-dated on arrival), held still.
  const now = new Date();
  beforeAll(async () => {
    env = await startTestServer(backend, {}, { now: () => now });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[D1.1] [D1.2] [D2] counts cases by kind and stage, promises kept and missed, first responses and moments of truth per week, over the cases you may see', async () => {
    const a = await signUp(env.server.url, { name: 'Ada Manager' });
    const b = await inviteMember(env.server.url, a.client);
    await createCase(a.client, { kind: 'deal', stage: 'proposal' });
    await createCase(a.client, { kind: 'deal', stage: 'won' });
    await createCase(a.client, { kind: 'deal', stage: 'proposal' });
    const support = await createCase(a.client, { kind: 'support', stage: 'new' });
    await createCase(a.client, { kind: 'support', stage: 'solved' });
    // A private case of B's: never counted for A, who is not on its team.
    const secret = await createCase(b.client, { kind: 'deal', stage: 'lost', private: true });

    // Promises: one kept last week, one missed this week; one missed on the private case.
    const lastWeek = new Date(weekStart(now).getTime() - 3 * day);
    const kept = await a.client.post(`/api/cases/${support.id}/expectations`, { text: 'Send the logs', dueAt: lastWeek.toISOString() });
    expect((await a.client.patch(`/api/cases/${support.id}/expectations/${kept.body.expectationId}`, { status: 'met' })).status).toBe(204);
    const missedDue = new Date(now.getTime() - minute);
    await a.client.post(`/api/cases/${support.id}/expectations`, { text: 'Call back', dueAt: missedDue.toISOString() });
    await b.client.post(`/api/cases/${secret.id}/expectations`, { text: 'Hidden promise', dueAt: new Date(now.getTime() - minute).toISOString() });
    await waitFor(async () => (await b.client.get('/api/expectations?view=missed')).body.expectations.length === 2, 'both past-due promises missed');

    // Three inbound messages: one angry (a moment of truth), two calm; their first-response clocks.
    const t0 = new Date(now.getTime() - 3 * hour);
    const angry = await ingest(
      a.client,
      support.id,
      rawEmail('angry', 'UNACCEPTABLE - still down!!', 'Worst support ever. Fix it immediately or we cancel the contract and call our lawyer.', t0),
    );
    const calm1 = await ingest(a.client, support.id, rawEmail('calm1', 'Question', 'Thanks for the help yesterday, a small question.', t0));
    const calm2 = await ingest(a.client, support.id, rawEmail('calm2', 'Another question', 'Thanks, all good here.', t0));
    const hidden = await ingest(b.client, secret.id, rawEmail('angry2', 'TERRIBLE!!', 'Worst service, we cancel immediately and call our lawyer.', t0));
    const db = env.server.database.db;
    const workspaceId = a.me.workspace.id;
    const clock = (
      e: { emailId: string; activityId: string },
      caseId: string,
      kind: string,
      startedAt: Date,
      respondedAfter: number | null,
      breached: boolean,
    ) => ({
      emailId: e.emailId,
      workspaceId,
      caseId,
      activityId: e.activityId,
      threadId: e.emailId,
      caseKind: kind,
      startedAt,
      dueAt: new Date(startedAt.getTime() + hour),
      respondedAt: respondedAfter === null ? null : new Date(startedAt.getTime() + respondedAfter),
      breachedAt: breached ? new Date(startedAt.getTime() + hour) : null,
    });
    // Each ingested message started its clock; set them to known answers and breaches.
    for (const row of [
      clock(angry, support.id, 'support', t0, 30 * minute, false),
      clock(calm1, support.id, 'support', t0, 90 * minute, true),
      clock(calm2, support.id, 'support', t0, null, true),
      clock(hidden, secret.id, 'deal', t0, 600 * minute, true),
    ]) {
      await db.insert(responseClocks).values(row).onConflictDoUpdate({ target: responseClocks.emailId, set: row });
    }
    expect((await db.select({ id: emails.id }).from(emails)).length).toBeGreaterThanOrEqual(4);

    const res = await a.client.get('/api/dashboard?weeks=4');
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.weeks).toHaveLength(4);
    expect(d.weeks[3]).toBe(week(now));
    expect(d.cases).toEqual({
      open: 3,
      closed: 2,
      byStage: [
        { kind: 'deal', stage: 'proposal', count: 2, closed: false },
        { kind: 'deal', stage: 'won', count: 1, closed: true },
        { kind: 'support', stage: 'new', count: 1, closed: false },
        { kind: 'support', stage: 'solved', count: 1, closed: true },
      ],
    });
    const at = (rows: Array<{ week: string }>, d0: Date): unknown => rows.find((r) => r.week === week(d0));
    expect(at(d.expectations, lastWeek)).toEqual({ week: week(lastWeek), met: 1, missed: 0 });
    expect(at(d.expectations, missedDue)).toEqual({ week: week(missedDue), met: 0, missed: 1 });
    expect(d.expectations.reduce((n: number, r: { met: number; missed: number }) => n + r.met + r.missed, 0)).toBe(2);
    // 30 and 90 minutes: median 60, p90 84 (interpolated); two breached; the private case's 600 is not there.
    expect(at(d.firstResponse, t0)).toEqual({ week: week(t0), responded: 2, medianMinutes: 60, p90Minutes: 84, breached: 2 });
    expect(at(d.momentsOfTruth, t0)).toEqual({ week: week(t0), count: 1 });
    expect(d.momentsOfTruth.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(1);

    // B is on the private case's team: it counts for them.
    const forB = (await b.client.get('/api/dashboard?weeks=4')).body;
    expect(forB.cases).toMatchObject({ open: 3, closed: 3 });
    expect(at(forB.momentsOfTruth, t0)).toEqual({ week: week(t0), count: 2 });
    expect(at(forB.firstResponse, t0)).toMatchObject({ responded: 3, breached: 3, medianMinutes: 90 });
  });

  it('[issue 17.5] a merged duplicate is counted once: its case and its angry email only on the surviving case', async () => {
    const a = await signUp(env.server.url);
    const into = await createCase(a.client, { kind: 'support', stage: 'new' });
    const dup = await createCase(a.client, { kind: 'support', stage: 'new' });
    const t0 = new Date(now.getTime() - 2 * hour);
    await ingest(a.client, dup.id, rawEmail('merged-angry', 'UNACCEPTABLE!!', 'Worst support ever. Fix it immediately or we cancel and call our lawyer.', t0));
    const total = (rows: Array<{ count: number }>) => rows.reduce((n, r) => n + r.count, 0);
    const before = (await a.client.get('/api/dashboard')).body;
    expect(before.cases).toMatchObject({ open: 2 });
    expect(total(before.momentsOfTruth)).toBe(1);
    expect((await a.client.post(`/api/cases/${dup.id}/merge`, { into: into.id })).status).toBe(200);
    const after = (await a.client.get('/api/dashboard')).body;
    expect(after.cases).toMatchObject({ open: 1 });
    expect(total(after.momentsOfTruth)).toBe(1);
  });

  it('[D1.1] defaults to 12 weeks with zeros where nothing happened; refuses a bad window; guests get 404, strangers 401', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const empty = await a.client.get('/api/dashboard');
    expect(empty.status).toBe(200);
    expect(empty.body.weeks).toHaveLength(12);
    expect(empty.body.expectations.every((r: { met: number; missed: number }) => r.met === 0 && r.missed === 0)).toBe(true);
    expect(empty.body.firstResponse[0]).toEqual({ week: empty.body.weeks[0], responded: 0, medianMinutes: null, p90Minutes: null, breached: 0 });
    expect(empty.body.cases).toMatchObject({ open: 1, closed: 0 });
    const bad = await a.client.get('/api/dashboard?weeks=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/weeks/);
    expect((await a.client.get('/api/dashboard?weeks=53')).status).toBe(400);
    const guest = await inviteGuest(env.server.url, a.client, c.id, 'viewer');
    expect((await guest.client.get('/api/dashboard')).status).toBe(404);
    expect((await new Client(env.server.url).get('/api/dashboard')).status).toBe(401);
    const paths = (await a.client.get('/api/openapi.json')).body.paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/dashboard', '/api/me/digest', '/api/notifications/stream']));
    expect(Object.keys(paths['/api/me/digest'])).toEqual(['get', 'put']);
  });
});
