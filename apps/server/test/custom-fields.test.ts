import { customFieldKey, docName, readCustomValues, writeCustomValues } from '@casehub/case-document';
import type { CustomFieldDefinition } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connect,
  createCase,
  featureBackends,
  inviteGuest,
  inviteMember,
  postRawEmail,
  signUp,
  startTestServer,
  synced,
  waitFor,
  type Client,
  type TestEnv,
} from './helpers.js';

type Defs = { fields: CustomFieldDefinition[] };

const fieldsOf = async (client: Client, kind: 'deal' | 'support'): Promise<CustomFieldDefinition[]> => {
  const res = await client.get('/api/settings/custom-fields');
  expect(res.status).toBe(200);
  return (res.body as Defs).fields.filter((f) => f.kind === kind);
};

const byLabel = (fields: CustomFieldDefinition[], label: string): CustomFieldDefinition => {
  const found = fields.find((f) => f.label === label);
  if (!found) throw new Error(`no field ${label}`);
  return found;
};

/** Defines the deal fields every test here uses. */
async function defineDealFields(owner: Client) {
  const saved = await owner.put('/api/settings/custom-fields/deal', {
    fields: [
      { label: 'Margin notes', type: 'text' },
      { label: 'Seats', type: 'number', required: true },
      { label: 'Go-live', type: 'date', shared: true },
      { label: 'Tier', type: 'select', options: ['Gold', 'Silver'], shared: true },
      { label: 'Regions', type: 'multiselect', options: ['EU', 'US', 'APAC'] },
      { label: 'Champion', type: 'person' },
      { label: 'Signed NDA', type: 'checkbox' },
      { label: 'Contract value', type: 'money' },
      { label: 'Portal', type: 'url' },
    ],
  });
  expect(saved.status).toBe(200);
  const fields = saved.body.fields as CustomFieldDefinition[];
  return {
    fields,
    notes: byLabel(fields, 'Margin notes').id,
    seats: byLabel(fields, 'Seats').id,
    golive: byLabel(fields, 'Go-live').id,
    tier: byLabel(fields, 'Tier').id,
    regions: byLabel(fields, 'Regions').id,
    champion: byLabel(fields, 'Champion').id,
    nda: byLabel(fields, 'Signed NDA').id,
    money: byLabel(fields, 'Contract value').id,
    portal: byLabel(fields, 'Portal').id,
  };
}

describe.each(featureBackends)('custom fields over HTTP on %s (issue 17.3)', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('members read the definitions; only owners and admins change them; guests read nothing; bad lists are a clear 400', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const c = await createCase(owner.client);
    const guest = await inviteGuest(env.server.url, owner.client, c.id);
    const body = { fields: [{ label: 'Seats', type: 'number' }] };

    expect((await member.client.put('/api/settings/custom-fields/deal', body)).status).toBe(403);
    expect((await guest.client.get('/api/settings/custom-fields')).status).toBe(404);
    expect((await owner.client.put('/api/settings/custom-fields/project', body)).status).toBe(404);
    const bad = await owner.client.put('/api/settings/custom-fields/deal', { fields: [{ label: 'Tier', type: 'select' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"Tier" needs at least one option');

    const saved = await owner.client.put('/api/settings/custom-fields/deal', body);
    expect(saved.status).toBe(200);
    const [seats] = saved.body.fields as CustomFieldDefinition[];
    expect(seats).toMatchObject({ kind: 'deal', label: 'Seats', type: 'number', required: false, shared: false, options: [] });
    expect(await fieldsOf(member.client, 'deal')).toEqual(saved.body.fields);
    expect(await fieldsOf(member.client, 'support')).toEqual([]);

    // A field keeps its type; an id that is gone is a conflict.
    const retype = await owner.client.put('/api/settings/custom-fields/deal', { fields: [{ id: seats?.id, label: 'Seats', type: 'text' }] });
    expect(retype.status).toBe(400);
    expect(retype.body.error.message).toMatch(/stays one/);
    const stale = await owner.client.put('/api/settings/custom-fields/deal', { fields: [{ id: 'gone', label: 'Seats', type: 'number' }] });
    expect(stale.status).toBe(409);
    // Renamed in place: same id.
    const renamed = await owner.client.put('/api/settings/custom-fields/deal', {
      fields: [{ id: seats?.id, label: 'Licences', type: 'number', required: true }],
    });
    expect(renamed.body.fields).toEqual([{ ...seats, label: 'Licences', required: true }]);
  });

  it('PATCH accepts values checked against the definitions, GET returns them, the list shows and filters by them', async () => {
    const owner = await signUp(env.server.url);
    const member = await inviteMember(env.server.url, owner.client);
    const f = await defineDealFields(owner.client);
    const c = await createCase(owner.client, { title: 'Acme rollout', custom: { [f.seats]: 40, [f.tier]: 'Gold' } });
    const other = await createCase(owner.client, { title: 'Globex trial', custom: { [f.seats]: 1 } });
    const support = await createCase(owner.client, { title: 'Support ticket', kind: 'support' });

    const created = await owner.client.get(`/api/cases/${c.id}`);
    expect(created.body.custom).toEqual({ [f.seats]: 40, [f.tier]: 'Gold' });
    expect(created.body.customFields.map((d: CustomFieldDefinition) => d.label)).toEqual(f.fields.map((d) => d.label));
    expect((await owner.client.get(`/api/cases/${support.id}`)).body.customFields).toEqual([]);

    // Each bad value is named, and nothing of the request is written.
    const refused = await member.client.patch(`/api/cases/${c.id}`, {
      title: 'Renamed',
      custom: { [f.seats]: 'forty', [f.tier]: 'Bronze', [f.portal]: 'ftp://x', unknown: 1 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('("Seats"): must be a number');
    expect(refused.body.error.message).toContain('("Tier"): must be one of: Gold, Silver');
    expect(refused.body.error.message).toContain('("Portal"): must be a web address');
    expect(refused.body.error.message).toContain('custom.unknown: no such custom field on deal cases');
    expect((await member.client.patch(`/api/cases/${c.id}`, { custom: { [f.seats]: null } })).body.error.message).toMatch(/required/);
    expect((await member.client.patch(`/api/cases/${c.id}`, { custom: { [f.champion]: 'not-a-member' } })).status).toBe(400);
    expect((await member.client.patch(`/api/cases/${support.id}`, { custom: { [f.seats]: 3 } })).status).toBe(400);
    expect((await owner.client.get(`/api/cases/${c.id}`)).body).toMatchObject({ title: 'Acme rollout', custom: { [f.seats]: 40 } });

    const patched = await member.client.patch(`/api/cases/${c.id}`, {
      stage: 'proposal',
      custom: {
        [f.notes]: 'Discount approved at 12%',
        [f.regions]: ['US', 'EU'],
        [f.champion]: member.me.user.id,
        [f.nda]: true,
        [f.money]: { amount: 25000, currency: 'eur' },
        [f.portal]: 'https://acme.example/portal',
        [f.golive]: '2027-03-01',
        [f.tier]: null,
      },
    });
    expect(patched.status).toBe(200);
    const expected = {
      [f.seats]: 40,
      [f.notes]: 'Discount approved at 12%',
      [f.regions]: ['EU', 'US'],
      [f.champion]: member.me.user.id,
      [f.nda]: true,
      [f.money]: { amount: 25000, currency: 'EUR' },
      [f.portal]: 'https://acme.example/portal',
      [f.golive]: '2027-03-01',
    };
    expect(patched.body.custom).toEqual(expected);
    expect((await owner.client.get(`/api/cases/${c.id}`)).body.custom).toEqual(expected);

    const list = async (filter: Record<string, unknown>) => {
      const res = await member.client.get(`/api/cases?custom=${encodeURIComponent(JSON.stringify(filter))}`);
      expect(res.status).toBe(200);
      return (res.body.cases as Array<{ id: string }>).map((x) => x.id).sort();
    };
    const all = await member.client.get('/api/cases');
    expect(all.body.cases.find((x: { id: string }) => x.id === c.id).custom).toEqual(expected);
    expect(await list({ [f.notes]: 'discount' })).toEqual([c.id]);
    expect(await list({ [f.regions]: 'EU' })).toEqual([c.id]);
    expect(await list({ [f.regions]: 'APAC' })).toEqual([]);
    expect(await list({ [f.nda]: 'true' })).toEqual([c.id]);
    expect(await list({ [f.nda]: 'false' })).toEqual([other.id, support.id].sort());
    expect(await list({ [f.seats]: '40' })).toEqual([c.id]);
    expect(await list({ [f.money]: 25000 })).toEqual([c.id]);
    expect(await list({ [f.golive]: '2027-03-01', [f.champion]: member.me.user.id })).toEqual([c.id]);
    const badFilter = await member.client.get(`/api/cases?custom=${encodeURIComponent('{"nope": "x"}')}`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.message).toBe('custom: no such custom field: nope');
    expect((await member.client.get('/api/cases?custom=%7Bbroken')).status).toBe(400);
  });

  it('[issue 17.4] the list sorts by a custom column on the server, each type in its own order, empty values last; a field the asker may not see is refused', async () => {
    const owner = await signUp(env.server.url, { name: 'Zed Owner' });
    const f = await defineDealFields(owner.client);
    const member = await inviteMember(env.server.url, owner.client);
    const make = async (title: string, custom: Record<string, unknown>) => (await createCase(owner.client, { title, custom })).id;
    const a = await make('Alpha', {
      [f.seats]: 5,
      [f.tier]: 'Silver',
      [f.notes]: 'beta note',
      [f.golive]: '2027-05-01',
      [f.nda]: true,
      [f.money]: { amount: 900, currency: 'EUR' },
      [f.champion]: member.me.user.id,
      [f.regions]: ['US'],
    });
    const b = await make('Bravo', {
      [f.seats]: 40,
      [f.tier]: 'Gold',
      [f.notes]: 'Alpha note',
      [f.golive]: '2027-01-15',
      [f.money]: { amount: 100, currency: 'USD' },
      [f.champion]: owner.me.user.id,
      [f.regions]: ['EU', 'APAC'],
    });
    const c = await make('Charlie', { [f.seats]: 12 });
    const support = (await createCase(owner.client, { title: 'Support ticket', kind: 'support' })).id;
    const sorted = async (sort: string, order: 'asc' | 'desc') => {
      const res = await member.client.get(`/api/cases?kind=deal&sort=${encodeURIComponent(sort)}&order=${order}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.cases as Array<{ id: string }>).map((x) => x.id);
    };
    const key = (id: string) => `cf:${id}`;
    // Numbers by value (not as text: 5 < 12 < 40), both ways.
    expect(await sorted(key(f.seats), 'asc')).toEqual([a, c, b]);
    expect(await sorted(key(f.seats), 'desc')).toEqual([b, c, a]);
    // A select in the order of its options (Gold, Silver), empty last either way.
    expect(await sorted(key(f.tier), 'asc')).toEqual([b, a, c]);
    expect(await sorted(key(f.tier), 'desc')).toEqual([a, b, c]);
    // Text without regard to case; dates by date; money by amount; checkboxes ticked first when descending.
    expect(await sorted(key(f.notes), 'asc')).toEqual([b, a, c]);
    expect(await sorted(key(f.golive), 'asc')).toEqual([b, a, c]);
    expect(await sorted(key(f.money), 'desc')).toEqual([a, b, c]);
    expect((await sorted(key(f.nda), 'desc'))[0]).toBe(a);
    // People by name: the member ("Colleague") before the owner, a multi select by its first option (EU before US).
    expect(await sorted(key(f.champion), 'asc')).toEqual([a, b, c]);
    expect(await sorted(key(f.regions), 'asc')).toEqual([b, a, c]);
    // Without a kind filter the other kind's cases, which cannot have the field, come last.
    const all = await member.client.get(`/api/cases?sort=${encodeURIComponent(key(f.seats))}&order=desc`);
    expect((all.body.cases as Array<{ id: string }>).map((x) => x.id)).toEqual([b, c, a, support]);
    // Paging keeps the order.
    const page2 = await member.client.get(`/api/cases?kind=deal&sort=${encodeURIComponent(key(f.seats))}&order=asc&limit=2&offset=2`);
    expect((page2.body.cases as Array<{ id: string }>).map((x) => x.id)).toEqual([b]);

    // Hostile or unknown sorts are a clear 400.
    for (const bad of ['cf:nope', 'cf:', 'cf:../x', 'password', "cf:x' or 1=1"]) {
      const res = await member.client.get(`/api/cases?sort=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.message).toMatch(/sort/);
    }
    // A guest may sort by a shared field, not by a team-only one (it does not exist for them).
    const guest = await inviteGuest(env.server.url, owner.client, a, 'viewer');
    expect((await guest.client.get(`/api/cases?sort=${encodeURIComponent(key(f.tier))}`)).status).toBe(200);
    const hidden = await guest.client.get(`/api/cases?sort=${encodeURIComponent(key(f.seats))}`);
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.message).toBe(`sort: no such custom field: ${f.seats}`);
  });

  it('CSV: the export has a column per custom field, and an import maps it back by label, refusing a row whose value does not fit', async () => {
    const owner = await signUp(env.server.url);
    const f = await defineDealFields(owner.client);
    const csv = [
      'Title,Tier,Seats,Regions,Signed NDA,Champion,Contract value',
      `Hooli deal,Gold,12,EU; US,yes,${owner.me.user.email},1200 EUR`,
      'Bad tier deal,Bronze,3,,,,',
      'Bad seats deal,Silver,many,,,,',
    ].join('\n');
    const res = await fetch(`${env.server.url}/api/csv/cases/import`, {
      method: 'POST',
      body: csv,
      headers: { cookie: owner.client.cookie, 'content-type': 'text/csv', accept: 'application/json' },
    });
    const result = (await res.json()) as { created: number; refused: Array<{ row: number; reason: string }> };
    expect(result.created).toBe(1);
    expect(result.refused.map((r) => r.row)).toEqual([3, 4]);
    expect(result.refused[0]?.reason).toContain('must be one of: Gold, Silver');
    expect(result.refused[1]?.reason).toContain('Seats: "many" is not a number');

    const list = await owner.client.get(`/api/cases?custom=${encodeURIComponent(JSON.stringify({ [f.tier]: 'Gold' }))}`);
    expect(list.body.cases.map((c: { title: string }) => c.title)).toEqual(['Hooli deal']);
    expect(list.body.cases[0].custom).toEqual({
      [f.tier]: 'Gold',
      [f.seats]: 12,
      [f.regions]: ['EU', 'US'],
      [f.nda]: true,
      [f.champion]: owner.me.user.id,
      [f.money]: { amount: 1200, currency: 'EUR' },
    });

    const exported = await fetch(`${env.server.url}/api/cases.csv`, { headers: { cookie: owner.client.cookie } });
    const lines = (await exported.text()).trim().split(/\r?\n/);
    expect(lines[0]).toContain('Margin notes,Seats,Go-live,Tier,Regions,Champion,Signed NDA,Contract value,Portal');
    expect(lines[1]).toContain(`,12,,Gold,EU; US,${owner.me.user.email},yes,1200 EUR,`);
  });

  it("POST /api/cases refuses a case lacking its kind's required fields, naming them; other kinds and triage-made cases are unaffected", async () => {
    const owner = await signUp(env.server.url);
    const f = await defineDealFields(owner.client);
    const req = await owner.client.put('/api/settings/custom-fields/deal', {
      fields: [...f.fields, { label: 'Budget owner', type: 'text', required: true }],
    });
    expect(req.status).toBe(200);
    const budget = byLabel(req.body.fields as CustomFieldDefinition[], 'Budget owner').id;
    for (const custom of [undefined, {}, { [f.seats]: 4 }, { [f.seats]: 4, [budget]: '' }, { [f.seats]: 4, [budget]: '   ' }]) {
      const refused = await owner.client.post('/api/cases', { title: 'No seats', kind: 'deal', ...(custom && { custom }) });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
      expect(refused.body.error.message).toContain('"Budget owner"');
      if (!custom || !(f.seats in custom)) expect(refused.body.error.message).toContain('"Seats"');
      else expect(refused.body.error.message).not.toContain('"Seats"');
    }
    const listed = await owner.client.get('/api/cases?kind=deal');
    expect(listed.body.cases).toHaveLength(0);
    const ok = await owner.client.post('/api/cases', { title: 'Given', kind: 'deal', custom: { [f.seats]: 4, [budget]: 'Dana' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.custom).toMatchObject({ [f.seats]: 4, [budget]: 'Dana' });
    // A kind without required fields is unaffected.
    expect((await owner.client.post('/api/cases', { title: 'Ticket', kind: 'support' })).status).toBe(201);
    // A deal made from inbound mail in triage is still made, without the required values.
    const raw = ['From: Lee <lee@other.example>', 'To: inbox@us.example', 'Subject: Big deal', 'Message-ID: <req-1@other.example>', '', 'Hello', ''].join(
      '\r\n',
    );
    const t = await postRawEmail(owner.client, '/api/triage/emails', raw);
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    const made = await owner.client.post(`/api/triage/emails/${t.body.emailId}/case`, { kind: 'deal' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await owner.client.get(`/api/cases/${made.body.caseId}`)).body.kind).toBe('deal');
  });

  it('a value written over /sync is projected when it fits its definition, and ignored when it does not', async () => {
    const owner = await signUp(env.server.url);
    const f = await defineDealFields(owner.client);
    const c = await createCase(owner.client, { custom: { [f.seats]: 3 } });
    const { doc, provider } = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    try {
      await synced(provider);
      writeCustomValues(doc, { [f.tier]: 'Silver', [f.seats]: 'not a number' as unknown as number });
      await waitFor(async () => (await owner.client.get(`/api/cases/${c.id}`)).body.custom[f.tier] === 'Silver', 'the projected value');
      expect((await owner.client.get(`/api/cases/${c.id}`)).body.custom).toEqual({ [f.tier]: 'Silver' });
      const filtered = await owner.client.get(`/api/cases?custom=${encodeURIComponent(JSON.stringify({ [f.tier]: 'Silver' }))}`);
      expect(filtered.body.cases.map((x: { id: string }) => x.id)).toEqual([c.id]);
    } finally {
      provider.destroy();
    }
  });
});

/** A WebSocket that sends a cookie and keeps every byte the server sends. */
function recordingSocket(cookie: string, received: Buffer[]): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
      this.on('message', (data: Buffer) => received.push(Buffer.from(data)));
    }
  } as unknown as typeof globalThis.WebSocket;
}

describe.each(featureBackends)('custom fields and guests on %s (issue 17.3)', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a guest never receives a team-only custom field over /sync, and gets the shared ones live', async () => {
    const owner = await signUp(env.server.url);
    const f = await defineDealFields(owner.client);
    const c = await createCase(owner.client, { custom: { [f.notes]: 'SECRET-AT-CREATE', [f.seats]: 12, [f.tier]: 'Silver' } });
    const guest = await inviteGuest(env.server.url, owner.client, c.id);

    const received: Buffer[] = [];
    const { WebsocketProvider } = await import('y-websocket');
    const Y = await import('yjs');
    const guestDoc = new Y.Doc();
    const guestProvider = new WebsocketProvider(env.server.url.replace(/^http/, 'ws') + '/sync', docName(c.id, 'shared'), guestDoc, {
      WebSocketPolyfill: recordingSocket(guest.client.cookie, received),
      disableBc: true,
      maxBackoffTime: 200,
    });
    const team = connect(env.server.url, docName(c.id, 'team'), { cookie: owner.client.cookie });
    try {
      await synced(guestProvider);
      await synced(team.provider);
      // What a new case's shared document starts with: the shared field only.
      expect(readCustomValues(guestDoc)).toEqual({ [f.tier]: 'Silver' });

      // Team-only values change over HTTP and over /sync, with a shared change after them.
      expect((await owner.client.patch(`/api/cases/${c.id}`, { custom: { [f.notes]: 'SECRET-OVER-HTTP', [f.seats]: 99 } })).status).toBe(200);
      writeCustomValues(team.doc, { [f.notes]: 'SECRET-OVER-SYNC', [f.regions]: ['APAC'], [f.golive]: '2027-05-01' });
      await waitFor(() => readCustomValues(guestDoc)[f.golive] === '2027-05-01', 'the shared go-live date to reach the guest');
      expect(readCustomValues(guestDoc)).toEqual({ [f.tier]: 'Silver', [f.golive]: '2027-05-01' });

      const everything = Buffer.concat(received).toString('latin1');
      for (const secret of ['SECRET-AT-CREATE', 'SECRET-OVER-HTTP', 'SECRET-OVER-SYNC', 'APAC']) expect(everything).not.toContain(secret);
      for (const id of [f.notes, f.seats, f.regions]) expect(everything).not.toContain(customFieldKey(id));

      // Over HTTP too (from the case index, projected on its own clock): only the shared fields and their values.
      await waitFor(async () => (await owner.client.get(`/api/cases/${c.id}`)).body.custom[f.golive], 'the projected go-live date');
      const seen = await guest.client.get(`/api/cases/${c.id}`);
      expect(seen.body.custom).toEqual({ [f.tier]: 'Silver', [f.golive]: '2027-05-01' });
      expect(seen.body.customFields.map((d: CustomFieldDefinition) => d.label)).toEqual(['Go-live', 'Tier']);
      const listed = await guest.client.get('/api/cases');
      expect(listed.body.cases[0].custom).toEqual({ [f.tier]: 'Silver', [f.golive]: '2027-05-01' });
      // Filtering by a team-only field would tell its value one query at a time: it is an unknown field to a guest.
      const probe = await guest.client.get(`/api/cases?custom=${encodeURIComponent(JSON.stringify({ [f.notes]: 'SECRET' }))}`);
      expect(probe.status).toBe(400);

      // A field no longer shared leaves the guests' document at once; one newly shared arrives.
      const defs = await fieldsOf(owner.client, 'deal');
      const resaved = await owner.client.put('/api/settings/custom-fields/deal', {
        fields: defs.map((d) => ({ ...d, shared: d.id === f.seats })),
      });
      expect(resaved.status).toBe(200);
      await waitFor(() => {
        const v = readCustomValues(guestDoc);
        return v[f.seats] === 99 && !(f.tier in v) && !(f.golive in v);
      }, 'the guests document to follow the new sharing');
      expect(Buffer.concat(received).toString('latin1')).not.toContain('SECRET-OVER-SYNC');
    } finally {
      guestProvider.destroy();
      team.provider.destroy();
    }
  });
});
