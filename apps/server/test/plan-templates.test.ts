import { docName, listActivity, listExpectations, listMilestones, readPromiseSide, toPlain, expectationsMap } from '@casehub/case-document';
import { addToDate, dateIn } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  featureBackends,
  connect,
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

const enterprise = {
  name: 'Enterprise deal',
  description: 'Security review and signature',
  planText: 'Goal: live in April\n\nBoth sides sign by the close date',
  milestones: [
    {
      title: 'Kickoff',
      due: { from: 'created', amount: 7, unit: 'days' },
      promises: [{ side: 'customer', text: 'Share the stakeholder list', due: { from: 'created', amount: 5 } }],
    },
    {
      title: 'Security review',
      due: { from: 'close', amount: -30, unit: 'days' },
      promises: [
        { side: 'team', text: 'Send the SOC 2 report', due: { from: 'close', amount: -35, unit: 'days' } },
        { side: 'customer', text: 'Return the security questionnaire', due: { from: 'close', amount: -30, unit: 'days' } },
      ],
    },
    { title: 'Signature', due: { from: 'close', amount: 0, unit: 'days' } },
  ],
};

/** The case's shared document as a fresh client receives it. */
async function sharedDoc(url: string, client: Client, caseId: string) {
  const c = connect(url, docName(caseId, 'shared'), { cookie: client.cookie });
  await synced(c.provider);
  return c;
}

/**
 * [issue 15.3] Plan templates over HTTP: owners and admins manage them, every
 * member builds a case's plan from one; dates count from the close date or
 * the creation, and a close date is asked for, never guessed.
 */
describe.each(featureBackends)('plan templates on %s', (backend) => {
  let env: TestEnv;
  let owner: Client;
  let ownerId: string;

  beforeAll(async () => {
    env = await startTestServer(backend);
    const signed = await signUp(env.server.url, { name: 'Sam Seller' });
    owner = signed.client;
    ownerId = signed.me.user.id;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('bad templates are clear 400s; members read but do not manage them; guests do not know they exist; names are unique', async () => {
    const member = await inviteMember(env.server.url, owner);
    const c = await createCase(owner);
    const guest = await inviteGuest(env.server.url, owner, c.id);

    const bad = async (body: unknown) => {
      const res = await owner.post('/api/plan-templates', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      return String(res.body.error.message);
    };
    expect(await bad({ ...enterprise, name: ' ' })).toMatch(/name/);
    expect(await bad({ ...enterprise, milestones: [{ title: 'X', due: { from: 'close', amount: -30, unit: 'years' } }] })).toMatch(
      /milestones\.0\.due\.unit.*days, weeks or months/,
    );
    expect(await bad({ ...enterprise, milestones: [{ title: 'X', due: { from: 'signature', amount: 1 } }] })).toMatch(/milestones\.0\.due\.from/);
    expect(await bad({ ...enterprise, milestones: [{ title: 'X', due: { from: 'close', amount: 1.5 } }] })).toMatch(/whole number/);
    expect(await bad({ ...enterprise, milestones: [{ title: 'X', promises: [{ side: 'vendor', text: 'x', due: { from: 'close', amount: 1 } }] }] })).toMatch(
      /milestones\.0\.promises\.0\.side/,
    );
    expect(await bad({ ...enterprise, milestones: [{ title: 'X', promises: [{ side: 'team', text: 'no date' }] }] })).toMatch(/promises\.0\.due/);

    const made = await owner.post('/api/plan-templates', enterprise);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Enterprise deal', needsCloseDate: true, createdByName: 'Sam Seller' });
    expect(made.body.milestones[0].promises[0].due).toEqual({ from: 'created', amount: 5, unit: 'days' });
    expect((await owner.post('/api/plan-templates', enterprise)).status).toBe(409);

    expect((await member.client.get('/api/plan-templates')).body.templates.map((t: { name: string }) => t.name)).toEqual(['Enterprise deal']);
    expect((await member.client.get(`/api/plan-templates/${made.body.id}`)).status).toBe(200);
    expect((await member.client.post('/api/plan-templates', { ...enterprise, name: 'Mine' })).status).toBe(403);
    expect((await member.client.patch(`/api/plan-templates/${made.body.id}`, { name: 'Renamed' })).status).toBe(403);
    expect((await member.client.delete(`/api/plan-templates/${made.body.id}`)).status).toBe(403);
    expect((await member.client.post(`/api/cases/${c.id}/save-as-template`, { name: 'From a case' })).status).toBe(403);
    expect((await guest.client.get('/api/plan-templates')).status).toBe(404);
    expect((await guest.client.post(`/api/cases/${c.id}/apply-template`, { templateId: made.body.id })).status).toBe(404);

    const renamed = await owner.patch(`/api/plan-templates/${made.body.id}`, { name: 'Enterprise deal v2', milestones: [] });
    expect(renamed.body).toMatchObject({ name: 'Enterprise deal v2', needsCloseDate: false, milestones: [] });
    expect((await owner.patch(`/api/plan-templates/${made.body.id}`, { milestones: [{ title: '' }] })).status).toBe(400);
    expect((await owner.delete(`/api/plan-templates/${made.body.id}`)).status).toBe(204);
    expect((await owner.get(`/api/plan-templates/${made.body.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/plan-templates/${made.body.id}`)).status).toBe(404);
  });

  it('applying to a case without a close date asks for one; with it the plan lands in the shared document and the promise clock has the promises', async () => {
    const template = (await owner.post('/api/plan-templates', { ...enterprise, name: 'Apply me' })).body as { id: string };
    const member = await inviteMember(env.server.url, owner);
    const c = await createCase(owner, { title: 'Acme rollout' });

    const refused = await member.client.post(`/api/cases/${c.id}/apply-template`, { templateId: template.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^closeDate: .*counts dates from the close date and this case has none/);
    expect((await owner.post(`/api/cases/${c.id}/apply-template`, { templateId: 'nope' })).status).toBe(404);

    // A member (an editor of the case, not an admin) builds the plan, giving the close date.
    const applied = await member.client.post(`/api/cases/${c.id}/apply-template`, { templateId: template.id, closeDate: '2027-03-31' });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ milestones: 3, promises: 3, closeDate: '2027-03-31' });
    const detail = await owner.get(`/api/cases/${c.id}`);
    expect(detail.body.closeDate).toBe('2027-03-31');
    const created = dateIn(new Date(detail.body.createdAt));

    const shared = await sharedDoc(env.server.url, owner, c.id);
    try {
      const steps = listMilestones(shared.doc);
      expect(steps.map((m) => [m.title, m.dueAt, m.promises])).toEqual([
        ['Kickoff', addToDate(created, 7, 'days'), 1],
        ['Security review', '2027-03-01', 2],
        ['Signature', '2027-03-31', 0],
      ]);
      const promises = listExpectations(shared.doc);
      const byText = new Map(promises.map((p) => [p.text, p]));
      expect(byText.get('Send the SOC 2 report')).toMatchObject({ dueAt: '2027-02-24T17:00:00.000Z', ownerId, status: 'open' });
      expect(byText.get('Return the security questionnaire')).toMatchObject({ dueAt: '2027-03-01T17:00:00.000Z', ownerId: null });
      expect(promises.map((p) => readPromiseSide(shared.doc, p.id)).sort()).toEqual(['customer', 'customer', 'team']);
      const security = steps[1]?.id;
      expect(promises.filter((p) => expectationsMap(shared.doc).get(p.id)?.get('milestoneId') === security)).toHaveLength(2);
      expect(toPlain(shared.doc).planText).toBe('Goal: live in April\n\nBoth sides sign by the close date');
    } finally {
      shared.provider.destroy();
    }

    // The promise index (what the clock reads) has both sides' promises.
    const listed = await owner.get(`/api/expectations?caseId=${c.id}`);
    expect(listed.body.expectations.map((e: { promiseSide: string; text: string }) => [e.promiseSide, e.text]).sort()).toEqual([
      ['customer', 'Return the security questionnaire'],
      ['customer', 'Share the stakeholder list'],
      ['team', 'Send the SOC 2 report'],
    ]);
    // The team's stream says so.
    const team = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.cookie });
    try {
      await synced(team.provider);
      await waitFor(() => listActivity(team.doc).some((e) => e.summary === 'Plan template "Apply me" applied: 3 milestones, 3 promises'), 'the stream line');
    } finally {
      team.provider.destroy();
    }
  });

  it('a case created from a template gets its plan; without the close date it needs, no case is made', async () => {
    const template = (await owner.post('/api/plan-templates', { ...enterprise, name: 'New case' })).body as { id: string };
    const before = (await owner.get('/api/cases')).body.total as number;
    const refused = await owner.post(`/api/plan-templates/${template.id}/cases`, { title: 'Globex' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^closeDate: .*give the new case a close date/);
    expect((await owner.get('/api/cases')).body.total).toBe(before);

    const made = await owner.post(`/api/plan-templates/${template.id}/cases`, { title: 'Globex', closeDate: '2028-03-30' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ title: 'Globex', closeDate: '2028-03-30' });
    const shared = await sharedDoc(env.server.url, owner, made.body.id);
    try {
      // 30 days before 30 March 2028 is the leap day.
      expect(listMilestones(shared.doc).map((m) => m.dueAt)).toContain('2028-02-29');
    } finally {
      shared.provider.destroy();
    }

    // Creation-relative templates need no close date.
    const onboarding = await owner.post('/api/plan-templates', {
      name: 'Onboarding',
      milestones: [{ title: 'Kickoff', due: { from: 'created', amount: 1, unit: 'weeks' } }],
    });
    expect(onboarding.body.needsCloseDate).toBe(false);
    expect((await owner.post(`/api/plan-templates/${onboarding.body.id}/cases`, { title: 'Initech', kind: 'support' })).status).toBe(201);
  });

  it("saves a case's plan as a template with dates relative to its close date", async () => {
    const template = (await owner.post('/api/plan-templates', { ...enterprise, name: 'Source' })).body as { id: string };
    const c = await createCase(owner, { closeDate: '2027-06-30' });
    expect((await owner.post(`/api/cases/${c.id}/apply-template`, { templateId: template.id })).status).toBe(200);
    const saved = await owner.post(`/api/cases/${c.id}/save-as-template`, { name: 'Copied' });
    expect(saved.status).toBe(201);
    expect(saved.body.planText).toBe(enterprise.planText);
    const security = saved.body.milestones.find((m: { title: string }) => m.title === 'Security review');
    expect(security.due).toEqual({ from: 'close', amount: -30, unit: 'days' });
    expect(security.promises).toEqual([
      { side: 'team', text: 'Send the SOC 2 report', due: { from: 'close', amount: -35, unit: 'days' } },
      { side: 'customer', text: 'Return the security questionnaire', due: { from: 'close', amount: -30, unit: 'days' } },
    ]);
    expect((await owner.post(`/api/cases/${c.id}/save-as-template`, { name: 'Copied' })).status).toBe(409);
  });
});
