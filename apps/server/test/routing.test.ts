import { docName, listActivity, readActivity, readField } from '@casehub/case-document';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  featureBackends,
  connect,
  createCase,
  inviteGuest,
  inviteMember,
  openStream,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type TestEnv,
} from './helpers.js';
import { testSmtp } from './smtp.js';

const minute = 60_000;

describe.each(featureBackends)('routing and the first-response clock on %s', (backend) => {
  let env: TestEnv;
  let outside: Awaited<ReturnType<typeof testSmtp>>;
  let clock = new Date('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    // Replies count as answers only once an SMTP server accepts them (issue 21.1).
    outside = await testSmtp();
    env = await startTestServer(backend, { SMTP_URL: `smtp://127.0.0.1:${outside.port}` }, { now: () => clock });
  });
  afterAll(async () => {
    await env?.stop();
    await outside?.close();
  });

  const smtp = () => nodemailer.createTransport({ host: '127.0.0.1', port: env.server.smtpPort, secure: false, ignoreTLS: true });
  const storedId = (response: string) => /Stored as (\S+)/.exec(response)?.[1] ?? '';

  it('[R2] [R4.1] [R4.2] [R4.3] an angry email arriving by SMTP is flagged, routed by rule, notifies its owner, and starts the response clock; a reply from the case stops it; a later rule edit rewrites nothing', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const dana = await inviteMember(env.server.url, owner.client);
    const sam = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client, { title: 'Acme outage', kind: 'support', account: 'Acme' });
    expect((await owner.client.put('/api/settings/response-targets', { deal: 1440, support: 60 })).status).toBe(200);
    const team = await owner.client.post('/api/routing/teams', { name: 'Support EMEA', memberIds: [dana.me.user.id, sam.me.user.id] });
    expect(team.status).toBe(201);
    const rule = await owner.client.post('/api/routing/rules', {
      name: 'Outages to support',
      conditions: { keywords: ['outage', 'down'] },
      action: { assign: { type: 'round-robin', teamId: team.body.id } },
    });
    expect(rule.status).toBe(201);

    // Dana has the case open and her inbox streaming: what follows must reach her without a reload.
    const live = connect(env.server.url, docName(c.id, 'team'), { cookie: dana.client.cookie });
    await synced(live.provider);
    const inbox = await openStream(env.server.url, dana.client.cookie);
    await waitFor(() => inbox.unread().length > 0, 'the stream to open');
    const before = inbox.unread().at(-1) ?? 0;

    const address = (await owner.client.get(`/api/cases/${c.id}/address`)).body.address as string;
    const sent = await smtp().sendMail({
      from: 'Carla Customer <carla@acme.example>',
      to: address,
      subject: 'URGENT: production is down',
      text: 'Our production system has been down since this morning. This is unacceptable, we need someone on it immediately!!',
    });
    const emailId = storedId(sent.response);
    const email = (await owner.client.get(`/api/emails/${emailId}`)).body;
    const entryId = email.activityId as string;
    expect(email).toMatchObject({
      assigneeId: dana.me.user.id,
      routing: { how: 'case-address', ruleId: rule.body.id, reason: expect.stringContaining('Outages to support') },
    });

    const entry = await waitFor(() => readActivity(live.doc, entryId), 'the email entry, live');
    expect(entry).toMatchObject({
      flag: 'moment-of-truth',
      assigneeId: dana.me.user.id,
      routing: "Routed to Colleague by rule 'Outages to support' (sent to the case address)",
      responseDueAt: new Date(clock.getTime() + 60 * minute).toISOString(),
    });
    expect(readField(live.doc, 'priority')).toBe('urgent');
    // Routed to her and flagged: two notifications, counted live on her stream.
    await waitFor(() => (inbox.unread().at(-1) ?? 0) >= before + 2, 'the unread count to rise, live');
    await inbox.close();
    const danaInbox = (await dana.client.get('/api/notifications')).body;
    expect(danaInbox.notifications.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['assignment', 'moment-of-truth']));
    expect(danaInbox.notifications.find((n: { kind: string }) => n.kind === 'assignment').text).toContain("by rule 'Outages to support'");

    // Half an hour later: not breached yet. Dana replies from the case: the clock stops, live.
    clock = new Date(clock.getTime() + 30 * minute);
    expect(await env.server.responses.tick()).toBe(0);
    expect((await dana.client.post(`/api/emails/${emailId}/reply`, { text: 'On it, call you in 5 minutes.' })).status).toBe(201);
    await env.server.jobs.drain();
    await waitFor(() => readActivity(live.doc, entryId)?.respondedAt, 'the clock to stop, live');
    expect(readActivity(live.doc, entryId)?.respondedAt).toBe(clock.toISOString());
    clock = new Date(clock.getTime() + 120 * minute);
    expect(await env.server.responses.tick()).toBe(0);
    expect(readActivity(live.doc, entryId)?.responseBreachedAt).toBeUndefined();

    // The next outage message goes to Sam (round-robin), and nobody answers it: breached.
    const second = await smtp().sendMail({ from: 'carla@acme.example', to: address, subject: 'Down again', text: 'The site is down again.' });
    const secondEntry = (await owner.client.get(`/api/emails/${storedId(second.response)}`)).body.activityId as string;
    await waitFor(() => readActivity(live.doc, secondEntry), 'the second entry');
    expect(readActivity(live.doc, secondEntry)?.assigneeId).toBe(sam.me.user.id);
    clock = new Date(clock.getTime() + 61 * minute);
    expect(await env.server.responses.tick()).toBe(1);
    await waitFor(() => readActivity(live.doc, secondEntry)?.responseBreachedAt, 'the breach, live');
    // The stream line is the tick's next change, sent to the client after the breach mark.
    const line = 'First response overdue: "Down again" from carla@acme.example';
    await waitFor(() => listActivity(live.doc).some((e) => e.summary === line), 'the stream line, live');
    for (const person of [sam, owner]) {
      const kinds = (await person.client.get('/api/notifications')).body.notifications.map((n: { kind: string }) => n.kind);
      expect(kinds).toContain('response.breached');
    }
    // A breach is flagged once.
    expect(await env.server.responses.tick()).toBe(0);

    // The decision was recorded on arrival: renaming the rule and sending it elsewhere rewrites neither message.
    expect(
      (await owner.client.patch(`/api/routing/rules/${rule.body.id}`, { name: 'Renamed', action: { assign: { type: 'user', userId: owner.me.user.id } } }))
        .status,
    ).toBe(200);
    expect((await owner.client.get(`/api/emails/${emailId}`)).body).toMatchObject({
      assigneeId: dana.me.user.id,
      routing: { ruleId: rule.body.id, reason: expect.stringContaining('Outages to support') },
    });
    expect((await owner.client.get(`/api/emails/${storedId(second.response)}`)).body).toMatchObject({ assigneeId: sam.me.user.id });
    expect(readActivity(live.doc, entryId)).toMatchObject({
      assigneeId: dana.me.user.id,
      routing: "Routed to Colleague by rule 'Outages to support' (sent to the case address)",
    });
    live.provider.destroy();
  });

  it('[R3] messages routed at once take distinct round-robin turns', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const people = [await inviteMember(env.server.url, owner.client), await inviteMember(env.server.url, owner.client)];
    const c = await createCase(owner.client, { title: 'Busy inbox' });
    const team = await owner.client.post('/api/routing/teams', { name: 'Turns', memberIds: people.map((p) => p.me.user.id) });
    expect(team.status).toBe(201);
    expect(
      (
        await owner.client.post('/api/routing/rules', {
          name: 'Everyone in turn',
          conditions: {},
          action: { assign: { type: 'round-robin', teamId: team.body.id } },
        })
      ).status,
    ).toBe(201);
    const address = (await owner.client.get(`/api/cases/${c.id}/address`)).body.address as string;
    const n = 10;
    const sent = await Promise.all(
      Array.from({ length: n }, (_, i) => smtp().sendMail({ from: 'carla@acme.example', to: address, subject: `Question ${i}`, text: `Question number ${i}` })),
    );
    const assignees = await Promise.all(sent.map(async (s) => (await owner.client.get(`/api/emails/${storedId(s.response)}`)).body.assigneeId as string));
    // Ten turns over two people: five each, whatever order they were taken in.
    for (const person of people) expect(assignees.filter((id) => id === person.me.user.id)).toHaveLength(n / 2);
  });

  it("routes mail to the workspace inbox by the sender's account to its open case, owned by the account owner", async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const dana = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client, { title: 'Globex renewal', account: 'Globex' });
    await createCase(owner.client, { title: 'Old Globex deal', account: 'Globex', stage: 'lost' });
    const account = await owner.client.post('/api/accounts', { name: 'globex', domains: ['globex.example'], ownerId: dana.me.user.id });
    expect(account.status).toBe(201);
    const inbox = (await owner.client.get('/api/triage/address')).body.address as string;
    const sent = await smtp().sendMail({ from: 'hank@globex.example', to: inbox, subject: 'Renewal paperwork', text: 'Here is the signed form.' });
    const email = (await owner.client.get(`/api/emails/${storedId(sent.response)}`)).body;
    expect(email.caseId).toBe(c.id);
    const doc = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(doc.provider);
    expect(readActivity(doc.doc, email.activityId)).toMatchObject({
      routing: "Routed to Colleague as the account owner (the sender's case)",
      assigneeId: dana.me.user.id,
    });
    doc.provider.destroy();

    // Nobody knows this sender and no rule matches: it waits in triage, unassigned, and says so.
    const unknown = await smtp().sendMail({ from: 'zed@nowhere.example', to: inbox, subject: 'Hello', text: 'Who do I talk to?' });
    const waiting = (await owner.client.get(`/api/emails/${storedId(unknown.response)}`)).body;
    expect(waiting.caseId).toBeNull();
  });

  it("a contact on a case's stakeholder map brings their mail to that case, segment rules see their tags", async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const sam = await inviteMember(env.server.url, owner.client);
    await createCase(owner.client, { title: 'Initech expansion', account: 'Initech' });
    const onMap = await createCase(owner.client, { title: 'Initech pilot' });
    const contact = await owner.client.post('/api/contacts', { name: 'Peter Gibbons', emails: ['peter@initech.example'], tags: ['vip'] });
    expect(contact.status).toBe(201);
    expect((await owner.client.put(`/api/cases/${onMap.id}/contacts/${contact.body.id}`, { role: 'champion', influence: 4 })).status).toBe(200);
    await owner.client.post('/api/routing/rules', {
      name: 'VIPs to Sam',
      conditions: { segment: 'VIP' },
      action: { assign: { type: 'user', userId: sam.me.user.id } },
    });
    const inbox = (await owner.client.get('/api/triage/address')).body.address as string;
    const sent = await smtp().sendMail({ from: 'PETER@initech.example', to: inbox, subject: 'TPS reports', text: 'Did you get the memo?' });
    const email = (await owner.client.get(`/api/emails/${storedId(sent.response)}`)).body;
    expect(email).toMatchObject({
      caseId: onMap.id,
      assigneeId: sam.me.user.id,
      routing: { how: 'contact', reason: "Routed to Colleague by rule 'VIPs to Sam' (the sender's case)" },
    });
  });

  it('a rule can file mail nothing else placed, and mail from a colleague starts no clock', async () => {
    const owner = await signUp(env.server.url, { name: 'Owen' });
    const c = await createCase(owner.client, { title: 'Security reports', kind: 'support' });
    const rule = await owner.client.post('/api/routing/rules', {
      name: 'Security',
      conditions: { keywords: ['vulnerability'] },
      action: { assign: { type: 'user', userId: owner.me.user.id }, caseId: c.id },
    });
    expect(rule.status).toBe(201);
    const inbox = (await owner.client.get('/api/triage/address')).body.address as string;
    const sent = await smtp().sendMail({ from: 'researcher@sec.example', to: inbox, subject: 'Vulnerability report', text: 'Found an XSS.' });
    const email = (await owner.client.get(`/api/emails/${storedId(sent.response)}`)).body;
    expect(email.caseId).toBe(c.id);
    const fromColleague = await smtp().sendMail({
      from: owner.me.user.email,
      to: (await owner.client.get(`/api/cases/${c.id}/address`)).body.address,
      subject: 'fwd',
      text: 'fyi',
    });
    const forwarded = (await owner.client.get(`/api/emails/${storedId(fromColleague.response)}`)).body;
    const doc = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    await synced(doc.provider);
    expect(readActivity(doc.doc, email.activityId)).toMatchObject({ routing: "Routed to Owen by rule 'Security' (placed by rule 'Security')" });
    expect(readActivity(doc.doc, email.activityId)?.responseDueAt).toBeDefined();
    expect(readActivity(doc.doc, forwarded.activityId)?.responseDueAt).toBeUndefined();
    doc.provider.destroy();
  });

  it('rules, teams and targets: validated, ordered, for owners and admins to change, members to read, hidden from guests', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, c.id);

    const bad = await owner.client.post('/api/routing/rules', { name: 'x', conditions: {}, action: { assign: { type: 'user', userId: 'nobody' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/userId: not a member/);
    expect(
      (await owner.client.post('/api/routing/rules', { name: '', conditions: { keywords: [''] }, action: { assign: { type: 'account-owner' } } })).status,
    ).toBe(400);
    expect(
      (
        await owner.client.post('/api/routing/rules', {
          name: 'x',
          conditions: { senderDomain: 'not a domain' },
          action: { assign: { type: 'account-owner' } },
        })
      ).status,
    ).toBe(400);

    const names = ['First', 'Second', 'Third'];
    const ids: string[] = [];
    for (const name of names)
      ids.push((await owner.client.post('/api/routing/rules', { name, conditions: {}, action: { assign: { type: 'account-owner' } } })).body.id);
    const reordered = await owner.client.post('/api/routing/rules/reorder', { ids: [ids[2], ids[0], ids[1]] });
    expect(reordered.body.rules.map((r: { name: string }) => r.name)).toEqual(['Third', 'First', 'Second']);
    expect((await owner.client.post('/api/routing/rules/reorder', { ids: [ids[0]] })).status).toBe(400);
    const patched = await owner.client.patch(`/api/routing/rules/${ids[0]}`, { enabled: false });
    expect(patched.body).toMatchObject({ name: 'First', enabled: false });

    expect((await member.client.get('/api/routing/rules')).body.rules).toHaveLength(3);
    expect((await member.client.post('/api/routing/rules', { name: 'm', conditions: {}, action: { assign: { type: 'account-owner' } } })).status).toBe(403);
    expect((await member.client.put('/api/settings/response-targets', { deal: 10, support: 10 })).status).toBe(403);
    expect((await guest.client.get('/api/routing/rules')).status).toBe(404);
    expect((await guest.client.get('/api/settings/response-targets')).status).toBe(404);

    const team = await owner.client.post('/api/routing/teams', { name: 'Night shift', memberIds: [member.me.user.id] });
    expect((await owner.client.post('/api/routing/teams', { name: 'Night shift', memberIds: [] })).status).toBe(409);
    expect((await owner.client.post('/api/routing/teams', { name: 'Guests?', memberIds: [guest.userId] })).status).toBe(400);
    await owner.client.post('/api/routing/rules', { name: 'Nights', conditions: {}, action: { assign: { type: 'round-robin', teamId: team.body.id } } });
    const inUse = await owner.client.delete(`/api/routing/teams/${team.body.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain("'Nights'");

    expect((await owner.client.get('/api/settings/response-targets')).body).toEqual({ deal: 1440, support: 240 });
    expect((await owner.client.put('/api/settings/response-targets', { deal: 0, support: 30 })).status).toBe(400);
    expect((await owner.client.delete(`/api/routing/rules/${ids[1]}`)).status).toBe(204);
    expect((await owner.client.delete(`/api/routing/rules/${ids[1]}`)).status).toBe(404);
  });
});
