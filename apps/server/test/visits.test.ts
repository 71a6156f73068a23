import type { CaseViews, SinceSummary } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, createCase, inviteGuest, inviteMember, signUp, waitFor, type Client, type TestEnv } from './helpers.js';
import { startTestServer } from './helpers.js';

/**
 * [issue 15.5, 15.6] Since you were last here, the unread mark, and who
 * opened what: each person sees only what they may (a guest never learns of a
 * team-only entry, field or member), and only the team sees who opened what.
 */
describe.each(featureBackends)('visits on %s (issue 15.5, 15.6)', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(() => env?.stop());

  const visit = async (client: Client, caseId: string): Promise<SinceSummary> => {
    const res = await client.post(`/api/cases/${caseId}/visit`);
    expect(res.status).toBe(200);
    return res.body as SinceSummary;
  };
  const unread = async (client: Client, caseId: string): Promise<boolean | undefined> =>
    ((await client.get('/api/cases')).body.cases as Array<{ id: string; unread?: boolean }>).find((c) => c.id === caseId)?.unread;
  const upload = async (client: Client, caseId: string, name: string): Promise<{ fileId: string; activityId: string }> => {
    const form = new FormData();
    form.set('file', new Blob([new TextEncoder().encode(`text of ${name}`)], { type: 'text/plain' }), name);
    const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
    expect(res.status).toBe(201);
    return (await res.json()) as { fileId: string; activityId: string };
  };

  it('[15.6] a member comes back to what others did: notes with their authors, a field change, who joined; marking read clears it and the unread mark', async () => {
    const owner = await signUp(url, { name: 'Olive' });
    const kase = await createCase(owner.client, { title: 'Renewal', stage: 'qualify' });
    const first = await visit(owner.client, kase.id);
    expect(first).toMatchObject({ since: null, empty: true });

    const bob = await inviteMember(url, owner.client);
    await bob.client.post(`/api/cases/${kase.id}/notes`, { text: 'Called the CFO, budget approved' });
    await bob.client.post(`/api/cases/${kase.id}/notes`, { text: 'Sent the order form' });
    expect((await bob.client.patch(`/api/cases/${kase.id}`, { stage: 'proposal' })).status).toBe(200);
    const guest = await inviteGuest(url, owner.client, kase.id, 'viewer');
    // What Olive did herself is not news to her.
    await owner.client.post(`/api/cases/${kase.id}/notes`, { text: 'My own note' });

    const back = await waitFor(async () => {
      const s = await visit(owner.client, kase.id);
      return s.counts.note === 2 && s.fields.length === 1 && s.joined.length === 1 ? s : null;
    }, 'the summary of what Bob did and who joined');
    expect(back.since).toBe(first.through);
    expect(back.entries.map((e) => [e.actorName, e.summary])).toEqual([
      ['Colleague', 'Sent the order form'],
      ['Colleague', 'Called the CFO, budget approved'],
    ]);
    expect(back.fields).toEqual([expect.objectContaining({ field: 'stage', from: 'qualify', to: 'proposal' })]);
    expect(back.joined).toEqual([expect.objectContaining({ userId: guest.userId, guest: true })]);
    expect(await unread(owner.client, kase.id)).toBe(true);

    expect((await owner.client.post(`/api/cases/${kase.id}/seen`, { through: back.through })).status).toBe(204);
    expect(await unread(owner.client, kase.id)).toBe(false);
    expect(await visit(owner.client, kase.id)).toMatchObject({ since: back.through, empty: true, counts: {} });

    // Something new after that: the mark is back.
    await bob.client.post(`/api/cases/${kase.id}/notes`, { text: 'Signed!' });
    await waitFor(() => unread(owner.client, kase.id), 'the unread mark after a new note');
  });

  it('[15.6] a guest is told only of the shared side: a shared note and the title, never a team note, a team-only field or a team member joining', async () => {
    const owner = await signUp(url, { name: 'Olive' });
    const kase = await createCase(owner.client, { title: 'Pilot', priority: 'low' });
    const guest = await inviteGuest(url, owner.client, kase.id, 'editor');
    expect(await visit(guest.client, kase.id)).toMatchObject({ since: null });

    await owner.client.post(`/api/cases/${kase.id}/notes`, { text: 'Internal: they are price sensitive' });
    await owner.client.post(`/api/cases/${kase.id}/notes`, { text: 'Kick-off is on Monday', shared: true });
    expect((await owner.client.patch(`/api/cases/${kase.id}`, { priority: 'urgent' })).status).toBe(200);
    expect((await owner.client.patch(`/api/cases/${kase.id}`, { title: 'Pilot, phase 2' })).status).toBe(200);
    await inviteMember(url, owner.client);
    const colleague = await inviteMember(url, owner.client);
    expect((await owner.client.post(`/api/cases/${kase.id}/members`, { userId: colleague.me.user.id, access: 'editor' })).status).toBe(200);

    const team = await waitFor(async () => {
      const s = await visit(owner.client, kase.id);
      return s;
    }, 'the owner visit');
    expect(team.since).toBeNull();

    const seen = await waitFor(async () => {
      const s = await visit(guest.client, kase.id);
      return s.fields.some((f) => f.field === 'title') && s.counts.note === 1 ? s : null;
    }, "the guest's summary");
    expect(seen.entries.map((e) => e.summary)).toEqual(['Kick-off is on Monday']);
    expect(JSON.stringify(seen)).not.toContain('price sensitive');
    expect(seen.fields.map((f) => f.field)).toEqual(['title']);
    expect(JSON.stringify(seen)).not.toContain('urgent');
    expect(seen.joined).toEqual([]);
    expect(await unread(guest.client, kase.id)).toBe(true);
    await guest.client.post(`/api/cases/${kase.id}/seen`, {});
    expect(await unread(guest.client, kase.id)).toBe(false);
    // A team-only note afterwards does not mark the case unread for the guest.
    await owner.client.post(`/api/cases/${kase.id}/notes`, { text: 'Internal again' });
    await owner.client.post(`/api/cases/${kase.id}/notes`, { text: 'Team only, still' });
    expect(await unread(owner.client, kase.id)).toBe(false);
    expect(await unread(guest.client, kase.id)).toBe(false);
  });

  it("[15.6] a member is told of what guests did on the shared side (a guest's note and upload), and an entry the team shared is counted once", async () => {
    const owner = await signUp(url, { name: 'Olive' });
    const kase = await createCase(owner.client, { title: 'Deal room' });
    const guest = await inviteGuest(url, owner.client, kase.id, 'editor');
    const first = await visit(owner.client, kase.id);
    await owner.client.post(`/api/cases/${kase.id}/seen`, { through: first.through });

    // Shared by the team: in both documents under one id.
    const bob = await inviteMember(url, owner.client);
    expect((await bob.client.post(`/api/cases/${kase.id}/notes`, { text: 'Agenda for Monday', shared: true })).status).toBe(201);
    // The guest's own: only in the shared document.
    expect((await guest.client.post(`/api/cases/${kase.id}/notes`, { text: 'Our legal team is on it' })).status).toBe(201);
    await upload(guest.client, kase.id, 'signed-dpa.txt');

    const back = await waitFor(async () => {
      const s = await visit(owner.client, kase.id);
      return s.counts.note === 2 && s.counts.file === 1 ? s : null;
    }, "the member's summary of the guest's note and upload");
    expect(back.entries).toHaveLength(3);
    expect(back.entries.map((e) => e.summary)).toEqual(
      expect.arrayContaining(['Agenda for Monday', 'Our legal team is on it', expect.stringContaining('signed-dpa.txt')]),
    );
    expect(await unread(owner.client, kase.id)).toBe(true);
  });

  it('[15.5] who opened what: the team sees a guest open a shared file (counted once in five minutes) and the audit log keeps it; a guest may not ask', async () => {
    const owner = await signUp(url, { name: 'Olive' });
    const kase = await createCase(owner.client, { title: 'Security review' });
    const file = await upload(owner.client, kase.id, 'dpa.txt');
    expect((await owner.client.post(`/api/cases/${kase.id}/activity/${file.activityId}/share`, {})).status).toBe(200);
    const guest = await inviteGuest(url, owner.client, kase.id, 'viewer');
    await visit(guest.client, kase.id);
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/api/files/${file.fileId}/content`, { headers: { cookie: guest.client.cookie } })).status).toBe(200);

    const views = (await owner.client.get(`/api/cases/${kase.id}/views`)).body as CaseViews;
    const them = views.people.find((p) => p.userId === guest.userId);
    expect(them).toMatchObject({ guest: true, lastOpenedAt: expect.any(String) });
    expect(them?.opened).toEqual([expect.objectContaining({ target: 'file', id: file.fileId, name: 'dpa.txt', count: 1 })]);

    const audit = (await owner.client.get('/api/audit?action=file.opened')).body as { entries: Array<{ action: string; actorId: string; subjectId: string }> };
    expect(audit.entries.filter((e) => e.action === 'file.opened' && e.subjectId === file.fileId).map((e) => e.actorId)).toEqual([guest.userId]);

    expect((await guest.client.get(`/api/cases/${kase.id}/views`)).status).toBe(404);
    // A case one may not see: no visit, no mark, no views.
    const stranger = await signUp(url);
    expect((await stranger.client.post(`/api/cases/${kase.id}/visit`)).status).toBe(404);
    expect((await stranger.client.post(`/api/cases/${kase.id}/seen`, {})).status).toBe(404);
    expect((await stranger.client.get(`/api/cases/${kase.id}/views`)).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${kase.id}/seen`, { through: 'yesterday' })).status).toBe(400);
  });
});
