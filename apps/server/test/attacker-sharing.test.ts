import { readFile } from 'node:fs/promises';
import { activityMap, addActivity, docName, readActivity, type ActivityEntry } from '@casehub/case-document';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/storage/db.js';
import { sharedItems } from '../src/storage/schema.js';
import { backends, connect, createCase, inviteGuest, inviteMember, signUp, startTestServer, synced, waitFor, type Client, type TestEnv } from './helpers.js';

/**
 * Issue 20: attacks from inside the trust boundary. Item 2: a guest editor
 * writes into the shared document what only the team may decide (that an
 * email or file is shared). Item 5: team-only case fields reach guests.
 */

let counter = 0;
const word = (stem: string) => `${stem}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A raw message with one text attachment, so its file follows its email. */
function mailWithAttachment(o: { subject: string; body: string; attachment: string; messageId: string }): string {
  return [
    'From: Customer <buyer@customer.test>',
    'To: sales@vendor.test',
    `Subject: ${o.subject}`,
    `Message-ID: <${o.messageId}@customer.test>`,
    'Date: Tue, 17 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="XX"',
    '',
    '--XX',
    'Content-Type: text/plain',
    '',
    o.body,
    '--XX',
    `Content-Type: text/plain; name="${o.attachment}"`,
    `Content-Disposition: attachment; filename="${o.attachment}"`,
    '',
    `attached ${o.body}`,
    '--XX--',
    '',
  ].join('\r\n');
}

type Ingested = { emailId: string; activityId: string; threadId: string; fileId: string };

async function ingest(owner: Client, caseId: string, o: { subject: string; body: string; attachment: string }): Promise<Ingested> {
  const res = await owner.request('POST', `/api/cases/${caseId}/emails`, mailWithAttachment({ ...o, messageId: word('m') }), {
    'content-type': 'message/rfc822',
  });
  expect(res.status).toBe(201);
  const detail = await owner.get(`/api/emails/${res.body.emailId}`);
  const fileId: string = detail.body.attachments[0].fileId;
  return { emailId: res.body.emailId, activityId: res.body.activityId, threadId: res.body.threadId, fileId };
}

async function upload(owner: Client, caseId: string, name: string, text: string): Promise<{ fileId: string; activityId: string }> {
  const form = new FormData();
  form.set('file', new Blob([new TextEncoder().encode(text)], { type: 'text/plain' }), name);
  const res = await fetch(`${owner.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: owner.cookie } });
  expect(res.status).toBe(201);
  return (await res.json()) as { fileId: string; activityId: string };
}

const status = async (client: Client, path: string) => (await fetch(client.baseUrl + path, { headers: { cookie: client.cookie } })).status;

/** Every way a guest could get at an email: itself, its source, its thread, its attachment. */
async function emailStatuses(guest: Client, e: Ingested) {
  return {
    email: await status(guest, `/api/emails/${e.emailId}`),
    raw: await status(guest, `/api/emails/${e.emailId}/raw`),
    thread: await status(guest, `/api/threads/${e.threadId}`),
    attachment: await status(guest, `/api/files/${e.fileId}`),
    attachmentContent: await status(guest, `/api/files/${e.fileId}/content`),
  };
}
const all = (code: number) => ({ email: code, raw: code, thread: code, attachment: code, attachmentContent: code });

async function search(client: Client, q: string): Promise<Array<{ activityId: string; kind: string; snippet: string }>> {
  const res = await client.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body.results;
}

function entry(over: Partial<ActivityEntry> & Pick<ActivityEntry, 'kind' | 'summary'>): ActivityEntry {
  return { at: new Date().toISOString(), actorId: null, actorName: 'Guest', ...over };
}

describe.each(backends)('attacker: guests and what the team shares on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("[issue 20.2] [A8.2] a guest editor's forged shared entries open no internal email, attachment or file, by any route or search", async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const secret = word('okapi');
    const internal = await ingest(owner.client, c.id, { subject: `Internal ${secret}`, body: `margin floor ${secret}`, attachment: `${secret}-a.txt` });
    // Its entry's id is the one the guest plants an entry under: the old check matched entry ids too.
    const other = await ingest(owner.client, c.id, { subject: `Other ${secret}`, body: `walk-away ${secret}`, attachment: `${secret}-b.txt` });
    const file = await upload(owner.client, c.id, `${secret}-pricing.txt`, `discount ladder ${secret}`);

    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    for (const e of [internal, other]) expect(await emailStatuses(guest.client, e)).toEqual(all(404));

    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    const marker = word('forged');
    G.doc.transact(() => {
      addActivity(G.doc, word('fe'), entry({ kind: 'email', summary: `${marker} email`, emailId: internal.emailId, threadId: internal.threadId }));
      addActivity(G.doc, word('ff'), entry({ kind: 'file', summary: `${marker} file`, fileId: file.fileId }));
      addActivity(G.doc, word('fa'), entry({ kind: 'file', summary: `${marker} attachment`, fileId: internal.fileId }));
      addActivity(G.doc, other.activityId, entry({ kind: 'email', summary: `${marker} planted`, emailId: other.emailId, threadId: other.threadId }));
    });
    // The entries are stored and projected: the guest finds them (they are the guest's own text).
    await waitFor(async () => (await search(guest.client, marker)).length === 4, 'the forged entries to be projected');

    for (const e of [internal, other]) expect(await emailStatuses(guest.client, e)).toEqual(all(404));
    expect(await status(guest.client, `/api/files/${file.fileId}`)).toBe(404);
    expect(await status(guest.client, `/api/files/${file.fileId}/content`)).toBe(404);
    // Search finds no internal email, attachment or file (the forged entries' own text does not name them).
    expect(await search(guest.client, secret)).toEqual([]);
    for (const q of ['margin', 'walk-away', 'discount']) expect(await search(guest.client, `${q} ${secret}`)).toEqual([]);
    // The team still sees all of it.
    expect((await owner.client.get(`/api/emails/${internal.emailId}`)).status).toBe(200);
    expect((await search(owner.client, `margin ${secret}`)).map((h) => h.activityId)).toContain(internal.activityId);
    G.provider.destroy();
  });

  it('[issue 20.2] [A8.1] what the team shares opens for the guest; un-sharing revokes it, even after a guest deleted the copy', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const secret = word('quokka');
    const mail = await ingest(owner.client, c.id, { subject: `Shared ${secret}`, body: `delivery plan ${secret}`, attachment: `${secret}-terms.txt` });
    const file = await upload(owner.client, c.id, `${secret}-spec.txt`, `spec ${secret}`);
    const guest = await inviteGuest(url, owner.client, c.id, 'editor');

    expect((await owner.client.post(`/api/cases/${c.id}/activity/${mail.activityId}/share`, { thread: true })).status).toBe(200);
    expect((await owner.client.post(`/api/cases/${c.id}/activity/${file.activityId}/share`, {})).status).toBe(200);
    expect(await emailStatuses(guest.client, mail)).toEqual(all(200));
    expect(await status(guest.client, `/api/files/${file.fileId}/content`)).toBe(200);
    const found = await search(guest.client, `delivery ${secret}`);
    expect(found.map((h) => h.activityId)).toEqual([mail.activityId]);
    expect((await search(guest.client, `${secret}-spec.txt`)).map((h) => h.activityId)).toContain(file.activityId);

    // A guest editor deletes the file's copy from the shared document: the team's decision stands...
    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    expect(readActivity(G.doc, file.activityId)).not.toBeNull();
    activityMap(G.doc).delete(file.activityId);
    await waitFor(async () => !(await search(guest.client, `${secret}-spec.txt`)).some((h) => h.kind !== 'file'), 'the deletion to be projected');
    expect(await status(guest.client, `/api/files/${file.fileId}/content`)).toBe(200);
    // ...and the team can still take it back.
    expect((await owner.client.delete(`/api/cases/${c.id}/activity/${file.activityId}/share`)).status).toBe(204);
    expect(await status(guest.client, `/api/files/${file.fileId}`)).toBe(404);
    expect(await status(guest.client, `/api/files/${file.fileId}/content`)).toBe(404);
    expect(await search(guest.client, `${secret}-spec.txt`)).toEqual([]);
    // Un-sharing something never shared is still a 404.
    expect((await owner.client.delete(`/api/cases/${c.id}/activity/${file.activityId}/share`)).status).toBe(404);

    expect((await owner.client.delete(`/api/cases/${c.id}/activity/${mail.activityId}/share`)).status).toBe(204);
    expect(await emailStatuses(guest.client, mail)).toEqual(all(404));
    expect(await search(guest.client, `delivery ${secret}`)).toEqual([]);
    G.provider.destroy();
  });

  it("[issue 20.2] [A8.3] an entry a guest planted under a team entry's id is replaced by the team's copy when that entry is shared", async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const secret = word('tapir');
    const target = await ingest(owner.client, c.id, { subject: `Target ${secret}`, body: `board minutes ${secret}`, attachment: `${secret}.txt` });
    const note = await owner.client.post(`/api/cases/${c.id}/notes`, { text: `Kickoff agenda ${secret}` });
    expect(note.status).toBe(201);
    const noteId: string = note.body.activityId;
    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    const marker = word('planted');
    addActivity(G.doc, noteId, entry({ kind: 'email', summary: marker, emailId: target.emailId }));
    await waitFor(async () => (await search(guest.client, marker)).length === 1, 'the planted entry to be projected');

    expect((await owner.client.post(`/api/cases/${c.id}/activity/${noteId}/share`, {})).status).toBe(200);
    await waitFor(() => readActivity(G.doc, noteId)?.kind === 'note', "the team's copy to replace the planted entry");
    expect(readActivity(G.doc, noteId)).toMatchObject({ kind: 'note', summary: `Kickoff agenda ${secret}` });
    expect(readActivity(G.doc, noteId)?.emailId).toBeUndefined();
    expect(await emailStatuses(guest.client, target)).toEqual(all(404));
    expect((await search(guest.client, `Kickoff ${secret}`)).map((h) => h.activityId)).toEqual([noteId]);
    G.provider.destroy();
  });

  it('[issue 20.2] [A8.2] the migration backfills shared_items from what the team shared (audit log and both projections), nothing a guest wrote', async () => {
    const owner = await signUp(url);
    const c = await createCase(owner.client);
    const secret = word('ibex');
    const mail = await ingest(owner.client, c.id, { subject: `Thread ${secret}`, body: `one ${secret}`, attachment: `${secret}.txt` });
    const internal = await ingest(owner.client, c.id, { subject: `Internal ${secret}`, body: `two ${secret}`, attachment: `${secret}-i.txt` });
    const file = await upload(owner.client, c.id, `${secret}-f.txt`, 'bytes');
    const kept = await owner.client.post(`/api/cases/${c.id}/notes`, { text: `kept ${secret}`, shared: true });
    const taken = await owner.client.post(`/api/cases/${c.id}/notes`, { text: `taken back ${secret}`, shared: true });
    expect((await owner.client.post(`/api/cases/${c.id}/activity/${mail.activityId}/share`, { thread: true })).status).toBe(200);
    expect((await owner.client.post(`/api/cases/${c.id}/activity/${file.activityId}/share`, {})).status).toBe(200);
    expect((await owner.client.delete(`/api/cases/${c.id}/activity/${taken.body.activityId}/share`)).status).toBe(204);

    const guest = await inviteGuest(url, owner.client, c.id, 'editor');
    expect((await guest.client.post(`/api/cases/${c.id}/notes`, { text: `guest note ${secret}` })).status).toBe(201);
    const G = connect(url, docName(c.id, 'shared'), { cookie: guest.client.cookie });
    await synced(G.provider);
    const marker = word('planted');
    addActivity(G.doc, internal.activityId, entry({ kind: 'email', summary: marker, emailId: internal.emailId }));
    await waitFor(async () => (await search(guest.client, marker)).length === 1, 'the planted entry to be projected');
    G.provider.destroy();

    const db = env.server.database.db;
    const rowsOf = async () =>
      (await db.select().from(sharedItems).where(eq(sharedItems.caseId, c.id)))
        .map((r) => ({ activityId: r.activityId, kind: r.kind, itemId: r.itemId, sharedBy: r.sharedBy }))
        .sort((a, b) => a.activityId.localeCompare(b.activityId));
    const expected = [
      { activityId: mail.activityId, kind: 'email', itemId: mail.emailId, sharedBy: owner.me.user.id },
      { activityId: file.activityId, kind: 'file', itemId: file.fileId, sharedBy: owner.me.user.id },
      { activityId: kept.body.activityId, kind: 'activity', itemId: kept.body.activityId, sharedBy: owner.me.user.id },
    ].sort((a, b) => a.activityId.localeCompare(b.activityId));
    expect(await rowsOf()).toEqual(expected);

    // A database from before shared_items: the same history, no rows. The migration's backfill restores them.
    await db.delete(sharedItems).where(eq(sharedItems.caseId, c.id));
    const migration = await readFile(`${migrationsFolder}/0006_hostile_clients.sql`, 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO "shared_items"'));
    expect(backfill).toBeDefined();
    await db.execute(sql.raw(backfill ?? ''));
    expect(await rowsOf()).toEqual(expected);
    expect(await emailStatuses(guest.client, mail)).toEqual(all(200));
    expect(await emailStatuses(guest.client, internal)).toEqual(all(404));
  });
});

describe.each(backends)('attacker: team-only case fields and guests on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[issue 20.5] [A9] a guest gets only the shared case fields from the case list, the case and the promises', async () => {
    const owner = await signUp(url, { name: 'Olivia Owner' });
    const account = word('Acmesecret');
    const cheap = await createCase(owner.client, { title: word('Cheap'), account, value: 1111, currency: 'EUR', priority: 'high' });
    const dear = await createCase(owner.client, { title: word('Dear'), account, value: 987654, currency: 'EUR', priority: 'urgent' });
    // Touched last, so newest-first differs from dearest-first.
    expect((await owner.client.patch(`/api/cases/${cheap.id}`, { stage: 'proposal' })).status).toBe(200);
    const guest = await inviteGuest(url, owner.client, cheap.id, 'viewer');
    expect((await owner.client.post(`/api/cases/${dear.id}/members`, { userId: guest.userId, access: 'viewer' })).status).toBe(200);

    const blank = { priority: '', ownerId: null, ownerName: null, account: '', value: null, currency: '' };
    const list = await guest.client.get('/api/cases');
    expect(list.status).toBe(200);
    expect(list.body.cases).toHaveLength(2);
    for (const summary of list.body.cases) expect(summary).toMatchObject(blank);
    const detail = await guest.client.get(`/api/cases/${cheap.id}`);
    expect(detail.body).toMatchObject({ ...blank, title: cheap.title, kind: 'deal', stage: 'proposal' });
    // The owner is on the team list (name and id, as over /sync), but nothing says whose case it is or what it is worth.
    for (const body of [list.body, detail.body]) {
      // Quoted as JSON values, so a random id that happens to hold "EUR" is no match.
      for (const secret of [account, '987654', '1111', '"EUR"', '"urgent"', '"high"']) expect(JSON.stringify(body)).not.toContain(secret);
    }
    // No filter or order that would tell a hidden value one query at a time.
    const ids = async (q: string) => (await guest.client.get(`/api/cases?${q}`)).body.cases.map((s: { id: string }) => s.id);
    expect(await ids(`ownerId=${owner.me.user.id}`)).toEqual(await ids(''));
    expect(await ids('ownerId=nobody')).toEqual(await ids(''));
    expect(await ids('sort=value&order=desc')).toEqual(await ids('sort=updatedAt&order=desc'));
    expect(await ids('sort=value&order=desc')).toEqual([cheap.id, dear.id]);

    // Promises: the shared ones, without the account, and no per-account figures.
    // Due far off: inside the at-risk window the clock would move it at once, racing the PATCH below.
    const promise = await owner.client.post(`/api/cases/${cheap.id}/expectations`, {
      text: 'Send the quote',
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      shared: true,
    });
    expect(promise.status).toBe(201);
    expect((await owner.client.patch(`/api/cases/${cheap.id}/expectations/${promise.body.expectationId}`, { status: 'met' })).status).toBe(204);
    const promises = await guest.client.get('/api/expectations');
    expect(promises.body.expectations).toHaveLength(1);
    expect(promises.body.expectations[0]).toMatchObject({ caseTitle: cheap.title, account: '' });
    const stats = await guest.client.get('/api/expectations/stats');
    expect(stats.body.overall).toMatchObject({ kept: 1, total: 1 });
    expect(stats.body.byAccount).toEqual([]);
    expect(JSON.stringify([promises.body, stats.body])).not.toContain(account);

    // The team still sees every field, and may filter and sort by them.
    const member = await inviteMember(url, owner.client);
    const team = await member.client.get(`/api/cases/${dear.id}`);
    expect(team.body).toMatchObject({ account, value: 987654, currency: 'EUR', priority: 'urgent', ownerId: owner.me.user.id, ownerName: 'Olivia Owner' });
    const teamIds = (await member.client.get('/api/cases?sort=value&order=desc')).body.cases.map((s: { id: string }) => s.id);
    expect(teamIds.indexOf(dear.id)).toBeLessThan(teamIds.indexOf(cheap.id));
    expect((await owner.client.get('/api/expectations')).body.expectations[0]).toMatchObject({ account });
    expect((await owner.client.get('/api/expectations/stats')).body.byAccount).toEqual([expect.objectContaining({ account })]);
  });
});
