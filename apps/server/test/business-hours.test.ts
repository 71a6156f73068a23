import { docName, readActivity, readExpectation } from '@casehub/case-document';
import { defaultBusinessHours, type BusinessHours, type WorkingSpan } from '@casehub/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseClocks } from '../src/storage/schema.js';
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

const nineToFive: WorkingSpan[] = [{ start: '09:00', end: '17:00' }];
/** Berlin office hours: weekdays 09:00–17:00 (UTC+1 in November), counting working time for the clocks asked. */
const berlinOffice = (count: BusinessHours['countWorkingTime']): BusinessHours => ({
  timeZone: 'Europe/Berlin',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
  countWorkingTime: count,
});

let mails = 0;
const customerMail = (subject: string) =>
  [
    'From: Carla Customer <carla@acme.example>',
    'To: support@us.example',
    `Subject: ${subject}`,
    `Message-ID: <hours-${mails++}-${Date.now()}@acme.example>`,
    'Date: Fri, 20 Nov 2026 15:30:00 +0000',
    '',
    'Hello, can someone look at this please?',
    '',
  ].join('\r\n');

describe.each(featureBackends)('business hours on %s', (backend) => {
  let env: TestEnv;
  // Friday 20 November 2026, 16:30 in Berlin.
  let clock = new Date('2026-11-20T15:30:00Z');
  beforeAll(async () => {
    env = await startTestServer(backend, { EXPECTATION_AT_RISK_HOURS: '2' }, { now: () => clock });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[H1] members read the settings (UTC around the clock until set); owners and admins change them; bad input is a clear 400', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const admin = await inviteMember(env.server.url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, c.id);

    expect((await member.client.get('/api/settings/business-hours')).body).toEqual(defaultBusinessHours);
    const hours = berlinOffice({ firstResponse: true, promiseAtRisk: false });
    // Stretches and holidays come back in order, whatever order they were sent in.
    const lunch = {
      ...hours,
      week: {
        ...hours.week,
        mon: [
          { start: '13:00', end: '17:00' },
          { start: '09:00', end: '12:00' },
        ],
      },
    };
    const saved = await owner.client.put('/api/settings/business-hours', lunch);
    expect(saved.status).toBe(200);
    expect(saved.body.week.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect((await member.client.get('/api/settings/business-hours')).body).toEqual(saved.body);
    expect((await admin.client.put('/api/settings/business-hours', hours)).status).toBe(200);
    expect((await member.client.get('/api/settings/business-hours')).body).toEqual(hours);

    const refused = await member.client.put('/api/settings/business-hours', defaultBusinessHours);
    expect(refused.status).toBe(403);
    expect((await guest.client.get('/api/settings/business-hours')).status).toBe(404);
    expect((await guest.client.put('/api/settings/business-hours', defaultBusinessHours)).status).toBe(403);
    expect((await member.client.get('/api/settings/business-hours')).body).toEqual(hours);

    const bad = async (body: unknown) => {
      const res = await owner.client.put('/api/settings/business-hours', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      return res.body.error.message as string;
    };
    expect(await bad({ ...hours, timeZone: 'Mars/Olympus' })).toBe(
      'timeZone: is not a time zone this server knows: use a name such as Europe/Berlin or America/New_York',
    );
    expect(await bad({ ...hours, timeZone: '+01:00' })).toMatch(/^timeZone: is not a time zone/);
    expect(
      await bad({
        ...hours,
        week: {
          ...hours.week,
          tue: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        },
      }),
    ).toBe('week.tue: 11:00–17:00 overlaps 09:00–12:00');
    expect(await bad({ ...hours, week: { ...hours.week, wed: [{ start: '17:00', end: '09:00' }] } })).toBe('week.wed.0: 17:00–09:00 ends before it starts');
    expect(await bad({ ...hours, week: { ...hours.week, thu: [{ start: '9am', end: '17:00' }] } })).toBe(
      'week.thu.0.start: must be a time such as 09:00 (24:00 is the end of the day)',
    );
    expect(await bad({ ...hours, holidays: [{ date: '2026-02-30', name: 'Nope' }] })).toBe('holidays.0.date: is not a day of the calendar');
    expect(await bad({ ...hours, holidays: [{ date: 'next friday', name: '' }] })).toBe('holidays.0.date: must be a date such as 2026-12-25');
    expect(await bad({ ...hours, week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } })).toBe(
      'week: needs working hours on at least one day',
    );
    expect(await bad({ ...hours, week: { mon: nineToFive } })).toMatch(/^week\.tue: /);
    // Nothing refused was stored.
    expect((await member.client.get('/api/settings/business-hours')).body).toEqual(hours);

    const audit = await owner.client.get('/api/audit?action=settings.business-hours');
    expect(audit.body.entries.map((e: { actorId: string }) => e.actorId).sort()).toEqual([admin.me.user.id, owner.me.user.id].sort());
  });

  /** A new workspace with a support case and a one-hour first-response target; the customer's message arrives "now". */
  async function supportDesk() {
    const owner = await signUp(env.server.url);
    expect((await owner.client.put('/api/settings/response-targets', { deal: 1440, support: 60 })).status).toBe(200);
    const c = await createCase(owner.client, { kind: 'support' });
    const live = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(live.provider);
    const receive = async (subject: string) => {
      const res = await postRawEmail(owner.client, `/api/cases/${c.id}/emails`, customerMail(subject));
      expect(res.status).toBe(201);
      return waitFor(() => readActivity(live.doc, res.body.activityId as string)?.responseDueAt, 'the clock on the entry');
    };
    return { owner, caseId: c.id, receive, close: () => live.provider.destroy() };
  }

  it('[H2] a message on Friday 16:30 with a one-hour target is due Monday 09:30 where the workspace counts working time, and breaches only then', async () => {
    clock = new Date('2026-11-20T15:30:00Z');
    const desk = await supportDesk();
    expect((await desk.owner.client.put('/api/settings/business-hours', berlinOffice({ firstResponse: true, promiseAtRisk: false }))).status).toBe(200);
    expect(await desk.receive('Working hours')).toBe('2026-11-23T08:30:00.000Z');

    // The same workspace back on wall-clock time: Friday 17:30.
    expect((await desk.owner.client.put('/api/settings/business-hours', berlinOffice({ firstResponse: false, promiseAtRisk: false }))).status).toBe(200);
    expect(await desk.receive('Wall clock')).toBe('2026-11-20T16:30:00.000Z');

    // Saturday: the wall-clock message is breached, the working-hours one is not (other workspaces' clocks may breach too).
    const breached = async () =>
      (await desk.owner.client.get('/api/notifications')).body.notifications
        .filter((n: { kind: string }) => n.kind === 'response.breached')
        .map((n: { text: string }) => /"([^"]+)" from/.exec(n.text)?.[1]);
    clock = new Date('2026-11-21T12:00:00Z');
    await env.server.responses.tick();
    await waitFor(async () => (await breached()).includes('Wall clock'), 'the wall-clock breach');
    clock = new Date('2026-11-23T08:29:00Z');
    await env.server.responses.tick();
    expect(await breached()).toEqual(['Wall clock']);
    clock = new Date('2026-11-23T08:31:00Z');
    await env.server.responses.tick();
    await waitFor(async () => (await breached()).includes('Working hours'), 'the working-hours breach, Monday 09:31');
    desk.close();
  });

  it('[H4] the dashboard counts first-response minutes in working time where the workspace counts that clock so, else elapsed', async () => {
    clock = new Date('2026-11-20T15:30:00Z');
    const desk = await supportDesk();
    expect((await desk.owner.client.put('/api/settings/business-hours', berlinOffice({ firstResponse: true, promiseAtRisk: false }))).status).toBe(200);
    await desk.receive('Answered on Monday');
    desk.close();
    // Answered Monday 09:30 in Berlin (the reply itself is another suite's: here only its moment matters).
    await env.server.database.db
      .update(responseClocks)
      .set({ respondedAt: new Date('2026-11-23T08:30:00Z') })
      .where(eq(responseClocks.caseId, desk.caseId));
    clock = new Date('2026-11-25T12:00:00Z');
    const friday = async () => {
      const d = (await desk.owner.client.get('/api/dashboard?weeks=2')).body;
      return { time: d.firstResponseTime, week: d.firstResponse[0] };
    };
    expect(await friday()).toEqual({ time: 'working', week: { week: '2026-11-16', responded: 1, medianMinutes: 60, p90Minutes: 60, breached: 0 } });
    expect((await desk.owner.client.put('/api/settings/business-hours', berlinOffice({ firstResponse: false, promiseAtRisk: false }))).status).toBe(200);
    expect(await friday()).toEqual({ time: 'elapsed', week: { week: '2026-11-16', responded: 1, medianMinutes: 65 * 60, p90Minutes: 65 * 60, breached: 0 } });
  });

  it('[H2] a workspace that never set business hours keeps the wall-clock first-response clock', async () => {
    clock = new Date('2026-11-20T15:30:00Z');
    const desk = await supportDesk();
    expect(await desk.receive('Default')).toBe('2026-11-20T16:30:00.000Z');
    desk.close();
  });

  /** Creates a promise and waits until the promise index (which the tick reads) lists it as open. */
  async function promise(client: Client, caseId: string, text: string, dueAt: string): Promise<string> {
    const res = await client.post(`/api/cases/${caseId}/expectations`, { text, dueAt });
    expect(res.status).toBe(201);
    await waitFor(
      async () => (await client.get('/api/expectations?view=open')).body.expectations.some((e: { id: string }) => e.id === res.body.expectationId),
      'the promise indexed',
    );
    return res.body.expectationId as string;
  }

  const statusOf = async (client: Client, id: string) =>
    (await client.get('/api/expectations?view=all')).body.expectations.find((e: { id: string }) => e.id === id)?.status as string | undefined;

  it('[H3] a promise turns at risk two working hours before it is due where the workspace counts working time, two clock hours before otherwise', async () => {
    clock = new Date('2026-11-20T14:00:00Z'); // Friday 15:00 in Berlin
    const office = await signUp(env.server.url);
    expect((await office.client.put('/api/settings/business-hours', berlinOffice({ firstResponse: false, promiseAtRisk: true }))).status).toBe(200);
    const plain = await signUp(env.server.url);
    const a = await createCase(office.client);
    const b = await createCase(plain.client);
    // Both due Monday 23 November, 10:00 in Berlin.
    const working = await promise(office.client, a.id, 'Send the contract', '2026-11-23T09:00:00Z');
    const wall = await promise(plain.client, b.id, 'Send the contract', '2026-11-23T09:00:00Z');
    const A = connect(env.server.url, docName(a.id, 'team'), { cookie: office.client.cookie });
    const B = connect(env.server.url, docName(b.id, 'team'), { cookie: plain.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);

    // Friday 15:59: three working hours left (16:00–17:00 Friday, 09:00–10:00 Monday is two; a minute more).
    // (The tick writes the promise index before it returns, so the API answers with its result.)
    clock = new Date('2026-11-20T14:59:00Z');
    await env.server.expectationClock.tick();
    expect(await statusOf(office.client, working)).toBe('open');
    // Friday 16:00 in Berlin: two working hours left, though 66 clock hours remain.
    clock = new Date('2026-11-20T15:00:00Z');
    await env.server.expectationClock.tick();
    await waitFor(() => readExpectation(A.doc, working)?.status === 'at-risk', 'at risk from Friday 16:00, live');
    expect(await statusOf(plain.client, wall)).toBe('open');
    // The wall-clock workspace: at risk from Monday 08:00 in Berlin (07:00Z), not a minute earlier.
    clock = new Date('2026-11-23T06:59:00Z');
    await env.server.expectationClock.tick();
    expect(await statusOf(plain.client, wall)).toBe('open');
    clock = new Date('2026-11-23T07:00:00Z');
    await env.server.expectationClock.tick();
    await waitFor(() => readExpectation(B.doc, wall)?.status === 'at-risk', 'at risk two clock hours before, live');
    // Missed is the due moment itself in both.
    clock = new Date('2026-11-23T09:00:00Z');
    await env.server.expectationClock.tick();
    await waitFor(() => readExpectation(A.doc, working)?.status === 'missed' && readExpectation(B.doc, wall)?.status === 'missed', 'both missed at 10:00');
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[D1.2] dashboard weeks follow the workspace time zone', async () => {
    clock = new Date('2026-11-21T12:00:00Z');
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client);
    // Sunday 22 November 12:00 UTC is already Monday 01:00 in Auckland (UTC+13).
    const id = await promise(owner.client, c.id, 'Kept on Sunday', '2026-11-22T12:00:00Z');
    expect((await owner.client.patch(`/api/cases/${c.id}/expectations/${id}`, { status: 'met' })).status).toBe(204);
    clock = new Date('2026-11-25T12:00:00Z'); // the Wednesday after
    const metIn = async (weeks: string[]) => {
      const got = await waitFor(async () => {
        const res = (await owner.client.get('/api/dashboard?weeks=2')).body;
        return res.expectations.some((e: { met: number }) => e.met > 0) ? res : null;
      }, 'the kept promise counted');
      expect(got.weeks).toEqual(weeks);
      return got;
    };
    const utc = await metIn(['2026-11-16', '2026-11-23']);
    expect(utc.timeZone).toBe('UTC');
    expect(utc.expectations).toEqual([
      { week: '2026-11-16', met: 1, missed: 0 },
      { week: '2026-11-23', met: 0, missed: 0 },
    ]);
    expect((await owner.client.put('/api/settings/business-hours', { ...defaultBusinessHours, timeZone: 'Pacific/Auckland' })).status).toBe(200);
    const auckland = await metIn(['2026-11-16', '2026-11-23']);
    expect(auckland.timeZone).toBe('Pacific/Auckland');
    expect(auckland.expectations).toEqual([
      { week: '2026-11-16', met: 0, missed: 0 },
      { week: '2026-11-23', met: 1, missed: 0 },
    ]);
  });
});

describe.each(featureBackends)('plan templates in the workspace time zone on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("a template's promise counted from the case's creation is due at 17:00 on that day in the workspace's zone", async () => {
    const owner = await signUp(env.server.url);
    expect((await owner.client.put('/api/settings/business-hours', { ...defaultBusinessHours, timeZone: 'Pacific/Auckland' })).status).toBe(200);
    const template = await owner.client.post('/api/plan-templates', {
      name: 'Onboarding',
      milestones: [
        {
          title: 'Kick-off',
          due: { from: 'created', amount: 2, unit: 'days' },
          promises: [{ side: 'team', text: 'Send the agenda', due: { from: 'created', amount: 2, unit: 'days' } }],
        },
      ],
    });
    expect(template.status).toBe(201);
    const created = await owner.client.post(`/api/plan-templates/${template.body.id}/cases`, { title: 'New customer', kind: 'deal' });
    expect(created.status).toBe(201);
    const promise = await waitFor(async () => (await owner.client.get('/api/expectations?view=all')).body.expectations[0], 'the promise indexed');
    const inAuckland = (iso: string) =>
      Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone: 'Pacific/Auckland',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(new Date(iso))
          .map((p) => [p.type, p.value]),
      );
    const due = inAuckland(promise.dueAt as string);
    const made = inAuckland(created.body.createdAt as string);
    expect(`${due.hour}:${due.minute}`).toBe('17:00');
    const days = (p: Record<string, string>) => Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / 86_400_000;
    expect(days(due) - days(made)).toBe(2);
  });
});
