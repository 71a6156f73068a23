import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, createCase, inviteGuest, inviteMember, signUp, startTestServer, type Client, type TestEnv } from './helpers.js';

type View = { id: string; name: string; shared: boolean; canEdit: boolean; filters: Record<string, unknown>; columns: string[]; layout: string };
const names = async (client: Client): Promise<string[]> => ((await client.get('/api/views')).body.views as View[]).map((v) => v.name);

describe.each(featureBackends)('saved views on %s', (backend) => {
  let env: TestEnv;
  let owner: Client;
  let ownerId: string;
  /** A custom field of the workspace's deals: views name it as `cf:<id>` (columns, sort) and by id (filters). */
  let region: string;

  beforeAll(async () => {
    env = await startTestServer(backend);
    const made = await signUp(env.server.url, { name: 'Dana Owner' });
    owner = made.client;
    ownerId = (await owner.get('/api/me')).body.user.id;
    const fields = await owner.put('/api/settings/custom-fields/deal', { fields: [{ label: 'Region', type: 'text' }] });
    expect(fields.status).toBe(200);
    region = fields.body.fields[0].id;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('[A15.1] a personal view is its creator’s alone; a shared one is listed for every member and changed only by its creator, owners and admins', async () => {
    const alice = await inviteMember(env.server.url, owner);
    const bob = await inviteMember(env.server.url, owner);
    const admin = await inviteMember(env.server.url, owner);
    expect((await owner.patch(`/api/workspace/members/${admin.me.user.id}`, { role: 'admin' })).status).toBe(200);

    const mine = await alice.client.post('/api/views', {
      name: 'My open deals',
      filters: { kind: 'deal', stage: 'Qualified', ownerId: alice.me.user.id, q: '', custom: { [region]: 'EU' } },
      sort: `cf:${region}`,
      order: 'desc',
      columns: ['title', 'stage', 'value', `cf:${region}`],
      layout: 'board',
    });
    expect(mine.status).toBe(201);
    // Empty filters are not kept; the rest comes back as sent.
    expect(mine.body).toMatchObject({
      name: 'My open deals',
      filters: { kind: 'deal', stage: 'Qualified', ownerId: alice.me.user.id, custom: { [region]: 'EU' } },
      sort: `cf:${region}`,
      order: 'desc',
      columns: ['title', 'stage', 'value', `cf:${region}`],
      layout: 'board',
      shared: false,
      createdBy: alice.me.user.id,
      createdByName: 'Colleague',
      canEdit: true,
    });
    expect(mine.body.filters).not.toHaveProperty('q');
    const defaults = await alice.client.post('/api/views', { name: 'Everything' });
    expect(defaults.body).toMatchObject({ filters: {}, sort: 'updatedAt', order: 'desc', layout: 'list', shared: false });
    expect(defaults.body.columns).toContain('title');

    // Personal: nobody else sees or touches it, the owner included (404, not 403).
    expect(await names(alice.client)).toEqual(['Everything', 'My open deals']);
    for (const other of [bob.client, admin.client, owner]) {
      expect(await names(other)).toEqual([]);
      expect((await other.patch(`/api/views/${mine.body.id}`, { name: 'Mine now' })).status).toBe(404);
      expect((await other.patch(`/api/views/${mine.body.id}`, { shared: true })).status).toBe(404);
      expect((await other.delete(`/api/views/${mine.body.id}`)).status).toBe(404);
    }

    // Shared: listed for everyone, with canEdit telling who may change it.
    const shared = await alice.client.patch(`/api/views/${mine.body.id}`, { shared: true, name: 'Team pipeline' });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ shared: true, name: 'Team pipeline', layout: 'board' });
    const bobs = (await bob.client.get('/api/views')).body.views as View[];
    expect(bobs).toEqual([expect.objectContaining({ id: mine.body.id, name: 'Team pipeline', shared: true, canEdit: false })]);
    expect((await admin.client.get('/api/views')).body.views[0]).toMatchObject({ canEdit: true });
    // Shared views come first for their creator too.
    expect(await names(alice.client)).toEqual(['Team pipeline', 'Everything']);

    // A member who did not make it may use it but not change it (403: they can see it).
    const refused = await bob.client.patch(`/api/views/${mine.body.id}`, { filters: { kind: 'support' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/creator, an owner or an admin/);
    expect((await bob.client.patch(`/api/views/${mine.body.id}`, { shared: false })).status).toBe(403);
    expect((await bob.client.delete(`/api/views/${mine.body.id}`)).status).toBe(403);
    expect((await alice.client.get('/api/views')).body.views[0]).toMatchObject({ name: 'Team pipeline', filters: { kind: 'deal' } });

    // An admin changes it; the owner unshares it, and it is its creator's alone again.
    const renamed = await admin.client.patch(`/api/views/${mine.body.id}`, {
      name: 'Pipeline (cleaned up)',
      filters: { kind: 'deal' },
      columns: ['title', 'owner'],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Pipeline (cleaned up)', filters: { kind: 'deal' }, columns: ['title', 'owner'], createdBy: alice.me.user.id });
    expect((await owner.patch(`/api/views/${mine.body.id}`, { shared: false })).status).toBe(200);
    expect(await names(bob.client)).toEqual([]);
    expect(await names(owner)).toEqual([]);
    expect(await names(alice.client)).toEqual(['Everything', 'Pipeline (cleaned up)']);

    // Its creator deletes it; an owner deletes a shared one of someone else's.
    expect((await alice.client.delete(`/api/views/${mine.body.id}`)).status).toBe(204);
    expect((await alice.client.delete(`/api/views/${mine.body.id}`)).status).toBe(404);
    const bobShared = await bob.client.post('/api/views', { name: 'Support queue', filters: { kind: 'support' }, shared: true });
    expect(await names(alice.client)).toEqual(['Support queue', 'Everything']);
    expect((await owner.delete(`/api/views/${bobShared.body.id}`)).status).toBe(204);
    expect(await names(bob.client)).toEqual([]);
  });

  it('[A15.1] guests get 404 from every view route; another workspace never sees them', async () => {
    const shared = await owner.post('/api/views', { name: 'Everyone’s deals', filters: { kind: 'deal' }, shared: true });
    expect(shared.status).toBe(201);
    const caseId = (await createCase(owner)).id;
    const guest = await inviteGuest(env.server.url, owner, caseId, 'editor');
    expect((await guest.client.get('/api/views')).status).toBe(404);
    expect((await guest.client.post('/api/views', { name: 'Mine' })).status).toBe(404);
    expect((await guest.client.patch(`/api/views/${shared.body.id}`, { name: 'x' })).status).toBe(404);
    expect((await guest.client.delete(`/api/views/${shared.body.id}`)).status).toBe(404);

    const { client: stranger } = await signUp(env.server.url);
    expect(await names(stranger)).toEqual([]);
    expect((await stranger.patch(`/api/views/${shared.body.id}`, { name: 'x' })).status).toBe(404);
    expect((await stranger.delete(`/api/views/${shared.body.id}`)).status).toBe(404);
    expect(await names(owner)).toContain('Everyone’s deals');
  });

  it('[A15.2] what a view stores is checked: unknown keys refused, sizes bounded, columns known or custom fields', async () => {
    const bad = async (body: unknown, pattern: RegExp): Promise<void> => {
      const res = await owner.post('/api/views', body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(res.body.error.message).toMatch(pattern);
    };
    await bad({ name: '' }, /name/);
    await bad({ name: 'x'.repeat(81) }, /name/);
    await bad({ name: 'x', filters: { kind: 'deal', priority: 'high' } }, /filters/);
    await bad({ name: 'x', filters: { q: 'x'.repeat(201) } }, /filters\.q/);
    await bad({ name: 'x', filters: { kind: 'rocket' } }, /filters\.kind/);
    await bad({ name: 'x', filters: { stage: { $ne: null } } }, /filters\.stage/);
    await bad({ name: 'x', filters: ['kind'] }, /filters/);
    await bad({ name: 'x', filters: { __proto__: { admin: true }, kind: 'deal', extra: 1 } }, /filters/);
    await bad({ name: 'x', sort: 'password' }, /sort/);
    await bad({ name: 'x', order: 'sideways' }, /order/);
    await bad({ name: 'x', layout: 'calendar' }, /layout/);
    await bad({ name: 'x', columns: [] }, /columns/);
    await bad({ name: 'x', columns: ['title', 'title'] }, /columns/);
    await bad({ name: 'x', columns: ['title', 'salary'] }, /columns/);
    await bad({ name: 'x', columns: ['title', 'cf:'] }, /columns/);
    await bad({ name: 'x', columns: ['title', 'cf:<script>'] }, /columns/);
    await bad({ name: 'x', columns: ['title', 'field:region'] }, /columns/);
    await bad({ name: 'x', columns: Array.from({ length: 41 }, (_, i) => `cf:f${i}`) }, /columns/);
    // Custom fields named by a view must be the workspace's own.
    await bad({ name: 'x', columns: ['title', 'cf:nope'] }, /columns: no such custom field: nope/);
    await bad({ name: 'x', sort: 'cf:nope' }, /sort: no such custom field: nope/);
    await bad({ name: 'x', sort: 'cf:../../etc' }, /sort/);
    await bad({ name: 'x', filters: { custom: { nope: 'x' } } }, /filters\.custom: no such custom field: nope/);
    await bad({ name: 'x', filters: { custom: { [region]: { $ne: 1 } } } }, /filters\.custom/);
    await bad({ name: 'x', filters: { custom: 'x' } }, /filters\.custom/);
    await bad({ name: 'x', shared: 'yes' }, /shared/);
    await bad({ name: 'x', createdBy: ownerId }, /createdBy|Unrecognized/i);
    const view = await owner.post('/api/views', { name: 'Checked' });
    expect(view.status).toBe(201);
    const patch = await owner.patch(`/api/views/${view.body.id}`, { filters: { kind: 'deal', secret: 'x' } });
    expect(patch.status).toBe(400);
    expect((await owner.patch(`/api/views/${view.body.id}`, { canEdit: true })).status).toBe(400);
    expect((await owner.patch(`/api/views/${view.body.id}`, { name: '   ' })).status).toBe(400);
    // Nothing was changed by the refused requests.
    expect((await owner.get('/api/views')).body.views.find((v: View) => v.id === view.body.id)).toMatchObject({ name: 'Checked', filters: {} });
  });

  it('[issue 16.3] an export carries the views; its import brings the shared ones back to the new workspace', async () => {
    const made = await owner.post('/api/views', {
      name: 'Dana’s deals',
      filters: { kind: 'deal', ownerId },
      columns: ['title', 'value'],
      layout: 'board',
      shared: true,
    });
    expect(made.status).toBe(201);
    const archive = await fetch(`${env.server.url}/api/export`, { headers: { cookie: owner.cookie } });
    expect(archive.status).toBe(200);
    const { client: next } = await signUp(env.server.url);
    const imported = await fetch(`${env.server.url}/api/import`, {
      method: 'POST',
      body: new Uint8Array(await archive.arrayBuffer()),
      headers: { cookie: next.cookie, 'content-type': 'application/zip' },
    });
    expect(imported.status, await imported.clone().text()).toBe(200);
    const views = (await next.get('/api/views')).body.views as View[];
    expect(views.find((v) => v.name === 'Dana’s deals')).toMatchObject({
      shared: true,
      filters: { kind: 'deal', ownerId },
      columns: ['title', 'value'],
      layout: 'board',
      canEdit: true,
    });
    // A new id: the original stays in its own workspace.
    expect(views.find((v) => v.id === made.body.id)).toBeUndefined();
    expect(await names(owner)).toContain('Dana’s deals');
  });

  it('[A15.2] a person keeps at most 100 views in a workspace', async () => {
    const { client: busy } = await signUp(env.server.url);
    for (let i = 0; i < 100; i++) expect((await busy.post('/api/views', { name: `View ${i}` })).status).toBe(201);
    const over = await busy.post('/api/views', { name: 'One too many' });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toMatch(/100 saved views/);
    expect((await busy.get('/api/views')).body.views).toHaveLength(100);
  });
});
