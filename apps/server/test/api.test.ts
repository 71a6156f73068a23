import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/storage/db.js';
import { invites } from '../src/storage/schema.js';
import { backends, Client, createCase, inviteMember, signUp, startTestServer, waitFor, type TestEnv } from './helpers.js';

describe.each(backends)('HTTP API on %s', (backend) => {
  let env: TestEnv;
  let url: string;
  beforeAll(async () => {
    env = await startTestServer(backend);
    url = env.server.url;
  });
  afterAll(async () => {
    await env?.stop();
  });

  describe('accounts', () => {
    it('signs up, answers /api/me, signs out and in again', async () => {
      const { client, me } = await signUp(url, { email: 'Dana@Example.test', name: 'Dana', workspaceName: 'Dana Co' });
      expect(me.user.email).toBe('dana@example.test');
      const res = await client.get('/api/me');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ user: { email: 'dana@example.test', name: 'Dana' }, workspace: { name: 'Dana Co' }, role: 'owner' });
      const oldCookie = client.cookie;
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      expect((await new Client(url, oldCookie).get('/api/me')).status).toBe(401);
      const login = await client.post('/api/auth/login', { email: 'dana@example.test', password: 'correct horse battery' });
      expect(login.status).toBe(200);
      expect(client.cookie).not.toBe(oldCookie);
      expect((await client.get('/api/me')).status).toBe(200);
    });

    it('sets an HttpOnly, SameSite session cookie', async () => {
      const res = await new Client(url).post('/api/auth/signup', {
        email: `cookie-${Date.now()}@example.test`,
        password: 'long enough pass',
        name: 'C',
        workspaceName: 'W',
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);
    });

    it('rejects bad input with a message naming the field, and duplicate emails with 409', async () => {
      const client = new Client(url);
      const bad = await client.post('/api/auth/signup', { email: 'not-an-email', password: 'short', name: '', workspaceName: 'W' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
      expect(bad.body.error.message).toMatch(/email/);
      expect(bad.body.error.message).toMatch(/password: must be at least 8 characters/);
      const notJson = await client.request('POST', '/api/auth/signup', '{oops', { 'content-type': 'application/json' });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.message).toMatch(/not valid JSON/);
      const { me } = await signUp(url);
      const dup = await client.post('/api/auth/signup', { email: me.user.email, password: 'whatever123', name: 'X', workspaceName: 'Y' });
      expect(dup.status).toBe(409);
    });

    it('answers 429 after repeated failed sign-ins', async () => {
      const { me } = await signUp(url);
      const client = new Client(url);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await client.post('/api/auth/login', { email: me.user.email, password: 'wrong password' })).status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
      const locked = await client.post('/api/auth/login', { email: me.user.email, password: 'correct horse battery' });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('rate_limited');
    });

    it('refuses cross-site writes that ride on the cookie', async () => {
      const { client } = await signUp(url);
      const evil = await client.post('/api/cases', { title: 'CSRF', kind: 'deal' }, { origin: 'https://evil.example' });
      expect(evil.status).toBe(403);
      expect(evil.body.error.code).toBe('csrf_rejected');
      const fetchSite = await client.post('/api/cases', { title: 'CSRF', kind: 'deal' }, { 'sec-fetch-site': 'cross-site' });
      expect(fetchSite.status).toBe(403);
      const same = await client.post('/api/cases', { title: 'fine', kind: 'deal' }, { origin: url });
      expect(same.status).toBe(201);
    });

    it('API tokens authenticate programs with Bearer', async () => {
      const { client } = await signUp(url);
      const created = await client.post('/api/tokens', { name: 'ci' });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^chp_/);
      const program = new Client(url);
      const me = await program.request('GET', '/api/me', undefined, { authorization: `Bearer ${created.body.token}` });
      expect(me.status).toBe(200);
      const wrong = await program.request('GET', '/api/me', undefined, { authorization: 'Bearer chp_nope' });
      expect(wrong.status).toBe(401);
    });
  });

  describe('invites', () => {
    it('a member invite is single-use and joins the inviter’s workspace', async () => {
      const a = await signUp(url);
      const email = `new-${Date.now()}@example.test`;
      const invite = await a.client.post('/api/invites', { email, role: 'member' });
      expect(invite.status).toBe(201);
      expect(invite.body.url).toBe(`${url}/invite/${invite.body.token}`);
      const preview = await new Client(url).get(`/api/invites/${invite.body.token}`);
      expect(preview.body).toMatchObject({ email, role: 'member', existingUser: false });
      const b = new Client(url);
      const noName = await b.post(`/api/invites/${invite.body.token}/accept`, { password: 'a fine password' });
      expect(noName.status).toBe(400);
      const ok = await b.post(`/api/invites/${invite.body.token}/accept`, { name: 'Bo', password: 'a fine password' });
      expect(ok.status).toBe(200);
      expect(ok.body.workspace.id).toBe(a.me.workspace.id);
      expect(ok.body.role).toBe('member');
      const again = await new Client(url).post(`/api/invites/${invite.body.token}/accept`, { name: 'Eve', password: 'a fine password' });
      expect(again.status).toBe(404);
    });

    it('an expired invite cannot be used', async () => {
      const a = await signUp(url);
      const invite = await a.client.post('/api/invites', { email: `late-${Date.now()}@example.test` });
      await env.server.database.db
        .update(invites)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(invites.id, invite.body.id));
      expect((await new Client(url).get(`/api/invites/${invite.body.token}`)).status).toBe(404);
      const res = await new Client(url).post(`/api/invites/${invite.body.token}/accept`, { name: 'L', password: 'a fine password' });
      expect(res.status).toBe(404);
    });
  });

  describe('cases', () => {
    it('creates, reads, patches and lists with search, filters and sorting', async () => {
      const { client, me } = await signUp(url);
      const acme = await createCase(client, { title: 'Acme expansion', kind: 'deal', value: 50000 });
      const beta = await createCase(client, { title: 'Beta outage', kind: 'support' });
      await createCase(client, { title: 'Gamma pilot', kind: 'deal', value: 1000 });

      const got = await client.get(`/api/cases/${acme.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ title: 'Acme expansion', kind: 'deal', stage: 'lead', ownerId: me.user.id, access: 'editor' });
      expect(got.body.docs).toEqual({ team: `cases/${acme.id}/team`, shared: `cases/${acme.id}/shared` });

      const patched = await client.patch(`/api/cases/${beta.id}`, { stage: 'pending', priority: 'urgent', closeDate: '2026-12-31' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ stage: 'pending', priority: 'urgent', closeDate: '2026-12-31' });

      const search = await client.get('/api/cases?q=acme');
      expect(search.body.cases.map((c: { title: string }) => c.title)).toEqual(['Acme expansion']);
      const support = await client.get('/api/cases?kind=support');
      expect(support.body.cases.map((c: { id: string }) => c.id)).toEqual([beta.id]);
      const byStage = await client.get('/api/cases?stage=pending');
      expect(byStage.body.total).toBe(1);
      const byOwner = await client.get(`/api/cases?ownerId=${me.user.id}`);
      expect(byOwner.body.total).toBe(3);
      const byValue = await client.get('/api/cases?sort=value&order=desc');
      expect(byValue.body.cases.map((c: { title: string }) => c.title)).toEqual(['Acme expansion', 'Gamma pilot', 'Beta outage']);
      const byTitle = await client.get('/api/cases?sort=title&order=asc&limit=2');
      expect(byTitle.body.cases.map((c: { title: string }) => c.title)).toEqual(['Acme expansion', 'Beta outage']);
      expect(byTitle.body.total).toBe(3);
      const page2 = await client.get('/api/cases?sort=title&order=asc&limit=2&offset=2');
      expect(page2.body.cases.map((c: { title: string }) => c.title)).toEqual(['Gamma pilot']);
      const like = await client.get(`/api/cases?q=${encodeURIComponent('%')}`);
      expect(like.body.total).toBe(0);
    });

    it('refuses bad fields with 400, and unknown or foreign cases with 404', async () => {
      const { client } = await signUp(url);
      const stranger = await signUp(url);
      const c = await createCase(client);
      expect((await client.post('/api/cases', { kind: 'deal' })).status).toBe(400);
      expect((await client.post('/api/cases', { title: 'x', kind: 'banana' })).status).toBe(400);
      const badPatch = await client.patch(`/api/cases/${c.id}`, { value: -5, currency: 'dollars' });
      expect(badPatch.status).toBe(400);
      expect(badPatch.body.error.message).toMatch(/value/);
      expect(badPatch.body.error.message).toMatch(/currency/);
      expect((await client.patch(`/api/cases/${c.id}`, { unknownField: 1 })).status).toBe(400);
      expect((await client.get('/api/cases?limit=100000')).status).toBe(400);
      for (const res of [
        await stranger.client.get(`/api/cases/${c.id}`),
        await stranger.client.patch(`/api/cases/${c.id}`, { title: 'mine now' }),
        await client.get('/api/cases/does-not-exist'),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      expect((await stranger.client.get('/api/cases')).body.total).toBe(0);
    });

    it('a private case is limited to its team', async () => {
      const a = await signUp(url);
      const b = await inviteMember(url, a.client);
      const open = await createCase(a.client, { title: 'Open case' });
      const secret = await createCase(a.client, { title: 'Private case', private: true });
      expect((await b.client.get(`/api/cases/${open.id}`)).status).toBe(200);
      expect((await b.client.get(`/api/cases/${secret.id}`)).status).toBe(404);
      expect((await b.client.get('/api/cases')).body.cases.map((c: { title: string }) => c.title)).toEqual(['Open case']);
      await a.client.post(`/api/cases/${secret.id}/members`, { email: b.email, access: 'commenter' });
      const seen = await b.client.get(`/api/cases/${secret.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.access).toBe('commenter');
    });

    it('needs a session', async () => {
      const anon = new Client(url);
      expect((await anon.get('/api/cases')).status).toBe(401);
      expect((await anon.post('/api/cases', { title: 'x', kind: 'deal' })).status).toBe(401);
      expect((await anon.get('/api/me')).body.error.code).toBe('unauthenticated');
    });
  });

  it('describes itself at /api/openapi.json', async () => {
    const res = await new Client(url).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/health', '/api/auth/signup', '/api/me', '/api/tokens', '/api/invites', '/api/cases', '/api/cases/{id}']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
  });

  it.runIf(backend === 'postgres')(
    '/api/health answers while every connection of the main pool is busy (a reconnect storm), over its own',
    async () => {
      const { db, log } = env.server.database;
      let oneDone = false;
      // More statements than the main pool has connections (10), each holding one for six seconds.
      const busy = Array.from({ length: 11 }, () =>
        db.execute(sql`select pg_sleep(6) as held`).then(() => {
          oneDone = true;
        }),
      );
      // Seen from another pool (the log's): they are running.
      await waitFor(async () => {
        const [row] = rowsOf<{ n: number }>(
          await log.query("select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(6) as held%'", []),
        );
        return (row?.n ?? 0) > 0;
      }, 'the main pool to be busy');
      const health = await new Client(url).get('/api/health');
      expect(health.status).toBe(200);
      // Answered before any of them let a connection go.
      expect(oneDone).toBe(false);
      await Promise.all(busy);
    },
    60_000,
  );

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await new Client(url).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
