import type { SwarmSuggestions } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, createCase, inviteGuest, inviteMember, postRawEmail, signUp, waitFor, type TestEnv } from './helpers.js';
import { startTestServer } from './helpers.js';

const angry = (messageId: string) =>
  [
    'From: Bill Lumbergh <bill@initech.example>',
    'To: support@us.example',
    'Subject: This is unacceptable',
    `Message-ID: <${messageId}@initech.example>`,
    'Date: Fri, 04 Dec 2026 09:00:00 +0000',
    '',
    'Third outage this month. We are reviewing the contract. Call me today.',
    '',
  ].join('\r\n');

/** [issue 15.7] Swarming on a moment of truth: suggestions from the workspace's own history, each with reasons; asking adds and tells. */
describe.each(featureBackends)('swarm on %s (issue 15.7)', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(() => env?.stop());

  it('suggests who worked on the account and with the sender, with reasons; asking puts them on the team and notifies them; guests and strangers are refused', async () => {
    const owner = await signUp(url, { name: 'Olive' });
    const ann = await inviteMember(url, owner.client);
    const bob = await inviteMember(url, owner.client);
    const cy = await inviteMember(url, owner.client);

    // History: Ann owns another Initech case; Bob is on the team of a case where Bill is a stakeholder and wrote to him.
    const older = await createCase(ann.client, { title: 'Initech 2025', account: 'Initech' });
    expect(older.id).toBeTruthy();
    const bill = await owner.client.post('/api/contacts', { name: 'Bill Lumbergh', emails: ['bill@initech.example'] });
    expect(bill.status).toBe(201);
    const pilot = await createCase(owner.client, { title: 'Initech pilot' });
    expect((await owner.client.put(`/api/cases/${pilot.id}/contacts/${bill.body.id}`, { role: 'decision-maker' })).status).toBe(200);
    expect((await owner.client.post(`/api/cases/${pilot.id}/members`, { userId: bob.me.user.id, access: 'editor' })).status).toBe(200);

    const kase = await createCase(owner.client, { title: 'Initech renewal', account: 'Initech' });
    const posted = await postRawEmail(owner.client, `/api/cases/${kase.id}/emails`, angry(`m${Date.now()}`));
    expect(posted.status).toBe(201);
    const activityId = posted.body.activityId as string;

    const suggested = await waitFor(async () => {
      const res = await owner.client.get(`/api/cases/${kase.id}/swarm?activityId=${activityId}`);
      expect(res.status).toBe(200);
      const s = res.body as SwarmSuggestions;
      return s.suggestions.length === 2 ? s : null;
    }, 'two suggestions');
    expect(suggested.suggestions.map((s) => [s.userId, s.reasons])).toEqual([
      [ann.me.user.id, ['Worked on 1 other case of Initech']],
      [bob.me.user.id, ['On 1 other case with Bill Lumbergh']],
    ]);
    expect(suggested.suggestions.map((s) => s.userId)).not.toContain(cy.me.user.id);

    const asked = await owner.client.post(`/api/cases/${kase.id}/swarm`, { activityId, userIds: [ann.me.user.id] });
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ added: [ann.me.user.id] });
    const team = (await owner.client.get(`/api/cases/${kase.id}`)).body.members as Array<{ userId: string; access: string }>;
    expect(team).toContainEqual(expect.objectContaining({ userId: ann.me.user.id, access: 'editor' }));
    const told = (await ann.client.get('/api/notifications')).body.notifications as Array<{ kind: string; text: string; caseId: string }>;
    expect(told).toContainEqual(
      expect.objectContaining({
        kind: 'swarm',
        caseId: kase.id,
        text: expect.stringContaining('Olive asks for your help on "Initech renewal": Bill Lumbergh wrote'),
      }),
    );
    // Once on the team, Ann is no longer suggested.
    const after = (await owner.client.get(`/api/cases/${kase.id}/swarm?activityId=${activityId}`)).body as SwarmSuggestions;
    expect(after.suggestions.map((s) => s.userId)).toEqual([bob.me.user.id]);

    const guest = await inviteGuest(url, owner.client, kase.id, 'editor');
    expect((await guest.client.get(`/api/cases/${kase.id}/swarm?activityId=${activityId}`)).status).toBe(404);
    expect((await guest.client.post(`/api/cases/${kase.id}/swarm`, { activityId, userIds: [cy.me.user.id] })).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${kase.id}/swarm`, { activityId, userIds: [guest.userId] })).status).toBe(404);
    const stranger = await signUp(url);
    expect((await owner.client.post(`/api/cases/${kase.id}/swarm`, { activityId, userIds: [stranger.me.user.id] })).status).toBe(404);
    expect((await stranger.client.get(`/api/cases/${kase.id}/swarm?activityId=${activityId}`)).status).toBe(404);
    expect((await owner.client.get(`/api/cases/${kase.id}/swarm?activityId=nope`)).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${kase.id}/swarm`, { activityId, userIds: [] })).status).toBe(400);
  });

  it('suggests who answered a message with the same signals on another account, naming the signals', async () => {
    const owner = await signUp(url, { name: 'Olive' });
    const sam = await inviteMember(url, owner.client);
    // Elsewhere: an angry message from another customer, which Sam answered.
    const hooli = await createCase(owner.client, { title: 'Hooli support', account: 'Hooli' });
    expect((await owner.client.post(`/api/cases/${hooli.id}/members`, { userId: sam.me.user.id, access: 'editor' })).status).toBe(200);
    const earlier = angry(`h${Date.now()}`).replace('Bill Lumbergh <bill@initech.example>', 'Gavin Belson <gavin@hooli.example>');
    const theirs = await postRawEmail(owner.client, `/api/cases/${hooli.id}/emails`, earlier);
    expect(theirs.status).toBe(201);
    const reply = await sam.client.post(`/api/emails/${theirs.body.emailId as string}/reply`, { text: 'I am on it; calling you within the hour.' });
    expect(reply.status).toBe(201);

    const kase = await createCase(owner.client, { title: 'Initech renewal', account: 'Initech' });
    const posted = await postRawEmail(owner.client, `/api/cases/${kase.id}/emails`, angry(`s${Date.now()}`));
    const suggested = await waitFor(async () => {
      const s = (await owner.client.get(`/api/cases/${kase.id}/swarm?activityId=${posted.body.activityId as string}`)).body as SwarmSuggestions;
      return s.suggestions.length === 1 ? s : null;
    }, 'a suggestion from the same signals');
    expect(suggested.suggestions[0]?.userId).toBe(sam.me.user.id);
    expect(suggested.suggestions[0]?.reasons).toEqual([expect.stringMatching(/^Answered 1 message with the same signals \(.+\)$/)]);
  });
});
