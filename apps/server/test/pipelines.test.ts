import { docName, readFields, readField } from '@casehub/case-document';
import type { PipelineStage } from '@casehub/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSettings } from '../src/storage/schema.js';
import {
  connect,
  featureBackends,
  createCase,
  inviteGuest,
  inviteMember,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type Client,
  type TestEnv,
} from './helpers.js';

type Pipelines = { pipelines: Array<{ kind: string; stages: PipelineStage[] }> };

const stagesOf = async (client: Client, kind: 'deal' | 'support'): Promise<PipelineStage[]> => {
  const res = await client.get('/api/settings/pipelines');
  expect(res.status).toBe(200);
  const found = (res.body as Pipelines).pipelines.find((p) => p.kind === kind);
  if (!found) throw new Error(`no ${kind} pipeline`);
  return found.stages;
};

const stageOfCase = async (client: Client, id: string): Promise<string> => (await client.get(`/api/cases/${id}`)).body.stage as string;

describe.each(featureBackends)('pipelines over HTTP on %s (issue 17.2)', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('members read the suggested stages with their outcomes; only owners and admins change them; guests read nothing', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const admin = await inviteMember(env.server.url, owner.client);
    expect((await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, c.id);

    const deal = await stagesOf(member.client, 'deal');
    expect(deal.map((s) => [s.name, s.outcome])).toEqual([
      ['lead', 'open'],
      ['qualified', 'open'],
      ['proposal', 'open'],
      ['negotiation', 'open'],
      ['won', 'won'],
      ['lost', 'lost'],
    ]);
    expect((await stagesOf(owner.client, 'support')).map((s) => s.outcome)).toEqual(['open', 'open', 'open', 'solved', 'solved']);

    const body = { stages: [...deal, { name: 'Trial', outcome: 'open' }] };
    const refused = await member.client.put('/api/settings/pipelines/deal', body);
    expect(refused.status).toBe(403);
    expect((await guest.client.get('/api/settings/pipelines')).status).toBe(404);
    expect((await guest.client.put('/api/settings/pipelines/deal', body)).status).toBe(403);
    expect((await stagesOf(owner.client, 'deal')).map((s) => s.name)).not.toContain('Trial');

    const saved = await admin.client.put('/api/settings/pipelines/deal', body);
    expect(saved.status).toBe(200);
    expect(saved.body.stages.map((s: PipelineStage) => s.name)).toEqual([...deal.map((s) => s.name), 'Trial']);
    expect(saved.body.moved).toBe(0);
    expect(await stagesOf(member.client, 'deal')).toEqual(saved.body.stages);
    // New cases start in the first open stage.
    const reordered = [saved.body.stages[6], ...saved.body.stages.slice(0, 6)];
    expect((await owner.client.put('/api/settings/pipelines/deal', { stages: reordered })).status).toBe(200);
    expect(await stageOfCase(owner.client, (await createCase(member.client)).id)).toBe('Trial');
  });

  it('refuses bad lists with a clear 400: duplicates, no open stage, an outcome of the other kind, an unknown kind, a delete that strands cases', async () => {
    const owner = await signUp(env.server.url);
    const deal = await stagesOf(owner.client, 'deal');
    const put = (kind: string, body: unknown) => owner.client.put(`/api/settings/pipelines/${kind}`, body);

    const twice = await put('deal', { stages: [...deal, { name: 'lead', outcome: 'open' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('"lead" is listed twice');
    const closedOnly = await put('deal', { stages: [{ name: 'won', outcome: 'won' }] });
    expect(closedOnly.status).toBe(400);
    expect(closedOnly.body.error.message).toContain('at least one open stage');
    const solvedDeal = await put('deal', {
      stages: [
        { name: 'Open', outcome: 'open' },
        { name: 'Done', outcome: 'solved' },
      ],
    });
    expect(solvedDeal.status).toBe(400);
    expect(solvedDeal.body.error.message).toContain('a deal stage cannot be "Solved"');
    expect(
      (
        await put('support', {
          stages: [
            { name: 'Open', outcome: 'open' },
            { name: 'Won', outcome: 'won' },
          ],
        })
      ).status,
    ).toBe(400);
    expect((await put('account', { stages: [{ name: 'Open', outcome: 'open' }] })).status).toBe(404);
    expect((await put('deal', { stages: [] })).status).toBe(400);
    expect((await put('deal', { stages: [{ name: ' ', outcome: 'open' }] })).status).toBe(400);
    expect((await put('deal', { stages: [{ name: 'x'.repeat(61), outcome: 'open' }] })).status).toBe(400);
    expect((await put('deal', { stages: Array.from({ length: 31 }, (_, i) => ({ name: `s${i}`, outcome: 'open' })) })).status).toBe(400);
    expect((await put('deal', { stages: [{ name: 'A', outcome: 'maybe' }] })).status).toBe(400);
    expect((await put('deal', 'not json at all')).status).toBe(400);
    const stale = await put('deal', { stages: [{ id: 'no-such-id', name: 'lead', outcome: 'open' }] });
    expect(stale.status).toBe(409);
    // The target of a move must be in the new list.
    const badMove = await put('deal', { stages: deal.filter((s) => s.name !== 'proposal'), moves: { [deal[2]?.id ?? '']: 'nowhere' } });
    expect(badMove.status).toBe(400);
    expect(badMove.body.error.message).toContain('"nowhere" is not a stage of the new list');

    // Deleting a stage with cases in it needs a target; an empty one goes without.
    await createCase(owner.client, { stage: 'proposal' });
    const proposal = deal.find((s) => s.name === 'proposal');
    const stranded = await put('deal', { stages: deal.filter((s) => s !== proposal) });
    expect(stranded.status).toBe(400);
    expect(stranded.body.error.message).toContain('"proposal" has 1 case');
    const negotiation = deal.find((s) => s.name === 'negotiation');
    expect((await put('deal', { stages: deal.filter((s) => s !== negotiation) })).status).toBe(200);
    // Nothing was stored by the refused saves.
    expect((await stagesOf(owner.client, 'deal')).map((s) => s.name)).toEqual(['lead', 'qualified', 'proposal', 'won', 'lost']);
  });

  it('a rename changes the stage of the cases in it through their documents (live for someone on the case); a delete moves its cases to the target', async () => {
    const owner = await signUp(env.server.url);
    const colleague = await inviteMember(env.server.url, owner.client);
    const inProposal = await createCase(owner.client, { stage: 'proposal' });
    const alsoProposal = await createCase(colleague.client, { stage: 'proposal', private: true });
    const inLead = await createCase(owner.client, { stage: 'lead' });
    const support = await createCase(owner.client, { kind: 'support', stage: 'open' });
    const live = connect(env.server.url, docName(inProposal.id, 'team'), { cookie: colleague.client.cookie });
    const shared = connect(env.server.url, docName(inProposal.id, 'shared'), { cookie: colleague.client.cookie });
    await Promise.all([synced(live.provider), synced(shared.provider)]);
    try {
      const deal = await stagesOf(owner.client, 'deal');
      const renamed = deal.map((s) => (s.name === 'proposal' ? { ...s, name: 'Proposal sent' } : s));
      const res = await owner.client.put('/api/settings/pipelines/deal', { stages: renamed });
      expect(res.status).toBe(200);
      // Both cases in it, the private one the owner cannot open included: a pipeline is the workspace's.
      expect(res.body.moved).toBe(2);
      await waitFor(() => readFields(live.doc).stage === 'Proposal sent', 'the rename reaches a person on the case, live');
      // Guests see the stage: their document follows too.
      await waitFor(() => readField(shared.doc, 'stage') === 'Proposal sent', 'the shared document follows');
      expect(await stageOfCase(owner.client, inProposal.id)).toBe('Proposal sent');
      expect(await stageOfCase(colleague.client, alsoProposal.id)).toBe('Proposal sent');
      expect(await stageOfCase(owner.client, inLead.id)).toBe('lead');
      const list = await owner.client.get('/api/cases?stage=Proposal%20sent');
      expect(list.body.total).toBe(1);
      expect(await stageOfCase(owner.client, support.id)).toBe('open');

      // Delete "lead", its case moving to "negotiation"; swap two names in the same save (each case moves once).
      const now = await stagesOf(owner.client, 'deal');
      const lead = now.find((s) => s.name === 'lead');
      const next = now
        .filter((s) => s !== lead)
        .map((s) => (s.name === 'Proposal sent' ? { ...s, name: 'negotiation' } : s.name === 'negotiation' ? { ...s, name: 'Proposal sent' } : s));
      const swap = await owner.client.put('/api/settings/pipelines/deal', { stages: next, moves: { [lead?.id ?? '']: 'negotiation' } });
      expect(swap.status).toBe(200);
      expect(swap.body.moved).toBe(3);
      await waitFor(() => readFields(live.doc).stage === 'negotiation', 'the swap reaches the document');
      expect(await stageOfCase(owner.client, inProposal.id)).toBe('negotiation');
      expect(await stageOfCase(owner.client, inLead.id)).toBe('negotiation');
      expect((await stagesOf(owner.client, 'deal')).map((s) => s.name)).toEqual(['qualified', 'negotiation', 'Proposal sent', 'won', 'lost']);
    } finally {
      live.provider.destroy();
      shared.provider.destroy();
    }
  });

  it('maps stages in use on upgrade without losing a value; a stage written over the API joins its pipeline; closed follows the outcomes', async () => {
    const owner = await signUp(env.server.url);
    const odd = await createCase(owner.client, { stage: 'Discovery' });
    const won = await createCase(owner.client, { stage: 'won' });
    // As before the upgrade: no pipelines stored, cases in free-text stages.
    await env.server.database.db
      .update(workspaceSettings)
      .set({ pipelines: null })
      .where(eq(workspaceSettings.workspaceId, (await owner.client.get('/api/me')).body.workspace.id));
    const deal = await stagesOf(owner.client, 'deal');
    expect(deal.map((s) => s.name)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'Discovery', 'won', 'lost']);
    expect(await stageOfCase(owner.client, odd.id)).toBe('Discovery');

    expect((await owner.client.patch(`/api/cases/${won.id}`, { stage: 'Signed' })).status).toBe(200);
    expect((await stagesOf(owner.client, 'deal')).map((s) => s.name)).toContain('Signed');

    // Marking "Signed" as won makes the dashboard count it closed.
    const marked = (await stagesOf(owner.client, 'deal')).map((s) => (s.name === 'Signed' ? { ...s, outcome: 'won' } : s));
    expect((await owner.client.put('/api/settings/pipelines/deal', { stages: marked })).status).toBe(200);
    const dash = await owner.client.get('/api/dashboard?weeks=4');
    expect(dash.body.cases.byStage).toContainEqual({ kind: 'deal', stage: 'Signed', count: 1, closed: true });
    expect(dash.body.cases.byStage).toContainEqual({ kind: 'deal', stage: 'Discovery', count: 1, closed: false });
  });
});
