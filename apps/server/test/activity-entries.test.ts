import { docName, fragmentText, readActivity } from '@casehub/case-document';
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

const postEmail = (client: Client, caseId: string, raw: string) =>
  fetch(`${client.baseUrl}/api/cases/${caseId}/emails`, {
    method: 'POST',
    body: raw,
    headers: { cookie: client.cookie, 'content-type': 'message/rfc822' },
  }).then(async (r) => (await r.json()) as { emailId: string; activityId: string });

const spam = (word: string) =>
  `From: Prize Desk <win@prizes.example>\r\nTo: sales@us.example\r\nSubject: You won ${word}\r\nMessage-ID: <${word}@prizes.example>\r\n\r\nClaim your ${word} now.\r\n`;

let counter = 0;
const word = (stem: string) => `${stem}${Date.now().toString(36)}${(counter++).toString(36)}`;

const hits = async (client: Client, q: string) => {
  const res = await client.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (res.body.results as Array<{ activityId: string }>).map((r) => r.activityId);
};

const audited = async (admin: Client, action: string) =>
  (await admin.get(`/api/audit?action=${action}`)).body.entries as Array<{ actorId: string; subjectId: string; data: { activityId: string } }>;

describe.each(featureBackends)('[issue 21.8] deleting and editing stream entries on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('its author deletes a stray note: it leaves the stream (live) and search, audited; a restore brings it back whole', async () => {
    const owner = await signUp(env.server.url);
    const dana = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client);
    const live = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(live.provider);
    const secret = word('stray');
    const note = await dana.client.post(`/api/cases/${c.id}/notes`, { text: `oops ${secret}\nsecond line` });
    expect(note.status).toBe(201);
    const id = note.body.activityId as string;
    expect(await hits(owner.client, secret)).toEqual([id]);

    const removed = await dana.client.delete(`/api/cases/${c.id}/activity/${id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ activityId: id, side: 'team', unshared: false });
    await waitFor(() => readActivity(live.doc, id) === null, 'the note to leave the stream, live');
    expect(await hits(owner.client, secret)).toEqual([]);
    expect(await audited(owner.client, 'activity.delete')).toEqual([
      expect.objectContaining({ actorId: dana.me.user.id, subjectId: c.id, data: expect.objectContaining({ activityId: id }) }),
    ]);
    expect((await dana.client.delete(`/api/cases/${c.id}/activity/${id}`)).status).toBe(404);

    const restored = await dana.client.post(`/api/cases/${c.id}/activity/${id}/restore`);
    expect(restored.status).toBe(200);
    const back = await waitFor(() => readActivity(live.doc, id), 'the note back, live');
    expect(back.body ? fragmentText(back.body) : '').toContain('second line');
    expect(await hits(owner.client, secret)).toEqual([id]);
    expect((await audited(owner.client, 'activity.restore')).map((a) => a.data.activityId)).toEqual([id]);
    // Nothing deleted to restore under that id any more.
    expect((await dana.client.post(`/api/cases/${c.id}/activity/${id}/restore`)).status).toBe(404);
    live.provider.destroy();
  });

  it("the author edits their note, nobody else does; owners and admins delete anyone's entry (a spam email leaves search); viewers nothing", async () => {
    const owner = await signUp(env.server.url);
    const dana = await inviteMember(env.server.url, owner.client);
    const sam = await inviteMember(env.server.url, owner.client);
    const vic = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client);
    expect((await owner.client.post(`/api/cases/${c.id}/members`, { userId: vic.me.user.id, access: 'viewer' })).status).toBeLessThan(300);
    const id = (await dana.client.post(`/api/cases/${c.id}/notes`, { text: 'Call Carla on Monday' })).body.activityId as string;

    const fixed = word('tuesday');
    expect((await sam.client.patch(`/api/cases/${c.id}/activity/${id}`, { text: fixed })).status).toBe(403);
    expect((await owner.client.patch(`/api/cases/${c.id}/activity/${id}`, { text: fixed })).status).toBe(403);
    expect((await dana.client.patch(`/api/cases/${c.id}/activity/${id}`, { text: '' })).status).toBe(400);
    expect((await dana.client.patch(`/api/cases/${c.id}/activity/${id}`, { text: `Call Carla on ${fixed}` })).status).toBe(200);
    expect(await hits(owner.client, fixed)).toEqual([id]);
    expect((await audited(owner.client, 'activity.edit')).map((a) => a.data.activityId)).toEqual([id]);

    expect((await sam.client.delete(`/api/cases/${c.id}/activity/${id}`)).status).toBe(403);
    expect((await vic.client.delete(`/api/cases/${c.id}/activity/${id}`)).status).toBe(403);
    expect((await sam.client.delete(`/api/cases/${c.id}/activity/nope`)).status).toBe(404);

    const prize = word('jackpot');
    const email = await postEmail(owner.client, c.id, spam(prize));
    expect(await hits(owner.client, prize)).toEqual([email.activityId]);
    // An inbound email has no author: only an owner or admin deletes it.
    expect((await dana.client.delete(`/api/cases/${c.id}/activity/${email.activityId}`)).status).toBe(403);
    expect((await owner.client.delete(`/api/cases/${c.id}/activity/${email.activityId}`)).status).toBe(200);
    expect(await hits(owner.client, prize)).toEqual([]);
    expect((await owner.client.post(`/api/cases/${c.id}/activity/${email.activityId}/restore`)).status).toBe(200);
    expect(await hits(owner.client, prize)).toEqual([email.activityId]);
  });

  it("a shared entry deleted leaves the guests' copy and their access, and comes back shared on restore; a guest deletes only their own notes", async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, c.id, 'editor');
    const email = await postEmail(owner.client, c.id, spam(word('shared')));
    expect((await owner.client.post(`/api/cases/${c.id}/activity/${email.activityId}/share`, {})).status).toBe(200);
    expect((await guest.client.get(`/api/emails/${email.emailId}`)).status).toBe(200);
    const G = connect(env.server.url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    expect(readActivity(G.doc, email.activityId)).not.toBeNull();

    const removed = await owner.client.delete(`/api/cases/${c.id}/activity/${email.activityId}`);
    expect(removed.body).toEqual({ activityId: email.activityId, side: 'team', unshared: true });
    await waitFor(() => readActivity(G.doc, email.activityId) === null, "the guests' copy to go, live");
    expect((await guest.client.get(`/api/emails/${email.emailId}`)).status).toBe(404);
    const restored = await owner.client.post(`/api/cases/${c.id}/activity/${email.activityId}/restore`);
    expect(restored.body).toEqual({ activityId: email.activityId, side: 'team', shared: true });
    await waitFor(() => readActivity(G.doc, email.activityId), "the guests' copy back, live");
    expect((await guest.client.get(`/api/emails/${email.emailId}`)).status).toBe(200);

    // Guests: their own notes in the shared document, nothing else.
    const mine = (await guest.client.post(`/api/cases/${c.id}/notes`, { text: 'guest typo' })).body.activityId as string;
    const teamShared = (await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'for everyone', shared: true })).body.activityId as string;
    const teamOnly = (await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'internal' })).body.activityId as string;
    expect((await guest.client.delete(`/api/cases/${c.id}/activity/${teamShared}`)).status).toBe(403);
    expect((await guest.client.delete(`/api/cases/${c.id}/activity/${teamOnly}`)).status).toBe(404);
    expect((await guest.client.delete(`/api/cases/${c.id}/activity/${email.activityId}`)).status).toBe(403);
    expect((await guest.client.patch(`/api/cases/${c.id}/activity/${mine}`, { text: 'guest fixed' })).status).toBe(200);
    expect((await guest.client.delete(`/api/cases/${c.id}/activity/${mine}`)).body).toEqual({ activityId: mine, side: 'shared', unshared: false });
    await waitFor(() => readActivity(G.doc, mine) === null, "the guest's note to go, live");
    // An owner may take a guest's note down too.
    const another = (await guest.client.post(`/api/cases/${c.id}/notes`, { text: 'spam from a guest' })).body.activityId as string;
    expect((await owner.client.delete(`/api/cases/${c.id}/activity/${another}`)).status).toBe(200);
    G.provider.destroy();
  });
});
