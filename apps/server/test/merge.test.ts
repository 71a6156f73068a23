import { addMilestone, docName, listActivity, listExpectations, listMilestones, planFragment, type DocSide } from '@casehub/case-document';
import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseMerges } from '../src/storage/schema.js';
import { addParagraph, createCase, featureBackends, inviteGuest, inviteMember, signUp, startTestServer, type Client, type TestEnv } from './helpers.js';

let seq = 0;
/** A raw message with a fresh Message-ID unless given. */
function mail(o: { from: string; to?: string; subject: string; id?: string; inReplyTo?: string; body?: string }): string {
  const lines = [
    `From: ${o.from}`,
    `To: ${o.to ?? 'Sales <sales@us.example>'}`,
    `Subject: ${o.subject}`,
    `Date: ${new Date(Date.UTC(2026, 0, 1, 9, seq++)).toUTCString()}`,
    `Message-ID: ${o.id ?? `<merge-${Date.now()}.${seq++}@acme.example>`}`,
  ];
  if (o.inReplyTo) lines.push(`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`);
  return `${lines.join('\r\n')}\r\n\r\n${o.body ?? 'Hello there'}\r\n`;
}

const postRaw = (client: Client, path: string, raw: string) =>
  fetch(`${client.baseUrl}${path}`, { method: 'POST', body: raw, headers: { cookie: client.cookie, 'content-type': 'message/rfc822' } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as any,
  }));

async function upload(client: Client, caseId: string, name: string, text: string) {
  const form = new FormData();
  form.set('file', new Blob([text], { type: 'text/plain' }), name);
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  expect(res.status).toBe(201);
  return (await res.json()) as { fileId: string; activityId: string };
}

describe.each(featureBackends)('merge and split on %s (issue 17.5)', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  /** Reads one document of a case as the server holds it. */
  async function readDoc<T>(caseId: string, side: DocSide, read: (doc: Y.Doc) => T): Promise<T> {
    const room = await env.server.rooms.acquire(docName(caseId, side));
    try {
      return read(room.doc);
    } finally {
      env.server.rooms.release(room);
    }
  }
  const entryIds = (caseId: string, side: DocSide) => readDoc(caseId, side, (d) => listActivity(d).map((e) => e.id));

  /** A duplicate with something of every kind in it, and a case to merge it into. */
  async function twoCases() {
    const owner = await signUp(env.server.url, { name: 'Dana Seller' });
    const dup = await createCase(owner.client, { title: 'Acme renewal (dup)' });
    const into = await createCase(owner.client, { title: 'Acme renewal' });
    const guest = await inviteGuest(env.server.url, owner.client, dup.id);
    const root = await postRaw(
      owner.client,
      `/api/cases/${dup.id}/emails`,
      mail({ from: 'Carla <carla@acme.example>', subject: 'Renewal quote', id: `<root-${dup.id}@acme.example>`, body: 'Can we renew?' }),
    );
    expect(root.status).toBe(201);
    const note = (await owner.client.post(`/api/cases/${dup.id}/notes`, { text: 'Carla wants 40 seats', shared: true })).body as { activityId: string };
    const shared = await owner.client.post(`/api/cases/${dup.id}/activity/${root.body.activityId}/share`, { thread: true });
    expect(shared.status).toBe(200);
    const file = await upload(owner.client, dup.id, 'notes.txt', 'seat count');
    const teamPromise = await owner.client.post(`/api/cases/${dup.id}/expectations`, { text: 'Quote by Friday', dueAt: '2027-01-08T17:00:00Z' });
    const sharedPromise = await owner.client.post(`/api/cases/${dup.id}/expectations`, { text: 'Call back', dueAt: '2027-01-09T17:00:00Z', shared: true });
    expect([teamPromise.status, sharedPromise.status]).toEqual([201, 201]);
    await env.server.rooms.change(docName(dup.id, 'shared'), (doc) => addMilestone(doc, `ms-${dup.id}`, { title: 'Sign the order' }));
    await env.server.rooms.change(docName(dup.id, 'team'), (doc) => addParagraph(doc, 'Upsell support next year'));
    return { owner, dup, into, guest, root: root.body as { emailId: string; activityId: string; threadId: string }, note, file };
  }

  it('[17.5] a merge moves the stream, emails, files, promises, steps and people; the duplicate redirects; a reply to its thread lands on the surviving case', async () => {
    const { owner, dup, into, guest, root, note, file } = await twoCases();
    const teamBefore = await entryIds(dup.id, 'team');
    const sharedBefore = await entryIds(dup.id, 'shared');
    expect(sharedBefore).toEqual(expect.arrayContaining([note.activityId, root.activityId]));

    const res = await owner.client.post(`/api/cases/${dup.id}/merge`, { into: into.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: dup.id, into: into.id, moved: { emails: 1, files: 1, promises: 2, milestones: 1 } });
    expect(res.body.moved.people).toBeGreaterThanOrEqual(1);
    expect(new Date(res.body.undoUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // Both documents' entries are on the surviving case (committed before the answer), gone from the duplicate.
    const teamAfter = await entryIds(into.id, 'team');
    expect(teamAfter).toEqual(expect.arrayContaining(teamBefore));
    expect(await entryIds(into.id, 'shared')).toEqual(expect.arrayContaining(sharedBefore));
    expect((await entryIds(dup.id, 'team')).filter((id) => teamBefore.includes(id))).toEqual([]);
    expect(await entryIds(dup.id, 'shared')).toEqual([]);
    expect((await readDoc(into.id, 'team', listExpectations)).map((e) => e.text)).toContain('Quote by Friday');
    expect((await readDoc(into.id, 'shared', listExpectations)).map((e) => e.text)).toContain('Call back');
    expect((await readDoc(into.id, 'shared', listMilestones)).map((m) => m.title)).toEqual(['Sign the order']);
    expect(await readDoc(dup.id, 'shared', listMilestones)).toEqual([]);
    // The duplicate's plan is kept on the surviving case as a note, and a system entry says what happened.
    const stream = await readDoc(into.id, 'team', listActivity);
    expect(stream.some((e) => e.kind === 'note' && e.summary.includes('Account plan of "Acme renewal (dup)"'))).toBe(true);
    expect(stream.some((e) => e.kind === 'system' && e.summary.includes('merged "Acme renewal (dup)" into this case'))).toBe(true);
    expect(await readDoc(dup.id, 'team', (d) => planFragment(d).length)).toBeGreaterThan(0);

    // Relational rows follow: the email, its thread and the file.
    expect((await owner.client.get(`/api/emails/${root.emailId}`)).body.caseId).toBe(into.id);
    expect((await owner.client.get(`/api/files/${file.fileId}`)).body.caseId).toBe(into.id);
    // The stream's projection follows too: search finds the moved note on the surviving case.
    const found = await owner.client.get(`/api/search?q=${encodeURIComponent('40 seats')}`);
    expect(found.body.results.map((r: { caseId: string }) => r.caseId)).toEqual([into.id]);

    // The duplicate redirects; the list shows only the surviving case.
    expect((await owner.client.get(`/api/cases/${dup.id}`)).body.mergedInto).toBe(into.id);
    const surviving = (await owner.client.get(`/api/cases/${into.id}`)).body;
    expect(surviving.mergedInto).toBeNull();
    expect(surviving.mergedFrom).toMatchObject([{ caseId: dup.id, title: 'Acme renewal (dup)' }]);
    expect((await owner.client.get('/api/cases')).body.cases.map((c: { id: string }) => c.id)).toEqual([into.id]);

    // A reply to the old thread, arriving with no case named, threads to the surviving case.
    const reply = await postRaw(
      owner.client,
      '/api/triage/emails',
      mail({ from: 'Carla <carla@acme.example>', subject: 'Re: Renewal quote', inReplyTo: `<root-${dup.id}@acme.example>`, body: 'Any news?' }),
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ caseId: into.id, threadId: root.threadId });
    expect(await entryIds(into.id, 'team')).toContain(reply.body.activityId);

    // The guest of the duplicate keeps access to the surviving case, to its shared side only.
    const asGuest = await guest.client.get(`/api/cases/${into.id}`);
    expect(asGuest.status).toBe(200);
    expect(asGuest.body.docs).toEqual({ team: null, shared: docName(into.id, 'shared') });
    expect(asGuest.body.mergedFrom).toBeUndefined();
    expect((await guest.client.get(`/api/emails/${root.emailId}`)).status).toBe(200);
    expect((await guest.client.get(`/api/files/${file.fileId}`)).status).toBe(404);

    // Audited.
    const audit = await env.server.database.db.select().from(auditLog).where(eq(auditLog.subjectId, dup.id));
    expect(audit.map((a) => a.action)).toContain('case.merge');
  });

  it('[17.5] undo within a day moves everything back and takes away the people the merge added', async () => {
    const { owner, dup, into, guest, root, file } = await twoCases();
    const teamBefore = await entryIds(dup.id, 'team');
    const sharedBefore = await entryIds(dup.id, 'shared');
    const intoBefore = await entryIds(into.id, 'team');
    expect((await owner.client.post(`/api/cases/${dup.id}/merge`, { into: into.id })).status).toBe(200);
    // Someone works on the surviving case meanwhile; their note stays there.
    const later = (await owner.client.post(`/api/cases/${into.id}/notes`, { text: 'After the merge' })).body as { activityId: string };

    // Only the duplicate's own id undoes; for a guest the endpoint does not exist (members only).
    expect((await guest.client.post(`/api/cases/${dup.id}/merge/undo`)).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${into.id}/merge/undo`)).status).toBe(404);
    const undo = await owner.client.post(`/api/cases/${dup.id}/merge/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ from: dup.id, into: into.id, restored: { emails: 1, files: 1, promises: 2, milestones: 1 } });

    expect(await entryIds(dup.id, 'team')).toEqual(expect.arrayContaining(teamBefore));
    expect((await entryIds(dup.id, 'shared')).sort()).toEqual([...sharedBefore].sort());
    const intoNow = await readDoc(into.id, 'team', listActivity);
    expect(intoNow.map((e) => e.id)).toEqual(expect.arrayContaining([...intoBefore, later.activityId]));
    expect(intoNow.filter((e) => teamBefore.includes(e.id))).toEqual([]);
    // The plan note is gone with the merge; the system entries stay as the record.
    expect(intoNow.some((e) => e.summary.includes('Account plan of'))).toBe(false);
    expect(await entryIds(into.id, 'shared')).toEqual([]);
    expect((await readDoc(dup.id, 'shared', listMilestones)).map((m) => m.title)).toEqual(['Sign the order']);
    expect((await owner.client.get(`/api/emails/${root.emailId}`)).body.caseId).toBe(dup.id);
    expect((await owner.client.get(`/api/files/${file.fileId}`)).body.caseId).toBe(dup.id);
    expect((await owner.client.get(`/api/cases/${dup.id}`)).body.mergedInto).toBeNull();
    expect((await owner.client.get(`/api/cases/${into.id}`)).body.mergedFrom).toEqual([]);
    // The guest was added by the merge: they lose the surviving case again, and keep their own.
    expect((await guest.client.get(`/api/cases/${into.id}`)).status).toBe(404);
    expect((await guest.client.get(`/api/cases/${dup.id}`)).status).toBe(200);
    expect((await guest.client.get(`/api/emails/${root.emailId}`)).status).toBe(200);

    // Once undone, there is nothing left to undo; it may be merged again.
    expect((await owner.client.post(`/api/cases/${dup.id}/merge/undo`)).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${dup.id}/merge`, { into: into.id })).status).toBe(200);
    // After a day, the merge stays.
    await env.server.database.db
      .update(caseMerges)
      .set({ at: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(caseMerges.fromCaseId, dup.id));
    const late = await owner.client.post(`/api/cases/${dup.id}/merge/undo`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/more than a day/);
  });

  it('[17.5] only editors of both cases merge; guests never; hostile input gets a clear 4xx and moves nothing', async () => {
    const owner = await signUp(env.server.url);
    const a = await createCase(owner.client, { title: 'A' });
    const b = await createCase(owner.client, { title: 'B' });
    const secret = await createCase(owner.client, { title: 'Secret', private: true });
    const member = await inviteMember(env.server.url, owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, a.id);
    await inviteGuest(env.server.url, owner.client, b.id).then(async (g2) => {
      expect((await g2.client.post(`/api/cases/${b.id}/merge`, { into: a.id })).status).toBe(404);
    });
    const other = await signUp(env.server.url);
    const foreign = await createCase(other.client);

    // Guests: members-only endpoints answer them 404, whatever their access to the cases.
    expect((await guest.client.post(`/api/cases/${a.id}/merge`, { into: b.id })).status).toBe(404);
    expect((await guest.client.post(`/api/cases/${a.id}/split`, { title: 'x', activityIds: ['y'] })).status).toBe(404);
    // A viewer of one side may not.
    expect((await owner.client.post(`/api/cases/${b.id}/members`, { userId: member.me.user.id, access: 'viewer' })).status).toBe(200);
    const viewer = await member.client.post(`/api/cases/${a.id}/merge`, { into: b.id });
    expect(viewer.status).toBe(403);
    // What one may not see is a 404, another workspace's case too.
    expect((await member.client.post(`/api/cases/${a.id}/merge`, { into: secret.id })).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${a.id}/merge`, { into: foreign.id })).status).toBe(404);
    // Bad bodies.
    for (const body of [{}, { into: '' }, { into: 42 }, { into: 'x'.repeat(65) }, { into: b.id, extra: true }, 'not json', []]) {
      const res = await owner.client.post(`/api/cases/${a.id}/merge`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    expect((await owner.client.post(`/api/cases/${a.id}/merge`, { into: a.id })).status).toBe(400);
    // A private case does not spill into a case everyone sees.
    const spill = await owner.client.post(`/api/cases/${secret.id}/merge`, { into: a.id });
    expect(spill.status).toBe(409);
    for (const body of [{ title: 'x' }, { title: '', threadId: 't' }, { title: 'x', threadId: 't', activityIds: ['a'] }, { title: 'x', activityIds: [] }]) {
      expect((await owner.client.post(`/api/cases/${a.id}/split`, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await owner.client.post(`/api/cases/${a.id}/split`, { title: 'x', threadId: 'nope' })).status).toBe(404);
    expect((await owner.client.post(`/api/cases/${a.id}/split`, { title: 'x', activityIds: ['nope'] })).status).toBe(404);
    // Nothing moved, nothing merged.
    expect((await owner.client.get('/api/cases')).body.total).toBe(3);

    // Merged once, a duplicate is taken: a second merge of it, or into it, is refused.
    expect((await owner.client.post(`/api/cases/${a.id}/merge`, { into: b.id })).status).toBe(200);
    expect((await owner.client.post(`/api/cases/${a.id}/merge`, { into: b.id })).status).toBe(409);
    const c = await createCase(owner.client, { title: 'C' });
    expect((await owner.client.post(`/api/cases/${c.id}/merge`, { into: a.id })).status).toBe(409);
  });

  it('[17.5] split moves an email thread, or chosen entries, into a new case; later replies follow the thread', async () => {
    const owner = await signUp(env.server.url, { name: 'Dana Seller' });
    const c = await createCase(owner.client, { title: 'Two problems', kind: 'support' });
    const printer = await postRaw(
      owner.client,
      `/api/cases/${c.id}/emails`,
      mail({ from: 'pat@acme.example', subject: 'Printer jams', id: `<printer-${c.id}@acme.example>` }),
    );
    const printer2 = await postRaw(
      owner.client,
      `/api/cases/${c.id}/emails`,
      mail({ from: 'pat@acme.example', subject: 'Re: Printer jams', inReplyTo: `<printer-${c.id}@acme.example>` }),
    );
    const vpn = await postRaw(owner.client, `/api/cases/${c.id}/emails`, mail({ from: 'pat@acme.example', subject: 'VPN is down' }));
    expect(printer2.body.threadId).toBe(printer.body.threadId);
    const noteA = (await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'Printer model X200', shared: true })).body as { activityId: string };
    const noteB = (await owner.client.post(`/api/cases/${c.id}/notes`, { text: 'VPN note' })).body as { activityId: string };

    const split = await owner.client.post(`/api/cases/${c.id}/split`, { title: 'Printer jams', threadId: printer.body.threadId });
    expect(split.status).toBe(201);
    expect(split.body.moved).toMatchObject({ emails: 2, entries: 2 });
    const created = (await owner.client.get(`/api/cases/${split.body.caseId}`)).body;
    expect(created).toMatchObject({ title: 'Printer jams', kind: 'support', mergedInto: null });
    expect(await entryIds(created.id, 'team')).toEqual(expect.arrayContaining([printer.body.activityId, printer2.body.activityId]));
    const left = await entryIds(c.id, 'team');
    expect(left).toEqual(expect.arrayContaining([vpn.body.activityId, noteA.activityId, noteB.activityId]));
    expect(left).not.toContain(printer.body.activityId);
    expect((await owner.client.get(`/api/emails/${printer2.body.emailId}`)).body.caseId).toBe(created.id);
    expect((await owner.client.get(`/api/emails/${vpn.body.emailId}`)).body.caseId).toBe(c.id);
    const reply = await postRaw(
      owner.client,
      '/api/triage/emails',
      mail({ from: 'pat@acme.example', subject: 'Re: Printer jams', inReplyTo: `<printer-${c.id}@acme.example>`, body: 'Still jams' }),
    );
    expect(reply.body.caseId).toBe(created.id);

    // Chosen entries: a shared note takes its guests' copy with it.
    const byEntries = await owner.client.post(`/api/cases/${c.id}/split`, { title: 'Printer model', activityIds: [noteA.activityId] });
    expect(byEntries.status).toBe(201);
    const second = byEntries.body.caseId as string;
    expect(await entryIds(second, 'team')).toContain(noteA.activityId);
    expect(await entryIds(second, 'shared')).toEqual([noteA.activityId]);
    expect(await entryIds(c.id, 'shared')).toEqual([]);
    expect(await entryIds(c.id, 'team')).toContain(noteB.activityId);
    const audit = await env.server.database.db.select().from(auditLog).where(eq(auditLog.subjectId, c.id));
    expect(audit.filter((a) => a.action === 'case.split')).toHaveLength(2);
  });
});
