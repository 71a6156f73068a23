import { addExpectation, docName, listActivity, readExpectation, readFields } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, connect, createCase, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

const hour = 3600_000;

describe.each(featureBackends)('expectations and moments of truth on %s', (backend) => {
  let env: TestEnv;
  let clock = new Date('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    env = await startTestServer(backend, { EXPECTATION_AT_RISK_HOURS: '24' }, { now: () => clock });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[issue 21.12] the server moves a promise open → at-risk → missed as its clock passes, live in the document, in the stream and for the owner, calling it a promise everywhere', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Quote promised', account: 'Initech' });
    const created = await a.client.post(`/api/cases/${c.id}/expectations`, {
      text: 'Send the revised quote',
      promisedTo: 'Dana (CFO)',
      dueAt: '2026-11-27T17:00:00Z',
    });
    expect(created.status).toBe(201);
    const id = created.body.expectationId as string;
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    expect(readExpectation(A.doc, id)).toMatchObject({ status: 'open', ownerId: a.me.user.id, promisedTo: 'Dana (CFO)' });

    expect(await env.server.expectationClock.tick()).toBe(0);
    // Moving the clock days ahead also makes the server's own recurring tick due: either tick may move it (the other then finds nothing to do).
    clock = new Date('2026-11-27T08:00:00Z');
    expect(await env.server.expectationClock.tick()).toBeLessThanOrEqual(1);
    await waitFor(() => readExpectation(A.doc, id)?.status === 'at-risk', 'at-risk live');
    // The promise index follows the document a moment after the commit (the projector's debounce).
    const atRisk = await waitFor(async () => {
      const got = await a.client.get('/api/expectations?view=at-risk');
      return got.body.expectations.length > 0 ? got.body.expectations : null;
    }, 'the at-risk view');
    expect(atRisk.map((e: { id: string }) => e.id)).toEqual([id]);

    clock = new Date('2026-11-27T18:00:00Z');
    expect(await env.server.expectationClock.tick()).toBeLessThanOrEqual(1);
    await waitFor(() => readExpectation(A.doc, id)?.status === 'missed', 'missed live');
    // The stream line is the clock's next change, sent to the client after the status.
    // People read "Promise" (the Promises panel); `expectation` is only the API's key.
    const line = 'Promise missed: Send the revised quote';
    await waitFor(() => listActivity(A.doc).some((e) => e.summary === line), 'the stream line, live');
    expect(listActivity(A.doc).map((e) => e.summary)).toEqual(expect.arrayContaining(['Promise at risk: Send the revised quote', line]));
    const missed = await waitFor(async () => {
      const got = await a.client.get('/api/expectations?view=missed');
      return got.body.expectations.length > 0 ? got : null;
    }, 'the missed view');
    expect(missed.body.expectations[0]).toMatchObject({ id, status: 'missed', caseTitle: 'Quote promised', account: 'Initech' });
    // The owner's notice is written just after the promise changes: wait for it rather than race it.
    const notes = await waitFor(async () => {
      const got = await a.client.get('/api/notifications');
      const kinds = got.body.notifications.map((n: { kind: string }) => n.kind);
      return kinds.includes('expectation.at-risk') && kinds.includes('expectation.missed') ? got : null;
    }, 'both notices');
    expect(notes.body.unread).toBeGreaterThanOrEqual(2);
    const texts = notes.body.notifications.map((n: { text: string }) => n.text);
    expect(texts).toEqual(expect.arrayContaining(['Promise at risk: Send the revised quote', line]));
    expect(texts.join(' ')).not.toMatch(/expectation/i);
    expect((await a.client.post('/api/notifications/read-all')).status).toBe(204);
    expect((await a.client.get('/api/notifications')).body.unread).toBe(0);
    const stats = await a.client.get('/api/expectations/stats');
    expect(stats.body.overall).toMatchObject({ kept: 0, total: 1, rate: 0 });
    A.provider.destroy();
  });

  it('a met promise stays met; a promise written by a third-party client already past due is missed at once', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const met = await a.client.post(`/api/cases/${c.id}/expectations`, { text: 'Call back', dueAt: new Date(clock.getTime() + hour).toISOString() });
    expect((await a.client.patch(`/api/cases/${c.id}/expectations/${met.body.expectationId}`, { status: 'met' })).status).toBe(204);
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    addExpectation(A.doc, 'late-one', { text: 'Ship the fix', ownerId: a.me.user.id, dueAt: new Date(clock.getTime() - hour).toISOString() });
    await waitFor(() => readExpectation(A.doc, 'late-one')?.status === 'missed', 'the server to mark it missed');
    clock = new Date(clock.getTime() + 10 * hour);
    await env.server.expectationClock.tick();
    expect(readExpectation(A.doc, met.body.expectationId)?.status).toBe('met');
    // The promise index follows the document a moment after each commit (the projector's debounce).
    const overall = await waitFor(async () => {
      const stats = await a.client.get('/api/expectations/stats');
      return stats.body.overall.total === 2 ? stats.body.overall : null;
    }, 'the stats to count both promises');
    expect(overall).toMatchObject({ kept: 1, total: 2, rate: 0.5 });
    A.provider.destroy();
  });

  it("[issue 15.2] kept rates per side: the team's promises and the customer's are counted apart, per account and per person", async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { title: 'Two sides', account: 'Globex' });
    const due = new Date(clock.getTime() + 48 * hour).toISOString();
    const promise = async (text: string, side: 'team' | 'customer', status: 'met' | 'missed') => {
      const made = await a.client.post(`/api/cases/${c.id}/expectations`, {
        text,
        dueAt: due,
        side,
        shared: true,
        promisedTo: side === 'customer' ? 'Us' : 'Hank',
      });
      expect(made.status).toBe(201);
      expect((await a.client.patch(`/api/cases/${c.id}/expectations/${made.body.expectationId}`, { status })).status).toBe(204);
    };
    await promise('Send the quote', 'team', 'met');
    await promise('Security questionnaire back', 'customer', 'missed');
    await promise('Signed DPA', 'customer', 'met');
    await promise('Reference call', 'customer', 'missed');
    const stats = await waitFor(async () => {
      const body = (await a.client.get('/api/expectations/stats')).body;
      return body.customer?.overall.total === 3 && body.overall.total === 1 ? body : null;
    }, 'both sides counted');
    expect(stats.overall).toMatchObject({ kept: 1, total: 1, rate: 1 });
    expect(stats.byAccount).toEqual([expect.objectContaining({ account: 'Globex', kept: 1, total: 1 })]);
    expect(stats.customer.overall).toMatchObject({ kept: 1, total: 3 });
    expect(stats.customer.overall.rate).toBeCloseTo(1 / 3);
    expect(stats.customer.byAccount).toEqual([expect.objectContaining({ account: 'Globex', kept: 1, total: 3 })]);
  });

  it('[issue 5] a missed promise given a later due date is open again; every change by a person leaves a line in the stream', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    addExpectation(A.doc, 'late', { text: 'Ship the fix', ownerId: a.me.user.id, dueAt: new Date(clock.getTime() - hour).toISOString() });
    await waitFor(() => readExpectation(A.doc, 'late')?.status === 'missed', 'missed');
    const later = new Date(clock.getTime() + 72 * hour).toISOString();
    expect((await a.client.patch(`/api/cases/${c.id}/expectations/late`, { dueAt: later })).status).toBe(204);
    await waitFor(() => readExpectation(A.doc, 'late')?.status === 'open', 'open again');
    expect((await a.client.patch(`/api/cases/${c.id}/expectations/late`, { text: 'Ship the fix to staging' })).status).toBe(204);
    expect((await a.client.patch(`/api/cases/${c.id}/expectations/late`, { status: 'met' })).status).toBe(204);
    // A date moved on a promise that is not missed does not reopen anything else.
    expect((await a.client.patch(`/api/cases/${c.id}/expectations/late`, { dueAt: later })).status).toBe(204);
    expect(readExpectation(A.doc, 'late')?.status).toBe('met');
    const lines = () => listActivity(A.doc).map((e) => e.summary);
    await waitFor(() => lines().includes('Promise met: Ship the fix to staging'), 'the lines, live');
    expect(lines()).toEqual(
      expect.arrayContaining([
        `Promise reopened: Ship the fix, now due ${later.slice(0, 10)}`,
        'Promise changed: Ship the fix to staging (was "Ship the fix")',
        'Promise met: Ship the fix to staging',
      ]),
    );
    A.provider.destroy();
  });

  it('refuses bad promises with a message naming the field', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const bad = await a.client.post(`/api/cases/${c.id}/expectations`, { text: '', dueAt: 'Friday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/text/);
    expect(bad.body.error.message).toMatch(/dueAt/);
  });

  it('an angry inbound email is flagged with its score and words, raises the priority and notifies the owner', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client, { priority: 'normal' });
    const raw = [
      'From: Angry Customer <angry@customer.test>',
      'To: support@vendor.test',
      'Subject: UNACCEPTABLE - still down!!',
      'Message-ID: <angry-1@customer.test>',
      '',
      'Your service has been down for two days. This is the worst support we have ever had.',
      'Fix it immediately or we cancel the contract and talk to our lawyer.',
      '',
    ].join('\r\n');
    const res = await a.client.request('POST', `/api/cases/${c.id}/emails`, raw, { 'content-type': 'message/rfc822' });
    expect(res.status).toBe(201);
    const A = connect(env.server.url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(A.provider);
    const entry = listActivity(A.doc).find((e) => e.id === res.body.activityId);
    expect(entry?.flag).toBe('moment-of-truth');
    expect(entry?.score).toBeGreaterThanOrEqual(50);
    expect(entry?.signals).toEqual(expect.arrayContaining(['legal', 'cancel']));
    await waitFor(() => readFields(A.doc).priority === 'urgent', 'priority raised');
    const notes = await a.client.get('/api/notifications');
    expect(
      notes.body.notifications.some((n: { kind: string; activityId: string }) => n.kind === 'moment-of-truth' && n.activityId === res.body.activityId),
    ).toBe(true);

    const calm =
      raw.replace('UNACCEPTABLE - still down!!', 'Thanks').replace('<angry-1@', '<calm-1@').split('\r\n\r\n')[0] +
      '\r\n\r\nThanks for the quick help yesterday, all good.\r\n';
    const ok = await a.client.request('POST', `/api/cases/${c.id}/emails`, calm, { 'content-type': 'message/rfc822' });
    await waitFor(() => listActivity(A.doc).some((e) => e.id === ok.body.activityId), 'the calm email');
    expect(listActivity(A.doc).find((e) => e.id === ok.body.activityId)?.flag).toBeUndefined();
    A.provider.destroy();
  });
});
