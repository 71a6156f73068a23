import { addMilestone, docName, listActivity, listMilestones, updateMilestone } from '@casehub/case-document';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, connect, createCase, freshStorage, inviteGuest, signUp, startNode, synced, waitFor, type Client } from './helpers.js';
import { testSmtp, type Received } from './smtp.js';

type Note = { kind: string; text: string; caseId: string | null };

/**
 * Issue 15.1 on the server's promise clock: the mutual plan's milestones are
 * warned of (at risk, then missed) to the case's people without their
 * `status` changing, and guests hear of their own promises by email.
 */
describe.each(featureBackends)('the deal room on the promise clock on %s', (backend) => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let node: Awaited<ReturnType<typeof startNode>>;
  let outside: Awaited<ReturnType<typeof testSmtp>>;
  let clock = new Date('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    outside = await testSmtp();
    storage = await freshStorage(backend);
    node = await startNode(
      storage,
      {
        SMTP_URL: `smtp://127.0.0.1:${outside.port}`,
        PUBLIC_URL: 'https://casehub.example',
        EXPECTATION_AT_RISK_HOURS: '24',
        EXPECTATION_TICK_SECONDS: '3600',
      },
      { now: () => clock },
    );
  });
  afterAll(async () => {
    await node?.close();
    await storage?.drop();
    await outside?.close();
  });

  const notes = async (client: Client): Promise<Note[]> => (await client.get('/api/notifications')).body.notifications;
  const mailTo = async (address: string, subject: RegExp): Promise<Received[]> => {
    const out: Received[] = [];
    for (const m of outside.received.filter((r) => r.to.includes(address))) if (subject.test((await simpleParser(m.raw)).subject ?? '')) out.push(m);
    return out;
  };

  it("[issue 15.1] a milestone coming due is warned of at risk, then missed, to the team and the guests, once each, and its status stays the plan's own", async () => {
    const url = node.url;
    const seller = await signUp(url, { name: 'Sally Seller' });
    const c = await createCase(seller.client, { title: 'Globex rollout' });
    const buyer = await inviteGuest(url, seller.client, c.id, 'editor');
    const team = connect(url, docName(c.id, 'shared'), { cookie: seller.client.cookie });
    try {
      await synced(team.provider);
      // A date alone is due at 17:00 that day in the workspace's zone (UTC here), as a promise from a template.
      addMilestone(team.doc, 'security', { title: 'Security review', dueAt: '2026-11-27' });
      addMilestone(team.doc, 'pilot', { title: 'Pilot done early', dueAt: '2026-11-27' });
      addMilestone(team.doc, 'undated', { title: 'Kick-off' });
      updateMilestone(team.doc, 'pilot', { status: 'done' });
      await waitFor(() => listMilestones(team.doc).length === 3, 'the steps written');
      await node.expectationClock.tick();

      clock = new Date('2026-11-27T08:00:00Z');
      await waitFor(async () => {
        await node.expectationClock.tick();
        return (await notes(seller.client)).some((n) => n.kind === 'milestone.at-risk');
      }, 'the seller warned the step is due soon');
      clock = new Date('2026-11-27T17:30:00Z');
      await waitFor(async () => {
        await node.expectationClock.tick();
        return (await notes(seller.client)).some((n) => n.kind === 'milestone.missed');
      }, 'the seller told the step is missed');
      // Ticking again says nothing new.
      await node.expectationClock.tick();
      await node.expectationClock.tick();

      const sellers = (await notes(seller.client)).filter((n) => n.kind.startsWith('milestone.'));
      expect(sellers.map((n) => n.text).sort()).toEqual([
        'Milestone due soon: Security review (due 2026-11-27)',
        'Milestone missed: Security review (due 2026-11-27)',
      ]);
      const buyers = await waitFor(async () => {
        const got = (await notes(buyer.client)).filter((n) => n.kind.startsWith('milestone.'));
        return got.length === 2 ? got : null;
      }, 'the guest told too');
      expect(buyers.every((n) => n.caseId === c.id)).toBe(true);
      // The stream says so, live; the step is still "planned" (DESIGN §3): the plan shows it late from its date.
      const teamDoc = connect(url, docName(c.id, 'team'), { cookie: seller.client.cookie });
      try {
        await synced(teamDoc.provider);
        const lines = listActivity(teamDoc.doc).map((e) => e.summary);
        expect(lines.filter((l) => l.startsWith('Milestone'))).toEqual(
          expect.arrayContaining(['Milestone due soon: Security review (due 2026-11-27)', 'Milestone missed: Security review (due 2026-11-27)']),
        );
        expect(lines.filter((l) => l.startsWith('Milestone'))).toHaveLength(2);
      } finally {
        teamDoc.provider.destroy();
      }
      expect(listMilestones(team.doc).find((m) => m.id === 'security')?.status).toBe('planned');

      // A new date starts the warnings again.
      updateMilestone(team.doc, 'security', { dueAt: '2026-11-28T12:00:00Z' });
      clock = new Date('2026-11-28T12:30:00Z');
      await waitFor(async () => {
        await node.expectationClock.tick();
        return (await notes(seller.client)).filter((n) => n.kind === 'milestone.missed').length === 2;
      }, 'the moved step missed again');
    } finally {
      team.provider.destroy();
    }
  });

  it('[issue 15.1] a guest is mailed when named owner of a promise, and when it turns at risk and is missed; members and unconfigured kinds are not', async () => {
    clock = new Date('2026-12-01T09:00:00Z');
    const url = node.url;
    const seller = await signUp(url, { name: 'Sam Seller' });
    const c = await createCase(seller.client, { title: 'Initech pilot' });
    const buyer = await inviteGuest(url, seller.client, c.id, 'editor');
    const guestEmail = (await buyer.client.get('/api/me')).body.user.email as string;
    const made = await seller.client.post(`/api/cases/${c.id}/expectations`, {
      text: 'Send the signed DPA',
      dueAt: '2026-12-04T17:00:00Z',
      side: 'customer',
      shared: true,
      ownerId: buyer.userId,
      promisedTo: 'Sam',
    });
    expect(made.status).toBe(201);
    // The team's own promise, owned by the seller: no mail for members (they have the bell and the digest).
    expect(
      (await seller.client.post(`/api/cases/${c.id}/expectations`, { text: 'Send the order form', dueAt: '2026-12-04T17:00:00Z', shared: true })).status,
    ).toBe(201);

    const named = await waitFor(async () => {
      const got = await mailTo(guestEmail, /You own a promise/);
      return got.length > 0 ? got : null;
    }, 'the guest told they own it');
    const first = await simpleParser(named[0]?.raw ?? Buffer.alloc(0));
    expect(first.subject).toBe('You own a promise on Initech pilot: Send the signed DPA');
    expect(first.text).toContain('Send the signed DPA');
    expect(first.text).toContain('due 2026-12-04 17:00 UTC');
    expect(first.text).toContain(`https://casehub.example/cases/${c.id}`);

    clock = new Date('2026-12-04T08:00:00Z');
    await waitFor(async () => {
      await node.expectationClock.tick();
      return (await mailTo(guestEmail, /due soon/)).length > 0;
    }, 'the at-risk mail');
    clock = new Date('2026-12-04T18:00:00Z');
    await waitFor(async () => {
      await node.expectationClock.tick();
      return (await mailTo(guestEmail, /was missed/)).length > 0;
    }, 'the missed mail');
    const missed = await simpleParser((await mailTo(guestEmail, /was missed/))[0]?.raw ?? Buffer.alloc(0));
    expect(missed.subject).toBe('Your promise was missed: Send the signed DPA');
    expect(missed.text).toContain('Hello');
    // Once each (besides the invite), to the guest only: nothing about the team's promise, nothing to the seller.
    expect(await mailTo(guestEmail, /promise/i)).toHaveLength(3);
    expect(outside.received.filter((m) => m.to.includes(seller.me.user.email))).toHaveLength(0);
    expect(outside.received.some((m) => m.raw.toString('utf8').includes('Send the order form'))).toBe(false);
  });

  it('[issue 15.2] kept rates per side over time: kept by us and kept by them month by month, per person and per account, in the months they came due', async () => {
    clock = new Date('2026-12-15T12:00:00Z');
    const url = node.url;
    const seller = await signUp(url, { name: 'Olive Over-time' });
    const c = await createCase(seller.client, { title: 'Umbrella renewal', account: 'Umbrella' });
    const buyer = await inviteGuest(url, seller.client, c.id, 'editor');
    const promise = async (text: string, side: 'team' | 'customer', dueAt: string, status: 'met' | 'missed' | null) => {
      const made = await seller.client.post(`/api/cases/${c.id}/expectations`, {
        text,
        dueAt,
        side,
        shared: true,
        ...(side === 'customer' && { ownerId: buyer.userId }),
      });
      expect(made.status).toBe(201);
      if (status) expect((await seller.client.patch(`/api/cases/${c.id}/expectations/${made.body.expectationId}`, { status })).status).toBe(204);
    };
    await promise('October quote', 'team', '2026-10-10T17:00:00Z', 'met');
    await promise('October DPA', 'customer', '2026-10-12T17:00:00Z', 'missed');
    await promise('November demo', 'team', '2026-11-03T17:00:00Z', 'missed');
    await promise('November reference', 'customer', '2026-11-20T17:00:00Z', 'met');
    await promise('November security answers', 'customer', '2026-11-30T23:30:00Z', 'met');
    await promise('December order form', 'team', '2026-12-02T17:00:00Z', 'met');
    // Before the window (six months: July to December) and not yet settled: counted nowhere.
    await promise('Spring intro', 'team', '2026-05-05T17:00:00Z', 'met');
    await promise('Next week', 'customer', '2026-12-22T17:00:00Z', null);

    const stats = await waitFor(async () => {
      const body = (await seller.client.get('/api/expectations/stats')).body;
      return body.overall?.total === 4 && body.customer?.overall.total === 3 ? body : null;
    }, 'every settled promise indexed');
    const t = stats.overTime;
    expect(t.months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(t.timeZone).toBe('UTC');
    const none = { kept: 0, total: 0 };
    expect(t.overall.team).toEqual([none, none, none, { kept: 1, total: 1 }, { kept: 0, total: 1 }, { kept: 1, total: 1 }]);
    expect(t.overall.customer).toEqual([none, none, none, { kept: 0, total: 1 }, { kept: 2, total: 2 }, none]);
    const sellerRow = t.byOwner.find((o: { ownerId: string }) => o.ownerId === seller.me.user.id);
    expect(sellerRow.name).toBe('Olive Over-time');
    expect(sellerRow.customer).toEqual(t.months.map(() => none));
    const buyerRow = t.byOwner.find((o: { ownerId: string }) => o.ownerId === buyer.userId);
    expect(buyerRow.customer).toEqual(t.overall.customer);
    expect(buyerRow.team).toEqual(t.months.map(() => none));
    expect(t.byAccount).toEqual([expect.objectContaining({ account: 'Umbrella', team: t.overall.team, customer: t.overall.customer })]);

    // A longer window reaches back to May; a bad one is refused with the field named.
    const year = (await seller.client.get('/api/expectations/stats?months=8')).body.overTime;
    expect(year.months[0]).toBe('2026-05');
    expect(year.overall.team[0]).toEqual({ kept: 1, total: 1 });
    for (const bad of ['0', '25', 'many', '1.5']) {
      const res = await seller.client.get(`/api/expectations/stats?months=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/months/);
    }

    // In the workspace's time zone: 23:30 UTC on 30 November is already December in Tokyo.
    expect(
      (
        await seller.client.request('PUT', '/api/settings/business-hours', {
          ...(await seller.client.get('/api/settings/business-hours')).body,
          timeZone: 'Asia/Tokyo',
        })
      ).status,
    ).toBe(200);
    const tokyo = (await seller.client.get('/api/expectations/stats')).body.overTime;
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
    expect(tokyo.overall.customer.slice(4)).toEqual([
      { kept: 1, total: 1 },
      { kept: 1, total: 1 },
    ]);

    // The guest sees their case's shared promises over time, never the accounts.
    const theirs = (await buyer.client.get('/api/expectations/stats')).body.overTime;
    expect(theirs.overall.customer).toEqual(tokyo.overall.customer);
    expect(theirs.byAccount).toEqual([]);
  });
});
