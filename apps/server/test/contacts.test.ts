import { docName, readFields } from '@casehub/case-document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findContactByAddress } from '../src/modules/contacts/index.js';
import { parentDomains } from '../src/modules/contacts/lookup.js';
import { featureBackends, Client, connect, createCase, inviteGuest, inviteMember, signUp, startTestServer, synced, waitFor, type TestEnv } from './helpers.js';

let seq = 0;
/** A small raw email, as a mail client would send it. */
function rawEmail(o: { from: string; to: string; subject: string; date?: string; cc?: string }): string {
  seq += 1;
  return [
    `From: ${o.from}`,
    `To: ${o.to}`,
    ...(o.cc ? [`Cc: ${o.cc}`] : []),
    `Subject: ${o.subject}`,
    `Date: ${o.date ?? new Date().toUTCString()}`,
    `Message-ID: <contacts-${Date.now()}-${seq}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${o.subject}`,
    '',
  ].join('\r\n');
}

async function ingest(client: Client, caseId: string, raw: string): Promise<string> {
  const res = await client.request('POST', `/api/cases/${caseId}/emails`, raw, { 'content-type': 'message/rfc822' });
  expect(res.status).toBe(201);
  return res.body.emailId as string;
}

describe.each(featureBackends)('contacts and accounts on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('creates, lists (search, tag, paging), reads, changes and deletes accounts', async () => {
    const { client } = await signUp(url);
    const acme = await client.post('/api/accounts', { name: 'Acme Corp', domains: ['@ACME.example', 'acme-eu.example'], tags: ['EMEA', 'renewal'] });
    expect(acme.status).toBe(201);
    expect(acme.body).toMatchObject({
      name: 'Acme Corp',
      domains: ['acme.example', 'acme-eu.example'],
      tags: ['EMEA', 'renewal'],
      contactCount: 0,
      mergedInto: null,
    });
    await client.post('/api/accounts', { name: 'Globex', tags: ['US'] });
    await client.post('/api/accounts', { name: 'Initech', tags: ['EMEA'] });

    expect((await client.post('/api/accounts', { name: 'acme corp' })).status).toBe(409);
    const bad = await client.post('/api/accounts', { name: '', domains: ['not a domain'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/name: must not be empty/);
    expect(bad.body.error.message).toMatch(/domains\.0: must be a domain/);

    const emea = await client.get('/api/accounts?tag=EMEA');
    expect(emea.body.accounts.map((a: { name: string }) => a.name)).toEqual(['Acme Corp', 'Initech']);
    expect((await client.get('/api/accounts?q=eu.exam')).body.accounts.map((a: { name: string }) => a.name)).toEqual(['Acme Corp']);
    const page = await client.get('/api/accounts?limit=2&offset=2');
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(page.body.accounts.map((a: { name: string }) => a.name)).toEqual(['Initech']);

    const patched = await client.patch(`/api/accounts/${acme.body.id}`, { notes: 'Key account', tags: ['EMEA'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ notes: 'Key account', tags: ['EMEA'] });
    expect((await client.patch(`/api/accounts/${acme.body.id}`, { colour: 'red' })).status).toBe(400);
    expect((await client.get(`/api/accounts/${acme.body.id}`)).body).toMatchObject({ name: 'Acme Corp', contacts: [], cases: [] });

    expect((await client.delete(`/api/accounts/${acme.body.id}`)).status).toBe(204);
    expect((await client.get(`/api/accounts/${acme.body.id}`)).status).toBe(404);
    // Another workspace cannot reach it either.
    const other = await signUp(url);
    const globex = (await client.get('/api/accounts?q=Globex')).body.accounts[0];
    expect((await other.client.get(`/api/accounts/${globex.id}`)).status).toBe(404);
  });

  it('a case shows under its account; renaming the account renames the case field through the document', async () => {
    const a = await signUp(url);
    const acct = (await a.client.post('/api/accounts', { name: 'Umbrella' })).body;
    const c = await createCase(a.client, { title: 'Umbrella renewal', account: 'Umbrella' });
    const detail = await a.client.get(`/api/accounts/${acct.id}`);
    expect(detail.body.cases.map((x: { id: string }) => x.id)).toEqual([c.id]);

    expect((await a.client.patch(`/api/accounts/${acct.id}`, { name: 'Umbrella Corporation' })).status).toBe(200);
    expect((await a.client.get(`/api/cases/${c.id}`)).body.account).toBe('Umbrella Corporation');
    const live = connect(url, docName(c.id, 'team'), { cookie: a.client.cookie });
    await synced(live.provider);
    expect(readFields(live.doc).account).toBe('Umbrella Corporation');
    live.provider.destroy();
  });

  it('creates contacts with addresses; an address another contact has is a 409 naming it; search by name, address, title, tag, account', async () => {
    const { client } = await signUp(url);
    const acct = (await client.post('/api/accounts', { name: 'Hooli' })).body;
    const dana = await client.post('/api/contacts', {
      name: 'Dana Scully',
      title: 'CFO',
      accountId: acct.id,
      emails: ['Dana@Hooli.example', 'dana.s@gmail.example'],
      tags: ['champion-track'],
    });
    expect(dana.status).toBe(201);
    expect(dana.body).toMatchObject({ name: 'Dana Scully', accountId: acct.id, accountName: 'Hooli', emails: ['dana@hooli.example', 'dana.s@gmail.example'] });
    const fox = await client.post('/api/contacts', { name: 'Fox Mulder', title: 'Head of IT', emails: ['fox@hooli.example'] });
    expect(fox.status).toBe(201);

    const taken = await client.post('/api/contacts', { name: 'Impostor', emails: ['DANA@hooli.example'] });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('dana@hooli.example');
    expect(taken.body.error.message).toContain('Dana Scully');
    const patchTaken = await client.patch(`/api/contacts/${fox.body.id}`, { emails: ['fox@hooli.example', 'dana.s@gmail.example'] });
    expect(patchTaken.status).toBe(409);
    expect(patchTaken.body.error.message).toContain('dana.s@gmail.example');
    expect((await client.post('/api/contacts', { name: 'X', emails: ['not-an-address'] })).body.error.message).toMatch(/emails\.0: must be an email address/);
    expect((await client.post('/api/contacts', { name: 'X', accountId: 'nope' })).status).toBe(400);

    // Editing the list of addresses: drop one, add one; the dropped one is free again.
    const edited = await client.patch(`/api/contacts/${dana.body.id}`, { emails: ['dana@hooli.example', 'dscully@hooli.example'], phone: '+1 555 0100' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ emails: ['dana@hooli.example', 'dscully@hooli.example'], phone: '+1 555 0100' });
    expect((await client.patch(`/api/contacts/${fox.body.id}`, { emails: ['fox@hooli.example', 'dana.s@gmail.example'] })).status).toBe(200);

    const names = async (qs: string) => (await client.get(`/api/contacts${qs}`)).body.contacts.map((x: { name: string }) => x.name);
    expect(await names('?q=scul')).toEqual(['Dana Scully']);
    expect(await names('?q=gmail')).toEqual(['Fox Mulder']);
    expect(await names('?q=head%20of')).toEqual(['Fox Mulder']);
    expect(await names('?tag=champion-track')).toEqual(['Dana Scully']);
    expect(await names(`?accountId=${acct.id}`)).toEqual(['Dana Scully']);
    expect(await names('?limit=1&offset=1')).toEqual(['Fox Mulder']);
    expect((await client.get(`/api/accounts/${acct.id}`)).body).toMatchObject({ contactCount: 1, contacts: [{ name: 'Dana Scully' }] });

    expect((await client.delete(`/api/contacts/${fox.body.id}`)).status).toBe(204);
    expect((await client.get(`/api/contacts/${fox.body.id}`)).status).toBe(404);
    expect((await client.post('/api/contacts', { name: 'New Fox', emails: ['fox@hooli.example'] })).status).toBe(201);
  });

  it('[A6.1] [A6.2] the stakeholder map: editors add, change and remove; viewers and commenters get 403; a guest gets 404', async () => {
    const a = await signUp(url);
    const c = await createCase(a.client);
    const contact = (await a.client.post('/api/contacts', { name: 'Walter Skinner' })).body;

    const put = await a.client.request('PUT', `/api/cases/${c.id}/contacts/${contact.id}`, { role: 'decision-maker', influence: 5 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ contactId: contact.id, name: 'Walter Skinner', role: 'decision-maker', influence: 5 });
    expect((await a.client.request('PUT', `/api/cases/${c.id}/contacts/${contact.id}`, { role: 'champion', influence: 2 })).body).toMatchObject({
      role: 'champion',
      influence: 2,
    });
    const bad = await a.client.request('PUT', `/api/cases/${c.id}/contacts/${contact.id}`, { role: 'boss', influence: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/role: must be one of decision-maker/);
    expect(bad.body.error.message).toMatch(/influence: must be 1 to 5/);
    expect((await a.client.request('PUT', `/api/cases/${c.id}/contacts/nope`, { role: 'user' })).status).toBe(404);
    expect((await a.client.get(`/api/cases/${c.id}/contacts`)).body.stakeholders).toEqual([
      expect.objectContaining({ contactId: contact.id, role: 'champion', influence: 2 }),
    ]);

    const viewer = await inviteMember(url, a.client);
    expect((await a.client.post(`/api/cases/${c.id}/members`, { userId: viewer.me.user.id, access: 'viewer' })).status).toBe(200);
    expect((await viewer.client.get(`/api/cases/${c.id}/contacts`)).status).toBe(200);
    const refused = await viewer.client.request('PUT', `/api/cases/${c.id}/contacts/${contact.id}`, { role: 'blocker' });
    expect(refused.status).toBe(403);
    expect((await viewer.client.delete(`/api/cases/${c.id}/contacts/${contact.id}`)).status).toBe(403);
    const commenter = await inviteMember(url, a.client);
    await a.client.post(`/api/cases/${c.id}/members`, { userId: commenter.me.user.id, access: 'commenter' });
    expect((await commenter.client.request('PUT', `/api/cases/${c.id}/contacts/${contact.id}`, { role: 'blocker' })).status).toBe(403);

    const guest = await inviteGuest(url, a.client, c.id, 'editor');
    for (const [method, path] of [
      ['GET', `/api/cases/${c.id}/contacts`],
      ['PUT', `/api/cases/${c.id}/contacts/${contact.id}`],
      ['DELETE', `/api/cases/${c.id}/contacts/${contact.id}`],
      ['GET', '/api/contacts'],
      ['POST', '/api/contacts'],
      ['GET', `/api/contacts/${contact.id}`],
      ['PATCH', `/api/contacts/${contact.id}`],
      ['DELETE', `/api/contacts/${contact.id}`],
      ['POST', `/api/contacts/${contact.id}/merge`],
      ['GET', `/api/contacts/${contact.id}/history`],
      ['GET', '/api/accounts'],
      ['POST', '/api/accounts'],
      ['GET', '/api/accounts/x'],
      ['PATCH', '/api/accounts/x'],
      ['DELETE', '/api/accounts/x'],
      ['POST', '/api/accounts/x/merge'],
      ['GET', '/api/saved-filters'],
      ['POST', '/api/saved-filters'],
      ['DELETE', '/api/saved-filters/x'],
    ] as const) {
      const body =
        method === 'GET' || method === 'DELETE' ? undefined : method === 'PUT' ? { role: 'user' } : { name: 'G', otherId: 'x', target: 'contacts', query: {} };
      const res = await guest.client.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }

    // A private case's map is not there for a member outside its team.
    const secret = await createCase(a.client, { private: true });
    expect((await a.client.request('PUT', `/api/cases/${secret.id}/contacts/${contact.id}`, { role: 'user' })).status).toBe(200);
    expect((await commenter.client.get(`/api/cases/${secret.id}/contacts`)).status).toBe(404);
    expect((await commenter.client.request('PUT', `/api/cases/${secret.id}/contacts/${contact.id}`, { role: 'user' })).status).toBe(404);

    expect((await a.client.delete(`/api/cases/${c.id}/contacts/${contact.id}`)).status).toBe(204);
    expect((await a.client.delete(`/api/cases/${c.id}/contacts/${contact.id}`)).status).toBe(404);
    expect((await a.client.get(`/api/cases/${c.id}/contacts`)).body.stakeholders).toEqual([]);
  });

  it('merges contacts: addresses, case roles (the survivor keeps its own on a shared case) and tags move; the other leaves the lists', async () => {
    const { client } = await signUp(url);
    const c1 = await createCase(client);
    const c2 = await createCase(client);
    const keep = (await client.post('/api/contacts', { name: 'Jane Doe', emails: ['jane@initrode.example'], tags: ['vip'] })).body;
    const dup = (await client.post('/api/contacts', { name: 'J. Doe', title: 'VP Ops', emails: ['jdoe@gmail.example'], tags: ['emea'] })).body;
    await client.request('PUT', `/api/cases/${c1.id}/contacts/${keep.id}`, { role: 'champion', influence: 4 });
    await client.request('PUT', `/api/cases/${c1.id}/contacts/${dup.id}`, { role: 'blocker', influence: 1 });
    await client.request('PUT', `/api/cases/${c2.id}/contacts/${dup.id}`, { role: 'decision-maker', influence: 5 });

    expect((await client.post(`/api/contacts/${keep.id}/merge`, { otherId: keep.id })).status).toBe(400);
    expect((await client.post(`/api/contacts/${keep.id}/merge`, { otherId: 'nope' })).status).toBe(400);
    const merged = await client.post(`/api/contacts/${keep.id}/merge`, { otherId: dup.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: keep.id, emails: ['jane@initrode.example', 'jdoe@gmail.example'], tags: ['vip', 'emea'], title: 'VP Ops' });
    expect((await client.post(`/api/contacts/${keep.id}/merge`, { otherId: dup.id })).status).toBe(409);
    expect((await client.get(`/api/contacts/${dup.id}`)).body.mergedInto).toBe(keep.id);
    expect((await client.get('/api/contacts')).body.contacts.map((x: { id: string }) => x.id)).toEqual([keep.id]);
    expect((await client.get(`/api/cases/${c1.id}/contacts`)).body.stakeholders).toEqual([
      expect.objectContaining({ contactId: keep.id, role: 'champion', influence: 4 }),
    ]);
    expect((await client.get(`/api/cases/${c2.id}/contacts`)).body.stakeholders).toEqual([
      expect.objectContaining({ contactId: keep.id, role: 'decision-maker', influence: 5 }),
    ]);
    const audit = await client.get('/api/audit');
    expect(JSON.stringify(audit.body)).toContain('contact.merge');
  });

  it('merges accounts: contacts move, domains and tags unite, cases are renamed through their documents; 400 into itself, 409 when merged', async () => {
    const { client } = await signUp(url);
    const keep = (await client.post('/api/accounts', { name: 'Stark Industries', domains: ['stark.example'], tags: ['defense'] })).body;
    const dup = (await client.post('/api/accounts', { name: 'Stark Ind.', domains: ['starkind.example'], tags: ['EMEA'] })).body;
    const tony = (await client.post('/api/contacts', { name: 'Tony', accountId: dup.id })).body;
    const c = await createCase(client, { title: 'Arc reactor', account: 'Stark Ind.' });

    expect((await client.post(`/api/accounts/${keep.id}/merge`, { otherId: keep.id })).status).toBe(400);
    const merged = await client.post(`/api/accounts/${keep.id}/merge`, { otherId: dup.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ domains: ['stark.example', 'starkind.example'], tags: ['defense', 'EMEA'], contacts: [{ id: tony.id }] });
    expect(merged.body.cases.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await client.get(`/api/cases/${c.id}`)).body.account).toBe('Stark Industries');
    const live = connect(url, docName(c.id, 'team'), { cookie: client.cookie });
    await synced(live.provider);
    expect(readFields(live.doc).account).toBe('Stark Industries');
    live.provider.destroy();
    expect((await client.get(`/api/contacts/${tony.id}`)).body.accountName).toBe('Stark Industries');
    expect((await client.get('/api/accounts')).body.accounts.map((x: { id: string }) => x.id)).toEqual([keep.id]);
    expect((await client.get(`/api/accounts/${dup.id}`)).body.mergedInto).toBe(keep.id);
    expect((await client.post(`/api/accounts/${keep.id}/merge`, { otherId: dup.id })).status).toBe(409);
    expect((await client.post(`/api/accounts/${dup.id}/merge`, { otherId: keep.id })).status).toBe(409);
    expect(JSON.stringify((await client.get('/api/audit')).body)).toContain('account.merge');
  });

  it("[A6.3] a contact's history: their cases and every email from or to them, newest first; a private case's stay hidden from a non-team member", async () => {
    const a = await signUp(url);
    const colleague = await inviteMember(url, a.client);
    const open = await createCase(a.client, { title: 'Open deal' });
    const secret = await createCase(a.client, { title: 'Secret deal', private: true });
    const other = await createCase(a.client, { title: 'Unrelated' });
    const lee = (await a.client.post('/api/contacts', { name: 'Lee Adama', emails: ['lee@galactica.example', 'apollo@viper.example'] })).body;
    await a.client.request('PUT', `/api/cases/${open.id}/contacts/${lee.id}`, { role: 'influencer', influence: 3 });
    await a.client.request('PUT', `/api/cases/${secret.id}/contacts/${lee.id}`, { role: 'user', influence: 1 });

    const first = await ingest(
      a.client,
      open.id,
      rawEmail({ from: 'Lee <LEE@galactica.example>', to: 'sales@acme.example', subject: 'First', date: 'Mon, 02 Nov 2026 10:00:00 +0000' }),
    );
    const second = await ingest(
      a.client,
      open.id,
      rawEmail({
        from: 'sales@acme.example',
        to: 'Someone <x@y.example>',
        cc: 'Apollo <apollo@viper.example>',
        subject: 'Second',
        date: 'Tue, 03 Nov 2026 10:00:00 +0000',
      }),
    );
    const hidden = await ingest(
      a.client,
      secret.id,
      rawEmail({ from: 'lee@galactica.example', to: 'sales@acme.example', subject: 'Secret one', date: 'Wed, 04 Nov 2026 10:00:00 +0000' }),
    );
    await ingest(a.client, other.id, rawEmail({ from: 'kara@galactica.example', to: 'sales@acme.example', subject: 'Not Lee' }));

    const mine = await a.client.get(`/api/contacts/${lee.id}/history`);
    expect(mine.status).toBe(200);
    expect(mine.body.emails.map((e: { id: string }) => e.id)).toEqual([hidden, second, first]);
    expect(mine.body.emails[2]).toMatchObject({ caseId: open.id, caseTitle: 'Open deal', subject: 'First', direction: 'inbound' });
    expect(mine.body.cases.map((x: { id: string; role: string }) => [x.id, x.role]).sort()).toEqual(
      [
        [open.id, 'influencer'],
        [secret.id, 'user'],
      ].sort(),
    );

    const theirs = await colleague.client.get(`/api/contacts/${lee.id}/history`);
    expect(theirs.body.emails.map((e: { id: string }) => e.id)).toEqual([second, first]);
    expect(theirs.body.cases.map((x: { id: string }) => x.id)).toEqual([open.id]);
    // On the team of the private case, it shows.
    await a.client.post(`/api/cases/${secret.id}/members`, { userId: colleague.me.user.id, access: 'viewer' });
    expect((await colleague.client.get(`/api/contacts/${lee.id}/history`)).body.emails.map((e: { id: string }) => e.id)).toEqual([hidden, second, first]);
  });

  it('saved filters are per person and per target', async () => {
    const a = await signUp(url);
    const b = await inviteMember(url, a.client);
    const saved = await a.client.post('/api/saved-filters', { target: 'contacts', name: 'EMEA champions', query: { tag: 'EMEA', q: 'dana' } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ target: 'contacts', name: 'EMEA champions', query: { tag: 'EMEA', q: 'dana' } });
    await a.client.post('/api/saved-filters', { target: 'accounts', name: 'Renewals', query: { tag: 'renewal' } });
    expect((await a.client.post('/api/saved-filters', { target: 'deals', name: 'x', query: {} })).body.error.message).toMatch(
      /target: must be accounts or contacts/,
    );
    expect((await a.client.post('/api/saved-filters', { target: 'contacts', name: 'x', query: { colour: 'red' } })).status).toBe(400);

    expect((await a.client.get('/api/saved-filters?target=contacts')).body.filters.map((f: { name: string }) => f.name)).toEqual(['EMEA champions']);
    expect((await a.client.get('/api/saved-filters')).body.filters).toHaveLength(2);
    expect((await b.client.get('/api/saved-filters')).body.filters).toEqual([]);
    expect((await b.client.delete(`/api/saved-filters/${saved.body.id}`)).status).toBe(404);
    expect((await a.client.delete(`/api/saved-filters/${saved.body.id}`)).status).toBe(204);
    expect((await a.client.get('/api/saved-filters?target=contacts')).body.filters).toEqual([]);
  });

  it('findContactByAddress: a contact by any of its addresses with its account, owner and tags; else an account by domain; else null', async () => {
    const a = await signUp(url);
    const db = env.server.database.db;
    const ws = a.me.workspace.id;
    const acct = (await a.client.post('/api/accounts', { name: 'Cyberdyne', domains: ['cyberdyne.example'], ownerId: a.me.user.id, tags: ['strategic', 'US'] }))
      .body;
    const miles = (
      await a.client.post('/api/contacts', {
        name: 'Miles Dyson',
        accountId: acct.id,
        emails: ['miles@cyberdyne.example', 'md@home.example'],
        tags: ['US', 'tech'],
      })
    ).body;

    expect(await findContactByAddress(db, ws, ' MD@Home.example ')).toEqual({
      contactId: miles.id,
      name: 'Miles Dyson',
      accountId: acct.id,
      accountName: 'Cyberdyne',
      accountOwnerId: a.me.user.id,
      tags: ['US', 'tech', 'strategic'],
    });
    expect(await findContactByAddress(db, ws, 'sarah@cyberdyne.example')).toEqual({
      contactId: null,
      name: null,
      accountId: acct.id,
      accountName: 'Cyberdyne',
      accountOwnerId: a.me.user.id,
      tags: ['strategic', 'US'],
    });
    expect(await findContactByAddress(db, ws, 'ops@mail.cyberdyne.example')).toMatchObject({ contactId: null, accountId: acct.id });
    // The most specific listed domain wins.
    const sub = (await a.client.post('/api/accounts', { name: 'Cyberdyne Labs', domains: ['labs.cyberdyne.example'] })).body;
    expect(await findContactByAddress(db, ws, 'x@dev.labs.cyberdyne.example')).toMatchObject({
      contactId: null,
      accountId: sub.id,
      accountName: 'Cyberdyne Labs',
      accountOwnerId: null,
      tags: [],
    });
    expect(await findContactByAddress(db, ws, 'nobody@elsewhere.example')).toBeNull();
    expect(await findContactByAddress(db, ws, 'someone@example')).toBeNull();
    expect(await findContactByAddress(db, ws, '')).toBeNull();
    // Scoped to the workspace.
    const other = await signUp(url);
    expect(await findContactByAddress(db, other.me.workspace.id, 'miles@cyberdyne.example')).toBeNull();
    // After a merge the survivor answers for the other's addresses.
    const dup = (await a.client.post('/api/contacts', { name: 'M. Dyson', emails: ['dyson@gmail.example'] })).body;
    await a.client.post(`/api/contacts/${miles.id}/merge`, { otherId: dup.id });
    expect(await waitFor(() => findContactByAddress(db, ws, 'dyson@gmail.example'), 'match')).toMatchObject({ contactId: miles.id });
  });

  it('parentDomains: most specific first, never a bare top-level domain', () => {
    expect(parentDomains('a.b.acme.com')).toEqual(['a.b.acme.com', 'b.acme.com', 'acme.com']);
    expect(parentDomains('acme.com')).toEqual(['acme.com']);
    expect(parentDomains('localhost')).toEqual([]);
  });

  it('lists every contacts route in the OpenAPI description', async () => {
    const res = await new Client(url).get('/api/openapi.json');
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    for (const [path, method] of [
      ['/api/accounts', 'get'],
      ['/api/accounts', 'post'],
      ['/api/accounts/{id}', 'patch'],
      ['/api/accounts/{id}/merge', 'post'],
      ['/api/contacts', 'get'],
      ['/api/contacts/{id}', 'delete'],
      ['/api/contacts/{id}/merge', 'post'],
      ['/api/contacts/{id}/history', 'get'],
      ['/api/cases/{id}/contacts', 'get'],
      ['/api/cases/{id}/contacts/{contactId}', 'put'],
      ['/api/cases/{id}/contacts/{contactId}', 'delete'],
      ['/api/saved-filters', 'post'],
      ['/api/saved-filters/{id}', 'delete'],
    ] as const) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
