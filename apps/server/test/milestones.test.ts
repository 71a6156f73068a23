import { addMilestone, docName, listMilestones, updateMilestone } from '@casehub/case-document';
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
});
