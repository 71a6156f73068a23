import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { docName, listActivity } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfCorpusDir } from './corpus.js';
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

async function upload(client: Client, caseId: string, name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${client.baseUrl}/api/cases/${caseId}/files`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  return { status: res.status, body: (await res.json()) as any };
}

/** The stream entries of one of a case's documents, as a fresh client receives them. */
async function entries(url: string, client: Client, caseId: string, side: 'team' | 'shared') {
  const c = connect(url, docName(caseId, side), { cookie: client.cookie });
  try {
    await synced(c.provider);
    return listActivity(c.doc);
  } finally {
    c.provider.destroy();
  }
}

/**
 * [issue 15.4] Guests bring their documents: a guest with commenter or
 * editor access uploads into the shared side only (the same limits and PDF
 * text as the team's), the team is told, and a viewer cannot upload.
 */
describe.each(featureBackends)('guest uploads on %s', (backend) => {
  let env: TestEnv;
  let owner: Client;

  beforeAll(async () => {
    // A small upload limit, to see the guests' uploads are held to the same one.
    env = await startTestServer(backend, { MAX_UPLOAD_MB: '1' });
    ({ client: owner } = await signUp(env.server.url, { name: 'Sam Seller' }));
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a guest upload lands on the shared side and never on the team side; its PDF text is extracted; the team is told, other guests not', async () => {
    const url = env.server.url;
    const colleague = await inviteMember(url, owner);
    const c = await createCase(owner, { title: 'Acme DPA' });
    expect((await owner.post(`/api/cases/${c.id}/members`, { userId: colleague.me.user.id, access: 'editor' })).status).toBe(200);
    const buyer = await inviteGuest(url, owner, c.id, 'editor');
    const legal = await inviteGuest(url, owner, c.id, 'commenter');
    const internal = await upload(owner, c.id, 'pricing-floor.txt', new TextEncoder().encode('our lowest price is 40k'), 'text/plain');
    expect(internal.status).toBe(201);

    const pdf = new Uint8Array(await readFile(path.join(pdfCorpusDir, 'pdflib-signature-field-unsigned.pdf')));
    const signed = await upload(buyer.client, c.id, 'signed-dpa.pdf', pdf, 'application/pdf');
    expect(signed.status).toBe(201);
    const fromLegal = await upload(legal.client, c.id, '../../questionnaire.txt', new TextEncoder().encode('answers'), 'text/plain');
    expect(fromLegal.status).toBe(201);

    const team = await entries(url, owner, c.id, 'team');
    const shared = await entries(url, owner, c.id, 'shared');
    expect(team.map((e) => e.fileId)).toEqual([internal.body.fileId]);
    expect(shared.filter((e) => e.kind === 'file').map((e) => [e.id, e.fileId, e.summary, e.actorId])).toEqual([
      [signed.body.activityId, signed.body.fileId, 'signed-dpa.pdf', buyer.userId],
      [fromLegal.body.activityId, fromLegal.body.fileId, 'questionnaire.txt', legal.userId],
    ]);
    // Nothing of the team side reaches the guests: their document has only their files, the team's file stays closed.
    expect(JSON.stringify(await entries(url, buyer.client, c.id, 'shared'))).not.toContain(internal.body.fileId);
    expect((await buyer.client.get(`/api/files/${internal.body.fileId}`)).status).toBe(404);

    // Each guest opens their own document and the other's (both are on the shared side); the team opens them too.
    for (const reader of [buyer.client, legal.client, owner]) {
      const res = await fetch(`${url}/api/files/${signed.body.fileId}/content`, { headers: { cookie: reader.cookie } });
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    }
    // PDF text, as for the team's: extracted, and found by search.
    await waitFor(async () => (await owner.get(`/api/files/${signed.body.fileId}`)).body.textStatus === 'done', 'the text of the signed DPA', 60_000);
    const found = await owner.get(`/api/search?q=signature&caseId=${c.id}`);
    expect(found.body.results.map((r: { activityId: string }) => r.activityId)).toContain(signed.body.activityId);
    const guestFound = await buyer.client.get(`/api/search?q=signature&caseId=${c.id}`);
    expect(guestFound.body.results.map((r: { activityId: string }) => r.activityId)).toEqual([signed.body.activityId]);
    expect((await buyer.client.get(`/api/search?q=lowest&caseId=${c.id}`)).body.results).toEqual([]);

    // The team hears of it (owner and colleague), not the guest who uploaded, nor the other guest.
    for (const member of [owner, colleague.client]) {
      const told = await waitFor(async () => {
        const list = (await member.get('/api/notifications')).body.notifications as Array<{ kind: string; text: string; caseId: string }>;
        return list.find((n) => n.kind === 'guest.file' && n.text.includes('signed-dpa.pdf'));
      }, 'the team to be told');
      expect(told).toMatchObject({ caseId: c.id, text: expect.stringMatching(/\(guest\) added signed-dpa\.pdf on "Acme DPA"$/) });
    }
    for (const guest of [buyer.client, legal.client]) {
      const list = (await guest.get('/api/notifications')).body.notifications as Array<{ kind: string; text: string }>;
      expect(list.filter((n) => n.kind === 'guest.file' && n.text.includes('signed-dpa.pdf'))).toEqual([]);
    }
  }, 120_000);

  it('a guest who deletes their upload closes it to every guest at once (the team keeps it); Undo opens it again', async () => {
    const url = env.server.url;
    const c = await createCase(owner, { title: 'Initech NDA' });
    const buyer = await inviteGuest(url, owner, c.id, 'editor');
    const other = await inviteGuest(url, owner, c.id, 'viewer');
    const sent = await upload(buyer.client, c.id, 'nda-draft.txt', new TextEncoder().encode('mutual NDA, draft 2'), 'text/plain');
    expect(sent.status).toBe(201);
    const status = async (reader: Client) => (await fetch(`${url}/api/files/${sent.body.fileId}/content`, { headers: { cookie: reader.cookie } })).status;
    expect(await status(other.client)).toBe(200);

    expect((await buyer.client.delete(`/api/cases/${c.id}/activity/${sent.body.activityId}`)).status).toBe(200);
    for (const guest of [other.client, buyer.client]) expect(await status(guest)).toBe(404);
    expect(await status(owner)).toBe(200);

    expect((await buyer.client.post(`/api/cases/${c.id}/activity/${sent.body.activityId}/restore`, {})).status).toBe(200);
    for (const guest of [other.client, buyer.client]) expect(await status(guest)).toBe(200);
  }, 60_000);

  it('a viewer cannot upload (403) and nothing lands; a guest upload past MAX_UPLOAD_MB is a 413; a guest of another case gets 404', async () => {
    const url = env.server.url;
    const c = await createCase(owner);
    const other = await createCase(owner);
    const viewer = await inviteGuest(url, owner, c.id, 'viewer');
    const editor = await inviteGuest(url, owner, c.id, 'editor');
    const elsewhere = await inviteGuest(url, owner, other.id, 'editor');

    const refused = await upload(viewer.client, c.id, 'sneaky.txt', new TextEncoder().encode('x'), 'text/plain');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/not add files/);
    expect((await upload(editor.client, c.id, 'huge.bin', new Uint8Array(1_200_000))).status).toBe(413);
    expect((await upload(elsewhere.client, c.id, 'wrong-case.txt', new TextEncoder().encode('x'), 'text/plain')).status).toBe(404);
    expect(await entries(url, owner, c.id, 'shared')).toEqual([]);
    expect(await entries(url, owner, c.id, 'team')).toEqual([]);
  });
});
