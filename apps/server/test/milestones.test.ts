import { addMilestone, docName, listActivity, listMilestones, readExpectation, setExpectationStatus, updateMilestone } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createCase, inviteGuest, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

/**
 * The mutual action plan's milestones (issue 15.1, DESIGN §3): a Y.Map in the
 * shared document that the team and guests with editor access co-edit live;
 * a viewer's writes are refused by the server. Client-written data, so PGlite
 * is enough here (the sync path is the same on both databases).
 */
describe('milestones in the shared document', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer('pglite');
  }, 60_000);
  afterAll(() => env.stop());

  it('[issue 15.1] a guest editor adds a milestone over /sync and the team sees it live; the team ticks it off; a guest viewer cannot write one', async () => {
    const url = env.server.url;
    const owner = await signUp(url);
    const c = await createCase(owner.client, { title: 'Deal room' });
    const editor = await inviteGuest(url, owner.client, c.id, 'editor');
    const viewer = await inviteGuest(url, owner.client, c.id, 'viewer');
    const name = docName(c.id, 'shared');
    const team = connect(url, name, { cookie: owner.client.cookie });
    const buyer = connect(url, name, { cookie: editor.client.cookie });
    const watcher = connect(url, name, { cookie: viewer.client.cookie });
    try {
      await Promise.all([synced(team.provider), synced(buyer.provider), synced(watcher.provider)]);
      addMilestone(buyer.doc, 'security', { title: 'Security review', dueAt: '2027-03-01' });
      await waitFor(() => listMilestones(team.doc).find((m) => m.id === 'security'), 'the team to see the guest’s milestone');
      updateMilestone(team.doc, 'security', { status: 'done' });
      await waitFor(() => listMilestones(buyer.doc).find((m) => m.id === 'security' && m.status === 'done'), 'the guest to see it done');

      addMilestone(watcher.doc, 'sneaky', { title: 'Written by a viewer' });
      addMilestone(team.doc, 'legal', { title: 'Legal sign-off' });
      await waitFor(() => listMilestones(watcher.doc).some((m) => m.id === 'legal'), 'the viewer to see the team’s next milestone');
      expect(listMilestones(team.doc).map((m) => m.id)).toEqual(['security', 'legal']);
    } finally {
      for (const p of [team, buyer, watcher]) p.provider.destroy();
    }
    // What was committed, read back by a fresh client: the viewer's milestone is not there.
    const fresh = connect(url, name, { cookie: owner.client.cookie });
    try {
      await synced(fresh.provider);
      expect(listMilestones(fresh.doc).map((m) => [m.id, m.status])).toEqual([
        ['security', 'done'],
        ['legal', 'planned'],
      ]);
    } finally {
      fresh.provider.destroy();
    }
  });

  it('[issue 15.1] a promise ticked off in the plan over /sync gets its stream line, by whoever ticked it, once; a guest ticking a team promise gets none', async () => {
    const url = env.server.url;
    const owner = await signUp(url, { name: 'Sara Seller' });
    const c = await createCase(owner.client, { title: 'Plan ticks' });
    const buyer = await inviteGuest(url, owner.client, c.id, 'editor');
    const promise = async (text: string, side: 'team' | 'customer') => {
      const made = await owner.client.post(`/api/cases/${c.id}/expectations`, {
        text,
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        side,
        shared: true,
        ...(side === 'customer' && { ownerId: buyer.userId }),
      });
      expect(made.status).toBe(201);
      return made.body.expectationId as string;
    };
    const theirs = await promise('Send the signed DPA', 'customer');
    const ours = await promise('Send the order form', 'team');
    const shared = docName(c.id, 'shared');
    const seller = connect(url, shared, { cookie: owner.client.cookie });
    const guest = connect(url, shared, { cookie: buyer.client.cookie });
    const teamStream = connect(url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    const lines = () => listActivity(teamStream.doc).filter((e) => e.kind === 'expectation' && /^Promise (met|marked missed)/.test(e.summary));
    try {
      await Promise.all([synced(seller.provider), synced(guest.provider), synced(teamStream.provider)]);
      await waitFor(() => readExpectation(guest.doc, theirs) && readExpectation(guest.doc, ours), 'both promises in the plan');
      // The guest ticks off their own promise, then (not theirs to tick) the team's.
      expect(setExpectationStatus(guest.doc, theirs, 'met')).toBe(true);
      expect(setExpectationStatus(guest.doc, ours, 'met')).toBe(true);
      await waitFor(() => lines().length === 1, 'the line of the guest’s tick');
      await waitFor(() => readExpectation(seller.doc, ours)?.status === 'open', 'the team’s promise put back');
      // The seller ticks the team's promise in the plan.
      expect(setExpectationStatus(seller.doc, ours, 'met')).toBe(true);
      await waitFor(() => lines().length === 2, 'the line of the seller’s tick');
      // A moment for any second line to arrive, were there one.
      await new Promise((r) => setTimeout(r, 300));
      const got = lines().map((e) => [e.summary, e.actorName]);
      expect(got).toEqual(
        expect.arrayContaining([
          ['Promise met: Send the signed DPA', expect.any(String)],
          ['Promise met: Send the order form', 'Sara Seller'],
        ]),
      );
      expect(got.find(([summary]) => summary === 'Promise met: Send the signed DPA')?.[1]).not.toBe('Sara Seller');
      // Once each: the HTTP path and the mirror are the server's own changes and add none.
      expect(got).toHaveLength(2);
    } finally {
      for (const p of [seller, guest, teamStream]) p.provider.destroy();
    }
  });
});
