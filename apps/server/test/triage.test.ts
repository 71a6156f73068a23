import { docName, readActivity } from '@casehub/case-document';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminDatabaseUrl,
  featureBackends,
  Client,
  connect,
  createCase,
  freshStorage,
  inviteGuest,
  inviteMember,
  signUp,
  startNode,
  startTestServer,
  synced,
  type TestEnv,
} from './helpers.js';

let seq = 0;
/** A raw message with a fresh Message-ID unless given. */
function mail(o: { from: string; subject: string; id?: string; inReplyTo?: string; body?: string; date?: string }): string {
  const lines = [
    `From: ${o.from}`,
    'To: inbox@us.example',
    `Subject: ${o.subject}`,
    `Date: ${o.date ?? new Date().toUTCString()}`,
    `Message-ID: ${o.id ?? `<t${Date.now()}.${seq++}@triage.example>`}`,
  ];
  if (o.inReplyTo) lines.push(`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`);
  return `${lines.join('\r\n')}\r\n\r\n${o.body ?? 'Hello there'}\r\n`;
}

const postRaw = async (client: Client, raw: string) => {
  const res = await fetch(`${client.baseUrl}/api/triage/emails`, {
    method: 'POST',
    body: raw,
    headers: { cookie: client.cookie, 'content-type': 'message/rfc822' },
  });
  return { status: res.status, body: (await res.json()) as { emailId: string; threadId: string; caseId: string | null } };
};

type TriageRow = { id: string; subject: string; from: { name: string; address: string } | null; snippet: string; createdAt: string; spamAt: string | null };
const listIds = async (client: Client, view = 'inbox'): Promise<string[]> =>
  ((await client.get(`/api/triage/emails?view=${view}`)).body.emails as TriageRow[]).map((e) => e.id);
const count = async (client: Client): Promise<number> => (await client.get('/api/triage/count')).body.count as number;

describe.each(featureBackends)('the triage queue on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(() => env?.stop());

  const smtp = () => nodemailer.createTransport({ host: '127.0.0.1', port: env.server.smtpPort, secure: false, ignoreTLS: true });
  const storedId = (response: string) => /Stored as (\S+)/.exec(response)?.[1] ?? '';

  /** The case's team document, to read its stream as a member's client would. */
  async function teamDoc(client: Client, caseId: string) {
    const live = connect(env.server.url, docName(caseId, 'team'), { cookie: client.cookie });
    await synced(live.provider);
    return live;
  }

  it('[issue 21.6] mail over SMTP to the workspace inbox lands in triage, newest first, counted, and its owners and admins are told (members are not)', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const admin = await inviteMember(env.server.url, owner.client);
    await owner.client.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' });
    const member = await inviteMember(env.server.url, owner.client);
    const inbox = (await member.client.get('/api/triage/address')).body.address as string;
    expect(inbox).toMatch(/^inbox-/);
    expect(await count(member.client)).toBe(0);

    const first = await smtp().sendMail({ from: 'Zed <zed@nowhere.example>', to: inbox, subject: 'Who do I talk to?', text: 'First   question,\nplease.' });
    const second = await smtp().sendMail({ from: 'amy@elsewhere.example', to: inbox, subject: 'Pricing', html: '<p>Do you <b>have</b> a price list?</p>' });
    const [firstId, secondId] = [storedId(first.response), storedId(second.response)];

    const list = (await member.client.get('/api/triage/emails')).body.emails as TriageRow[];
    expect(list.map((e) => e.id)).toEqual([secondId, firstId]);
    expect(list[1]).toMatchObject({
      subject: 'Who do I talk to?',
      from: { name: 'Zed', address: 'zed@nowhere.example' },
      snippet: 'First question, please.',
      spamAt: null,
    });
    expect(await count(member.client)).toBe(2);
    // The preview is the sanitized message, for members.
    expect((await member.client.get(`/api/emails/${secondId}`)).body).toMatchObject({ caseId: null, html: expect.stringContaining('<b>have</b>') });

    const told = async (c: Client) =>
      ((await c.get('/api/notifications')).body.notifications as Array<{ kind: string; text: string; caseId: string | null }>).filter(
        (n) => n.kind === 'triage',
      );
    expect(await told(owner.client)).toHaveLength(2);
    expect((await told(admin.client)).map((n) => n.text)).toContain('New mail in triage: "Pricing" from amy@elsewhere.example. File it on a case from Triage.');
    expect(await told(member.client)).toHaveLength(0);
  });

  it('[R7.1][R4.1] filing from triage goes the way of routed mail: stream entry, first-response clock, and the rest of its thread follow', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const member = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client, { title: 'Acme support', kind: 'support' });
    expect((await owner.client.put('/api/settings/response-targets', { deal: 1440, support: 60 })).status).toBe(200);
    const root = await postRaw(
      owner.client,
      mail({ from: 'Carla <carla@acme.example>', subject: 'Broken export', id: '<root-21-6@acme.example>', body: 'The export is broken.' }),
    );
    const reply = await postRaw(
      owner.client,
      mail({ from: 'carla@acme.example', subject: 'Re: Broken export', inReplyTo: '<root-21-6@acme.example>', body: 'Still broken.' }),
    );
    const other = await postRaw(owner.client, mail({ from: 'someone@else.example', subject: 'Unrelated' }));
    expect([root.status, reply.status, other.status]).toEqual([201, 201, 201]);
    expect(reply.body).toMatchObject({ caseId: null, threadId: root.body.threadId });

    const filed = await member.client.post(`/api/triage/emails/${root.body.emailId}/file`, { caseId: c.id });
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ emailId: root.body.emailId, caseId: c.id, threadId: root.body.threadId, alsoFiled: [reply.body.emailId] });
    expect(await listIds(member.client)).toEqual([other.body.emailId]);
    expect(await count(member.client)).toBe(1);

    const email = (await member.client.get(`/api/emails/${root.body.emailId}`)).body;
    expect(email).toMatchObject({ caseId: c.id, activityId: filed.body.activityId });
    // R2: the row keeps the decision made on arrival.
    expect(email.routing).toMatchObject({ how: 'triage' });
    const live = await teamDoc(member.client, c.id);
    const entry = readActivity(live.doc, filed.body.activityId);
    expect(entry).toMatchObject({
      kind: 'email',
      emailId: root.body.emailId,
      threadId: root.body.threadId,
      direction: 'inbound',
      routing: 'Filed from triage by Colleague',
    });
    expect(Date.parse(String(entry?.responseDueAt)) - Date.now()).toBeGreaterThan(55 * 60_000);
    const replyRow = (await member.client.get(`/api/emails/${reply.body.emailId}`)).body;
    expect(replyRow.caseId).toBe(c.id);
    expect(readActivity(live.doc, replyRow.activityId)).toMatchObject({ emailId: reply.body.emailId, responseDueAt: expect.any(String) });
    live.provider.destroy();

    // The thread now belongs to the case: the next reply goes straight there.
    const later = await postRaw(owner.client, mail({ from: 'carla@acme.example', subject: 'Re: Broken export', inReplyTo: '<root-21-6@acme.example>' }));
    expect(later.body.caseId).toBe(c.id);
    // Filed once: again answers 409.
    expect((await member.client.post(`/api/triage/emails/${root.body.emailId}/file`, { caseId: c.id })).status).toBe(409);
  });

  it('[issue 21.6][R7.2] two people filing one message at once: one wins, one stream entry', async () => {
    const owner = await signUp(env.server.url);
    const a = await createCase(owner.client);
    const b = await createCase(owner.client);
    const m = await postRaw(owner.client, mail({ from: 'x@race.example', subject: 'Race' }));
    const answers = await Promise.all([a, b].map((c) => owner.client.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: c.id })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.status === 200)?.body as { caseId: string; activityId: string };
    const loser = winner.caseId === a.id ? b.id : a.id;
    const lost = await teamDoc(owner.client, loser);
    expect([...(lost.doc.getMap('activity').keys() as Iterable<string>)].filter((id) => readActivity(lost.doc, id)?.emailId === m.body.emailId)).toEqual([]);
    lost.provider.destroy();
  });

  it('[issue 21.6] a new case from a triage message: titled by its subject, the message filed into it', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const member = await inviteMember(env.server.url, owner.client);
    const m = await postRaw(owner.client, mail({ from: 'lee@prospect.example', subject: 'Re: Fwd: Interested in 50 seats' }));
    const made = await member.client.post(`/api/triage/emails/${m.body.emailId}/case`, {});
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ emailId: m.body.emailId, title: 'Interested in 50 seats', alsoFiled: [] });
    const created = (await member.client.get(`/api/cases/${made.body.caseId}`)).body;
    expect(created).toMatchObject({ title: 'Interested in 50 seats', kind: 'support' });
    const live = await teamDoc(member.client, made.body.caseId);
    expect(readActivity(live.doc, made.body.activityId)).toMatchObject({ kind: 'email', emailId: m.body.emailId });
    live.provider.destroy();
    expect(await listIds(member.client)).not.toContain(m.body.emailId);

    // A title of one's own; an already filed message makes no case.
    const n = await postRaw(owner.client, mail({ from: 'lee@prospect.example', subject: '' }));
    const titled = await member.client.post(`/api/triage/emails/${n.body.emailId}/case`, { title: 'Lee, no subject', kind: 'deal' });
    expect(titled.body).toMatchObject({ title: 'Lee, no subject' });
    const before = (await member.client.get('/api/cases')).body.total as number;
    expect((await member.client.post(`/api/triage/emails/${n.body.emailId}/case`, {})).status).toBe(409);
    expect((await member.client.get('/api/cases')).body.total).toBe(before);
    expect((await member.client.post(`/api/triage/emails/${n.body.emailId}/case`, { title: 'x'.repeat(201) })).status).toBe(400);
  });

  it('[issue 21.6] marking spam hides a message from triage and its count, is audited, and can be taken back', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const member = await inviteMember(env.server.url, owner.client);
    const m = await postRaw(owner.client, mail({ from: 'win@lottery.example', subject: 'You won!' }));
    expect(await count(member.client)).toBe(1);

    const marked = await member.client.put(`/api/triage/emails/${m.body.emailId}/spam`, {});
    expect(marked).toMatchObject({ status: 200, body: { emailId: m.body.emailId, spam: true } });
    expect(await listIds(member.client)).toEqual([]);
    expect(await count(member.client)).toBe(0);
    expect(await listIds(member.client, 'spam')).toEqual([m.body.emailId]);

    const restored = await member.client.delete(`/api/triage/emails/${m.body.emailId}/spam`);
    expect(restored).toMatchObject({ status: 200, body: { spam: false } });
    expect(await listIds(member.client)).toEqual([m.body.emailId]);
    expect(await count(member.client)).toBe(1);

    const audit = (await owner.client.get(`/api/audit?subjectId=${m.body.emailId}`)).body.entries as Array<{ action: string; actorId: string }>;
    expect(audit.map((e) => e.action)).toEqual(['email.not_spam', 'email.spam']);
    expect(audit.every((e) => e.actorId === member.me.user.id)).toBe(true);

    // Mail on a case is not triage's to mark.
    const c = await createCase(owner.client);
    await owner.client.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: c.id });
    expect((await member.client.put(`/api/triage/emails/${m.body.emailId}/spam`, {})).status).toBe(409);
    expect((await member.client.put('/api/triage/emails/no-such-email/spam', {})).status).toBe(404);
  });

  it('[issue 21.6][A4][R7.3] guests get 404 on every triage route, before the body is read, and never see a triage message', async () => {
    const owner = await signUp(env.server.url);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, c.id, 'editor');
    const m = await postRaw(owner.client, mail({ from: 'q@secret.example', subject: 'Confidential' }));
    const id = m.body.emailId;
    const answers = await Promise.all([
      guest.client.get('/api/triage/emails'),
      guest.client.get('/api/triage/emails?view=spam'),
      guest.client.get('/api/triage/count'),
      guest.client.get('/api/triage/address'),
      guest.client.post(`/api/triage/emails/${id}/file`, { caseId: c.id }),
      // Not even a malformed body is looked at.
      guest.client.post(`/api/triage/emails/${id}/file`, 'not json'),
      guest.client.post(`/api/triage/emails/${id}/case`, {}),
      guest.client.put(`/api/triage/emails/${id}/spam`, {}),
      guest.client.delete(`/api/triage/emails/${id}/spam`),
      guest.client.get(`/api/emails/${id}`),
      postRaw(guest.client, mail({ from: 'g@guest.example', subject: 'x' })),
    ]);
    expect(answers.map((r) => r.status)).toEqual(Array(answers.length).fill(404));
    expect(await listIds(owner.client)).toEqual([id]);
    expect(await count(owner.client)).toBe(1);
  });

  it('[issue 21.6][A2] a member files only where they may add: a private case they are not on is 404, a case they only view is 403', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const secret = await createCase(owner.client, { private: true });
    const viewOnly = await createCase(owner.client);
    expect((await owner.client.post(`/api/cases/${viewOnly.id}/members`, { userId: member.me.user.id, access: 'viewer' })).status).toBe(200);
    const m = await postRaw(owner.client, mail({ from: 'p@x.example', subject: 'Where does this go?' }));
    expect((await member.client.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: secret.id })).status).toBe(404);
    expect((await member.client.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: viewOnly.id })).status).toBe(403);
    expect((await member.client.post(`/api/triage/emails/${m.body.emailId}/file`, {})).status).toBe(400);
    expect(await listIds(member.client)).toEqual([m.body.emailId]);
    // Another workspace's triage is not theirs to see or file.
    const stranger = await signUp(env.server.url);
    expect(await listIds(stranger.client)).toEqual([]);
    const theirs = await createCase(stranger.client);
    expect((await stranger.client.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: theirs.id })).status).toBe(404);
  });
});

/** Two nodes over one PostgreSQL: the in-process lock does not reach across them, the filing's own condition must. */
describe.runIf(Boolean(adminDatabaseUrl))('filing from triage on two nodes', () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let nodes: Array<Awaited<ReturnType<typeof startNode>>> = [];
  beforeAll(async () => {
    storage = await freshStorage('postgres');
    nodes = [await startNode(storage), await startNode(storage)];
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await storage?.drop();
  });

  it('[R7.2][S2.5] the same message filed on two nodes at once lands on one case only, with one stream entry', async () => {
    const [one, two] = nodes;
    if (!one || !two) throw new Error('nodes');
    const owner = await signUp(one.url);
    const other = new Client(two.url, owner.client.cookie);
    const a = await createCase(owner.client);
    const b = await createCase(owner.client);
    // Several rounds: each time both requests may pass the "still in triage" read before either commits.
    for (let round = 0; round < 6; round++) {
      const m = await postRaw(owner.client, mail({ from: 'x@race.example', subject: `Race ${round}` }));
      const answers = await Promise.all([
        owner.client.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: a.id }),
        other.post(`/api/triage/emails/${m.body.emailId}/file`, { caseId: b.id }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    }
    // Read both streams fresh from the database: every message is in exactly one of them.
    const docs = await Promise.all(
      [a.id, b.id].map(async (id) => {
        const live = connect(one.url, docName(id, 'team'), { cookie: owner.client.cookie });
        await synced(live.provider);
        const emailIds = [...(live.doc.getMap('activity').keys() as Iterable<string>)].map((k) => readActivity(live.doc, k)?.emailId).filter(Boolean);
        live.provider.destroy();
        return emailIds;
      }),
    );
    const all = docs.flat();
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
  });
});
